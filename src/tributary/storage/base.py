"""The Storage interface: the only way the rest of Tributary reads or writes the database.

Contract for every implementation:
- any method can raise StorageError (database errors are mapped to it);
- all datetimes going in and out are timezone-aware UTC;
- ``save_feed`` is one transaction: a crash or kill loses at most the feed in hand.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from tributary.categorize import Query
from tributary.types import FetchOutcome, FiledEntry, Post, Source, StoreCounts


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """A configured source, as ``sync_sources`` takes it."""

    url: str
    name: str | None
    fulltext: str
    interval: int | None
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CategorySpec:
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class FeedWrite:
    """One feed's poll to store: what ``save_feed`` takes."""

    outcome: FetchOutcome
    entries: Sequence[FiledEntry]
    now: datetime


@dataclass(frozen=True, slots=True)
class Known:
    """What storage knows of one entry key of a source."""

    content_hash: str | None  # None for a tombstone (the post was removed)
    post_id: str | None
    published: datetime | None


@dataclass(frozen=True, slots=True)
class CategoryCount:
    slug: str
    name: str
    post_count: int


@dataclass(frozen=True, slots=True)
class PostCursor:
    """Position in a newest-first list: strictly older than (published, id)."""

    published: datetime
    post_id: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result. ``snippet`` is HTML: the matching passage, escaped, with the
    matched words in ``<mark>``; ``score`` is relevance with the recency boost (higher first)."""

    post: Post
    snippet: str
    score: float


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of results, best first, and how many posts match in all."""

    hits: list[SearchHit]
    total: int


@dataclass(frozen=True, slots=True)
class StorySummary:
    """A story as lists show it: its outlets in the order they first reported it."""

    id: str
    title: str
    post_count: int  # articles (each stored once), not copies
    sources: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class Coverage:
    """One source's report in a story: its own link and time, copies of an article included
    (``post_id`` is then the article's primary and ``copy`` is true)."""

    source: str
    source_slug: str
    post_id: str
    url: str | None
    title: str
    published: datetime
    copy: bool


@dataclass(frozen=True, slots=True)
class StoryView:
    """A story whole: its summary, its articles earliest first, and every source's report
    earliest first (who reported first)."""

    summary: StorySummary
    posts: list[Post]
    coverage: list[Coverage]


class Storage(Protocol):
    # -- sources ---------------------------------------------------------------------------
    def sync_sources(self, specs: Sequence[SourceSpec], now: datetime) -> None:
        """Make the stored sources match the configuration (keyed by configured URL).

        New sources are due at once; removed ones are deactivated (their posts stay).
        """

    def list_sources(self) -> list[Source]:
        """Every active source with its fetch state and post count, by name."""

    def get_source(self, source_id: int) -> Source | None: ...

    def get_source_by_slug(self, slug: str) -> Source | None: ...

    def claim_due_sources(
        self, now: datetime, owner: str, lease_seconds: float, limit: int | None = None
    ) -> list[Source]:
        """Lease sources whose next check is due and that no live lease holds.

        Safe with many workers on one PostgreSQL: a source is claimed by one owner at a time.
        Paused sources are never due.
        """

    def release_sources(self, owner: str) -> None:
        """Drop every lease ``owner`` still holds."""

    # -- entries ---------------------------------------------------------------------------
    def known_entries(self, source_id: int, keys: Sequence[str]) -> Mapping[str, Known]:
        """What is stored (or tombstoned) under each of ``keys`` for the source."""

    def save_feed(
        self, outcome: FetchOutcome, entries: Sequence[FiledEntry], now: datetime
    ) -> StoreCounts:
        """In one transaction: insert new posts, update changed ones in place (skipping
        tombstoned keys), set their categories, write the source's fetch state from
        ``outcome`` and append a fetch-log row. Releases the source's lease."""

    def save_feeds(self, writes: Sequence[FeedWrite]) -> list[StoreCounts]:
        """``save_feed`` for each of ``writes``, in order, all in one transaction (one commit
        and one flush of the search index for them all): all are stored or none."""

    def delete_post(self, post_id: str, now: datetime) -> bool:
        """Remove a post, leaving a tombstone so the same entry never comes back."""

    def delete_posts_before(self, cutoff: datetime, now: datetime) -> int:
        """Retention: remove (with tombstones) every post published before ``cutoff``."""

    # -- categories ------------------------------------------------------------------------
    def sync_categories(self, specs: Sequence[CategorySpec], fingerprint: str) -> bool:
        """Store the configured categories; return True when ``fingerprint`` differs from
        the stored one (every post must then be filed again)."""

    def iter_posts(self, batch_size: int = 500) -> Iterator[list[Post]]:
        """Every stored post, in batches (for re-filing)."""

    def set_categories(self, filing: Mapping[str, Sequence[str]]) -> None:
        """Replace the categories of each post id in ``filing`` (one transaction)."""

    def category_counts(self) -> list[CategoryCount]:
        """Every configured category with its number of posts, in configuration order."""

    # -- reading posts ---------------------------------------------------------------------
    def get_post(self, post_id: str) -> Post | None: ...

    def list_posts(
        self,
        *,
        category: str | None = None,
        source_id: int | None = None,
        limit: int = 50,
        before: PostCursor | None = None,
    ) -> list[Post]:
        """Posts newest first (published, then id, descending), optionally filtered."""

    def count_posts(self) -> int: ...

    def recent_published(self, source_id: int, limit: int) -> list[datetime]:
        """When the source's newest ``limit`` posts were published, newest first (its
        rhythm, for polling after a 304 without loading the posts)."""

    # -- stories ---------------------------------------------------------------------------
    def get_story(self, story_id: str) -> StoryView | None: ...

    def list_stories(self, *, category: str | None = None, limit: int = 50) -> list[StorySummary]:
        """Stories newest (last seen) first; with ``category``, those with posts filed there."""

    def story_summaries(self, ids: Sequence[str]) -> Mapping[str, StorySummary]:
        """The summaries of the stored stories among ``ids`` (for pages listing posts)."""

    # -- search ----------------------------------------------------------------------------
    def search(
        self,
        query: Query,
        *,
        now: datetime,
        category: str | None = None,
        source_id: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 20,
        offset: int = 0,
        newest: bool = False,
    ) -> SearchPage:
        """Posts matching ``query`` (checked by ``categorize.search.split_search``; its
        ``published:`` bounds and ``since`` <= published < ``until`` all apply), best first:
        full-text relevance with the title weighted up, divided by a gentle age penalty
        counted from ``now``. Paged by ``offset``: ranks move as posts arrive, so there is no
        stable cursor to give. ``newest``: newest first instead (a search's feed).
        Raises ``QuerySyntaxError`` for a query a search cannot run."""

    def reindex(self) -> int:
        """Rebuild the full-text index from the stored posts, in one transaction; the
        number of posts indexed. (Every write keeps the index in step; this is repair.)"""

    # -- meta ------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def close(self) -> None: ...
