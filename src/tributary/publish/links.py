"""Which URLs we publish, and where our own post pages live.

The contract allows only http(s) links for a post's ``url`` and ``source.site_url``: a feed can
carry ``javascript:``, ``data:`` or relative links, and a reader that follows them would run
or resolve them against our site.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

_WEB_SCHEMES = frozenset({"http", "https"})


def http_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) link with a host, else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.netloc:
        return None
    return url.strip()


def post_page_url(base_url: str, post_id: str) -> str:
    """Our page for one post: ``{base_url}/post/{id}/``, the id quoted as one path segment."""
    return f"{base_url.rstrip('/')}/post/{quote(post_id, safe='')}/"
