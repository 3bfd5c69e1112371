"""Small pure conversions shared by the feed readers: text, HTML, dates, numbers, tags.

Both readers (feedparser's XML and our JSON Feed) meet the same quirks, so the answers live
here once: titles that carry markup, plain-text bodies that must become HTML, dates that do
not parse, lengths that are not numbers.
"""

from __future__ import annotations

import contextlib
import html
import re
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from html.parser import HTMLParser

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# RSS 2.0 <author> is an email address with the name in parentheses; others write
# "Name <email>" or "Name (email)".
_EMAIL_THEN_NAME = re.compile(r"^\S+@\S+\s*\((?P<name>[^()]+)\)$")
_NAME_THEN_EMAIL = re.compile(r"^(?P<name>.+?)\s*(?:<\S+@\S+>|\(\S+@\S+\))$")
_SKIPPED_ELEMENTS = frozenset({"script", "style", "template"})
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


class _TextCollector(HTMLParser):
    """Collects the character data of an HTML fragment, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_ELEMENTS:
            self._skipping += 1
        elif tag in ("br", "p", "div", "li"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_ELEMENTS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace as one space, none at the ends (str.split's whitespace is
    the same set of characters as the regular expression ``\\s``)."""
    return " ".join(text.split())


def plain_text(markup: str | None) -> str:
    """Reduce a title or name that may hold markup to its text, whitespace collapsed.

    Feeds put HTML in titles (``<b>``, ``&amp;amp;`` double escaping) whatever the type
    attribute says, so every title goes through this one reduction.
    """
    if not markup:
        return ""
    if "<" not in markup and "&" not in markup:
        return collapse_whitespace(markup)
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    return collapse_whitespace(html.unescape("".join(collector.parts)))


def plain(text: str) -> str:
    """``plain_text``, without its HTML parser when there is no markup: the parser would
    decode the references once and ``plain_text`` a second time."""
    if "<" in text:
        return plain_text(text)
    if "&" in text:
        text = html.unescape(html.unescape(text))
    return collapse_whitespace(text)


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


def person_name(text: str) -> str:
    """The name in an author string that may carry an email address; else the string."""
    match = _EMAIL_THEN_NAME.match(text) or _NAME_THEN_EMAIL.match(text)
    return match.group("name").strip() if match else text


def text_to_html(text: str) -> str:
    """Plain text as escaped HTML paragraphs: blank lines split paragraphs, newlines are <br>."""
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n"))]
    return "".join(
        "<p>" + html.escape(p, quote=False).replace("\n", "<br>") + "</p>" for p in paragraphs if p
    )


def utc_from_struct(value: object) -> datetime | None:
    """A feedparser ``*_parsed`` value (a UTC struct_time) as an aware datetime, else None."""
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def utc_from_iso(value: object) -> datetime | None:
    """An RFC 3339 date (JSON Feed) as aware UTC; a date without zone is taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def to_int(value: object) -> int | None:
    """A length or TTL as a non-negative int; feeds write "", "unknown", "12.0" and worse."""
    if isinstance(value, str):
        if value.isdigit() and value.isascii() and len(value) < 16:  # exact as a float too
            return int(value)
        try:
            number = int(float(value.strip()))
        except (ValueError, OverflowError):
            return None
        return number if number >= 0 else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value >= 0 else None
    return None


def unique_tags(terms: Iterable[object]) -> tuple[str, ...]:
    """Tags stripped, blanks dropped, duplicates (ignoring case) dropped, first spelling kept."""
    seen: set[str] = set()
    tags: list[str] = []
    for term in terms:
        if not isinstance(term, str):
            continue
        tag = collapse_whitespace(html.unescape(term) if "&" in term else term)
        folded = tag.casefold()
        if tag and folded not in seen:
            seen.add(folded)
            tags.append(tag)
    return tuple(tags)


def first_line(text: str, limit: int = 300) -> str:
    """A foreign error message as one bounded line, for warnings and ParseError."""
    line = collapse_whitespace(text)
    return line if len(line) <= limit else line[: limit - 1] + "…"
