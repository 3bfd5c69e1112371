"""The JSON API of the contract: categories, a category's posts by cursor, a post, health.

Post objects are ``post_to_json`` exactly. Answers carry ETag and a short Cache-Control.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from tributary.publish import post_to_json
from tributary.publish.pages import last_changed
from tributary.web.caching import API_MAX_AGE, cached_response
from tributary.web.cursor import BadCursor, decode_cursor, encode_cursor
from tributary.web.errors import ApiError
from tributary.web.schemas import CategoryModel, ErrorModel, HealthModel, PostModel, PostPageModel
from tributary.web.views import Site

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
JSON = "application/json"
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorModel, "description": "No such category or post"}
}
_BAD_CURSOR: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorModel, "description": "The cursor is not one we gave"}
}


def json_body(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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
        """One post."""
        found = site.storage.get_post(post_id)
        if found is None:
            raise ApiError(404, f"no post with the id {post_id!r}")
        body = json_body(post_to_json(found))
        changed = last_changed([found])
        return cached_response(request, body, JSON, last_modified=changed, max_age=API_MAX_AGE)

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
