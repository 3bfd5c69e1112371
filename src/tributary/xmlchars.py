"""Text made of the characters XML 1.0 can carry (section 2.2, the Char production).

Feeds send what XML forbids: C0 control characters (a vertical tab where a word processor had
a line break, taken through by feedparser's loose parser or a JSON string), and JSON Feeds
lone surrogates (``"\\ud800"`` is valid JSON). lxml refuses such text, or silently cuts it at a
surrogate; nh3 and the databases refuse surrogates; and an XML feed that held them could not
be read. So the JSON Feed reader (the one source of surrogates), the cleaning step's HTML
tree and the XML feeds Tributary writes pass text through ``xml_text``, and feedparser reads
documents that ``xml_bytes`` went over.
"""

from __future__ import annotations

import re
import sys

_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def is_xml_text(text: str) -> bool:
    """Whether XML 1.0 can carry every character of ``text``."""
    return _NOT_XML_CHAR.search(text) is None


def xml_text(text: str, replacement: str = "") -> str:
    """``text`` with each character XML 1.0 cannot carry replaced by ``replacement``."""
    return text if is_xml_text(text) else _NOT_XML_CHAR.sub(replacement, text)


# In an XML document as UTF-8: a forbidden character written out, and a character reference.
_FORBIDDEN_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
_CHARACTER_REFERENCE = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def xml_bytes(document: bytes) -> bytes:
    """A UTF-8 XML ``document`` with each forbidden character, and each reference to one
    ("&#0;", "&#11;", "&#xD800;"), replaced by a space.

    For feedparser: its strict parser stops at them, and its loose parser then decodes the
    references into the entries (a NUL that PostgreSQL refuses) or fails on a surrogate.
    """
    if _FORBIDDEN_BYTES.search(document):
        document = _FORBIDDEN_BYTES.sub(b" ", document)
    if b"&#" in document:
        document = _CHARACTER_REFERENCE.sub(_allowed_reference, document)
    return document


def _allowed_reference(match: re.Match[bytes]) -> bytes:
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return match[0] if code <= sys.maxunicode and is_xml_text(chr(code)) else b" "
