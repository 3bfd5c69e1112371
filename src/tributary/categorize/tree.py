"""The compiled form of a category query: a small tree of frozen nodes.

    Query = Term | Phrase | Published | Not | And | Or

``And`` and ``Or`` are n-ary and never directly nest in their own kind (the parser
flattens ``a AND (b AND c)``); a field prefix on a group is pushed down to its terms, so
``title:(gaza OR rafah)`` is ``Or(Term("gaza", "title"), Term("rafah", "title"))``. Words are
stored folded (see ``text``), which makes equal queries compare equal.

Each node tests itself against a ``PreparedDocument`` with set look-ups, a bisect for ``*``
prefixes and a list scan for phrases: no regular expression runs per term. ``And`` and
``Or`` gather their exact one-word terms into a set per field when built, so the usual
``a OR b OR c`` is one ``isdisjoint`` call.

``Published`` is a date range (``published:>=2025-05-01``, ``published:2025-05``): it tests
the post's ``published`` time, so a category and a search read it alike (search turns it
into SQL conditions beside the full-text match).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta

from tributary.categorize.dates import END_OF_TIME
from tributary.categorize.document import Field, PreparedDocument

FIELDS: tuple[Field, ...] = ("title", "author", "source", "tag")
TermSets = tuple[tuple[Field | None, frozenset[str]], ...]


@dataclass(frozen=True, slots=True)
class Term:
    """One word; with ``prefix`` any word that begins with it (``zelensk*``)."""

    word: str
    field: Field | None = None
    prefix: bool = False

    def test(self, doc: PreparedDocument) -> bool:
        if self.field == "tag":
            return doc.tag.has_tag(self.word, self.prefix)
        index = doc.field(self.field)
        return index.has_prefix(self.word) if self.prefix else index.has_word(self.word)


@dataclass(frozen=True, slots=True)
class Phrase:
    """Two or more words in a row, within one field; ``prefix`` applies to the last one."""

    words: tuple[str, ...]
    field: Field | None = None
    prefix: bool = False

    def test(self, doc: PreparedDocument) -> bool:
        if self.field == "tag":
            return doc.tag.has_tag(" ".join(self.words), self.prefix)
        return doc.field(self.field).has_phrase(self.words, self.prefix)


@dataclass(frozen=True, slots=True)
class Published:
    """The post was published in [start, end): UTC midnights, either end open (None)."""

    start: datetime | None = None
    end: datetime | None = None

    def test(self, doc: PreparedDocument) -> bool:
        when = doc.published
        if when is None:
            return False
        return (self.start is None or when >= self.start) and (self.end is None or when < self.end)


@dataclass(frozen=True, slots=True)
class Not:
    operand: Query

    def test(self, doc: PreparedDocument) -> bool:
        return not self.operand.test(doc)


def _plain_terms(operands: tuple[Query, ...]) -> tuple[TermSets, tuple[Query, ...]]:
    """Split operands into exact one-word terms, grouped by field, and the rest."""
    grouped: dict[Field | None, set[str]] = {}
    rest: list[Query] = []
    for operand in operands:
        if isinstance(operand, Term) and not operand.prefix:
            grouped.setdefault(operand.field, set()).add(operand.word)
        else:
            rest.append(operand)
    return tuple((f, frozenset(w)) for f, w in grouped.items()), tuple(rest)


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Query, ...]
    # Derived from operands in __post_init__; left out of equality, hashing and repr.
    _terms: TermSets = dataclasses.field(init=False, repr=False, compare=False)
    _rest: tuple[Query, ...] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        terms, rest = _plain_terms(self.operands)
        object.__setattr__(self, "_terms", terms)
        object.__setattr__(self, "_rest", rest)

    def test(self, doc: PreparedDocument) -> bool:
        for name, words in self._terms:
            if not words <= doc.vocabulary(name):
                return False
        # A plain loop, not all(<generator>): this runs for every post and category.
        for operand in self._rest:  # noqa: SIM110
            if not operand.test(doc):
                return False
        return True


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Query, ...]
    _terms: TermSets = dataclasses.field(init=False, repr=False, compare=False)
    _rest: tuple[Query, ...] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        terms, rest = _plain_terms(self.operands)
        object.__setattr__(self, "_terms", terms)
        object.__setattr__(self, "_rest", rest)

    def test(self, doc: PreparedDocument) -> bool:
        for name, words in self._terms:
            if not words.isdisjoint(doc.vocabulary(name)):
                return True
        for operand in self._rest:  # noqa: SIM110 (as in And.test)
            if operand.test(doc):
                return True
        return False


Query = Term | Phrase | Published | Not | And | Or


def describe(query: Query) -> str:
    """The normalized text of ``query``; ``parse_query(describe(q)) == q``."""
    if isinstance(query, Term):
        return f"{_field(query.field)}{query.word}{'*' if query.prefix else ''}"
    if isinstance(query, Phrase):
        star = "*" if query.prefix else ""
        return f'{_field(query.field)}"{" ".join(query.words)}{star}"'
    if isinstance(query, Published):
        return _describe_published(query)
    if isinstance(query, Not):
        return f"NOT {_operand(query.operand, (And, Or))}"
    if isinstance(query, And):
        return " AND ".join(_operand(q, (Or,)) for q in query.operands)
    return " OR ".join(_operand(q, ()) for q in query.operands)


def _field(field: Field | None) -> str:
    return f"{field}:" if field else ""


def _operand(query: Query, wrap: tuple[type, ...]) -> str:
    text = describe(query)
    return f"({text})" if isinstance(query, wrap) else text


def _describe_published(query: Published) -> str:
    """``>=start``, ``<end`` or, with both ends, the inclusive days ``first..last``."""
    if query.start is None and query.end is None:
        return "published:>=0001-01-01"
    if query.end is None:
        if query.start == END_OF_TIME:  # after the last day there is
            return f"published:>{_day(query.start)}"
        return f"published:>={_day(query.start)}"
    if query.start is None:
        if query.end == END_OF_TIME:
            return f"published:<={_day(query.end)}"
        return f"published:<{_day(query.end)}"
    return f"published:{_day(query.start)}..{_last_day(query.end)}"


def _last_day(end: datetime) -> str:
    """The last day of a range that ends (exclusive) at ``end``."""
    return _day(end if end == END_OF_TIME else end - timedelta(days=1))


def _day(when: datetime | None) -> str:
    assert when is not None
    return when.date().isoformat()
