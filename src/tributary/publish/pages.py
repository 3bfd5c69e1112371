"""PURE: what the HTML pages show of a post, decided without templates or I/O.

The templates ask these functions rather than deciding in Jinja: which media elements a
"media" post gets, how a time reads, and when a list of posts last changed (the pages'
Last-Modified).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from tributary.publish.meta import web_enclosures
from tributary.publish.post_json import as_utc
from tributary.types import Enclosure, Post

MediaElement = Literal["video", "audio", "img", "a"]


@dataclass(frozen=True, slots=True)
class MediaItem:
    """One enclosure as the page shows it: a player, an image, or a plain link."""

    element: MediaElement
    url: str  # http(s) only
    type: str | None
    poster: str | None = None  # for a video: the feed's thumbnail image


def media_element(item: Enclosure) -> MediaElement:
    """The element for an enclosure: by its medium when the feed says, else its media type."""
    kind = (item.medium or (item.type or "").split("/", 1)[0]).lower()
    if kind == "image":
        return "img"
    if kind in ("video", "audio"):
        return kind  # type: ignore[return-value]  # narrowed by the test above
    return "a"


def media_items(post: Post) -> list[MediaItem]:
    """The post's http(s) enclosures as page elements; other schemes are never shown.

    Video feeds carry a thumbnail (media:thumbnail) beside the video: it becomes the first
    video's poster instead of a second, separate picture."""
    items = [MediaItem(media_element(e), e.url, e.type) for e in web_enclosures(post)]
    videos = [i for i, item in enumerate(items) if item.element == "video"]
    images = [item for item in items if item.element == "img"]
    if not videos or not images:
        return items
    first = items[videos[0]]
    items[videos[0]] = MediaItem(first.element, first.url, first.type, poster=images[0].url)
    return [item for item in items if item is not images[0]]


def display_time(dt: datetime) -> str:
    """A date people read: ``20 May 2025, 12:00 UTC``."""
    utc = as_utc(dt)
    return f"{utc.day} {utc:%B %Y, %H:%M} UTC"


def last_changed(posts: Iterable[Post], *also: datetime | None) -> datetime | None:
    """When the list last changed: the newest post update or arrival, or another given time."""
    times = [t for post in posts for t in (post.updated, post.first_seen)]
    times.extend(t for t in also if t is not None)
    return max((as_utc(t) for t in times), default=None)


def newest_first(posts: Sequence[Post]) -> list[Post]:
    """Posts ordered as every page and feed lists them: published, then id, descending."""
    return sorted(posts, key=lambda p: (as_utc(p.published), p.id), reverse=True)
