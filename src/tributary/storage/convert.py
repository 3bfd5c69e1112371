"""Between stored rows and Tributary's values: ids, JSON text columns, rows -> dataclasses."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any, cast
from urllib.parse import urlsplit

from tributary.types import (
    AlsoPublished,
    CleanEntry,
    ContentKind,
    Enclosure,
    FulltextMode,
    Post,
    Source,
    SourceRef,
)


def post_id_for(source_url: str, key: str) -> str:
    """A post's id: stable across runs and databases, from its source's configured URL and
    its entry key (16 hex digits of SHA-256: collisions are out of reach at our scale)."""
    digest = hashlib.sha256(f"{source_url}\n{key}".encode()).hexdigest()
    return digest[:16]


def host_name(url: str) -> str:
    """The fallback name of a source: its URL's host, without ``www.``."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def dump_strings(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def load_strings(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    value = json.loads(raw)
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def dump_enclosures(enclosures: Sequence[Enclosure]) -> str:
    items = [
        {"url": e.url, "type": e.type, "length": e.length, "medium": e.medium} for e in enclosures
    ]
    return json.dumps(items, ensure_ascii=False)


def load_enclosures(raw: str | None) -> tuple[Enclosure, ...]:
    items = json.loads(raw) if raw else []
    return tuple(
        Enclosure(
            url=str(item["url"]),
            type=item.get("type"),
            length=item.get("length"),
            medium=item.get("medium"),
        )
        for item in items
        if isinstance(item, dict) and "url" in item
    )


def entry_values(entry: CleanEntry) -> dict[str, Any]:
    """The posts columns an entry sets (on insert and on update in place)."""
    return {
        "guid": entry.guid,
        "url": entry.url,
        "title": entry.title,
        "author": entry.author,
        "published": entry.published,
        "updated": entry.updated,
        "summary": entry.summary,
        "content_html": entry.content_html,
        "content_text": entry.content_text,
        "content_kind": entry.content_kind,
        "tags": dump_strings(entry.tags),
        "enclosures": dump_enclosures(entry.enclosures),
        "origin_outlet": entry.origin_outlet,
        "origin_author": entry.origin_author,
        "content_hash": entry.content_hash,
    }


def source_from_row(row: Mapping[Any, Any]) -> Source:
    return Source(
        id=row["id"],
        url=row["url"],
        feed_url=row["feed_url"],
        name=row["name"],
        site_url=row["site_url"],
        slug=row["slug"],
        tags=load_strings(row["tags"]),
        fulltext=cast(FulltextMode, row["fulltext"]),
        interval=row["interval"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_status=row["last_status"],
        last_error=row["last_error"],
        error_count=row["error_count"],
        last_fetch=row["last_fetch"],
        next_check=row["next_check"],
        paused=bool(row["paused"]),
        post_count=row.get("post_count") or 0,
    )


def post_from_row(
    row: Mapping[Any, Any],
    categories: Sequence[str],
    also: Sequence[AlsoPublished] = (),
) -> Post:
    """``row`` holds the posts columns plus ``source_name``, ``source_feed_url``,
    ``source_site_url`` and ``source_slug``; ``also`` the other sources' copies."""
    return Post(
        id=row["id"],
        source_id=row["source_id"],
        source=SourceRef(
            name=row["source_name"],
            feed_url=row["source_feed_url"],
            site_url=row["source_site_url"],
            slug=row["source_slug"],
        ),
        key=row["key"],
        guid=row["guid"],
        url=row["url"],
        title=row["title"],
        author=row["author"],
        published=row["published"],
        updated=row["updated"],
        first_seen=row["first_seen"],
        summary=row["summary"],
        content_html=row["content_html"],
        content_text=row["content_text"],
        content_kind=cast(ContentKind, row["content_kind"]),
        tags=load_strings(row["tags"]),
        enclosures=load_enclosures(row["enclosures"]),
        origin_outlet=row["origin_outlet"],
        origin_author=row["origin_author"],
        categories=tuple(categories),
        story_id=row["story_id"],
        also_published_by=tuple(also),
        duplicate_of=row["duplicate_of"],
    )
