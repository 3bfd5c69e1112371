"""Feed boilerplate removed from bodies, as a table of rules (miniflux keeps its per-site
rewrite rules the same way: data, one tested case each).

A rule is one of four kinds, tried in this order:

    block           a paragraph-like block whose whole text matches is removed
                    (WordPress's "The post X appeared first on Y.", syndication credits)
    block_and_rest  the block and everything after it in its parent are removed
                    (Jetpack's "Share this:" / "Like this:" bars: a heading, then buttons)
    link            the body's last text sits in a link whose whole text matches: the link goes
                    ("Continue reading <span>Title</span>", "Read more »", "[…]")
    tail            the end of the body's last text matches: that end is cut off
                    ("… the council said. [&#8230;]", "Continue reading…")

Rules marked ``truncates`` say the body is only the start of the article: the feed published an
excerpt, and the caller may fetch the rest. Blocks left empty are removed afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tributary.clean.dom import Fragment

RuleKind = Literal["block", "block_and_rest", "link", "tail"]

# The phrases themes and feed plugins put after an excerpt.
_CONTINUE = (
    r"(?:continue reading|read more|keep reading|read on"
    r"|read (?:the )?(?:full|whole|entire|complete|rest of the) (?:article|story|post|piece|report)"
    r"|read the rest)"
)
# The ellipsis as a character, as dots, and as the entities some feeds escape twice.
_ELLIPSIS = r"(?:…|\.\.\.|&hellip;|&#8230;|&#x2026;)"
_TRAILER = r"[\s.…»\u203a→>:!\-\u2013—]*"


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    kind: RuleKind
    pattern: re.Pattern[str]
    truncates: bool = False


def _rule(name: str, kind: RuleKind, pattern: str, *, truncates: bool = False) -> Rule:
    return Rule(name, kind, re.compile(pattern, re.IGNORECASE | re.DOTALL), truncates)


RULES: tuple[Rule, ...] = (
    # WordPress (Yoast SEO and others): "The post <a>Title</a> appeared first on <a>Site</a>."
    _rule("wordpress_footer", "block", r"the post .+ appeared first on .+"),
    # Syndication credits; attribution.py reads them before they are removed.
    _rule(
        "syndication_credit",
        "block",
        r"this (?:content|article|story|post) (?:originally|first) appeared (?:on|in|at) .+",
    ),
    _rule(
        "full_article_at",
        "block",
        r"(?:the|read the) full (?:article|story|post|text) (?:is |can be (?:read|found) )?"
        r"(?:available )?(?:at|on|here)\b.*",
        truncates=True,
    ),
    # A paragraph that is only the marker: "<p class="link-more"><a>Continue reading →</a></p>"
    _rule(
        "continue_reading_block",
        "block",
        _CONTINUE
        + r"(?:\s+(?:at|on|in)\s+.{1,80}?|\s*[\"“\u2018'].{1,150}?[\"”\u2019'])?"
        + _TRAILER,
        truncates=True,
    ),
    _rule("share_bar", "block_and_rest", r"(?:share|like) this(?: post| article| story)?:?"),
    _rule("continue_reading_link", "link", _CONTINUE + r"\b.{0,200}", truncates=True),
    _rule("ellipsis_link", "link", r"[\[(]?\s*" + _ELLIPSIS + r"\s*[\])]?", truncates=True),
    _rule(
        "bracketed_ellipsis", "tail", r"\s*[\[(]\s*" + _ELLIPSIS + r"\s*[\])]\s*$", truncates=True
    ),
    _rule(
        "continue_reading_text",
        "tail",
        r"(?:^|(?<=[.!?…\"”\u2019)\]]))\s*" + _CONTINUE + _TRAILER + "$",
        truncates=True,
    ),
    # What "[<a>…</a>]" leaves once the link is gone.
    _rule("empty_brackets", "tail", r"\s*[\[(]\s*[\])]\s*$"),
)
_MAX_TRAILING_EDITS = 10  # each edit shortens the body; this only bounds a pathological one


def _remove_blocks(fragment: Fragment) -> bool:
    """Apply the block rules; True when one of them marks truncation."""
    truncated = False
    rescan = True
    while rescan:
        rescan = False
        for block in fragment.leaf_blocks():
            rule = _first_match(block.text, ("block", "block_and_rest"))
            if rule is None:
                continue
            truncated |= rule.truncates
            if rule.kind == "block_and_rest":
                block.remove_with_following()
                rescan = True  # the blocks listed after this one may be gone
                break
            block.remove()
    return truncated


def _first_match(text: str, kinds: tuple[RuleKind, ...]) -> Rule | None:
    for rule in RULES:
        if rule.kind in kinds and rule.pattern.fullmatch(text):
            return rule
    return None


def _trim_once(fragment: Fragment) -> Rule | None:
    """Remove one trailing marker; the rule that matched, or None when the end is clean."""
    run = fragment.last_text()
    if run is None:
        return None
    link = run.link() or run.closed_link()
    if link is not None:
        rule = _first_match(link.text, ("link",))
        if rule is not None:
            link.remove()
            return rule
    for rule in RULES:
        match = rule.pattern.search(run.text) if rule.kind == "tail" else None
        if match is not None:
            run.set_text(run.text[: match.start()])
            return rule
    return None


def _trim_end(fragment: Fragment) -> bool:
    truncated = False
    for _ in range(_MAX_TRAILING_EDITS):
        rule = _trim_once(fragment)
        if rule is None:
            break
        truncated |= rule.truncates
    return truncated


def remove_boilerplate(fragment: Fragment) -> bool:
    """Remove feed boilerplate from ``fragment`` in place; True when it looked truncated."""
    truncated = _remove_blocks(fragment)
    truncated |= _trim_end(fragment)
    fragment.remove_empty()
    return truncated


def clean_html(markup: str) -> tuple[str, bool]:
    """``markup`` without boilerplate, and whether it looked truncated (for callers with HTML)."""
    fragment = Fragment(markup)
    truncated = remove_boilerplate(fragment)
    return fragment.to_html(), truncated
