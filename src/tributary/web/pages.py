"""The HTML pages: front page, category, source and post pages (server-rendered)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from tributary.publish.site import live_links
from tributary.storage import PostCursor
from tributary.web.caching import cached_response
from tributary.web.cursor import BadCursor, decode_cursor, encode_cursor
from tributary.web.errors import PageError
from tributary.web.views import (
    Document,
    Listing,
    Pager,
    Site,
    category_page,
    front_page,
    post_page,
    source_page,
)

HTML = "text/html; charset=utf-8"


def html_response(request: Request, document: Document) -> Response:
    return cached_response(request, document.body, HTML, last_modified=document.last_modified)


def live_pager(listing: Listing, cursor: str | None) -> Pager:
    """Live pages: "Older posts" carries the cursor; "Newest posts" goes back to the top."""
    older = f"?cursor={encode_cursor(listing.last)}" if listing.last is not None else None
    if not cursor:
        return Pager(older_url=older)
    return Pager(label="older posts", newer_url="./", older_url=older)


def _cursor(cursor: str | None) -> PostCursor | None:
    try:
        return decode_cursor(cursor) if cursor else None
    except BadCursor as exc:
        raise PageError(400, "Bad page link", f"This page link is not valid: {exc}.") from exc


def page_routes(site: Site) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    links = live_links()

    @router.api_route("/", methods=["GET", "HEAD"])
    def front(request: Request) -> Response:
        return html_response(request, front_page(site, links))

    @router.api_route("/category/{slug}/", methods=["GET", "HEAD"])
    def category(request: Request, slug: str, cursor: str | None = None) -> Response:
        found = site.category(slug)
        if found is None:
            raise PageError(404, "No such category", f"There is no category {slug!r}.")
        listing = site.listing(category=slug, before=_cursor(cursor))
        pager = live_pager(listing, cursor)
        return html_response(request, category_page(site, links, found, listing.posts, pager))

    @router.api_route("/source/{slug}/", methods=["GET", "HEAD"])
    def source(request: Request, slug: str, cursor: str | None = None) -> Response:
        found = site.storage.get_source_by_slug(slug)
        if found is None:
            raise PageError(404, "No such source", f"There is no source {slug!r}.")
        listing = site.listing(source_id=found.id, before=_cursor(cursor))
        pager = live_pager(listing, cursor)
        return html_response(request, source_page(site, links, found, listing.posts, pager))

    @router.api_route("/post/{post_id}/", methods=["GET", "HEAD"])
    def post(request: Request, post_id: str) -> Response:
        found = site.storage.get_post(post_id)
        if found is None:
            raise PageError(404, "No such post", "There is no post with this address.")
        return html_response(request, post_page(site, links, found))

    return router
