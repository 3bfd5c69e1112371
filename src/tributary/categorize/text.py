"""How text becomes words, the same way for queries and for posts.

Matching is on words, so both sides go through ``words``:

1. ``str.casefold`` (``"Straße"`` -> ``"strasse"``).
2. For non-ASCII text only: NFKD, which splits accents from their letters and folds
   compatibility forms (ligatures, full-width letters), then the diacritical marks of
   Latin, Greek, Cyrillic, Hebrew and Arabic are dropped, so ``"Kyïv"`` == ``"kyiv"`` and
   ``"café"`` == ``"cafe"``. This also folds Cyrillic short i to i and yi to i (U+0456), as
   ICU/Elasticsearch folding does: the same on both sides, so queries in any spelling match.
   Marks that are part of a letter in other scripts (Devanagari vowel signs, Thai) stay,
   and count as word characters (Python's ``\\w`` leaves them out).
3. Words are runs of letters, digits and those marks. Everything else separates words:
   ``"al-Shifa"`` is ``al shifa``, ``"U.S."`` is ``u s``, ``"snake_case"`` is ``snake case``.
   An English possessive ``'s`` (straight or curly) is dropped (``"Kyiv's"`` -> ``kyiv``); other
   apostrophes separate (``"l'Ukraine"`` -> ``l ukraine``).
"""

from __future__ import annotations

import re
import sys
import unicodedata

# Blocks whose nonspacing marks are diacritics to fold away rather than parts of letters.
_DIACRITIC_BLOCKS = (
    (0x0300, 0x036F),  # Combining Diacritical Marks (Latin, Greek, Cyrillic after NFKD)
    (0x0483, 0x0489),  # Cyrillic titlo and other combining marks
    (0x0591, 0x05C7),  # Hebrew points and cantillation
    (0x0610, 0x061A),  # Arabic honorific marks
    (0x064B, 0x065F),  # Arabic harakat (optional vowel signs)
    (0x0670, 0x0670),  # Arabic superscript alef
    (0x06D6, 0x06ED),  # Arabic Quranic annotation marks
    (0x1AB0, 0x1AFF),  # Combining Diacritical Marks Extended
    (0x1DC0, 0x1DFF),  # Combining Diacritical Marks Supplement
    (0x20D0, 0x20FF),  # Combining Diacritical Marks for Symbols
    (0xFE20, 0xFE2F),  # Combining Half Marks
)


def _char_class(codepoints: list[int]) -> str:
    """A regex character-class body covering ``codepoints`` (sorted) as ranges."""
    parts: list[str] = []
    start = prev = -2
    for cp in [*codepoints, sys.maxunicode + 2]:
        if cp != prev + 1:
            if start >= 0:
                parts.append(
                    re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else "")
                )
            start = cp
        prev = cp
    return "".join(parts)


def _marks() -> tuple[list[int], list[int]]:
    every = [cp for cp in range(0x0300, 0x20000) if unicodedata.category(chr(cp))[0] == "M"]
    diacritics = [
        cp
        for cp in every
        if unicodedata.category(chr(cp)) == "Mn"
        and any(lo <= cp <= hi for lo, hi in _DIACRITIC_BLOCKS)
    ]
    return every, diacritics


_ALL_MARKS, _DIACRITICS = _marks()
_FOLD = re.compile(f"[{_char_class(_DIACRITICS)}]+")
# Word characters: \w plus the marks of the Basic Multilingual Plane. A class that holds only
# BMP characters compiles to a bitmap; one astral character makes every test a range scan
# (three times slower), so the astral marks (historic scripts such as Brahmi) are tried
# only where a word ends, and only in text that has astral characters at all.
_BMP = _char_class([cp for cp in _ALL_MARKS if cp <= 0xFFFF])
_ASTRAL = _char_class([cp for cp in _ALL_MARKS if cp > 0xFFFF])
_W = rf"[\w{_BMP}]"
# A word, then an optional English possessive that is swallowed (not a word of its own).
_POSSESSIVE = rf"(?:'s(?!{_W}))?"
_WORD = re.compile(rf"({_W}+){_POSSESSIVE}")
_WORD_ASTRAL = re.compile(rf"({_W}+(?:[{_ASTRAL}]+{_W}*)*){_POSSESSIVE}")


# Typographic punctuation that would otherwise push plain English text off the ASCII path.
_TYPOGRAPHIC = (
    ("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"),  # the modifier-letter apostrophe
    ("\u201c", '"'), ("\u201d", '"'), ("\u2014", "-"), ("\u2013", "-"), ("\u00a0", " "),
)  # fmt: skip
# The ASCII path: possessives removed by one regex, every other non-word character turned
# into a space by str.translate, then str.split; five times faster than a findall.
# It starts with the literal quote so the regex engine can skip ahead to candidates.
_ASCII_POSSESSIVE = re.compile(r"'(?<=[a-z0-9]')s(?![a-z0-9])")
_ASCII_SPACES = str.maketrans({chr(i): (chr(i) if chr(i).isalnum() else " ") for i in range(128)})


def fold(text: str) -> str:
    """Casefold, and for non-ASCII text apply NFKD and drop diacritical marks."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    # The modifier-letter apostrophe (Ukrainian, Hawaiian) counts as a letter in Unicode;
    # spelling it "'" makes "Kyiv\u02bcs" and "Kyiv's" fold alike.
    for typographic, plain in _TYPOGRAPHIC:
        folded = folded.replace(typographic, plain)
    if folded.isascii():
        return folded
    folded = unicodedata.normalize("NFKD", folded)
    # NFKD can yield capitals again (e.g. from compatibility forms): fold once more.
    return _FOLD.sub("", folded).casefold()


def strip_diacritics(text: str) -> str:
    """``text`` with the diacritics ``fold`` drops removed, case and all else kept
    ("Kyïv" -> "Kyiv"): text to show that a folding full-text index can also read."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _FOLD.sub("", unicodedata.normalize("NFKD", text)))


def words(text: str) -> list[str]:
    """The words of ``text``, folded, in order (see the module docstring)."""
    folded = fold(text)
    if folded.isascii():
        if "'" in folded:
            folded = _ASCII_POSSESSIVE.sub("", folded)
        return folded.translate(_ASCII_SPACES).split()
    folded = folded.replace("_", " ")
    if max(folded) > "\uffff":
        return _WORD_ASTRAL.findall(folded)
    return _WORD.findall(folded)


def tag_key(tag: str) -> str:
    """The form in which two tags are compared: their words, joined by one space."""
    return " ".join(words(tag))
