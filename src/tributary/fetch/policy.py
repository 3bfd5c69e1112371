"""The fetcher's rules as plain functions (pure): header values, back-off, messages.

Kept apart from ``client.py`` so each rule is tested without a socket.
"""

from __future__ import annotations

import random
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit, urlunsplit

MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})  # RFC 9110 §15.4: the client may update links
BACKOFF_BASE = 0.5  # seconds
BACKOFF_CAP = 8.0  # seconds

# Feeds first; generic XML and JSON a little lower; anything else last, because some
# servers answer 406 to an Accept list they cannot satisfy.
ACCEPT_FEED = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, "
    "application/json;q=0.8, text/html;q=0.5, */*;q=0.1"
)
ACCEPT_PAGE = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)\"?", re.IGNORECASE)


def backoff_delay(attempt: int, rng: random.Random) -> float:
    """Seconds to wait before retry number ``attempt + 1``: exponential back-off with full
    jitter (uniform in [0, min(cap, base * 2**attempt)]), so many sources failing at once
    do not come back at once."""
    return rng.uniform(0.0, min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt))


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """RFC 9110 §10.2.3 Retry-After: delay-seconds or an HTTP-date, as seconds from ``now``
    (never negative). None when absent or unreadable."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 850 / asctime forms carry no zone: they mean GMT
        when = when.replace(tzinfo=now.tzinfo)
    return max(0.0, (when - now).total_seconds())


def parse_max_age(cache_control: str | None) -> int | None:
    """The ``max-age`` directive of a Cache-Control value (RFC 9111 §5.2.2.1), in seconds."""
    match = _MAX_AGE.search(cache_control or "")
    return int(match[1]) if match else None


def redirect_key(url: str) -> str:
    """A URL as loop detection compares it: without its fragment, host in lower case."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                       parts.query, ""))  # fmt: skip


def format_seconds(seconds: float) -> str:
    """``30.0`` -> ``"30s"``, ``0.3`` -> ``"0.3s"``."""
    return f"{seconds:g}s"


def format_size(size: int) -> str:
    """``10485760`` -> ``"10 MB"`` (powers of 1024, as the configuration reads them)."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            amount = size / factor
            return f"{amount:g} {unit}" if amount == int(amount) else f"{amount:.1f} {unit}"
    return f"{size} bytes"
