"""parse/: feed bytes in, FeedData out.

Golden pairs (``NAME.xml`` / ``NAME.json`` + ``NAME.expected.json``) pin every EntryData field;
the tables below cover formats, encodings, bodies that are not feeds and hostile documents.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import tracemalloc
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest

from tributary.errors import ParseError
from tributary.parse import parse_feed
from tributary.parse.feedparser_adapter import _convert_entries
from tributary.parse.values import person_name, plain_text, text_to_html
from tributary.types import FeedData

FEEDS = Path(__file__).parent / "data" / "feeds"
SRC = Path(__file__).parent.parent / "src" / "tributary"
NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)
URL = "https://feeds.example/feed/"


def parse_fixture(name: str, content_type: str | None = None, url: str = URL) -> FeedData:
    return parse_feed((FEEDS / name).read_bytes(), url=url, content_type=content_type, now=NOW)


def as_json(value: Any) -> Any:
    """FeedData as the JSON shapes the expected files use (datetimes in ISO 8601)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [as_json(item) for item in value]
    return value


GOLDEN = sorted(FEEDS.glob("*.expected.json"))


@pytest.mark.parametrize("expected_path", GOLDEN, ids=[p.name.split(".")[0] for p in GOLDEN])
def test_golden_pairs(expected_path: Path) -> None:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    stem = expected_path.name.removesuffix(".expected.json")
    (source,) = [p for p in FEEDS.glob(f"{stem}.*") if p != expected_path]
    feed = parse_feed(source.read_bytes(), url=expected.pop("_url"), now=NOW)
    actual = as_json(feed)
    warning_prefixes = expected.pop("warnings")
    warnings = actual.pop("warnings")
    assert actual == expected
    assert len(warnings) == len(warning_prefixes), warnings
    for warning, prefix in zip(warnings, warning_prefixes, strict=True):
        assert warning.startswith(prefix)


def test_every_golden_date_is_aware_utc() -> None:
    for expected_path in GOLDEN:
        stem = expected_path.name.removesuffix(".expected.json")
        (source,) = [p for p in FEEDS.glob(f"{stem}.*") if p != expected_path]
        feed = parse_feed(source.read_bytes(), url=URL, now=NOW)
        for entry in feed.entries:
            for moment in (entry.published, entry.updated):
                assert moment is None or moment.utcoffset() == UTC.utcoffset(None)


@pytest.mark.parametrize(
    ("fixture", "expected_format"),
    [
        pytest.param("rss091.xml", "rss091", id="rss091"),
        pytest.param("rss10_rdf.xml", "rss10", id="rss10"),
        pytest.param("rss20_full.xml", "rss20", id="rss20"),
        pytest.param("atom03.xml", "atom03", id="atom03"),
        pytest.param("atom10_xml_base.xml", "atom10", id="atom10"),
        pytest.param("json10.json", "json10", id="json10"),
        pytest.param("json11.json", "json11", id="json11"),
    ],
)
def test_format_names(fixture: str, expected_format: str) -> None:
    assert parse_fixture(fixture).format == expected_format


# Typographic characters spelled as escapes (ruff RUF001 flags look-alike characters).
LATIN1 = ("Café in Zürich öffnet", "Größere Terrasse für Gäste")
CP1252 = (
    "\u201cMarket\u201d prices \u2013 \u20ac3 per kilo\u2026",
    "Apples \u2018cheaper\u2019 this week",
)
MISLABELLED = ("\u201cSmart\u201d quotes \u2013 and café", "Café menu")
UTF16 = ("Αθήνα 東京 night trains", "Sleeper cars return")
BOM = ("Ålesund ferry \u2013 naïve schedule", "Døgnåpent")


