"""feedparser_rs's entries turned into EntryData by the feedparser adapter's rules.

The adapter (parse/feedparser_adapter.py) reads feedparser's dictionaries; this module reads
the same facts off feedparser_rs's objects and applies the same rules, field by field:

- guid: the id as written; feedparser joins it to the document URL when it is a permalink
  (an RSS guid without isPermaLink="false", every Atom id), so this does too.
- url: RSS: the last <link>, else the permalink guid; Atom: the last rel=alternate link of an
  HTML type, else the id, else the first alternate link; joined to the document URL.
- title, author, tags, origin: plain text by the adapter's helpers (parse/values.py), whose
  HTML parser runs only for text holding "<" or "&".
- published, updated: each element's own text, read by feedparser's date rules (dates.py);
  the census (``Shape.dates``) says which date elements an entry has.
- summary_html, content_html: the HTML as the feed carried it, not feedparser's
  re-serialization of it (the clean step parses and sanitizes every body with nh3 anyway).
  Relative URLs: feedparser makes them absolute against the feed's URL; the clean step makes
  what is left relative absolute against the article's URL. When the article is on the feed's
  origin the two agree for absolute, root-relative ("/img/a.jpg") and scheme-relative URLs,
  so the body is left as it is; a reference relative to a directory, a query or a fragment
  ("img/a.jpg", "?p=2", "#notes") then resolves against the article's URL instead of the
  feed's, the better base for HTML taken from the article. When the article is on another
  origin, or there is no article URL, the body's URLs are resolved here against the feed's
  URL, as feedparser does (htmlurls.py; one scan of the body).

Each feedparser_rs attribute is read once (reading one copies it out of Rust), and the pass
counts what the census checks need (``Tally``) as it goes. Where feedparser_rs's values
cannot tell what feedparser would read, ``FastPathDeclined`` is raised.
"""

from __future__ import annotations

import html.entities
import re
from dataclasses import dataclass
from typing import Any

from tributary.parse.dates import read_utc
from tributary.parse.fallbacks import FastPathDeclined
from tributary.parse.htmlurls import absolute_url, resolve_html_urls
from tributary.parse.shape import (
    EnclosureItem,
    html_body,
    link_enclosure_type,
    longest_body,
    unique_enclosures,
)
from tributary.parse.urljoins import fp_urljoin, is_plain_absolute, quick_urljoin
from tributary.parse.values import (
    collapse_whitespace,
    fix_text,
    person_name,
    plain,
    to_int,
    unique_tags,
)
from tributary.types import Enclosure, EntryData

# feedparser_rs's default ParserLimits for the lists of one entry.
_LIMITS = {"authors": 20, "contents": 10, "enclosures": 20, "links": 50, "tags": 100}
_ALTERNATE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTTP = ("https://", "http://")
_LINK_REFERENCE = re.compile(r"&([A-Za-z0-9_]+);")
# feedparser_rs empties an item's link or enclosure URL when it names a private or loopback
# address (its SSRF guard); an empty one may also be an empty element. Either way, declined.
_WITHHELD = "an empty link or enclosure URL (feedparser_rs withholds private addresses)"
_ENTITY = re.compile(r"&([A-Za-z][-.A-Za-z0-9]*);")
_KNOWN_ENTITIES = frozenset(html.entities.name2codepoint) | {"apos"}
# feedparser's email pattern for "name (email)" strings (feedparser.mixin _sync_author_detail).
_EMAIL = re.compile(
    r"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))"
    r"([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"
)


@dataclass(frozen=True, slots=True)
class Shape:
    """What the census says about the document's entries (rust_feed.py fills it in)."""

    atom: bool
    url: str  # the document's URL: the base of every join
    origin: str  # its scheme, host and port ("https://news.example")
    dates: list[tuple[bool, bool]] | None  # per entry: (has published, has updated), if in doubt
    authored: list[bool] | None  # per entry: has an author of its own, if in doubt
    permalinks: bool | list[bool]  # guids are permalinks (Atom ids are): all, none, per entry
    plain_summaries: bool  # Atom summaries without a type (text; feedparser_rs says HTML)
    has_media: bool
    has_media_title: bool
    has_source: bool
    has_tags: bool


