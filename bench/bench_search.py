"""Full-text search latency over many posts of about 500 words, on SQLite or PostgreSQL.

    .venv/bin/python bench/bench_search.py [--posts 1000000] [--runs 200]
                                           [--database sqlite:///PATH | postgresql://...]
                                           [--keep]

1. Builds a database (a fresh SQLite file under bench/out/ unless --database names one) of
   POSTS posts from 20 sources, each filed in one of 5 categories, published over two years.
   Titles are 8 words and bodies ~500 words drawn from a synthetic vocabulary of 30,000
   words with a Zipf-like distribution (word of rank r has weight 1/r^1.05), cut into
   sentences, so term frequencies look like news text. Posts go in with executemany in
   batches of 5,000 rows straight into the posts table (storage's save_feed would also
   index them row by row); then ``Storage.reindex`` builds the search index in one pass,
   which is how a bulk load is fastest (SQLite: FTS5 rows then 'optimize'; PostgreSQL: the
   tsvectors first, the GIN indexes after). Both steps are timed.
2. Times RUNS searches of each kind through ``Storage.search`` (page of 20 with snippets,
   posts loaded, total counted), each run a different query drawn from a pool:
      two terms     two words of rank 100-1500 (each in ~3-30 % of posts)
      phrase        two words that stand side by side in a generated post
      filtered      two terms + one category + published:>= a date one year back
   and prints p50 / p99 / mean per kind, then the index's size on disk.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text, update

from tributary.categorize import parse_query
from tributary.storage import CategorySpec, SourceSpec, SqlStorage, open_storage
from tributary.storage.tables import categories, post_categories, posts

VOCABULARY = 30_000
WORDS_PER_POST = 500
SENTENCE = 16
BATCH = 5_000
SOURCES = 20
CATEGORIES = ("ukraine", "gaza", "climate", "elections", "economy")
START = datetime(2023, 6, 1, tzinfo=UTC)
NOW = START + timedelta(days=730)
# fmt: off
SYLLABLES = ("ka", "ro", "mi", "ten", "sul", "var", "do", "pre", "lin", "gor", "ash", "bel",
             "tu", "nor", "eki", "sam", "ul", "dra", "fen", "oz", "pa", "rin", "cho", "vel")
# fmt: on
OUT = Path(__file__).resolve().parent / "out"


def make_vocabulary(rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < VOCABULARY:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words, key=lambda w: (len(w), w))  # short words are the common ones


class Writer:
    """Zipf-distributed words, as sentences."""

    def __init__(self, vocabulary: list[str], rng: random.Random) -> None:
        self.vocabulary = vocabulary
        self.rng = rng
        self.cumulative = list(itertools.accumulate(1 / r**1.05 for r in range(1, VOCABULARY + 1)))

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self.cumulative, k=n)

    def body(self) -> str:
        words = self.words(WORDS_PER_POST)
        sentences = (words[i : i + SENTENCE] for i in range(0, len(words), SENTENCE))
        return " ".join(" ".join(s).capitalize() + "." for s in sentences)


def build(storage: SqlStorage, count: int, writer: Writer, rng: random.Random) -> float:
    """Insert ``count`` posts; the seconds it took."""
    storage.sync_sources(
        [SourceSpec(f"https://outlet-{i}.example/feed", f"Outlet {i}", "auto", None, ())
         for i in range(SOURCES)], NOW)  # fmt: skip
    storage.sync_categories([CategorySpec(c, c.title()) for c in CATEGORIES], "bench")
    source_ids = [s.id for s in storage.list_sources()]
    started = time.perf_counter()
    with storage.engine.begin() as conn:
        for first in range(0, count, BATCH):
            rows, links = _batch(first, min(BATCH, count - first), writer, rng, source_ids)
            conn.execute(insert(posts), rows)
            conn.execute(insert(post_categories), links)
            print(f"\r  inserted {first + len(rows):,} posts", end="", file=sys.stderr)
        for slug in CATEGORIES:
            n = text("SELECT count(*) FROM post_categories WHERE category_slug = :s")
            total = conn.execute(n, {"s": slug}).scalar_one()
            conn.execute(update(categories).where(categories.c.slug == slug)
                         .values(post_count=total))  # fmt: skip
    print(file=sys.stderr)
    return time.perf_counter() - started


def _batch(
    first: int, size: int, writer: Writer, rng: random.Random, source_ids: list[int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows, links = [], []
    for n in range(first, first + size):
        body = writer.body()
        published = START + timedelta(seconds=rng.randrange(730 * 86400))
        post_id = f"{n:016x}"
        title = " ".join(writer.words(8)).capitalize()
        rows.append({
            "id": post_id, "source_id": rng.choice(source_ids), "key": post_id, "guid": post_id,
            "url": f"https://outlet.example/{post_id}", "title": title,
            "author": "Bench Writer", "published": published, "updated": published,
            "first_seen": published, "summary": body[:400], "content_html": f"<p>{body}</p>",
            "content_text": body, "content_kind": "full", "tags": "[]", "enclosures": "[]",
            "origin_outlet": None, "origin_author": None, "content_hash": post_id,
        })  # fmt: skip
        links.append({"post_id": post_id, "category_slug": CATEGORIES[n % len(CATEGORIES)],
                      "published": published})  # fmt: skip
    return rows, links


def queries(vocabulary: list[str], writer: Writer, rng: random.Random) -> dict[str, list[str]]:
    mid = vocabulary[100:1500]
    pairs = [f"{rng.choice(mid)} {rng.choice(mid)}" for _ in range(400)]
    phrases = []
    for _ in range(400):
        words = writer.words(40)
        i = rng.randrange(len(words) - 1)
        phrases.append(f'"{words[i]} {words[i + 1]}"')
    since = (NOW - timedelta(days=365)).date().isoformat()
    filtered = [f"{p} published:>={since}" for p in pairs]
    return {"two terms": pairs, "phrase": phrases, "filtered": filtered}


def time_kind(storage: SqlStorage, kind: str, pool: list[str], runs: int) -> list[float]:
    category = CATEGORIES[0] if kind == "filtered" else None
    for text_ in pool[:5]:  # warm the caches
        storage.search(parse_query(text_), now=NOW, category=category)
    timings, hits = [], 0
    for text_ in itertools.islice(itertools.cycle(pool), runs):
        started = time.perf_counter()
        page = storage.search(parse_query(text_), now=NOW, category=category)
        timings.append((time.perf_counter() - started) * 1000)
        hits += page.total
    print(f"  {kind}: mean matches per query {hits / runs:,.0f}", file=sys.stderr)
    return timings


def index_size(storage: SqlStorage) -> dict[str, int]:
    with storage.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            sizes = {}
            for name, rel in (("post_search (table + TOAST + GIN)", "post_search"),
                              ("  GIN on body", "ix_post_search_body"),
                              ("  GIN on meta", "ix_post_search_meta"),
                              ("posts table (for scale)", "posts")):  # fmt: skip
                query = text("SELECT pg_total_relation_size(CAST(:r AS regclass))")
                sizes[name] = int(conn.execute(query, {"r": rel}).scalar_one())
            return sizes
        query = text("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")
        by_name = {str(n): int(s) for n, s in conn.execute(query)}
    fts = sum(s for n, s in by_name.items() if n.startswith("search_fts"))
    rows = sum(s for n, s in by_name.items() if "search_rows" in n)
    idx = sum(s for n, s in by_name.items() if n in ("search_fts_idx", "search_fts_data"))
    return {"search_fts + search_rows": fts + rows, "  of which the inverted index": idx,
            "  of which its copy of the text": by_name.get("search_fts_content", 0),
            "posts table (for scale)": by_name.get("posts", 0)}  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--database", help="sqlite:///PATH or postgresql://... (default: a file)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    path = OUT / f"search-{args.posts}.db"
    url = args.database or f"sqlite:///{path}"
    if args.database is None:
        for leftover in OUT.glob(f"{path.name}*"):
            leftover.unlink()
    rng = random.Random(20250603)
    vocabulary = make_vocabulary(rng)
    writer = Writer(vocabulary, rng)
    storage = open_storage(url)
    assert isinstance(storage, SqlStorage)
    try:
        print(f"{url.split(':')[0]}: {args.posts:,} posts of ~{WORDS_PER_POST} words", flush=True)
        if storage.count_posts() == 0:
            print(f"load posts:  {build(storage, args.posts, writer, rng):8.1f} s", flush=True)
            started = time.perf_counter()
            storage.reindex()
            print(f"build index: {time.perf_counter() - started:8.1f} s", flush=True)
            with storage.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        print(f"\n{'query':<12} {'p50 ms':>9} {'p99 ms':>9} {'mean ms':>9}   ({args.runs} runs)")
        for kind, pool in queries(vocabulary, writer, rng).items():
            timings = time_kind(storage, kind, pool, args.runs)
            print(f"{kind:<12} {percentile(timings, 0.5):9.1f} {percentile(timings, 0.99):9.1f} "
                  f"{statistics.fmean(timings):9.1f}", flush=True)  # fmt: skip
        print("\nsize on disk")
        for name, size in index_size(storage).items():
            print(f"  {name:<36} {size / 2**20:10.1f} MiB")
    finally:
        storage.close()
        if args.database is None and not args.keep:
            for leftover in OUT.glob(f"{path.name}*"):
                leftover.unlink()


if __name__ == "__main__":
    main()
