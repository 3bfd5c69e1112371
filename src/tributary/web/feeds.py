"""Our published feeds: the site, each category and each source as Atom, RSS and JSON Feed.

/feed.{atom,rss,json}                  the whole site
/category/{slug}/feed.{atom,rss,json}  one category
/source/{slug}/feed.{atom,rss,json}    one source
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from tributary.publish.site import FEED_FORMATS, FEED_MEDIA_TYPES, FeedFormat
from tributary.web.caching import cached_response
from tributary.web.errors import PageError
from tributary.web.views import Document, Site, category_feed, site_feed, source_feed


def _format(fmt: str) -> FeedFormat:
    for known in FEED_FORMATS:
        if fmt == known:
            return known
    raise PageError(404, "Page not found", f"There is no feed.{fmt}: try atom, rss or json.")


def feed_response(request: Request, fmt: FeedFormat, document: Document) -> Response:
    media_type = f"{FEED_MEDIA_TYPES[fmt]}; charset=utf-8"
    return cached_response(request, document.body, media_type, last_modified=document.last_modified)


def feed_routes(site: Site) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.api_route("/feed.{fmt}", methods=["GET", "HEAD"])
    def whole_site(request: Request, fmt: str) -> Response:
        kind = _format(fmt)
        return feed_response(request, kind, site_feed(site, kind))

    @router.api_route("/category/{slug}/feed.{fmt}", methods=["GET", "HEAD"])
    def category(request: Request, slug: str, fmt: str) -> Response:
        kind = _format(fmt)
        found = site.category(slug)
        if found is None:
            raise PageError(404, "No such category", f"There is no category {slug!r}.")
        return feed_response(request, kind, category_feed(site, found, kind))

    @router.api_route("/source/{slug}/feed.{fmt}", methods=["GET", "HEAD"])
    def source(request: Request, slug: str, fmt: str) -> Response:
        kind = _format(fmt)
        found = site.storage.get_source_by_slug(slug)
        if found is None:
            raise PageError(404, "No such source", f"There is no source {slug!r}.")
        return feed_response(request, kind, source_feed(site, found, kind))

    return router
