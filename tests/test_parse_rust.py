"""parse/rust_feed.py: the feedparser_rs path gives the feedparser adapter's FeedData, or declines.

Differential: parse_feed (which takes the feedparser_rs path when it can) against the adapter
(parse_xml) on every fixture feed under several content types, on generated WordPress-style and
podcast feeds and on a few thousand seeded random RSS 2.0 / Atom 1.0 feeds full of odd
constructs, field by field: entry count and order, guid, url, title, author, published,
updated, tags, enclosures, origin outlet, and the feed's format, title, site URL, TTL and
warnings. HTML bodies are compared as the clean step sees them, sanitized by nh3, as text: the
feedparser_rs path keeps the feed's HTML where feedparser re-serializes it and resolves its
URLs (the clean step resolves them against the article's URL).

Then the declines (each reason counted in FALLBACKS, and parse_feed then answers as the
adapter does), the hostile documents (never given to feedparser_rs), bodies that look like URLs
(never fetched), and the building blocks checked against feedparser's own functions and tables.
"""

from __future__ import annotations

import random
import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import feedparser_rs
import pytest
from feedparser.api import StrictFeedParser
from feedparser.datetimes import _parse_date
from feedparser.html import _cp1252
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import ACCEPTABLE_URI_SCHEMES as FEEDPARSER_SCHEMES
from feedparser.urls import _urljoin, make_safe_absolute_uri

import tributary.parse.rust_feed as rust_feed
from feed_samples import PODCAST_STYLE, URLS, any_date, random_feed, wordpress_feed
from tributary.clean.sanitize import sanitize_html
from tributary.clean.text import html_to_text
from tributary.errors import ParseError
from tributary.parse import FALLBACKS, parse_feed
from tributary.parse.dates import read_date, read_utc
from tributary.parse.elements import census
from tributary.parse.fallbacks import FastPathDeclined
from tributary.parse.feedparser_adapter import parse_xml
from tributary.parse.jsonfeed import parse_json
from tributary.parse.rust_feed import parse_rust
from tributary.parse.urljoins import (
    ACCEPTABLE_URI_SCHEMES,
    fp_urljoin,
    quick_urljoin,
    safe_absolute_uri,
)
from tributary.parse.values import CP1252, plain, plain_text
from tributary.parse.vocabulary import HANDLED_NAMES, KNOWN_NAMESPACES
from tributary.types import EntryData, FeedData

FEEDS = Path(__file__).parent / "data" / "feeds"
URL = "https://feeds.example/feed/"
NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)
CONTENT_TYPES = [
    None,
    "application/rss+xml",
    "text/xml",
    "application/xml; charset=utf-8",
    "text/html; charset=utf-8",
]
ENTRY_FIELDS = (
    "guid", "url", "title", "author", "published", "updated", "tags", "enclosures",
    "origin_outlet",
)  # fmt: skip
FEED_FIELDS = ("format", "title", "site_url", "ttl_seconds", "warnings")
# What an HTML parser drops and feedparser's re-serializer keeps as text ("<!x", "<?php").
_DECLARATION = re.compile(r"<[!?][^>]*>?")
_MEDIA = re.compile(r"<(a|img|video|audio|iframe|source)\b")


def body_text(markup: str | None, base: str | None) -> tuple[list[str], list[str]]:
    """A body as the clean step keeps it: its words and its links and media, once sanitized."""
    if markup is None:
        return [], []
    clean = sanitize_html(markup, base)
    words = re.findall(r"\w+", _DECLARATION.sub(" ", html_to_text(clean)))
    return words, sorted(_MEDIA.findall(clean))


def assert_same_entry(mine: EntryData, theirs: EntryData, number: int) -> None:
    for field in ENTRY_FIELDS:
        assert getattr(mine, field) == getattr(theirs, field), (number, field)
    base = theirs.url if theirs.url and theirs.url.startswith("http") else None
    for field in ("summary_html", "content_html"):
        ours = body_text(getattr(mine, field), base)
        assert ours == body_text(getattr(theirs, field), base), (number, field)


