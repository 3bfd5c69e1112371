"""What one entry costs at the least, step by step, next to what issue 7's 4x target allows.

The ingest target asks Tributary to store four times as many entries per second as reader on
the same two cores, with cleaning, categories, de-duplication, stories and the search index
on. reader parses with feedparser and stores in one thread; its CPU per entry, measured by
bench_peers.py, sets the budget: 4x its entries per second on two fully used cores leaves
``reader CPU per entry x 2 / 4`` of CPU per entry for everything Tributary does.

This script times, on the entries of bench_peers' WordPress feeds (50 entries, 4 KB bodies),
each step Tributary runs for an entry, alone: first the work a library does in compiled code
(the floor no Python rewrite goes under), then Tributary's own steps as they are. Best of
several runs of CPU time (time.process_time), in microseconds per entry.

    .venv/bin/python bench/bench_floor.py [--feeds 40] [--reader-cpu-ms 1.43]

``--reader-cpu-ms`` is reader's CPU per entry from bench_peers.py (33.56 s for 25,000
entries at 500 feeds, 2026-12-07).
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime

import lxml.html
import nh3

from tributary.clean import clean_entry
from tributary.dedupe import fingerprint
from tributary.parse import parse_feed
from tributary.stories.text import features
from tributary.types import CleanEntry, EntryData
from wordpress_feeds import Corpus, make_feed

NOW = datetime(2026, 12, 7, tzinfo=UTC)


def best_us(step: Callable[[], object], entries: int, runs: int = 5) -> float:
    """Best CPU time of ``runs`` calls of ``step``, per entry, in microseconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        step()
        best = min(best, time.process_time() - start)
    return best / entries * 1e6


def store_step(cleaned: list[CleanEntry]) -> Callable[[], object]:
    """A post row and a search row per entry, one transaction per 50: SQLite alone."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE posts (id INTEGER PRIMARY KEY, key TEXT UNIQUE, title TEXT, "
                 "url TEXT, published TEXT, summary TEXT, html TEXT, text TEXT)")  # fmt: skip
    conn.execute("CREATE VIRTUAL TABLE search USING fts5(title, text)")
    rows = [(c.key, c.title, c.url, c.published.isoformat(), c.summary, c.content_html,
             c.content_text) for c in cleaned]  # fmt: skip
    generation = [0]

    def store() -> None:
        generation[0] += 1
        for start in range(0, len(rows), 50):
            with conn:
                conn.executemany(
                    "INSERT INTO posts (key, title, url, published, summary, html, text) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(f"{generation[0]}:{r[0]}", *r[1:]) for r in rows[start : start + 50]],
                )
                conn.executemany("INSERT INTO search (title, text) VALUES (?, ?)",
                                 [(r[1], r[6]) for r in rows[start : start + 50]])  # fmt: skip

    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=40)
    parser.add_argument("--reader-cpu-ms", type=float, default=1.34)
    args = parser.parse_args()

    corpus = Corpus.build("news", args.feeds * 50)
    urls = [f"http://127.0.0.1:8080/feed/{i}/" for i in range(args.feeds)]
    bodies = [make_feed(i, 50, url, corpus, NOW) for i, url in enumerate(urls)]
    feeds = [parse_feed(b, url=u, now=NOW) for b, u in zip(bodies, urls, strict=True)]
    entries: list[EntryData] = [e for f in feeds for e in f.entries]
    html = [e.content_html or "" for e in entries]
    cleaned = [clean_entry(e, source_name="Bench", now=NOW) for e in entries]
    n = len(entries)

    def parse_all() -> None:
        for body, url in zip(bodies, urls, strict=True):
            parse_feed(body, url=url, now=NOW)

    floor: list[tuple[str, float]] = [
        ("parse_feed (per entry)", best_us(parse_all, n)),
        ("nh3.clean of the body", best_us(lambda: [nh3.clean(h) for h in html], n)),
        ("lxml.html parse of the body",
         best_us(lambda: [lxml.html.fromstring(h) for h in html], n)),
        ("SQLite: post row + FTS5 row, commit per 50", best_us(store_step(cleaned), n)),
    ]  # fmt: skip
    ours: list[tuple[str, float]] = [
        ("clean_entry (sanitize, boilerplate, attribution)",
         best_us(lambda: [clean_entry(e, source_name="Bench", now=NOW) for e in entries], n)),
        ("fingerprint (dedupe: URL, lead, MinHash)",
         best_us(lambda: [fingerprint(c.url, c.content_text) for c in cleaned], n)),
        ("features (stories: weighted words, names)",
         best_us(lambda: [features(c.title, c.content_text) for c in cleaned], n)),
    ]  # fmt: skip
    budget = args.reader_cpu_ms * 1000 * 2 / 4
    reader_us = args.reader_cpu_ms * 1000
    print(f"{n:,} entries from {args.feeds} feeds; reader's CPU per entry {reader_us:,.0f} us, "
          f"so 4x on 2 cores leaves {budget:,.0f} us")  # fmt: skip
    print()
    print("| step | us per entry | share of the 4x budget |")
    print("|---|---:|---:|")
    for label, rows in (("compiled code alone", floor), ("Tributary's own steps", ours)):
        for name, us in rows:
            print(f"| {name} | {us:,.0f} | {us / budget:.0%} |")
        total = sum(us for _, us in rows)
        print(f"| **{label}, together** | **{total:,.0f}** | **{total / budget:.0%}** |")


if __name__ == "__main__":
    main()
