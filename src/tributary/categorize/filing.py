"""Which categories a post belongs in, and a fingerprint of the rules that decide it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Protocol

from tributary.categorize.document import Document, PreparedDocument, prepare
from tributary.categorize.text import tag_key
from tributary.categorize.tree import Query, describe

# Bump when tokenizing or matching changes meaning, so stored posts are filed again.
MATCHING_VERSION = "tributary-categorize-1"


class Rule(Protocol):
    """A category as filing needs it; ``config.CategoryConfig`` is one."""

    @property
    def slug(self) -> str: ...

    @property
    def query(self) -> Query | None: ...

    @property
    def source_tags(self) -> tuple[str, ...]: ...


def matches(query: Query, doc: PreparedDocument | Document) -> bool:
    """Whether ``doc`` matches ``query``; prepare documents once when testing many queries."""
    if isinstance(doc, Document):
        doc = prepare(doc)
    return query.test(doc)


def file_document(rules: Sequence[Rule], doc: Document) -> tuple[str, ...]:
    """The slugs of every rule ``doc`` meets, in the rules' order.

    A rule is met when its query matches, or when one of its ``source_tags`` equals one of
    the post's tags or its source's tags (compared as ``tag:`` compares: case, accents and
    punctuation aside)."""
    prepared = prepare(doc)
    return tuple(rule.slug for rule in rules if _meets(rule, prepared))


def _meets(rule: Rule, doc: PreparedDocument) -> bool:
    if rule.query is not None and rule.query.test(doc):
        return True
    return bool(doc.tag_keys) and any(tag_key(t) in doc.tag_keys for t in rule.source_tags)


def fingerprint(rules: Iterable[Rule]) -> str:
    """A stable hash of what decides filing: each rule's slug, normalized query and
    source tags. Names and the order of the rules do not count; ``MATCHING_VERSION`` does."""
    canonical = sorted(
        (
            rule.slug,
            describe(rule.query) if rule.query is not None else None,
            sorted({tag_key(t) for t in rule.source_tags}),
        )
        for rule in rules
    )
    payload = json.dumps([MATCHING_VERSION, canonical], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
