"""Frozen values that pass between the pipeline's steps.

    fetch  -> FetchResponse
    parse  -> FeedData(EntryData...)
    clean  -> CleanEntry                  (identity key, sanitized body, attribution)
    store  <- CleanEntry + categories, FetchOutcome
    store  -> Source, Post                (what commands, the site and the API read)

All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from tributary.signals import EntrySignals

ContentKind = Literal["full", "excerpt", "media"]
FulltextMode = Literal["auto", "always", "never"]


@dataclass(frozen=True, slots=True)
class Enclosure:
    """An enclosure or media:content item: audio, video or an image."""

    url: str
    type: str | None = None
    length: int | None = None
    medium: str | None = None  # "image", "video", "audio" when the feed says


@dataclass(frozen=True, slots=True)
class FetchResponse:
    """A successful fetch: 200 with a body, or 304 Not Modified with none."""

    url: str  # the URL the body came from, after redirects
    status: int
    body: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    permanent_url: str | None = None  # set when every redirect hop was 301/308
    discovered_url: str | None = None  # the feed an HTML page named in <link rel=alternate>
    max_age: int | None = None  # Cache-Control max-age, seconds
    retry_after: float | None = None  # seconds


@dataclass(frozen=True, slots=True)
class EntryData:
    """One entry as the feed carries it. HTML fields are raw, not yet sanitized."""

    guid: str | None
    url: str | None  # absolute
    title: str  # plain text
    author: str | None  # plain text
    published: datetime | None
    updated: datetime | None
    summary_html: str | None  # description / summary
    content_html: str | None  # content:encoded / atom content / content_html
    tags: tuple[str, ...] = ()
    enclosures: tuple[Enclosure, ...] = ()
    origin_outlet: str | None = None  # RSS <source>, atom:source title


@dataclass(frozen=True, slots=True)
class FeedData:
    """A parsed feed."""

    format: str  # "rss20", "rss10", "atom10", "json11", ...
    title: str | None
    site_url: str | None
    entries: tuple[EntryData, ...]
    ttl_seconds: int | None = None  # RSS <ttl>
    warnings: tuple[str, ...] = ()  # e.g. malformed XML that was parsed as far as it went


@dataclass(frozen=True, slots=True)
class CleanEntry:
    """An entry made ready to store: identity, plain-text fields, sanitized body."""

    key: str  # identity within its source: "guid:…", "url:…" or "hash:…"
    content_hash: str  # changes when anything stored changes
    guid: str | None
    url: str | None
    title: str
    author: str | None
    published: datetime  # the feed's date, else the time first seen
    updated: datetime
    summary: str  # plain text, at most about 400 characters
    content_html: str  # sanitized
    content_text: str
    content_kind: ContentKind
    tags: tuple[str, ...] = ()
    enclosures: tuple[Enclosure, ...] = ()
    origin_outlet: str | None = None
    origin_author: str | None = None


@dataclass(frozen=True, slots=True)
class FiledEntry:
    """A clean entry with the category slugs it is filed under, and its signals for dedupe
    and stories when they were computed for exactly this entry (signals.py)."""

    entry: CleanEntry
    categories: tuple[str, ...]
    signals: EntrySignals | None = None


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What one poll of one source did, written with its entries in one transaction."""

    source_id: int
    fetched_at: datetime
    next_check: datetime
    status: int | None  # last HTTP status, None when no response came
    error: str | None  # one line; None on success
    error_count: int  # consecutive failures, 0 after a success
    paused: bool = False
    duration_ms: int = 0
    etag: str | None = None
    last_modified: str | None = None
    feed_url: str | None = None  # a new URL after a permanent redirect or discovery
    feed_title: str | None = None
    site_url: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoreCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class Source:
    """A source as stored, with its fetch state."""

    id: int
    url: str  # as configured: the source's identity
    feed_url: str  # where it is fetched now (after permanent redirects / discovery)
    name: str  # configured name, else the feed's title, else the URL's host
    site_url: str | None
    slug: str
    tags: tuple[str, ...] = ()
    fulltext: FulltextMode = "auto"
    interval: int | None = None  # seconds, when configured
    etag: str | None = None
    last_modified: str | None = None
    last_status: int | None = None
    last_error: str | None = None
    error_count: int = 0
    last_fetch: datetime | None = None
    next_check: datetime | None = None
    paused: bool = False
    post_count: int = 0


@dataclass(frozen=True, slots=True)
class SourceRef:
    name: str
    feed_url: str
    site_url: str | None
    slug: str


@dataclass(frozen=True, slots=True)
class AlsoPublished:
    source: str
    url: str | None


@dataclass(frozen=True, slots=True)
class Post:
    """A stored post, as commands, the site and the API read it."""

    id: str
    source_id: int
    source: SourceRef
    key: str
    guid: str | None
    url: str | None
    title: str
    author: str | None
    published: datetime
    updated: datetime
    first_seen: datetime
    summary: str
    content_html: str
    content_text: str
    content_kind: ContentKind
    tags: tuple[str, ...] = ()
    enclosures: tuple[Enclosure, ...] = ()
    origin_outlet: str | None = None
    origin_author: str | None = None
    categories: tuple[str, ...] = ()
    story_id: str | None = None
    also_published_by: tuple[AlsoPublished, ...] = field(default=())
    duplicate_of: str | None = None  # set on a copy: the post that shows the article
