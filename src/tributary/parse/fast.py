"""A fast XML feed parser that gives the feedparser adapter's FeedData, or declines.

    parse_fast(body, url=, content_type=)
      -> choose_encoding     (feedparser's encoding choice; only bodies it reads as UTF-8)
      -> parse_xml_tree      (hardened lxml: no DOCTYPE, no entities, no network)
      -> version             (RSS 2.0, RSS 1.0/RDF, Atom 1.0 only)
      -> _Document walk      (feedparser's handlers, reproduced for the common elements)
      -> feed_data           (the adapter's conversion to FeedData, parse/fast_entries.py)

feedparser reads a feed as a stream of start and end tags and keeps a good deal of state
(depths, flags, a "base" stack, which title came first). ``_Document`` walks the lxml tree
in document order and reproduces that state for the elements feeds commonly carry: titles,
links, descriptions, content:encoded, Atom text constructs (text, html, xhtml), guids and ids,
dates, authors (dc:creator, <author>, Atom persons), categories, enclosures, media:content,
media:thumbnail, media:group with its title, description and keywords, RSS and Atom
sources, RSS images and text inputs, xml:base. It builds the same dictionaries feedparser
builds (only the keys the adapter reads), and fast_entries.py turns them into FeedData by the
adapter's rules; HTML values are re-serialized as feedparser does (fast_markup.py), so even
the HTML strings are identical.

Anything else that feedparser would act on (an element with a handler not reproduced here,
markup inside a plain-text element, a second description that feedparser would read as
content, a date outside W3C-DTF/RFC 822, HTML the re-serializer does not know) raises
``FastPathDeclined``; so do bodies that are not well-formed, carry a DOCTYPE, are not read as
UTF-8, or are RSS 0.9x, RSS without a 2.x version, or Atom 0.3. ``parse_feed`` then uses the
adapter, and ``FALLBACKS`` counts why.

Elements feedparser does not handle specially (wfw:commentRss, slash:comments, sy:*, ...)
are skipped after checking that they cannot land on a key the adapter reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from tributary.parse.dates import read_date
from tributary.parse.encoding import choose_encoding
from tributary.parse.fallbacks import FALLBACKS, FallbackCounter, FastPathDeclined
from tributary.parse.fast_entries import feed_data
from tributary.parse.fast_input import (
    ATOM_NS,
    RDF_NS,
    XHTML_NS,
    Declarations,
    ElementNames,
    attributes,
    has_base_attributes,
    parse_xml_tree,
)
from tributary.parse.fast_markup import XHTML_TYPE, looks_like_html, reserialize
from tributary.parse.urljoins import fp_urljoin, safe_absolute_uri
from tributary.parse.values import fix_text
from tributary.parse.vocabulary import (
    ENTRY_KEYS as _ENTRY_KEYS,
)
from tributary.parse.vocabulary import (
    FEED_KEYS as _FEED_KEYS,
)
from tributary.parse.vocabulary import (
    HANDLED_NAMES,
)
from tributary.parse.vocabulary import (
    INERT_IN_ENTRY as _INERT_IN_ENTRY,
)
from tributary.parse.vocabulary import (
    INERT_IN_FEED as _INERT_IN_FEED,
)
from tributary.types import FeedData

__all__ = ["FALLBACKS", "FallbackCounter", "FastPathDeclined", "parse_fast"]

Raw = dict[str, Any]

_CAN_BE_RELATIVE_URI = frozenset(
    {
        "comments", "docs", "href", "icon", "id", "link", "logo", "url", "wfw_comment",
        "wfw_commentrss",
    }
)  # fmt: skip
_CAN_CONTAIN_RELATIVE_URIS = frozenset(
    {
        "content", "copyright", "description", "info", "rights", "subtitle", "summary",
        "tagline", "title",
    }
)  # fmt: skip
_HTML_TYPES = frozenset({"text/html", XHTML_TYPE})
_COPIED_TO_SUMMARY = frozenset({"text/plain", "text/html", XHTML_TYPE})
_LINK_REFERENCE = re.compile(r"&([A-Za-z0-9_]+);")
# feedparser's email pattern for "name (email)" strings.
_EMAIL = re.compile(
    r"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))"
    r"([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"
)
_XHTML_PREFIX = "{" + XHTML_NS + "}"
_TITLES = ("title", "dc_title")
_PUBLISHED = frozenset({"pubdate", "published", "issued", "dcterms_issued"})
_UPDATED = frozenset({"updated", "modified", "lastbuilddate", "dc_date", "dcterms_modified"})
_AUTHORS = frozenset({"author", "dc_creator", "dc_author", "itunes_author", "managingeditor"})
_CATEGORIES = frozenset({"category", "dc_subject", "keywords", "media_category"})
_MEDIA_CATEGORY_SCHEME = "http://search.yahoo.com/mrss/category_schema"
_IMAGE_CHILDREN = frozenset({"title", "link", "description", "url", "width", "height"})
_TEXTINPUT_CHILDREN = frozenset({"title", "link", "description", "name"})
# Handlers that push nothing: the text inside such an element belongs to its parent.
_TEXT_TO_PARENT = frozenset({"cloud", "enclosure", "media_content", "media_group"})
# Elements feedparser handles only at their end: with attributes their start pushes nothing
# either (their text goes to the parent), and then the end handler finds nothing to read.
_END_ONLY = frozenset(
    {"geom", "itunes_block", "itunes_explicit", "itunes_keywords", "media_keywords"}
)
# Handled elements that may hold other elements and stay inert (persons, owners, groups).
_INERT_CONTAINERS = frozenset(
    {
        "author", "dc_creator", "dc_author", "itunes_author", "managingeditor", "contributor",
        "itunes_owner", "itunes_category", "media_group", "media_content",
    }
)  # fmt: skip


def _map_type(content_type: str) -> str:
    """feedparser's content type names: "text", "html", "xhtml" as media types."""
    content_type = content_type.lower()
    if content_type in ("text", "plain"):
        return "text/plain"
    if content_type == "html":
        return "text/html"
    if content_type == "xhtml":
        return XHTML_TYPE
    return content_type


