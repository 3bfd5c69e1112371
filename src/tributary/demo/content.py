"""The demo's outlets, and their articles placed in time relative to the server's start.

The article tables live in ``content_<outlet>.py`` modules, one per outlet. Every outlet,
person and article is invented; real place names are used only as settings.
"""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta
from email.utils import format_datetime

from tributary.demo import (
    content_commonthread,
    content_kestrel,
    content_lanternfish,
    content_meridian,
    content_northwind,
    content_openharbor,
    content_steppe,
)
from tributary.demo.model import Article, Entry, Outlet

OUTLETS: tuple[Outlet, ...] = (
    Outlet("meridian", "Meridian Ledger", "wordpress",
           "Independent reporting on conflict, climate and work.",
           "meridian-ledger.example", "/meridian/feed/", ""),
    Outlet("northwind", "Northwind Review", "atom",
           "A magazine of European affairs from the northern edge.",
           "northwind-review.example", "/northwind/feed.atom", "articles/"),
    Outlet("openharbor", "Open Harbor Daily", "jsonfeed",
           "Nonprofit news for working people.",
           "openharbor-daily.example", "/openharbor/feed.json", "stories/"),
    Outlet("kestrel", "Kestrel Dispatch", "excerpt",
           "Long-form dispatches from the places the news leaves behind.",
           "kestrel-dispatch.example", "/kestrel/rss.xml", "news/"),
    Outlet("lanternfish", "Lanternfish TV", "video",
           "Short news videos, shot on the ground.",
           "lanternfish.example", "/lanternfish/videos.rss", "watch/",
           fulltext="never"),
    Outlet("commonthread", "Common Thread Syndicate", "syndicator",
           "The best of independent media, republished with permission.",
           "commonthread.example", "/commonthread/feed/", "",
           interval="15m"),
    Outlet("steppe", "Steppe Courier", "rdf",
           "News from the Black Sea to the Tian Shan.",
           "steppe-courier.example", "/steppe/index.rdf", "story/",
           configured_by_home_page=True),
    Outlet("flaky", "Flaky Wire (demo of a failing feed)", "failing",
           "A feed that always answers 500 Internal Server Error.",
           "flaky-wire.example", "/flaky/feed.xml", ""),
)  # fmt: skip

ARTICLES: tuple[Article, ...] = (
    *content_meridian.ARTICLES,
    *content_northwind.ARTICLES,
    *content_openharbor.ARTICLES,
    *content_kestrel.ARTICLES,
    *content_lanternfish.ARTICLES,
    *content_commonthread.ARTICLES,
    *content_steppe.ARTICLES,
)

_BY_KEY = {outlet.key: outlet for outlet in OUTLETS}
_BY_ID = {f"{a.outlet}/{a.slug}": a for a in ARTICLES}


def outlet(key: str) -> Outlet:
    return _BY_KEY[key]


def original_of(article: Article) -> Article | None:
    """The article a syndicated copy reproduces, or None for an original."""
    return _BY_ID[article.copy_of] if article.copy_of else None


def _guid(outlet: Outlet, slug: str) -> str:
    # Independent of the server's port, so posts keep their identity across demo runs.
    if outlet.style == "wordpress":  # WordPress's guid is the "?p=ID" short link
        return f"https://{outlet.domain}/?p={zlib.crc32(slug.encode()) % 90000 + 10000}"
    return f"tag:{outlet.domain},2024:{slug}"


def resolve(article: Article, base_url: str, now: datetime) -> Entry:
    """``article`` placed on the server at ``base_url``, ``days_ago`` days before ``now``."""
    owner = _BY_KEY[article.outlet]
    source = original_of(article) or article
    published = (now - timedelta(days=article.days_ago)).replace(second=0, microsecond=0)
    origin = article.origin
    if article.copy_of:
        origin = (_BY_KEY[source.outlet].name, source.author)
    media = f"{base_url}/img/{owner.key}/{article.slug}.svg"
    is_video = owner.style == "video"
    return Entry(
        outlet=owner,
        slug=article.slug,
        guid=_guid(owner, article.slug),
        title=source.title,
        url=base_url + owner.article_path(article.slug),
        author=source.author,
        published_iso=published.strftime("%Y-%m-%dT%H:%M:%SZ"),
        published_rfc822=format_datetime(published, usegmt=True),
        published_ts=published.timestamp(),
        tags=article.tags or source.tags,
        paragraphs=source.paragraphs,
        image_url=media if source.image else None,
        image_caption=source.image,
        origin=origin,
        video_url=f"{base_url}/{owner.key}/media/{article.slug}.mp4" if is_video else None,
        thumbnail_url=media if is_video else None,
        duration=article.duration,
    )


def entries(outlet: Outlet, base_url: str, now: datetime) -> list[Entry]:
    """The outlet's articles on the server, newest first."""
    placed = [resolve(a, base_url, now) for a in ARTICLES if a.outlet == outlet.key]
    return sorted(placed, key=lambda e: e.published_ts, reverse=True)
