"""Category links (post_categories) and what is kept in step with them (migration 0002).

Every write of links goes through here, so two copies stay true:
- each link holds its post's ``published``, so a category page reads one index range;
- ``categories.post_count`` moves by the links added and dropped, so no page counts.

Counts move by deltas (``post_count = post_count + n``), which stays right when workers on
one PostgreSQL write at once; the category rows are updated in slug order, so two writers
take their row locks in the same order and cannot deadlock on them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from tributary.storage.tables import categories, post_categories, posts

CHUNK = 500  # IN-list size: well under SQLite's and PostgreSQL's parameter limits

T = TypeVar("T")


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def replace_links(
    conn: Connection,
    filing: Mapping[str, Sequence[str]],
    published: Mapping[str, datetime] | None = None,
    new: Collection[str] = (),
) -> None:
    """Make each post's category links exactly the given slugs.

    ``published`` gives each post's date when the caller has it at hand (a feed being
    saved); otherwise it is read from the posts, and an id no longer stored (deleted since
    it was read for re-filing) gets no links. Posts in ``new`` were inserted in this
    transaction, so they have no links to drop."""
    ids = list(filing)
    delta = drop_links(conn, [post_id for post_id in ids if post_id not in new])
    dates = dict(published) if published is not None else _published_of(conn, ids)
    rows = [
        {"post_id": post_id, "category_slug": slug, "published": dates[post_id]}
        for post_id, slugs in filing.items()
        if post_id in dates
        for slug in dict.fromkeys(slugs)
    ]
    if rows:
        conn.execute(insert(post_categories), rows)
    delta.update(str(row["category_slug"]) for row in rows)
    _move_counts(conn, delta)


def drop_links(conn: Connection, ids: Sequence[str]) -> Counter[str]:
    """Delete the links of ``ids``; the count of links removed per slug, negated.

    A caller that removes posts for good passes the result to ``move_counts``."""
    delta: Counter[str] = Counter()
    for part in chunks(ids):
        held = (
            select(post_categories.c.category_slug, func.count())
            .where(post_categories.c.post_id.in_(part))
            .group_by(post_categories.c.category_slug)
        )
        for slug, count in conn.execute(held):
            delta[slug] -= int(count)
        conn.execute(delete(post_categories).where(post_categories.c.post_id.in_(part)))
    return delta


def remove_links(conn: Connection, ids: Sequence[str]) -> None:
    """Delete the links of posts being deleted, and count them out."""
    _move_counts(conn, drop_links(conn, ids))


def _move_counts(conn: Connection, delta: Counter[str]) -> None:
    for slug in sorted(delta):
        if delta[slug]:
            conn.execute(
                update(categories)
                .where(categories.c.slug == slug)
                .values(post_count=categories.c.post_count + delta[slug])
            )


def _published_of(conn: Connection, ids: Sequence[str]) -> dict[str, datetime]:
    found: dict[str, datetime] = {}
    for part in chunks(ids):
        query = select(posts.c.id, posts.c.published).where(posts.c.id.in_(part))
        found.update((row.id, row.published) for row in conn.execute(query))
    return found


def count_links(conn: Connection, slug: str) -> int:
    """The links a category holds, counted (for a category configured anew)."""
    query = select(func.count()).where(post_categories.c.category_slug == slug)
    return int(conn.execute(query).scalar_one())
