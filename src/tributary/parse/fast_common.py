"""What the fast parser's modules share: the "decline" signal and feedparser's text fix-ups.

The fast parser (parse/fast.py) answers only when it is sure to give the feedparser adapter's
result; anywhere it is not, it raises ``FastPathDeclined`` with a short reason, and
``parse_feed`` hands the body to the adapter instead.
"""

from __future__ import annotations

import contextlib
import re

# feedparser maps the C1 controls U+0080..U+009F to what windows-1252 puts at those bytes
# (feedparser.html._cp1252): text that was decoded as latin-1 gets its quotes and dashes back.
CP1252 = {
    0x80: "\u20ac", 0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026",
    0x86: "\u2020", 0x87: "\u2021", 0x88: "\u02c6", 0x89: "\u2030", 0x8A: "\u0160",
    0x8B: "\u2039", 0x8C: "\u0152", 0x8E: "\u017d", 0x91: "\u2018", 0x92: "\u2019",
    0x93: "\u201c", 0x94: "\u201d", 0x95: "\u2022", 0x96: "\u2013", 0x97: "\u2014",
    0x98: "\u02dc", 0x99: "\u2122", 0x9A: "\u0161", 0x9B: "\u203a", 0x9C: "\u0153",
    0x9E: "\u017e", 0x9F: "\u0178",
}  # fmt: skip
_C1_CONTROL = re.compile("[\u0080-\u009f]")


class FastPathDeclined(Exception):
    """The fast parser cannot promise feedparser's answer for this body.

    ``reason`` is a short category ("doctype", "encoding", "xml", "format", "element",
    "markup", "date", ...) for counting; ``detail`` says what exactly, for logs and tests.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def fix_text(text: str) -> str:
    """feedparser's last two steps on every text value it keeps.

    First, text that is entirely latin-1 and reads as UTF-8 once encoded is taken to be UTF-8
    that was decoded as latin-1, and decoded again; then C1 controls become windows-1252's
    characters. ASCII text is unchanged by both, which is the common case.
    """
    if text.isascii():
        return text
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("iso-8859-1").decode("utf-8")
    if _C1_CONTROL.search(text):
        text = text.translate(CP1252)
    return text
