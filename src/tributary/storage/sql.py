"""``SqlStorage``: the Storage protocol on SQLAlchemy Core, for SQLite and PostgreSQL.

Each method is one transaction (``engine.transaction``), which also maps every database
error to ``StorageError``. The queries live in modules by domain: ``sources``, ``posts``,
``reading``, ``categories``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from tributary.categorize import Query
from tributary.errors import StorageError
from tributary.storage import categories as categories_sql
from tributary.storage import dedupe as dedupe_sql
from tributary.storage import posts as posts_sql
from tributary.storage import reading, story_reading
from tributary.storage import search as search_sql
from tributary.storage import sources as sources_sql
from tributary.storage.base import (
    CategoryCount,
    CategorySpec,
    FeedWrite,
    Known,
    PostCursor,
    SearchPage,
    SourceSpec,
    StorySummary,
    StoryView,
)
from tributary.storage.engine import transaction
from tributary.storage.planner import Statistics
from tributary.storage.story_state import StoryKeeper
from tributary.storage.tables import sources
from tributary.types import FetchOutcome, FiledEntry, Post, Source, StoreCounts

T = TypeVar("T")
UPSERT_ATTEMPTS = 3
SEARCH_INDEX_KEY = "search_index"  # "stale" (set by migration 0003) until rebuilt


class SqlStorage:
    """Implements ``tributary.storage.base.Storage``; made by ``open_storage``."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._stories = StoryKeeper()
        # planner.py: a fast fill outruns autovacuum's ANALYZE (PostgreSQL only)
        self._statistics = Statistics() if engine.dialect.name == "postgresql" else None

    @property
    def engine(self) -> Engine:
        return self._engine

    def _read(self, work: Callable[[Connection], T]) -> T:
        with transaction(self._engine, write=False) as conn:
            return work(conn)

    def _write(self, work: Callable[[Connection], T]) -> T:
        with transaction(self._engine, write=True) as conn:
            return work(conn)

    def _upsert(self, work: Callable[[Connection], T]) -> T:
        """A select-then-insert write that another process may race (workers starting
        together): the loser fails on a unique key, and its retry sees the winner's rows."""
        for _ in range(UPSERT_ATTEMPTS - 1):
            try:
                return self._write(work)
            except StorageError as exc:
                if not _is_integrity_error(exc):
                    raise
        return self._write(work)

    # -- sources ---------------------------------------------------------------------------
    def sync_sources(self, specs: Sequence[SourceSpec], now: datetime) -> None:
        self._upsert(lambda conn: sources_sql.sync(conn, specs))

    def list_sources(self) -> list[Source]:
        return self._read(sources_sql.list_active)

    def get_source(self, source_id: int) -> Source | None:
        return self._read(lambda conn: sources_sql.get_one(conn, sources.c.id == source_id))

    def get_source_by_slug(self, slug: str) -> Source | None:
        if not _storable_key(slug):
            return None
        return self._read(lambda conn: sources_sql.get_one(conn, sources.c.slug == slug))

    def claim_due_sources(
        self, now: datetime, owner: str, lease_seconds: float, limit: int | None = None
    ) -> list[Source]:
        return self._write(lambda conn: sources_sql.claim(conn, now, owner, lease_seconds, limit))

    def release_sources(self, owner: str) -> None:
        self._write(lambda conn: sources_sql.release(conn, owner))

    # -- entries ---------------------------------------------------------------------------
    def known_entries(self, source_id: int, keys: Sequence[str]) -> Mapping[str, Known]:
        return self._read(lambda conn: posts_sql.known(conn, source_id, keys))

    def save_feed(
        self, outcome: FetchOutcome, entries: Sequence[FiledEntry], now: datetime
    ) -> StoreCounts:
        return self.save_feeds([FeedWrite(outcome, entries, now)])[0]

    def save_feeds(self, writes: Sequence[FeedWrite]) -> list[StoreCounts]:
        def work(conn: Connection) -> list[StoreCounts]:
            return [
                posts_sql.save_feed(conn, w.outcome, w.entries, w.now, self._stories)
                for w in writes
            ]

        try:
            counts = self._write(work)
        except BaseException:
            self._stories.reset()  # memory must not run ahead of what was committed
            raise
        if self._statistics is not None and self._statistics.count(sum(c.new for c in counts)):
            self._write(self._statistics.analyze)
        return counts

    def delete_post(self, post_id: str, now: datetime) -> bool:
        return self._write(lambda conn: posts_sql.delete_one(conn, post_id, now))

    def delete_posts_before(self, cutoff: datetime, now: datetime) -> int:
        return self._write(lambda conn: posts_sql.delete_before(conn, cutoff, now))

    # -- categories ------------------------------------------------------------------------
    def sync_categories(self, specs: Sequence[CategorySpec], fingerprint: str) -> bool:
        return self._upsert(lambda conn: categories_sql.sync(conn, specs, fingerprint))

    def iter_posts(self, batch_size: int = 500) -> Iterator[list[Post]]:
        """Batches in id order, each read in its own short transaction so re-filing can
        write between them; a post added meanwhile is included if its id sorts later."""
        after: str | None = None
        while True:
            batch = self._read(partial(reading.batch_after, after=after, size=batch_size))
            if not batch:
                return
            yield batch
            after = batch[-1].id

    def set_categories(self, filing: Mapping[str, Sequence[str]]) -> None:
        self._write(lambda conn: dedupe_sql.refile(conn, filing))

    def category_counts(self) -> list[CategoryCount]:
        return self._read(categories_sql.counts)

    # -- reading posts ---------------------------------------------------------------------
    def get_post(self, post_id: str) -> Post | None:
        if not _storable_key(post_id):
            return None
        return self._read(lambda conn: reading.get_post(conn, post_id))

    def list_posts(
        self,
        *,
        category: str | None = None,
        source_id: int | None = None,
        limit: int = 50,
        before: PostCursor | None = None,
    ) -> list[Post]:
        return self._read(
            lambda conn: reading.list_posts(
                conn, category=category, source_id=source_id, limit=limit, before=before
            )
        )

    def count_posts(self) -> int:
        return self._read(reading.count_posts)

    def recent_published(self, source_id: int, limit: int) -> list[datetime]:
        return self._read(lambda conn: reading.recent_published(conn, source_id, limit))

    # -- stories ---------------------------------------------------------------------------
    def get_story(self, story_id: str) -> StoryView | None:
        if not _storable_key(story_id):
            return None
        return self._read(lambda conn: story_reading.get_story(conn, story_id))

    def list_stories(self, *, category: str | None = None, limit: int = 50) -> list[StorySummary]:
        return self._read(lambda conn: story_reading.list_stories(conn, category, limit))

    def story_summaries(self, ids: Sequence[str]) -> Mapping[str, StorySummary]:
        return self._read(lambda conn: story_reading.summaries(conn, ids))

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
        return self._read(
            partial(
                search_sql.search,
                query=query,
                now=now,
                category=category,
                source_id=source_id,
                since=since,
                until=until,
                limit=limit,
                offset=offset,
                newest=newest,
            )
        )

    def reindex(self) -> int:
        return self._write(partial(_rebuild, only_if_stale=False))

    def reindex_if_stale(self) -> None:
        """After migration 0003 the index is built once: the first process to open the
        database does it, under the rebuild lock; the others then find it done."""
        if self.get_meta(SEARCH_INDEX_KEY) == "stale":
            self._write(partial(_rebuild, only_if_stale=True))

    # -- meta ------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        return self._read(lambda conn: categories_sql.get_meta(conn, key))

    def set_meta(self, key: str, value: str) -> None:
        self._upsert(lambda conn: categories_sql.set_meta(conn, key, value))

    def close(self) -> None:
        self._engine.dispose()


def _rebuild(conn: Connection, *, only_if_stale: bool) -> int:
    """Rebuild the search index, one process at a time (workers that start together)."""
    search_sql.lock_rebuild(conn)
    if only_if_stale and categories_sql.get_meta(conn, SEARCH_INDEX_KEY) != "stale":
        return 0
    count = search_sql.rebuild(conn)
    categories_sql.set_meta(conn, SEARCH_INDEX_KEY, "ok")
    return count


def _is_integrity_error(exc: StorageError) -> bool:
    return isinstance(exc.__cause__, IntegrityError)


def _storable_key(key: str) -> bool:
    """False for a key no row can have: PostgreSQL refuses a NUL in any text (a URL's %00
    made the lookup a database error, a 503, not a 404)."""
    return "\x00" not in key
