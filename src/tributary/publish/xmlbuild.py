"""ElementTree helpers that keep every XML feed well-formed whatever the text holds.

ElementTree escapes ``&``, ``<``, ``>`` and quotes, so feed-supplied text can never become
markup. It does not drop characters that XML 1.0 forbids (C0 controls, lone surrogates,
U+FFFE/U+FFFF), which would make the document unparsable; ``xml_text`` removes them.

Namespaced names (``dc:creator``, ``content:encoded``, ``atom:link``) are written as literal
prefixed names with their ``xmlns:`` declarations on the root, rather than registering
prefixes in ElementTree's process-wide table.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tributary.xmlchars import xml_text

_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'


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
