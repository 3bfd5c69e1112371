"""Plain text from HTML: post bodies (paragraphs kept), titles and names (one line), summaries.

The standard library's HTMLParser is enough here: the text is read, never re-serialized, so a
forgiving tokenizer that decodes entities (``convert_charrefs``) is all that is needed, and it
accepts the half-escaped titles feeds send ("AT&T <b>news</b>", "5 < 6").

HTMLParser is pure Python, and reading a 4 KB body with it took a quarter of the cleaning
step. Markup in the simple form a serializer writes (the sanitizer's output: every ``<``
starts a plain tag whose attribute values are double-quoted, no comments, no script or style)
is split by one regular expression instead, and gives the same events in the same order; any
other markup goes to HTMLParser.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

# Elements whose content is never reader-visible text.
_SKIPPED = frozenset(
    {"script", "style", "template", "noscript", "title", "head", "svg", "math", "textarea"}
)
# Elements that start and end a paragraph of their own.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "div",
        "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_VOID = frozenset({"br", "hr", "img", "source", "wbr", "meta", "link", "input", "area", "col"})
# Markers no feed text holds (XML forbids these characters; HTML parsers drop them).
_PARAGRAPH = "\x00"
_LINE = "\x01"
ELLIPSIS = "…"
# Characters a cut sentence should not end on before the ellipsis is added.
_DANGLING = ",;:-\u2013—([{\"'“\u2018 "


class _TextCollector(HTMLParser):
    """Character data of a fragment with paragraph marks at block boundaries."""

    def __init__(self, *, paragraphs: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._paragraphs = paragraphs
        self._skipping: list[str] = []

    def _mark(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append(_PARAGRAPH if self._paragraphs else " ")
        elif tag == "br":
            self.parts.append(_LINE if self._paragraphs else " ")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED and tag not in _VOID:
            self._skipping.append(tag)
        elif not self._skipping:
            self._mark(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skipping:
            self._mark(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
        else:
            self._mark(tag)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


# A start or end tag as a serializer writes it: (end tag's name, start tag's name, the start
# tag's self-closing slash). Name and attributes are parted only by whitespace that also ends
# a tag name for HTMLParser (not \v, not a no-break space).
_SIMPLE_TAG = re.compile(
    r"<(?:/([a-zA-Z][a-zA-Z0-9]*)[ \t\n\r\f]*"
    r"|([a-zA-Z][a-zA-Z0-9]*)(?:[ \t\n\r\f]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:=\"[^\"]*\")?)*"
    r"[ \t\n\r\f]*(/)?)>"
)
# Elements whose content HTMLParser reads as raw text, not markup (the set has grown across
# Python releases; none of these is in the sanitizer's output).
_RAW_TEXT = frozenset(
    {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea",
     "title", "plaintext"}
)  # fmt: skip


def _simple_events(collector: _TextCollector, markup: str) -> bool:
    """Feed ``collector`` what HTMLParser would, when ``markup`` is in the simple form.

    False, with nothing fed, when it is not: a ``<`` that starts no simple tag (a comment, a
    doctype, "5 < 6"), or a raw-text element.
    """
    pieces = _SIMPLE_TAG.split(markup)  # text, (end name, start name, slash, text)...
    texts = pieces[::4]
    if any("<" in text for text in texts):
        return False
    tags = [(pieces[k], pieces[k + 1], pieces[k + 2]) for k in range(1, len(pieces), 4)]
    if any(start and start.lower() in _RAW_TEXT for _, start, _ in tags):
        return False
    for text, (end, start, closed) in zip(texts, tags, strict=False):
        if text:
            collector.handle_data(unescape(text) if "&" in text else text)
        if end:
            collector.handle_endtag(end.lower())
        elif closed:
            collector.handle_startendtag(start.lower(), [])
        else:
            collector.handle_starttag(start.lower(), [])
    if texts[-1]:
        collector.handle_data(unescape(texts[-1]) if "&" in texts[-1] else texts[-1])
    return True


def collapse_whitespace(text: str) -> str:
    """Every run of whitespace (non-breaking spaces included) as one space, ends stripped.

    ``str.split()`` splits on exactly the characters ``\\s`` matches in a str pattern
    (``str.isspace``), six times faster than ``re.sub``."""
    return " ".join(text.split())


def _collect(markup: str, *, paragraphs: bool) -> str:
    collector = _TextCollector(paragraphs=paragraphs)
    if not _simple_events(collector, markup):
        collector.feed(markup)
        collector.close()
    return "".join(collector.parts)


def html_to_text(html: str | None) -> str:
    """The text of an HTML body: paragraphs separated by a blank line, whitespace collapsed."""
    if not html:
        return ""
    raw = _collect(html.replace(_PARAGRAPH, "").replace(_LINE, ""), paragraphs=True)
    paragraphs = (_lines(part) for part in raw.split(_PARAGRAPH))
    return "\n\n".join(p for p in paragraphs if p)


def _lines(paragraph: str) -> str:
    lines = (collapse_whitespace(line) for line in paragraph.split(_LINE))
    return "\n".join(line for line in lines if line)


def plain_text(markup: str | None) -> str:
    """A title, name or tag as one line of text: markup dropped, entities decoded.

    Feeds put HTML in titles and author names whatever their type attribute says, and
    sometimes escape it twice; the contract stores these fields as plain text.
    """
    if not markup:
        return ""
    if "<" not in markup and "&" not in markup:
        return collapse_whitespace(markup)
    return collapse_whitespace(_collect(markup, paragraphs=False))


def summarize(text: str, limit: int = 400) -> str:
    """``text`` on one line, cut on a word boundary to at most ``limit`` characters with "…"."""
    flat = collapse_whitespace(text)
    if len(flat) <= limit:
        return flat
    cut = flat[: max(limit - len(ELLIPSIS), 1)]
    boundary = cut.rfind(" ")
    if boundary > len(cut) // 2:  # a word boundary not too far back; else cut inside the word
        cut = cut[:boundary]
    return cut.rstrip(_DANGLING + ELLIPSIS + ".") + ELLIPSIS