def _content_type(attrs: dict[str, str], default: str) -> str:
    """A text construct's type, declining what feedparser would decode as base64."""
    content_type = _map_type(attrs.get("type", default))
    if attrs.get("mode", "") == "base64" or not (
        content_type.startswith("text/") or content_type.endswith(("+xml", "/xml"))
    ):
        raise FastPathDeclined("element", f"base64 text construct ({content_type})")
    return content_type


def _leaf_text(element: Any) -> str:
    if len(element):
        raise FastPathDeclined("element", f"markup inside <{element.tag}>")
    text = element.text
    return text if text else ""


class _Entry:
    """One entry's feedparser-shaped dictionary and the depths its values were set at."""

    __slots__ = ("depths", "raw")

    def __init__(self) -> None:
        self.raw: Raw = {}
        self.depths: dict[str, int] = {}

    def store(self, key: str, value: object, depth: int) -> None:
        """feedparser keeps the value found at the shallowest depth (the last, on a tie)."""
        old = self.depths.get(key)
        if old is None or depth <= old:
            self.depths[key] = depth
            self.raw[key] = value


def _sync_author(context: Raw) -> None:
    """feedparser's _sync_author_detail: "author" from the last person's name and email, or
    the last person from an "author" string such as "desk@news.example (Ana)"."""
    detail: Raw = context.get("authors", [{}])[-1]
    if detail:
        name, email = detail.get("name"), detail.get("email")
        if name and email:
            context["author"] = f"{name} ({email})"
        elif name:
            context["author"] = name
        elif email:
            context["author"] = email
        return
    author = context.get("author")
    if not author:
        return
    match = _EMAIL.search(author)
    email = None
    if match:
        email = match.group(0)
        author = author.replace(email, "").replace("()", "").replace("<>", "")
        author = author.replace("&lt;&gt;", "").strip()
        if author and author[0] == "(":
            author = author[1:]
        if author and author[-1] == ")":
            author = author[:-1]
        author = author.strip()
    if author or email:
        context.setdefault("author_detail", detail)
    if author:
        detail["name"] = author
    if email:
        detail["email"] = email


def _save_author(context: Raw, key: str, value: str) -> None:
    context.setdefault("author_detail", {})[key] = value
    _sync_author(context)
    context.setdefault("authors", [{}])[-1][key] = value


