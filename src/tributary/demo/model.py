"""The demo's content model: outlets and articles as plain data, and their resolved form.

``Outlet`` and ``Article`` are what the ``content_*`` tables are written in. ``Entry`` is an
article placed on the running server: absolute URLs, a publication time relative to the
moment the server started, and a syndicated copy's text taken from its original.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# One feed style per outlet, each exercising a different parser path or feed quirk.
Style = Literal[
    "wordpress",  # RSS 2.0 + content:encoded + dc:creator + "appeared first on" footer
    "atom",  # Atom 1.0 with xml:base and relative links
    "jsonfeed",  # JSON Feed 1.1
    "excerpt",  # RSS 2.0 with short descriptions; the full text is on the article pages
    "video",  # RSS 2.0 + Media RSS, items with a title and a video only
    "syndicator",  # RSS 2.0 whose items say "This content originally appeared on X..."
    "rdf",  # RSS 1.0 (RDF), configured through the outlet's home page
    "failing",  # answers 500: shows a failing source in `tributary sources`
]


@dataclass(frozen=True, slots=True)
class Outlet:
    """An invented news outlet with one feed on the demo server."""

    key: str  # the first path segment on the demo server
    name: str
    style: Style
    description: str
    domain: str  # used in stable GUIDs so they do not change with the server's port
    feed_path: str  # e.g. "/meridian/feed/"
    article_dir: str  # articles live at f"/{key}/{article_dir}{slug}/"
    configured_by_home_page: bool = False  # the config names the home page, not the feed
    fulltext: Literal["auto", "always", "never"] = "auto"
    interval: str | None = None

    @property
    def home_path(self) -> str:
        return f"/{self.key}/"

    @property
    def config_path(self) -> str:
        return self.home_path if self.configured_by_home_page else self.feed_path

    def article_path(self, slug: str) -> str:
        return f"/{self.key}/{self.article_dir}{slug}/"


@dataclass(frozen=True, slots=True)
class Article:
    """One invented article as written in a content table.

    ``text`` holds paragraphs separated by blank lines; lines inside a paragraph are joined
    with spaces, so the tables can keep short lines. ``copy_of`` ("outlet/slug") makes a
    syndicated copy: title, author, text and tags come from the original.
    """

    outlet: str
    slug: str
    title: str = ""
    author: str = ""
    days_ago: float = 0.0
    tags: tuple[str, ...] = ()
    text: str = ""
    image: str | None = None  # a caption: the article carries an illustration
    origin: tuple[str, str] | None = None  # (outlet, author) a syndicated piece came from
    copy_of: str | None = None
    duration: int = 0  # seconds, for video items

    @property
    def paragraphs(self) -> tuple[str, ...]:
        blocks = (" ".join(block.split()) for block in self.text.strip().split("\n\n"))
        return tuple(block for block in blocks if block)


@dataclass(frozen=True, slots=True)
class Entry:
    """An article placed on the running server, ready to render."""

    outlet: Outlet
    slug: str
    guid: str
    title: str
    url: str
    author: str
    published_iso: str  # RFC 3339, UTC
    published_rfc822: str  # RFC 822 / RFC 5322 date for RSS 2.0
    published_ts: float
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]
    image_url: str | None
    image_caption: str | None
    origin: tuple[str, str] | None
    video_url: str | None
    thumbnail_url: str | None
    duration: int
