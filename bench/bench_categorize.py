"""How fast posts are filed into categories (re-filing 100k stored posts must stay cheap).

Run: ``.venv/bin/python bench/bench_categorize.py [--docs N] [--words N]``. Prints documents
per second for ``prepare`` alone, for ``file_document`` with the rules below, and the same
with accented/Cyrillic text, which takes the slower Unicode folding path. Documents are
synthetic: random words from a small invented vocabulary plus topic words, seeded.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tributary.categorize import Document, Query, file_document, parse_query, prepare

RULES_TEXT = {
    "ukraine": 'ukraine OR ukrainian OR kyiv OR kiev OR zelensk* OR "donbas"',
    "middle-east": 'title:(gaza OR rafah OR israel*) OR "west bank" OR "al shifa"',
    "climate": '(climate OR "global warming" OR emissions) -tag:sport',
    "energy": 'oil OR gas OR "power grid" OR pipeline* OR opec',
    "elections": "(election* OR ballot* OR vote*) NOT (tag:sport OR title:quiz)",
    "asia": "korea* OR japan* OR taiwan* OR source:asia",
    "science": 'science OR research* OR "peer review" OR tag:science',
    "health": "(health OR hospital* OR vaccine*) AND NOT author:bot",
    "economy": '"central bank" OR inflation OR (interest rates) OR gdp',
    "tech": 'title:(ai OR chip*) OR "artificial intelligence" OR semiconductor*',
}
TOPIC_WORDS = [
    "ukraine",
    "kyiv",
    "zelenskyy",
    "donbas",
    "gaza",
    "rafah",
    "israel",
    "climate",
    "emissions",
    "oil",
    "gas",
    "pipeline",
    "election",
    "ballots",
    "korea",
    "japanese",
    "science",
    "research",
    "hospital",
    "vaccines",
    "inflation",
    "gdp",
    "chips",
    "semiconductors",
]
FILLER = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "for",
    "on",
    "was",
    "with",
    "as",
    "said",
    "by",
    "at",
    "from",
    "its",
    "an",
    "have",
    "has",
    "were",
    "would",
    "which",
    "after",
    "their",
    "been",
    "more",
    "about",
    "officials",
    "report",
    "week",
    "city",
    "council",
    "market",
    "minister",
    "people",
    "water",
    "state",
    "government",
    "new",
    "year",
    "two",
    "first",
    "last",
]
ACCENTED = ["Kyïv", "Київ", "café", "São", "réunion", "Zürich", "Łódź", "Ελλάδα", "Новини"]
TAGS = ("World", "Politics", "Sport", "Science", "Ukraine", "Business")


@dataclass(frozen=True)
class BenchRule:
    slug: str
    query: Query | None
    source_tags: tuple[str, ...] = ()


def invented_vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "an", "bri", "que", "st"]
    found = {"".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(size)}
    return FILLER + sorted(found)


def make_docs(count: int, length: int, flavour: str, seed: int = 7) -> list[Document]:
    """``flavour``: "ascii", "typographic" (curly quotes and dashes, as most English
    feeds have) or "accented" (accented Latin and Cyrillic words)."""
    rng = random.Random(seed)
    vocabulary = invented_vocabulary(rng)
    weights = [1 / rank for rank in range(1, len(vocabulary) + 1)]  # Zipf-like
    extra = {"ascii": [], "typographic": ["\u2014", "\u201cwe", "said\u201d", "it\u2019s"],
             "accented": ACCENTED}[flavour]  # fmt: skip
    docs = []
    for _ in range(count):
        body = rng.choices(vocabulary, weights, k=length)
        for _ in range(rng.randint(0, 3)):  # a few topic (and flavour) words per post
            body[rng.randrange(length)] = rng.choice(TOPIC_WORDS)
            if extra:
                body[rng.randrange(length)] = rng.choice(extra)
        title = rng.choices(vocabulary, weights, k=9)
        if rng.random() < 0.5:
            title[rng.randrange(9)] = rng.choice(TOPIC_WORDS)
        tags = tuple(rng.sample(TAGS, rng.randint(0, 2)))
        docs.append(
            Document(
                " ".join(title).capitalize(),
                " ".join(body) + ".",
                "Staff Writer",
                "Invented Asia Wire",
                tags,
            )
        )
    return docs


def rate(label: str, docs: Sequence[Document], step: Callable[[Document], object]) -> str:
    """Documents per second through ``step``; results are dropped as they come (keeping
    20k prepared documents alive would measure the garbage collector instead)."""
    filed = 0
    start = time.perf_counter()
    for doc in docs:
        result = step(doc)
        if isinstance(result, tuple):
            filed += len(result)
    elapsed = time.perf_counter() - start
    per_doc = f"{filed / len(docs):.2f}" if label.startswith("file") else ""
    return f"| {label:<38} | {len(docs) / elapsed:>10,.0f} | {elapsed:>7.2f} | {per_doc:>14} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--words", type=int, default=300)
    args = parser.parse_args()
    rules = [BenchRule(s, parse_query(q)) for s, q in RULES_TEXT.items()]
    rules.append(BenchRule("ukraine-tagged", None, ("Ukraine",)))
    print(f"{len(rules)} rules, {args.docs} documents of {args.words} words\n")
    print(f"| {'step':<38} | {'docs/s':>10} | {'seconds':>7} | {'categories/doc':>14} |")
    print(f"|{'-' * 40}|{'-' * 12}|{'-' * 9}|{'-' * 16}|")
    for flavour in ("ascii", "typographic", "accented"):
        docs = make_docs(args.docs, args.words, flavour)
        print(rate(f"prepare ({flavour})", docs, prepare))
        print(rate(f"file_document ({flavour})", docs, lambda d: file_document(rules, d)))


if __name__ == "__main__":
    main()
