"""A post as the matcher sees it: tokenized once, then tested against every category.

``prepare`` does the costly part (folding and splitting the text into words) once per post;
the index parts that only some queries need (word sets of single fields, sorted vocabularies
for ``*`` prefixes) are built on first use and kept on the prepared document.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from tributary.categorize.text import tag_key, words

Field = Literal["title", "author", "source", "tag"]


@dataclass(frozen=True, slots=True)
class Document:
    """What a query is matched against. ``text`` is the full text where there is one."""

    title: str
    text: str
    author: str
    source: str
    tags: tuple[str, ...]
    source_tags: tuple[str, ...] = ()
    published: datetime | None = None  # aware UTC; ``published:`` bounds test it


class WordField:
    """One searchable field: one or more word sequences (a phrase never spans two)."""

    __slots__ = ("_sorted", "_vocabulary", "sequences")

    def __init__(self, sequences: Sequence[list[str]]) -> None:
        self.sequences = sequences
        self._vocabulary: frozenset[str] | None = None
        self._sorted: list[str] | None = None

    @property
    def vocabulary(self) -> frozenset[str]:
        if self._vocabulary is None:
            self._vocabulary = frozenset().union(*self.sequences)
        return self._vocabulary

    def has_word(self, word: str) -> bool:
        return word in self.vocabulary

    def has_prefix(self, prefix: str) -> bool:
        """Whether a word starts with ``prefix``: bisect on the sorted vocabulary."""
        if self._sorted is None:
            self._sorted = sorted(self.vocabulary)
        i = bisect_left(self._sorted, prefix)
        return i < len(self._sorted) and self._sorted[i].startswith(prefix)

    def has_phrase(self, phrase: tuple[str, ...], prefix: bool) -> bool:
        """Whether the words of ``phrase`` stand in a row; with ``prefix`` the last word of
        the phrase need only begin a word."""
        exact = phrase[:-1] if prefix else phrase
        vocabulary = self.vocabulary
        if not all(w in vocabulary for w in exact):
            return False  # the common case, decided without scanning
        if prefix and not self.has_prefix(phrase[-1]):
            return False
        return any(_phrase_at(seq, phrase, prefix) for seq in self.sequences)


def _phrase_at(seq: list[str], phrase: tuple[str, ...], prefix: bool) -> bool:
    first, n = phrase[0], len(phrase)
    start, limit = 0, len(seq) - n
    while start <= limit:
        try:
            i = seq.index(first, start, limit + 1)
        except ValueError:
            return False
        if seq[i : i + n - 1] == list(phrase[:-1]) and (
            seq[i + n - 1].startswith(phrase[-1]) if prefix else seq[i + n - 1] == phrase[-1]
        ):
            return True
        start = i + 1
    return False


class TagField:
    """``tag:`` compares whole tags: ``tag:ukraine`` matches the tag "Ukraine", not
    "Ukraine war"; ``tag:"ukraine war"`` matches "Ukraine-War"; ``tag:ukr*`` matches
    every tag that begins with "ukr"."""

    __slots__ = ("keys",)

    def __init__(self, keys: frozenset[str]) -> None:
        self.keys = keys

    def has_tag(self, key: str, prefix: bool) -> bool:
        if prefix:
            return any(k.startswith(key) for k in self.keys)
        return key in self.keys


class PreparedDocument:
    """A ``Document`` split into words, with the per-field indexes queries look in."""

    __slots__ = ("any", "author", "published", "source", "tag", "tag_keys", "text", "title")

    def __init__(self, doc: Document) -> None:
        title, text = words(doc.title), words(doc.text)
        tag_words = [words(t) for t in doc.tags]
        self.title = WordField((title,))
        self.text = WordField((text,))
        self.author = WordField((words(doc.author),))
        self.source = WordField((words(doc.source),))
        # Unprefixed terms look in the title, the text and the tags.
        self.any = WordField((title, text, *tag_words))
        self.tag = TagField(frozenset(" ".join(w) for w in tag_words if w))
        # What a rule's source_tags are compared with: the post's and its source's tags.
        self.tag_keys = self.tag.keys | {tag_key(t) for t in doc.source_tags}
        self.published = doc.published

    def field(self, name: Field | None) -> WordField:
        """The words a field prefix looks in (None: title, text and tags); not ``tag:``,
        which compares whole tags (``self.tag``)."""
        if name is None:
            return self.any
        if name == "title":
            return self.title
        return self.author if name == "author" else self.source

    def vocabulary(self, name: Field | None) -> frozenset[str]:
        """What a single exact word is looked up in; for ``tag:`` the whole tags."""
        return self.tag.keys if name == "tag" else self.field(name).vocabulary


def prepare(doc: Document) -> PreparedDocument:
    """Tokenize ``doc`` once, to be matched against many queries."""
    return PreparedDocument(doc)
