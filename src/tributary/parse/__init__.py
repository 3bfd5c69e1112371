"""Feed bodies in, FeedData out: pure, no I/O, one function.

    parse_feed(body, url=, content_type=, now=)
      ├── empty body                               => ParseError
      ├── JSON (a "{" body, or a JSON content type) -> jsonfeed.parse_json
      └── anything else                            -> rust_feed.parse_rust (feedparser_rs)
                                                      (well-formed RSS 2.0, Atom 1.0)
            └── declined                           -> feedparser_adapter.parse_xml
                                                      (RSS 0.9x/1.0/2.0, Atom 0.3/1.0)

The fast path gives the adapter's entries, ids, links, titles, authors and dates, or declines
(a DOCTYPE, XML that is not well-formed, an encoding it does not read as UTF-8, xml:base, an
element or format whose reading it has not verified); ``FALLBACKS`` counts the declines by
reason. Its HTML bodies are the feed's own, not feedparser's re-serialization of them: the
clean step sanitizes and resolves them either way (rust_entries.py).

ParseError means nothing usable came out. A feed that is broken but still yields entries
returns them, with one line per problem in ``FeedData.warnings``. Keeping the public surface
to this one function lets a faster parser replace the implementation without touching the
rest of Tributary.
"""

from __future__ import annotations

from datetime import datetime

from tributary.errors import ParseError
from tributary.parse.fallbacks import FALLBACKS, FastPathDeclined
from tributary.parse.feedparser_adapter import parse_xml
from tributary.parse.jsonfeed import parse_json
from tributary.parse.rust_feed import parse_rust
from tributary.types import FeedData

__all__ = ["FALLBACKS", "parse_feed"]

_JSON_TYPES = ("application/feed+json", "application/json")
_LEADING_NOISE = b"\xef\xbb\xbf \t\r\n"


def parse_feed(
    body: bytes, *, url: str, content_type: str | None = None, now: datetime
) -> FeedData:
    """Parse a fetched feed body.

    ``url`` is where the body came from (after redirects): the base for relative links.
    ``content_type`` is the HTTP Content-Type, charset included, when there was one.
    ``now`` is accepted for the interface's sake: entries without dates keep None and the
    caller substitutes the time they were first seen.
    """
    start = body.lstrip(_LEADING_NOISE)[:64]
    if not start:
        raise ParseError("not a feed: the body is empty")
    if _is_json(start, content_type):
        return parse_json(body, url=url)
    try:
        feed = parse_rust(body, url=url, content_type=content_type)
    except FastPathDeclined as declined:
        FALLBACKS.record_fallback(declined.reason)
        return parse_xml(body, url=url, content_type=content_type)
    FALLBACKS.record_fast()
    return feed


def _is_json(start: bytes, content_type: str | None) -> bool:
    """JSON Feed is JSON whatever the server says; an XML body under a JSON type is XML."""
    if start.startswith(b"{"):
        return True
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    return media_type in _JSON_TYPES and not start.startswith(b"<")
