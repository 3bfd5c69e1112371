"""Builders for the values that pass into storage, with sensible defaults.

Every default is invented text. A content hash is derived from the fields unless given, so
changing a field changes the hash the way the clean step would.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from tributary.storage.base import CategorySpec, SourceSpec
from tributary.types import CleanEntry, ContentKind, FetchOutcome, FiledEntry

T0 = datetime(2025, 5, 20, 12, 0, tzinfo=UTC)


def at(minutes: float = 0) -> datetime:
    """``T0`` plus some minutes: readable times for tests."""
    return T0 + timedelta(minutes=minutes)


def make_clean_entry(
    key: str = "guid:1",
    *,
    title: str | None = None,
    published: datetime | None = None,
    content_text: str | None = None,
    content_kind: ContentKind = "full",
    content_hash: str | None = None,
    **fields: Any,
) -> CleanEntry:
    title = title if title is not None else f"Harbour council story {key}"
    text = content_text if content_text is not None else f"The council met about {key}."
    published = published or T0
    values: dict[str, Any] = {
        "guid": key.removeprefix("guid:") if key.startswith("guid:") else None,
        "url": f"https://paper.example/{key.replace(':', '/')}",
        "author": "Mira Okafor",
        "updated": published,
        "summary": text[:400],
        "content_html": f"<p>{text}</p>",
        "tags": (),
        "enclosures": (),
        "origin_outlet": None,
        "origin_author": None,
    }
    values.update(fields)
    if content_hash is None:
        seed = repr((title, text, content_kind, sorted(values.items())))
        content_hash = hashlib.sha256(seed.encode()).hexdigest()
    return CleanEntry(
        key=key,
        content_hash=content_hash,
        title=title,
        published=published,
        content_text=text,
        content_kind=content_kind,
        **values,
    )


def make_filed_entry(
    key: str = "guid:1", *, categories: tuple[str, ...] = (), **fields: Any
) -> FiledEntry:
    return FiledEntry(make_clean_entry(key, **fields), categories)


def make_outcome(
    source_id: int,
    *,
    fetched_at: datetime | None = None,
    next_check: datetime | None = None,
    status: int | None = 200,
    error: str | None = None,
    error_count: int = 0,
    **fields: Any,
) -> FetchOutcome:
    fetched_at = fetched_at or T0
    return FetchOutcome(
        source_id=source_id,
        fetched_at=fetched_at,
        next_check=next_check or fetched_at + timedelta(minutes=30),
        status=status,
        error=error,
        error_count=error_count,
        **fields,
    )


def make_source_spec(
    url: str = "https://paper.example/feed.xml",
    *,
    name: str | None = None,
    fulltext: str = "auto",
    interval: int | None = None,
    tags: tuple[str, ...] = (),
) -> SourceSpec:
    return SourceSpec(url=url, name=name, fulltext=fulltext, interval=interval, tags=tags)


def make_category_specs(*names: str) -> list[CategorySpec]:
    return [CategorySpec(slug=name.lower().replace(" ", "-"), name=name) for name in names]
