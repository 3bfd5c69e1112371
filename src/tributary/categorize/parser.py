"""Category query text -> ``Query`` tree, or a ``QuerySyntaxError`` that says where.

Grammar (precedence NOT > AND > OR; operators are the UPPERCASE words only, so a lowercase
``and``/``or``/``not`` is an ordinary term, as in Lucene and Google)::

    query   := or_expr END
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary (["AND"] unary)*          adjacent operands are ANDed
    unary   := ("NOT" | "-")* primary          a "-" that starts a word negates it
    primary := [FIELD] (TERM | PHRASE | "(" or_expr ")") | DATES
    FIELD   := ("title" | "author" | "source" | "tag") ":"   with nothing between it and
                                                             what it applies to
    TERM    := run of characters other than space, parentheses and quotes; "*" may end it
    PHRASE  := '"' ... '"'  (curly quotes too); a "*" may end its last word
    DATES   := "published:" [">=" | ">" | "<=" | "<"] DATE | "published:" DATE ".." DATE
               where DATE is YYYY, YYYY-MM or YYYY-MM-DD (see ``dates``)

A term whose text holds several words (``al-shifa``, ``U.S.``) is a phrase of those words;
a phrase of one word is a term. Positions in errors are 1-based character indexes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, cast

from tributary.categorize.dates import DateError, parse_bound
from tributary.categorize.document import Field
from tributary.categorize.text import words
from tributary.categorize.tree import FIELDS, And, Not, Or, Phrase, Published, Query, Term
from tributary.errors import QuerySyntaxError

Kind = Literal["word", "phrase", "field", "date", "and", "or", "not", "minus", "(", ")", "end"]
_OPERATORS: dict[str, Kind] = {"AND": "and", "OR": "or", "NOT": "not"}
_OPERANDS = frozenset({"word", "phrase", "field", "date", "not", "minus", "("})
_NAMES = {"and": "AND", "or": "OR", "not": "NOT", "minus": "'-'", "(": "'('"}
_OPEN_QUOTES, _CLOSE_QUOTES = '"\u201c', '"\u201d'
_STOP = " \t\r\n()" + _OPEN_QUOTES + _CLOSE_QUOTES
_FIELD = re.compile(r"([A-Za-z]+):")
DATE_FIELD = "published"
MAX_DEPTH = 50  # parentheses; deeper nesting is surely a mistake and would exhaust the stack


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    pos: int  # 0-based index into the query
    end: int


def parse_query(text: str) -> Query:
    """Parse a category query; raise ``QuerySyntaxError`` naming the position and problem."""
    return _Parser(text).parse()


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(Token(cast(Kind, char), char, i, i + 1))
            i += 1
        elif char in _OPEN_QUOTES:
            tokens.append(_phrase(text, i))
            i = tokens[-1].end
        elif char in _CLOSE_QUOTES:
            raise QuerySyntaxError("closing quote without an opening one", i + 1, text)
        elif char == "-":
            if i + 1 == len(text) or text[i + 1].isspace() or text[i + 1] in ")":
                raise QuerySyntaxError("expected a term after '-'", i + 1, text)
            tokens.append(Token("minus", "-", i, i + 1))
            i += 1
        else:
            tokens.append(_word(text, i))
            i = tokens[-1].end
    tokens.append(Token("end", "", len(text), len(text)))
    return tokens


def _phrase(text: str, start: int) -> Token:
    end = min((j for j in (text.find(q, start + 1) for q in _CLOSE_QUOTES) if j >= 0), default=-1)
    if end < 0:
        raise QuerySyntaxError("unterminated quoted phrase", start + 1, text)
    return Token("phrase", text[start + 1 : end], start, end + 1)


def _word(text: str, start: int) -> Token:
    end = start
    while end < len(text) and text[end] not in _STOP and not text[end].isspace():
        end += 1
    raw = text[start:end]
    field = _FIELD.match(raw)
    if field:
        name = field[1].lower()
        if name == DATE_FIELD:  # the rest of the word is the bound: published:>=2025-05
            return Token("date", raw[len(field[0]) :], start, end)
        if name not in FIELDS:
            expected = ", ".join(f"{f}:" for f in (*FIELDS, DATE_FIELD))
            raise QuerySyntaxError(
                f"unknown field '{field[0]}' (expected {expected})", start + 1, text
            )
        return Token("field", name, start, start + len(field[0]))
    return Token(_OPERATORS.get(raw, "word"), raw, start, end)


class _Parser:
    """Recursive descent over the tokens; ``field`` is the prefix of an enclosing group."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.at = 0
        self.depth = 0

    def parse(self) -> Query:
        if self.peek().kind == "end":
            raise self.error("empty query", 0)
        query = self.or_expr(None)
        token = self.peek()
        if token.kind == ")":
            raise self.error("unexpected ')'", token.pos)
        return query

    def peek(self) -> Token:
        return self.tokens[self.at]

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def error(self, message: str, pos: int) -> QuerySyntaxError:
        return QuerySyntaxError(message, pos + 1, self.text)

    def operand_after(self, operator: Token) -> None:
        """Fail unless what follows ``operator`` can start an operand."""
        if self.peek().kind not in _OPERANDS:
            raise self.error(f"expected a term after {_NAMES[operator.kind]}", operator.pos)

    def or_expr(self, field: Field | None) -> Query:
        parts = [self.and_expr(field)]
        while self.peek().kind == "or":
            self.operand_after(self.take())
            parts.append(self.and_expr(field))
        return _combine(Or, parts)

    def and_expr(self, field: Field | None) -> Query:
        parts = [self.unary(field)]
        while True:
            kind = self.peek().kind
            if kind == "and":
                self.operand_after(self.take())
            elif kind not in _OPERANDS:
                return _combine(And, parts)
            parts.append(self.unary(field))

    def unary(self, field: Field | None) -> Query:
        negations = 0  # counted, not recursed: "NOT NOT ... x" must not exhaust the stack
        while self.peek().kind in ("not", "minus"):
            self.operand_after(self.take())
            negations += 1
        query = self.primary(field)
        for _ in range(negations):
            query = Not(query)
        return query

    def primary(self, field: Field | None) -> Query:
        token = self.take()
        if token.kind == "field":
            return self.fielded(token, field)
        if token.kind == "word":
            return self.term(token, field)
        if token.kind == "phrase":
            return self.quoted(token, field)
        if token.kind == "date":
            return self.published(token, field)
        if token.kind == "(":
            return self.group(token, field)
        if token.kind == ")":
            raise self.error("unexpected ')'", token.pos)
        # Only AND / OR can get here: every other path checks for an operand first.
        raise self.error(f"expected a term before {_NAMES[token.kind]}", token.pos)

    def fielded(self, token: Token, outer: Field | None) -> Query:
        field = cast(Field, token.text)
        if outer is not None and outer != field:
            raise self.error(f"field '{field}:' inside a '{outer}:' group", token.pos)
        after = self.peek()
        if after.kind not in ("word", "phrase", "(") or after.pos != token.end:
            raise self.error(
                f"expected a term, a phrase or '(' directly after '{field}:'", token.pos
            )
        return self.primary(field)

    def published(self, token: Token, field: Field | None) -> Query:
        if field is not None:
            raise self.error(f"field '{DATE_FIELD}:' inside a '{field}:' group", token.pos)
        offset = token.pos + len(DATE_FIELD) + 1
        try:
            start, end = parse_bound(token.text)
        except DateError as exc:
            raise self.error(f"{exc.message} after '{DATE_FIELD}:'", offset + exc.offset) from None
        return Published(start, end)

    def group(self, token: Token, field: Field | None) -> Query:
        if self.peek().kind == ")":
            raise self.error("empty parentheses", token.pos)
        if self.peek().kind == "end":
            raise self.error(f"unclosed parenthesis opened at position {token.pos + 1}", token.pos)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"parentheses nested deeper than {MAX_DEPTH}", token.pos)
        query = self.or_expr(field)
        self.depth -= 1
        if self.take().kind != ")":
            raise self.error(f"unclosed parenthesis opened at position {token.pos + 1}", token.pos)
        return query

    def term(self, token: Token, field: Field | None) -> Query:
        raw, prefix = token.text, token.text.endswith("*")
        if prefix:
            raw = raw[:-1]
        star = raw.find("*")
        if star >= 0:
            raise self.error("'*' is only allowed at the end of a term", token.pos + star)
        found = words(raw)
        if not found:
            if prefix and not raw:
                raise self.error("'*' needs letters or digits before it", token.pos)
            raise self.error(
                f"'{raw}' has no letters or digits (the operators are AND, OR, NOT)", token.pos
            )
        return _leaf(tuple(found), field, prefix)

    def quoted(self, token: Token, field: Field | None) -> Query:
        raw, prefix = token.text.rstrip(), token.text.rstrip().endswith("*")
        if prefix:
            raw = raw[:-1]
        star = raw.find("*")
        if star >= 0:
            raise self.error("'*' is only allowed at the end of a phrase", token.pos + 1 + star)
        found = words(raw)
        if not found:
            raise self.error("the quoted phrase has no letters or digits", token.pos)
        return _leaf(tuple(found), field, prefix)


def _leaf(found: tuple[str, ...], field: Field | None, prefix: bool) -> Query:
    if len(found) == 1:
        return Term(found[0], field, prefix)
    return Phrase(found, field, prefix)


def _combine(kind: type[And] | type[Or], parts: list[Query]) -> Query:
    """One part stands alone; nested parts of the same kind are flattened into this one."""
    if len(parts) == 1:
        return parts[0]
    flat: list[Query] = []
    for part in parts:
        flat.extend(part.operands if isinstance(part, kind) else (part,))
    return kind(tuple(flat))
