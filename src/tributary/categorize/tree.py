"""The compiled form of a category query: a small tree of frozen nodes.

    Query = Term | Phrase | Not | And | Or

``And`` and ``Or`` are n-ary and never directly nest in their own kind (the parser
flattens ``a AND (b AND c)``); a field prefix on a group is pushed down to its terms, so
``title:(gaza OR rafah)`` is ``Or(Term("gaza", "title"), Term("rafah", "title"))``. Words are
stored folded (see ``text``), which makes equal queries compare equal.

Each node tests itself against a ``PreparedDocument`` with set look-ups, a bisect for ``*``
prefixes and a list scan for phrases: no regular expression runs per term.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tributary.categorize.document import PreparedDocument, WordField

Field = Literal["title", "author", "source", "tag"]
FIELDS: tuple[Field, ...] = ("title", "author", "source", "tag")


def _word_field(doc: PreparedDocument, field: Field | None) -> WordField:
    if field is None:
        return doc.any
    if field == "title":
        return doc.title
    if field == "author":
        return doc.author
    return doc.source


@dataclass(frozen=True, slots=True)
class Term:
    """One word; with ``prefix`` any word that begins with it (``zelensk*``)."""

    word: str
    field: Field | None = None
    prefix: bool = False

    def test(self, doc: PreparedDocument) -> bool:
        if self.field == "tag":
            return doc.tag.has_tag(self.word, self.prefix)
        index = _word_field(doc, self.field)
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
        return _word_field(doc, self.field).has_phrase(self.words, self.prefix)


@dataclass(frozen=True, slots=True)
class Not:
    operand: Query

    def test(self, doc: PreparedDocument) -> bool:
        return not self.operand.test(doc)


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Query, ...]

    def test(self, doc: PreparedDocument) -> bool:
        # A plain loop, not all(<generator>): this runs for every post and category.
        for operand in self.operands:  # noqa: SIM110
            if not operand.test(doc):
                return False
        return True


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Query, ...]

    def test(self, doc: PreparedDocument) -> bool:
        for operand in self.operands:  # noqa: SIM110 (as in And.test)
            if operand.test(doc):
                return True
        return False


Query = Term | Phrase | Not | And | Or


def describe(query: Query) -> str:
    """The normalized text of ``query``; ``parse_query(describe(q)) == q``."""
    if isinstance(query, Term):
        return f"{_field(query.field)}{query.word}{'*' if query.prefix else ''}"
    if isinstance(query, Phrase):
        star = "*" if query.prefix else ""
        return f'{_field(query.field)}"{" ".join(query.words)}{star}"'
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
