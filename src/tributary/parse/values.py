"""Small pure conversions shared by the feed readers: text, HTML, dates, numbers, tags.

Both readers (feedparser's XML and our JSON Feed) meet the same quirks, so the answers live
here once: titles that carry markup, plain-text bodies that must become HTML, dates that do
not parse, lengths that are not numbers.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from html.parser import HTMLParser

_WHITESPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# RSS 2.0 <author> is an email address with the name in parentheses; others write
# "Name <email>" or "Name (email)".
_EMAIL_THEN_NAME = re.compile(r"^\S+@\S+\s*\((?P<name>[^()]+)\)$")
_NAME_THEN_EMAIL = re.compile(r"^(?P<name>.+?)\s*(?:<\S+@\S+>|\(\S+@\S+\))$")
_SKIPPED_ELEMENTS = frozenset({"script", "style", "template"})


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
    return _WHITESPACE.sub(" ", text).strip()


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
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value >= 0 else None
    if isinstance(value, str):
        try:
            number = int(float(value.strip()))
        except (ValueError, OverflowError):
            return None
        return number if number >= 0 else None
    return None


def unique_tags(terms: Iterable[object]) -> tuple[str, ...]:
    """Tags stripped, blanks dropped, duplicates (ignoring case) dropped, first spelling kept."""
    seen: set[str] = set()
    tags: list[str] = []
    for term in terms:
        if not isinstance(term, str):
            continue
        tag = collapse_whitespace(html.unescape(term) if "&" in term else term)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tuple(tags)


def first_line(text: str, limit: int = 300) -> str:
    """A foreign error message as one bounded line, for warnings and ParseError."""
    line = collapse_whitespace(text)
    return line if len(line) <= limit else line[: limit - 1] + "…"
