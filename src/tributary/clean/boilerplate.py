"""Feed boilerplate removed from bodies, as a table of rules (miniflux keeps its per-site
rewrite rules the same way: data, one tested case each).

Before the rules, three sweeps by markup rather than text: tracking images (FeedBurner's
"~r" pixel, WordPress stats, 1x1 images), share-button plugins' containers (by class) and
blocks made only of share links (Facebook's sharer, X's intent, FeedBurner's "~ff" flares).
Then a source's own ``strip`` rules (strip.py). Then a rule is one of five kinds, in this order:

    block           a paragraph-like block whose whole text matches is removed
                    (syndication credits, a lone "Continue reading →")
    block_and_rest  the block and everything after it in its parent are removed
                    (Jetpack's "Share this:" / "Like this:" bars: a heading, then buttons)
    footer          like block, but only among the body's last blocks, where feed plugins put
                    it (WordPress's "The post X appeared first on Y.", "Source: <a>…</a>"):
                    the same sentence inside an article stays
    link            the body's last text sits in a link whose whole text matches: the link goes
                    ("Continue reading <span>Title</span>", "Read more »", "[…]")
    tail            the end of the body's last text matches: that end is cut off
                    ("… the council said. [&#8230;]", "Continue reading…")

A rule may also ask that the block link to the article itself (``to_article``: a "Source"
link elsewhere credits someone) or pass a check (``confirm``: attribution's reading of a
credit line). Rules marked ``truncates`` say the body is only the start of the article: the
feed published an excerpt, and the caller may fetch the rest. Blocks left empty are removed
afterwards. Nothing here removes a sentence from inside a paragraph of article text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from tributary.clean.attribution import is_credit_line
from tributary.clean.dom import Block, Fragment
from tributary.clean.strip import StripRule
from tributary.clean.urls import canonical_url

RuleKind = Literal["block", "block_and_rest", "footer", "link", "tail"]

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
    to_article: bool = False  # the block must hold a link to the article itself
    confirm: Callable[[str], bool] | None = None  # a further check of the block's text

    def matches(self, block: Block, text: str, article_url: str | None) -> bool:
        """Whether ``block`` (whose text is ``text``) is this rule's boilerplate."""
        if not self.pattern.fullmatch(text):
            return False
        if self.confirm is not None and not self.confirm(text):
            return False
        return not self.to_article or _links_to(block, article_url)


def _rule(
    name: str,
    kind: RuleKind,
    pattern: str,
    *,
    truncates: bool = False,
    to_article: bool = False,
    confirm: Callable[[str], bool] | None = None,
) -> Rule:
    compiled = re.compile(pattern, re.IGNORECASE | re.DOTALL)
    return Rule(name, kind, compiled, truncates, to_article, confirm)


# A site's name starts with a capital or a digit ("Harbor Ledger", "9News", "Harbor-Ledger.com")
# and holds no second sentence: "... appeared first on its website." is prose.
_SITE = r"(?-i:[A-Z0-9])(?:(?!\.\s)[^!?]){0,100}"