@dataclass(slots=True)
class Tally:
    """What the pass saw, for the census's checks (rust_feed.py)."""

    titled: int = 0  # entries with a title
    described: int = 0  # entries with a summary of their own (not copied from the content)
    authored: int = 0  # entries with an author string


def text(value: str | None) -> str:
    """A value stripped, with feedparser's last text fix-ups for non-ASCII text."""
    if not value:
        return ""
    value = value.strip()
    return value if value.isascii() else fix_text(value)


def decline_references(link: str, where: str) -> None:
    """feedparser rewrites a link holding an entity reference ("&amp;" and the like): such a
    link declines."""
    if "&" in link and _LINK_REFERENCE.search(link):
        raise FastPathDeclined("link", f"a reference in {where}")


def absolute(url: str, base: str) -> str | None:
    """The adapter's ``absolute_url`` of a URL feedparser already joined (http(s): itself)."""
    if url.startswith(_HTTP):
        return url
    return absolute_url(url, base)


def convert(entries: list[Any], shape: Shape) -> tuple[list[EntryData], Tally]:
    tally = Tally()
    return [_entry(e, number, shape, tally) for number, e in enumerate(entries)], tally


def _entry(e: Any, number: int, shape: Shape, tally: Tally) -> EntryData:
    guid = _guid(e, number, shape)
    url = _atom_link(e, guid, shape) if shape.atom else _rss_link(e, shape.url)
    summary_html, content_html = _bodies(e, shape, tally)
    if url is None or not _same_origin(url, shape.origin):
        summary_html, content_html = _resolved(summary_html, shape), _resolved(content_html, shape)
    published, updated = _dates(e, number, shape)
    # Positional, in EntryData's field order (keywords would cost 0.4 µs an entry more).
    return EntryData(
        guid or None,  # guid
        url,
        _title(e, shape, tally),  # title
        _author(e, number, shape, tally),  # author
        published,
        updated,
        summary_html,
        content_html,
        _tags(e) if shape.has_tags else (),  # tags
        _enclosures(e, shape),  # enclosures
        _origin(e) if shape.has_source else None,  # origin_outlet
    )


def _same_origin(url: str, origin: str) -> bool:
    """Whether ``url`` is on ``origin`` (scheme, host and port, as the feed URL writes them)."""
    return url.startswith(origin) and url[len(origin) : len(origin) + 1] in ("", "/", "?", "#")


def _resolved(markup: str | None, shape: Shape) -> str | None:
    """A body with its relative URLs made absolute against the feed's URL, as feedparser
    makes them (see the module doc for when that is needed)."""
    return resolve_html_urls(markup, shape.url) if markup else markup


def _within_limit(items: list[Any], kind: str) -> list[Any]:
    """feedparser_rs keeps at most so many authors, links, tags, enclosures and contents in an
    entry (its ParserLimits) and drops the rest without a word; feedparser keeps them all."""
    if len(items) >= _LIMITS[kind]:
        raise FastPathDeclined("limit", f"{len(items)} {kind} in one entry")
    return items


def _tags(e: Any) -> tuple[str, ...]:
    return unique_tags([text(tag.term) for tag in _within_limit(e.tags, "tags")])


def _guid(e: Any, number: int, shape: Shape) -> str:
    """The id; feedparser joins a permalink guid (and every Atom id) to the document URL."""
    guid = text(e.id)
    permalink = shape.permalinks
    if not isinstance(permalink, bool):
        permalink = permalink[number]
    return fp_urljoin(shape.url, guid) if guid and permalink else guid


