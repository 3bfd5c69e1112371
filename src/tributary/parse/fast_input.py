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

import codecs
import importlib.util
import re
import threading
from dataclasses import dataclass
from typing import Any

from lxml import etree

from tributary.parse.fast_common import FastPathDeclined

# feedparser's namespaces (lowercased) and its short names for them (feedparser.mixin).
KNOWN_NAMESPACES: dict[str, str] = {
    "": "",
    "http://backend.userland.com/rss": "",
    "http://blogs.law.harvard.edu/tech/rss": "",
    "http://purl.org/rss/1.0/": "",
    "http://my.netscape.com/rdf/simple/0.9/": "",
    "http://example.com/newformat#": "",
    "http://example.com/necho": "",
    "http://purl.org/echo/": "",
    "uri/of/echo/namespace#": "",
    "http://purl.org/pie/": "",
    "http://purl.org/atom/ns#": "",
    "http://www.w3.org/2005/atom": "",
    "http://purl.org/rss/1.0/modules/rss091#": "",
    "http://webns.net/mvcb/": "admin",
    "http://purl.org/rss/1.0/modules/aggregation/": "ag",
    "http://purl.org/rss/1.0/modules/annotate/": "annotate",
    "http://media.tangent.org/rss/1.0/": "audio",
    "http://backend.userland.com/blogchannelmodule": "blogChannel",
    "http://creativecommons.org/ns#license": "cc",
    "http://web.resource.org/cc/": "cc",
    "http://cyber.law.harvard.edu/rss/creativecommonsrssmodule.html": "creativeCommons",
    "http://backend.userland.com/creativecommonsrssmodule": "creativeCommons",
    "http://purl.org/rss/1.0/modules/company": "co",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://my.theinfo.org/changed/1.0/rss/": "cp",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://purl.org/rss/1.0/modules/email/": "email",
    "http://purl.org/rss/1.0/modules/event/": "ev",
    "http://rssnamespace.org/feedburner/ext/1.0": "feedburner",
    "http://freshmeat.net/rss/fm/": "fm",
    "http://xmlns.com/foaf/0.1/": "foaf",
    "http://www.w3.org/2003/01/geo/wgs84_pos#": "geo",
    "http://www.georss.org/georss": "georss",
    "http://www.opengis.net/gml": "gml",
    "http://postneo.com/icbm/": "icbm",
    "http://purl.org/rss/1.0/modules/image/": "image",
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
    "http://example.com/dtds/podcast-1.0.dtd": "itunes",
    "http://purl.org/rss/1.0/modules/link/": "l",
    "http://search.yahoo.com/mrss": "media",
    "http://search.yahoo.com/mrss/": "media",
    "http://madskills.com/public/xml/rss/module/pingback/": "pingback",
    "http://prismstandard.org/namespaces/1.2/basic/": "prism",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
    "http://purl.org/rss/1.0/modules/reference/": "ref",
    "http://purl.org/rss/1.0/modules/richequiv/": "reqv",
    "http://purl.org/rss/1.0/modules/search/": "search",
    "http://purl.org/rss/1.0/modules/slash/": "slash",
    "http://schemas.xmlsoap.org/soap/envelope/": "soap",
    "http://purl.org/rss/1.0/modules/servicestatus/": "ss",
    "http://hacks.benhammersley.com/rss/streaming/": "str",
    "http://purl.org/rss/1.0/modules/subscription/": "sub",
    "http://purl.org/rss/1.0/modules/syndication/": "sy",
    "http://schemas.pocketsoap.com/rss/mydescmodule/": "szf",
    "http://purl.org/rss/1.0/modules/taxonomy/": "taxo",
    "http://purl.org/rss/1.0/modules/threading/": "thr",
    "http://purl.org/rss/1.0/modules/textinput/": "ti",
    "http://madskills.com/public/xml/rss/module/trackback/": "trackback",
    "http://wellformedweb.org/commentapi/": "wfw",
    "http://purl.org/rss/1.0/modules/wiki/": "wiki",
    "http://www.w3.org/1999/xhtml": "xhtml",
    "http://www.w3.org/1999/xlink": "xlink",
    "http://www.w3.org/xml/1998/namespace": "xml",
    "http://podlove.org/simple-chapters": "psc",
}
_SHORT_NAMES = frozenset(name.lower() for name in KNOWN_NAMESPACES.values() if name)
ATOM_NS = "http://www.w3.org/2005/Atom"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XHTML_NS = "http://www.w3.org/1999/xhtml"
_RSS10_NS = "http://purl.org/rss/1.0/"
_RSS090_NS = "http://my.netscape.com/rdf/simple/0.9/"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_USERLAND = "backend.userland.com/rss"

