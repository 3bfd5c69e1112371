"""Fetching: the aiohttp client with conditional GET, limits, retries and address policy.

``Fetcher`` is the only thing the pipeline needs; ``addresses`` and ``discover`` are pure
helpers, tested on their own.
"""

from __future__ import annotations

from tributary.fetch.addresses import is_public, refusal_reason
from tributary.fetch.client import Fetcher
from tributary.fetch.discover import find_feed_link, find_feed_links, is_html_page

__all__ = [
    "Fetcher",
    "find_feed_link",
    "find_feed_links",
    "is_html_page",
    "is_public",
    "refusal_reason",
]
