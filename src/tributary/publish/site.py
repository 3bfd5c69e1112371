"""PURE: where the site's pages and feeds live, and how one page links to another.

The same templates render the live site and the static export; only the links differ:

    live     root "/", directory pages linked as "/category/ukraine/"
    export   root relative to the page ("../../"), directory pages linked as
             "../../category/ukraine/index.html": a browser opening files from disk
             (file://) does not look for index.html in a directory by itself.

Feeds always carry absolute links built from ``[site] base_url``, whichever way the site is
served, because feed readers resolve nothing against the page that linked them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from tributary.publish.meta import FeedMeta

FeedFormat = Literal["atom", "rss", "json"]
FEED_FORMATS: tuple[FeedFormat, ...] = ("atom", "rss", "json")
FEED_MEDIA_TYPES: dict[FeedFormat, str] = {
    "atom": "application/atom+xml",
    "rss": "application/rss+xml",
    "json": "application/feed+json",
}
FEED_LABELS: dict[FeedFormat, str] = {"atom": "Atom", "rss": "RSS", "json": "JSON Feed"}
INDEX = "index.html"


@dataclass(frozen=True, slots=True)
class SiteLinks:
    """Turns a site path ("", "category/ukraine/", "feed.atom") into an href for one page."""

    root: str = "/"
    static: bool = False  # True in the export: directory pages are linked as .../index.html

    def href(self, path: str) -> str:
        if self.static and (path == "" or path.endswith("/")):
            path += INDEX
        return self.root + path


def live_links() -> SiteLinks:
    return SiteLinks("/", static=False)


def export_links(file_path: str) -> SiteLinks:
    """Links for the exported file at ``file_path`` (e.g. "category/ukraine/index.html")."""
    return SiteLinks(relative_root(file_path), static=True)


def relative_root(file_path: str) -> str:
    """ "../" once per directory between ``file_path`` and the site's root ("" at the top)."""
    return "../" * file_path.strip("/").count("/")


def segment(value: str) -> str:
    """A slug or id quoted as one path segment."""
    return quote(value, safe="")


def category_path(slug: str) -> str:
    return f"category/{segment(slug)}/"


def source_path(slug: str) -> str:
    return f"source/{segment(slug)}/"


def post_path(post_id: str) -> str:
    return f"post/{segment(post_id)}/"


def story_path(story_id: str) -> str:
    return f"story/{segment(story_id)}/"


def page_path(directory: str, number: int) -> str:
    """Page ``number`` (from 1) of a paginated directory page, as the export lays it out."""
    return directory if number <= 1 else f"{directory}page-{number}/"


def feed_path(directory: str, fmt: FeedFormat) -> str:
    """The feed of a directory page ("" for the whole site): ``{directory}feed.{fmt}``."""
    return f"{directory}feed.{fmt}"


def page_count(total: int, per_page: int) -> int:
    """How many pages ``total`` items fill; an empty list still has its first page."""
    return max(1, -(-total // per_page))


def chunk(items: Sequence[object], per_page: int) -> list[Sequence[object]]:
    """``items`` cut into pages of ``per_page``; one empty page when there are none."""
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [items[:0]]


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A ``<link rel="alternate">`` (or a visible link) to one of a page's feeds."""

    fmt: FeedFormat
    path: str
    media_type: str
    title: str


def feed_links(directory: str, title: str) -> list[FeedLink]:
    """The page's feeds in every format, titled for feed-reader discovery menus."""
    return [
        FeedLink(
            fmt, feed_path(directory, fmt), FEED_MEDIA_TYPES[fmt], f"{title} ({FEED_LABELS[fmt]})"
        )
        for fmt in FEED_FORMATS
    ]


def feed_meta(
    *, title: str, base_url: str, directory: str, fmt: FeedFormat, description: str = ""
) -> FeedMeta:
    """The FeedMeta of the feed of ``directory`` in format ``fmt``, every link absolute."""
    base = base_url.rstrip("/")

    def absolute(path: str) -> str:
        return f"{base}/{path}"

    return FeedMeta(
        title=title,
        page_url=absolute(directory),
        feed_url=absolute(feed_path(directory, fmt)),
        base_url=base,
        description=description,
        atom_url=absolute(feed_path(directory, "atom")),
        rss_url=absolute(feed_path(directory, "rss")),
        json_url=absolute(feed_path(directory, "json")),
    )