def _add_tag(tags: list[Raw], term: str | None, scheme: str | None, label: str | None) -> None:
    if not term and not scheme and not label:
        return
    tag = {"term": term, "scheme": scheme, "label": label}
    if tag not in tags:
        tags.append(tag)


def _unwrap_div(pieces: list[str]) -> list[str]:
    """feedparser drops an xhtml construct's enclosing <div> when it encloses everything."""
    while len(pieces) > 1 and not pieces[-1].strip():
        del pieces[-1]
    while len(pieces) > 1 and not pieces[0].strip():
        del pieces[0]
    if (
        pieces
        and (pieces[0] == "<div>" or pieces[0].startswith("<div "))
        and pieces[-1] == "</div>"
    ):
        depth = 0
        for piece in pieces[:-1]:
            if piece.startswith("</"):
                depth -= 1
                if depth == 0:
                    return pieces
            elif piece.startswith("<") and not piece.endswith("/>"):
                depth += 1
        return pieces[1:-1]
    return pieces


class _Document:
    """One feed walked as feedparser would walk it (see the module doc)."""

    def __init__(self, url: str, version: str, names: ElementNames, has_bases: bool) -> None:
        self.url = url
        self.version = version
        self.atom = version.startswith("atom")
        self.name = names
        self.has_bases = has_bases
        self.feed: Raw = {}
        self.entries: list[Raw] = []
        self.title_depth = -1
        self.in_feed = False
        self.has_content = False
        self.feed_summaries = 0
        self._checked_bases: set[str] = set()
        self._tag_caches: dict[tuple[str, str], dict[str, str]] = {}

    # --- bases and text ---------------------------------------------------------------------

    def base_of(self, element: Any, parent: str) -> str:
        """feedparser's base for an element: its xml:base (or "base") joined to the parent's."""
        if not self.has_bases:
            return parent
        attrs = attributes(element)
        value = attrs.get("xml:base", attrs.get("base")) if attrs else None
        if not value:
            if parent and parent not in self._checked_bases:
                if (safe_absolute_uri(parent, parent) or parent) != parent:
                    raise FastPathDeclined("base", f"base {parent!r} is not stable")
                self._checked_bases.add(parent)
            return parent if parent else fp_urljoin(parent, "")
        if parent:
            return safe_absolute_uri(parent, value) or parent
        return fp_urljoin(parent, value)

    def finish(
        self,
        element: str,
        output: str,
        content_type: str | None,
        base: str,
        guid_is_link: bool = False,
    ) -> tuple[str, str | None]:
        """feedparser's treatment of a text value when its element ends (``pop``)."""
        if output and element in _CAN_BE_RELATIVE_URI and (element != "id" or guid_is_link):
            output = fp_urljoin(base, output)
        if content_type == "text/plain" and not self.atom and looks_like_html(output):
            content_type = "text/html"
        if element in _CAN_CONTAIN_RELATIVE_URIS:
            html_type = content_type or "text/html"
            if _map_type(html_type) in _HTML_TYPES:
                cache = self._tag_caches.get((base, html_type))
                if cache is None:
                    cache = self._tag_caches[(base, html_type)] = {}
                output = reserialize(output, base, html_type, cache)
        return fix_text(output), content_type

    def construct(self, element: Any, name: str, default: str, base: str) -> tuple[str, str]:
        """A text construct (title, description, summary, content): its value and its type
        (which feedparser changes from text/plain to text/html when the value looks like it)."""
        return self.typed_construct(
            element, name, _content_type(attributes(element), default), base
        )

    def typed_construct(
        self, element: Any, name: str, content_type: str, base: str
    ) -> tuple[str, str]:
        if len(element) or content_type == XHTML_TYPE:
            if content_type != XHTML_TYPE or not self.atom:
                raise FastPathDeclined("element", f"markup inside <{name}>")
            text = self.xhtml(element)
        else:
            text = element.text
            text = text.strip() if text else ""
        output, final_type = self.finish(name, text, content_type, base)
        return output, final_type or content_type

    def xhtml(self, element: Any) -> str:
        """An Atom xhtml construct's markup as feedparser writes it out of the XML events."""
        pieces: list[str] = []
        if element.text:
            pieces.append(escape(element.text))
        for child in element:
            self._xhtml_element(child, pieces)
        return "".join(_unwrap_div(pieces)).strip()

    def _xhtml_element(self, element: Any, pieces: list[str]) -> None:
        tag = element.tag
        if not isinstance(tag, str) or not tag.startswith(_XHTML_PREFIX):
            raise FastPathDeclined("element", f"non-XHTML element {tag!r} in xhtml content")
        local = tag[len(_XHTML_PREFIX) :].lower()
        if local == "body":
            raise FastPathDeclined("element", "xhtml body inside content")
        attrs: dict[str, str] = {}
        for key, value in element.items():
            if key[0] == "{":
                raise FastPathDeclined("element", f"namespaced attribute {key} in xhtml")
            key = key.lower()
            attrs[key] = value.lower() if key in ("rel", "type") and value else value
        written = "".join(f' {k}="{escape(v, {chr(34): "&quot;"})}"' for k, v in attrs.items())
        pieces.append(f"<{local}{written}>")
        if element.text:
            pieces.append(escape(element.text))
        for child in element:
            self._xhtml_element(child, pieces)
        pieces.append(f"</{local}>")
        if element.tail:
            pieces.append(escape(element.tail))

    # --- document structure -----------------------------------------------------------------

    def walk(self, root: Any) -> None:
        # feedparser starts from the URL, and makes every element's base "safe" against its
        # parent's; that must leave the starting base as it is for the walk below to hold.
        start = self.url and (safe_absolute_uri(self.url, self.url) or self.url)
        if start and (safe_absolute_uri(start, start) or start) != start:
            raise FastPathDeclined("base", f"feed URL {self.url!r} changes when resolved")
        self._checked_bases.add(start)
        base = self.base_of(root, start)
        if self.version == "rss20":
            for child in root:
                if self.name(child.tag) != "channel":
                    raise FastPathDeclined("element", "element outside <channel>")
                self.feed_element(child, 2, self.base_of(child, base), channel=True)
        elif self.version == "atom10":
            self.feed_element(root, 1, base, channel=False)
        else:
            self.rdf(root, base)

    def rdf(self, root: Any, base: str) -> None:
        for child in root:
            name = self.name(child.tag)
            child_base = self.base_of(child, base)
            if name == "channel":
                self.feed_element(child, 2, child_base, channel=True)
            elif name in ("item", "entry"):
                self.entry(child, 2, child_base)
            else:
                self.feed_child(child, name, 2, child_base)

    def feed_element(self, element: Any, depth: int, base: str, *, channel: bool) -> None:
        """<channel> or Atom's <feed>: the feed's own elements and its entries."""
        if channel and {"lastmod", "href"} & attributes(element).keys():
            raise FastPathDeclined("element", "CDF attributes on <channel>")
        self.in_feed = True
        for child in element:
            name = self.name(child.tag)
            child_base = self.base_of(child, base)
            if name in ("item", "entry"):
                self.entry(child, depth + 1, child_base)
            else:
                self.feed_child(child, name, depth + 1, child_base)
        self.in_feed = False

    def feed_child(self, element: Any, name: str, depth: int, base: str) -> None:
        if name in _TITLES:
            self.feed_title(element, name, depth, base)
        elif name == "link":
            self.feed_link(element, depth, base)
        elif name in ("guid", "id"):
            self.feed_id(element, base)
        elif name == "image":
            self.feed_box(element, depth, base, _IMAGE_CHILDREN)
        elif name == "textinput":
            self.feed_box(element, depth, base, _TEXTINPUT_CHILDREN)
        elif name == "ttl":
            attrs = attributes(element)
            if attrs:  # no handler and attributes: feedparser stores the attributes
                self.check_inert(element, name, _INERT_IN_FEED)
                self.feed["ttl"] = attrs
            else:
                output = self.finish("ttl", _leaf_text(element).strip(), None, base)[0]
                if self.in_feed:
                    self.feed["ttl"] = output
        elif name in ("summary", "itunes_summary"):
            # The first is filed as the feed's summary; a second would be read as content.
            if self.feed_summaries:
                raise FastPathDeclined("element", "a second summary in the feed")
            self.feed_summaries += 1
            self.check_inert(element, name, _INERT_IN_FEED)
        elif name in _INERT_IN_FEED:
            self.check_inert(element, name, _INERT_IN_FEED)
        elif name in HANDLED_NAMES or name in _FEED_KEYS:
            raise FastPathDeclined("element", f"<{name}> in the feed")
        else:
            self.check_inert(element, name, _INERT_IN_FEED)

    def check_inert(self, element: Any, name: str, inert: frozenset[str]) -> None:
        """Check that an element feedparser only files away, and everything inside it, can
        change nothing the adapter reads.

        Elements nested anywhere are still handled by feedparser as if they stood alone, and
        land in the same dictionary: so every descendant must be inert too.
        """
        if name == "itunes_keywords" and element.items():
            raise FastPathDeclined("element", "<itunes:keywords> with attributes")  # fails
        if not len(element):
            return
        if name in HANDLED_NAMES and name not in _INERT_CONTAINERS:
            raise FastPathDeclined("element", f"markup inside <{name}>")
        for child in element:
            child_name = self.name(child.tag)
            if child_name in HANDLED_NAMES:
                if child_name not in inert:
                    raise FastPathDeclined("element", f"<{child_name}> inside <{name}>")
            elif child_name in _ANY_KEYS:
                raise FastPathDeclined("element", f"<{child_name}> inside <{name}>")
            self.check_inert(child, child_name, inert)

    def feed_title(self, element: Any, name: str, depth: int, base: str) -> None:
        output = self.construct(element, "title", "text/plain", base)[0]
        if not (-1 < self.title_depth <= depth) and self.in_feed:
            self.feed["title"] = output
        if output:
            self.title_depth = depth

    def feed_link(self, element: Any, depth: int, base: str) -> None:
        attrs = self.link_attributes(element, base)
        if "href" in attrs:  # stored wherever the feed element is, like feedparser does
            if len(element):
                raise FastPathDeclined("element", "markup inside <link>")
            self.feed.setdefault("links", []).append(attrs)
            if attrs["rel"] == "alternate" and _map_type(attrs["type"]) in _HTML_TYPES:
                self.feed["link"] = attrs["href"]
            return
        output = self.finish("link", _leaf_text(element).strip(), None, base)[0]
        if self.in_feed:
            output = _LINK_REFERENCE.sub(r"&\g<1>", output)
            self.feed["link"] = output
            self.feed.setdefault("links", []).append({**attrs, "href": output})

    def feed_id(self, element: Any, base: str) -> None:
        guid_is_link = attributes(element).get("ispermalink", "true") == "true"
        output = self.finish("id", _leaf_text(element).strip(), None, base, guid_is_link)[0]
        if self.in_feed:
            self.feed["id"] = output
        if guid_is_link:
            self.feed.setdefault("link", output)

    def feed_box(self, element: Any, depth: int, base: str, allowed: frozenset[str]) -> None:
        """RSS <image> and <textInput>: their children go to their own dictionary, but their
        title still moves feedparser's title depth."""
        self.title_depth = -1
        for child in element:
            name = self.name(child.tag)
            if name not in allowed:
                raise FastPathDeclined("element", f"<{name}> inside an RSS image or textInput")
            child_base = self.base_of(child, base)
            if name == "title":
                output = self.construct(child, "title", "text/plain", child_base)[0]
                if output:
                    self.title_depth = depth + 1
            else:
                _leaf_text(child)

    @staticmethod
    def link_attributes(element: Any, base: str) -> dict[str, str]:
        """feedparser's _start_link: rel and type defaults, url/uri as href, href resolved."""
        attrs = attributes(element)
        attrs.setdefault("rel", "alternate")
        attrs.setdefault("type", "application/atom+xml" if attrs["rel"] == "self" else "text/html")
        href = attrs.get("url", attrs.get("uri", attrs.get("href")))
        if href:
            attrs.pop("url", None)
            attrs.pop("uri", None)
            attrs["href"] = href
        if "href" in attrs:
            attrs["href"] = fp_urljoin(base, attrs["href"])
        return attrs

    # --- entries ----------------------------------------------------------------------------

    def entry(self, element: Any, depth: int, base: str) -> None:
        entry = _Entry()
        self.entries.append(entry.raw)
        self.title_depth = -1
        attrs = attributes(element)
        if attrs:
            if {"lastmod", "href"} & attrs.keys():
                raise FastPathDeclined("element", "CDF attributes on an entry")
            if attrs.get("rdf:about"):
                entry.raw["id"] = attrs["rdf:about"]
        names, has_bases = self.name, self.has_bases
        for child in element:
            name = names(child.tag)
            handler = _ENTRY_HANDLERS.get(name)
            child_base = self.base_of(child, base) if has_bases else base
            if handler is not None:
                handler(self, entry, child, name, depth + 1, child_base)
            else:
                self.entry_child(entry, child, name, depth + 1, child_base)
        self.has_content = False

    def entry_child(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        handler = _ENTRY_HANDLERS.get(name)
        if handler is not None:
            handler(self, entry, element, name, depth, base)
        elif name in _INERT_IN_ENTRY:
            self.check_inert(element, name, _INERT_IN_ENTRY)
        elif name in HANDLED_NAMES or name in _ENTRY_KEYS:
            raise FastPathDeclined("element", f"<{name}> in an entry")
        elif name == "dc_source":
            self.dc_source(entry, element, depth, base)
        else:
            self.check_inert(element, name, _INERT_IN_ENTRY)

    def entry_title(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        output, content_type = self.construct(element, "title", "text/plain", base)
        if not (-1 < self.title_depth <= depth):
            entry.store("title", output, depth)
            entry.raw["title_detail"] = {"type": content_type, "base": base, "value": output}
        if output:
            self.title_depth = depth

    def entry_link(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        attrs = self.link_attributes(element, base)
        links = entry.raw.setdefault("links", [])
        links.append(attrs)
        if "href" in attrs:
            if attrs["rel"] == "alternate" and _map_type(attrs["type"]) in _HTML_TYPES:
                entry.raw["link"] = attrs["href"]
            if len(element):
                raise FastPathDeclined("element", "markup inside <link>")
            return
        output = self.finish("link", _leaf_text(element).strip(), None, base)[0]
        if "&" in output:
            output = _LINK_REFERENCE.sub(r"&\g<1>", output.replace("&amp;", "&"))
        entry.raw["link"] = output
        if output:
            attrs["href"] = output

    def summary(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        if "summary" in entry.raw and not self.has_content:
            raise FastPathDeclined("element", "a summary feedparser would read as content")
        # feedparser files description, dc:description and summary under "summary".
        pushed, default = (
            ("summary", "text/plain") if name == "summary" else ("description", "text/html")
        )
        output, content_type = self.construct(element, pushed, default, base)
        entry.store("summary", output, depth)
        entry.raw["summary_detail"] = {"type": content_type, "base": base, "value": output}

    def content(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        self.has_content = True
        if name == "content" and element.get("src"):
            raise FastPathDeclined("element", "<content src=...>")
        default = "text/plain" if name == "content" else "text/html"
        declared = _content_type(attributes(element), default)
        output, content_type = self.typed_construct(element, "content", declared, base)
        entry.raw.setdefault("content", []).append(
            {"type": content_type, "base": base, "value": output}
        )
        if declared in _COPIED_TO_SUMMARY:
            entry.raw.setdefault("summary", output)

    def guid(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        guid_is_link = attributes(element).get("ispermalink", "true") == "true"
        output = self.finish("id", _leaf_text(element).strip(), None, base, guid_is_link)[0]
        entry.store("id", output, depth)
        entry.raw.setdefault("guidislink", guid_is_link and "link" not in entry.raw)
        if guid_is_link:
            entry.raw.setdefault("link", output)

    def date(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        key = "published_parsed" if name in _PUBLISHED else "updated_parsed"
        output = self.finish(name, _leaf_text(element).strip(), None, base)[0]
        entry.raw[key] = read_date(output)

    def author(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        raw = entry.raw
        raw.setdefault("authors", []).append({})
        pieces = [element.text or ""]
        for child in element:
            child_name = self.name(child.tag)
            text = _leaf_text(child).strip()
            if child_name in ("name", "itunes_name"):
                _save_author(raw, "name", text)
            elif child_name in ("email", "itunes_email"):
                _save_author(raw, "email", text)
            elif child_name in ("uri", "url", "homepage"):
                value = self.finish("href", text, None, self.base_of(child, base))[0]
                _save_author(raw, "href", value)
            else:
                raise FastPathDeclined("element", f"<{child_name}> inside an author")
            pieces.append(child.tail or "")
        output = self.finish("author", "".join(pieces).strip(), None, base)[0]
        entry.store("author", output, depth)
        _sync_author(raw)

    def category(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        attrs = attributes(element)
        if name == "media_category":
            attrs.setdefault("scheme", _MEDIA_CATEGORY_SCHEME)
        tags = entry.raw.setdefault("tags", [])
        _add_tag(
            tags, attrs.get("term"), attrs.get("scheme", attrs.get("domain")), attrs.get("label")
        )
        value = self.finish("category", _leaf_text(element).strip(), None, base)[0]
        if not value:
            return
        if tags and not tags[-1]["term"]:
            tags[-1]["term"] = value
        else:
            _add_tag(tags, value, None, None)

    def enclosure(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        if len(element):
            raise FastPathDeclined("element", "markup inside <enclosure>")
        attrs = attributes(element)
        href = attrs.get("url", attrs.get("uri", attrs.get("href")))
        if href:
            attrs.pop("url", None)
            attrs.pop("uri", None)
            attrs["href"] = href
        attrs["rel"] = "enclosure"
        entry.raw.setdefault("links", []).append(attrs)

    def source(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        attrs = attributes(element)
        source: Raw = {"href": attrs["url"]} if "url" in attrs else {}
        self.title_depth = -1
        pieces = [element.text or ""]
        for child in element:
            child_name = self.name(child.tag)
            child_base = self.base_of(child, base)
            if child_name in _TITLES:
                output = self.construct(child, "title", "text/plain", child_base)[0]
                if not (-1 < self.title_depth <= depth + 1):
                    source["title"] = output
                if output:
                    self.title_depth = depth + 1
            elif child_name in _SOURCE_INERT or child_name not in HANDLED_NAMES:
                if child_name not in HANDLED_NAMES and child_name in _ANY_KEYS:
                    raise FastPathDeclined("element", f"<{child_name}> inside a source")
                # An element that pushes nothing leaves its text to the source's own text.
                pushes_nothing = (
                    child_name in _TEXT_TO_PARENT
                    or (
                        (child_name not in HANDLED_NAMES or child_name in _END_ONLY)
                        and len(child.items())
                    )
                    or (child_name == "link" and child.items())
                )
                if pushes_nothing and child.text:
                    raise FastPathDeclined("element", f"text inside <{child_name}> in a source")
                self.check_inert(child, child_name, _SOURCE_INERT)
            else:
                raise FastPathDeclined("element", f"<{child_name}> inside a source")
            pieces.append(child.tail or "")
        value = self.finish("source", "".join(pieces).strip(), None, base)[0]
        if value:
            source["title"] = value
        entry.raw["source"] = source

    def dc_source(self, entry: _Entry, element: Any, depth: int, base: str) -> None:
        attrs = attributes(element)
        if attrs:
            entry.raw["dc_source"] = attrs
            self.check_inert(element, "dc_source", _INERT_IN_ENTRY)
            return
        output = self.finish("dc_source", _leaf_text(element).strip(), None, base)[0]
        entry.store("dc_source", output, depth)

    def media_content(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        entry.raw.setdefault("media_content", []).append(attributes(element))
        self.media_children(entry, element, depth, base)

    def media_thumbnail(
        self, entry: _Entry, element: Any, name: str, depth: int, base: str
    ) -> None:
        attrs = attributes(element)
        thumbnails = entry.raw.setdefault("media_thumbnail", [])
        thumbnails.append(attrs)
        url = self.finish("url", _leaf_text(element).strip(), None, base)[0]
        if url.strip() and "url" not in attrs:
            attrs["url"] = url

    def media_group(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        self.media_children(entry, element, depth, base)

    def media_title(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        """feedparser reads media:title as a title, then restores the title depth."""
        title_depth = self.title_depth
        self.entry_title(entry, element, name, depth, base)
        self.title_depth = title_depth

    def media_keywords(self, entry: _Entry, element: Any, name: str, depth: int, base: str) -> None:
        if element.items():  # feedparser fails on it (no text was collected)
            raise FastPathDeclined("element", "<media:keywords> with attributes")
        output = self.finish(name, _leaf_text(element).strip(), None, base)[0]
        for term in output.split(","):
            if term.strip():
                _add_tag(entry.raw.setdefault("tags", []), term.strip(), None, None)

    def media_children(self, entry: _Entry, element: Any, depth: int, base: str) -> None:
        for child in element:
            name = self.name(child.tag)
            child_base = self.base_of(child, base)
            if name in _MEDIA_HANDLED:
                _ENTRY_HANDLERS[name](self, entry, child, name, depth + 1, child_base)
            elif name in _INERT_IN_ENTRY or (
                name not in HANDLED_NAMES and name not in _ENTRY_KEYS and name != "dc_source"
            ):
                self.check_inert(child, name, _INERT_IN_ENTRY)
            else:
                raise FastPathDeclined("element", f"<{name}> inside media content")


_Handler = Callable[[_Document, _Entry, Any, str, int, str], None]
_ENTRY_HANDLERS: dict[str, _Handler] = {
    **dict.fromkeys(_TITLES, _Document.entry_title),
    "link": _Document.entry_link,
    "description": _Document.summary,
    "dc_description": _Document.summary,
    "summary": _Document.summary,
    "content_encoded": _Document.content,
    "fullitem": _Document.content,
    "content": _Document.content,
    "guid": _Document.guid,
    "id": _Document.guid,
    **dict.fromkeys(_PUBLISHED | _UPDATED, _Document.date),
    **dict.fromkeys(_AUTHORS, _Document.author),
    **dict.fromkeys(_CATEGORIES, _Document.category),
    "enclosure": _Document.enclosure,
    "source": _Document.source,
    "media_content": _Document.media_content,
    "media_thumbnail": _Document.media_thumbnail,
    "media_group": _Document.media_group,
    "media_title": _Document.media_title,
    "media_description": _Document.summary,
    "media_keywords": _Document.media_keywords,
}
# What media:content and media:group may hold besides inert elements.
_MEDIA_HANDLED = frozenset(
    {
        "media_content", "media_thumbnail", "media_title", "media_description",
        "media_keywords", "media_category",
    }
)  # fmt: skip
# Inside an Atom <source>: elements whose values land in the source's own dictionary.
_SOURCE_INERT = _INERT_IN_FEED | frozenset({"id", "guid", "link"})
_ANY_KEYS = _ENTRY_KEYS | _FEED_KEYS | {"dc_source"}


def _version(root: Any, declarations: Declarations) -> str:
    """feedparser's version for the document, declining all but RSS 2.0, RSS 1.0, Atom 1.0."""
    tag = root.tag if isinstance(root.tag, str) else ""
    declared = declarations.version()
    if tag == "rss":
        if declared.startswith("rss"):
            raise FastPathDeclined("format", f"<rss> declaring the {declared} namespace")
        version = attributes(root).get("version", "")
        if version.startswith("2."):
            return "rss20"
        raise FastPathDeclined("format", f"RSS version {version or 'missing'}")
    if tag == f"{{{ATOM_NS}}}feed" and declared == "atom10":
        return "atom10"
    if tag == f"{{{RDF_NS}}}RDF" and declared == "rss10":
        return "rss10"
    raise FastPathDeclined("format", f"root element {tag!r} ({declared or 'no version'})")


def parse_fast(body: bytes, *, url: str, content_type: str | None) -> FeedData:
    """The adapter's FeedData for an XML feed body, or FastPathDeclined (see the module doc)."""
    data, warnings = choose_encoding(body, content_type)
    root = parse_xml_tree(data)
    declarations = Declarations.of(root)
    version = _version(root, declarations)
    names = ElementNames(declarations)
    document = _Document(url, version, names, has_base_attributes(root))
    document.walk(root)
    return feed_data(version, document.feed, document.entries, url, warnings)
