"""Rules both feed parsers share for feedparser-shaped dictionaries (entries as
feedparser_adapter.py gets them from feedparser and as fast.py builds them): which link,
which xml:base, which body, which enclosure items. One copy, so the two paths cannot drift;
the conversions that differ only in speed (plain text, URL joins) stay in each module.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from tributary.parse.values import text_to_html

Raw = Mapping[str, Any]  # feedparser-shaped: a FeedParserDict, or the fast parser's dict

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


def is_html(detail: Raw) -> bool:
    return text(detail.get("type")).lower() in HTML_TYPES


def as_html(detail: Raw) -> str | None:
    value = text(detail.get("value"))
    if not value:
        return None
    return value if is_html(detail) else text_to_html(value)


def content_html(raw: Raw) -> str | None:
    """content:encoded / atom:content: the longest HTML one, else the longest plain text."""
    contents = [c for c in dicts(raw.get("content")) if text(c.get("value"))]
    if not contents:
        return None
    html_contents = [c for c in contents if is_html(c)]
    chosen = max(html_contents or contents, key=lambda c: len(text(c.get("value"))))
    return as_html(chosen)


def enclosure_items(raw: Raw) -> Iterator[Raw]:
    for link in dicts(raw.get("links")):
        if link.get("rel") == "enclosure":
            # feedparser gives every Atom link without a type "text/html"; no enclosure is that.
            kind = None if link.get("type") == "text/html" else link.get("type")
            yield {"url": link.get("href"), "type": kind, "length": link.get("length")}
    for media in dicts(raw.get("media_content")):
        yield {**media, "length": media.get("filesize") or media.get("fileSize")}
    for thumbnail in dicts(raw.get("media_thumbnail")):
        yield {"url": thumbnail.get("url"), "medium": "image"}
