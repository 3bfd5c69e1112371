"""PURE: the decisions around an article page's full text, apart from fetching it.

    wants_page      which new entries are worth a page fetch (``fulltext`` auto / always)
    judge           whether what the page held replaces the feed's text
    same_site       whether the page's canonical link may become the post's URL

An excerpt shows itself (clean_entry marks it: "[…]", "Continue reading", a short
description), or hides as a short body: under ``SHORT_WORDS`` words, a body may be the whole
of a brief or the start of an article, and only the page can tell. So in "auto" a short body
costs a page fetch too, but the page's text replaces it only when it holds most of the
feed's words (it is the same article) and much more of them (it was cut).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from tributary.types import CleanEntry, FulltextMode

SHORT_WORDS = 300  # a body this short may be an excerpt without saying so
COVERAGE = 0.6  # the share of the feed's words the page must hold to be the same article
MUCH_MORE = 1.5  # how much longer a page must be than an unmarked short body
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Verdict:
    accept: bool
    reason: str  # for the fetch log: "1,240 words extracted (excerpt 85)", "HTTP 404 ..."


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def wants_page(entry: CleanEntry, mode: FulltextMode) -> bool:
    """Whether a new entry's article page is worth fetching under ``mode``.

    Media posts never are: their page is a player, and its text would hide the player.
    """
    if mode == "never" or entry.url is None or entry.content_kind == "media":
        return False
    if mode == "always" or entry.content_kind == "excerpt":
        return True
    return len(words(entry.content_text)) < SHORT_WORDS


def judge(entry: CleanEntry, page_text: str | None, mode: FulltextMode) -> Verdict:
    """Whether ``page_text`` (None: no article found) replaces ``entry``'s body."""
    label = "excerpt" if entry.content_kind == "excerpt" else "feed text"
    if not page_text:
        return Verdict(False, "no article text found on the page")
    feed_words, page_words = words(entry.content_text), words(page_text)
    counts = f"{len(page_words):,} words extracted ({label} {len(feed_words):,})"
    if len(page_words) <= len(feed_words):
        return Verdict(False, f"extraction shorter than the {label}: {counts}")
    if mode == "auto":
        held = set(page_words)
        covered = sum(word in held for word in feed_words) / max(len(feed_words), 1)
        if covered < COVERAGE:
            return Verdict(False, f"the page does not hold the {label}: {counts}")
        if label == "feed text" and len(page_words) < MUCH_MORE * len(feed_words):
            return Verdict(False, f"the page holds little more than the feed: {counts}")
    return Verdict(True, counts)


def same_site(url: str | None, other: str | None) -> bool:
    """Whether two URLs are on one host (a leading "www." aside)."""

    def host(value: str | None) -> str | None:
        try:
            name = urlsplit(value or "").hostname
        except ValueError:
            return None
        return name.removeprefix("www.") if name else None

    first = host(url)
    return first is not None and first == host(other)
