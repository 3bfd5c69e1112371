"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read with the json module.

    parse_json(body)
      -> json.loads                  invalid JSON          => ParseError
      -> "version" names jsonfeed.org? no                  => ParseError
      -> _convert_item per item      (one odd item is skipped with a warning)

Differences between the versions that matter here: 1.0 has one ``author`` object, 1.1 an
``authors`` list (and feed-level authors stand for items that name none). Both allow relative
URLs, which we resolve against ``feed_url``, else ``home_page_url``, else the fetched URL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from tributary.errors import ParseError
from tributary.parse.htmlurls import absolute_url, resolve_html_urls
from tributary.parse.values import first_line, plain_text, text_to_html, to_int, unique_tags
from tributary.parse.values import utc_from_iso as _date
from tributary.types import Enclosure, EntryData, FeedData
from tributary.xmlchars import xml_text

_VERSIONS = {
    "https://jsonfeed.org/version/1": "json10",
    "https://jsonfeed.org/version/1.1": "json11",
}

Obj = Mapping[str, Any]


def parse_json(body: bytes, *, url: str) -> FeedData:
    """A JSON Feed as FeedData; ParseError when the body is not one."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError
        raise ParseError(f"not a feed: invalid JSON: {first_line(str(exc))}") from exc
    version = document.get("version") if isinstance(document, dict) else None
    if not isinstance(version, str) or "jsonfeed.org" not in version:
        raise ParseError("not a feed: JSON without a jsonfeed.org version")
    warnings: list[str] = []
    feed_format = _VERSIONS.get(version.strip().rstrip("/").replace("http:", "https:"))
    if feed_format is None:
        warnings.append(f"unknown JSON Feed version {first_line(version, 80)}, read as 1.1")
    base = _base(document, url)
    return FeedData(
        format=feed_format or "json11",
        title=plain_text(_text(document.get("title"))) or None,
        site_url=absolute_url(_text(document.get("home_page_url")), url),
        entries=tuple(_convert_items(document, base, warnings)),
        warnings=tuple(warnings),
    )


def _text(value: object) -> str:
    """A string value stripped, without what XML cannot carry ("\\u000b" and "\\ud800" are
    valid JSON), else ""."""
    return xml_text(value, " ").strip() if isinstance(value, str) else ""


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _objects(value: object) -> list[Obj]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _base(document: Obj, url: str) -> str:
    for key in ("feed_url", "home_page_url"):
        candidate = absolute_url(_text(document.get(key)), url)
        if candidate and candidate.startswith(("http://", "https://")):
            return candidate
    return url


def _convert_items(document: Obj, base: str, warnings: list[str]) -> Iterator[EntryData]:
    items = document.get("items", [])
    if not isinstance(items, list):
        warnings.append("JSON Feed items is not a list: no entries read")
        return
    feed_authors = _authors(document)
    for number, item in enumerate(items, start=1):
        try:
            if not isinstance(item, Mapping):
                raise TypeError(f"an item is a JSON {type(item).__name__}, not an object")
            yield _convert_item(item, base, feed_authors)
        except Exception as exc:  # one odd item must never lose the feed
            warnings.append(f"entry {number} skipped: {type(exc).__name__}: {first_line(str(exc))}")


def _convert_item(item: Obj, base: str, feed_authors: str | None) -> EntryData:
    return EntryData(
        guid=_guid(item.get("id")),
        url=absolute_url(_text(item.get("url")) or _text(item.get("external_url")), base),
        title=plain_text(_text(item.get("title"))),
        author=_authors(item) or feed_authors,
        published=_date(item.get("date_published")),
        updated=_date(item.get("date_modified")),
        summary_html=text_to_html(_text(item.get("summary"))) or None,
        content_html=_content_html(item, base),
        tags=unique_tags(map(_text, _list(item.get("tags")))),
        enclosures=tuple(_enclosures(item, base)),
    )


def _guid(value: object) -> str | None:
    """``id`` must be a string by the spec; feeds in the wild also send numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    return _text(value) or None


def _authors(obj: Obj) -> str | None:
    """1.1 ``authors`` (a list), else 1.0 ``author`` (one object), names joined with ", "."""
    people = _objects(obj.get("authors")) or _objects([obj.get("author")])
    names: list[str] = []
    for person in people:
        name = plain_text(_text(person.get("name")))
        if name and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _content_html(item: Obj, base: str) -> str | None:
    """content_html, else content_text as escaped paragraphs."""
    html = _text(item.get("content_html"))
    if html:
        return resolve_html_urls(html, base)
    return text_to_html(_text(item.get("content_text"))) or None


def _enclosures(item: Obj, base: str) -> Iterator[Enclosure]:
    """attachments, then image and banner_image, each URL once."""
    seen: set[str] = set()
    candidates: list[tuple[object, object, int | None, str | None]] = [
        (a.get("url"), a.get("mime_type"), to_int(a.get("size_in_bytes")), None)
        for a in _objects(item.get("attachments"))
    ]
    candidates += [(item.get(key), None, None, "image") for key in ("image", "banner_image")]
    for raw_url, mime_type, length, medium in candidates:
        url = absolute_url(_text(raw_url), base)
        if url and url not in seen:
            seen.add(url)
            yield Enclosure(url=url, type=_text(mime_type) or None, length=length, medium=medium)
