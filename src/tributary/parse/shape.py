"""The adapter's rules for an entry's bodies and enclosures, and for feedparser's dictionaries.

Both XML paths apply the same rules: which body is the content (the longest HTML one, else the
longest plain text), how plain text becomes HTML, which enclosures an entry has (RSS
<enclosure> and Atom rel=enclosure links, media:content, media:thumbnail, each URL once). The
rules take plain values, so feedparser_adapter.py (feedparser's dictionaries) and
rust_entries.py (feedparser_rs's objects) call the same copy; the helpers that read
feedparser's dictionaries (which link, which xml:base) serve the adapter alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from tributary.parse.values import text_to_html, to_int
from tributary.types import Enclosure

Raw = Mapping[str, Any]  # feedparser-shaped: a FeedParserDict
# An enclosure as found: (URL, media type, length, medium), each as the feed wrote it.
EnclosureItem = tuple[object, object, object, object]

HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def dicts(value: object) -> list[Raw]:
    """A list feedparser built, keeping only its dict items."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def entry_base(raw: Raw) -> str:
    """The entry's xml:base as feedparser tracked it on its text constructs."""
    for key in ("title_detail", "summary_detail"):
        detail = raw.get(key)
        if isinstance(detail, Mapping) and text(detail.get("base")):
            return text(detail.get("base"))
    for content in dicts(raw.get("content")):
        if text(content.get("base")):
            return text(content.get("base"))
    return ""


def entry_link(raw: Raw) -> str:
    """feedparser's ``link`` is already the rel=alternate one; else the first alternate."""
    link = text(raw.get("link"))
    if link:
        return link
    for candidate in dicts(raw.get("links")):
        if candidate.get("rel", "alternate") == "alternate" and text(candidate.get("href")):
            return text(candidate.get("href"))
    return ""


def is_html_type(kind: object) -> bool:
    return text(kind).lower() in HTML_TYPES


def html_body(kind: object, value: object) -> str | None:
    """A body of this type as HTML: HTML as it is, anything else as escaped paragraphs."""
    value = text(value)
    if not value:
        return None
    return value if is_html_type(kind) else text_to_html(value)


def longest_body(contents: Iterable[tuple[object, object]]) -> str | None:
    """Of (type, value) contents, the longest HTML one, else the longest plain text."""
    kept = [(kind, text(value)) for kind, value in contents if text(value)]
    if not kept:
        return None
    html = [item for item in kept if is_html_type(item[0])]
    kind, value = max(html or kept, key=lambda item: len(item[1]))
    return html_body(kind, value)


def link_enclosure_type(kind: object) -> object:
    """feedparser gives every Atom link without a type "text/html"; no enclosure is that."""
    return None if kind == "text/html" else kind


def unique_enclosures(
    items: Iterable[EnclosureItem], join: Callable[[str], str | None]
) -> tuple[Enclosure, ...]:
    """Each enclosure URL once (made absolute by ``join``), with its type, length, medium."""
    seen: set[str] = set()
    enclosures: list[Enclosure] = []
    for url, kind, length, medium in items:
        absolute = join(text(url))
        if absolute and absolute not in seen:
            seen.add(absolute)
            enclosures.append(
                Enclosure(absolute, text(kind) or None, to_int(length), text(medium) or None)
            )
    return tuple(enclosures)


def as_html(detail: Raw) -> str | None:
    return html_body(detail.get("type"), detail.get("value"))


def content_html(raw: Raw) -> str | None:
    """content:encoded / atom:content: the longest HTML one, else the longest plain text."""
    return longest_body((c.get("type"), c.get("value")) for c in dicts(raw.get("content")))


def enclosure_items(raw: Raw) -> Iterator[EnclosureItem]:
    for link in dicts(raw.get("links")):
        if link.get("rel") == "enclosure":
            yield link.get("href"), link_enclosure_type(link.get("type")), link.get("length"), None
    for media in dicts(raw.get("media_content")):
        length = media.get("filesize") or media.get("fileSize")
        yield media.get("url"), media.get("type"), length, media.get("medium")
    for thumbnail in dicts(raw.get("media_thumbnail")):
        yield thumbnail.get("url"), None, None, "image"
