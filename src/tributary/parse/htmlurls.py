"""Relative URLs inside an HTML fragment made absolute (for JSON Feed bodies).

feedparser resolves links in XML feeds itself; JSON Feed has no such help, and its spec says
relative URLs are resolved against ``feed_url`` / ``home_page_url``. Only the attribute values
are rewritten; the rest of the fragment stays byte for byte as the feed sent it (the sanitizer
parses it properly later).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

# Attributes that hold one URL, and srcset, which holds "url descriptor, url descriptor".
_URL_ATTRIBUTES = "href|src|poster|cite|action|background|longdesc|data|srcset"
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_ATTRIBUTE = re.compile(
    r"(?P<lead>\s(?P<name>" + _URL_ATTRIBUTES + r")\s*=\s*)"
    r"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'>]+))",
    re.IGNORECASE,
)


def absolute_url(url: str | None, base: str | None) -> str | None:
    """``url`` joined to ``base``; unchanged when it is already absolute or there is no base."""
    if not url:
        return None
    url = url.strip()
    try:
        if not base or urlsplit(url).scheme:
            return url or None
        return urljoin(base, url)
    except ValueError:  # an invalid IPv6 literal ("https://[::1") in the URL or the base
        return url


def _resolve_srcset(value: str, base: str) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split(None, 1)
        if parts:
            parts[0] = absolute_url(parts[0], base) or parts[0]
            candidates.append(" ".join(parts))
    return ", ".join(candidates)


def _rewrite_attribute(match: re.Match[str], base: str) -> str:
    raw = match.group("dq")
    if raw is None:
        raw = match.group("sq")
    if raw is None:
        raw = match.group("bare") or ""
    value = html.unescape(raw)
    if match.group("name").lower() == "srcset":
        resolved = _resolve_srcset(value, base)
    else:
        resolved = absolute_url(value, base) or value
    if resolved == value:
        return match.group(0)
    return f'{match.group("lead")}"{html.escape(resolved, quote=True)}"'


def resolve_html_urls(fragment: str, base: str | None) -> str:
    """Every URL attribute in ``fragment`` made absolute against ``base``."""
    if not base or "<" not in fragment:
        return fragment

    def rewrite_tag(tag: re.Match[str]) -> str:
        return _ATTRIBUTE.sub(lambda m: _rewrite_attribute(m, base), tag.group(0))

    return _TAG.sub(rewrite_tag, fragment)
