"""The HTML pages: front page, category, source, post and story pages (server-rendered).

A copy of an article (a post with ``duplicate_of``) has no page of its own: its address
answers 301 to the page of the post that shows the article, with a short Cache-Control so
that browsers ask again if the grouping changes.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from tributary.publish.site import live_links, post_path
from tributary.storage import PostCursor
from tributary.web.caching import PAGE_MAX_AGE, cached_response
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
    story_page,
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
        if found.duplicate_of and found.duplicate_of != found.id:
            return moved_to(links.href(post_path(found.duplicate_of)))
        return html_response(request, post_page(site, links, found))

    @router.api_route("/story/{story_id}/", methods=["GET", "HEAD"])
    def story(request: Request, story_id: str) -> Response:
        found = site.storage.get_story(story_id)
        if found is None:
            raise PageError(404, "No such story", "There is no story with this address.")
        return html_response(request, story_page(site, links, found))

    return router


def moved_to(location: str) -> Response:
    """301 to ``location``, cacheable only briefly (a copy's primary may change)."""
    headers = {"Location": location, "Cache-Control": f"public, max-age={PAGE_MAX_AGE}"}
    return Response(status_code=301, headers=headers)
