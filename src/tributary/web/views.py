"""The site's pages and feeds, rendered from storage: shared by the live app and the export.

Each function reads through ``Storage`` and returns the finished document; the routes wrap
it in a conditional response, the export writes it to a file. ``links`` decides how the
page links elsewhere (see ``publish.site``), so one template serves both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypedDict

from tributary.config import Config
from tributary.publish import render_atom, render_json_feed, render_rss
from tributary.publish.pages import last_changed
from tributary.publish.site import (
    FeedFormat,
    SiteLinks,
    category_path,
    feed_links,
    feed_meta,
    source_path,
)
from tributary.storage import CategoryCount, PostCursor, Storage, StoryView
from tributary.types import Post, Source
from tributary.web.stories import first_reports, group_by_outlet, summaries_for
from tributary.web.templating import Frame, Renderer

PAGE_SIZE = 20  # posts per category or source page
FRONT_PAGE_POSTS = 5  # latest posts per category on the front page
FEED_SIZE = 50  # posts per published feed
_RENDERERS = {"atom": render_atom, "rss": render_rss, "json": render_json_feed}


@dataclass(frozen=True, slots=True)
class Document:
    """A rendered page or feed and when what it shows last changed."""

    body: bytes
    last_modified: datetime | None


@dataclass(frozen=True, slots=True)
class Listing:
    """One page of a newest-first list and the post the next page starts after."""

    posts: list[Post]
    last: Post | None  # set when older posts follow


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a listing's neighbours live, as hrefs ready for the page."""

    label: str | None = None  # "page 3", "older posts": None on the first page
    newer_text: str = "Newest posts"
    newer_url: str | None = None
    older_url: str | None = None


class ListFilter(TypedDict, total=False):
    """Which posts a listing holds: one category or one source (neither: all)."""

    category: str
    source_id: int


@dataclass(frozen=True, slots=True)
class Site:
    config: Config
    storage: Storage
    renderer: Renderer = field(default_factory=Renderer)

    @property
    def title(self) -> str:
        return self.config.site.title

    def category(self, slug: str) -> CategoryCount | None:
        return next((c for c in self.storage.category_counts() if c.slug == slug), None)

    def listing(
        self,
        *,
        category: str | None = None,
        source_id: int | None = None,
        limit: int = PAGE_SIZE,
        before: PostCursor | None = None,
    ) -> Listing:
        """``limit`` posts and whether more follow (one extra row read tells)."""
        found = self.storage.list_posts(
            category=category, source_id=source_id, limit=limit + 1, before=before
        )
        return Listing(found[:limit], found[limit - 1] if len(found) > limit else None)

    def frame(self, links: SiteLinks, directory: str | None, title: str) -> Frame:
        feeds = feed_links(directory, title) if directory is not None else []
        return Frame(self.title, self.storage.category_counts(), links, feeds)


def _html(
    site: Site, template: str, frame: Frame, changed: datetime | None, **ctx: object
) -> Document:
    return Document(site.renderer.render(template, frame, **ctx).encode("utf-8"), changed)


def front_page(site: Site, links: SiteLinks) -> Document:
    frame = site.frame(links, "", site.title)
    sections = [
        Section(category, site.listing(category=category.slug, limit=FRONT_PAGE_POSTS).posts)
        for category in frame.categories
    ]
    shown = [post for section in sections for post in section.posts]
    stories = summaries_for(site.storage, shown)
    return _html(site, "index.html", frame, last_changed(shown), sections=sections, stories=stories)


@dataclass(frozen=True, slots=True)
class Section:
    category: CategoryCount
    posts: list[Post]


def category_page(
    site: Site, links: SiteLinks, category: CategoryCount, posts: Sequence[Post], pager: Pager
) -> Document:
    frame = site.frame(links, category_path(category.slug), f"{category.name} · {site.title}")
    return _html(
        site,
        "category.html",
        frame,
        last_changed(posts),
        category=category,
        posts=posts,
        stories=summaries_for(site.storage, posts),
        current_category=category.slug,
        page_label=pager.label,
        newer_url=pager.newer_url,
        older_url=pager.older_url,
        newer_text=pager.newer_text,
    )


def source_page(
    site: Site, links: SiteLinks, source: Source, posts: Sequence[Post], pager: Pager
) -> Document:
    frame = site.frame(links, source_path(source.slug), f"{source.name} · {site.title}")
    return _html(
        site,
        "source.html",
        frame,
        last_changed(posts, source.last_fetch),
        source=source,
        posts=posts,
        stories=summaries_for(site.storage, posts),
        page_label=pager.label,
        newer_url=pager.newer_url,
        older_url=pager.older_url,
        newer_text=pager.newer_text,
    )


def post_page(site: Site, links: SiteLinks, post: Post) -> Document:
    frame = site.frame(links, None, post.title)
    names = {c.slug: c.name for c in frame.categories}
    stories = summaries_for(site.storage, [post])
    return _html(
        site,
        "post.html",
        frame,
        last_changed([post]),
        post=post,
        category_names=names,
        stories=stories,
    )


def story_page(site: Site, links: SiteLinks, story: StoryView) -> Document:
    """One story: who reported first, then every article side by side, grouped by outlet."""
    frame = site.frame(links, None, story.summary.title)
    return _html(
        site,
        "story.html",
        frame,
        last_changed(story.posts, *(report.published for report in story.coverage)),
        story=story.summary,
        timeline=first_reports(story.coverage),
        outlets=group_by_outlet(story.posts),
    )


def error_page(site: Site, links: SiteLinks, heading: str, message: str) -> bytes:
    frame = site.frame(links, None, heading)
    return site.renderer.render("error.html", frame, heading=heading, message=message).encode()


def feed_document(
    site: Site, directory: str, title: str, fmt: FeedFormat, posts: Sequence[Post]
) -> Document:
    """One published feed; links absolute from ``[site] base_url``."""
    meta = feed_meta(title=title, base_url=site.config.site.base_url, directory=directory, fmt=fmt)
    return Document(_RENDERERS[fmt](meta, posts), last_changed(posts))


def site_feed(site: Site, fmt: FeedFormat) -> Document:
    posts = site.listing(limit=FEED_SIZE).posts
    return feed_document(site, "", site.title, fmt, posts)


def category_feed(site: Site, category: CategoryCount, fmt: FeedFormat) -> Document:
    posts = site.listing(category=category.slug, limit=FEED_SIZE).posts
    title = f"{category.name} · {site.title}"
    return feed_document(site, category_path(category.slug), title, fmt, posts)


def source_feed(site: Site, source: Source, fmt: FeedFormat) -> Document:
    posts = site.listing(source_id=source.id, limit=FEED_SIZE).posts
    title = f"{source.name} · {site.title}"
    return feed_document(site, source_path(source.slug), title, fmt, posts)
