"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1).

``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e`` and ``\\u0026``: the parsed values
are unchanged, and a page that inlines the document cannot have a title close its <script>.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from tributary.publish.meta import (
    FeedMeta,
    enclosure_type,
    entry_body_html,
    entry_id,
    entry_link,
    entry_terms,
    web_enclosures,
)
from tributary.publish.post_json import format_time
from tributary.types import Post

VERSION = "https://jsonfeed.org/version/1.1"
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def render_json_feed(meta: FeedMeta, posts: Sequence[Post]) -> bytes:
    """The feed document: posts in the order given."""
    document: dict[str, object] = {
        "version": VERSION,
        "title": meta.title,
        "home_page_url": meta.page_url,
        "feed_url": meta.feed_url,
    }
    if meta.description:
        document["description"] = meta.description
    document["items"] = [_item(meta, post) for post in posts]
    text = json.dumps(document, ensure_ascii=False, indent=2)
    # The three characters occur only inside JSON strings, where the escapes mean the same.
    return text.translate(_HTML_SAFE).encode("utf-8") + b"\n"


def _item(meta: FeedMeta, post: Post) -> dict[str, object]:
    item: dict[str, object] = {
        "id": entry_id(meta, post),
        "url": entry_link(meta, post),
        "title": post.title,
        "content_html": entry_body_html(post),
        "date_published": format_time(post.published),
        "date_modified": format_time(post.updated),
    }
    if post.summary:
        item["summary"] = post.summary
    if post.author:
        item["authors"] = [{"name": post.author}]
    terms = entry_terms(post)
    if terms:
        item["tags"] = terms
    attachments = [
        {"url": e.url, "mime_type": enclosure_type(e)}
        | ({"size_in_bytes": e.length} if e.length is not None else {})
        for e in web_enclosures(post)
    ]
    if attachments:
        item["attachments"] = attachments
    return item