@pytest.mark.parametrize(
    ("fixture", "content_type", "expected"),
    [
        pytest.param("latin1_undeclared.xml", None, LATIN1, id="latin1-undeclared"),
        pytest.param(
            "latin1_undeclared.xml",
            "application/rss+xml; charset=ISO-8859-1",
            LATIN1,
            id="latin1-declared-over-http",
        ),
        pytest.param("latin1_undeclared.xml", "text/xml", LATIN1, id="latin1-text-xml-no-charset"),
        pytest.param("windows1252.xml", None, CP1252, id="windows-1252"),
        pytest.param(
            "mislabelled_utf8.xml",
            "application/rss+xml; charset=utf-8",
            MISLABELLED,
            id="windows-1252-declared-utf8",
        ),
        pytest.param("utf16.xml", None, UTF16, id="utf-16"),
        pytest.param("utf16.xml", "application/xml", UTF16, id="utf-16-xml-content-type"),
        pytest.param("utf8_bom.xml", None, BOM, id="utf-8-bom"),
        pytest.param("utf8_bom.xml", "text/html; charset=utf-8", BOM, id="utf-8-bom-as-html"),
    ],
)
def test_encodings(fixture: str, content_type: str | None, expected: tuple[str, str]) -> None:
    feed = parse_fixture(fixture, content_type)
    (entry,) = feed.entries
    assert (entry.title, entry.summary_html) == expected
    assert feed.title == "Encoding Test Post"


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        pytest.param(b"", None, "not a feed: the body is empty", id="empty"),
        pytest.param(b" \r\n\t ", None, "not a feed: the body is empty", id="whitespace"),
        pytest.param(
            (FEEDS / "html_page.html").read_bytes(),
            "text/html; charset=utf-8",
            "not a feed: the document is HTML",
            id="html-page",
        ),
        pytest.param(
            b"<html><body><p>Hello</p></body></html>",
            None,
            "not a feed: the document is HTML",
            id="html-without-doctype",
        ),
        pytest.param(
            (FEEDS / "garbage.json").read_bytes(),
            "application/feed+json",
            "not a feed: invalid JSON: ",
            id="garbage-json",
        ),
        pytest.param(b"[1, 2, 3]", "application/json", "not a feed: JSON without", id="json-list"),
        pytest.param(
            b'{"version": "1.1", "items": []}',
            None,
            "not a feed: JSON without",
            id="json-no-jsonfeed",
        ),
        pytest.param(
            b'<?xml version="1.0"?><catalog><book/></catalog>',
            "application/xml",
            "not a feed: no RSS, Atom or JSON Feed root element",
            id="other-xml",
        ),
        pytest.param(
            b"plain words, nothing else",
            "text/plain",
            "not a feed: no RSS, Atom or JSON Feed root element",
            id="plain-text",
        ),
        pytest.param(  # codecs.lookup raised ValueError on the name, past our ParseError
            b'<?xml version="1.0" encoding="utf\x00-8"?><rss version="2.0"><channel/></rss>',
            "application/rss+xml",
            "not a feed: the parser failed",
            id="nul-in-the-encoding-name",
        ),
        # feedparser.parse(bytes) first tries open(bytes) as a path: we hand it a stream.
        pytest.param(
            b"/etc/passwd",
            None,
            "not a feed: no RSS, Atom or JSON Feed root element",
            id="body-that-is-a-path",
        ),
    ],
)
def test_not_a_feed(body: bytes, content_type: str | None, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_feed(body, url=URL, content_type=content_type, now=NOW)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_empty_feed_is_a_feed() -> None:
    body = b'<rss version="2.0"><channel><title>Quiet Week</title></channel></rss>'
    feed = parse_feed(body, url=URL, now=NOW)
    assert (feed.format, feed.title, feed.entries) == ("rss20", "Quiet Week", ())


def test_xml_body_under_json_content_type_is_parsed_as_xml() -> None:
    feed = parse_fixture("rss091.xml", "application/json")
    assert feed.format == "rss091"


def test_ttl_minutes_become_seconds() -> None:
    assert parse_fixture("rss20_full.xml").ttl_seconds == 45 * 60


# Hostile documents -------------------------------------------------------------------------

LAUGHS = ["billion_laughs.xml", "billion_laughs_prolog_trick.xml"]


@pytest.mark.parametrize("fixture", LAUGHS, ids=[f.removesuffix(".xml") for f in LAUGHS])
def test_entity_expansion_is_never_performed(fixture: str) -> None:
    tracemalloc.start()
    try:
        feed = parse_fixture(fixture)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4_000_000  # feedparser alone reaches ~57 MB on the prolog trick
    (entry,) = feed.entries
    text = json.dumps(as_json(feed))
    assert len(text) < 5_000
    assert "lol" * 11 not in text
    assert entry.url == "https://hostile.example/item"
    assert any("DOCTYPE internal subset removed" in w for w in feed.warnings)


def _laughs_doc(level: int) -> str:
    """Billion laughs behind the "<x" prolog trick, expanding ``&lol{level};``."""
    declarations = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "' + (f"&lol{i - 1};" if i > 1 else "&lol;") * 10 + '">'
        for i in range(1, 10)
    ]
    return (
        '<!DOCTYPE rss [\n<!ENTITY trick "<x>">\n' + "\n".join(declarations) + "\n]>\n"
        '<rss version="2.0"><channel><title>T</title><item><title>a</title>'
        f"<link>https://hostile.example/i</link><description>&lol{level};</description>"
        "</item></channel></rss>"
    )


