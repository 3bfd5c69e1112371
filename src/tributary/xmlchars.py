"""Text made of the characters XML 1.0 can carry (section 2.2, the Char production).

Feeds send what XML forbids: C0 control characters (a vertical tab where a word processor had
a line break, taken through by feedparser's loose parser or a JSON string), and JSON Feeds
lone surrogates (``"\\ud800"`` is valid JSON). lxml refuses such text, or silently cuts it at a
surrogate; nh3 and the databases refuse surrogates; and an XML feed that held them could not
be read. Every step that hands feed text to one of these passes it through ``xml_text``.
"""

from __future__ import annotations

import re

_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str, replacement: str = "") -> str:
    """``text`` with each character XML 1.0 cannot carry replaced by ``replacement``."""
    return _NOT_XML_CHAR.sub(replacement, text) if _NOT_XML_CHAR.search(text) else text
