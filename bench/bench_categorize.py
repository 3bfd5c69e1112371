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


def make_docs(count: int, length: int, accented: bool, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    vocabulary = FILLER * 6 + TOPIC_WORDS + (ACCENTED if accented else [])
    docs = []
    for _ in range(count):
        body = " ".join(rng.choice(vocabulary) for _ in range(length))
        title = " ".join(rng.choice(vocabulary) for _ in range(9)).capitalize()
        tags = tuple(rng.sample(TAGS, rng.randint(0, 2)))
        docs.append(Document(title, body + ".", "Staff Writer", "Invented Asia Wire", tags))
    return docs


def rate(label: str, docs: Sequence[Document], step: Callable[[Document], object]) -> str:
    start = time.perf_counter()
    for doc in docs:
        step(doc)
    elapsed = time.perf_counter() - start
    return f"| {label:<38} | {len(docs):>6} | {len(docs) / elapsed:>10,.0f} | {elapsed:>7.2f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--words", type=int, default=300)
    args = parser.parse_args()
    rules = [BenchRule(s, parse_query(q)) for s, q in RULES_TEXT.items()]
    rules.append(BenchRule("ukraine-tagged", None, ("Ukraine",)))
    plain = make_docs(args.docs, args.words, accented=False)
    accented = make_docs(args.docs, args.words, accented=True)
    filed = sum(len(file_document(rules, d)) for d in plain[:1000]) / 1000
    print(f"{len(rules)} rules, {args.words} words per document, "
          f"{filed:.1f} categories per document on average\n")  # fmt: skip
    print(f"| {'step':<38} | {'docs':>6} | {'docs/s':>10} | {'seconds':>7} |")
    print(f"|{'-' * 40}|{'-' * 8}|{'-' * 12}|{'-' * 9}|")
    print(rate("prepare (ASCII text)", plain, prepare))
    print(rate("file_document (ASCII text)", plain, lambda d: file_document(rules, d)))
    print(rate("prepare (accented/Cyrillic words)", accented, prepare))
    print(rate("file_document (accented/Cyrillic words)", accented,
               lambda d: file_document(rules, d)))  # fmt: skip


if __name__ == "__main__":
    main()
