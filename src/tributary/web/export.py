"""``tributary export-site DIR``: the whole site as static files, Planet-style.

    DIR/index.html                          front page
    DIR/feed.atom|rss|json                  the site's feeds
    DIR/category/{slug}/index.html          a category, page 1
    DIR/category/{slug}/page-2/index.html   older posts, and so on
    DIR/category/{slug}/feed.*              its feeds (and the same under source/{slug}/)
    DIR/post/{id}/index.html                one page per post (a copy's: a link on to the
                                            post that shows the article, see below)
    DIR/story/{id}/index.html               every story a page links to
    DIR/static/style.css

Pages come from the live site's templates with relative links to files (``publish.site``),
so the export works from any static host and opened from disk (file://). Feeds keep
absolute links from ``[site] base_url``: they are read away from the site.

A copy of an article (``duplicate_of`` set) answers 301 on the live site; a static host
cannot, so its page is a small one that refreshes to the post showing the article.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import unquote

from tributary.config import Config
from tributary.errors import TributaryError
from tributary.publish.site import (
    FEED_FORMATS,
    INDEX,
    SiteLinks,
    category_path,
    export_links,
    feed_path,
    page_path,
    post_path,
    source_path,
    story_path,
)
from tributary.storage import Storage
from tributary.types import Post
from tributary.web.cursor import cursor_after
from tributary.web.templating import STATIC
from tributary.web.views import (
    Document,
    ListFilter,
    Pager,
    Site,
    category_feed,
    category_page,
    front_page,
    post_page,
    site_feed,
    source_feed,
    source_page,
    story_page,
)

PageRenderer = Callable[[SiteLinks, Sequence[Post], Pager], Document]


@dataclass
class _Writer:
    root: Path
    written: int = 0

    def write(self, site_path: str, body: bytes) -> None:
        """Write ``body`` at ``site_path`` (a link path, so %-escapes are undone)."""
        target = self.root / unquote(site_path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
        except OSError as exc:
            raise TributaryError(f"export-site: cannot write {target}: {exc.strerror}") from exc
        self.written += 1


def export_site(config: Config, storage: Storage, directory: Path) -> int:
    """Write the whole site under ``directory``; return how many files were written."""
    site = Site(config, storage)
    writer = _Writer(directory)
    _copy_static(writer)
    writer.write(INDEX, front_page(site, export_links(INDEX)).body)
    for fmt in FEED_FORMATS:
        writer.write(feed_path("", fmt), site_feed(site, fmt).body)
    for category in storage.category_counts():
        folder = category_path(category.slug)

        def category_html(links: SiteLinks, posts: Sequence[Post], pager: Pager) -> Document:
            return category_page(site, links, category, posts, pager)  # noqa: B023  # used at once

        _paginated(writer, site, folder, {"category": category.slug}, category_html)
        for fmt in FEED_FORMATS:
            writer.write(feed_path(folder, fmt), category_feed(site, category, fmt).body)
    for source in storage.list_sources():
        folder = source_path(source.slug)

        def source_html(links: SiteLinks, posts: Sequence[Post], pager: Pager) -> Document:
            return source_page(site, links, source, posts, pager)  # noqa: B023  # used at once

        _paginated(writer, site, folder, {"source_id": source.id}, source_html)
        for fmt in FEED_FORMATS:
            writer.write(feed_path(folder, fmt), source_feed(site, source, fmt).body)
    story_ids: set[str] = set()
    for batch in storage.iter_posts():
        for post in batch:
            file_path = post_path(post.id) + INDEX
            links = export_links(file_path)
            if post.duplicate_of and post.duplicate_of != post.id:
                writer.write(file_path, _moved_page(links.href(post_path(post.duplicate_of))))
            else:
                writer.write(file_path, post_page(site, links, post).body)
            if post.story_id:  # every exported post is listed by a page, with its story link
                story_ids.add(post.story_id)
    for story_id in sorted(story_ids):
        story = storage.get_story(story_id)
        if story is not None:  # pages link a story only when it is stored
            file_path = story_path(story_id) + INDEX
            writer.write(file_path, story_page(site, export_links(file_path), story).body)
    return writer.written


def _moved_page(href: str) -> bytes:
    """A static stand-in for a redirect: refresh at once, and a link for what does not."""
    target = escape(href)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={target}">'
        f'<link rel="canonical" href="{target}"><title>Moved</title></head><body>'
        f'<p>This article is shown at <a href="{target}">its own page</a>.</p></body></html>\n'
    ).encode()


def _paginated(
    writer: _Writer, site: Site, folder: str, where: ListFilter, render: PageRenderer
) -> None:
    """Page 1 at ``folder``, page n at ``folder/page-n/``, each linking its neighbours."""
    number, before = 1, None
    while True:
        listing = site.listing(**where, before=before)
        file_path = page_path(folder, number) + INDEX
        links = export_links(file_path)
        pager = Pager(
            label=f"page {number}" if number > 1 else None,
            newer_text="Newer posts",
            newer_url=links.href(page_path(folder, number - 1)) if number > 1 else None,
            older_url=links.href(page_path(folder, number + 1)) if listing.last else None,
        )
        writer.write(file_path, render(links, listing.posts, pager).body)
        if listing.last is None:
            return
        number, before = number + 1, cursor_after(listing.last)


def _copy_static(writer: _Writer) -> None:
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            writer.write(f"static/{path.relative_to(STATIC).as_posix()}", path.read_bytes())
