"""The JSON API of the contract: categories, a category's posts by cursor, a post, stories,
health.

Post objects are ``post_to_json`` exactly, story objects ``story_to_json``. Answers carry
ETag and a short Cache-Control.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from tributary.publish import post_to_json
from tributary.publish.pages import last_changed
from tributary.publish.post_json import format_time
from tributary.publish.site import segment
from tributary.storage import StorySummary
from tributary.web.caching import API_MAX_AGE, cached_response
from tributary.web.cursor import BadCursor, decode_cursor, encode_cursor
from tributary.web.errors import ApiError
from tributary.web.schemas import (
    CategoryModel,
    ErrorModel,
    HealthModel,
    PostModel,
    PostPageModel,
    StoryModel,
)
from tributary.web.views import Site

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
STORIES_LIMIT = 50
STORIES_MAX_LIMIT = 200
JSON = "application/json"
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorModel, "description": "No such category or post"}
}
_BAD_CURSOR: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorModel, "description": "The cursor is not one we gave"}
}


def json_body(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def story_to_json(story: StorySummary) -> dict[str, object]:
    """Exactly the contract's story object: times as in the post object."""
    return {
        "id": story.id,
        "title": story.title,
        "post_count": story.post_count,
        "sources": list(story.sources),
        "first_seen": format_time(story.first_seen),
        "last_seen": format_time(story.last_seen),
    }


def api_routes(site: Site) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["api"])

    @router.get("/categories", response_model=list[CategoryModel])
    def categories(request: Request) -> Response:
        """Every configured category with its number of posts, in configuration order."""
        found = [{"slug": c.slug, "name": c.name, "post_count": c.post_count}
                 for c in site.storage.category_counts()]  # fmt: skip
        return cached_response(request, json_body(found), JSON, max_age=API_MAX_AGE)

    @router.get(
        "/categories/{slug}/posts",
        response_model=PostPageModel,
        responses={**_NOT_FOUND, **_BAD_CURSOR},
    )
    def category_posts(
        request: Request,
        slug: str,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
        cursor: str | None = None,
    ) -> Response:
        """The category's posts newest first; pass ``next_cursor`` back for older ones."""
        if site.category(slug) is None:
            raise ApiError(404, f"no category with the slug {slug!r}")
        try:
            before = decode_cursor(cursor) if cursor else None
        except BadCursor as exc:
            raise ApiError(400, str(exc)) from exc
        listing = site.listing(category=slug, limit=limit, before=before)
        page = {
            "posts": [post_to_json(p) for p in listing.posts],
            "next_cursor": encode_cursor(listing.last) if listing.last is not None else None,
        }
        changed = last_changed(listing.posts)
        return cached_response(
            request, json_body(page), JSON, last_modified=changed, max_age=API_MAX_AGE
        )

    @router.get("/posts/{post_id}", response_model=PostModel, responses=_NOT_FOUND)
    def post(request: Request, post_id: str) -> Response:
        """One post.

        A copy of an article that another source's post shows (the article is stored once)
        answers with that post, the one listing the copy's source in ``also_published_by``:
        its ``id`` is then not the one asked for, and ``Content-Location`` names its address.
        No redirect, so clients that do not follow redirects still get the article.
        """
        found = site.storage.get_post(post_id)
        if found is None:
            raise ApiError(404, f"no post with the id {post_id!r}")
        headers: dict[str, str] = {}
        if found.duplicate_of and found.duplicate_of != found.id:
            primary = site.storage.get_post(found.duplicate_of)
            if primary is not None:
                found = primary
                headers["Content-Location"] = f"/api/posts/{segment(primary.id)}"
        body = json_body(post_to_json(found))
        changed = last_changed([found])
        response = cached_response(request, body, JSON, last_modified=changed, max_age=API_MAX_AGE)
        response.headers.update(headers)
        return response

    @router.get(
        "/stories",
        response_model=list[StoryModel],
        responses={404: {"model": ErrorModel, "description": "No such category"}},
    )
    def stories(
        request: Request,
        category: str | None = None,
        limit: Annotated[int, Query(ge=1, le=STORIES_MAX_LIMIT)] = STORIES_LIMIT,
    ) -> Response:
        """Stories (events reported across outlets) seen most recently first; with
        ``category``, those with posts filed in it. Stories of a single post are listed too."""
        if category is not None and site.category(category) is None:
            raise ApiError(404, f"no category with the slug {category!r}")
        found = site.storage.list_stories(category=category, limit=limit)
        # No Last-Modified: a post published long ago may join a story now; the ETag tells.
        body = json_body([story_to_json(story) for story in found])
        return cached_response(request, body, JSON, max_age=API_MAX_AGE)

    @router.get("/health", response_model=HealthModel)
    def health() -> Response:
        """``status`` is "ok" when the database answers; counts for monitoring."""
        sources = site.storage.list_sources()
        body = {
            "status": "ok",
            "posts": site.storage.count_posts(),
            "sources": len(sources),
            "failing_sources": sum(1 for s in sources if s.last_error),
            "categories": len(site.storage.category_counts()),
        }
        return Response(json_body(body), media_type=JSON, headers={"Cache-Control": "no-store"})

    return router
