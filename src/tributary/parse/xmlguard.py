"""Remove the DOCTYPE internal subset before the XML parser sees the document.

Why: feedparser strips ``<!ENTITY>`` declarations with line-anchored regular expressions over
the bytes before the first "<letter" in the document, and that is easy to slip past: an
entity value (or a comment) holding ``<x`` ends its "prolog" early, and the declarations then
reach expat intact. Expat (2.4+) stops a "billion laughs" only after 8 MiB of expansion, so
one small feed could still cost tens of megabytes and seconds, and entity text would appear
expanded in our entries. We therefore drop the whole internal subset (``[ ... ]``) ourselves,
scanning it properly (quoted strings, comments, processing instructions), and keep the rest of
the declaration (the Netscape RSS 0.91 public identifier matters to version detection).

The input must be the UTF-8 that feedparser's own transcoding produced (see
feedparser_adapter): screening the raw bytes would miss a DOCTYPE written in EBCDIC, UTF-32 or
UTF-7, which feedparser decodes before expat sees it.

External entities are a separate guard: feedparser turns off ``feature_external_ges`` on the
SAX parser, so ``SYSTEM`` identifiers are never fetched; tests check both.

Undefined entity references left behind make expat fail, and feedparser's loose parser then
keeps them as literal text: the feed still parses, with a warning.
"""

from __future__ import annotations

import re

_DOCTYPE = "<!DOCTYPE"
# The prolog before the DOCTYPE: BOM, whitespace, the XML declaration, comments and PIs.
# The text is UTF-8 read as latin-1 (one character per byte, so it maps back exactly), in
# which a UTF-8 BOM reads "\u00ef\u00bb\u00bf".
_PROLOG_ITEM = re.compile(r"\u00ef\u00bb\u00bf|\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)


def _doctype_start(text: str) -> int | None:
    """Where the DOCTYPE starts, when one follows the prolog; else None."""
    position = 0
    while match := _PROLOG_ITEM.match(text, position):
        position = match.end()
    return position if text.startswith(_DOCTYPE, position) else None


def _skip_quoted_or_markup(text: str, position: int) -> int:
    """Past a quoted string, comment or PI starting at ``position`` (or past one character)."""
    char = text[position]
    if char in "\"'":
        end = text.find(char, position + 1)
    elif text.startswith("<!--", position):
        end = text.find("-->", position + 4) + 2
    elif text.startswith("<?", position):
        end = text.find("?>", position + 2) + 1
    else:
        return position + 1
    return len(text) if end < position else end + 1


def _subset_span(text: str, start: int) -> tuple[int, int] | None:
    """The span of ``[ ... ]`` in the DOCTYPE at ``start``.

    An unclosed subset runs to the end of the text, as it would for any XML parser.
    """
    position = start + len(_DOCTYPE)
    while position < len(text) and text[position] not in "[>":
        position = _skip_quoted_or_markup(text, position)
    if position >= len(text) or text[position] == ">":
        return None
    opening = position
    position += 1
    while position < len(text) and text[position] != "]":
        position = _skip_quoted_or_markup(text, position)
    return opening, min(position + 1, len(text))


def strip_internal_subset(body: bytes) -> tuple[bytes, bool]:
    """``body`` (UTF-8 or another ASCII-compatible encoding) without its DOCTYPE internal
    subset, and whether one was removed."""
    if _DOCTYPE.encode() not in body:
        return body, False  # the common case, decided without decoding
    text = body.decode("latin-1")
    start = _doctype_start(text)
    span = None if start is None else _subset_span(text, start)
    if span is None:
        return body, False
    return (text[: span[0]] + text[span[1] :]).encode("latin-1"), True
