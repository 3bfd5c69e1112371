"""Full-text search: the index kept in step with the posts, and queries against it.

    search.py            what both databases share: which text is indexed, the plan (dates
                         split off and checked), ranking constants, snippet marking, hits
    search_sqlite.py     FTS5 (porter unicode61 remove_diacritics 2), bm25, snippet()
    search_postgres.py   tsvector ('english', over text folded in Python), GIN, ts_rank_cd,
                         ts_headline

Every dialect-specific statement lives in the two backend modules, behind ``SearchBackend``;
``backend_for(conn)`` picks one by the connection's dialect.

The index is written in the caller's transaction: ``save_feed`` refreshes the posts it
inserts or changes, the delete paths drop theirs, a renamed source refreshes its posts
(``source:`` looks at the name), and ``reindex`` rebuilds everything.

Snippets are built safely: the database marks matches with two private-use characters, the
text is HTML-escaped, and only then do the markers become ``<mark>``/``</mark>``. Those two
characters are removed from indexed text, so a post's own text never becomes markup.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import ColumnElement, select
from sqlalchemy.engine import Connection

from tributary.categorize import Query
from tributary.categorize.search import split_search
from tributary.storage.base import SearchHit, SearchPage
from tributary.storage.convert import load_strings
from tributary.storage.links import chunks
from tributary.storage.reading import posts_by_ids
from tributary.storage.tables import posts, sources

START_MARK, END_MARK = "\ue000", "\ue001"  # private use: never in text we index
# Recency: relevance / (1 + age in days / RECENCY_DAYS). Gentle: a year-old post keeps two
# thirds of its score, so it still wins on a clearly better match, but the newest report of
# an event beats a year-old one that matches as well.
RECENCY_DAYS = 730.0
TITLE_WEIGHT = 4.0  # SQLite bm25 column weight; PostgreSQL weighs the title A (1.0 vs 0.1)
SNIPPET_WORDS = 24
REBUILD_BATCH = 2_000


@dataclass(frozen=True, slots=True)
class IndexRow:
    """The text of one post as the index takes it (markers removed)."""

    post_id: str
    title: str
    text: str
    tags: str  # one tag a line: a phrase does not run from one tag into the next... mostly
    author: str
    source: str
    text_changed: bool = False  # the stored text held marker characters (removed in ``text``)


@dataclass(frozen=True, slots=True)
class Filters:
    category: str | None
    source_id: int | None
    start: datetime | None  # inclusive
    end: datetime | None  # exclusive
    newest: bool = False  # newest first instead of best first (a search's feed)


@dataclass(frozen=True, slots=True)
class Ranked:
    post_id: str
    score: float
    snippet: str  # raw text with START_MARK / END_MARK around matches; "" when none


class SearchBackend(Protocol):
    def index(self, conn: Connection, rows: Sequence[IndexRow]) -> None: ...

    def unindex(self, conn: Connection, ids: Sequence[str]) -> None: ...

    def lock(self, conn: Connection) -> None:
        """Take the rebuild lock for the rest of the transaction."""

    def begin_rebuild(self, conn: Connection) -> None:
        """Empty the index (dropping what makes bulk loading slow)."""

    def end_rebuild(self, conn: Connection) -> None:
        """Restore and optimize after a bulk load."""

    def search(
        self, conn: Connection, query: Query, filters: Filters, now: datetime, page: slice
    ) -> tuple[list[Ranked], int]:
        """The page of ``query``'s matches (best first) and how many match in all."""


def backend_for(conn: Connection) -> SearchBackend:
    if conn.dialect.name == "postgresql":
        from tributary.storage.search_postgres import PostgresSearch

        return PostgresSearch()
    from tributary.storage.search_sqlite import SqliteSearch

    return SqliteSearch()


def unmarked(text: str) -> str:
    """``text`` without the two marker characters."""
    if START_MARK in text or END_MARK in text:
        return text.replace(START_MARK, "").replace(END_MARK, "")
    return text


