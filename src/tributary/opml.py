"""OPML 2.0: read subscription lists (``[site] opml``) and write ``export-opml``.

Parsing never expands entities or touches the network: an OPML file is untrusted input.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import quoteattr

from lxml import etree

from tributary.types import Source


@dataclass(frozen=True, slots=True)
class Outline:
    url: str
    title: str | None
    tags: tuple[str, ...]


def read_opml(data: bytes) -> list[Outline]:
    """Every outline with an ``xmlUrl``; its category attribute and parents become tags."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not valid OPML: {exc}") from exc
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise ValueError("not valid OPML: no <opml><body>")
    found: list[Outline] = []
    _walk(body, (), found)
    return found


def _walk(node: etree._Element, parents: tuple[str, ...], found: list[Outline]) -> None:
    for outline in node.iterchildren("outline"):
        title = (outline.get("title") or outline.get("text") or "").strip() or None
        url = (outline.get("xmlUrl") or "").strip()
        if url:
            categories = (outline.get("category") or "").replace(",", "/").split("/")
            tags = tuple(dict.fromkeys([*parents, *(c.strip() for c in categories if c.strip())]))
            found.append(Outline(url, title, tags))
        _walk(outline, (*parents, title) if (title and not url) else parents, found)


def write_opml(sources: Iterable[Source], title: str, now: datetime | None = None) -> str:
    """The sources as OPML 2.0, one outline each, tags in the category attribute."""
    when = format_datetime(now or datetime.now(UTC), usegmt=True)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_text(title)}</title><dateCreated>{when}</dateCreated></head>",
        "  <body>",
    ]
    for source in sources:
        attrs = [
            f"type={quoteattr('rss')}",
            f"text={quoteattr(source.name)}",
            f"title={quoteattr(source.name)}",
            f"xmlUrl={quoteattr(source.url)}",
        ]
        if source.site_url:
            attrs.append(f"htmlUrl={quoteattr(source.site_url)}")
        if source.tags:
            attrs.append(f"category={quoteattr(','.join(source.tags))}")
        lines.append(f"    <outline {' '.join(attrs)}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return quoteattr(value)[1:-1]