def assert_same_feed(mine: FeedData, theirs: FeedData) -> None:
    """Every field of the feed and of each entry, one by one for readable failures."""
    for field in FEED_FIELDS:
        assert getattr(mine, field) == getattr(theirs, field), field
    assert len(mine.entries) == len(theirs.entries)
    for number, (ours, its) in enumerate(zip(mine.entries, theirs.entries, strict=True)):
        assert_same_entry(ours, its, number)


def rust_or_none(body: bytes, content_type: str | None, url: str = URL) -> FeedData | None:
    try:
        return parse_rust(body, url=url, content_type=content_type)
    except FastPathDeclined:
        return None


def assert_matches_adapter(body: bytes, content_type: str | None, url: str = URL) -> bool:
    """When the feedparser_rs path takes ``body``, its FeedData is the adapter's (bodies
    compared as text). Returns whether it took it."""
    mine = rust_or_none(body, content_type, url)
    if mine is None:
        return False
    assert_same_feed(mine, parse_xml(body, url=url, content_type=content_type))
    return True


# --- differential: every fixture, generated feeds, random feeds -----------------------------

FIXTURES = sorted(p for p in FEEDS.iterdir() if ".expected." not in p.name)


def _outcome(parse: object, body: bytes, content_type: str | None) -> FeedData | str:
    try:
        return parse(body, url=URL, content_type=content_type)  # type: ignore[operator, no-any-return]
    except ParseError as exc:
        return f"ParseError: {exc}"


@pytest.mark.parametrize("content_type", CONTENT_TYPES, ids=str)
@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_every_fixture_feed_matches_the_adapter(path: Path, content_type: str | None) -> None:
    body = path.read_bytes()
    mine = _outcome(lambda b, **k: parse_feed(b, now=NOW, **k), body, content_type)
    if path.suffix == ".json":  # JSON Feed never reaches either XML path
        before = (FALLBACKS.fast, FALLBACKS.fallbacks)
        assert mine == _outcome(lambda b, **k: parse_json(b, url=URL), body, None)
        assert (FALLBACKS.fast, FALLBACKS.fallbacks) == before
        return
    theirs = _outcome(parse_xml, body, content_type)
    if isinstance(theirs, str) or isinstance(mine, str):
        assert mine == theirs
        return
    assert_same_feed(mine, theirs)


# The fixtures the fast path must take (the others exercise encodings, broken XML, DOCTYPEs,
# xml:base, RSS 0.9x/1.0, Atom 0.3 and elements feedparser_rs skips).
ACCEPTED = [
    "atom10_plain.xml",
    "media_only.xml",
    "no_dates.xml",
    "rss20_full.xml",
    "rss20_radio.xml",
    "utf8_bom.xml",
    "wordpress_footer.xml",
]


@pytest.mark.parametrize("name", ACCEPTED)
def test_common_fixtures_take_the_fast_path(name: str) -> None:
    body = (FEEDS / name).read_bytes()
    for content_type in ("application/rss+xml", "application/atom+xml", "text/xml", None):
        assert assert_matches_adapter(body, content_type), content_type


GENERATED = {
    "wordpress": wordpress_feed(25),
    "podcast-style": PODCAST_STYLE,
}


@pytest.mark.parametrize("name", list(GENERATED))
def test_generated_feed_takes_the_fast_path_and_matches(name: str) -> None:
    assert assert_matches_adapter(GENERATED[name], "application/rss+xml")


def test_wordpress_bodies_keep_their_markup() -> None:
    feed = parse_rust(GENERATED["wordpress"], url=URL, content_type="application/rss+xml")
    entry = feed.entries[0]
    assert entry.content_html is not None
    assert len(entry.content_html) > 4000
    assert 'class="wp-image-0"/>' in entry.content_html  # the feed's own HTML, unchanged
    assert entry.content_html.endswith("</figure>")
    assert (entry.author, entry.published, entry.tags) != (None, None, ())


