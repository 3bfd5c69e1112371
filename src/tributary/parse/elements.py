"""Which elements a feed body holds, read from its bytes in one pass (for parse/rust_feed.py).

feedparser_rs gives a parsed feed but no account of what it skipped: an element it does not
know (``atom:updated`` in an RSS item, ``dcterms:modified``, ``<PubDate>`` in another case, a
prefix of the feed's own for Dublin Core) leaves no trace in its result, while feedparser reads
it. So before the conversion trusts feedparser_rs, it takes a census of the start tags:

    census(data, entry_tag)
      -> one regular-expression pass over the bytes: every start tag's name and attributes,
         CDATA sections and comments skipped whole (so the HTML of WordPress bodies is not
         read as tags)
      -> ``head``: the feed's own tags, before the first entry and after the last one
      -> ``body``: the entries' tags, in document order

Anything else that looks like a start tag counts as one (a "<" in broken text, markup in a
processing instruction); that only makes the census see more than is there, and the caller
then declines more often, never less. The pass
costs about as much as feedparser_rs's own parse of a WordPress feed's items without their
CDATA bodies: it skips the bodies in the regular-expression engine's tight loop.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

# A CDATA section or a comment (matched whole, captured as b""), or a start tag: its name and
# attributes in one capture (b'guid isPermaLink="false"'). End tags, declarations and PIs
# start with "/", "!" or "?" and are passed over. Negated single-character classes keep the
# regular expression engine in its fastest loops.
_TAG = re.compile(
    rb"<(?:!\[CDATA\[[^\]]*+(?:\](?!\]>)[^\]]*+)*+\]\]>"
    rb"|!--[^-]*+(?:-(?!->)[^-]*+)*+-->"
    rb"|([^/!?][^>]*+))"
)
_BASE = re.compile(rb"(?:^|\s)(?:[\w.-]+:)?base\s*=", re.IGNORECASE)


def split_tag(tag: bytes) -> tuple[bytes, bytes]:
    """(qualified name, attribute text) of a census entry such as b'guid isPermaLink="x"'."""
    parts = tag.split(None, 1)
    return parts[0].rstrip(b"/"), parts[1] if len(parts) > 1 else b""


def _by_name(tags: Iterable[bytes]) -> dict[bytes, list[bytes]]:
    grouped: dict[bytes, list[bytes]] = {}
    for tag in tags:
        if tag:
            name = split_tag(tag)[0]
            if name in grouped:
                grouped[name].append(tag)
            else:
                grouped[name] = [tag]
    return grouped


@dataclass(frozen=True)
class Census:
    """The start tags of one document, split at its first entry (see the module doc)."""

    head: list[bytes]
    body: list[bytes]
    entry_tag: bytes

    @cached_property
    def _head_counts(self) -> Counter[bytes]:
        return Counter(self.head)

    @cached_property
    def _body_counts(self) -> Counter[bytes]:
        return Counter(self.body)

    @cached_property
    def head_tags(self) -> dict[bytes, list[bytes]]:
        """The head's distinct tags by qualified name."""
        return _by_name(self._head_counts)

    @cached_property
    def body_tags(self) -> dict[bytes, list[bytes]]:
        """The body's distinct tags by qualified name."""
        return _by_name(self._body_counts)

    def distinct(self) -> list[bytes]:
        """Every distinct start tag, head and body."""
        return [*self._head_counts, *self._body_counts]

    def count(self, name: bytes) -> int:
        """How often an element of this qualified name starts in the body."""
        counts = self._body_counts
        return sum(counts[tag] for tag in self.body_tags.get(name, ()))

    def head_count(self, name: bytes) -> int:
        """How often an element of this qualified name starts in the head."""
        counts = self._head_counts
        return sum(counts[tag] for tag in self.head_tags.get(name, ()))

    def has_base(self) -> bool:
        """Whether any start tag carries an attribute feedparser reads as a base: xml:base,
        or "base" in any case and namespace."""
        tags = self.distinct()
        if b"base" not in b"\n".join(tags).lower():  # one search, for the common answer
            return False
        return any(_BASE.search(split_tag(tag)[1]) for tag in tags if b"base" in tag.lower())

    def per_entry(self, names: frozenset[bytes]) -> list[list[bytes]]:
        """For each entry in document order, its tags with one of ``names``, in order."""
        markers = set(self.body_tags.get(self.entry_tag, ()))
        wanted = {tag for name in names for tag in self.body_tags.get(name, ())}
        entries: list[list[bytes]] = []
        for tag in self.body:
            if tag in markers:
                entries.append([])
            elif entries and tag in wanted:
                entries[-1].append(tag)
        return entries


def census(data: bytes, entry_tag: bytes) -> Census:
    """The start tags of ``data``: the feed's own before the first ``<entry_tag`` (b"item" or
    b"entry") and after the last ``</entry_tag>``, the entries' between."""
    first = data.find(b"<" + entry_tag)
    last = data.rfind(b"</" + entry_tag + b">")
    if first < 0 or last < first:
        return Census(_TAG.findall(data), [], entry_tag)
    head = _TAG.findall(data, 0, first)
    head += _TAG.findall(data, last)
    return Census(head, _TAG.findall(data, first, last), entry_tag)
