"""The one module that imports feedparser_rs: XML feed bytes in, the feedparser adapter's
entries out, or ``FastPathDeclined`` when it cannot promise them.

    parse_rust(body, url=, content_type=)
      -> choose_encoding       (encoding.py: feedparser's choice; only bodies it reads as UTF-8)
      -> check_prolog          (wellformed.py: after the XML declaration, comments and PIs,
                                <rss> or <feed>; a DOCTYPE declines before feedparser_rs runs;
                                also what follows the root, control characters)
      -> census                (elements.py: every start tag, one regular-expression pass;
                                xml:base declines)
      -> feedparser_rs.parse   (bytes only, never a URL; no sanitizing, no URL resolution)
      -> bozo, version         (XML it could not read; anything but RSS 2.0 and Atom 1.0)
      -> check_names           (rust_vocabulary.py: each element verified, or left alone by
                                feedparser)
      -> convert               (rust_entries.py: the adapter's rules on feedparser_rs's values)
      -> tally, check_values   (two titles, descriptions or RSS authors in one entry; control
                                characters in what was read)

What comes out is the adapter's FeedData: entries in order, guid, url, title, author,
published, updated, tags, enclosures, origin outlet, and the feed's format, title, site URL,
TTL and warnings. HTML bodies are the feed's own HTML, not feedparser's re-serialization of
it (rust_entries.py says how their relative URLs are resolved). tests/test_parse_rust.py
compares the two paths on every fixture feed and 2,000 random ones.

Safety: feedparser_rs.parse fetches its argument when it is a str starting with "http://" or
"https://"; it is only ever given bytes, and only bytes whose first markup is <rss> or <feed>.
It expands no entity (it knows the five XML ones and character references; any other is a
"bozo" error, which declines), and a DOCTYPE never reaches it.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import feedparser_rs

from tributary.parse.elements import Census, census, split_tag
from tributary.parse.encoding import choose_encoding
from tributary.parse.fallbacks import FastPathDeclined
from tributary.parse.rust_entries import (
    Shape,
    Tally,
    alternate_link,
    convert,
    decline_references,
    text,
)
from tributary.parse.rust_vocabulary import ATOM_ENTRY, ATOM_HEAD, RSS_HEAD, RSS_ITEM, check_names
from tributary.parse.urljoins import fp_urljoin, safe_absolute_uri
from tributary.parse.values import plain, to_int
from tributary.parse.wellformed import (
    check_attributes,
    check_characters,
    check_epilog,
    check_prolog,
    check_values,
)
from tributary.types import FeedData

_FORMATS = {b"rss": "rss20", b"feed": "atom10"}
_ENTRY_TAGS = {b"rss": b"item", b"feed": b"entry"}
_TAG_SETS = {b"rss": (RSS_HEAD, RSS_ITEM), b"feed": (ATOM_HEAD, ATOM_ENTRY)}
_TYPE = re.compile(rb"(?:^|\s)type\s*=")
_PERMALINK = re.compile(rb"ispermalink\s*=\s*([\"'])(.*?)\1", re.IGNORECASE)
_ALTERNATE_REL = re.compile(rb"""(?:^|\s)rel\s*=\s*["']alternate["']""")
_REL = re.compile(rb"(?:^|\s)rel\s*=")
_OTHER_AUTHORS = frozenset({b"dc:creator", b"itunes:author"})
_RSS_AUTHORS = _OTHER_AUTHORS | {b"author"}
_TAGS = (b"category", b"dc:subject", b"media:keywords", b"media:category")


def parse_rust(body: bytes, *, url: str, content_type: str | None) -> FeedData:
    """The adapter's FeedData for an XML feed body, or FastPathDeclined (see the module doc)."""
    data, warnings = choose_encoding(body, content_type)
    root = check_prolog(data)
    if (safe_absolute_uri(url, url) or url) != url:
        raise FastPathDeclined("base", f"feed URL {url!r} changes when made absolute")
    check_epilog(data, root)
    check_characters(data)
    tags = census(data, _ENTRY_TAGS[root])
    check_attributes(tags.distinct())
    if tags.has_base():
        raise FastPathDeclined("base", "xml:base")
    try:
        result = feedparser_rs.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # a limit it enforces by failing (100 MB), or a bug of its own
        raise FastPathDeclined("xml", f"feedparser_rs: {type(exc).__name__}: {exc}"[:160]) from exc
    if result.bozo:
        raise FastPathDeclined("xml", str(result.bozo_exception)[:120])
    if result.version != _FORMATS[root]:
        raise FastPathDeclined("format", f"{result.version} in <{root.decode()}>")
    atom = root == b"feed"
    _check_vocabulary(tags, result.namespaces, root)
    entries = result.entries
    if tags.count(_ENTRY_TAGS[root]) != len(entries):
        raise FastPathDeclined("entry", "entries feedparser_rs did not read")
    converted, tally = convert(entries, _shape(tags, url, atom=atom))
    _check_tally(tags, tally, atom=atom)
    feed = result.feed
    title = _feed_title(feed, tags)
    check_values(converted, title)
    return FeedData(
        format=_FORMATS[root],
        title=title,
        site_url=_site_url(feed, tags, url, atom=atom),
        entries=tuple(converted),
        ttl_seconds=None if atom else _ttl(feed, tags),
        warnings=warnings,
    )


def _check_vocabulary(tags: Census, namespaces: dict[str, str], root: bytes) -> None:
    head, entry = _TAG_SETS[root]
    declared = tuple(sorted(namespaces.items()))
    check_names(frozenset(tags.head_tags), head, declared, in_entry=False)
    # Atom xhtml constructs hold XHTML elements; elsewhere an unknown element without a
    # prefix in an entry is raw markup.
    markup = root == b"feed" and any(b"1999/xhtml" in tag for tag in tags.body_tags.get(b"div", ()))
    check_names(frozenset(tags.body_tags), entry, declared, in_entry=True, markup=markup)


def _shape(tags: Census, url: str, *, atom: bool) -> Shape:
    names = tags.body_tags
    parts = urlsplit(url)
    return Shape(
        atom=atom,
        url=url,
        origin=f"{parts.scheme}://{parts.netloc}",
        dates=_dates(tags, atom=atom),
        authored=_authored(tags) if atom and b"author" in tags.head_tags else None,
        permalinks=True if atom else _permalinks(tags),
        plain_summaries=atom and _untyped_summaries(tags),
        has_media=any(name.startswith(b"media:") for name in names),
        has_media_title=b"media:title" in names,
        has_source=b"source" in names,
        has_tags=any(name in names for name in _TAGS),
    )


def _dates(tags: Census, *, atom: bool) -> list[tuple[bool, bool]] | None:
    """Which date elements each entry has, when feedparser_rs's values leave it open: always
    in Atom (a missing updated date is filled from the published one), in RSS when dc:date
    is present (a missing or unreadable pubDate is filled from it)."""
    published, updated = (b"published", b"updated") if atom else (b"pubDate", b"dc:date")
    if not atom and updated not in tags.body_tags:
        return None
    return [
        (
            any(split_tag(tag)[0] == published for tag in entry),
            any(split_tag(tag)[0] == updated for tag in entry),
        )
        for entry in tags.per_entry(frozenset({published, updated}))
    ]


def _authored(tags: Census) -> list[bool]:
    """Which Atom entries have an author of their own: feedparser_rs gives the others the
    feed's author (as RFC 4287 says a reader should), feedparser gives them none."""
    return [bool(entry) for entry in tags.per_entry(frozenset({b"author"}))]


def _permalinks(tags: Census) -> bool | list[bool]:
    """Whether the RSS guids are permalinks (feedparser: isPermaLink absent or exactly
    "true"; feedparser_rs ignores its case): one answer for all, or one per entry."""
    kinds: dict[bytes, bool] = {}
    for tag in tags.body_tags.get(b"guid", ()):
        permalink = _PERMALINK.search(split_tag(tag)[1])
        value = permalink.group(2) if permalink else b"true"
        if value not in (b"true", b"false"):
            raise FastPathDeclined("guid", f"isPermaLink={value.decode(errors='replace')!r}")
        kinds[tag] = value == b"true"
    if len(set(kinds.values())) < 2:
        return next(iter(kinds.values()), False)
    # feedparser keeps the last guid of an entry.
    return [bool(entry) and kinds[entry[-1]] for entry in tags.per_entry(frozenset({b"guid"}))]


def _untyped_summaries(tags: Census) -> bool:
    """Whether the Atom summaries have no type attribute (RFC 4287: text). feedparser_rs
    reads such a summary as HTML, so they must be all untyped, or all typed."""
    typed = {bool(_TYPE.search(split_tag(tag)[1])) for tag in tags.body_tags.get(b"summary", ())}
    if len(typed) > 1:
        raise FastPathDeclined("summary", "Atom summaries with and without a type")
    return typed == {False}


def _check_tally(tags: Census, tally: Tally, *, atom: bool) -> None:
    """Decline where an entry holds two elements that feedparser and feedparser_rs pick
    between differently: two titles (feedparser keeps the first, feedparser_rs the last), two
    summaries (feedparser reads the second as content), two RSS <author> elements, or one
    beside dc:creator or itunes:author (feedparser_rs keeps the last, or drops it).

    The counts settle most feeds at once; only when they leave room for a duplicate are the
    entries' tags counted one by one."""
    names = tags.body_tags
    if tags.count(b"title") + tags.count(b"media:title") > tally.titled:
        _at_most_one_per_entry(tags, b"title")
    summary = b"summary" if atom else b"description"
    if tags.count(summary) > tally.described:
        _at_most_one_per_entry(tags, summary)
    if not atom and b"author" in names:
        if names.keys() & _OTHER_AUTHORS:
            for entry in tags.per_entry(_RSS_AUTHORS):
                if len(entry) > 1 and any(split_tag(tag)[0] == b"author" for tag in entry):
                    raise FastPathDeclined("author", "RSS <author> beside another author")
        elif tags.count(b"author") != tally.authored:
            raise FastPathDeclined("author", "two <author> elements in one item")


def _at_most_one_per_entry(tags: Census, name: bytes) -> None:
    for entry in tags.per_entry(frozenset({name})):
        if len(entry) > 1:
            raise FastPathDeclined("element", f"two <{name.decode()}> in one entry")


def _boxes(feed: Any, field: str) -> int:
    """How many of the feed's title or link elements belong to its RSS image and text input."""
    return sum(1 for box in (feed.image, feed.textinput) if box is not None and getattr(box, field))


def _feed_title(feed: Any, tags: Census) -> str | None:
    if tags.head_count(b"title") - _boxes(feed, "title") > 1:
        raise FastPathDeclined("title", "two feed titles")
    return plain(text(feed.title)) or None


def _site_url(feed: Any, tags: Census, url: str, *, atom: bool) -> str | None:
    """feedparser's feed link: Atom, as for entries; RSS, the channel's <link> (an
    atom:link that is not rel="self" or the like could replace it: declined)."""
    if atom:
        feed_id = text(feed.id)
        return alternate_link(feed.links, fp_urljoin(url, feed_id) if feed_id else "", url)
    for tag in tags.head_tags.get(b"atom:link", ()):
        attributes = split_tag(tag)[1]
        if _ALTERNATE_REL.search(attributes) or not _REL.search(attributes):
            raise FastPathDeclined("link", "an alternate atom:link in the channel")
    if tags.head_count(b"link") - _boxes(feed, "link") > 1:
        raise FastPathDeclined("link", "two channel links")
    link = text(feed.link)
    decline_references(link, "the channel link")
    if not link:
        return None
    joined = fp_urljoin(url, link)
    return joined if joined.startswith(("https://", "http://")) else (joined or None)


def _ttl(feed: Any, tags: Census) -> int | None:
    present = tags.head_tags.get(b"ttl", ())
    if any(split_tag(tag)[1] for tag in present):
        raise FastPathDeclined("ttl", "a <ttl> with attributes")  # feedparser keeps those
    raw = feed.ttl
    if present and raw is None:
        raise FastPathDeclined("ttl", "a <ttl> feedparser_rs did not read")
    minutes = to_int(text(raw))
    return minutes * 60 if minutes is not None else None
