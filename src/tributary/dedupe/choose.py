"""Which copy of an article is shown: the original source's, else the earliest.

PURE. The copies of an article form a group; one member, the primary, is what pages, feeds,
search and stories show, listing the others as ``also_published_by``. The primary is the copy
whose source is the outlet some copy names as the origin ("This content originally appeared
on Radio Free Asia" names Radio Free Asia) -- the original source -- and, when no copy comes
from that outlet, the copy published first (then the one seen first, then the smallest id,
so the choice never depends on the order of arrival).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    source_name: str
    published: datetime
    first_seen: datetime
    origin_outlet: str | None


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def choose_primary(members: Sequence[Member]) -> Member:
    if not members:
        raise ValueError("an empty group has no primary")
    origins = {_fold(m.origin_outlet) for m in members if m.origin_outlet}
    originals = [m for m in members if _fold(m.source_name) in origins]
    pool = originals or list(members)
    return min(pool, key=lambda m: (m.published, m.first_seen, m.id))
