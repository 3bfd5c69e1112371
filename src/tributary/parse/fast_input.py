"""The fast parser's input side: which bytes, which encoding, which parser, which names.

- The encoding is chosen as feedparser chooses it (BOM, XML declaration, HTTP charset and the
  RFC 3023 rules, in its order). The fast path goes on only when that choice reads the body
  exactly as UTF-8 would (UTF-8 itself, or an ASCII-compatible charset over a pure-ASCII body);
  the body is then parsed as UTF-8 whatever its declaration says, as feedparser parses the
  UTF-8 it transcoded. The warning feedparser gives when it overrides a declaration is kept.
- The XML parser is lxml with entity substitution, network access, DTD loading and huge
  documents all off. A body with a DOCTYPE never reaches it: feedparser treats DOCTYPEs
  specially (RSS 0.91's, entity declarations), so those bodies go to the adapter.
- Element names: feedparser identifies an element by a prefix standing for its namespace (its
  own short name for namespaces it knows, the document's prefix otherwise) joined to the
  lowercased local name, "dc_creator", "media_content", "title". That naming depends on every
  namespace declaration in the document; ``ElementNames`` reproduces it when the declarations
  are consistent and declines when they are not (a prefix bound twice, a known prefix bound to
  another namespace, an unknown default namespace).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from lxml import etree

from tributary.parse.fallbacks import FastPathDeclined
from tributary.parse.vocabulary import KNOWN_NAMESPACES

_SHORT_NAMES = frozenset(name.lower() for name in KNOWN_NAMESPACES.values() if name)
ATOM_NS = "http://www.w3.org/2005/Atom"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XHTML_NS = "http://www.w3.org/1999/xhtml"
_RSS10_NS = "http://purl.org/rss/1.0/"
_RSS090_NS = "http://my.netscape.com/rdf/simple/0.9/"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_USERLAND = "backend.userland.com/rss"

_LOCAL = threading.local()


def _parser() -> Any:
    """One hardened lxml parser per thread (a parser must not be shared between threads)."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            encoding="utf-8",
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
            dtd_validation=False,
            attribute_defaults=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
            recover=False,
        )
        _LOCAL.parser = parser
    return parser


# Any attribute feedparser would read as a base: xml:base, or any name "base" in any case
# and namespace (feedparser also files a namespaced attribute under its bare name).
_BASE_ATTRIBUTE = "boolean(//@*[translate(local-name(), 'BASE', 'base') = 'base'])"


def has_base_attributes(root: Any) -> bool:
    """Whether any element carries an attribute feedparser takes for its base."""
    finder = getattr(_LOCAL, "base_finder", None)
    if finder is None:
        finder = _LOCAL.base_finder = etree.XPath(_BASE_ATTRIBUTE)
    return bool(finder(root))


def parse_xml_tree(data: bytes) -> Any:
    """The root element of a well-formed, DOCTYPE-free document, or FastPathDeclined."""
    if b"<!DOCTYPE" in data:
        raise FastPathDeclined("doctype")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        # Bytes that are not UTF-8 fail here: feedparser would try other encodings.
        reason = "encoding" if "encoding" in str(exc) else "xml"
        raise FastPathDeclined(reason, str(exc)[:120]) from exc
    if root.getroottree().docinfo.doctype:  # belt and braces: no DOCTYPE ever goes on
        raise FastPathDeclined("doctype")
    return root


@dataclass(frozen=True, slots=True)
class Declarations:
    """The namespace declarations of a document, in document order (prefix None: default)."""

    items: tuple[tuple[str | None, str], ...]
    on_root: int  # how many of them the root element makes

    @classmethod
    def of(cls, root: Any) -> Declarations:
        items = tuple(
            (prefix or None, uri)
            for _, (prefix, uri) in etree.iterwalk(root, events=("start-ns",))
            if uri  # feedparser ignores xmlns=""
        )
        return cls(items, sum(1 for uri in root.nsmap.values() if uri))

    def version(self) -> str:
        """The version feedparser infers from the root's declarations ("" if none)."""
        for prefix, uri in self.items[: self.on_root]:
            lower = uri.lower()
            if prefix is None and lower == _RSS090_NS:
                return "rss090"
            if lower == _RSS10_NS:
                return "rss10"
            if lower == ATOM_NS.lower():
                return "atom10"
        return ""


def _known(uri: str) -> str | None:
    lower = uri.lower()
    if _USERLAND in lower:
        lower = "http://backend.userland.com/rss"
    return KNOWN_NAMESPACES.get(lower)


class ElementNames:
    """feedparser's name for each element tag of one document (see the module doc)."""

    def __init__(self, declarations: Declarations) -> None:
        unknown: dict[str, str] = {}  # unknown namespace -> its one prefix
        unknown_bound: dict[str, str] = {}  # that prefix -> the namespace
        for prefix, uri in declarations.items:
            if uri == _XLINK_NS:
                raise FastPathDeclined("namespaces", "xlink declarations become attributes")
            if _known(uri) is not None:
                continue
            if prefix is None:
                raise FastPathDeclined("namespaces", f"unknown default namespace {uri}")
            if unknown.setdefault(uri, prefix) != prefix:
                raise FastPathDeclined("namespaces", f"{uri} under two prefixes")
            if unknown_bound.setdefault(prefix, uri) != uri:
                raise FastPathDeclined("namespaces", f"prefix {prefix!r} bound twice")
            if prefix.lower() in _SHORT_NAMES:
                raise FastPathDeclined("namespaces", f"{prefix!r} bound to unknown {uri}")
        # A known namespace under a prefix of its own is harmless, unless that prefix is one
        # feedparser uses for another namespace (its lookup would then rename elements).
        unknown_prefixes = {prefix.lower() for prefix in unknown.values()}
        for prefix, uri in declarations.items:
            known = _known(uri)
            if known is None or prefix is None or prefix == known:
                continue
            if prefix.lower() in _SHORT_NAMES or prefix.lower() in unknown_prefixes:
                raise FastPathDeclined("namespaces", f"{prefix!r} bound to {uri}")
        self._unknown = unknown
        self._names: dict[str, str] = {}

    def __call__(self, tag: str) -> str:
        name = self._names.get(tag)
        if name is None:
            name = self._names[tag] = self._name(tag)
        return name

    def _name(self, tag: str) -> str:
        if not isinstance(tag, str):
            raise FastPathDeclined("element", f"unexpected node {tag!r}")
        if tag[0] != "{":
            return tag.lower()
        uri, local = tag[1:].split("}", 1)
        prefix = _known(uri)
        if prefix is None:
            prefix = self._unknown[uri]
        return f"{prefix.lower()}_{local.lower()}" if prefix else local.lower()


def attributes(element: Any) -> dict[str, str]:
    """An element's attributes as feedparser's handlers see them ("attrs_d").

    Names are lowercased; a namespaced attribute appears under "prefix:name" (feedparser's
    prefix, for namespaces it knows) and again under its bare name; "rel" and "type" values
    are lowercased.
    """
    items = element.items()
    if not items:
        return {}
    result: dict[str, str] = {}
    for key, value in items:
        if key[0] == "{":
            uri, local = key[1:].split("}", 1)
            prefix = KNOWN_NAMESPACES.get(uri.lower(), "")
            key = f"{prefix}:{local}" if prefix else local
        result[key.lower()] = value
    for key, value in items:
        result[(key.split("}", 1)[1] if key[0] == "{" else key).lower()] = value
    for key in ("rel", "type"):
        if result.get(key):
            result[key] = result[key].lower()
    return result
