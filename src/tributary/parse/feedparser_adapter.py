"""The one module that imports feedparser: XML feeds (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) in,
FeedData out. feedparser's dict never leaves this module.

    parse_xml(body)
      -> convert_to_utf8            (feedparser's own encoding detection, HTTP charset first)
      -> strip_internal_subset      (xmlguard: no entity declarations reach the XML parser)
      -> feedparser.parse           (per-call options only; never its module-level toggles)
      -> no version and no entries  => ParseError
      -> _convert_entry per entry   (one odd entry is skipped with a warning)

Options, per call: ``sanitize_html=False`` (nh3 sanitizes later, in clean/, with our rules)
and ``resolve_relative_uris=True`` against xml:base and the feed URL, given to feedparser as
a Content-Location header. The body goes in as a stream: given bytes, feedparser first tries
``open(body)`` as a file name.

Why transcode first: feedparser decodes the body (BOM, HTTP charset, XML declaration, then
fallbacks) before it hands UTF-8 to expat, so a DOCTYPE written in EBCDIC, UTF-32 or UTF-7 is
invisible in the raw bytes. We run that same step (``feedparser.encodings.convert_to_utf8``,
unchanged from 6.0.11 to 6.0.14), screen its UTF-8, and parse that, declared as UTF-8. Its
output is idempotent under a second conversion, and its encoding warnings come from the first.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from typing import Any

import feedparser
from feedparser.encodings import convert_to_utf8

from tributary.errors import ParseError
from tributary.parse.htmlurls import absolute_url
from tributary.parse.shape import (
    as_html,
    content_html,
    dicts,
    enclosure_items,
    entry_base,
    entry_link,
    text,
    unique_enclosures,
)
from tributary.parse.values import (
    first_line,
    person_name,
    plain_text,
    to_int,
    unique_tags,
    utc_from_struct,
)
from tributary.parse.xmlguard import strip_internal_subset
from tributary.types import Enclosure, EntryData, FeedData
from tributary.xmlchars import xml_bytes

# feedparser's version strings -> ours. RSS 0.93/0.94 were drafts of 0.92; "rss" and
# "atom" are feedparser's answers for a root element without a version it knows.
_FORMATS = {
    "rss090": "rss090",
    "rss091n": "rss091",
    "rss091u": "rss091",
    "rss092": "rss092",
    "rss093": "rss092",
    "rss094": "rss092",
    "rss10": "rss10",
    "rss20": "rss20",
    "rss": "rss20",
    "atom01": "atom03",
    "atom02": "atom03",
    "atom03": "atom03",
    "atom10": "atom10",
    "atom": "atom10",
}
_DOCTYPE_WARNING = "DOCTYPE internal subset removed: entity declarations are never expanded"

Raw = Mapping[str, Any]


def parse_xml(body: bytes, *, url: str, content_type: str | None) -> FeedData:
    """An XML feed as FeedData; ParseError when no feed comes out of it."""
    utf8, headers, encoding_warnings = _transcode(body, url, content_type)
    screened, subset_removed = strip_internal_subset(xml_bytes(utf8))
    result = _run_feedparser(screened, headers)
    version = str(result.get("version") or "")
    raw_entries = result.get("entries") or []
    if not version and not raw_entries:
        raise ParseError(_not_a_feed(body))
    warnings = [_DOCTYPE_WARNING] if subset_removed else []
    warnings.extend(encoding_warnings)
    warnings.extend(_bozo_warnings(result))
    feed: Raw = result.get("feed") or {}
    entries = tuple(_convert_entries(raw_entries, url, warnings))
    ttl_minutes = to_int(feed.get("ttl"))
    return FeedData(
        format=_FORMATS.get(version, version or "rss20"),
        title=plain_text(text(feed.get("title"))) or None,
        site_url=absolute_url(text(feed.get("link")), url),
        entries=entries,
        ttl_seconds=ttl_minutes * 60 if ttl_minutes is not None else None,
        warnings=tuple(dict.fromkeys(warnings)),  # both passes may report one encoding issue
    )


def _transcode(
    body: bytes, url: str, content_type: str | None
) -> tuple[bytes, dict[str, str], list[str]]:
    """The body as feedparser would decode it, the headers to parse it with, and warnings.

    When no encoding works feedparser keeps the bytes and uses its loose (non-expat) parser;
    we then pass the original headers so the second pass decides the same way.
    """
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    state: dict[str, Any] = {}
    try:
        utf8: bytes = convert_to_utf8(dict(headers), body, state)
    except Exception as exc:  # feedparser has no error type of its own
        raise ParseError(f"not a feed: the parser failed: {first_line(repr(exc))}") from exc
    warnings = _bozo_warnings(state)
    if not state.get("encoding"):
        return body, headers, warnings
    return utf8, {**headers, "content-type": "application/xml; charset=utf-8"}, warnings


def _run_feedparser(body: bytes, headers: Mapping[str, str]) -> Raw:
    try:
        result: Raw = feedparser.parse(
            io.BytesIO(body),
            response_headers=dict(headers),
            resolve_relative_uris=True,
            sanitize_html=False,
        )
    except Exception as exc:  # feedparser has no error type of its own; any bug is a ParseError
        raise ParseError(f"not a feed: the parser failed: {first_line(repr(exc))}") from exc
    return result


def _not_a_feed(body: bytes) -> str:
    head = body[:2048].decode("latin-1").lower()
    if "<html" in head or "<!doctype html" in head:
        return "not a feed: the document is HTML"
    return "not a feed: no RSS, Atom or JSON Feed root element"


def _bozo_warnings(result: Raw) -> list[str]:
    """feedparser's one "bozo" exception as a warning line, when it matters to a reader.

    A wrong content type (NonXMLContentType) is not worth a warning: we parse the body anyway.
    """
    if not result.get("bozo"):
        return []
    exc = result.get("bozo_exception")
    if exc is None or isinstance(exc, feedparser.NonXMLContentType):
        return []
    message = first_line(str(exc) or type(exc).__name__)
    if isinstance(exc, (feedparser.CharacterEncodingOverride, feedparser.CharacterEncodingUnknown)):
        return [f"character encoding: {message}"]
    return [f"malformed XML, parsed as far as possible: {message}"]


def _convert_entries(raw_entries: list[Raw], url: str, warnings: list[str]) -> Iterator[EntryData]:
    for number, raw in enumerate(raw_entries, start=1):
        try:
            yield _convert_entry(raw, url)
        except Exception as exc:  # one odd entry must never lose the feed
            warnings.append(f"entry {number} skipped: {type(exc).__name__}: {first_line(str(exc))}")


def _convert_entry(raw: Raw, feed_url: str) -> EntryData:
    base = entry_base(raw) or feed_url
    return EntryData(
        guid=text(raw.get("id")) or None,
        url=absolute_url(entry_link(raw), base),
        title=plain_text(text(raw.get("title"))),
        author=_author(raw),
        published=utc_from_struct(_own(raw, "published_parsed")),
        updated=utc_from_struct(_own(raw, "updated_parsed")),
        summary_html=_summary_html(raw),
        content_html=content_html(raw),
        tags=unique_tags(tag.get("term") for tag in dicts(raw.get("tags"))),
        enclosures=_enclosures(raw, base),
        origin_outlet=_origin_outlet(raw),
    )


def _own(raw: Raw, key: str) -> object:
    """A key's own value: FeedParserDict.get("updated_parsed") falls back to the published date
    (feedparser issue 310), which would invent an update the feed never stated."""
    return dict.get(raw, key) if isinstance(raw, dict) else raw.get(key)


def _author(raw: Raw) -> str | None:
    """Every author's name (Atom <author>, repeated dc:creator) joined with ", ".

    For a single author we read feedparser's ``author`` string, not its parsed name: its email
    regex knows only 2-4 letter top-level domains, so "desk@news.example (Ana)" comes out as
    the name "ple (Ana".
    """
    people = dicts(raw.get("authors"))
    if len(people) < 2:
        return person_name(plain_text(text(raw.get("author")))) or None
    names: list[str] = []
    for person in people:
        name = person_name(plain_text(text(person.get("name")) or text(person.get("email"))))
        if name and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _summary_html(raw: Raw) -> str | None:
    """description / summary. feedparser copies content into ``summary`` when there is no
    summary, but then without ``summary_detail``: only a real summary has the detail."""
    detail = raw.get("summary_detail")
    return as_html(detail) if isinstance(detail, Mapping) else None


def _enclosures(raw: Raw, base: str) -> tuple[Enclosure, ...]:
    """RSS <enclosure>, Atom rel=enclosure, media:content and media:thumbnail, each URL once.

    feedparser leaves these URLs relative, so they are joined to the entry's base here.
    """
    return unique_enclosures(enclosure_items(raw), lambda url: absolute_url(url, base))


def _origin_outlet(raw: Raw) -> str | None:
    """RSS <source url="...">Outlet</source> and atom:source carry a title for the origin;
    else dc:source when it is a name. Dublin Core allows a URI there, and most feeds put one:
    a URI names a page, not an outlet, so it is left out."""
    source = raw.get("source")
    if isinstance(source, Mapping):
        title = plain_text(text(source.get("title")))
        if title:
            return title
    dc_source = plain_text(text(raw.get("dc_source")))
    if not dc_source or "://" in dc_source or dc_source.startswith(("www.", "urn:")):
        return None
    return dc_source