@pytest.mark.parametrize("seed_block", range(8))
def test_random_feeds_match_the_adapter(seed_block: int) -> None:
    accepted = 0
    for seed in range(seed_block * 250, seed_block * 250 + 250):
        rng = random.Random(seed)
        body = random_feed(rng, xml_base=False)
        content_type = rng.choice(CONTENT_TYPES)
        url = rng.choice([URL, "https://feeds.example/a/b/index.xml", "http://feeds.example"])
        accepted += assert_matches_adapter(body, content_type, url)
    assert accepted >= 30  # the generator mixes in constructs the fast path declines


def test_wordpress_feeds_are_all_accepted() -> None:
    for seed in range(60):
        body = wordpress_feed(3, seed=seed, body_paragraphs=2)
        assert assert_matches_adapter(body, "application/rss+xml"), seed


_RELATIVE_BODY = (
    '&lt;a href="/x"&gt;root&lt;/a&gt; &lt;img src="img/y.png"&gt; &lt;a href="//cdn.example/z"&gt;'
    'cdn&lt;/a&gt; &lt;a href="#top"&gt;top&lt;/a&gt; &lt;a href="?p=2"&gt;two&lt;/a&gt; '
    '&lt;a href="https://abs.example/w"&gt;abs&lt;/a&gt;'
)


def _sanitized_bodies(body: bytes) -> tuple[str, str]:
    """The entry's description as the clean step keeps it, from both paths, URLs included."""
    mine = parse_rust(body, url=URL, content_type="application/rss+xml").entries[0]
    theirs = parse_xml(body, url=URL, content_type="application/rss+xml").entries[0]
    base = theirs.url
    return sanitize_html(mine.summary_html or "", base), sanitize_html(
        theirs.summary_html or "", base
    )


def test_bodies_of_articles_on_another_origin_get_feedparsers_urls() -> None:
    body = rss(f"<link>https://news.example/a/1</link><description>{_RELATIVE_BODY}</description>")
    mine, theirs = _sanitized_bodies(body)
    assert mine == theirs
    assert 'href="https://feeds.example/x"' in mine  # the feed's origin, not the article's


def test_bodies_of_articles_on_the_feeds_origin_keep_their_html() -> None:
    # Absolute, root-relative and scheme-relative URLs come out as feedparser makes them;
    # references relative to a directory, a query or a fragment resolve against the article.
    body = rss(f"<link>https://feeds.example/a/1</link><description>{_RELATIVE_BODY}</description>")
    (entry,) = parse_rust(body, url=URL, content_type="application/rss+xml").entries
    assert entry.summary_html is not None
    assert entry.summary_html.startswith('<a href="/x">root</a>')  # as the feed wrote it
    mine, theirs = _sanitized_bodies(body)
    for same in ("https://feeds.example/x", "https://cdn.example/z", "https://abs.example/w"):
        assert f'"{same}"' in mine
        assert f'"{same}"' in theirs
    assert 'src="https://feeds.example/a/img/y.png"' in mine
    assert 'src="https://feeds.example/feed/img/y.png"' in theirs


def test_an_entry_without_a_url_gets_its_body_urls_resolved_against_the_feed() -> None:
    body = (
        b'<rss version="2.0"><channel><title>T</title><item><title>a</title>'
        b'<description>&lt;a href="/x"&gt;x&lt;/a&gt; &lt;img src="i.png"&gt;</description>'
        b"</item></channel></rss>"
    )
    (entry,) = parse_rust(body, url=URL, content_type=None).entries
    assert entry.url is None
    assert entry.summary_html == (
        '<a href="https://feeds.example/x">x</a> <img src="https://feeds.example/feed/i.png">'
    )


# --- declines, counted ----------------------------------------------------------------------

