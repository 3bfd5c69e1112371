"""What a post says, as the story clustering compares it: weighted words and named things.

PURE. A post becomes two sparse vectors, both L2-normalised:

- ``terms``: the words of its title (counted three times: a headline names the event) and its
  lead (the first ``LEAD_WORDS`` words of the text), lowercased and lightly stemmed
  ("earthquakes" -> "earthquake"), each weighted by ``1 + log(count)`` times its rarity in
  English. Rarity comes from wordfreq's English word list (a package, so every worker and
  every run weighs a word the same, with no corpus state to share): ``-log10(frequency) - 2``,
  so "the" weighs nothing, "said" 1, "earthquake" 2.9 and a name the list lacks 6.
- ``entities``: the same weights restricted to the named things -- capitalised words that
  are not ordinary words capitalised by position (a sentence's first word, a headline in Title
  Case) and all-capital acronyms. Two earthquakes share "earthquake" and "magnitude" but not
  the name of the place; two acquisitions by one company share the buyer, not the bought.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

Vector = dict[str, float]

LEAD_WORDS = 250
TITLE_REPEAT = 3
# -log10 of a word's English frequency, less this, is its weight: words more common than
# one in a hundred weigh nothing.
COMMON = 2.0
# Words whose weight and stem are remembered: the common ones hit (over 96 % of lookups on a
# week of news); names and figures keep coming, and an unbounded cache grew a parsing worker
# by tens of MB over a 5,000-feed update.
WORD_CACHE = 2**14
UNKNOWN_RARITY = 8.0  # a word wordfreq does not list (names, invented places)
NUMBER_WEIGHT = 1.5  # figures help ("magnitude 6.8"), but outlets round them differently
# A capitalised word at a sentence's start (or in a Title Case headline) is a name only if
# its lowercase form is rarer than this (about one word in 300,000).
ORDINARY = 10**-5.5

_WORD = re.compile(r"[^\W_]+(?:[.,'\u2019][^\W_]+)*")
# What may end a sentence or open a quotation before a capitalised word that starts one.
_SENTENCE_END = re.compile(r"[.!?:;\"\u201c\u201d\u2018(\[\u2014\u2013-]\s*$")

_STOPWORDS = (
    "a about above after again against all also am an and any are as at be because been before "
    "being below between both but by can could did do does doing down during each few for from "
    "further had has have having he her here hers herself him himself his how i if in into is it "
    "its itself just me more most my myself no nor not now of off on once only or other our ours "
    "ourselves out over own same she should so some such than that the their theirs them "
    "themselves then there these they this those through to too under until up very was we were "
    "what when where which while who whom why will with would you your yours yourself yourselves "
    "said says say told tell according reported reports report news update updates live latest "
    "new week weeks day days year years today yesterday tomorrow morning evening night monday "
    "tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december mr mrs ms dr per cent percent one two three "
    "first last since still would could may might must shall us "
)  # fmt: skip
STOPWORDS = frozenset(_STOPWORDS.split())


@cache
def _frequencies() -> Mapping[str, float]:
    import wordfreq  # loaded once, when the first post is read (0.4 s), unless preloaded

    return wordfreq.get_frequency_dict("en", wordlist="best")


def load_word_list() -> None:
    """Load the word list now (a process that forks workers loads it once for them all)."""
    _frequencies()


def rarity(word: str) -> float:
    """How unusual ``word`` is in English: ``-log10`` of its frequency, at most UNKNOWN_RARITY."""
    frequency = _frequencies().get(word)
    if not frequency:
        return UNKNOWN_RARITY
    return min(UNKNOWN_RARITY, -math.log10(frequency))


@lru_cache(maxsize=WORD_CACHE)
def weight(word: str) -> float:
    """The weight of one (unstemmed, lowercase) word; 0 for stop words."""
    if word in STOPWORDS:
        return 0.0
    if word[0].isdigit():
        return NUMBER_WEIGHT if len(word) > 1 and not _is_year(word) else 0.0
    return max(0.0, rarity(word) - COMMON)


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and word[:2] in ("19", "20")


@lru_cache(maxsize=WORD_CACHE)
def stem(word: str) -> str:
    """A light English stem: possessives and plurals only ("cities" -> "city")."""
    for suffix in ("'s", "\u2019s"):
        if word.endswith(suffix):
            word = word[: -len(suffix)]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class Features:
    """A post as the clustering sees it: unit vectors of its words and its named things."""

    terms: Vector
    entities: Vector


def features(title: str, text: str) -> Features:
    """The features of a post from its title and plain text."""
    lead = " ".join(text.split()[:LEAD_WORDS])
    counts: Counter[str] = Counter()
    named: set[str] = set()
    key_weights: dict[str, float] = {}
    for part, repeat, title_case in ((title, TITLE_REPEAT, True), (lead, 1, False)):
        for word, is_name in _words(part, title_case=title_case):
            w = weight(word)
            if w <= 0.0:
                continue
            key = stem(word)
            counts[key] += repeat
            key_weights.setdefault(key, _key_weight(key, w))
            if is_name:
                named.add(key)
    weights = {key: (1.0 + math.log(n)) * key_weights[key] for key, n in counts.items()}
    terms = normalize(weights)
    entities = normalize({key: weights[key] for key in named if key in weights})
    return Features(terms, entities)


def _key_weight(key: str, word_weight: float) -> float:
    """A stem's weight: its own as a word when wordfreq lists it (so "earthquakes" weighs
    what "earthquake" does), else the weight of the spelling at hand."""
    if key in _frequencies():
        return weight(key) or word_weight
    return word_weight


def _words(text: str, *, title_case: bool) -> Iterable[tuple[str, bool]]:
    """The lowercase words of ``text`` and whether each is (part of) a name."""
    for match in _WORD.finditer(text):
        raw = match.group()
        word = raw.lower().strip(".,")
        if not word:
            continue
        yield word, _is_name(raw, word, text, match.start(), title_case)


def _is_name(raw: str, word: str, text: str, start: int, title_case: bool) -> bool:
    if not raw[0].isupper() or word in STOPWORDS or word[0].isdigit():
        return False
    if len(raw) > 1 and raw.isupper():
        return True  # an acronym: UN, NATO
    positional = (
        title_case or start == 0 or bool(_SENTENCE_END.search(text[max(0, start - 3) : start]))
    )
    if not positional:
        return True
    return _frequencies().get(word, 0.0) < ORDINARY


def normalize(vector: Mapping[str, float]) -> Vector:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    if norm == 0.0:
        return {}
    return {k: v / norm for k, v in vector.items()}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())
