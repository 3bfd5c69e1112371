"""ElementTree helpers that keep every XML feed well-formed whatever the text holds.

ElementTree escapes ``&``, ``<``, ``>`` and quotes, so feed-supplied text can never become
markup. It does not drop characters that XML 1.0 forbids (C0 controls, lone surrogates,
U+FFFE/U+FFFF), which would make the document unparsable; ``xml_text`` removes them.

Namespaced names (``dc:creator``, ``content:encoded``, ``atom:link``) are written as literal
prefixed names with their ``xmlns:`` declarations on the root, rather than registering
prefixes in ElementTree's process-wide table.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

# XML 1.0 section 2.2, Char production.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'


def xml_text(text: str) -> str:
    """The text without characters XML 1.0 cannot carry."""
    return _NOT_XML_CHAR.sub("", text)


def element(tag: str, attrs: dict[str, str] | None = None) -> ET.Element:
    """A root element; attribute values made XML-safe."""
    return ET.Element(tag, _safe_attrs(attrs))


def sub(
    parent: ET.Element, tag: str, text: str | None = None, attrs: dict[str, str] | None = None
) -> ET.Element:
    """A child element with escaped, XML-safe text and attributes."""
    child = ET.SubElement(parent, tag, _safe_attrs(attrs))
    if text is not None:
        child.text = xml_text(text)
    return child


def to_bytes(root: ET.Element) -> bytes:
    """UTF-8 document with a declaration, indented for people reading the feed."""
    ET.indent(root)
    return _DECLARATION + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def _safe_attrs(attrs: dict[str, str] | None) -> dict[str, str]:
    return {key: xml_text(value) for key, value in (attrs or {}).items()}