def _utf7_with_encoded_markup(text: str) -> bytes:
    # UTF-7 may spell "<" as "+ADw-": no "<!DOCTYPE" appears in the raw bytes at all.
    return text.replace("<", "+ADw-").encode("ascii")


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(
            lambda t: ('<?xml version="1.0" encoding="cp037"?>\n' + t).encode("cp037"),
            id="ebcdic-cp037",
        ),
        pytest.param(
            lambda t: ('<?xml version="1.0" encoding="utf-32"?>\n' + t).encode("utf-32"),
            id="utf-32",
        ),
        pytest.param(
            lambda t: ('<?xml version="1.0" encoding="utf-16"?>\n' + t).encode("utf-16"),
            id="utf-16",
        ),
        pytest.param(
            lambda t: b'<?xml version="1.0" encoding="utf-7"?>\n' + _utf7_with_encoded_markup(t),
            id="utf-7",
        ),
    ],
)
def test_entity_declarations_in_other_encodings_are_removed_too(
    encode: Any,
) -> None:
    body: bytes = encode(_laughs_doc(5))
    assert b"<!DOCTYPE" not in body
    feed = parse_feed(body, url=URL, now=NOW)
    assert "lol" * 11 not in json.dumps(as_json(feed))
    assert any("DOCTYPE internal subset removed" in w for w in feed.warnings)


XXE = ["xxe.xml", "xxe_prolog_trick.xml", "xxe_parameter_entity.xml", "xxe_external_dtd.xml"]


@pytest.mark.parametrize("fixture", XXE, ids=[f.removesuffix(".xml") for f in XXE])
def test_external_entities_are_never_read(fixture: str) -> None:
    passwd = Path("/etc/passwd")
    if not passwd.is_file() or "root:" not in passwd.read_text(errors="replace"):
        pytest.skip("needs an /etc/passwd holding 'root:'")
    feed = parse_fixture(fixture)
    assert "root:" not in json.dumps(as_json(feed))
    assert [e.url for e in feed.entries] == ["https://hostile.example/item"]


