"""A source's own boilerplate rules (``[[sources]] strip = [...]`` in the configuration).

Two forms, written as strings so that a list reads as the rules it holds:

    "css:div.newsletter-signup"     every element the CSS selector names is removed
    "re:^Sign up for our .*"        every paragraph-like block whose text the regular
                                    expression finds (``re.search``) is removed

Both are checked when the configuration is read, so a bad rule stops Tributary with a message
naming it instead of failing quietly on every entry. A selector is kept as the XPath it
translates to: a plain string, like the rest of the configuration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tributary.clean.dom import css_to_xpath

PREFIXES = ("css:", "re:")


@dataclass(frozen=True, slots=True)
class StripRule:
    """One rule: ``xpath`` for a CSS rule, ``pattern`` for a text rule."""

    written: str  # as the configuration wrote it
    xpath: str | None = None
    pattern: re.Pattern[str] | None = None


def parse_strip_rule(written: str) -> StripRule:
    """``written`` checked and compiled; ValueError with the reason when it is not a rule."""
    kind, _, body = written.partition(":")
    body = body.strip()
    if f"{kind}:" not in PREFIXES:
        raise ValueError('expected "css:SELECTOR" or "re:REGEX"')
    if not body:
        raise ValueError(f"nothing after {kind}:")
    if kind == "css":
        return StripRule(written, xpath=css_to_xpath(body))
    try:
        return StripRule(written, pattern=re.compile(body))
    except re.error as exc:
        raise ValueError(f"invalid regular expression: {exc}") from exc
