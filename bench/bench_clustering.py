"""Story clustering on the labelled stream: ours against an online TF-IDF centroid baseline.

    .venv/bin/python bench/bench_clustering.py [FILE.jsonl]

FILE defaults to tests/data/clustering/events.jsonl (our own posts: ids "a-" and "b-" are
short posts, "c-" long articles). The baseline is the classic online clusterer the issue
names: each post a TF-IDF vector (words of title and text, lowercased, stop words out, IDF
counted online over the posts seen so far), joined to the story whose centroid is most
cosine-similar when that reaches a threshold, else a new story; no names, no time. It is
shown at every threshold of a grid and at its best, which flatters it: ours runs with its
fixed settings. Prints B-cubed P/R/F1 and pairwise F1 for the whole stream and each part,
and posts per second.
"""

from __future__ import annotations

import math
import re
import sys
import time
from collections import Counter
from pathlib import Path

from tributary.stories.evaluate import ClusteringScore, score
from tributary.stories.stream import LabelledPost, cluster_stream, read_stream
from tributary.stories.text import STOPWORDS

DEFAULT = Path(__file__).resolve().parent.parent / "tests/data/clustering/events.jsonl"
_WORD = re.compile(r"[^\W_]+")


def baseline(posts: list[LabelledPost], threshold: float) -> dict[str, str]:
    df: Counter[str] = Counter()
    centroids: dict[str, Counter[str]] = {}
    assigned: dict[str, str] = {}
    for seen, post in enumerate(sorted(posts, key=lambda p: p.published), start=1):
        words = [
            w for w in _WORD.findall(f"{post.title} {post.text}".lower()) if w not in STOPWORDS
        ]
        counts = Counter(words)
        df.update(counts.keys())
        vector = {w: (1 + math.log(n)) * math.log((seen + 1) / df[w]) for w, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vector = {w: v / norm for w, v in vector.items()}
        best, best_id = 0.0, None
        for story_id, centroid in centroids.items():
            cnorm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
            sim = sum(v * centroid.get(w, 0.0) for w, v in vector.items()) / cnorm
            if sim > best:
                best, best_id = sim, story_id
        if best_id is None or best < threshold:
            best_id = post.id
            centroids[best_id] = Counter()
        centroids[best_id].update(vector)
        assigned[post.id] = best_id
    return assigned


def measure(posts: list[LabelledPost], predicted: dict[str, str]) -> ClusteringScore:
    return score({p.id: p.cluster for p in posts}, {p.id: predicted[p.id] for p in posts})


def row(name: str, result: ClusteringScore) -> str:
    return (f"| {name:<34} | {result.precision:.3f} | {result.recall:.3f} | {result.f1:.3f} "
            f"| {result.pairwise_f1:.3f} | {result.clusters:>5} |")  # fmt: skip


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    posts = read_stream(path)
    parts = {
        "all": posts,
        "short posts (a-, b-)": [p for p in posts if not p.id.startswith("c-")],
        "long articles (c-)": [p for p in posts if p.id.startswith("c-")],
    }
    gold = len({p.cluster for p in posts})
    print(f"{path.name}: {len(posts)} posts, {gold} events\n")
    print("| run                                |   P   |   R   |  F1   | pairF1 | stories |")
    print("|------------------------------------|-------|-------|-------|--------|---------|")
    started = time.perf_counter()
    ours = cluster_stream(posts)
    elapsed = time.perf_counter() - started
    for name, subset in parts.items():
        if subset:
            print(row(f"ours, {name}", measure(subset, ours)))
    results = {}
    for threshold in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
        results[threshold] = baseline(posts, threshold)
        print(row(f"baseline t={threshold:.2f}, all", measure(posts, results[threshold])))
    best = max(results, key=lambda t: measure(posts, results[t]).f1)
    for name, subset in parts.items():
        if subset and name != "all":
            print(row(f"baseline t={best:.2f}, {name}", measure(subset, results[best])))
    print(f"\nours: {len(posts) / elapsed:,.0f} posts/s over the stream ({elapsed:.2f} s)")


if __name__ == "__main__":
    main()