def _secret_doc(doctype: str, reference: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n{doctype}\n<rss version="2.0"><channel><title>T</title>'
        f"<item><title>a {reference} b</title><link>https://hostile.example/i</link>"
        f"<description>x {reference} y</description></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    ("doctype", "reference"),
    [
        pytest.param('<!DOCTYPE rss [\n<!ENTITY s SYSTEM "{url}">\n]>', "&s;", id="general"),
        pytest.param('<!DOCTYPE rss [<!ENTITY s SYSTEM "{url}">]>', "&s;", id="one-line"),
        pytest.param(
            '<!DOCTYPE rss [\n<!ENTITY t "<x>">\n<!ENTITY s SYSTEM "{url}">\n]>',
            "&s;",
            id="prolog-trick",
        ),
        pytest.param('<!DOCTYPE rss [<!ENTITY % s SYSTEM "{url}"> %s;]>', "", id="parameter"),
        pytest.param('<!DOCTYPE rss SYSTEM "{url}">', "", id="external-dtd"),
    ],
)
def test_external_entity_secret_file_is_never_read(
    tmp_path: Path, doctype: str, reference: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TRIBUTARY-SECRET-7f3a")
    body = _secret_doc(doctype.replace("{url}", secret.as_uri()), reference)
    feed = parse_feed(body, url=URL, now=NOW)
    assert "TRIBUTARY-SECRET" not in json.dumps(as_json(feed))
    assert [e.url for e in feed.entries] == ["https://hostile.example/i"]


def test_netscape_doctype_without_subset_is_kept() -> None:
    assert parse_fixture("rss091.xml").warnings == ()


# Robustness ---------------------------------------------------------------------------------


class ExplodingEntry(Mapping[str, Any]):
    """A fake feedparser entry whose tags cannot be read."""

    def __getitem__(self, key: str) -> Any:
        if key == "tags":
            raise RuntimeError("tags went missing")
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(["tags"])

    def __len__(self) -> int:
        return 1


def test_one_odd_entry_is_skipped_with_a_warning() -> None:
    good = {"id": "g1", "title": "Fine", "link": "https://ok.example/1"}
    warnings: list[str] = []
    entries = list(_convert_entries([good, ExplodingEntry(), good], URL, warnings))
    assert [e.guid for e in entries] == ["g1", "g1"]
    assert warnings == ["entry 2 skipped: RuntimeError: tags went missing"]


FORBIDDEN = [
    ("nul_reference", "&#0;"),
    ("vertical_tab_reference", "&#11;"),
    ("hex_reference", "&#x1F;"),
    ("surrogate_reference", "&#xD800;"),
    ("noncharacter_reference", "&#65535;"),
    ("raw_vertical_tab", "\x0b"),
    ("raw_nul", "\x00"),
    ("raw_noncharacter", "\ufffe"),
]  # fmt: skip


@pytest.mark.parametrize("odd", [c[1] for c in FORBIDDEN], ids=[c[0] for c in FORBIDDEN])
def test_characters_xml_forbids_become_spaces_and_lose_nothing(odd: str) -> None:
    """feedparser's loose parser decoded "&#0;" into the entry (PostgreSQL refuses a NUL) and
    failed the whole feed on "&#xD800;"."""
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Coast{odd}Wire</title><item><guid>g{odd}1</guid><title>Ferry{odd}back</title>"
        f"<link>https://coast.example/ferry</link><category>Ports{odd}</category>"
        f"<description>The ferry{odd}runs again &#8217;today&#8217;.</description>"
        "</item></channel></rss>"
    ).encode()
    feed = parse_feed(body, url=URL, now=NOW)
    [entry] = feed.entries
    assert (feed.title, entry.title, entry.tags) == ("Coast Wire", "Ferry back", ("Ports",))
    assert (entry.guid or "").endswith("g 1")  # feedparser joins it to the feed URL
    assert entry.summary_html == "The ferry runs again \u2019today\u2019."
    assert entry.url == "https://coast.example/ferry"


def test_feedparser_global_options_are_untouched() -> None:
    before = (feedparser.SANITIZE_HTML, feedparser.RESOLVE_RELATIVE_URIS)
    parse_fixture("rss20_full.xml")
    assert before == (feedparser.SANITIZE_HTML, feedparser.RESOLVE_RELATIVE_URIS)


def test_html_is_not_sanitized_here() -> None:
    body = (
        b'<rss version="2.0"><channel><title>T</title><item><title>x</title>'
        b"<description>&lt;p onclick=&quot;go()&quot;&gt;hi&lt;/p&gt;"
        b"&lt;script&gt;s()&lt;/script&gt;"
        b"</description></item></channel></rss>"
    )
    (entry,) = parse_feed(body, url=URL, now=NOW).entries
    assert entry.summary_html is not None
    assert "<script>" in entry.summary_html
    assert "onclick" in entry.summary_html


