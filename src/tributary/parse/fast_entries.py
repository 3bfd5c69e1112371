"""The fast parser's feedparser-shaped dictionaries turned into FeedData, as the adapter does.

This is parse/feedparser_adapter.py's conversion (``parse_xml`` after feedparser, and
``_convert_entry``) specialised to the dictionaries parse/fast.py builds: their values are
always ``str``, ``dict`` or ``list``, so the defensive type checks fall away, and URLs are
joined with the exact shortcuts of parse/fast_urls.py instead of ``urljoin`` every time. The
rules (which link, which base, which body, how authors and enclosures are picked) are the
adapter's; tests/test_parse_fast.py compares the two paths field by field.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from tributary.parse.fallbacks import FastPathDeclined
from tributary.parse.shape import (
    as_html,
    content_html,
    enclosure_items,
    entry_base,
    entry_link,
    text,
)
from tributary.parse.urljoins import quick_urljoin
from tributary.parse.values import (
    person_name,
    plain,
    to_int,
    unique_tags,
    utc_from_struct,
)
from tributary.types import Enclosure, EntryData, FeedData

Raw = dict[str, Any]


def absolute(url: str | None, base: str | None) -> str | None:
    """parse/htmlurls.py's ``absolute_url``, with its urljoin taking the shortcuts."""
    if not url:
        return None
    url = url.strip()
    if url.startswith(("https://", "http://")) or not base:
        return url or None
    if ":" in url and urlsplit(url).scheme:  # only a URL with a ":" can have a scheme
        return url
    try:
        return quick_urljoin(base, url)
    except ValueError:
        return url


def _author(raw: Raw) -> str | None:
    people = raw.get("authors", ())
    if len(people) < 2:
        return person_name(plain(text(raw.get("author")))) or None
    names: list[str] = []
    for person in people:
        name = person_name(plain(text(person.get("name")) or text(person.get("email"))))
        if name and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _enclosures(raw: Raw, base: str) -> tuple[Enclosure, ...]:
    if "links" not in raw and "media_content" not in raw and "media_thumbnail" not in raw:
        return ()
    seen: set[str] = set()
    enclosures: list[Enclosure] = []
    for item in enclosure_items(raw):
        url = absolute(text(item.get("url")), base)
        if url and url not in seen:
            seen.add(url)
            enclosures.append(
                Enclosure(
                    url=url,
                    type=text(item.get("type")) or None,
                    length=to_int(item.get("length")),
                    medium=text(item.get("medium")) or None,
                )
            )
    return tuple(enclosures)


def _origin_outlet(raw: Raw) -> str | None:
    source = raw.get("source")
    if source is not None:
        title = plain(text(source.get("title")))
        if title:
            return title
    dc_source = plain(text(raw.get("dc_source")))
    if not dc_source or "://" in dc_source or dc_source.startswith(("www.", "urn:")):
        return None
    return dc_source


def entry_data(raw: Raw, feed_url: str) -> EntryData:
    """One entry, as the adapter's ``_convert_entry`` makes it."""
    base = entry_base(raw) or feed_url
    summary = raw.get("summary_detail")
    tags = raw.get("tags")
    return EntryData(
        guid=text(raw.get("id")) or None,
        url=absolute(entry_link(raw), base),
        title=plain(text(raw.get("title"))),
        author=_author(raw),
        published=utc_from_struct(raw.get("published_parsed")),
        updated=utc_from_struct(raw.get("updated_parsed")),
        summary_html=as_html(summary) if summary is not None else None,
        content_html=content_html(raw),
        tags=unique_tags(tag["term"] for tag in tags) if tags else (),
        enclosures=_enclosures(raw, base),
        origin_outlet=_origin_outlet(raw),
    )


def feed_data(
    version: str, feed: Raw, entries: list[Raw], url: str, warnings: tuple[str, ...]
) -> FeedData:
    """The FeedData the adapter returns for these dictionaries.

    Where the adapter would skip an entry with a warning (or fail), the fast path declines
    and leaves the feed to the adapter.
    """
    try:
        converted = tuple(entry_data(raw, url) for raw in entries)
        ttl_minutes = to_int(feed.get("ttl"))
        return FeedData(
            format=version,
            title=plain(text(feed.get("title"))) or None,
            site_url=absolute(text(feed.get("link")), url),
            entries=converted,
            ttl_seconds=ttl_minutes * 60 if ttl_minutes is not None else None,
            warnings=warnings,
        )
    except Exception as exc:
        raise FastPathDeclined("entry", f"{type(exc).__name__}: {exc}") from exc