_XML_DECLARATION_ENCODING = re.compile(rb"^<\?.*encoding=['\"](.*?)['\"].*\?>")
_XML_DECLARATION_VERSION = re.compile(rb"^<\?xml\s+version\s*=\s*(['\"])1\.0\1")
_APPLICATION_XML = (
    "application/xml",
    "application/xml-dtd",
    "application/xml-external-parsed-entity",
)
_TEXT_XML = ("text/xml", "text/xml-external-parsed-entity")
# Codecs that decode pure ASCII exactly as UTF-8 does (codecs.lookup names).
_ASCII_SUPERSETS = frozenset(
    {"ascii", "utf-8", "iso8859-1", "iso8859-2", "iso8859-15", "cp1252", "cp1250"}
)
# feedparser asks chardet for a guess when the declared encodings fail, if it is installed.
_HAS_CHARDET = any(importlib.util.find_spec(name) for name in ("cchardet", "chardet"))
_GUESS = "(guess)"
_NON_UTF8_MARKS = (
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF32_LE,
    b"\xfe\xff",
    b"\xff\xfe",
    b"\x4c\x6f\xa7\x94",  # "<?xm" in EBCDIC
    b"\x00\x3c\x00\x3f",
    b"\x3c\x00\x3f\x00",
    b"\x00\x00\x00\x3c",
    b"\x3c\x00\x00\x00",
)


def _split_content_type(header: str) -> tuple[str, str]:
    """(media type, charset) as feedparser splits a Content-Type header (case kept)."""
    chunks = header.split(";")
    charset = ""
    for chunk in chunks[1:]:
        key, _, value = chunk.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    return chunks[0].strip(), charset


def _declared_encodings(data: bytes, content_type: str | None) -> tuple[str, str]:
    """feedparser's (RFC 3023 encoding, XML declaration encoding) for this body and header."""
    match = _XML_DECLARATION_ENCODING.match(data)
    try:
        xml_encoding = match.group(1).decode("utf-8").lower() if match else ""
    except UnicodeDecodeError as exc:
        raise FastPathDeclined("encoding", "undecodable XML declaration") from exc
    media_type, http_encoding = _split_content_type(content_type or "")
    if media_type in _APPLICATION_XML or (
        media_type.startswith("application/") and media_type.endswith("+xml")
    ):
        declared = http_encoding or xml_encoding or "utf-8"
    elif (
        media_type in _TEXT_XML
        or (media_type.startswith("text/") and media_type.endswith("+xml"))
        or media_type.startswith("text/")
    ):
        declared = http_encoding or "us-ascii"
    elif not content_type:
        declared = xml_encoding or "iso-8859-1"
    else:
        declared = xml_encoding or "utf-8"
    return declared, xml_encoding


def choose_encoding(body: bytes, content_type: str | None) -> tuple[bytes, tuple[str, ...]]:
    """The bytes to parse as UTF-8 and feedparser's encoding warnings, or FastPathDeclined.

    feedparser tries, in order, the RFC 3023 encoding, the XML declaration's, the BOM's, a
    chardet guess (when chardet is installed), UTF-8, windows-1252 and iso-8859-2, keeping the
    first that decodes. The fast path follows that order and goes on only if the encoding kept
    reads the body as UTF-8 does. (A body that is not valid UTF-8 fails in lxml and declines.)
    """
    if body.startswith(_NON_UTF8_MARKS):
        raise FastPathDeclined("encoding", "not UTF-8 (BOM or UTF-16/32/EBCDIC markers)")
    bom = ""
    data = body
    if body.startswith(codecs.BOM_UTF8):
        bom, data = "utf-8", body[3:]
    if re.match(rb"<\?xml\s", data) and not _XML_DECLARATION_VERSION.match(data):
        raise FastPathDeclined("xml", "XML declaration without version 1.0")
    declared, xml_encoding = _declared_encodings(data, content_type)
    ascii_only = data.isascii()
    tried: list[str] = []
    for candidate in (declared, xml_encoding, bom, _GUESS, "utf-8"):
        if candidate is _GUESS:
            if _HAS_CHARDET:
                raise FastPathDeclined("encoding", "feedparser would guess the encoding")
            continue
        if not candidate or candidate in tried:
            continue
        tried.append(candidate)
        try:
            codec = codecs.lookup(candidate).name
        except LookupError:
            continue  # feedparser skips an encoding Python does not know
        if codec == "ascii" and not ascii_only:
            continue  # does not decode: feedparser tries the next one
        if codec != "utf-8" and not (ascii_only and codec in _ASCII_SUPERSETS):
            raise FastPathDeclined("encoding", f"read as {candidate}, not as UTF-8")
        if candidate == declared:
            return data, ()
        override = f"document declared as {declared}, but parsed as {candidate}"
        return data, (f"character encoding: {override}",)
    raise FastPathDeclined("encoding", "no encoding decodes the body")


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
