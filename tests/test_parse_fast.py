"""parse/fast.py: the fast parser gives the feedparser adapter's FeedData exactly, or declines.

The differential tests run both paths on every fixture feed, on generated feeds (WordPress-style
RSS 2.0, Atom with xhtml content, RSS 1.0/RDF, YouTube-style Atom with media:group, a podcast
RSS) and on a few hundred seeded random feeds, and
compare every field exactly, HTML strings included: the fast path reproduces feedparser's HTML
re-serialization, so no field needs a normalised comparison. Its building blocks (the HTML
re-serializer, the date readers, the URL joins, the tables copied from feedparser) are compared
with feedparser's own functions on generated inputs. The rest checks the fallbacks: what
declines, that parse_feed then uses the adapter, and that FALLBACKS counts it.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from feedparser.api import StrictFeedParser
from feedparser.datetimes import _parse_date
from feedparser.html import _cp1252
from feedparser.mixin import _FeedParserMixin
from feedparser.sanitizer import _HTMLSanitizer
from feedparser.urls import (
    ACCEPTABLE_URI_SCHEMES as FEEDPARSER_SCHEMES,
)
from feedparser.urls import (
    RelativeURIResolver,
    _urljoin,
    make_safe_absolute_uri,
    resolve_relative_uris,
)

from feed_samples import (
    PODCAST_STYLE,
    TEXTS,
    URLS,
    YOUTUBE_STYLE,
    any_date,
    atom_xhtml_feed,
    html_fragment,
    random_feed,
    rdf_feed,
    wordpress_feed,
)
from tributary.parse import FALLBACKS, parse_feed
from tributary.parse.dates import read_date
from tributary.parse.fast import HANDLED_NAMES, FastPathDeclined, parse_fast
from tributary.parse.fast_markup import (
    HTML_EVIDENCE_ELEMENTS,
    URL_ATTRIBUTES,
    VOID_ELEMENTS,
    looks_like_html,
    reserialize,
)
from tributary.parse.feedparser_adapter import parse_xml
from tributary.parse.urljoins import (
    ACCEPTABLE_URI_SCHEMES,
    fp_urljoin,
    quick_urljoin,
    safe_absolute_uri,
)
from tributary.parse.values import CP1252, plain, plain_text
from tributary.parse.vocabulary import KNOWN_NAMESPACES
from tributary.types import FeedData

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
    "summary_html", "content_html", "origin_outlet",
)  # fmt: skip


def fast_or_none(body: bytes, content_type: str | None, url: str = URL) -> FeedData | None:
    try:
        return parse_fast(body, url=url, content_type=content_type)
    except FastPathDeclined:
        return None


def assert_same_feed(fast: FeedData, slow: FeedData) -> None:
    """Every field of the feed and of each entry, one by one for readable failures."""
    for field in ("format", "title", "site_url", "ttl_seconds", "warnings"):
        assert getattr(fast, field) == getattr(slow, field), field
    assert len(fast.entries) == len(slow.entries)
    for number, (mine, theirs) in enumerate(zip(fast.entries, slow.entries, strict=True)):
        for field in ENTRY_FIELDS:
            assert getattr(mine, field) == getattr(theirs, field), (number, field)
    assert fast == slow


def assert_matches_adapter(body: bytes, content_type: str | None, url: str = URL) -> bool:
    """When the fast path accepts ``body``, its FeedData is the adapter's. Returns whether
    it accepted."""
    fast = fast_or_none(body, content_type, url)
    if fast is None:
        return False
    assert_same_feed(fast, parse_xml(body, url=url, content_type=content_type))
    return True


# --- differential: fixtures, generated feeds, random feeds ----------------------------------

FIXTURES = sorted(p for p in FEEDS.iterdir() if ".expected." not in p.name)


@pytest.mark.parametrize("content_type", CONTENT_TYPES, ids=str)
@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_fixture_feed_matches_the_adapter(path: Path, content_type: str | None) -> None:
    if path.suffix == ".json":
        with pytest.raises(FastPathDeclined):  # JSON never reaches it through parse_feed
            parse_fast(path.read_bytes(), url=URL, content_type=content_type)
        return
    assert_matches_adapter(path.read_bytes(), content_type)


# The fixtures the fast path must take (the others exercise encodings, broken XML, DOCTYPEs).
ACCEPTED = [
    "atom10_xml_base.xml",
    "media_only.xml",
    "no_dates.xml",
    "rss10_rdf.xml",
    "rss20_full.xml",
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
    "atom-xhtml": atom_xhtml_feed(),
    "rdf": rdf_feed(),
    "youtube-style": YOUTUBE_STYLE,
    "podcast-style": PODCAST_STYLE,
}


@pytest.mark.parametrize("name", list(GENERATED))
def test_generated_feed_takes_the_fast_path_and_matches(name: str) -> None:
    body = GENERATED[name]
    fast = parse_fast(body, url=URL, content_type="application/xml")
    assert_same_feed(fast, parse_xml(body, url=URL, content_type="application/xml"))
    assert fast.entries


def test_wordpress_bodies_keep_their_markup() -> None:
    feed = parse_fast(GENERATED["wordpress"], url=URL, content_type="application/rss+xml")
    entry = feed.entries[0]
    assert entry.content_html is not None
    assert len(entry.content_html) > 4000
    assert '<img alt="' in entry.content_html
    assert entry.content_html.endswith("</figure>")
    assert entry.author
    assert entry.published
    assert entry.tags


@pytest.mark.parametrize("seed_block", range(4))
def test_random_feeds_match_the_adapter(seed_block: int) -> None:
    accepted = 0
    for seed in range(seed_block * 100, seed_block * 100 + 100):
        rng = random.Random(seed)
        body = random_feed(rng)
        content_type = rng.choice(CONTENT_TYPES)
        url = rng.choice([URL, "https://feeds.example/a/b/index.xml", "http://feeds.example"])
        accepted += assert_matches_adapter(body, content_type, url)
    assert accepted >= 25  # the generator mixes in constructs the fast path declines


def test_random_feeds_without_odd_constructs_are_mostly_accepted() -> None:
    accepted = 0
    for seed in range(60):
        body = wordpress_feed(3, seed=seed, body_paragraphs=2)
        accepted += assert_matches_adapter(body, "application/rss+xml")
    assert accepted == 60


BASES = [
    'xml:base="https://b.example/x/"',
    'base="https://b.example/y/"',
    'BASE="https://b.example/z/"',
    'ex:base="https://b.example/w/"',
    'xml:base=""',
    'xml:base="javascript:alert(1)"',
    'xml:base="../up/"',
    'xml:base="//cdn.example/a/"',
]


@pytest.mark.parametrize("base", BASES)
def test_every_kind_of_base_attribute_is_followed(base: str) -> None:
    body = (
        '<rss version="2.0" xmlns:ex="https://ex.example/"><channel><title>T</title>'
        f"<item {base}><title>a</title><link>p/1</link><guid>g/1</guid>"
        '<description>&lt;a href="rel/2"&gt;x&lt;/a&gt;</description>'
        '<enclosure url="a.mp3" type="audio/mpeg"/></item>'
        f"<item><title {base}>b</title><link>p/2</link></item></channel></rss>"
    ).encode()
    assert assert_matches_adapter(body, "application/rss+xml")


def test_text_of_an_element_that_pushes_nothing_joins_the_source_name() -> None:
    # itunes:explicit has only an end handler: with attributes, its text is the source's.
    body = (
        b'<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
        b'<item><title>a</title><source url="https://wire.example/"> <itunes:explicit x="1">Wire'
        b"</itunes:explicit></source></item></channel></rss>"
    )
    slow = parse_xml(body, url=URL, content_type=None)
    assert slow.entries[0].origin_outlet == "Wire"
    fast = fast_or_none(body, None)
    if fast is not None:
        assert_same_feed(fast, slow)


def test_attributes_on_itunes_keywords_decline() -> None:
    body = (
        b'<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
        b'<itunes:keywords x="1">a, b</itunes:keywords></channel></rss>'
    )
    with pytest.raises(FastPathDeclined):
        parse_fast(body, url=URL, content_type=None)


# --- fallbacks ----------------------------------------------------------------------------------

DECLINED = [
    ("broken-xml", b'<rss version="2.0"><channel><title>T</title><item><title>a</item></rss>', "xml"),
    ("undefined-entity", b'<rss version="2.0"><channel><title>&nbsp;</title></channel></rss>', "xml"),
    ("doctype", b'<!DOCTYPE rss [<!ENTITY a "b">]><rss version="2.0"><channel/></rss>', "doctype"),
    ("rss091", (FEEDS / "rss091.xml").read_bytes(), "doctype"),
    ("rss091-no-doctype", b'<rss version="0.91"><channel><title>T</title></channel></rss>', "format"),
    ("rss-no-version", b"<rss><channel><title>T</title></channel></rss>", "format"),
    ("atom03", (FEEDS / "atom03.xml").read_bytes(), "format"),
    ("rss090", b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>T</title></channel></rdf:RDF>', "format"),
    ("latin1", (FEEDS / "latin1_undeclared.xml").read_bytes(), "encoding"),
    ("utf16", (FEEDS / "utf16.xml").read_bytes(), "encoding"),
    ("html", (FEEDS / "html_page.html").read_bytes(), "doctype"),
    ("not-a-feed", b'<?xml version="1.0"?><catalog><book/></catalog>', "format"),
    ("xml-1.1", b'<?xml version="1.1"?><rss version="2.0"><channel/></rss>', "xml"),
    ("odd-element", b'<rss version="2.0"><channel><item><title>a</title><georss:point xmlns:georss="http://www.georss.org/georss">45 7</georss:point></item></channel></rss>', "element"),
    ("odd-date", b'<rss version="2.0"><channel><item><pubDate>2025/05/20</pubDate></item></channel></rss>', "date"),
    ("odd-markup", b'<rss version="2.0"><channel><item><description>&lt;?php x ?&gt;</description></item></channel></rss>', "markup"),
    ("dcterms-under-dc", b'<rss version="2.0" xmlns:dc="http://purl.org/dc/terms/"><channel><item><dc:modified>2025-01-01</dc:modified></item></channel></rss>', "namespaces"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "reason"), [c[1:] for c in DECLINED], ids=[c[0] for c in DECLINED]
)
def test_what_the_fast_path_declines(body: bytes, reason: str) -> None:
    with pytest.raises(FastPathDeclined) as declined:
        parse_fast(body, url=URL, content_type="application/xml")
    assert declined.value.reason == reason


@pytest.mark.parametrize(
    ("body", "reason"), [c[1:] for c in DECLINED], ids=[c[0] for c in DECLINED]
)
def test_parse_feed_falls_back_to_the_adapter_and_counts_it(body: bytes, reason: str) -> None:
    before = FALLBACKS.snapshot().get(reason, 0)
    try:
        expected: FeedData | Exception = parse_xml(body, url=URL, content_type="application/xml")
    except Exception as exc:  # a body that is no feed at all fails the same way on both paths
        expected = exc
    try:
        actual: FeedData | Exception = parse_feed(
            body, url=URL, content_type="application/xml", now=NOW
        )
    except Exception as exc:
        actual = exc
    if isinstance(expected, Exception):
        assert type(actual) is type(expected)
        assert str(actual) == str(expected)
    else:
        assert actual == expected
    assert FALLBACKS.snapshot().get(reason, 0) == before + 1


def test_fast_parses_are_counted_too() -> None:
    before_fast, before_fallbacks = FALLBACKS.fast, FALLBACKS.fallbacks
    parse_feed((FEEDS / "rss20_full.xml").read_bytes(), url=URL, now=NOW)
    assert (FALLBACKS.fast, FALLBACKS.fallbacks) == (before_fast + 1, before_fallbacks)


def test_json_feeds_bypass_both_xml_paths() -> None:
    before = (FALLBACKS.fast, FALLBACKS.fallbacks)
    parse_feed((FEEDS / "json11.json").read_bytes(), url=URL, now=NOW)
    assert (FALLBACKS.fast, FALLBACKS.fallbacks) == before


HOSTILE = [p for p in FIXTURES if p.name.startswith(("billion_laughs", "xxe"))]


@pytest.mark.parametrize("path", HOSTILE, ids=[p.name for p in HOSTILE])
def test_hostile_documents_never_reach_lxml(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tributary.parse.fast_input as fast_input

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("lxml was asked to parse a DOCTYPE")

    monkeypatch.setattr(fast_input.etree, "fromstring", fail)
    with pytest.raises(FastPathDeclined) as declined:
        parse_fast(path.read_bytes(), url=URL, content_type=None)
    assert declined.value.reason == "doctype"


def test_entity_references_without_a_doctype_are_not_resolved() -> None:
    body = b'<rss version="2.0"><channel><title>&xxe;</title></channel></rss>'
    with pytest.raises(FastPathDeclined) as declined:
        parse_fast(body, url=URL, content_type=None)
    assert declined.value.reason == "xml"


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
    feed = parse_fast(NON_ASCII, url=URL, content_type="text/xml")
    assert feed.warnings == (
        "character encoding: document declared as us-ascii, but parsed as utf-8",
    )


def test_ascii_bodies_under_other_charsets_take_the_fast_path() -> None:
    body = NON_ASCII.decode().encode("ascii", "xmlcharrefreplace")
    for content_type in ("application/xml; charset=iso-8859-1", "text/xml; charset=windows-1252"):
        assert assert_matches_adapter(body, content_type)


# --- building blocks against feedparser's own -------------------------------------------------


def _soup(rng: random.Random) -> str:
    """Markup-like character soup, to push the re-serializer's tokenizer."""
    tokens = ["<", ">", "&", ";", "#", "a", "p", "/", '"', "'", "=", " ", "x", "1", "!", "-", "?",
              "br", "img", " href=", " src=", "amp", "nbsp", "&#", "\n", "<a ", "</a>", "<p>",
              "&#x9", "150", "<!--", "-->", "\u00e9", "\t", "/>", "<br/>", "<!x", "&#39;",
              "&#34;", "<3/>", "<P/>", "<BR />", "<a.b/>", "<!DOCTYPE", "<![", " title='", "&lt;"]  # fmt: skip
    return "".join(rng.choice(tokens) for _ in range(rng.randint(1, 30)))


