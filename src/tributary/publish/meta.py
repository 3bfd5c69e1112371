"""What every published feed shares: the feed's metadata and each entry's parts.

Atom, RSS and JSON Feed render the same posts, so an entry's link, id, body and attribution
are decided here once and read the same in every format.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from tributary.publish.links import http_url, post_page_url
from tributary.types import Enclosure, Post, SourceRef

# A feed with no posts and no given time still needs an Atom <updated> / RSS lastBuildDate;
# a fixed instant keeps the output a pure function of its input.
_EMPTY_FEED_TIME = datetime(1970, 1, 1, tzinfo=UTC)
_DEFAULT_ENCLOSURE_TYPE = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class FeedMeta:
    """One published feed: what it is called, where it lives, and its sibling formats.

    ``feed_url`` is this document's own address (Atom rel="self", RSS atom:link, JSON Feed
    ``feed_url``); ``atom_url``/``rss_url``/``json_url`` name the same feed in every format and
    are linked as alternates when they differ from ``feed_url``.
    """

    title: str
    page_url: str  # the HTML page this feed mirrors, absolute
    feed_url: str  # this document, absolute
    base_url: str  # the site's root, absolute: post pages are {base_url}/post/{id}/
    description: str = ""
    id: str | None = None  # Atom feed id; defaults to feed_url
    updated: datetime | None = None  # defaults to the newest post's update time
    atom_url: str | None = None
    rss_url: str | None = None
    json_url: str | None = None

    @property
    def feed_id(self) -> str:
        return self.id or self.feed_url


def feed_updated(meta: FeedMeta, posts: Sequence[Post]) -> datetime:
    """The time given, else the newest post's update time, else a fixed instant."""
    if meta.updated is not None:
        return meta.updated
    return max((post.updated for post in posts), default=_EMPTY_FEED_TIME)


def alternates(meta: FeedMeta) -> list[tuple[str, str]]:
    """(media type, url) of this feed's other formats, skipping itself."""
    candidates = [
        ("application/atom+xml", meta.atom_url),
        ("application/rss+xml", meta.rss_url),
        ("application/feed+json", meta.json_url),
    ]
    return [(kind, url) for kind, url in candidates if url and url != meta.feed_url]


def entry_link(meta: FeedMeta, post: Post) -> str:
    """The article itself when we have an http(s) link to it, else our page for the post."""
    return http_url(post.url) or post_page_url(meta.base_url, post.id)


def entry_id(meta: FeedMeta, post: Post) -> str:
    """Our post URL: stable across polls, formats and article URL changes."""
    return post_page_url(meta.base_url, post.id)


def attribution_html(source: SourceRef) -> str:
    """The contract's line naming and linking the source; both parts escaped."""
    name = html.escape(source.name, quote=False)
    href = http_url(source.site_url) or http_url(source.feed_url)
    if href is None:
        return f"<p>This post was originally published on {name}.</p>"
    return f'<p>This post was originally published on <a href="{html.escape(href)}">{name}</a>.</p>'


def entry_body_html(post: Post) -> str:
    """The sanitized body (or, without one, the summary as a paragraph) plus attribution."""
    body = post.content_html.strip()
    if not body and post.summary:
        body = f"<p>{html.escape(post.summary, quote=False)}</p>"
    return f"{body}\n{attribution_html(post.source)}" if body else attribution_html(post.source)


def entry_terms(post: Post) -> list[str]:
    """The source's own tags, then our category slugs, each once."""
    return list(dict.fromkeys(term for term in (*post.tags, *post.categories) if term))


def web_enclosures(post: Post) -> list[Enclosure]:
    """Enclosures with http(s) links, in feed order."""
    return [item for item in post.enclosures if http_url(item.url)]


def enclosure_type(item: Enclosure) -> str:
    """RSS 2.0 and JSON Feed require a media type; fall back to the generic one."""
    return item.type or _DEFAULT_ENCLOSURE_TYPE
