"""A parsed HTML body that the cleaning steps can edit: the only module in clean/ importing lxml.

The steps before the sanitizer (URL resolution, boilerplate removal, media detection) need a
tree, not regular expressions over markup. lxml's objects do not leave this module: callers
see ``Fragment``, ``Block`` and ``TextRun``, small typed views with the few edits they need.
The tree is serialized again for the sanitizer, which re-parses it the HTML5 way, so parser
differences between libxml2 and browsers cannot let anything unsafe through.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import lxml.etree
import lxml.html
from cssselect import SelectorError
from lxml.cssselect import CSSSelector

from tributary.clean.text import BLOCK_TAGS, collapse_whitespace
from tributary.clean.urls import joined_url
from tributary.xmlchars import xml_text

_MEDIA_TAGS = frozenset({"img", "video", "audio", "iframe", "embed", "object", "picture", "svg"})
# Elements that are left empty once boilerplate is gone, and then removed too.
_EMPTY_REMOVABLE = frozenset(
    {
        "p", "div", "span", "section", "blockquote", "li", "ul", "ol", "aside", "footer",
        "header", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "a", "strong",
        "em", "b", "i", "small", "center",
    }
)  # fmt: skip
_KEEP_EMPTY = _MEDIA_TAGS | {"hr", "source", "table"}
_URL_ATTRIBUTES = ("href", "src", "poster")
# Lazy-loading plugins put the real image here and a placeholder (or nothing) in ``src``.
_LAZY_SRC = ("data-src", "data-lazy-src", "data-original")
_CLOSERS = frozenset("])}.")
# Elements with an attribute resolve_urls reads.
_WITH_URLS = ".//*[" + " or ".join(f"@{name}" for name in (*_URL_ATTRIBUTES, *_LAZY_SRC)) + "]"
# What last_text's walk does with a node: read its tail, its text, or queue its content.
_TAIL, _TEXT, _CONTENT = range(3)
Element = Any  # lxml.html.HtmlElement; lxml ships no type information


def _is_element(node: Element) -> bool:
    return isinstance(node.tag, str)  # comments and processing instructions have callables


def _text_of(element: Element) -> str:
    return collapse_whitespace(element.text_content())


def _is_empty(element: Element) -> bool:
    if (element.text or "").strip() or _text_of(element):  # the first test is the cheap one
        return False
    return _first(element.iterdescendants(*_KEEP_EMPTY)) is None


def _first(nodes: Iterator[Element]) -> Element | None:
    return next(nodes, None)


@dataclass(frozen=True, slots=True)
class Block:
    """A block element holding no other block: a paragraph, list item, heading..."""

    element: Element

    @property
    def text(self) -> str:
        return _text_of(self.element)

    def remove(self) -> None:
        """Drop the block and its content; text after it stays."""
        self.element.drop_tree()

    def has_media(self) -> bool:
        return _first(self.element.iter(*_MEDIA_TAGS)) is not None

    def links(self) -> list[tuple[str, str]]:
        """(href, text) of every link in the block."""
        return [(str(node.get("href") or ""), _text_of(node)) for node in self.element.iter("a")]

    def remove_with_following(self) -> None:
        """Drop the block and all that follows it in its parent (a share bar's links)."""
        parent = self.element.getparent()
        for node in list(self.element.itersiblings()):
            parent.remove(node)
        self.element.tail = None
        self.element.drop_tree()


@dataclass(frozen=True, slots=True)
class TextRun:
    """The last piece of text in a fragment, where truncation markers sit."""

    element: Element
    is_tail: bool

    @property
    def text(self) -> str:
        return str((self.element.tail if self.is_tail else self.element.text) or "")

    def set_text(self, value: str) -> None:
        if self.is_tail:
            self.element.tail = value
        else:
            self.element.text = value

    def link(self) -> Block | None:
        """The link (``<a>``) that holds this text, if any."""
        start = self.element.getparent() if self.is_tail else self.element
        for node in (start, *start.iterancestors()) if start is not None else ():
            if node.tag == "a":
                return Block(node)
        return None

    def closed_link(self) -> Block | None:
        """The link this text directly follows, when the text is only closing punctuation.

        WordPress's excerpt marker is "[<a>…</a>]": the last text is the "]" after the link.
        """
        if self.is_tail and self.element.tag == "a" and _CLOSERS.issuperset(self.text.strip()):
            return Block(self.element)
        return None


class Fragment:
    """An HTML body parsed into a tree, wrapped in a ``<div>`` of ours."""

    def __init__(self, markup: str | None) -> None:
        markup = xml_text(markup or "", " ")  # lxml refuses control characters (a feed's \v)
        try:
            self._root = lxml.html.fragment_fromstring(markup, create_parent="div")
        except (lxml.etree.LxmlError, ValueError):
            # Not parseable as HTML at all: keep what it says as text, never as markup.
            self._root = lxml.html.fragment_fromstring("", create_parent="div")
            self._root.text = markup

    def to_html(self) -> str:
        parts = [html.escape(self._root.text or "", quote=False)]
        parts += (lxml.html.tostring(child, encoding="unicode") for child in self._root)
        return "".join(parts).strip()

    def text(self) -> str:
        return _text_of(self._root)

    def _elements(self, tag: str) -> list[Element]:
        """The ``tag`` elements under the root, in document order.

        lxml filters by tag in C, so only these elements become Python objects. (Given many
        tags, it builds its filter again on every call: for dozens, as in ``leaf_blocks``, a
        Python test of each node's tag is faster.)
        """
        return list(self._root.iterdescendants(tag))

    def resolve_urls(self, base: str | None) -> None:
        """Relative links and image sources made absolute, lazy-loaded images given a src.

        Done before boilerplate and attribution so that what they keep points somewhere real.
        """
        for node in self._root.xpath(_WITH_URLS):
            lazy = next((node.get(name) for name in _LAZY_SRC if node.get(name)), None)
            if node.tag == "img" and lazy and not (node.get("src") or "").startswith("http"):
                node.set("src", lazy)
            if not base:
                continue
            for name in _URL_ATTRIBUTES:
                value = node.get(name)
                if value is not None:
                    node.set(name, _join(base, value))

    def drop_tracking_pixels(self) -> None:
        """1x1 (or 0x0) images: web bugs that count readers, never content."""
        for node in self._elements("img"):
            if {node.get("width"), node.get("height")} <= {"0", "1"}:
                node.drop_tree()

    def drop_images(self, is_tracker: Callable[[str], bool]) -> None:
        """Images whose ``src`` is a tracker's (FeedBurner's "~r" pixel and its kin)."""
        for node in self._elements("img"):
            if is_tracker(str(node.get("src") or "")):
                node.drop_tree()

    def drop_classes(self, names: frozenset[str]) -> None:
        """Elements carrying one of the class ``names`` (share-button plugins' containers)."""
        for node in self._root.xpath(".//*[@class]"):
            classes = (node.get("class") or "").split()
            if names.intersection(classes) and node.getparent() is not None:
                node.drop_tree()

    def drop_xpath(self, path: str) -> None:
        """Elements an XPath (a translated CSS selector) finds; the text after each stays."""
        for node in self._root.xpath(path):
            if _is_element(node) and node is not self._root and node.getparent() is not None:
                node.drop_tree()

    def unwrap(self, tag: str) -> None:
        """Keep the content of every ``tag`` element but not the element.

        Used for ``noscript``, where lazy-loading plugins put the real ``<img>``.
        """
        for node in self._elements(tag):
            node.drop_tag()

    def leaf_blocks(self) -> list[Block]:
        """Block elements without block descendants, in document order."""
        blocks = [node for node in self._root.iterdescendants() if node.tag in BLOCK_TAGS]
        # Blocks with a block inside. lxml gives an element one Python object for as long as
        # one is alive, and ``blocks`` keeps them alive: getparent() returns the same ones.
        holders: set[Element] = set()
        for block in blocks:
            node = block.getparent()
            while node is not None and node not in holders:  # a holder's holders are known
                if node.tag in BLOCK_TAGS:
                    holders.add(node)
                node = node.getparent()
        return [Block(node) for node in blocks if node not in holders]

    def last_text(self) -> TextRun | None:
        """The last non-blank text of the fragment, in document order (comments' tails too).

        The tree is walked backwards from its end, so the walk stops at that text.
        """
        stack: list[tuple[Element, int]] = [(self._root, _CONTENT)]
        while stack:
            node, part = stack.pop()
            if part == _TAIL:
                if (node.tail or "").strip():
                    return TextRun(node, is_tail=True)
            elif part == _TEXT:
                if _is_element(node) and (node.text or "").strip():
                    return TextRun(node, is_tail=False)
            else:  # popped last first: each child's tail, then its content; the text at the end
                stack.append((node, _TEXT))
                for child in node:
                    stack += ((child, _CONTENT), (child, _TAIL))
        return None

    def remove_empty(self) -> None:
        """Elements left with no text and no media (``<p>&nbsp;</p>``, an emptied ``<div>``)."""
        for node in reversed(list(self._root.iterdescendants())):
            if node.tag in _EMPTY_REMOVABLE and _is_empty(node):
                node.drop_tree()

    def has_media(self) -> bool:
        return _first(self._root.iterdescendants(*_MEDIA_TAGS)) is not None


def css_to_xpath(selector: str) -> str:
    """``selector`` as the XPath lxml runs; ValueError naming the problem when it is invalid."""
    try:
        return str(CSSSelector(selector).path)
    except SelectorError as exc:
        raise ValueError(f"invalid CSS selector: {exc}") from exc


def _join(base: str, value: str) -> str:
    joined = joined_url(base, value.strip())
    return value if joined is None else joined  # the sanitizer drops what cannot be joined