@pytest.mark.parametrize("content_type", ["text/html", "application/xhtml+xml"])
def test_reserialize_matches_feedparsers_resolver(content_type: str) -> None:
    rng = random.Random(11)
    accepted = 0
    bases = [URL, "https://feeds.example", "http://feeds.example/a/b/", "https://[::1"]
    for number in range(3000):
        markup = html_fragment(rng, rng.randint(1, 8)) if number % 2 else _soup(rng)
        base = rng.choice(bases)
        try:
            mine = reserialize(markup, base, content_type)
        except FastPathDeclined:
            continue
        accepted += 1
        assert mine == resolve_relative_uris(markup, base, "utf-8", content_type), markup
    assert accepted > 1000


def test_looks_like_html_matches_feedparser() -> None:
    rng = random.Random(5)
    samples = [*TEXTS, "<b>x</b>", "a</p>", "&bogus;", "<script>x</script>", "</x>"]
    samples += [html_fragment(rng, 2) for _ in range(300)] + [_soup(rng) for _ in range(300)]
    for sample in samples:
        assert looks_like_html(sample) == bool(_FeedParserMixin.looks_like_html(sample)), sample


def _date_soup(rng: random.Random) -> str:
    tokens = ["Mon,", "Tue", "31", "05", "2025", "25", "Feb", "may", "10:00", ":30", "+0000", "-05:00",
              "T", "Z", "-", " ", "GMT", "est", "etc/gmt", "gmt-3", ".5", "1e3", "99"]  # fmt: skip
    return "".join(rng.choice(tokens) for _ in range(rng.randint(1, 8)))


def test_dates_match_feedparser() -> None:
    rng = random.Random(3)
    read = 0
    for number in range(4000):
        text = any_date(rng) if number % 2 else _date_soup(rng)
        try:
            mine = read_date(text)
        except FastPathDeclined:
            continue
        read += 1
        assert mine == _parse_date(text), text
    assert read > 1200


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
    assert RelativeURIResolver.elements_no_end_tag == VOID_ELEMENTS
    assert RelativeURIResolver.relative_uris == URL_ATTRIBUTES
    assert set(_HTMLSanitizer.acceptable_elements) == HTML_EVIDENCE_ELEMENTS
    assert _cp1252 == CP1252
    assert feedparser.__version__.startswith("6.0.")