# Small conversions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        pytest.param("Plain  title\n", "Plain title", id="whitespace"),
        pytest.param("Q&amp;A <b>now</b>", "Q&A now", id="markup-and-entity"),
        pytest.param("Tom &amp;amp; Jerry", "Tom & Jerry", id="double-escaped"),
        pytest.param("a<br>b", "a b", id="br-separates"),
        pytest.param("x<script>alert(1)</script>y", "xy", id="script-dropped"),
        pytest.param("", "", id="empty"),
    ],
)
def test_plain_text(markup: str, text: str) -> None:
    assert plain_text(markup) == text


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        pytest.param("desk@news.example (Ana Lindqvist)", "Ana Lindqvist", id="rss-email-name"),
        pytest.param("Ana Lindqvist <desk@news.example>", "Ana Lindqvist", id="name-angle-email"),
        pytest.param("Ana Lindqvist (desk@news.example)", "Ana Lindqvist", id="name-paren-email"),
        pytest.param("desk@news.example", "desk@news.example", id="email-only"),
        pytest.param("Ana (Stockholm)", "Ana (Stockholm)", id="parenthesis-not-email"),
    ],
)
def test_person_name(raw: str, name: str) -> None:
    assert person_name(raw) == name


def test_text_to_html() -> None:
    assert text_to_html("One <two>\n& three\n\n\nFour") == (
        "<p>One &lt;two&gt;<br>&amp; three</p><p>Four</p>"
    )


# Conventions --------------------------------------------------------------------------------


FIXTURES = sorted(p for p in FEEDS.iterdir() if ".expected." not in p.name)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_fixture_carries_description_and_expect(path: Path) -> None:
    text = path.read_bytes()
    for codec in ("utf-16", "utf-8", "cp1252"):
        try:
            head = text.decode(codec)[:2000]
        except UnicodeDecodeError:
            continue
        if "Description:" in head:
            break
    assert "Description:" in head
    assert "Expect:" in head


def _imported_modules(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_feedparser_is_imported_only_by_the_adapter() -> None:
    importers = {
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if any(m.split(".")[0] == "feedparser" for m in _imported_modules(path))
    }
    assert importers == {"parse/feedparser_adapter.py"}


# --- the chain of attribution, as feeds state it -------------------------------------------

_RSS_ITEM = (
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Radio Harbor'
    "</title><item><title>Ferry vote</title><link>https://harbor.example/ferry</link>{}</item>"
    "</channel></rss>"
)
_ATOM_ENTRY = (
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>Radio Harbor</title><id>urn:h</id>'
    '<entry><id>urn:h:1</id><title>Ferry vote</title><link href="https://harbor.example/ferry"/>'
    "{}</entry></feed>"
)
ORIGINS = [
    ("rss_source", _RSS_ITEM.format('<source url="https://coastal.example/rss">Coastal Wire</source>'), ("Coastal Wire", None)),
    ("atom_source", _ATOM_ENTRY.format("<source><id>urn:c</id><title>Coastal Wire</title></source>"), ("Coastal Wire", None)),
    ("dc_source_name", _RSS_ITEM.format("<dc:source>Coastal Wire</dc:source>"), ("Coastal Wire", None)),
    ("dc_source_uri_is_no_outlet", _RSS_ITEM.format("<dc:source>https://coastal.example/a/1</dc:source>"), (None, None)),
    ("rss_source_wins_over_dc_source", _RSS_ITEM.format('<source url="https://c.example/">Coastal Wire</source><dc:source>Other</dc:source>'), ("Coastal Wire", None)),
    ("dc_creator", _RSS_ITEM.format("<dc:creator>Mina Park</dc:creator>"), (None, "Mina Park")),
    ("itunes_author", _RSS_ITEM.format("<itunes:author>Mina Park</itunes:author>"), (None, "Mina Park")),
    ("atom_author", _ATOM_ENTRY.format("<author><name>Mina Park</name></author>"), (None, "Mina Park")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "expected"), [c[1:] for c in ORIGINS], ids=[c[0] for c in ORIGINS]
)
def test_origin_and_author_from_the_feed(
    body: str, expected: tuple[str | None, str | None]
) -> None:
    feed = parse_feed(body.encode(), url=URL, content_type=None, now=NOW)
    (entry,) = feed.entries
    assert (entry.origin_outlet, entry.author) == expected
