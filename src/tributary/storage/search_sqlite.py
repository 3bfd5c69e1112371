"""Search on SQLite: an FTS5 table, bm25 ranking and snippet(). SQLite-only SQL lives here.

    search_fts    FTS5(title, text, tags, author, source), tokenize 'porter unicode61
                  remove_diacritics 2': English stemming ("strikes" finds "striking"),
                  case and accents folded ("Kyïv" is "kyiv")
    search_rows   doc INTEGER PRIMARY KEY <-> post_id: the FTS rowid of each post. The posts
                  table has a text key, and SQLite may renumber the implicit rowid of such
                  a table (VACUUM, a table copy), so the index keeps its own numbers.

The FTS table stores its own copy of the text (so snippet() works and deleting a row needs
only its rowid); the index's size on disk includes that copy.

Query text -> MATCH: every word quoted ("kyiv"), phrases as "a b", prefixes as "zelensk"*,
fields as column filters ({title}: ...; no prefix is {title text tags}). FTS5's NOT is
binary, so an AND's negated operands are subtracted from the rest:
``a b NOT c NOT d`` -> ``(a AND b) NOT (c OR d)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    column,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.engine import Connection

from tributary.categorize import And, Not, Or, Phrase, Query, Term
from tributary.storage.search import (
    END_MARK,
    RECENCY_DAYS,
    SNIPPET_WORDS,
    START_MARK,
    TITLE_WEIGHT,
    Filters,
    IndexRow,
    Ranked,
)
from tributary.storage.tables import UTCDateTime, post_categories, posts

FTS = "search_fts"
CREATE_FTS = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(title, text, tags, author, source, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)
fts = table(FTS, column("rowid"), column("title"), column("text"), column("tags"),
            column("author"), column("source"))  # fmt: skip
search_rows = table("search_rows", column("doc"), column("post_id"))
# bm25 weights in column order: title, text, tags, author, source.
WEIGHTS = (TITLE_WEIGHT, 1.0, 2.0, 1.0, 1.0)
_COLUMNS = {None: "{title text tags}", "title": "{title}", "tag": "{tags}",
            "author": "{author}", "source": "{source}"}  # fmt: skip
_TEXT_COLUMN = 1


class SqliteSearch:
    def index(self, conn: Connection, rows: Sequence[IndexRow]) -> None:
        if not rows:
            return
        last = conn.execute(select(func.coalesce(func.max(search_rows.c.doc), 0))).scalar_one()
        docs = range(int(last) + 1, int(last) + 1 + len(rows))
        conn.execute(
            insert(search_rows),
            [{"doc": d, "post_id": r.post_id} for d, r in zip(docs, rows, strict=True)],
        )
        conn.execute(insert(fts), [_fts_values(d, r) for d, r in zip(docs, rows, strict=True)])

    def unindex(self, conn: Connection, ids: Sequence[str]) -> None:
        docs = select(search_rows.c.doc).where(search_rows.c.post_id.in_(ids))
        conn.execute(delete(fts).where(fts.c.rowid.in_(docs)))
        conn.execute(delete(search_rows).where(search_rows.c.post_id.in_(ids)))

    def lock(self, conn: Connection) -> None:
        """Nothing to take: a write transaction holds SQLite's one write lock already."""

    def begin_rebuild(self, conn: Connection) -> None:
        # Deleting every row of an FTS5 table one by one is slow; a new table is not.
        conn.execute(delete(search_rows))
        conn.exec_driver_sql(f"DROP TABLE {FTS}")
        conn.exec_driver_sql(CREATE_FTS)

    def end_rebuild(self, conn: Connection) -> None:
        # Merge the index's segments into one: fewer b-trees for every query to visit.
        conn.exec_driver_sql(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")

    def search(
        self, conn: Connection, query: Query, filters: Filters, now: datetime, page: slice
    ) -> tuple[list[Ranked], int]:
        expression = match_expression(query)
        # bm25() cannot run in a query with a window function: score in a subquery, count
        # every match over it.
        scored = (
            _matching(expression, filters)
            .add_columns(_score(now).label("score"), posts.c.published)
            .subquery()
        )
        ranked = (
            select(
                scored.c.post_id, scored.c.doc, scored.c.score, func.count().over().label("total")
            )
            .order_by(*_order(scored, filters.newest))
            .offset(page.start)
            .limit(page.stop - page.start)
        )
        rows = conn.execute(ranked).all()
        if not rows:
            total = conn.execute(_matching(expression, filters).with_only_columns(func.count()))
            return [], int(total.scalar_one()) if page.start else 0
        snippets = _snippets(conn, expression, [row.doc for row in rows])
        found = [Ranked(row.post_id, float(row.score), snippets.get(row.doc, "")) for row in rows]
        return found, int(rows[0].total)


def _fts_values(doc: int, row: IndexRow) -> dict[str, Any]:
    return {"rowid": doc, "title": row.title, "text": row.text, "tags": row.tags,
            "author": row.author, "source": row.source}  # fmt: skip


def _matching(expression: str, filters: Filters) -> Select[Any]:
    query = (
        select(search_rows.c.post_id, fts.c.rowid.label("doc"))
        .select_from(fts)
        .join(search_rows, search_rows.c.doc == fts.c.rowid)
        .join(posts, posts.c.id == search_rows.c.post_id)
        .where(literal_column(FTS).op("MATCH")(expression))
    )
    if filters.category is not None:
        query = query.join(post_categories, post_categories.c.post_id == posts.c.id).where(
            post_categories.c.category_slug == filters.category
        )
    if filters.source_id is not None:
        query = query.where(posts.c.source_id == filters.source_id)
    if filters.start is not None:
        query = query.where(posts.c.published >= filters.start)
    if filters.end is not None:
        query = query.where(posts.c.published < filters.end)
    return query


def _order(scored: Subquery, newest: bool) -> list[ColumnElement[Any]]:
    first = [] if newest else [scored.c.score.desc()]
    return [*first, scored.c.published.desc(), scored.c.post_id.desc()]


def _score(now: datetime) -> ColumnElement[Any]:
    """-bm25 (bm25 is lower for better) over (1 + age / RECENCY_DAYS); ages from ``now``."""
    relevance = -func.bm25(literal_column(FTS), *(literal(w) for w in WEIGHTS))
    age = func.julianday(literal(now, UTCDateTime)) - func.julianday(posts.c.published)
    return relevance / (1.0 + func.max(age, 0.0) / RECENCY_DAYS)


def _snippets(conn: Connection, expression: str, docs: Sequence[int]) -> dict[int, str]:
    """snippet() for the page's rows only: computed in the ranking query it would run for
    every match before the sort."""
    fragment = func.snippet(literal_column(FTS), _TEXT_COLUMN, START_MARK, END_MARK, "…",
                            SNIPPET_WORDS)  # fmt: skip
    query = (
        select(fts.c.rowid, fragment)
        .select_from(fts)
        .where(literal_column(FTS).op("MATCH")(expression), fts.c.rowid.in_(docs))
    )
    return {int(doc): str(snippet or "") for doc, snippet in conn.execute(query)}


# -- the query tree as an FTS5 MATCH expression -------------------------------------------


def match_expression(query: Query) -> str:
    """``query`` (checked by ``split_search``: no dates, NOT only beside a positive part) as
    FTS5 query syntax."""
    if isinstance(query, Term):
        return f"{_COLUMNS[query.field]} : {_quoted(query.word)}{'*' if query.prefix else ''}"
    if isinstance(query, Phrase):
        star = "*" if query.prefix else ""
        return f"{_COLUMNS[query.field]} : {_quoted(' '.join(query.words))}{star}"
    if isinstance(query, Or):
        return "(" + " OR ".join(match_expression(q) for q in query.operands) + ")"
    if isinstance(query, And):
        return _and(query)
    raise ValueError(f"cannot search for {query!r} on its own")


def _and(query: And) -> str:
    keep = [q for q in query.operands if not isinstance(q, Not)]
    drop = [q.operand for q in query.operands if isinstance(q, Not)]
    if not keep:
        raise ValueError("a search needs at least one term to find")
    found = "(" + " AND ".join(match_expression(q) for q in keep) + ")"
    if not drop:
        return found
    return f"({found} NOT ({' OR '.join(match_expression(q) for q in drop)}))"


def _quoted(words: str) -> str:
    """An FTS5 string: inside double quotes, a double quote is doubled."""
    return '"' + words.replace('"', '""') + '"'


def fts_size(conn: Connection) -> int:
    """Bytes the index takes on disk (FTS5's shadow tables and search_rows), from dbstat
    when SQLite has it: for the benchmark."""
    query = text("SELECT sum(pgsize) FROM dbstat WHERE name LIKE :fts OR name = 'search_rows' "
                 "OR name LIKE 'sqlite_autoindex_search_rows%'")  # fmt: skip
    return int(conn.execute(query, {"fts": f"{FTS}%"}).scalar_one() or 0)
