"""Which of two extractions of one page to keep: the page as it came, or the page pre-cleaned.

PURE, on the candidates' text. Pre-cleaning cuts chrome by its class names, so the cleaned
candidate should be the raw one minus some boilerplate. Compared word by word (multisets):

    cleaned adds little (<= NEW_WORDS of its words are not in raw):
        keep cleaned if it kept >= KEPT of raw's words, or still holds an article of its own
        (ARTICLE_WORDS words in paragraphs): what it cut was labelled chrome (a comment
        thread can be ten times the story); else raw (a class name took the story with it)
    cleaned is a different text (the extractor settled on another part of the page):
        compare the blocks each has that the other lacks; keep cleaned only when what it
        adds is mostly real paragraphs (PARAGRAPH_WORDS words or more: menus, key-point
        boxes and lists of links are short lines) and at least as much as it loses
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Literal

NEW_WORDS = 0.1
KEPT = 0.6
PARAGRAPH_WORDS = 12
ARTICLE_WORDS = 50
_WORD = re.compile(r"\w+")


def _bag(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.casefold()))


def _flat(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _paragraph_words(text: str) -> int:
    counts = (len(_WORD.findall(block)) for block in text.split("\n"))
    return sum(n for n in counts if n >= PARAGRAPH_WORDS)


def _only_in(text: str, other: str) -> tuple[int, int]:
    """Words in ``text``'s blocks that ``other`` lacks: (in paragraphs, in short lines)."""
    haystack = _flat(other)
    long = short = 0
    for block in text.split("\n"):
        words = _flat(block)
        if not words or words in haystack:
            continue
        count = len(words.split())
        if count >= PARAGRAPH_WORDS:
            long += count
        else:
            short += count
    return long, short


def choose(raw: str, cleaned: str) -> Literal["raw", "cleaned"]:
    """The better of two texts of one page; ``raw`` when in doubt."""
    raw_bag, cleaned_bag = _bag(raw), _bag(cleaned)
    raw_total, cleaned_total = raw_bag.total(), cleaned_bag.total()
    if cleaned_total == 0:
        return "raw"
    if raw_total == 0:
        return "cleaned"
    new = (cleaned_bag - raw_bag).total() / cleaned_total
    if new <= NEW_WORDS:
        kept = (cleaned_bag & raw_bag).total() / raw_total
        whole = kept >= KEPT or _paragraph_words(cleaned) >= ARTICLE_WORDS
        return "cleaned" if whole else "raw"
    gained, gained_short = _only_in(cleaned, raw)
    lost, _ = _only_in(raw, cleaned)
    return "cleaned" if gained > gained_short and gained >= lost else "raw"