RULES: tuple[Rule, ...] = (
    # WordPress (Yoast SEO and others): "The post <a>Title</a> appeared first on <a>Site</a>.",
    # and the "first appeared on" wording of other SEO plugins.
    _rule(
        "wordpress_footer",
        "footer",
        r"the post .{1,300}? (?:appeared first|first appeared) on " + _SITE,
    ),
    # "Source: <a href=ARTICLE>Harbor Ledger</a>", "<a href=ARTICLE>Source</a>": the feed's
    # link back to the page the post already links to. A "Source" naming another page stays.
    _rule(
        "source_link",
        "footer",
        r"(?:source|source link|via)\s*[:\-\u2013\u2014]?\s*.{0,80}",
        to_article=True,
    ),
    # Syndication credits; attribution.py reads them before they are removed, and decides
    # what is one ("Originally published in Spain, the novel ..." is not).
    _rule(
        "syndication_credit",
        "block",
        r"(?:this \w+ (?:(?:was|is) )?)?(?:originally|first) (?:appeared|published)\b.+"
        r"|(?:this \w+ (?:is|was) )?republished (?:with permission )?from\b.+",
        confirm=is_credit_line,
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
    # What a row of share buttons leaves once its links are gone: "Share: | |".
    _rule("share_label", "block", r"(?:share(?: this| on| via)?|spread the word)[\s:|·•,/\-]*"),
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

# Images that count readers: FeedBurner's "~r" pixel and "~ff" flare images, WordPress and
# Jetpack stats, Feedsportal and FeedBlitz counters, mail-open beacons.
TRACKING_IMAGE = re.compile(
    r"//(?:feeds\.feedburner\.com|feedproxy\.google\.com)/~(?:r|ff)/"
    r"|//(?:pixel\.wp\.com|stats\.wordpress\.com)/"
    r"|//(?:[\w-]+\.)?feedsportal\.com/"
    r"|//feeds\.feedblitz\.com/~/i/"
    r"|//(?:www\.)?google-analytics\.com/(?:collect|__utm\.gif)"
    r"|//(?:pixel\.quantserve\.com|sb\.scorecardresearch\.com)/",
    re.IGNORECASE,
)
# Containers of share-button plugins: Jetpack, AddToAny, Shareaholic, FeedBurner FeedFlare,
# Simple Share Buttons, Social Warfare, Super Socializer, ShareThis.
SHARE_CLASSES = frozenset({
    "sharedaddy", "sd-sharing-enabled", "addtoany_share_save_container", "addtoany_content",
    "a2a_kit", "shareaholic-canvas", "feedflare", "ssba", "ssba-wrap", "swp_social_panel",
    "heateor_sss_sharing_container", "sharethis-inline-share-buttons", "share-buttons",
})  # fmt: skip
# Links whose only job is to share the page somewhere (or FeedBurner's flares, which do).
SHARE_LINK = re.compile(
    r"^https?://(?:[\w-]+\.)*(?:"
    r"facebook\.com/(?:sharer|share\.php|dialog/share)|(?:twitter|x)\.com/(?:intent|share)"
    r"|linkedin\.com/(?:shareArticle|sharing)|reddit\.com/submit|pinterest\.\w+/pin/create"
    r"|(?:api\.)?whatsapp\.com/send|wa\.me/\?|t\.me/share|telegram\.me/share"
    r"|tumblr\.com/(?:share|widgets/share)|getpocket\.com/(?:save|edit)|bsky\.app/intent"
    r"|(?:www\.)?addtoany\.com/(?:add_to|share)|(?:feeds\.feedburner\.com|feedproxy\.google\.com)/~ff/"
    r")"
    r"|^mailto:\?",
    re.IGNORECASE,
)
# What may sit beside share links in their block: a label and separators.
_SHARE_REST = re.compile(r"(?:share(?: this| on| via)?|follow us)?[\s:|·•,/\-]*", re.IGNORECASE)


def is_tracking_image(src: str) -> bool:
    return bool(TRACKING_IMAGE.search(src))


def _links_to(block: Block, article_url: str | None) -> bool:
    article = canonical_url(article_url)
    return article is not None and any(
        canonical_url(href, article_url) == article for href, _ in block.links()
    )


def _is_share_block(block: Block) -> bool:
    """A block of share links only, with at most a label ("Share: <a>…</a> | <a>…</a>")."""
    links = block.links()
    if not links or not all(SHARE_LINK.search(href.strip()) for href, _ in links):
        return False
    rest = block.text
    for _, text in links:
        rest = rest.replace(text, " ", 1)
    return bool(_SHARE_REST.fullmatch(rest.strip()))


def _remove_markup(fragment: Fragment) -> None:
    """The sweeps by markup: trackers, share plugins' containers, blocks of share links."""
    fragment.drop_tracking_pixels()
    fragment.drop_images(is_tracking_image)
    fragment.drop_classes(SHARE_CLASSES)
    for block in fragment.leaf_blocks():
        if _is_share_block(block):
            block.remove()


def _remove_blocks(fragment: Fragment, article_url: str | None) -> bool:
    """Apply the block rules; True when one of them marks truncation."""
    truncated = False
    rescan = True
    while rescan:
        rescan = False
        for block in fragment.leaf_blocks():
            rule = _first_block_match(block, block.text, ("block", "block_and_rest"), article_url)
            if rule is None:
                continue
            truncated |= rule.truncates
            if rule.kind == "block_and_rest":
                block.remove_with_following()
                rescan = True  # the blocks listed after this one may be gone
                break
            block.remove()
    return truncated


def _remove_footer(fragment: Fragment, article_url: str | None) -> bool:
    """Footer rules, from the last block up, while blocks match (or are blank)."""
    truncated = False
    for block in reversed(fragment.leaf_blocks()):
        text = block.text
        if not text and not block.has_media():
            continue
        rule = _first_block_match(block, text, ("footer",), article_url)
        if rule is None:
            break
        truncated |= rule.truncates
        block.remove()
    return truncated


def _first_block_match(
    block: Block, text: str, kinds: tuple[RuleKind, ...], article_url: str | None
) -> Rule | None:
    for rule in RULES:
        if rule.kind in kinds and rule.matches(block, text, article_url):
            return rule
    return None


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


def apply_strip_rules(fragment: Fragment, rules: Sequence[StripRule]) -> None:
    """A source's own rules: elements a CSS selector names, blocks a regex finds text in."""
    for rule in rules:
        if rule.xpath is not None:
            fragment.drop_xpath(rule.xpath)
        elif rule.pattern is not None:
            for block in fragment.leaf_blocks():
                if rule.pattern.search(block.text):
                    block.remove()


def remove_boilerplate(
    fragment: Fragment, *, article_url: str | None = None, strip: Sequence[StripRule] = ()
) -> bool:
    """Remove feed boilerplate from ``fragment`` in place; True when it looked truncated.

    ``article_url`` is the entry's own link (a "Source" link to it is boilerplate);
    ``strip`` the source's own rules.
    """
    _remove_markup(fragment)
    apply_strip_rules(fragment, strip)
    truncated = _remove_blocks(fragment, article_url)
    truncated |= _remove_footer(fragment, article_url)
    truncated |= _trim_end(fragment)
    fragment.remove_empty()
    return truncated


def clean_html(
    markup: str, *, article_url: str | None = None, strip: Sequence[StripRule] = ()
) -> tuple[str, bool]:
    """``markup`` without boilerplate, and whether it looked truncated (for callers with HTML)."""
    fragment = Fragment(markup)
    truncated = remove_boilerplate(fragment, article_url=article_url, strip=strip)
    return fragment.to_html(), truncated