_RSS = '<rss version="2.0" {ns}><channel><title>T</title><link>https://t.example/</link>{channel}<item><title>a</title>{item}</item></channel></rss>'
_NS = (
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
    'xmlns:media="http://search.yahoo.com/mrss/" xmlns:d="http://purl.org/dc/elements/1.1/"'
)


def rss(item: str = "", channel: str = "", ns: str = _NS) -> bytes:
    return _RSS.format(ns=ns, channel=channel, item=item).encode()


def atom(entry: str) -> bytes:
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:e</id>{entry}</entry></feed>'.encode()


# Constructs the fast path reads: each must take it and give the adapter's answer.
_DC_ITUNES = 'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
AGREES = [
    ("creators-with-emails", rss("<dc:creator>desk@news.example (Ana Lind)</dc:creator><dc:creator>Bo Kim &lt;bo@news.museum&gt;</dc:creator>")),
    ("itunes-author-and-creator", rss("<itunes:author>Ola</itunes:author><dc:creator>Kit</dc:creator>", ns=_DC_ITUNES)),
    ("rss-author-email-and-name", rss("<author>desk@news.example (Ana Lind)</author>")),
    ("odd-categories", rss("<category>C\u00c3\u00a9</category><category>ok\u0096ok</category><category>A &amp;amp; B</category><category> Padded  words </category><category>c\u00e9</category>")),
    ("markup-title", rss().replace(b"<title>a</title>", "<title>Tides &amp;amp; &lt;b&gt;times&lt;/b&gt; \u201cq\u201d</title>".encode())),
    ("no-title", rss().replace(b"<title>a</title>", b"")),
    ("atom-authors", atom("<author><name>Jun</name><email>j@x.example</email></author><author><name>Lea</name><uri>/lea</uri></author>")),
    ("atom-author-email-only", atom("<author><email>lea@x.example</email></author>")),
    ("atom-published-only", atom("<published>2025-01-01T00:00:00+02:00</published>")),
    ("atom-dates-equal", atom("<published>2025-01-01T00:00:00Z</published><updated>2025-01-01T00:00:00Z</updated>")),
    ("rss-pubdate-and-dc-date", rss("<pubDate>Tue, 20 May 2025 14:30:00 +0530</pubDate><dc:date>2025-05-21T00:00:00Z</dc:date>")),
    ("rss-dc-date-only", rss("<dc:date>2025-05-21</dc:date>")),
    ("odd-time-zones", rss("<pubDate>Tue, 20 May 2025 14:30:00 EST</pubDate>")),
    ("relative-permalink-beside-link", rss("<guid>/p/1</guid><link>https://x.example/p</link>")),
    ("enclosure-odd-type-and-length", rss('<enclosure url="a/b.mp4" type="Video/MP4" length="12.5"/>')),
    ("media-content-of-type-html", rss('<media:content url="https://m.example/x" type="text/html" medium="image" fileSize="12"/>')),
    ("media-group", rss('<media:group><media:content url="https://m.example/v.mp4" type="video/mp4"/><media:thumbnail url="t.jpg"/></media:group>')),
    ("rss-source", rss('<source url="https://wire.example/">Wire &amp;amp; Co</source>')),
    ("rss-source-without-title", rss('<source url="https://wire.example/"></source>')),
    ("ttl-decimal", rss(channel="<ttl>15.5</ttl>")),
    ("ttl-words", rss(channel="<ttl>soon</ttl>")),
    ("comment-after-the-root", rss() + b"\n<!-- served in 12 ms -->\n"),
]  # fmt: skip


@pytest.mark.parametrize("body", [c[1] for c in AGREES], ids=[c[0] for c in AGREES])
def test_what_the_fast_path_reads_as_the_adapter_does(body: bytes) -> None:
    content_type = "application/atom+xml" if body.startswith(b"<feed") else "application/rss+xml"
    assert assert_matches_adapter(body, content_type)


