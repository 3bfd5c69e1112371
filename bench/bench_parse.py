"""How fast is parse_feed, next to raw feedparser and the raw parsers it could build on?

Generates a synthetic WordPress-style RSS 2.0 feed in memory (by default 50 items with ~4 KB
content:encoded bodies, dc:creator, categories, enclosures; issue 7's case) and prints a
Markdown table: parse_feed (which takes the fast path, feedparser_rs read by
parse/rust_feed.py), that path alone, the feedparser adapter (what parse_feed falls back to),
raw feedparser.parse, lxml.etree.fromstring, feedparser_rs.parse alone and, when installed
(the bench extra), fastfeedparser alone, each as MB/s and entries/s and as a multiple of
feedparser.parse.
Times are the best of several runs of CPU time (time.process_time), so that other load on a
shared machine distorts them less. Then it counts how many of the fixture feeds
(tests/data/feeds) parse_feed parses on the fast path and why the others fall back.

    .venv/bin/python bench/bench_parse.py [--items N] [--paragraphs N] [--runs N]

``--items 1500 --paragraphs 4`` gives the 4 MB feed of the earlier figures.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import feedparser
import feedparser_rs
from lxml import etree

from tributary.errors import ParseError
from tributary.parse import FALLBACKS, parse_feed
from tributary.parse.feedparser_adapter import parse_xml
from tributary.parse.rust_feed import parse_rust

URL = "https://bench.example/feed/"
# The options parse_feed gives feedparser, so the two differ only by our conversion.
HEADERS = {"content-location": URL, "content-type": "application/rss+xml"}
WORDS = [
    "harbour",
    "council",
    "ferry",
    "library",
    "market",
    "river",
    "tram",
    "budget",
    "school",
    "bridge",
    "festival",
    "weather",
    "railway",
    "museum",
    "orchard",
    "clinic",
    "stadium",
    "garden",
    "election",
    "archive",
]


def _paragraph(seed: int, words: int = 60) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(words))


FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "data" / "feeds"
NOW = datetime(2025, 6, 10, tzinfo=UTC)


def _item(number: int, start: datetime, paragraphs: int) -> str:
    when = (start - timedelta(minutes=17 * number)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    body = "".join(
        f'<p>{_paragraph(number + k)} <a href="/story/{number}/{k}">more</a></p>'
        for k in range(paragraphs)
    )
    return f"""
    <item>
      <title>Story {number}: {WORDS[number % len(WORDS)]} &amp; {WORDS[(number + 5) % 20]}</title>
      <link>https://bench.example/story/{number}</link>
      <guid isPermaLink="false">bench-{number}</guid>
      <dc:creator>Reporter {number % 13}</dc:creator>
      <pubDate>{when}</pubDate>
      <category>{WORDS[number % 7]}</category><category>{WORDS[number % 11]}</category>
      <description>{_paragraph(number, 30)}</description>
      <content:encoded><![CDATA[{body}<img src="img/{number}.jpg">]]></content:encoded>
      <enclosure url="/audio/{number}.mp3" type="audio/mpeg" length="{1000 + number}"/>
    </item>"""


def synthetic_feed(items: int, paragraphs: int = 4) -> bytes:
    start = datetime(2025, 6, 1, tzinfo=UTC)
    body = "".join(_item(n, start, paragraphs) for n in range(items))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        "  <channel><title>Bench Gazette</title><link>https://bench.example/</link>"
        f"<description>Synthetic</description>{body}\n  </channel>\n</rss>\n"
    ).encode()


def best_seconds(run: Callable[[], object], runs: int) -> float:
    """The least CPU time of ``runs`` calls."""
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def _check_entries(fast: Any, slow: Any) -> None:
    """The fast path's entries are the adapter's (bodies aside: tests/test_parse_rust.py)."""
    fields = ("guid", "url", "title", "author", "published", "updated", "tags", "enclosures")
    assert len(fast.entries) == len(slow.entries), "paths disagree on the entries"
    for mine, theirs in zip(fast.entries, slow.entries, strict=True):
        for field in fields:
            assert getattr(mine, field) == getattr(theirs, field), f"paths disagree on {field}"


def fixture_fallbacks() -> tuple[int, int, dict[str, int]]:
    """parse_feed over every XML fixture feed: (feeds, fast-path parses, fallbacks by reason)."""
    FALLBACKS.reset()
    paths = sorted(
        p
        for p in FIXTURES.iterdir()
        if p.suffix in (".xml", ".html") and ".expected." not in p.name
    )
    for path in paths:
        # html_page.html is no feed: parse_feed raises, after counting its fallback.
        with contextlib.suppress(ParseError):
            parse_feed(path.read_bytes(), url="https://feeds.example/feed/", now=NOW)
    return len(paths), FALLBACKS.fast, FALLBACKS.snapshot()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50, help="items in the synthetic feed")
    parser.add_argument("--paragraphs", type=int, default=8, help="paragraphs per body")
    parser.add_argument("--runs", type=int, default=20, help="runs of the fast contenders")
    args = parser.parse_args()
    body = synthetic_feed(args.items, args.paragraphs)
    megabytes = len(body) / 1_000_000
    content_type = "application/rss+xml"
    fast = parse_rust(body, url=URL, content_type=content_type)  # raises if it would decline
    _check_entries(fast, parse_xml(body, url=URL, content_type=content_type))
    slow_runs = max(3, args.runs // 5)
    contenders: list[tuple[str, Callable[[], object], int]] = [
        (
            "parse_feed (feedparser_rs path)",
            lambda: parse_feed(body, url=URL, content_type=content_type, now=NOW),
            args.runs,
        ),
        (
            "parse_rust alone",
            lambda: parse_rust(body, url=URL, content_type=content_type),
            args.runs,
        ),
        (
            "feedparser adapter (parse_xml)",
            lambda: parse_xml(body, url=URL, content_type=content_type),
            slow_runs,
        ),
        (
            "feedparser.parse (raw)",
            lambda: feedparser.parse(
                io.BytesIO(body),
                response_headers=HEADERS,
                sanitize_html=False,
                resolve_relative_uris=True,
            ),
            slow_runs,
        ),
        ("lxml.etree.fromstring", lambda: etree.fromstring(body), args.runs),
        (
            "feedparser_rs.parse (raw, no sanitizing)",
            lambda: feedparser_rs.parse(body, sanitize_html=False, resolve_relative_uris=False),
            args.runs,
        ),
    ]
    # Measured alone when installed (the bench extra).
    with contextlib.suppress(ImportError):
        ffp: Any = importlib.import_module("fastfeedparser")
        contenders.append(("fastfeedparser.parse (raw)", lambda: ffp.parse(body), args.runs))
    seconds = {name: best_seconds(run, runs) for name, run, runs in contenders}
    baseline = seconds["feedparser.parse (raw)"]
    body_kb = sum(len(e.content_html or "") for e in fast.entries) / len(fast.entries) / 1000
    print(
        f"Synthetic WordPress-style RSS 2.0: {args.items} items, {megabytes:.2f} MB, "
        f"content:encoded ~{body_kb:.1f} KB each; best CPU time of {args.runs} runs "
        f"({slow_runs} for feedparser)\n"
    )
    print("| parser | ms | MB/s | entries/s | x feedparser.parse |")
    print("|---|---:|---:|---:|---:|")
    for name, _, _ in contenders:
        took = seconds[name]
        print(
            f"| {name} | {took * 1000:.2f} | {megabytes / took:.1f} | "
            f"{args.items / took:,.0f} | {baseline / took:.1f} |"
        )
    feeds, fast_parses, reasons = fixture_fallbacks()
    fallbacks = sum(reasons.values())
    detail = ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items()))
    print(
        f"\nFixture feeds (tests/data/feeds, XML): {feeds}; fast path {fast_parses}, "
        f"fallbacks {fallbacks} ({detail})"
    )


if __name__ == "__main__":
    main()
