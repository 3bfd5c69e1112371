"""Feed autodiscovery: is a body a web page, and which feed does it name (pure).

A configured source may be a site's home page instead of its feed. Such a page names its
feed in ``<link rel="alternate" type="application/rss+xml" href="...">`` (the RSS
Autodiscovery convention, also used for Atom and JSON Feed). The href is resolved against
the page URL and the page's ``<base href>`` (HTML 4.01 §12.4).

``html.parser`` is used because it never gives up on broken markup: unclosed tags, stray
``</head>`` or attributes without quotes still yield the link tags before and after them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tributary.clean.urls import is_http_url, joined_url

# Types a feed link may carry, best first. Bare application/json comes last: WordPress pages
# also carry <link rel="alternate" type="application/json"> pointing at their REST API.
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/rdf+xml",
)
WEAK_FEED_TYPES = ("application/json",)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_ROOTS = ("rss", "feed", "rdf:rdf", "rdf")
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_FIRST_TAG = re.compile(rb"<([A-Za-z][\w:.-]*)")
_SNIFF_BYTES = 4096


def is_html_page(body: bytes, content_type: str | None) -> bool:
    """True when ``body`` is a web page rather than a feed.

    The body decides first, because servers label feeds "text/html" and pages
    "application/xml" often enough: a JSON object or an <rss>, <feed> or <rdf:RDF> root is a
    feed, an <html> root is a page. Otherwise the Content-Type decides.
    """
    head = body[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")  # UTF-8 byte order mark
    if head.startswith((b"{", b"[")):
        return False
    root = _root_tag(head)
    if root in _FEED_ROOTS:
        return False
    if root == "html":
        return True
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    return media_type in _HTML_TYPES


def find_feed_link(html: bytes | str, page_url: str, charset: str | None = None) -> str | None:
    """The absolute URL of the first feed that the page at ``page_url`` names, or None."""
    links = find_feed_links(html, page_url, charset)
    return links[0] if links else None


def find_feed_links(html: bytes | str, page_url: str, charset: str | None = None) -> list[str]:
    """Every feed the page names, strong feed types first, each in document order."""
    text = html if isinstance(html, str) else _decode(html, charset)
    collector = _LinkCollector()
    collector.feed(text)
    collector.close()
    base = (joined_url(page_url, collector.base) if collector.base else None) or page_url
    ranked = [link for kind, link in collector.links if kind in FEED_TYPES]
    ranked += [link for kind, link in collector.links if kind in WEAK_FEED_TYPES]
    resolved = (joined_url(base, href) for href in ranked)  # None: "http://[::1", unparsable
    return [url for url in resolved if url and is_http_url(url)]


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type value, if any."""
    match = re.search(r";\s*charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return match[1] if match else None


def _root_tag(head: bytes) -> str | None:
    match = _FIRST_TAG.search(_COMMENT.sub(b"", head))
    return match[1].decode("ascii").lower() if match else None


def _decode(body: bytes, charset: str | None) -> str:
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except (LookupError, ValueError):  # an unknown charset name, or a NUL in it
        return body.decode("utf-8", errors="replace")  # the hrefs we need are ASCII anyway


class _LinkCollector(HTMLParser):
    """Collects (type, href) of <link rel=alternate> tags and the first <base href>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: (value or "").strip() for name, value in attrs}
        href = values.get("href", "")
        if tag == "base" and self.base is None and href:
            self.base = href
        elif tag == "link" and href and "alternate" in values.get("rel", "").lower().split():
            kind = values.get("type", "").split(";", 1)[0].strip().lower()
            self.links.append((kind, href))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
