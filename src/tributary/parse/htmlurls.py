"""Relative URLs inside an HTML fragment made absolute against the feed's URL.

feedparser resolves the URLs of XML feeds' bodies itself (against xml:base, else the document
URL); the feedparser_rs path (rust_entries.py) keeps a body's HTML as the feed sent it and
resolves its URLs here, as does the JSON Feed reader, whose spec says relative URLs are
resolved against ``feed_url`` / ``home_page_url``. Only the attribute values are rewritten;
the rest of the fragment stays byte for byte as the feed sent it (the sanitizer parses it
properly later).

Most tags hold no URL attribute, and most URL attributes are absolute: the regular expression
picks out only the tags with a relative one, so a body of absolute links costs one scan.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from tributary.parse.urljoins import quick_urljoin

# Attributes that hold one URL, and srcset, which holds "url descriptor, url descriptor".
_URL_ATTRIBUTES = "href|src|poster|cite|action|background|longdesc|data|srcset"
_HTTP = ("https://", "http://")
# A tag with a URL attribute whose value does not start with a scheme, or with a srcset.
_RELATIVE_URL_TAG = re.compile(
    r"<[A-Za-z][^<>]*?\s(?:srcset\s*=|(?:" + _URL_ATTRIBUTES + r")\s*=\s*[\"']?+"
    r"(?![A-Za-z][A-Za-z0-9+.-]*:))[^<>]*>",
    re.IGNORECASE,
)
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
    if not base or url.startswith(_HTTP):
        return url or None
    try:
        if urlsplit(url).scheme:
            return url
        return quick_urljoin(base, url)  # urljoin's answer, with its shortcuts
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

    return _RELATIVE_URL_TAG.sub(rewrite_tag, fragment)
