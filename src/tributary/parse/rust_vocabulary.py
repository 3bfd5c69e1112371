"""Which elements the feedparser_rs path can promise to read as feedparser does.

feedparser names an element by its namespace's short name and its lowercased local name
("dc_creator", "media_content", "title"; parse/vocabulary.py) and acts on about a hundred such
names. feedparser_rs matches qualified names as written ("dc:creator", "pubDate") and skips
what it does not know. The census of a feed's start tags (parse/elements.py) is checked name
by name:

    qualified name
      ├── verified here: the exact spelling feedparser_rs reads, its prefix bound to the
      │   namespace feedparser knows it by                       -> read by rust_entries.py
      ├── feedparser ignores it, or files it under keys the adapter never reads     -> fine
      └── anything else: a name feedparser reads that feedparser_rs would miss or read
          otherwise (atom:updated in an RSS item, <PubDate>, Dublin Core under a prefix of
          the feed's own, media:description, dc:source), an unbound prefix, raw HTML in an
          item                                                                  -> decline

The verified names are those tests/test_parse_rust.py compares with the feedparser adapter,
field by field, on the fixture feeds and on thousands of generated ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from tributary.parse.fallbacks import FastPathDeclined
from tributary.parse.vocabulary import (
    ENTRY_KEYS,
    FEED_KEYS,
    HANDLED_NAMES,
    INERT_IN_ENTRY,
    INERT_IN_FEED,
    KNOWN_NAMESPACES,
)

# The namespace each verified prefix must be bound to, for feedparser_rs's reading (by
# prefix) and feedparser's (by namespace) to meet.
_PREFIXES: dict[bytes, tuple[str, ...]] = {
    b"dc": ("http://purl.org/dc/elements/1.1/",),
    b"content": ("http://purl.org/rss/1.0/modules/content/",),
    b"media": ("http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss"),
    b"itunes": ("http://www.itunes.com/dtds/podcast-1.0.dtd",),
    b"atom": ("http://www.w3.org/2005/Atom",),
}

# An RSS 2.0 item's elements that rust_entries.py reads (with the census's checks in
# rust_feed.py for the ones whose duplicates the two parsers pick between differently).
RSS_ITEM = frozenset(
    {
        b"item", b"title", b"link", b"description", b"guid", b"pubDate", b"author",
        b"category", b"comments", b"enclosure", b"source", b"content:encoded", b"dc:creator",
        b"dc:date", b"dc:subject", b"media:content", b"media:thumbnail", b"media:group",
        b"media:title", b"media:keywords", b"media:category", b"itunes:author",
    }
)  # fmt: skip
# The channel's: its title, link and TTL are read (rust_feed.py); an RSS image and text input
# hold a title and link of their own; a channel summary is filed where the adapter never looks.
RSS_HEAD = frozenset(
    {
        b"rss", b"channel", b"title", b"link", b"ttl", b"atom:link", b"image", b"url", b"width",
        b"height", b"textInput", b"name", b"summary", b"itunes:summary",
    }
)  # fmt: skip
ATOM_ENTRY = frozenset(
    {
        b"entry", b"id", b"title", b"link", b"updated", b"published", b"author", b"name",
        b"email", b"uri", b"category", b"summary", b"content", b"media:content",
        b"media:thumbnail", b"media:group", b"media:title", b"media:keywords",
        b"media:category",
    }
)  # fmt: skip
ATOM_HEAD = frozenset({b"feed", b"title", b"link", b"id"})

Namespaces = Mapping[str, str]


@lru_cache(maxsize=1024)
def _feedparser_name(name: bytes, namespaces: tuple[tuple[str, str], ...]) -> str:
    """feedparser's name for a qualified element name, given the document's declarations."""
    prefix, _, local = name.decode("utf-8", "replace").rpartition(":")
    bound = dict(namespaces)
    if prefix and prefix not in bound:
        raise FastPathDeclined("namespaces", f"unbound prefix {prefix!r}")
    uri = bound.get(prefix, "")
    lower = uri.lower()
    if "backend.userland.com/rss" in lower:
        lower = "http://backend.userland.com/rss"
    short = KNOWN_NAMESPACES.get(lower)
    if short is None:
        if not prefix:
            raise FastPathDeclined("namespaces", f"unknown default namespace {uri}")
        short = prefix
    return f"{short.lower()}_{local.lower()}" if short else local.lower()


def _bound_as_verified(name: bytes, namespaces: Namespaces) -> bool:
    prefix, colon, _ = name.partition(b":")
    return not colon or namespaces.get(prefix.decode(), "") in _PREFIXES.get(prefix, ())


@lru_cache(maxsize=1024)  # feeds are polled again and again with the same elements
def check_names(
    names: frozenset[bytes],
    verified: frozenset[bytes],
    declared: tuple[tuple[str, str], ...],
    *,
    in_entry: bool,
    markup: bool = False,
) -> None:
    """Decline unless every name is verified or left alone by feedparser (see the module doc).

    ``declared``: the document's namespace declarations, (prefix, URI) pairs in sorted order;
    ``markup``: the entries hold Atom xhtml constructs, whose XHTML elements are content.
    """
    if _feedparser_name(b"title", declared) != "title":
        raise FastPathDeclined("namespaces", f"default namespace {dict(declared).get('')}")
    namespaces = dict(declared)
    inert = INERT_IN_ENTRY if in_entry else INERT_IN_FEED
    keys = ENTRY_KEYS if in_entry else FEED_KEYS
    for name in names:
        if name in verified and _bound_as_verified(name, namespaces):
            continue
        fp_name = _feedparser_name(name, declared)
        if fp_name in inert:
            continue
        if fp_name in HANDLED_NAMES or fp_name in keys or fp_name == "dc_source":
            raise FastPathDeclined("element", f"<{name.decode(errors='replace')}>")
        if in_entry and b":" not in name and not markup:
            # An unknown element without a prefix in an entry is raw markup (HTML inside a
            # description), which feedparser_rs would cut short.
            raise FastPathDeclined("element", f"<{name.decode(errors='replace')}> in an entry")
