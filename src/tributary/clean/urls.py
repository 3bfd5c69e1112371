"""Canonical article URLs: one spelling per article, so that identity keys and "also published
by" matches do not split on tracking parameters or letter case.

What changes (RFC 3986 section 6.2.2 normalization, plus the tracking habits of newsletters and
social sites):

    scheme and host     lowercased                ("HTTPS://Example.ORG" -> "https://example.org")
    default port        dropped                   (":80" for http, ":443" for https)
    empty path          becomes "/"
    fragment            dropped                   (it never names a different document)
    tracking parameters dropped                   (utm_*, fbclid, gclid, mc_cid, mc_eid, ...)

Everything else, the order of the remaining query parameters and their percent-encoding
included, stays as the feed wrote it: servers may care about either.
"""

from __future__ import annotations

from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

HTTP_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = {"http": 80, "https": 443}

# Exact parameter names added by campaign and click tracking (Mailchimp, Google Ads, Facebook,
# Microsoft Ads, HubSpot, Instagram shares); ``utm_`` is matched as a prefix.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_hsenc", "_hsmi"}
)
_TRACKING_PREFIXES = ("utm_",)


def is_http_url(url: str | None) -> bool:
    """Whether ``url`` is an absolute http(s) URL with a host."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return False
    return parts.scheme.lower() in HTTP_SCHEMES and bool(parts.hostname)


def joined_url(base: str | None, url: str) -> str | None:
    """``url`` joined to ``base`` (as it is without one); None when the join cannot parse them
    (an unbalanced IPv6 bracket, "http://[::1")."""
    try:
        return urljoin(base, url) if base else url
    except ValueError:
        return None


def _is_tracking(name: str) -> bool:
    key = unquote_plus(name).lower()
    return key in TRACKING_PARAMETERS or key.startswith(_TRACKING_PREFIXES)


def _clean_query(query: str) -> str:
    kept = [pair for pair in query.split("&") if pair and not _is_tracking(pair.split("=")[0])]
    return "&".join(kept)


def _netloc(scheme: str, netloc: str, port: int | None) -> str:
    """The host part lowercased (userinfo kept as written), the default port dropped."""
    userinfo, _, hostport = netloc.rpartition("@")
    hostport = hostport.lower()
    if port is not None and port == _DEFAULT_PORTS[scheme]:
        hostport = hostport[: hostport.rfind(":")]
    elif hostport.endswith(":"):  # "host:" names no port at all
        hostport = hostport[:-1]
    return f"{userinfo}@{hostport}" if userinfo else hostport


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """The canonical form of ``url`` (joined to ``base`` when relative); None unless http(s)."""
    if not url or not url.strip():
        return None
    raw = url.strip()
    try:
        if base:
            raw = urljoin(base.strip(), raw)
        parts = urlsplit(raw)
        port = parts.port  # raises ValueError for a port that is not a number or out of range
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in HTTP_SCHEMES or not parts.hostname:
        return None
    netloc = _netloc(scheme, parts.netloc, port)
    return urlunsplit((scheme, netloc, parts.path or "/", _clean_query(parts.query), ""))
