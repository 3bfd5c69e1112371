"""The API's documents as pydantic models, for the OpenAPI description only.

Responses are built by ``publish.post_json.post_to_json`` (the contract's exact object) and
sent as they are; these models describe them in ``/openapi.json``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class SourceModel(BaseModel):
    name: str
    feed_url: str
    site_url: str | None


class OriginModel(BaseModel):
    outlet: str | None
    author: str | None


class AlsoPublishedModel(BaseModel):
    source: str
    url: str | None


class PostModel(BaseModel):
    id: str
    title: str
    url: str | None
    published: str
    updated: str
    author: str | None
    source: SourceModel
    origin: OriginModel
    categories: list[str]
    tags: list[str]
    summary: str
    content_html: str
    content_text: str
    content_kind: Literal["full", "excerpt", "media"]
    story_id: str | None
    also_published_by: list[AlsoPublishedModel]


class CategoryModel(BaseModel):
    slug: str
    name: str
    post_count: int


class PostPageModel(BaseModel):
    posts: list[PostModel]
    next_cursor: str | None


class StoryModel(BaseModel):
    """A story (one event across outlets); ``sources`` in the order they first reported it,
    times ISO 8601 UTC with a Z, ``post_count`` counting each article once (not copies)."""

    id: str
    title: str
    post_count: int
    sources: list[str]
    first_seen: str
    last_seen: str


class HealthModel(BaseModel):
    status: str
    posts: int
    sources: int
    failing_sources: int
    categories: int


class ErrorModel(BaseModel):
    detail: str
