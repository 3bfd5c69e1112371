"""Where a syndicated post first appeared, and who wrote it, read from its credit line.

Syndicating sites end a republished article with a line naming the original; the phrasings
differ by site and CMS, so they are a table of patterns tried in order, first match wins:

    "This content originally appeared on Radio Free Asia and was authored by Taejun Kang."
    "This article originally appeared on X."          "This story first appeared in X."
    "Originally published on X."                       "This article was originally published by X."
    "This article is republished from X under a Creative Commons license."

Authors are kept as the line writes them ("A and B", "A, B and C"): splitting names is a guess
this step does not need to make. The feed's own statement (RSS ``<source>``) wins over the line
for the outlet; that choice is made by the caller, which knows both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tributary.clean.text import collapse_whitespace, html_to_text

_KIND = r"(?:content|article|story|post|piece|report|item)"
# An outlet ends at a sentence end: a period followed by a space, or the line's end.
_END = r"(?=\.\s|[.!]?\s*$)"
# "Originally published at X on May 3, 2025." - the date is not part of the outlet.
_DATE = r"(?:,?\s+on\s+(?:\w+\.? \d{1,2},? \d{4}|\d{1,2} \w+ \d{4}|\d{4}-\d\d-\d\d))?"
_START = r"(?:^|(?<=[.!?”\"]\s))"
MAX_OUTLET = 120
MAX_AUTHOR = 200


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a post first appeared and who wrote it; None for what is unknown."""

    outlet: str | None = None
    author: str | None = None


def _rule(name: str, pattern: str) -> tuple[str, re.Pattern[str]]:
    return name, re.compile(_START + pattern, re.IGNORECASE)


ATTRIBUTION_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    _rule(
        "appeared_authored",
        rf"this {_KIND} (?:originally|first) appeared (?:on|in|at) (?P<outlet>.+?)"
        r" and (?:was|is) (?:authored|written) by (?P<author>.+?)\.?\s*$",
    ),
    _rule(
        "appeared",
        rf"this {_KIND} (?:originally|first) appeared (?:on|in|at) (?P<outlet>.+?)" + _DATE + _END,
    ),
    _rule(
        "published",
        rf"(?:this {_KIND} (?:was|is) )?(?:originally|first) published (?:on|at|in|by) "
        r"(?P<outlet>.+?)" + _DATE + _END,
    ),
    _rule(
        "republished",
        rf"this {_KIND} (?:is|was) republished from (?P<outlet>.+?)"
        r"(?:\s+under\b.*?)?" + _END,
    ),
)
_QUOTES = "\"'“”\u2018\u2019 "


def _tidy(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    value = collapse_whitespace(value).strip(_QUOTES).rstrip(".,;:").strip(_QUOTES)
    if not value or len(value) > limit or value[0].isdigit():
        return None  # a date ("originally published on 3 May") or a runaway match
    return value


def _match_line(line: str) -> Origin | None:
    for _name, pattern in ATTRIBUTION_RULES:
        match = pattern.search(line)
        if match is None:
            continue
        outlet = _tidy(match.group("outlet"), MAX_OUTLET)
        author = _tidy(match.groupdict().get("author"), MAX_AUTHOR)
        if outlet:
            return Origin(outlet, author)
    return None


def find_origin(html_or_text: str | None) -> Origin:
    """The origin named by a credit line in a body (HTML or text); empty when there is none.

    The last credit wins: credits close an article, and an earlier one may be quoted.
    """
    if not html_or_text:
        return Origin()
    is_markup = "<" in html_or_text or "&" in html_or_text
    text = html_to_text(html_or_text) if is_markup else html_or_text
    for line in reversed(text.splitlines()):
        origin = _match_line(line.strip())
        if origin is not None:
            return origin
    return Origin()
