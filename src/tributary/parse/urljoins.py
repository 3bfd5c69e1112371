"""URL joins that give feedparser's answers, for the fast path (rust_entries.py).

feedparser resolves links, guids and the URLs inside HTML with two helpers of its own: a join
that first drops extra slashes after "scheme://" and turns a failed join into "", and a "safe"
join that refuses results outside a list of URI schemes. The fast path must produce the same
strings, so these mirror that behaviour; tests/test_parse_rust.py checks them against feedparser
on many inputs and checks the scheme list against feedparser's.

``urljoin`` costs microseconds; the shortcuts here return its answer directly for the two
shapes that fill feeds (an absolute http(s) URL, and a path joined to a simple base) and call
``urljoin`` for everything else.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlparse

# The URI schemes feedparser lets a resolved URL keep (feedparser.urls.ACCEPTABLE_URI_SCHEMES).
ACCEPTABLE_URI_SCHEMES = frozenset(
    {
        "file", "ftp", "gopher", "h323", "hdl", "http", "https", "imap", "magnet", "mailto",
        "mms", "news", "nntp", "prospero", "rsync", "rtsp", "rtspu", "sftp", "shttp", "sip",
        "sips", "snews", "svn", "svn+ssh", "telnet", "wais", "aim", "callto", "cvs", "facetime",
        "feed", "git", "gtalk", "irc", "ircs", "irc6", "itms", "msnim", "skype", "ssh", "smb",
        "ymsg",
    }
)  # fmt: skip

# "scheme://" followed by extra slashes, which feedparser removes before joining.
_SLASHES_AFTER_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
# An absolute http(s) URL whose urljoin is itself: a plain host, and none of the characters that
# urlsplit treats specially (";" params, brackets, whitespace, backslash, controls), and no empty
# "?" or "#" (urlunsplit would drop them).
_PATH_CHARS = r"A-Za-z0-9\-._~%!$&'()*+,=:@"
_QUERY_AND_FRAGMENT = rf"(?:\?[{_PATH_CHARS}/?]+)?(?:#[{_PATH_CHARS}/?#]+)?"
_PLAIN_ABSOLUTE = re.compile(
    rf"(?P<origin>https?://[A-Za-z0-9.-]+(?::[0-9]{{1,5}})?)(?P<path>/[{_PATH_CHARS}/]*)?"
    + _QUERY_AND_FRAGMENT
)
# A reference made of a non-empty path and an optional query and fragment.
_PLAIN_REFERENCE = re.compile(rf"(?P<path>[{_PATH_CHARS}/]+)" + _QUERY_AND_FRAGMENT)
_DOT_SEGMENT = re.compile(r"(?:^|/)\.{1,2}(?:/|$)")


@lru_cache(maxsize=256)
def _split_base(base: str) -> tuple[str, str] | None:
    """A base URL as (origin, directory) when joins against it may take the shortcut.

    The base must be a plain absolute http(s) URL whose path has no dot segments and no "//"
    (urljoin would remove them); joining a plain path is then string concatenation.
    """
    match = _PLAIN_ABSOLUTE.fullmatch(base)
    if match is None:
        return None
    path = match.group("path") or ""
    if "//" in path or _DOT_SEGMENT.search(path):
        return None
    return match.group("origin"), path[: path.rfind("/") + 1] or "/"


def _quick_join(base: str, url: str) -> str | None:
    """urljoin's answer for the common shapes, else None (the caller then calls urljoin)."""
    parts = _split_base(base)
    if parts is None:
        return None
    if url.startswith(("http://", "https://")):
        # A different scheme returns the URL unchanged; the same scheme with a host returns
        # urlunparse(urlparse(url)), which is the URL itself for these plain shapes.
        return url if _PLAIN_ABSOLUTE.fullmatch(url) else None
    match = _PLAIN_REFERENCE.fullmatch(url)
    if match is None:
        return None
    path = match.group("path")
    if "//" in path or ((path[0] == "." or "/." in path) and _DOT_SEGMENT.search(path)):
        return None
    origin, directory = parts
    if path[0] == "/":
        return origin + url
    if ":" in path and ":" in path.split("/", 1)[0]:  # "name:rest" reads as a scheme
        return None
    return origin + directory + url


def is_plain_absolute(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL that every join returns as it is (feedparser's
    and urljoin, whatever the base)."""
    return _PLAIN_ABSOLUTE.fullmatch(url) is not None


def fp_urljoin(base: str, uri: str) -> str:
    """feedparser's ``_urljoin``: extra slashes after "scheme://" dropped, "" when it fails."""
    quick = _quick_join(base, uri) if base else None
    if quick is not None:
        return quick
    if "://" in uri:
        uri = _SLASHES_AFTER_SCHEME.sub(r"\1\3", uri)
    try:
        return urljoin(base, uri)
    except ValueError:
        return ""


def quick_urljoin(base: str, url: str) -> str:
    """``urljoin(base, url)`` (the caller handles its ValueError), with the shortcuts."""
    quick = _quick_join(base, url) if base else None
    return quick if quick is not None else urljoin(base, url)


def safe_absolute_uri(base: str, rel: str | None = None) -> str:
    """feedparser's ``make_safe_absolute_uri``: the join, or "" when its scheme is not listed."""
    if not base:
        return rel or ""
    if not rel:
        try:
            scheme = urlparse(base)[0]
        except ValueError:
            return ""
        return base if not scheme or scheme in ACCEPTABLE_URI_SCHEMES else ""
    quick = _quick_join(base, rel)
    if quick is not None:  # an http(s) URL: its scheme is acceptable
        return quick
    uri = fp_urljoin(base, rel)
    if uri.strip().split(":", 1)[0] not in ACCEPTABLE_URI_SCHEMES:
        return ""
    return uri
