"""Whatever a server sends: the fixture feeds, mutated, through parsing and cleaning.

Each input is a fixture feed with a few random edits: a token that has broken Tributary or its
libraries before (a NUL, a reference to a surrogate, an unbalanced IPv6 bracket, a NUL in the
encoding name, a CDATA end, a stray tag), a deleted or repeated run of bytes, a random byte.
digest_feed must answer each with entries or a ParseError, never another exception (which the
pipeline reports as an internal error and which loses the whole feed), and every text it
gives must be storable: UTF-8 encodable, without a NUL (PostgreSQL refuses both).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tributary.digest import DigestedFeed, digest_feed
from tributary.errors import ParseError

FEEDS = Path(__file__).parent / "data" / "feeds"
NOW = datetime(2026, 12, 7, tzinfo=UTC)
URL = "https://outlet.example/feed"
INPUTS = 300  # per seed run; a few seconds
TOKENS = [
    b"\x00", b"\x0b", b"&#0;", b"&#11;", b"&#xD800;", b"&#x10FFFF;", b"&#99999999;", b"<", b">",
    b"]]>", b"<![CDATA[", b"&", b"&amp;", b"\xff", b"\xfe", b"\xef\xbf\xbe", b"\xed\xa0\x80",
    b"<item>", b"</item>", b"<entry>", b"</entry>", b"<?xml version='1.0'?>", b"<!DOCTYPE x>",
    b'<?xml version="1.0" encoding="utf\x00-8"?>', b"<title>", b"</title>", b"<link>",
    b"<guid>", b"<pubDate>Mon, 99 Foo 2026</pubDate>", b'"', b"<!--", b"-->",
    b"<enclosure url='http://[::1' length='-5'/>", b"<media:content url='x' fileSize='1e999'/>",
    b"<a href='http://[::1'>x</a>", b"<img src='//'>", b"<category>&#0;</category>",
    b"<updated>9999-99-99T99:99:99Z</updated>", b'"content_html":"<p>\\u0000\\ud800</p>",',
]  # fmt: skip


def mutate(rng: random.Random, data: bytes) -> bytes:
    edited = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        kind, at = rng.random(), rng.randint(0, len(edited))
        if kind < 0.6:
            edited[at:at] = rng.choice(TOKENS)
        elif kind < 0.75:
            del edited[at : at + rng.randint(1, 40)]
        elif kind < 0.9:
            edited[at:at] = edited[at : at + rng.randint(1, 200)]
        else:
            edited[at:at] = bytes([rng.randint(0, 255)])
    return bytes(edited)


def storable(digested: DigestedFeed) -> None:
    texts = [digested.feed.title or "", digested.name]
    for clean, _ in digested.cleaned:
        texts += [clean.title, clean.content_html, clean.content_text, clean.summary,
                  clean.author or "", clean.url or "", clean.guid or "", clean.key,
                  clean.origin_outlet or "", clean.origin_author or "", *clean.tags,
                  *(e.url for e in clean.enclosures)]  # fmt: skip
    for text in texts:
        text.encode("utf-8")  # raises on a lone surrogate
        assert "\x00" not in text, text


@pytest.mark.parametrize("seed", range(4))
def test_mutated_feeds_give_entries_or_a_parse_error(seed: int) -> None:
    rng = random.Random(seed)
    sources = sorted(p for p in FEEDS.iterdir() if not p.name.endswith(".expected.json"))
    originals = [p.read_bytes() for p in sources]
    parsed = 0
    refused: list[str] = []
    for _ in range(INPUTS):
        body = mutate(rng, rng.choice(originals))
        for content_type in ("application/rss+xml", "application/feed+json"):
            try:
                digested = digest_feed(body, url=URL, content_type=content_type, now=NOW,
                                       source_name="Outlet", source_url=URL, strip=())  # fmt: skip
            except ParseError as exc:
                refused.append(str(exc))
                continue
            storable(digested)
            parsed += 1
    assert parsed > INPUTS  # most mutations leave a feed: the check above ran on them
    assert not [message for message in refused if "\n" in message]  # one line each
