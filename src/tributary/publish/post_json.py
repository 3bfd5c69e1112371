"""A post as the contract's JSON object (``posts --json``, the API), and its time format."""

from __future__ import annotations

from datetime import UTC, datetime

from tributary.publish.links import http_url
from tributary.types import AlsoPublished, Post, SourceRef


def format_time(dt: datetime) -> str:
    """ISO 8601 / RFC 3339 in UTC with a ``Z``: ``2025-05-20T12:00:00Z``.

    A naive datetime is taken as UTC (all our datetimes are UTC), never as local time.
    """
    return as_utc(dt).strftime("%Y-%m-%dT%H:%M:%SZ")


def as_utc(dt: datetime) -> datetime:
    """The same instant in UTC; a naive datetime is taken as UTC already."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def post_to_json(post: Post) -> dict[str, object]:
    """Exactly the contract's post object; unknown values are null, links http(s) only."""
    return {
        "id": post.id,
        "title": post.title,
        "url": http_url(post.url),
        "published": format_time(post.published),
        "updated": format_time(post.updated),
        "author": post.author or None,
        "source": _source_json(post.source),
        "origin": {"outlet": post.origin_outlet or None, "author": post.origin_author or None},
        "categories": list(post.categories),
        "tags": list(post.tags),
        "summary": post.summary,
        "content_html": post.content_html,
        "content_text": post.content_text,
        "content_kind": post.content_kind,
        "story_id": post.story_id or None,
        "also_published_by": [_also_json(item) for item in post.also_published_by],
    }


def _source_json(source: SourceRef) -> dict[str, object]:
    return {"name": source.name, "feed_url": source.feed_url, "site_url": http_url(source.site_url)}


def _also_json(item: AlsoPublished) -> dict[str, object]:
    return {"source": item.source, "url": http_url(item.url)}