def mark(raw: str) -> str:
    """A raw snippet as HTML: everything escaped, then the markers made ``<mark>``."""
    escaped = html.escape(raw)
    return escaped.replace(START_MARK, "<mark>").replace(END_MARK, "</mark>")


# -- keeping the index --------------------------------------------------------------------


def refresh(conn: Connection, ids: Sequence[str], new: Collection[str] = ()) -> None:
    """Index ``ids`` anew from their stored rows (posts just inserted or changed). Those in
    ``new`` were inserted in this transaction, so have nothing in the index to remove."""
    backend = backend_for(conn)
    for part in chunks(list(ids)):
        if indexed := [post_id for post_id in part if post_id not in new]:
            backend.unindex(conn, indexed)
        backend.index(conn, _rows(conn, posts.c.id.in_(part)))


def unindex(conn: Connection, ids: Sequence[str]) -> None:
    backend = backend_for(conn)
    for part in chunks(list(ids)):
        backend.unindex(conn, part)


def refresh_source(conn: Connection, source_id: int) -> None:
    """After a rename: ``source:`` looks at the source's name in every one of its posts."""
    ids = list(conn.execute(select(posts.c.id).where(posts.c.source_id == source_id)).scalars())
    refresh(conn, ids)


def lock_rebuild(conn: Connection) -> None:
    """Hold the rebuild lock until the transaction ends: two rebuilds at once (workers
    starting together after migration 0003) would deadlock on the index's DDL."""
    backend_for(conn).lock(conn)


def rebuild(conn: Connection) -> int:
    """Empty the index and index every post, in id order, in batches."""
    backend = backend_for(conn)
    backend.begin_rebuild(conn)
    count, after = 0, ""
    while True:
        rows = _rows(conn, posts.c.id > after, limit=REBUILD_BATCH)
        if not rows:
            break
        backend.index(conn, rows)
        count += len(rows)
        after = rows[-1].post_id
    backend.end_rebuild(conn)
    return count


def _rows(
    conn: Connection, condition: ColumnElement[bool], limit: int | None = None
) -> list[IndexRow]:
    query = (
        select(
            posts.c.id,
            posts.c.title,
            posts.c.content_text,
            posts.c.tags,
            posts.c.author,
            sources.c.name,
        )
        .join(sources, sources.c.id == posts.c.source_id)
        .where(condition, posts.c.duplicate_of.is_(None))  # a copy is found as its primary
        .order_by(posts.c.id)
        .limit(limit)
    )
    return [
        IndexRow(
            post_id=row.id,
            title=unmarked(row.title),
            text=unmarked(row.content_text),
            tags=unmarked("\n".join(load_strings(row.tags))),
            author=unmarked(row.author or ""),
            source=unmarked(row.name),
            text_changed=unmarked(row.content_text) != row.content_text,
        )
        for row in conn.execute(query)
    ]


# -- searching ----------------------------------------------------------------------------


def search(
    conn: Connection,
    query: Query,
    *,
    now: datetime,
    category: str | None,
    source_id: int | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    offset: int,
    newest: bool = False,
) -> SearchPage:
    plan = split_search(query)
    start = max((d for d in (plan.start, since) if d is not None), default=None)
    end = min((d for d in (plan.end, until) if d is not None), default=None)
    filters = Filters(category, source_id, start, end, newest)
    page = slice(max(offset, 0), max(offset, 0) + max(limit, 0))
    ranked, total = backend_for(conn).search(conn, plan.text, filters, now, page)
    found = posts_by_ids(conn, [r.post_id for r in ranked])
    hits = [
        SearchHit(found[r.post_id], _snippet(r.snippet, found[r.post_id].summary), r.score)
        for r in ranked
        if r.post_id in found
    ]
    return SearchPage(hits, total)


def _snippet(raw: str, summary: str) -> str:
    """The marked passage; the summary (escaped) when the match was not in the text."""
    if START_MARK in raw:
        return mark(raw)
    return html.escape(unmarked(summary))
