"""RSS 2.0, with the extensions feed readers expect.

    atom:link rel="self"  (RSS Advisory Board best practice)
    dc:creator            the author as a name; RSS <author> must be an e-mail address
    content:encoded       the full body; <description> carries the plain summary

RSS <description> is read as HTML by readers, so the plain summary is HTML-escaped before it
is XML-escaped: "AT&T <b>" shows as typed instead of becoming markup.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime

from tributary.publish.meta import (
    FeedMeta,
    enclosure_type,
    entry_body_html,
    entry_id,
    entry_link,
    entry_terms,
    feed_updated,
    web_enclosures,
)
from tributary.publish.post_json import as_utc
from tributary.publish.xmlbuild import element, sub, to_bytes
from tributary.types import Post

ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
GENERATOR = "Tributary"


def rfc822(dt: datetime) -> str:
    """RFC 822 date as RSS 2.0 wants it (RFC 1123 four-digit year): ``Tue, 20 May 2025 …``."""
    return format_datetime(as_utc(dt), usegmt=True)


def render_rss(meta: FeedMeta, posts: Sequence[Post]) -> bytes:
    """The feed document: posts in the order given."""
    rss = element(
        "rss",
        {"version": "2.0", "xmlns:atom": ATOM_NS, "xmlns:content": CONTENT_NS, "xmlns:dc": DC_NS},
    )
    channel = sub(rss, "channel")
    sub(channel, "title", meta.title)
    sub(channel, "link", meta.page_url)
    sub(channel, "description", meta.description or meta.title)
    sub(
        channel,
        "atom:link",
        attrs={"rel": "self", "type": "application/rss+xml", "href": meta.feed_url},
    )
    sub(channel, "lastBuildDate", rfc822(feed_updated(meta, posts)))
    sub(channel, "generator", GENERATOR)
    for post in posts:
        _item(channel, meta, post)
    return to_bytes(rss)


def _item(channel: ET.Element, meta: FeedMeta, post: Post) -> None:
    item = sub(channel, "item")
    sub(item, "title", post.title)
    sub(item, "link", entry_link(meta, post))
    sub(item, "guid", entry_id(meta, post), {"isPermaLink": "false"})
    sub(item, "pubDate", rfc822(post.published))
    if post.author:
        sub(item, "dc:creator", post.author)
    for term in entry_terms(post):
        sub(item, "category", term)
    enclosures = web_enclosures(post)
    if enclosures:  # RSS 2.0 allows one enclosure per item
        first = enclosures[0]
        length = str(first.length) if first.length is not None else "0"
        attrs = {"url": first.url, "length": length, "type": enclosure_type(first)}
        sub(item, "enclosure", attrs=attrs)
    if post.summary:
        sub(item, "description", html.escape(post.summary, quote=False))
    sub(item, "content:encoded", entry_body_html(post))
