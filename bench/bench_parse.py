"""How fast is parse_feed, next to raw feedparser and a bare lxml parse of the same bytes?

Generates a synthetic RSS 2.0 feed (about 4 MB: content:encoded, dc:creator, categories,
enclosures) in memory and prints MB/s, best of three runs each.

    .venv/bin/python bench/bench_parse.py [--items N]
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import feedparser
from lxml import etree

from tributary.parse import parse_feed

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


def _item(number: int, start: datetime) -> str:
    when = (start - timedelta(minutes=17 * number)).strftime("%a, %d %b %Y %H:%M:%S +0000")
    body = "".join(
        f'<p>{_paragraph(number + k)} <a href="/story/{number}/{k}">more</a></p>' for k in range(4)
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


def synthetic_feed(items: int) -> bytes:
    start = datetime(2025, 6, 1, tzinfo=UTC)
    body = "".join(_item(n, start) for n in range(items))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        "  <channel><title>Bench Gazette</title><link>https://bench.example/</link>"
        f"<description>Synthetic</description>{body}\n  </channel>\n</rss>\n"
    ).encode()


def best_seconds(run: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1500, help="items in the synthetic feed")
    items = parser.parse_args().items
    body = synthetic_feed(items)
    megabytes = len(body) / 1_000_000
    now = datetime.now(UTC)
    contenders: list[tuple[str, Callable[[], object]]] = [
        (
            "parse_feed",
            lambda: parse_feed(body, url=URL, content_type="application/rss+xml", now=now),
        ),
        (
            "feedparser.parse (raw)",
            lambda: feedparser.parse(
                io.BytesIO(body),
                response_headers=HEADERS,
                sanitize_html=False,
                resolve_relative_uris=True,
            ),
        ),
        ("lxml.etree.fromstring", lambda: etree.fromstring(body)),
    ]
    print(f"synthetic RSS 2.0: {items} items, {megabytes:.2f} MB; best of 3 runs\n")
    print(f"{'parser':<24} {'seconds':>9} {'MB/s':>9}")
    print(f"{'-' * 24} {'-' * 9} {'-' * 9}")
    for name, run in contenders:
        seconds = best_seconds(run)
        print(f"{name:<24} {seconds:>9.3f} {megabytes / seconds:>9.2f}")


if __name__ == "__main__":
    main()
