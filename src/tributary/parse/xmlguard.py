"""Remove the DOCTYPE internal subset before any XML parser sees the document.

Why: feedparser strips ``<!ENTITY>`` declarations with line-anchored regular expressions over
the bytes before the first element, and that is easy to slip past: an entity value holding
``<x`` ends its "prolog" early, and the declarations then reach expat intact. Expat (2.4+)
stops a "billion laughs" only after 8 MiB of expansion, so one small feed could still cost
tens of megabytes and seconds, and entity text would appear expanded in our entries. We
therefore drop the whole internal subset (``[ ... ]``) of the DOCTYPE ourselves, scanning it
properly (quoted strings, comments, processing instructions), and keep the rest of the
declaration (the Netscape RSS 0.91 public identifier matters to version detection).

External entities are a separate guard: feedparser turns off ``feature_external_ges`` on the
SAX parser, so ``SYSTEM`` identifiers are never fetched; tests check both.

Undefined entity references left behind make expat fail, and feedparser's loose parser then
keeps them as literal text: the feed still parses, with a warning.
"""

from __future__ import annotations

import re

_DOCTYPE = "<!DOCTYPE"
# The prolog before the DOCTYPE: BOM, whitespace, the XML declaration, comments and PIs.
# A UTF-8 BOM read as latin-1 is "\u00ef\u00bb\u00bf".
_PROLOG_ITEM = re.compile(r"\ufeff|\u00ef\u00bb\u00bf|\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)


def _text_view(body: bytes) -> tuple[str, str]:
    """The body as text with the codec that maps it back to the same bytes.

    latin-1 maps every byte to one character, so ASCII-compatible encodings (UTF-8,
    windows-1252, ISO-8859-*) round-trip exactly; UTF-16 needs decoding to see the markup.
    """
    head = body[:2]
    if head in (b"\xff\xfe", b"<\x00"):
        codec = "utf-16-le"
    elif head in (b"\xfe\xff", b"\x00<"):
        codec = "utf-16-be"
    else:
        return body.decode("latin-1"), "latin-1"
    # An odd trailing byte cannot be UTF-16; it is dropped rather than failing the feed.
    return body[: len(body) - len(body) % 2].decode(codec, errors="surrogatepass"), codec


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
    """``body`` without its DOCTYPE internal subset, and whether one was removed."""
    # "<!DOCTYPE" in UTF-16-LE bytes also matches UTF-16-BE text, shifted by one byte.
    if _DOCTYPE.encode() not in body and _DOCTYPE.encode("utf-16-le") not in body:
        return body, False  # the common case, decided without decoding
    text, codec = _text_view(body)
    start = _doctype_start(text)
    if start is None:
        return body, False
    span = _subset_span(text, start)
    if span is None:
        return body, False
    stripped = text[: span[0]] + text[span[1] :]
    return stripped.encode(codec, errors="surrogatepass"), True
