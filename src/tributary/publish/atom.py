"""Atom 1.0 (RFC 4287).

Text constructs are ``type="text"`` and bodies ``type="html"`` (escaped markup), so nothing a
source carried can add elements to the document, and a sanitized body that is not well-formed
XHTML still yields a well-formed feed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from tributary.publish.links import http_url
from tributary.publish.meta import (
    FeedMeta,
    alternates,
    entry_body_html,
    entry_id,
    entry_link,
    entry_terms,
    feed_updated,
    web_enclosures,
)
from tributary.publish.post_json import format_time
from tributary.publish.xmlbuild import element, sub, to_bytes
from tributary.types import Post, SourceRef

ATOM_NS = "http://www.w3.org/2005/Atom"
GENERATOR = "Tributary"


def render_atom(meta: FeedMeta, posts: Sequence[Post]) -> bytes:
    """The feed document: posts in the order given (newest first, as the caller lists them)."""
    feed = element("feed", {"xmlns": ATOM_NS})
    sub(feed, "id", meta.feed_id)
    sub(feed, "title", meta.title, {"type": "text"})
    if meta.description:
        sub(feed, "subtitle", meta.description, {"type": "text"})
    sub(feed, "updated", format_time(feed_updated(meta, posts)))
    _feed_links(feed, meta)
    # RFC 4287 4.1.2: an entry without its own author takes the feed's; naming one here keeps
    # every entry valid when its source gave no author.
    sub(sub(feed, "author"), "name", meta.title)
    sub(feed, "generator", GENERATOR)
    for post in posts:
        _entry(feed, meta, post)
    return to_bytes(feed)


def _feed_links(feed: ET.Element, meta: FeedMeta) -> None:
    sub(feed, "link", attrs={"rel": "alternate", "type": "text/html", "href": meta.page_url})
    sub(feed, "link", attrs={"rel": "self", "type": "application/atom+xml", "href": meta.feed_url})
    for kind, url in alternates(meta):
        sub(feed, "link", attrs={"rel": "alternate", "type": kind, "href": url})


def _entry(feed: ET.Element, meta: FeedMeta, post: Post) -> None:
    entry = sub(feed, "entry")
    sub(entry, "id", entry_id(meta, post))
    sub(entry, "title", post.title, {"type": "text"})
    sub(
        entry,
        "link",
        attrs={"rel": "alternate", "type": "text/html", "href": entry_link(meta, post)},
    )
    sub(entry, "published", format_time(post.published))
    sub(entry, "updated", format_time(post.updated))
    if post.author:
        sub(sub(entry, "author"), "name", post.author)
    for term in entry_terms(post):
        sub(entry, "category", attrs={"term": term})
    for item in web_enclosures(post):
        attrs = {"rel": "enclosure", "href": item.url}
        if item.type:
            attrs["type"] = item.type
        if item.length is not None:
            attrs["length"] = str(item.length)
        sub(entry, "link", attrs=attrs)
    if post.summary:
        sub(entry, "summary", post.summary, {"type": "text"})
    sub(entry, "content", entry_body_html(post), {"type": "html"})
    _source(entry, post.source)


def _source(entry: ET.Element, source: SourceRef) -> None:
    """RFC 4287 4.2.11: the feed the entry was copied from, as Planet-style aggregators do."""
    ref = sub(entry, "source")
    sub(ref, "id", source.feed_url)
    sub(ref, "title", source.name, {"type": "text"})
    site_url = http_url(source.site_url)
    if site_url:
        sub(ref, "link", attrs={"rel": "alternate", "type": "text/html", "href": site_url})
    if http_url(source.feed_url):
        sub(ref, "link", attrs={"rel": "self", "href": source.feed_url})
