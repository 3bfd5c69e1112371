"""Reading posts: pages newest first, one post, batches for re-filing.

A page costs three queries whatever its length: the posts (joined to their source), the
category links of exactly those posts (ordered by the categories' configured position), and
the other sources' copies of them (``also_published_by``, earliest first).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, func, select, tuple_
from sqlalchemy.engine import Connection

from tributary.storage.base import PostCursor
from tributary.storage.convert import post_from_row
from tributary.storage.links import chunks
from tributary.storage.tables import categories, post_categories, posts, sources
from tributary.types import AlsoPublished, Post


def _select_posts() -> Select[Any]:
    return select(
        posts,
        sources.c.name.label("source_name"),
        sources.c.feed_url.label("source_feed_url"),
        sources.c.site_url.label("source_site_url"),
        sources.c.slug.label("source_slug"),
    ).join(sources, sources.c.id == posts.c.source_id)


def _with_categories(conn: Connection, rows: Sequence[Any]) -> list[Post]:
    ids = [row.id for row in rows]
    filed: dict[str, list[str]] = {post_id: [] for post_id in ids}
    # Links to a category no longer configured sort last (until the next re-filing drops them).
    unknown_last = case((categories.c.position.is_(None), 1), else_=0)
    for part in chunks(ids):
        query = (
            select(post_categories.c.post_id, post_categories.c.category_slug)
            .outerjoin(categories, categories.c.slug == post_categories.c.category_slug)
            .where(post_categories.c.post_id.in_(part))
            .order_by(unknown_last, categories.c.position, post_categories.c.category_slug)
        )
        for link in conn.execute(query):
            filed[link.post_id].append(link.category_slug)
    also = _copies(conn, ids)
    return [post_from_row(row._mapping, filed[row.id], also.get(row.id, ())) for row in rows]


def _copies(conn: Connection, ids: Sequence[str]) -> dict[str, list[AlsoPublished]]:
    found: dict[str, list[AlsoPublished]] = {}
    for part in chunks(ids):
        query = (
            select(posts.c.duplicate_of, posts.c.url, sources.c.name)
            .join(sources, sources.c.id == posts.c.source_id)
            .where(posts.c.duplicate_of.in_(part))
            .order_by(posts.c.published, posts.c.id)
        )
        for row in conn.execute(query):
            found.setdefault(row.duplicate_of, []).append(AlsoPublished(row.name, row.url))
    return found


def get_post(conn: Connection, post_id: str) -> Post | None:
    row = conn.execute(_select_posts().where(posts.c.id == post_id)).first()
    return _with_categories(conn, [row])[0] if row is not None else None


def list_posts(
    conn: Connection,
    *,
    category: str | None,
    source_id: int | None,
    limit: int,
    before: PostCursor | None,
) -> list[Post]:
    """Newest first. A category's page walks its links' (category_slug, published, post_id)
    index backwards from the cursor, then joins the posts: no sort, however deep the page."""
    query = _select_posts()
    published, post_id = posts.c.published, posts.c.id
    if category is not None:
        query = query.join(post_categories, post_categories.c.post_id == posts.c.id).where(
            post_categories.c.category_slug == category
        )
        published, post_id = post_categories.c.published, post_categories.c.post_id
    if source_id is not None:
        query = query.where(posts.c.source_id == source_id)
    elif category is None:  # every post: each article once (a category links only primaries)
        query = query.where(posts.c.duplicate_of.is_(None))
    if before is not None:
        # A row value comparison: both databases read it as an index range.
        query = query.where(tuple_(published, post_id) < (before.published, before.post_id))
    query = query.order_by(published.desc(), post_id.desc()).limit(max(limit, 0))
    return _with_categories(conn, conn.execute(query).all())


def posts_by_ids(conn: Connection, ids: Sequence[str]) -> dict[str, Post]:
    """The posts of ``ids`` that are stored, by id (search hits, in the caller's order)."""
    rows: list[Any] = []
    for part in chunks(ids):
        rows.extend(conn.execute(_select_posts().where(posts.c.id.in_(part))).all())
    return {post.id: post for post in _with_categories(conn, rows)}


def batch_after(conn: Connection, after: str | None, size: int) -> list[Post]:
    """Keyset pagination by id: the next ``size`` posts whose id is greater than ``after``."""
    query = _select_posts()
    if after is not None:
        query = query.where(posts.c.id > after)
    rows = conn.execute(query.order_by(posts.c.id).limit(size)).all()
    return _with_categories(conn, rows)


def count_posts(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(posts)).scalar_one())


def recent_published(conn: Connection, source_id: int, limit: int) -> list[datetime]:
    query = (
        select(posts.c.published)
        .where(posts.c.source_id == source_id)
        .order_by(posts.c.published.desc())
        .limit(limit)
    )
    return list(conn.execute(query).scalars())
