"""Search on PostgreSQL: weighted tsvectors, GIN, ts_rank_cd, ts_headline. PostgreSQL-only
SQL lives here.

    post_search.body   title A, tags B, text D     unprefixed terms, title:, tag:
    post_search.meta   author A, source B          author:, source:

Both are to_tsvector('tributary_english', ...) (Snowball English stemming, no stop words)
over text folded in Python
by ``categorize.text.fold`` (case, accents: "Kyïv" is "kyiv"), so no unaccent extension is
needed and queries fold the same way. ``display_text`` is the text with its diacritics
stripped but its case kept, stored only when that differs from the post's text: ts_headline
reads it so the words it marks are the words the index holds.

Query text -> tsquery, built as a string of quoted lexemes and passed as a bound parameter
to to_tsquery('tributary_english', ...), which stems each lexeme: 'kyiv', phrases 'a' <-> 'b',
prefixes 'zelensk':*, fields as weights ('gaza':A is a title word), AND &, OR |, NOT !.
A query whose terms sit in both columns (``kyiv author:okafor``) becomes one @@ per column
joined with SQL AND / OR / NOT.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    column,
    delete,
    extract,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.engine import Connection

from tributary.categorize import And, Not, Or, Phrase, Published, Query, Term
from tributary.categorize.text import fold, strip_diacritics
from tributary.storage.search import (
    END_MARK,
    RECENCY_DAYS,
    SNIPPET_WORDS,
    START_MARK,
    Filters,
    IndexRow,
    Ranked,
)
from tributary.storage.tables import UTCDateTime, post_categories, posts

Column = Literal["body", "meta"]
REBUILD_LOCK_ID = 7_305_411_203  # beside engine.py's migration lock: any constant will do
# PostgreSQL's english configuration with its stemmer but without its stop-word list (made
# by migration 0003): English stop words include "us", "who" and "again", and dropping a
# query's only positive word would leave "NOT x" to match nearly everything. FTS5 keeps
# every word too, so both databases find the same posts.
CONFIG = "tributary_english"
post_search = table("post_search", column("post_id"), column("body"), column("meta"),
                    column("display_text"))  # fmt: skip
ENGLISH: ColumnElement[Any] = literal_column(f"'{CONFIG}'::regconfig")
# ts_rank_cd weights for D, C, B, A: text 0.1, tags 0.4, title 1.0 (PostgreSQL's defaults).
RANK_WEIGHTS: ColumnElement[Any] = literal_column("'{0.1, 0.2, 0.4, 1.0}'::float4[]")
RANK_NORMALIZATION = 1  # divide by 1 + log(length): a long post does not win by length alone
INSERT = text(
    "INSERT INTO post_search (post_id, body, meta, display_text) VALUES (:post_id, "
    f"setweight(to_tsvector('{CONFIG}', :title), 'A') || "
    f"setweight(to_tsvector('{CONFIG}', :tags), 'B') || "
    f"setweight(to_tsvector('{CONFIG}', :text), 'D'), "
    f"setweight(to_tsvector('{CONFIG}', :author), 'A') || "
    f"setweight(to_tsvector('{CONFIG}', :source), 'B'), :display_text)"
)
INDEXES = (
    "CREATE INDEX ix_post_search_body ON post_search USING gin (body)",
    "CREATE INDEX ix_post_search_meta ON post_search USING gin (meta)",
)
HEADLINE_OPTIONS = (
    f'StartSel="{START_MARK}", StopSel="{END_MARK}", MaxWords={SNIPPET_WORDS + 11}, '
    f'MinWords={SNIPPET_WORDS // 2}, MaxFragments=2, FragmentDelimiter=" … "'
)
_COLUMN: dict[str | None, Column] = {None: "body", "title": "body", "tag": "body",
                                     "author": "meta", "source": "meta"}  # fmt: skip
_WEIGHT = {None: "", "title": "A", "tag": "B", "author": "A", "source": "B"}


class PostgresSearch:
    def index(self, conn: Connection, rows: Sequence[IndexRow]) -> None:
        if rows:
            conn.execute(INSERT, [_insert_values(row) for row in rows])

    def unindex(self, conn: Connection, ids: Sequence[str]) -> None:
        conn.execute(delete(post_search).where(post_search.c.post_id.in_(ids)))

    def lock(self, conn: Connection) -> None:
        conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": REBUILD_LOCK_ID})

    def begin_rebuild(self, conn: Connection) -> None:
        # GIN indexes built once after the load are far faster than kept row by row.
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_post_search_body, ix_post_search_meta")
        conn.exec_driver_sql("TRUNCATE post_search")

    def end_rebuild(self, conn: Connection) -> None:
        for statement in INDEXES:
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql("ANALYZE post_search")

    def search(
        self, conn: Connection, query: Query, filters: Filters, now: datetime, page: slice
    ) -> tuple[list[Ranked], int]:
        score = _score(query, now).label("score")
        ranked = (
            _matching(query, filters)
            .add_columns(score, func.count().over().label("total"))
            .order_by(*_order(score, filters.newest))
            .offset(page.start)
            .limit(page.stop - page.start)
        )
        rows = conn.execute(ranked).all()
        if not rows:
            total = conn.execute(_matching(query, filters).with_only_columns(func.count()))
            return [], int(total.scalar_one()) if page.start else 0
        snippets = _headlines(conn, query, [row.post_id for row in rows])
        found = [Ranked(r.post_id, float(r.score), snippets.get(r.post_id, "")) for r in rows]
        return found, int(rows[0].total)


def _insert_values(row: IndexRow) -> dict[str, Any]:
    shown = strip_diacritics(row.text)
    return {
        "post_id": row.post_id,
        "title": fold(row.title),
        "tags": fold(row.tags),
        "text": fold(row.text),
        "author": fold(row.author),
        "source": fold(row.source),
        "display_text": shown if shown != row.text or row.text_changed else None,
    }


def _matching(query: Query, filters: Filters) -> Select[Any]:
    found = (
        select(post_search.c.post_id)
        .select_from(post_search)
        .join(posts, posts.c.id == post_search.c.post_id)
        .where(condition(query))
    )
    if filters.category is not None:
        found = found.join(post_categories, post_categories.c.post_id == posts.c.id).where(
            post_categories.c.category_slug == filters.category
        )
    if filters.source_id is not None:
        found = found.where(posts.c.source_id == filters.source_id)
    if filters.start is not None:
        found = found.where(posts.c.published >= filters.start)
    if filters.end is not None:
        found = found.where(posts.c.published < filters.end)
    return found


def _order(score: ColumnElement[Any], newest: bool) -> list[ColumnElement[Any]]:
    first = [] if newest else [score.desc()]
    return [*first, posts.c.published.desc(), posts.c.id.desc()]


def _score(query: Query, now: datetime) -> ColumnElement[float]:
    """ts_rank_cd of the query's positive terms in each column, over (1 + age /
    RECENCY_DAYS), ages counted from ``now``."""
    ranks: list[ColumnElement[float]] = []
    for name in ("body", "meta"):
        wanted = rank_tsquery(query, name)
        if wanted:
            tsq = func.to_tsquery(ENGLISH, wanted)
            ranks.append(func.ts_rank_cd(RANK_WEIGHTS, post_search.c[name], tsq,
                                         RANK_NORMALIZATION))  # fmt: skip
    relevance = ranks[0] if len(ranks) == 1 else ranks[0] + ranks[1]
    age_days = extract("epoch", literal(now, UTCDateTime) - posts.c.published) / 86400.0
    return relevance / (1.0 + func.greatest(age_days, 0.0) / RECENCY_DAYS)


def _headlines(conn: Connection, query: Query, ids: Sequence[str]) -> dict[str, str]:
    """ts_headline of the page's posts only (it re-parses the whole text: costly per row)."""
    wanted = rank_tsquery(query, "body")
    if not wanted:
        return {}
    shown = func.coalesce(post_search.c.display_text, posts.c.content_text)
    headline = func.ts_headline(ENGLISH, shown, func.to_tsquery(ENGLISH, wanted),
                                HEADLINE_OPTIONS)  # fmt: skip
    rows = conn.execute(
        select(post_search.c.post_id, headline)
        .join(posts, posts.c.id == post_search.c.post_id)
        .where(post_search.c.post_id.in_(ids))
    )
    return {post_id: str(snippet or "") for post_id, snippet in rows}