DECLINED = [
    ("latin1", (FEEDS / "latin1_undeclared.xml").read_bytes(), "encoding"),
    ("utf16", (FEEDS / "utf16.xml").read_bytes(), "encoding"),
    ("invalid-utf8", rss("<description>caf\xe9</description>").replace(b"\xc3\xa9", b"\xe9"), "encoding"),
    ("doctype", (FEEDS / "xxe.xml").read_bytes(), "doctype"),
    ("rss091", rss().replace(b'version="2.0"', b'version="0.91"'), "format"),
    ("rss10", (FEEDS / "rss10_rdf.xml").read_bytes(), "format"),
    ("atom03", (FEEDS / "atom03.xml").read_bytes(), "format"),
    ("html", b"<html><body><p>Hello</p></body></html>", "format"),
    ("unclosed", (FEEDS / "malformed_unclosed.xml").read_bytes(), "xml"),
    ("undefined-entity", rss("<description>a&nbsp;b</description>"), "xml"),
    ("control-character", rss("<description>a\x0bb</description>"), "xml"),
    ("invalid-character-reference-in-title", rss().replace(b"<title>a</title>", b"<title>a&#1;b</title>"), "xml"),
    ("content-after-the-root", rss() + b"<x/>", "xml"),
    ("lt-in-an-attribute", rss('<enclosure url="a<b" type="audio/mpeg"/>'), "xml"),
    ("xml-base", (FEEDS / "atom10_xml_base.xml").read_bytes(), "base"),
    ("base-attribute", rss().replace(b"<item>", b'<item base="https://b.example/">'), "base"),
    ("atom-updated-in-rss", (FEEDS / "rss20_item_extras.xml").read_bytes(), "element"),
    ("dc-under-own-prefix", rss("<d:creator>Ana</d:creator>"), "element"),
    ("dc-source", rss("<dc:source>Coastal Wire</dc:source>"), "element"),
    ("raw-html-in-description", rss("<description>a <b>bold</b> b</description>"), "element"),
    ("two-titles", rss("<title>b</title>"), "element"),
    ("two-descriptions", rss("<description>x</description><description>y</description>"), "element"),
    ("unbound-prefix", rss("<ex:note>x</ex:note>"), "namespaces"),
    ("unknown-default-namespace", rss(ns='xmlns="https://ns.example/"'), "namespaces"),
    ("odd-date", rss("<pubDate>2025/05/20</pubDate>"), "date"),
    ("unread-dc-date", rss("<dc:date>Tue, Nov 21 2024 18:27:58 EST</dc:date>"), "date"),
    ("entity-in-title", rss().replace(b"<title>a</title>", b"<title>&amp;bogus; a</title>"), "title"),
    ("empty-title-and-media-title", rss("<media:title>m</media:title>").replace(b"<title>a</title>", b"<title></title>"), "title"),
    ("alternate-atom-link", rss(channel='<atom:link href="https://alt.example/"/>'), "link"),
    ("empty-link-after-link", rss("<link>https://a.example/1</link><link></link>"), "link"),
    ("link-to-a-private-address", rss("<link>http://127.0.0.1:8080/a</link>"), "link"),
    ("enclosure-on-a-private-address", rss('<enclosure url="http://10.0.0.7/a.mp3" type="audio/mpeg"/>'), "link"),
    ("atom-link-to-a-private-address", atom('<link href="http://192.168.1.9/a"/>'), "link"),
    ("permalink-in-capitals", rss('<guid isPermaLink="True">/p/1</guid>'), "guid"),
    ("author-beside-creator", rss("<author>a@t.example (Ana)</author><dc:creator>Bo</dc:creator>"), "author"),
    ("atom-author-without-a-name", atom("<author><name>Jun</name></author><author><email>lea@x.example</email></author>"), "author"),
    ("typed-and-untyped-summaries", atom("<summary>a</summary></entry><entry><id>urn:f</id><summary type='html'>b</summary>"), "summary"),
    ("ttl-with-attributes", rss(channel='<ttl unit="m">60</ttl>'), "ttl"),
    ("item-outside-channel", rss().replace(b"</channel></rss>", b"</channel><item><title>z</title></item></rss>"), "entry"),
    ("too-many-tags", rss("".join(f"<category>t{n}</category>" for n in range(100))), "limit"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "reason"), [c[1:] for c in DECLINED], ids=[c[0] for c in DECLINED]
)
def test_what_the_fast_path_declines(body: bytes, reason: str) -> None:
    with pytest.raises(FastPathDeclined) as declined:
        parse_rust(body, url=URL, content_type="application/xml")
    assert declined.value.reason == reason


