"""PURE renderers: posts -> the contract's JSON object, Atom 1.0, RSS 2.0 and JSON Feed 1.1.

    links     http(s)-only URLs, our post page URLs
    meta      FeedMeta and the per-entry parts every format shares (link, id, body, attribution)
    xmlbuild  ElementTree helpers that keep every XML output well-formed
    post_json post_to_json, format_time
    atom, rss, jsonfeed   one renderer each: (FeedMeta, posts) -> bytes

Nothing here does I/O or reads the clock: a feed's time is given or taken from its posts.
"""

from __future__ import annotations

from tributary.publish.atom import render_atom
from tributary.publish.jsonfeed import render_json_feed
from tributary.publish.meta import FeedMeta
from tributary.publish.post_json import format_time, post_to_json
from tributary.publish.rss import render_rss

__all__ = [
    "FeedMeta",
    "format_time",
    "post_to_json",
    "render_atom",
    "render_json_feed",
    "render_rss",
]