def _rss_link(e: Any, base: str) -> str | None:
    """The last <link>, else the permalink guid (feedparser_rs's ``link`` already is that)."""
    raw: str | None = e.link
    if raw and "&" not in raw and is_plain_absolute(raw):
        return raw  # what feedparser's join and the adapter's absolute_url leave it as
    link = text(raw)
    if not link:
        if raw is not None:
            raise FastPathDeclined("link", _WITHHELD)
        return None
    decline_references(link, "a link")
    return absolute(fp_urljoin(base, link), base)


def _atom_link(e: Any, guid: str, shape: Shape) -> str | None:
    return alternate_link(_within_limit(e.links, "links"), guid, shape.url)


def alternate_link(links: list[Any], joined_id: str, base: str) -> str | None:
    """feedparser's link for an Atom entry or feed: the last rel=alternate link of an HTML
    type; else the id (feedparser saves it as the link when no such link came first); else
    the first alternate link of any type (the adapter's fallback)."""
    href = ""
    for link in links:
        if not link.href:
            raise FastPathDeclined("link", _WITHHELD)
        if (link.rel or "alternate") == "alternate" and (
            (link.type or "text/html").lower() in _ALTERNATE_TYPES
        ):
            href = link.href
    if not href and joined_id:
        return joined_id
    if not href:
        href = next((link.href for link in links if link.rel == "alternate" and link.href), "")
    link = text(href)
    return absolute(fp_urljoin(base, link), base) if link else None


def _title(e: Any, shape: Shape, tally: Tally) -> str:
    """The adapter's plain-text title.

    Declined: an empty <title> beside a media:title (feedparser takes the media:title,
    feedparser_rs the empty title); an unknown entity reference in a title (feedparser writes
    it as "&amp;name" in HTML, its ";" dropped); "<!" or "<?" in a title (feedparser keeps
    "<!x" as text, an HTML parser drops it).
    """
    raw = e.title
    if raw is None:
        return ""
    tally.titled += 1
    if shape.has_media_title and not raw.strip():
        raise FastPathDeclined("title", "an empty title beside a media:title")
    if raw.isascii() and "<" not in raw and raw.count("&") == raw.count("& "):
        return collapse_whitespace(raw)  # no markup, no reference: plain_text's answer
    title = text(raw)
    if "<!" in title or "<?" in title:
        raise FastPathDeclined("title", "a declaration in a title")
    if "&" in title:
        for name in _ENTITY.findall(title):
            if name not in _KNOWN_ENTITIES:
                raise FastPathDeclined("title", f"unknown entity &{name}; in a title")
    return plain(title)


def _dates(e: Any, number: int, shape: Shape) -> tuple[Any, Any]:
    """published and updated from their own elements' text, read by feedparser's rules.

    feedparser_rs fills a missing updated date from the published one, and in RSS a published
    date that is missing (or that it could not read, if dc:date follows) from dc:date.
    """
    published_raw = e.published
    if shape.dates is None:  # RSS without dc:date: pubDate is the only date
        return (read_utc(published_raw.strip()) if published_raw else None), None
    has_published, has_updated = shape.dates[number]
    updated_raw = e.updated
    if not shape.atom and has_updated:
        if e.dc_date is None:
            raise FastPathDeclined("date", "a dc:date feedparser_rs did not read")
        if has_published and published_raw == updated_raw:
            raise FastPathDeclined("date", "pubDate and dc:date feedparser_rs may have mixed")
    published = read_utc(published_raw.strip()) if has_published and published_raw else None
    updated = read_utc(updated_raw.strip()) if has_updated and updated_raw else None
    return published, updated


def feedparser_person(raw: str) -> str:
    """The name feedparser's _sync_author_detail makes of an author string: the email taken
    out ("a@b.example (Ana)" gives "ple (Ana": its pattern knows only 2-4 letter top-level
    domains), else the email itself."""
    match = _EMAIL.search(raw)
    if not match:
        return raw
    email = match.group(0)
    author = raw.replace(email, "").replace("()", "").replace("<>", "")
    author = author.replace("&lt;&gt;", "").strip()
    if author and author[0] == "(":
        author = author[1:]
    if author and author[-1] == ")":
        author = author[:-1]
    return author.strip() or email


