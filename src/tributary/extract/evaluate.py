"""The extraction measure: the ScrapingHub article-extraction-benchmark's shingle F1.

PURE. What is counted, exactly as that benchmark counts it, so that our figures and the
acceptance check's can be compared:

1. Tokens are the runs of word characters (``\\w+``, Unicode), case kept: punctuation and
   whitespace only separate tokens, so line breaks and markup spacing do not matter.
2. A text becomes the multiset of its shingles: every run of 4 consecutive tokens (a text
   shorter than 4 tokens is one shingle of all its tokens; an empty text has none).
3. On one page, a shingle found ``g`` times in the gold text and ``p`` times in ours counts
   min(g, p) as true positives, the excess of p as false positives and the excess of g as
   false negatives. The three counts are divided by their sum, so a long page weighs no more
   than a short one.
4. Per page: precision = tp / (tp + fp), recall = tp / (tp + fn), F1 their harmonic mean
   (precision and recall are 1 when nothing is wrong, 0 when nothing is right).
5. Overall: precision is the mean of the pages' precisions over the pages where something was
   extracted; recall the mean of the pages' recalls over the pages with gold text; F1 is the
   harmonic mean of those two means (not the mean of the pages' F1s).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4


@dataclass(frozen=True, slots=True)
class Counts:
    """One page's true positives, false positives and false negatives, normalized."""

    tp: float
    fp: float
    fn: float


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    count = max(1, len(tokens) - size + 1)
    return Counter(tuple(tokens[i : i + size]) for i in range(count))


def page_counts(gold: str, extracted: str) -> Counts:
    """Step 3: the shingle overlap of one page, normalized to sum to 1."""
    want, got = shingles(gold), shingles(extracted)
    tp = float(sum((want & got).values()))
    fp = float(sum((got - want).values()))
    fn = float(sum((want - got).values()))
    total = tp + fp + fn
    if total == 0:
        return Counts(0.0, 0.0, 0.0)
    return Counts(tp / total, fp / total, fn / total)


def _precision(c: Counts) -> float:
    if c.fp == c.fn == 0:
        return 1.0
    if c.tp == c.fp == 0:
        return 0.0
    return c.tp / (c.tp + c.fp)


def _recall(c: Counts) -> float:
    if c.fp == c.fn == 0:
        return 1.0
    if c.tp == c.fn == 0:
        return 0.0
    return c.tp / (c.tp + c.fn)


def _harmonic(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def page_score(gold: str, extracted: str) -> Score:
    """Step 4: precision, recall and F1 of one page."""
    counts = page_counts(gold, extracted)
    p, r = _precision(counts), _recall(counts)
    return Score(p, r, _harmonic(p, r))


def overall(counts: Sequence[Counts]) -> Score:
    """Step 5: the benchmark's overall figures from every page's counts."""
    precisions = [_precision(c) for c in counts if c.tp + c.fp > 0]
    recalls = [_recall(c) for c in counts if c.tp + c.fn > 0]
    p = fmean(precisions) if precisions else 0.0
    r = fmean(recalls) if recalls else 0.0
    return Score(p, r, _harmonic(p, r))