@pytest.mark.parametrize(
    ("body", "reason"), [c[1:] for c in DECLINED], ids=[c[0] for c in DECLINED]
)
def test_parse_feed_falls_back_to_the_adapter_and_counts_it(body: bytes, reason: str) -> None:
    before = FALLBACKS.snapshot().get(reason, 0)
    expected = _outcome(parse_xml, body, "application/xml")
    actual = _outcome(lambda b, **k: parse_feed(b, now=NOW, **k), body, "application/xml")
    assert actual == expected
    assert FALLBACKS.snapshot().get(reason, 0) == before + 1


def test_fast_parses_are_counted_too() -> None:
    before_fast, before_fallbacks = FALLBACKS.fast, FALLBACKS.fallbacks
    parse_feed((FEEDS / "rss20_full.xml").read_bytes(), url=URL, now=NOW)
    assert (FALLBACKS.fast, FALLBACKS.fallbacks) == (before_fast + 1, before_fallbacks)


BASES = ['xml:base="https://b.example/x/"', 'base="https://b.example/y/"', 'BASE="z/"',
         'ex:base="https://b.example/w/"', 'xml:base=""']  # fmt: skip


@pytest.mark.parametrize("base", BASES)
def test_every_kind_of_base_attribute_declines(base: str) -> None:
    for where in (b"<item>", b"<title>", b"<channel>"):
        body = rss().replace(where, where[:-1] + f" {base}>".encode(), 1)
        with pytest.raises(FastPathDeclined) as declined:
            parse_rust(body, url=URL, content_type=None)
        assert declined.value.reason == "base", where


# --- security ---------------------------------------------------------------------------------

HOSTILE = [p for p in FIXTURES if p.name.startswith(("billion_laughs", "xxe"))]