def _author(e: Any, number: int, shape: Shape, tally: Tally) -> str | None:
    """The adapter's author: one person's name, or every person's joined with ", "."""
    if shape.authored is not None and not shape.authored[number]:
        return None  # feedparser_rs gave the entry the feed's author (RFC 4287); feedparser not
    raw = e.author
    if raw is None:
        return None
    tally.authored += 1
    people = _within_limit(e.authors, "authors")
    if len(people) < 2:
        name = text(raw)
        if "@" in name or "<" in name or "&" in name or not name.isascii():
            return person_name(plain(name)) or None
        return collapse_whitespace(name) or None
    names: list[str] = []
    for person in people:
        email = person.email
        if shape.atom and not person.name:
            # feedparser names a nameless Atom person after the author before it ("Jun (ple").
            raise FastPathDeclined("author", "an Atom author without a name beside another")
        if email is None and not shape.atom:  # dc:creator, itunes:author: parsed as raw text
            name = person_name(plain(feedparser_person(text(person.name))))
        else:  # an Atom person: name, else email
            name = person_name(plain(text(person.name) or text(email)))
        if name and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _bodies(e: Any, shape: Shape, tally: Tally) -> tuple[str | None, str | None]:
    """summary_html and content_html by the adapter's rules (shape.py). feedparser_rs copies
    the first content into the summary when there is none: such a summary is no summary."""
    content = _within_limit(e.content, "contents")
    first = content[0].value if content else None
    if len(content) == 1:
        content_html = _html(content[0].type, text(first))
    else:
        content_html = longest_body((c.type, text(c.value)) for c in content)
    detail = e.summary_detail
    if detail is None:
        return None, content_html
    value = detail.value
    if first is not None and value == first:
        return None, content_html
    tally.described += 1
    kind = "text" if shape.plain_summaries else detail.type
    return _html(kind, text(value)), content_html


def _html(kind: str | None, value: str) -> str | None:
    """shape.html_body, with its commonest case (HTML) first."""
    if kind == "text/html":
        return value or None
    return html_body(kind, value)


def _enclosures(e: Any, shape: Shape) -> tuple[Enclosure, ...]:
    """RSS <enclosure> and Atom rel=enclosure, media:content, media:thumbnail: the adapter's
    rules (shape.py) on feedparser_rs's values, media types lowercased as feedparser does."""
    found = _within_limit(e.enclosures, "enclosures")
    if any(not x.href for x in found):
        raise FastPathDeclined("link", _WITHHELD)
    if not shape.has_media:
        if not found:
            return ()
        if len(found) == 1:  # the usual podcast or WordPress item, without a generator
            x = found[0]
            url = _join(text(x.href), shape.url)
            if not url:
                return ()
            kind = _lower(x.type)
            kind = None if not kind or kind == "text/html" else kind.strip() or None
            return (Enclosure(url, kind, to_int(x.length), None),)
    items: list[EnclosureItem] = [
        (x.href, link_enclosure_type(_lower(x.type)), x.length, None) for x in found
    ]
    if shape.has_media:
        media = _within_limit(e.media_content, "enclosures")
        thumbnails = _within_limit(e.media_thumbnail, "enclosures")
        items += [(m.url, _lower(m.type), m.filesize, m.medium) for m in media]
        items += [(t.url, None, None, "image") for t in thumbnails]
    base = shape.url
    return unique_enclosures(items, lambda url: _join(url, base))


def _join(url: str, base: str) -> str | None:
    """The adapter's ``absolute_url(url, base)``, taking urljoin's shortcuts (urljoins.py)."""
    if not url:
        return None
    if url.startswith(_HTTP):
        return url
    if "://" in url:
        return absolute_url(url, base)
    try:
        return quick_urljoin(base, url)
    except ValueError:  # an invalid IPv6 literal
        return url


def _lower(kind: str | None) -> str | None:
    return kind.lower() if kind else kind


def _origin(e: Any) -> str | None:
    source = e.source
    if source is None:
        return None
    return plain(text(source.title)) or None
