"""Jinja2 for the site's pages: the one module that imports jinja2.

Autoescaping is on for every template, so titles, author and source names, URLs and
summaries from feeds are escaped wherever they appear. The only markup that passes through
unescaped is a post's ``content_html`` (sanitized by the pipeline, last) and the attribution
line (built from escaped parts by ``publish.meta.attribution_html``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from tributary.publish.links import http_url
from tributary.publish.meta import attribution_html
from tributary.publish.pages import display_time, media_items
from tributary.publish.post_json import format_time
from tributary.publish.site import (
    FeedLink,
    SiteLinks,
    category_path,
    post_path,
    source_path,
    story_path,
)
from tributary.storage import CategoryCount
from tributary.types import Post, SourceRef
from tributary.web.stories import other_outlets, other_outlets_text

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True, slots=True)
class Frame:
    """What the base layout needs on every page."""

    site_title: str
    categories: list[CategoryCount]
    links: SiteLinks
    feeds: list[FeedLink] = field(default_factory=list)


def _attribution(source: SourceRef) -> Markup:
    return Markup(attribution_html(source))  # built from escaped parts


def _trusted_body(post: Post) -> Markup:
    """The pipeline sanitized ``content_html`` (nh3, the last step before storing)."""
    return Markup(post.content_html)


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        http_url=http_url,
        iso=format_time,
        when=display_time,
        attribution=_attribution,
        body=_trusted_body,
        media=media_items,
    )
    env.globals.update(
        category_path=category_path,
        source_path=source_path,
        post_path=post_path,
        story_path=story_path,
        other_outlets=other_outlets,
        other_outlets_text=other_outlets_text,
    )
    return env


@dataclass(frozen=True, slots=True)
class Renderer:
    env: jinja2.Environment = field(default_factory=make_environment)

    def render(self, name: str, frame: Frame, **context: Any) -> str:
        """The page ``name`` with the layout's frame; every value autoescaped."""
        template = self.env.get_template(name)
        return template.render(
            site_title=frame.site_title,
            nav=frame.categories,
            link=frame.links.href,
            feeds=frame.feeds,
            **context,
        )