# -- the query tree as SQL conditions and tsquery text ------------------------------------


def condition(query: Query) -> ColumnElement[bool]:
    """``query`` as SQL: one ``column @@ to_tsquery(...)`` for each part that stays within
    one column, joined with AND / OR / NOT where the columns differ."""
    columns = set(_columns(query))
    if len(columns) == 1:
        name = columns.pop()
        return post_search.c[name].op("@@")(func.to_tsquery(ENGLISH, tsquery(query)))
    if isinstance(query, And):
        return and_(*(condition(q) for q in query.operands))
    if isinstance(query, Or):
        return or_(*(condition(q) for q in query.operands))
    assert isinstance(query, Not)
    return not_(condition(query.operand))


def tsquery(query: Query) -> str:
    """``query`` as to_tsquery text, every lexeme quoted."""
    if isinstance(query, Term):
        return _lexeme(query.word, query.prefix, _WEIGHT[query.field])
    if isinstance(query, Phrase):
        last = len(query.words) - 1
        weight = _WEIGHT[query.field]
        parts = [_lexeme(w, query.prefix and i == last, weight) for i, w in enumerate(query.words)]
        return "(" + " <-> ".join(parts) + ")"
    if isinstance(query, Not):
        return "!" + tsquery(query.operand)
    if isinstance(query, And | Or):
        joiner = " & " if isinstance(query, And) else " | "
        return "(" + joiner.join(tsquery(q) for q in query.operands) + ")"
    raise ValueError(f"{query!r} is a date bound, not text")


def rank_tsquery(query: Query, name: Column) -> str:
    """The positive terms and phrases of ``query`` in column ``name``, ORed: what a post is
    ranked (and its headline marked) by. "" when there are none."""
    return " | ".join(tsquery(leaf) for leaf in _positive_leaves(query) if _column(leaf) == name)


def _lexeme(word: str, prefix: bool, weight: str) -> str:
    """A quoted tsquery lexeme: quotes doubled, backslashes escaped; then ':*' and weight."""
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    label = ("*" if prefix else "") + weight
    return f"{quoted}:{label}" if label else quoted


def _column(leaf: Term | Phrase) -> Column:
    return _COLUMN[leaf.field]


def _columns(query: Query) -> Iterator[Column]:
    if isinstance(query, Term | Phrase):
        yield _column(query)
    elif isinstance(query, Not):
        yield from _columns(query.operand)
    elif isinstance(query, And | Or):
        for operand in query.operands:
            yield from _columns(operand)
    elif isinstance(query, Published):
        raise ValueError("date bounds are conditions on published, not text")


def _positive_leaves(query: Query) -> Iterator[Term | Phrase]:
    if isinstance(query, Term | Phrase):
        yield query
    elif isinstance(query, And | Or):
        for operand in query.operands:
            yield from _positive_leaves(operand)


def index_size(conn: Connection) -> int:
    """Bytes the index takes on disk: post_search with its TOAST and GIN indexes."""
    return int(conn.execute(text("SELECT pg_total_relation_size('post_search')")).scalar_one())
