"""Reading stories: summaries for lists and category pages, one story's full coverage."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from tributary.storage.base import Coverage, StorySummary, StoryView
from tributary.storage.links import chunks
from tributary.storage.reading import posts_by_ids
from tributary.storage.tables import post_categories, posts, sources, stories

LIST_SCAN = 20  # category links read per story wanted, to find that many distinct stories


def summaries(conn: Connection, ids: Sequence[str]) -> dict[str, StorySummary]:
    """The summary of each stored story of ``ids``."""
    heads: dict[str, Any] = {}
    coverage: dict[str, list[Any]] = defaultdict(list)
    for part in chunks(list(dict.fromkeys(ids))):
        for row in conn.execute(select(stories).where(stories.c.id.in_(part))):
            heads[row.id] = row
        query = (
            select(posts.c.story_id, posts.c.duplicate_of, posts.c.published, sources.c.name)
            .join(sources, sources.c.id == posts.c.source_id)
            .where(posts.c.story_id.in_(part))
            .order_by(posts.c.published, posts.c.id)
        )
        for row in conn.execute(query):
            coverage[row.story_id].append(row)
    return {story_id: _summary(head, coverage[story_id]) for story_id, head in heads.items()}


def _summary(head: Any, rows: Sequence[Any]) -> StorySummary:
    outlets = list(dict.fromkeys(row.name for row in rows))
    times = [row.published for row in rows] or [head.first_seen, head.last_seen]
    return StorySummary(
        id=head.id,
        title=head.title,
        post_count=sum(1 for row in rows if row.duplicate_of is None),
        sources=tuple(outlets),
        first_seen=min(times),
        last_seen=max(times),
    )


def list_stories(conn: Connection, category: str | None, limit: int) -> list[StorySummary]:
    """The stories seen most recently (in a category: whose posts are filed there), newest
    first; stories of one post are listed too (an event only one outlet covered)."""
    if category is None:
        query = select(stories.c.id).order_by(stories.c.last_seen.desc(), stories.c.id.desc())
        ids = list(conn.execute(query.limit(limit)).scalars())
    else:
        query = (
            select(posts.c.story_id)
            .join(post_categories, post_categories.c.post_id == posts.c.id)
            .where(post_categories.c.category_slug == category, posts.c.story_id.is_not(None))
            .order_by(post_categories.c.published.desc(), post_categories.c.post_id.desc())
            .limit(limit * LIST_SCAN)
        )
        ids = list(dict.fromkeys(conn.execute(query).scalars()))[:limit]
    found = summaries(conn, ids)
    listed = [found[i] for i in ids if i in found]
    return sorted(listed, key=lambda s: (s.last_seen, s.id), reverse=True)


def get_story(conn: Connection, story_id: str) -> StoryView | None:
    found = summaries(conn, [story_id])
    if story_id not in found:
        return None
    query = (
        select(
            posts.c.id,
            posts.c.duplicate_of,
            posts.c.url,
            posts.c.title,
            posts.c.published,
            sources.c.name,
            sources.c.slug,
        )
        .join(sources, sources.c.id == posts.c.source_id)
        .where(posts.c.story_id == story_id)
        .order_by(posts.c.published, posts.c.id)
    )
    coverage = [
        Coverage(
            source=row.name,
            source_slug=row.slug,
            post_id=row.duplicate_of or row.id,
            url=row.url,
            title=row.title,
            published=row.published,
            copy=row.duplicate_of is not None,
        )
        for row in conn.execute(query)
    ]
    primaries = list(dict.fromkeys(c.post_id for c in coverage))
    by_id = posts_by_ids(conn, primaries)
    shown = sorted((by_id[i] for i in primaries if i in by_id), key=lambda p: (p.published, p.id))
    return StoryView(found[story_id], shown, coverage)