@pytest.fixture
def rust_parser_calls(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every argument feedparser_rs.parse is given, through parse_feed."""
    calls: list[object] = []
    real = feedparser_rs.parse

    def spy(source: object, *args: object, **kwargs: object) -> object:
        calls.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(rust_feed.feedparser_rs, "parse", spy)
    return calls


@pytest.mark.parametrize("path", HOSTILE, ids=[p.name for p in HOSTILE])
def test_hostile_documents_never_reach_feedparser_rs(
    path: Path, rust_parser_calls: list[object]
) -> None:
    before = FALLBACKS.snapshot().get("doctype", 0)
    feed = parse_feed(path.read_bytes(), url=URL, now=NOW)
    assert feed == parse_xml(path.read_bytes(), url=URL, content_type=None)
    assert rust_parser_calls == []
    assert FALLBACKS.snapshot().get("doctype", 0) == before + 1


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'<!-- <x> -->\n<!DOCTYPE rss [<!ENTITY e "boom">]>\n<rss version="2.0"/>', id="prolog-trick"),
        pytest.param(b'<?xml version="1.0"?><!ENTITY e "boom"><rss version="2.0"/>', id="entity-without-doctype"),
        pytest.param(b'\xef\xbb\xbf  <!doctype rss><rss version="2.0"/>', id="lowercase-doctype"),
    ],
)  # fmt: skip
def test_declarations_in_the_prolog_never_reach_feedparser_rs(
    body: bytes, rust_parser_calls: list[object]
) -> None:
    with pytest.raises(FastPathDeclined):
        parse_rust(body, url=URL, content_type=None)
    assert rust_parser_calls == []


def test_feedparser_rs_expands_no_entity_it_is_given() -> None:
    # Declarations after the root element are not XML; feedparser_rs reads only the five
    # predefined entities, so the reference stays unexpanded (and the feed declines).
    body = b'<rss version="2.0"><!DOCTYPE x [<!ENTITY e "boom">]><channel><title>&e;</title></channel></rss>'
    result = feedparser_rs.parse(body, sanitize_html=False, resolve_relative_uris=False)
    assert result.bozo
    assert "boom" not in str(result.feed.title)
    with pytest.raises(FastPathDeclined):
        parse_rust(body, url=URL, content_type=None)


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A local TCP port that records what connects to it (feedparser_rs must never)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            with connection:
                received.append(connection.recv(1024) or b"(connected)")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], received
    stop.set()
    thread.join(timeout=2)
    server.close()


def test_bodies_that_look_like_urls_are_never_fetched(
    listener: tuple[int, list[bytes]], rust_parser_calls: list[object]
) -> None:
    port, received = listener
    for body in (
        f"http://127.0.0.1:{port}/feed".encode(),
        f"  https://127.0.0.1:{port}/feed".encode(),
        f"\ufeffhttp://127.0.0.1:{port}/feed".encode(),
    ):
        with pytest.raises(ParseError):
            parse_feed(body, url=URL, now=NOW)
    assert rust_parser_calls == []  # parse_feed declined before calling it
    # Given bytes, feedparser_rs parses them as a document even when they read like a URL.
    assert feedparser_rs.parse(f"http://127.0.0.1:{port}/feed".encode()).bozo
    assert received == []
    with socket.create_connection(("127.0.0.1", port)) as probe:  # the listener does listen
        probe.sendall(b"probe")
    deadline = time.monotonic() + 5
    while not received and time.monotonic() < deadline:
        time.sleep(0.01)
    assert received == [b"probe"]


def test_feedparser_rs_is_only_ever_given_bytes(rust_parser_calls: list[object]) -> None:
    parse_feed((FEEDS / "rss20_full.xml").read_bytes(), url=URL, now=NOW)
    assert [type(call) for call in rust_parser_calls] == [bytes]


# --- encodings --------------------------------------------------------------------------------

NON_ASCII = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Caf\u00e9</title>'
    "<item><title>\u201cSmart\u201d \u2013 caf\u00e9 \U0001f30a</title><description>ok\u0096ok C\u00c3\u00a9"
    "</description></item></channel></rss>"
).encode()


@pytest.mark.parametrize("content_type", CONTENT_TYPES, ids=str)
def test_utf8_bodies_match_whatever_the_content_type(content_type: str | None) -> None:
    assert assert_matches_adapter(NON_ASCII, content_type)
    assert assert_matches_adapter(b"\xef\xbb\xbf" + NON_ASCII, content_type)


def test_an_overridden_declaration_keeps_feedparsers_warning() -> None:
    feed = parse_rust(NON_ASCII, url=URL, content_type="text/xml")
    assert feed.warnings == (
        "character encoding: document declared as us-ascii, but parsed as utf-8",
    )


def test_ascii_bodies_under_other_charsets_take_the_fast_path() -> None:
    body = NON_ASCII.decode().encode("ascii", "xmlcharrefreplace")
    for content_type in ("application/xml; charset=iso-8859-1", "text/xml; charset=windows-1252"):
        assert assert_matches_adapter(body, content_type)


# --- the census -------------------------------------------------------------------------------


def test_census_skips_cdata_and_comments_and_splits_head_from_entries() -> None:
    body = (
        b'<?xml version="1.0"?><!-- <title>in a comment</title> --><rss version="2.0"><channel>'
        b"<title>T</title><item><title>a</title><description><![CDATA[<p>x</p><title>]]>"
        b'</description><guid isPermaLink="false">g</guid></item><item><title>b</title></item>'
        b"<ttl>5</ttl></channel></rss>"
    )
    tags = census(body, b"item")
    assert set(tags.head_tags) == {b"rss", b"channel", b"title", b"ttl"}
    assert set(tags.body_tags) == {b"item", b"title", b"description", b"guid"}
    assert (tags.count(b"title"), tags.head_count(b"title")) == (2, 1)
    assert tags.per_entry(frozenset({b"guid"})) == [[b'guid isPermaLink="false"'], []]
    assert not tags.has_base()


# --- building blocks against feedparser's own -------------------------------------------------


def _date_soup(rng: random.Random) -> str:
    tokens = ["Mon,", "Tue", "31", "05", "2025", "25", "Feb", "may", "10:00", ":30", "+0000", "-05:00",
              "T", "Z", "-", " ", "GMT", "est", "etc/gmt", "gmt-3", ".5", "1e3", "99"]  # fmt: skip
    return "".join(rng.choice(tokens) for _ in range(rng.randint(1, 8)))


def test_dates_match_feedparser() -> None:
    rng = random.Random(3)
    read = 0
    for number in range(6000):
        text = any_date(rng) if number % 2 else _date_soup(rng)
        try:
            mine = read_date(text)
        except FastPathDeclined:
            continue
        read += 1
        theirs = _parse_date(text)
        assert mine == theirs, text
        as_datetime = None
        if theirs is not None:
            try:
                as_datetime = datetime(*theirs[:6], tzinfo=UTC)
            except (ValueError, OverflowError):
                as_datetime = None
        assert read_utc(text) == as_datetime, text
    assert read > 2000


def _urls(rng: random.Random) -> str:
    pieces = ["http", "https", "://", ":", "/", "//", ".", "..", "a", "b.html", "?", "q=1", "#",
              "f", "%20", "[", "]", "@", "host.example", " ", "mailto:", "javascript:", ";p"]  # fmt: skip
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))


def test_url_joins_match_feedparser_and_urljoin() -> None:
    rng = random.Random(9)
    bases = [URL, "https://feeds.example", "http://feeds.example/a/b", "https://feeds.example/a/./b/",
             "https://feeds.example/a//b/", "feed://x.example/", "", "https://[::1"]  # fmt: skip
    references = [*URLS, *(u.strip() for u in URLS)] + [_urls(rng) for _ in range(3000)]
    for reference in references:
        base = rng.choice(bases)
        assert fp_urljoin(base, reference) == _urljoin(base, reference), (base, reference)
        assert safe_absolute_uri(base, reference) == make_safe_absolute_uri(base, reference)
        try:
            expected = urljoin(base, reference)
        except ValueError:
            with pytest.raises(ValueError, match="IPv6"):
                quick_urljoin(base, reference)
            continue
        assert quick_urljoin(base, reference) == expected, (base, reference)


def test_plain_matches_plain_text() -> None:
    rng = random.Random(2)
    tokens = ["&", "amp;", "&amp;", "&amp;amp;", "#", "38;", "&#", "x26;", "nbsp", ";", " ", "\n",
              "a", "\u00e9", "&lt", "&gt;", "\t", "&#0;", "&#x110000;", "&copy", "\u00a0", "<b>"]  # fmt: skip
    for _ in range(20000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randint(0, 12)))
        assert plain(text) == plain_text(text), text


def test_tables_copied_from_feedparser_are_current() -> None:
    handled = {
        name.split("_", 2)[2].lower()
        for name in dir(StrictFeedParser)
        if name.startswith(("_start_", "_end_"))
    }
    assert handled == HANDLED_NAMES
    assert {k.lower(): v for k, v in _FeedParserMixin.namespaces.items()} == KNOWN_NAMESPACES
    assert set(FEEDPARSER_SCHEMES) == ACCEPTABLE_URI_SCHEMES
    assert _cp1252 == CP1252
    assert feedparser.__version__.startswith("6.0.")
    assert feedparser_rs.__version__.startswith("0.7.")  # the behaviour rust_*.py was checked on
