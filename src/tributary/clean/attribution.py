"""Where a syndicated post first appeared, and who wrote it, read from its credit line.

Syndicating sites end a republished article with a line naming the original; the phrasings
differ by site and CMS, so they are a table of patterns tried in order, first match wins:

    "This content originally appeared on Radio Free Asia and was authored by Taejun Kang."
    "This article originally appeared on X."          "This story first appeared in X."
    "Originally published on X."                       "This article was originally published by X."
    "This article is republished from X under a Creative Commons license."
    "Republished from X."                              "Republished with permission from X."
    "This article was originally published in Spanish on X and republished at Y."

In the last form the outlet is X: Y is the republisher, usually the feed's own site.

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
MAX_OUTLET_WORDS = 10
# What may follow a credit line in its paragraph: "Republished with permission." and the like.
MAX_CREDIT_REST = 120
# Every rule's credit says "appeared" or "(re)published": a body without either has none.
_HINTS = ("appeared", "published")
# "Originally published in Spain, the novel ..." is a sentence, not an outlet.
_CLAUSE = re.compile(r",\s+\w*[a-z]")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a post first appeared and who wrote it; None for what is unknown."""

    outlet: str | None = None
    author: str | None = None


def _rule(name: str, pattern: str) -> tuple[str, re.Pattern[str]]:
    return name, re.compile(_START + pattern, re.IGNORECASE)


# Languages a translated article names ("originally published in Spanish on X"): a closed
# list, so that "originally published in Grist on May 3" does not read "Grist" as a language.
_LANGUAGES = (
    "albanian|amharic|arabic|armenian|azerbaijani|basque|belarusian|bengali|bosnian|bulgarian"
    "|burmese|cantonese|catalan|chinese|croatian|czech|danish|dari|dutch|english|estonian"
    "|farsi|filipino|finnish|french|galician|georgian|german|greek|hausa|hebrew|hindi"
    "|hungarian|indonesian|italian|japanese|kazakh|khmer|korean|kurdish|kyrgyz|lao|latvian"
    "|lithuanian|macedonian|malay|mandarin|mongolian|nepali|norwegian|pashto|persian|polish"
    "|portuguese|romanian|russian|serbian|sinhala|slovak|slovenian|somali|spanish|swahili"
    "|swedish|tagalog|tajik|tamil|telugu|thai|tibetan|turkish|ukrainian|urdu|uyghur|uzbek"
    "|vietnamese|yoruba|zulu"
)

ATTRIBUTION_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    _rule(
        "translated_republished",
        rf"(?:this {_KIND} (?:was|is) )?(?:originally|first) published in (?:{_LANGUAGES}) "
        r"(?:on|at|in|by) (?P<outlet>.+?)"
        + _DATE
        + r"(?:,? and (?:was |is )?(?:republished|translated)\b.*?)?"
        + _END,
    ),
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
        rf"(?:this {_KIND} (?:is|was) )?republished (?:with permission )?from (?P<outlet>.+?)"
        r"(?:\s+(?:under|with)\b.*?)?" + _END,
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


def _tidy_outlet(value: str) -> str | None:
    outlet = _tidy(value, MAX_OUTLET)
    if outlet is None or len(outlet.split()) > MAX_OUTLET_WORDS or _CLAUSE.search(outlet):
        return None  # the sentence went on: this was prose about a publication, not a credit
    return outlet


def _match_line(line: str, *, at_start: bool = False) -> tuple[Origin, int, int] | None:
    """The first rule's origin in ``line`` and the span of its credit, or None."""
    for _name, pattern in ATTRIBUTION_RULES:
        match = pattern.search(line)
        if match is None or (at_start and match.start() != 0):
            continue
        outlet = _tidy_outlet(match.group("outlet"))
        author = _tidy(match.groupdict().get("author"), MAX_AUTHOR)
        if outlet:
            return Origin(outlet, author), match.start(), match.end()
    return None


def is_credit_line(text: str) -> bool:
    """Whether a paragraph is a syndication credit, to be removed once read.

    It must open with the credit; only a short remark may follow ("Republished with
    permission."), so a paragraph of article text that ends in a credit stays.
    """
    line = collapse_whitespace(text)
    found = _match_line(line, at_start=True)
    return found is not None and len(line) - found[2] <= MAX_CREDIT_REST


def may_credit(html_or_text: str | None) -> bool:
    """Whether a body could hold a credit line at all: a quick test before the work."""
    if not html_or_text:
        return False
    folded = html_or_text.lower()  # ten times faster than a case-blind regex
    return any(hint in folded for hint in _HINTS)


def find_origin(html_or_text: str | None) -> Origin:
    """The origin named by a credit line in a body (HTML or text); empty when there is none.

    The last credit wins: credits close an article, and an earlier one may be quoted.
    """
    if html_or_text is None or not may_credit(html_or_text):
        return Origin()
    is_markup = "<" in html_or_text or "&" in html_or_text
    text = html_to_text(html_or_text) if is_markup else html_or_text
    for line in reversed(text.splitlines()):
        found = _match_line(line.strip())
        if found is not None:
            return found[0]
    return Origin()
