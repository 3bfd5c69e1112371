"""The clustering measures: B-cubed precision, recall and F1, and pairwise F1.

PURE. ``gold`` and ``predicted`` map each item to its cluster label.

B-cubed (Bagga and Baldwin, 1998; Amigó et al., 2009): for each item, precision is the share
of the items in its predicted cluster that share its gold cluster, recall the share of the
items in its gold cluster that share its predicted cluster (the item itself counted in both);
each is averaged over all items, and F1 is the harmonic mean of the two averages.

Pairwise: over every unordered pair of items, a pair "predicted together" is a true positive
when the gold clusters agree; precision and recall over pairs, F1 their harmonic mean. When no
pair is together on either side, both are 1 (nothing claimed, nothing missed).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClusteringScore:
    precision: float
    recall: float
    f1: float
    pairwise_f1: float
    clusters: int  # predicted clusters
    gold_clusters: int
    items: int


def harmonic(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> ClusteringScore:
    items = list(gold)
    missing = [i for i in items if i not in predicted]
    if missing:
        raise ValueError(f"no predicted cluster for {len(missing)} items, e.g. {missing[0]!r}")
    joint = Counter((predicted[i], gold[i]) for i in items)
    pred_size = Counter(predicted[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    n = len(items)
    if n == 0:
        return ClusteringScore(1.0, 1.0, 1.0, 1.0, 0, 0, 0)
    # Each item of a (predicted, gold) cell of size c sees c of its predicted cluster's items.
    precision = sum(c * c / pred_size[p] for (p, _), c in joint.items()) / n
    recall = sum(c * c / gold_size[g] for (_, g), c in joint.items()) / n
    together = sum(_pairs(c) for c in joint.values())
    predicted_pairs = sum(_pairs(c) for c in pred_size.values())
    gold_pairs = sum(_pairs(c) for c in gold_size.values())
    pair_p = together / predicted_pairs if predicted_pairs else 1.0
    pair_r = together / gold_pairs if gold_pairs else 1.0
    return ClusteringScore(
        precision=precision,
        recall=recall,
        f1=harmonic(precision, recall),
        pairwise_f1=harmonic(pair_p, pair_r),
        clusters=len(pred_size),
        gold_clusters=len(gold_size),
        items=n,
    )


def _pairs(size: int) -> int:
    return size * (size - 1) // 2


def members(assignment: Mapping[str, Hashable]) -> dict[Hashable, list[str]]:
    grouped: dict[Hashable, list[str]] = defaultdict(list)
    for item, label in assignment.items():
        grouped[label].append(item)
    return dict(grouped)
