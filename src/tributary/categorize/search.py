"""What a search query must be beyond parsing, checked once for both databases.

A category tests one post at a time, so any tree will do; a search asks a full-text index
for posts, and both indexes need something positive to look up. SQLite FTS5's NOT is even
binary ("a NOT b"), while PostgreSQL's tsquery is not: the rules below hold on both, so a
query means the same wherever it runs.

- There must be a term or a phrase to find: "NOT x" alone, or dates alone, are refused
  ("a search needs at least one term to find").
- NOT subtracts from what the AND around it finds: ``a NOT b``, ``a AND NOT (b OR c)``; a NOT
  that is an operand of OR (``a OR NOT b``) is refused.
- ``published:`` bounds narrow the whole search: they are ANDed at the top level (not inside
  OR or NOT), and become SQL conditions beside the match.

``NOT NOT x`` is ``x``. Errors are ``QuerySyntaxError`` with a position in the query text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tributary.categorize.parser import Kind, parse_query, tokenize
from tributary.categorize.tree import And, Not, Or, Phrase, Published, Query, Term
from tributary.errors import QuerySyntaxError

NEEDS_A_TERM = "a search needs at least one term to find"
NOT_IN_OR = "NOT cannot be an alternative of OR in a search: write (a OR b) NOT c"
DATES_AT_TOP = "published: narrows the whole search: AND it with the rest, outside OR and NOT"


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A checked search: the full-text part (no dates in it) and the date range."""

    text: Query
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive


def parse_search(text: str) -> Query:
    """Parse ``text`` and check it as a search (see the module docstring): the query tree,
    dates included, for ``Storage.search``; errors point into ``text``."""
    query = parse_query(text)
    split_search(query, text)
    return query


def split_search(query: Query, source: str = "") -> SearchQuery:
    """Split the top-level date bounds from the rest and check the rest can be searched.

    ``source`` is the query's text, to point errors at the operator at fault."""
    query = _simplify(query)
    operands = query.operands if isinstance(query, And) else (query,)
    bounds = [q for q in operands if isinstance(q, Published)]
    rest = [q for q in operands if not isinstance(q, Published)]
    if any(_has_dates(q) for q in rest):
        raise _error(DATES_AT_TOP, source, "date")
    if not rest or all(isinstance(q, Not) for q in rest):
        raise _error(NEEDS_A_TERM, source, "not" if rest else None)
    for operand in rest:
        _check(operand.operand if isinstance(operand, Not) else operand, source)
    start = max((b.start for b in bounds if b.start is not None), default=None)
    end = min((b.end for b in bounds if b.end is not None), default=None)
    return SearchQuery(rest[0] if len(rest) == 1 else And(tuple(rest)), start, end)


def _simplify(query: Query) -> Query:
    """``NOT NOT x`` -> ``x``, all the way down."""
    if isinstance(query, Not):
        inner = _simplify(query.operand)
        return inner.operand if isinstance(inner, Not) else Not(inner)
    if isinstance(query, And | Or):
        return type(query)(tuple(_simplify(q) for q in query.operands))
    return query


def _check(query: Query, source: str) -> None:
    """``query`` finds posts by itself: leaves, ORs of such, ANDs with one positive part."""
    if isinstance(query, Not):
        raise _error(NOT_IN_OR, source, "not")
    if isinstance(query, Or):
        for operand in query.operands:
            _check(operand, source)
    elif isinstance(query, And):
        if all(isinstance(q, Not) for q in query.operands):
            raise _error(NEEDS_A_TERM, source, "not")
        for operand in query.operands:
            _check(operand.operand if isinstance(operand, Not) else operand, source)


def _has_dates(query: Query) -> bool:
    if isinstance(query, Published):
        return True
    if isinstance(query, Not):
        return _has_dates(query.operand)
    if isinstance(query, Term | Phrase):
        return False
    return any(_has_dates(q) for q in query.operands)


def _error(message: str, source: str, kind: Kind | None) -> QuerySyntaxError:
    """The error at the first token of ``kind`` (NOT or '-' for "not"), else position 1."""
    kinds: tuple[Kind, ...] = ("not", "minus") if kind == "not" else (kind,) if kind else ()
    position = 0
    if source and kinds:
        position = next((t.pos for t in tokenize(source) if t.kind in kinds), 0)
    return QuerySyntaxError(message, position + 1, source)
