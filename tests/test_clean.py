"""The clean step: URLs, text, boilerplate rules, attribution and ``clean_entry`` end to end.

Every outlet, person and sentence here is invented.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tributary.clean import (
    canonical_url,
    clean_entry,
    clean_html,
    find_origin,
    html_to_text,
    is_http_url,
    plain_text,
    sanitize_html,
    summarize,
)
from tributary.clean.boilerplate import RULES
from tributary.clean.entry import FullText, with_full_text
from tributary.clean.strip import parse_strip_rule
from tributary.clean.text import _simple_events, _TextCollector
from tributary.types import Enclosure, EntryData

NOW = datetime(2025, 5, 20, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=3)
ARTICLE = "https://harbor-ledger.example/2025/05/ferry-strike/"
LONG_TEXT = " ".join(["The ferry crews voted to strike over the new rota."] * 20)


def entry(**fields: object) -> EntryData:
    values: dict[str, object] = {
        "guid": "ferry-1",
        "url": ARTICLE,
        "title": "Ferry crews vote to strike",
        "author": "Ines Varga",
        "published": NOW - timedelta(hours=2),
        "updated": None,
        "summary_html": None,
        "content_html": f"<p>{LONG_TEXT}</p>",
    }
    values.update(fields)
    return EntryData(**values)  # type: ignore[arg-type]


# --- urls ----------------------------------------------------------------------------------

CANONICAL = [
    ("already_canonical", "https://example.org/a/b?x=1", None, "https://example.org/a/b?x=1"),
    ("scheme_and_host_lowercased", "HTTPS://News.Example.ORG/Path", None,
     "https://news.example.org/Path"),
    ("default_https_port_dropped", "https://example.org:443/a", None, "https://example.org/a"),
    ("default_http_port_dropped", "http://example.org:80/a", None, "http://example.org/a"),
    ("other_port_kept", "http://example.org:8080/a", None, "http://example.org:8080/a"),
    ("fragment_dropped", "https://example.org/a#comments", None, "https://example.org/a"),
    ("empty_path_becomes_slash", "https://example.org", None, "https://example.org/"),
    ("utm_dropped_others_kept_in_order",
     "https://example.org/a?b=2&utm_source=rss&a=1&utm_medium=feed", None,
     "https://example.org/a?b=2&a=1"),
    ("click_ids_dropped", "https://example.org/a?fbclid=x&gclid=y&mc_cid=z&mc_eid=w", None,
     "https://example.org/a"),
    ("tracking_name_case_insensitive", "https://example.org/a?UTM_Source=x&id=3", None,
     "https://example.org/a?id=3"),
    ("encoding_kept", "https://example.org/a%20b?q=caf%C3%A9", None,
     "https://example.org/a%20b?q=caf%C3%A9"),
    ("relative_joined_to_base", "../b?utm_campaign=x", "https://example.org/x/y/z",
     "https://example.org/x/b"),
    ("whitespace_stripped", "  https://example.org/a \n", None, "https://example.org/a"),
    ("relative_without_base", "/a/b", None, None),
    ("javascript_refused", "javascript:alert(1)", None, None),
    ("mailto_refused", "mailto:desk@example.org", None, None),
    ("ftp_refused", "ftp://example.org/file", None, None),
    ("no_host_refused", "https:///path", None, None),
    ("bad_port_refused", "https://example.org:99999/a", None, None),
    ("empty", "", None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("url", "base", "expected"), [c[1:] for c in CANONICAL], ids=[c[0] for c in CANONICAL]
)
def test_canonical_url(url: str, base: str | None, expected: str | None) -> None:
    assert canonical_url(url, base) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("https://example.org/", True, id="https"),
        pytest.param("HTTP://example.org", True, id="http_upper"),
        pytest.param("/relative", False, id="relative"),
        pytest.param("javascript:alert(1)", False, id="javascript"),
        pytest.param("http://[::1", False, id="broken_ipv6"),
        pytest.param(None, False, id="none"),
    ],
)
def test_is_http_url(url: str | None, expected: bool) -> None:
    assert is_http_url(url) is expected


# --- text ----------------------------------------------------------------------------------

HTML_TO_TEXT = [
    ("paragraphs", "<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
    ("whitespace_collapsed", "<p>  One\n\t and   two </p>", "One and two"),
    ("entities_decoded", "<p>Tom &amp; Jerry &#8230; caf&eacute;&nbsp;bar</p>",
     "Tom & Jerry … café bar"),
    ("line_break", "<p>Line one<br>line two</p>", "Line one\nline two"),
    ("list_items", "<ul><li>one</li><li>two</li></ul>", "one\n\ntwo"),
    ("inline_no_break", "<p>a <b>bold</b> <a href='x'>link</a></p>", "a bold link"),
    ("script_and_style_skipped", "<p>kept</p><script>x()</script><style>p{}</style>", "kept"),
    ("loose_text", "plain words", "plain words"),
    ("empty", "", ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("markup", "expected"), [c[1:] for c in HTML_TO_TEXT], ids=[c[0] for c in HTML_TO_TEXT]
)
def test_html_to_text(markup: str, expected: str) -> None:
    assert html_to_text(markup) == expected


def _html_parser_text(markup: str, *, paragraphs: bool) -> str:
    """What HTMLParser alone reads from ``markup``: the reference for the regex fast path."""
    collector = _TextCollector(paragraphs=paragraphs)
    collector.feed(markup)
    collector.close()
    return "".join(collector.parts)


# Markup the fast path must read as HTMLParser does, or leave to it.
TOKENIZER_CASES = [
    '<P CLASS="x">Upper</P >case', "<br/>a<br />b<p/>c", '</p class="x">end tag with junk',
    '<a href="a>b">quoted &gt;</a>', "<a href='x'>single</a>", "<a href=x>bare</a>",
    '<a title="x"title="y">run on</a>', '<a  href = "x">spaced</a>', "<video controls>v",
    "&amp &copy &#60; &#x3c; &notanentity; &amp;amp; &#0; &#x110000;", "&lt;b&gt;",
    "a<!-- c -->b", "<!doctype html>a", "<?php x ?>a", "<![CDATA[x]]>a", "a</>b", "< p>",
    "a<b", "<b\u00a0x>a</b>", "<b\x0bx>a</b>", "<Br>a", "<SCRIPT>x<p>y</SCRIPT>z",
    "<script><title></script>kept", "<style><noscript></style>kept", "<textarea><p>t</textarea>", "<title>t</title>", "<p\t>tab</p>", '<p\n class="x"\n>nl</p>',
    "a\r\nb\u00a0c&nbsp;d", "<h2>Head</h2><ul><li>one<li>two</ul><table><tr><td>c</td></tr></table>",
]  # fmt: skip


def _random_markup(rng: random.Random, depth: int = 0) -> str:
    words = ["word", "x & y", "5 < 6", "&amp;", "&nbsp;", "&#8230;", "\n", " ", "Read more"]
    tags = ["p", "div", "span", "a", "b", "em", "li", "ul", "h2", "blockquote", "br", "img",
            "table", "td", "pre", "script", "style", "svg", "title", "noscript"]  # fmt: skip
    attrs = ["", ' href="/x?a=1&amp;b=2"', ' title="a>b"', ' class="c"', " src='y'", " hidden"]
    out = []
    for _ in range(rng.randint(0, 4)):
        if rng.random() < 0.5 or depth > 4:
            out.append(rng.choice(words))
        elif rng.random() < 0.1:
            out.append(rng.choice(TOKENIZER_CASES))
        else:
            tag = rng.choice(tags)
            inner = _random_markup(rng, depth + 1)
            out.append(
                f"<{tag}{rng.choice(attrs)}>{inner}" + ("" if rng.random() < 0.1 else f"</{tag}>")
            )
    return "".join(out)


def test_html_to_text_reads_as_html_parser_does() -> None:
    """The regex path gives HTMLParser's text for every markup it takes, sanitized or not,
    and it takes all the sanitizer's output (else the speed it exists for is gone)."""
    rng = random.Random(5)
    markups = TOKENIZER_CASES + [_random_markup(rng) for _ in range(3000)]
    taken = 0
    for raw in markups:
        sanitized = sanitize_html(raw, "https://outlet.example/a/")
        assert _simple_events(_TextCollector(paragraphs=True), sanitized), sanitized
        for markup in (raw, sanitized):
            for paragraphs in (True, False):
                collector = _TextCollector(paragraphs=paragraphs)
                if _simple_events(collector, markup):
                    taken += 1
                    expected = _html_parser_text(markup, paragraphs=paragraphs)
                    assert "".join(collector.parts) == expected, markup
    assert taken > len(markups) * 2  # the raw markup took it too, where it was simple


PLAIN = [
    ("markup_dropped", "<b>Ferry</b> <i>strike</i>", "Ferry strike"),
    ("entities_decoded", "Tom &amp; Jerry", "Tom & Jerry"),
    ("double_escaped", "Ports &amp;amp; docks", "Ports &amp; docks"),
    ("lone_less_than_kept", "5 < 6", "5 < 6"),
    ("newlines_collapsed", " Ferry\n  strike ", "Ferry strike"),
    ("script_dropped", "Title<script>x()</script>", "Title"),
    ("none", None, ""),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in PLAIN], ids=[c[0] for c in PLAIN])
def test_plain_text(raw: str | None, expected: str) -> None:
    assert plain_text(raw) == expected


SUMMARIZE = [
    ("short_unchanged", "A short line.", 400, "A short line."),
    ("flattened", "One.\n\nTwo.", 400, "One. Two."),
    ("cut_on_word", "alpha beta gamma delta", 15, "alpha beta…"),
    ("trailing_comma_dropped", "alpha beta, gamma delta", 15, "alpha beta…"),
    ("one_long_word", "x" * 30, 10, "xxxxxxxxx…"),
    ("exact_limit", "abcde", 5, "abcde"),
]


@pytest.mark.parametrize(
    ("text", "limit", "expected"), [c[1:] for c in SUMMARIZE], ids=[c[0] for c in SUMMARIZE]
)
def test_summarize(text: str, limit: int, expected: str) -> None:
    result = summarize(text, limit)
    assert result == expected
    assert len(result) <= limit


# --- boilerplate ---------------------------------------------------------------------------

# (id = the rule it exercises, input, expected html, truncated)
BOILERPLATE = [
    ("wordpress_footer",
     '<p>The crews met at dawn.</p>\n<p>The post <a href="https://h.example/a">Ferry strike</a>'
     ' appeared first on <a href="https://h.example">Harbor Ledger</a>.</p>',
     "<p>The crews met at dawn.</p>", False),
    ("syndication_credit",
     "<p>The crews met.</p><p>This content originally appeared on <a href='https://c.example'>"
     "Coastal Wire</a> and was authored by Mina Park.</p>",
     "<p>The crews met.</p>", False),
    ("full_article_at",
     '<p>The crews met.</p><p>The full article is at <a href="https://h.example/a">Harbor '
     "Ledger</a>.</p>",
     "<p>The crews met.</p>", True),
    ("continue_reading_block",
     '<p>The crews met.</p><p class="link-more"><a href="https://h.example/a">Continue reading'
     " →</a></p>",
     "<p>The crews met.</p>", True),
    ("continue_reading_block_read_full_article",
     '<p>The crews met.</p><p><a href="https://h.example/a">Read the full article</a></p>',
     "<p>The crews met.</p>", True),
    ("share_bar",
     '<p>The crews met.</p><div class="sharedaddy"><div class="sd-block"><h3>Share this:</h3>'
     '<div><ul><li><a href="https://social.example/s">Share on Social</a></li></ul></div>'
     '</div></div><div class="sd-like"><h3>Like this:</h3><div>Like Loading...</div></div>',
     "<p>The crews met.</p>", False),
    ("continue_reading_link",
     '<p>The crews met at dawn. <a href="https://h.example/a" class="more-link">Continue reading'
     '<span class="screen-reader-text"> "Ferry strike"</span></a></p>',
     "<p>The crews met at dawn. </p>", True),
    ("continue_reading_link_read_more",
     '<p>The crews met at dawn… <a href="https://h.example/a">Read more »</a></p>',
     "<p>The crews met at dawn… </p>", True),
    ("ellipsis_link",
     '<p>The crews met at dawn [<a href="https://h.example/a">…</a>]</p>',
     "<p>The crews met at dawn</p>", True),
    ("bracketed_ellipsis",
     "<p>The crews met at dawn [&#8230;]</p>", "<p>The crews met at dawn</p>", True),
    ("bracketed_ellipsis_dots", "The crews met at dawn [...]", "The crews met at dawn", True),
    ("bracketed_ellipsis_double_escaped",
     "<p>The crews met at dawn [&amp;#8230;]</p>", "<p>The crews met at dawn</p>", True),
    ("continue_reading_text",
     "<p>The crews met at dawn. Continue reading…</p>", "<p>The crews met at dawn.</p>", True),
    ("ellipsis_then_footer",
     "<p>The crews met at dawn [&#8230;]</p><p>The post Ferry strike appeared first on "
     "Harbor Ledger.</p>",
     "<p>The crews met at dawn</p>", True),
    ("empty_paragraphs_removed",
     "<p>The crews met.</p><p>&nbsp;</p><div><p> </p></div><p><br></p>",
     "<p>The crews met.</p>", False),
    ("image_paragraph_kept",
     '<p><img src="https://h.example/pier.jpg"></p><p>The crews met.</p>',
     '<p><img src="https://h.example/pier.jpg"></p><p>The crews met.</p>', False),
    ("read_more_related_link_kept",
     "<p>Read more: <a href='https://h.example/b'>How the vote was counted</a></p>"
     "<p>The crews met.</p>",
     '<p>Read more: <a href="https://h.example/b">How the vote was counted</a></p>'
     "<p>The crews met.</p>", False),
    ("sentence_ending_in_phrase_kept",
     "<p>Readers asked us to keep reading the logs aloud.</p>",
     "<p>Readers asked us to keep reading the logs aloud.</p>", False),
    ("clean_body_unchanged",
     "<p>The crews met.</p><p>They voted.</p>", "<p>The crews met.</p><p>They voted.</p>", False),
    # -- footers, trackers, share blocks and credits ---------------------------------------
    ("wordpress_footer_first_appeared",
     '<p>The crews met.</p><p>The post <a href="https://h.example/a">Ferry strike</a> first '
     'appeared on <a href="https://h.example">Harbor Ledger</a>.</p>',
     "<p>The crews met.</p>", False),
    ("wordpress_footer_plain_text",
     "<p>The crews met.</p><p>The post Ferry strike appeared first on Harbor-Ledger.example.</p>",
     "<p>The crews met.</p>", False),
    ("wordpress_footer_before_share_links_and_pixel",
     '<p>The crews met.</p><p>The post Ferry strike appeared first on Harbor Ledger.</p>'
     '<p><a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a></p>'
     '<img src="https://stats.example/p.gif" width="1" height="1">',
     "<p>The crews met.</p>", False),
    ("near_miss_appeared_first_inside_a_paragraph",
     "<p>The crews met. Officials said the rota appeared first on a union notice board.</p>",
     "<p>The crews met. Officials said the rota appeared first on a union notice board.</p>", False),
    ("near_miss_the_post_office_mid_body",
     "<p>The post office said the notice appeared first on Harbor Radio.</p><p>The crews met.</p>",
     "<p>The post office said the notice appeared first on Harbor Radio.</p><p>The crews met.</p>",
     False),
    ("near_miss_footer_wording_in_prose_last",
     "<p>The crews met.</p><p>The post of harbour master, they say, appeared first on its website.</p>",
     "<p>The crews met.</p><p>The post of harbour master, they say, appeared first on its website.</p>",
     False),
    ("source_link",
     f'<p>The crews met.</p><p>Source: <a href="{ARTICLE}">Harbor Ledger</a></p>',
     "<p>The crews met.</p>", False),
    ("source_link_bare_with_tracking",
     f'<p>The crews met.</p><p><a href="{ARTICLE}?utm_source=rss#more">Source</a></p>',
     "<p>The crews met.</p>", False),
    ("near_miss_source_naming_another_page",
     '<p>The crews met.</p><p>Source: <a href="https://union.example/statement">Ferry Union</a></p>',
     '<p>The crews met.</p><p>Source: <a href="https://union.example/statement">Ferry Union</a></p>',
     False),
    ("near_miss_source_link_before_the_text",
     f'<p>Source: <a href="{ARTICLE}">Harbor Ledger</a></p><p>The crews met.</p>',
     f'<p>Source: <a href="{ARTICLE}">Harbor Ledger</a></p><p>The crews met.</p>', False),
    ("share_links_block",
     '<p>The crews met.</p><p>Share: <a href="https://www.facebook.com/sharer/sharer.php?u=x">'
     'Facebook</a> | <a href="https://twitter.com/intent/tweet?url=x">X</a> · '
     '<a href="mailto:?subject=Ferry">Email</a></p>',
     "<p>The crews met.</p>", False),
    ("share_label",
     '<p>The crews met.</p><p>Share via:</p><ul><li><a href="https://www.linkedin.com/shareArticle?u=x">'
     "LinkedIn</a></li><li><a href='https://reddit.com/submit?url=x'>Reddit</a></li></ul>",
     "<p>The crews met.</p>", False),
    ("share_plugin_container",
     '<p>The crews met.</p><div class="addtoany_share_save_container addtoany_content">'
     '<div class="a2a_kit"><a href="https://www.addtoany.com/share#url=x">Share</a></div></div>',
     "<p>The crews met.</p>", False),
    ("feedburner_flare_and_pixels",
     '<p>The crews met.</p><div class="feedflare"><a href="http://feeds.feedburner.com/~ff/Harbor?a=x">'
     '<img src="http://feeds.feedburner.com/~ff/Harbor?d=y" border="0"></a></div>'
     '<img src="http://feeds.feedburner.com/~r/Harbor/~4/abc" height="1" width="1" alt="">'
     '<img src="https://feeds.feedburner.com/~r/Harbor/~4/def">'
     '<img src="https://pixel.wp.com/b.gif?v=noscript" alt="">',
     "<p>The crews met.</p>", False),
    ("near_miss_share_word_and_tweet_link_in_text",
     '<p>Crews share the rota. The minister <a href="https://twitter.com/intent/tweet?text=x">'
     "tweeted</a> that they met.</p>",
     '<p>Crews share the rota. The minister <a href="https://twitter.com/intent/tweet?text=x">'
     "tweeted</a> that they met.</p>", False),
    ("syndication_credit_republished_from",
     "<p>The crews met.</p><p>Republished from <a href='https://campus.example'>Campus Notes</a>.</p>",
     "<p>The crews met.</p>", False),
    ("syndication_credit_translated",
     "<p>The crews met.</p><p>This article was originally published in Spanish on El Faro "
     "Costero and republished at Global Desk.</p>",
     "<p>The crews met.</p>", False),
    ("syndication_credit_with_a_short_remark",
     "<p>The crews met.</p><p>Originally published at Delta Dispatch on May 3, 2025. "
     "Republished with permission.</p>",
     "<p>The crews met.</p>", False),
    ("near_miss_originally_published_prose",
     "<p>Originally published in Spain, the novel about the ferry sold well.</p>",
     "<p>Originally published in Spain, the novel about the ferry sold well.</p>", False),
    ("near_miss_credit_ending_a_paragraph_of_text",
     "<p>The crews met. This story first appeared in The Valley Review.</p>",
     "<p>The crews met. This story first appeared in The Valley Review.</p>", False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("markup", "expected", "truncated"),
    [c[1:] for c in BOILERPLATE],
    ids=[c[0] for c in BOILERPLATE],
)
def test_boilerplate(markup: str, expected: str, truncated: bool) -> None:
    assert clean_html(markup, article_url=ARTICLE) == (expected, truncated)


STRIP = [
    ("css_removes_the_named_element",
     ["css:div.newsletter"],
     '<p>The crews met.</p><div class="newsletter"><p>Sign up for our letter.</p></div><p>They voted.</p>',
     "<p>The crews met.</p><p>They voted.</p>"),
    ("css_keeps_the_text_after_it",
     ["css:span.ad"],
     '<p>The crews <span class="ad">ADVERT</span>met.</p>', "<p>The crews met.</p>"),
    ("regex_removes_matching_blocks_only",
     ["re:^Support our harbour journalism"],
     "<p>The crews met.</p><p>Support our harbour journalism today.</p>"
     "<p>Why support our harbour journalism matters.</p>",
     "<p>The crews met.</p><p>Why support our harbour journalism matters.</p>"),
    ("both_kinds",
     ["css:aside", "re:(?i)^tip line:"],
     "<aside>Related: tides</aside><p>The crews met.</p><p>TIP LINE: call us</p>",
     "<p>The crews met.</p>"),
    ("nothing_matches", ["css:div.none", "re:^Nothing$"],
     "<p>The crews met.</p>", "<p>The crews met.</p>"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rules", "markup", "expected"), [c[1:] for c in STRIP], ids=[c[0] for c in STRIP]
)
def test_strip_rules(rules: list[str], markup: str, expected: str) -> None:
    strip = [parse_strip_rule(rule) for rule in rules]
    assert clean_html(markup, strip=strip) == (expected, False)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        pytest.param("re:(unclosed", "invalid regular expression", id="bad_regex"),
        pytest.param("css:div[", "invalid CSS selector", id="bad_selector"),
        pytest.param("xpath://div", 'expected "css:SELECTOR" or "re:REGEX"', id="unknown_kind"),
        pytest.param("css:  ", "nothing after css:", id="empty"),
    ],
)
def test_strip_rule_errors(written: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_strip_rule(written)


def test_every_boilerplate_rule_has_a_case() -> None:
    case_ids = {case[0] for case in BOILERPLATE}
    untested = [
        rule.name
        for rule in RULES
        if rule.name != "empty_brackets"  # only reached through ellipsis_link
        and not any(case_id.startswith(rule.name) for case_id in case_ids)
    ]
    assert not untested


# --- attribution ---------------------------------------------------------------------------

ATTRIBUTION = [
    ("appeared_authored",
     "<p>Body.</p><p>This content originally appeared on <a href='https://c.example'>Coastal "
     "Wire</a> and was authored by Mina Park.</p>", "Coastal Wire", "Mina Park"),
    ("appeared_authored_two_authors",
     "This content originally appeared on Coastal Wire and was authored by Mina Park and "
     "Olu Bakare.", "Coastal Wire", "Mina Park and Olu Bakare"),
    ("appeared_authored_three_authors",
     "This content originally appeared on Coastal Wire and was authored by Mina Park, Olu "
     "Bakare and Ana Ruiz.", "Coastal Wire", "Mina Park, Olu Bakare and Ana Ruiz"),
    ("appeared_no_author", "This article originally appeared on Inland Courier.",
     "Inland Courier", None),
    ("first_appeared_in", "<p>This story first appeared in The Valley Review.</p>",
     "The Valley Review", None),
    ("originally_published_on", "Originally published on Delta Dispatch.", "Delta Dispatch",
     None),
    ("originally_published_at_with_date",
     "Originally published at Delta Dispatch on May 3, 2025. Republished with permission.",
     "Delta Dispatch", None),
    ("was_originally_published_by",
     "This article was originally published by North Shore Monitor.", "North Shore Monitor",
     None),
    ("republished_from",
     "<p>This article is republished from Campus Notes under a Creative Commons license. "
     "Read the original article.</p>", "Campus Notes", None),
    ("after_a_sentence",
     "The crews met. This story first appeared in The Valley Review.", "The Valley Review",
     None),
    ("date_is_not_an_outlet", "Originally published on 3 May 2025.", None, None),
    ("translated_republished",
     "This article was originally published in Spanish on El Faro Costero and republished at "
     "Global Desk.", "El Faro Costero", None),
    ("published_in_an_outlet_not_a_language", "Originally published in Grist Weekly on May 3, "
     "2025.", "Grist Weekly", None),
    ("republished_from_bare", "Republished from Campus Notes.", "Campus Notes", None),
    ("republished_with_permission", "Republished with permission from Delta Dispatch.",
     "Delta Dispatch", None),
    ("prose_about_a_publication", "Originally published in Spain, the novel sold well.", None,
     None),
    ("no_credit", "<p>The crews met at dawn.</p>", None, None),
    ("phrase_inside_a_sentence",
     "<p>Nobody said this story first appeared in print</p>", None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "outlet", "author"), [c[1:] for c in ATTRIBUTION], ids=[c[0] for c in ATTRIBUTION]
)
def test_find_origin(text: str, outlet: str | None, author: str | None) -> None:
    origin = find_origin(text)
    assert (origin.outlet, origin.author) == (outlet, author)


# --- clean_entry ---------------------------------------------------------------------------


def test_wordpress_footer_removed_end_to_end() -> None:
    body = (
        f"<p>{LONG_TEXT}</p><p>The post <a href='{ARTICLE}'>Ferry strike</a> appeared first on "
        "<a href='https://harbor-ledger.example'>Harbor Ledger</a>.</p>"
    )
    clean = clean_entry(entry(content_html=body), source_name="Harbor Ledger", now=NOW)
    assert "appeared first" not in clean.content_html
    assert "appeared first" not in clean.content_text
    assert clean.content_kind == "full"


@pytest.mark.parametrize(
    ("summary_html", "content_html", "kind"),
    [
        pytest.param("<p>Crews vote to strike.</p>", None, "excerpt", id="short_description"),
        pytest.param(f"<p>{LONG_TEXT}</p>", None, "full", id="long_description_is_full"),
        pytest.param(f"<p>{LONG_TEXT} [&#8230;]</p>", None, "excerpt", id="truncated_marker"),
        pytest.param(
            None,
            f"<p>{LONG_TEXT} <a href='x'>Continue reading</a></p>",
            "excerpt",
            id="truncated_content",
        ),
        pytest.param("<p>Short.</p>", f"<p>{LONG_TEXT}</p>", "full", id="full_content"),
        pytest.param(
            "<p>Short.</p>", "   ", "excerpt", id="blank_content_falls_back_to_description"
        ),
        pytest.param(None, '<p><img src="/chart.png"></p>', "media", id="only_an_image"),
        pytest.param(
            None,
            '<iframe src="https://video.example/embed/1"></iframe>',
            "media",
            id="only_an_embed",
        ),
        pytest.param(None, None, "excerpt", id="no_body_at_all"),
    ],
)
def test_content_kind(summary_html: str | None, content_html: str | None, kind: str) -> None:
    clean = clean_entry(
        entry(summary_html=summary_html, content_html=content_html), source_name="H", now=NOW
    )
    assert clean.content_kind == kind


def test_media_only_item_with_enclosure() -> None:
    video = Enclosure("https://cdn.example/ferry.mp4", "video/mp4", 1000, "video")
    bad = Enclosure("javascript:alert(1)", "video/mp4")
    unparsable = Enclosure("http://[::1/ferry.mp4", "video/mp4")  # urljoin raised on it
    item = entry(content_html=None, summary_html="", enclosures=(video, bad, unparsable, video))
    clean = clean_entry(item, source_name="Harbor Ledger", now=NOW)
    assert clean.content_kind == "media"
    assert clean.enclosures == (video,)
    assert clean.content_html == ""


def test_syndicated_item_sets_origin_and_drops_credit() -> None:
    body = (
        f"<p>{LONG_TEXT}</p><p>This content originally appeared on <a href='https://c.example'>"
        "Coastal Wire</a> and was authored by Mina Park.</p>"
    )
    clean = clean_entry(entry(content_html=body, author=None), source_name="Radio Harbor", now=NOW)
    assert (clean.origin_outlet, clean.origin_author) == ("Coastal Wire", "Mina Park")
    assert clean.author == "Mina Park"
    assert "originally appeared" not in clean.content_html


@pytest.mark.parametrize(
    ("feed_outlet", "source_name", "expected"),
    [
        pytest.param("Coastal Wire Daily", "Radio Harbor", ("Coastal Wire Daily", "Mina Park"),
                     id="feed_source_wins_for_outlet"),
        pytest.param("Radio Harbor", "Radio Harbor", ("Coastal Wire", "Mina Park"),
                     id="feed_naming_itself_is_ignored"),
        pytest.param(None, "Radio Harbor", ("Coastal Wire", "Mina Park"), id="line_only"),
    ],
)  # fmt: skip
def test_origin_precedence(
    feed_outlet: str | None, source_name: str, expected: tuple[str, str]
) -> None:
    body = f"<p>{LONG_TEXT}</p><p>This content originally appeared on Coastal Wire and was "
    body += "authored by Mina Park.</p>"
    clean = clean_entry(
        entry(content_html=body, origin_outlet=feed_outlet), source_name=source_name, now=NOW
    )
    assert (clean.origin_outlet, clean.origin_author) == expected


def test_feed_source_without_credit_line_uses_entry_author() -> None:
    clean = clean_entry(entry(origin_outlet="Coastal Wire"), source_name="Radio Harbor", now=NOW)
    assert (clean.origin_outlet, clean.origin_author) == ("Coastal Wire", "Ines Varga")


def test_no_origin_when_unknown() -> None:
    clean = clean_entry(entry(), source_name="Harbor Ledger", now=NOW)
    assert (clean.origin_outlet, clean.origin_author) == (None, None)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param({"guid": " ferry-1 "}, "guid:ferry-1", id="guid"),
        pytest.param(
            {
                "guid": None,
                "url": "HTTPS://Harbor-Ledger.example/2025/05/ferry-strike/?utm_source=rss",
            },
            f"url:{ARTICLE}",
            id="canonical_url",
        ),
        pytest.param(
            {"guid": "", "url": None, "title": "Ferry", "published": None},
            "hash:" + hashlib.sha256(b"Ferry\n").hexdigest()[:32],
            id="hash_undated",
        ),
        pytest.param(
            {"guid": None, "url": None, "title": "Ferry", "published": NOW},
            "hash:" + hashlib.sha256(f"Ferry\n{NOW.isoformat()}".encode()).hexdigest()[:32],
            id="hash_dated",
        ),
    ],
)
def test_identity_key(fields: dict[str, object], expected: str) -> None:
    assert clean_entry(entry(**fields), source_name="H", now=NOW).key == expected


def test_content_hash_stable_for_undated_entry_across_polls() -> None:
    undated = entry(published=None, updated=None)
    first = clean_entry(undated, source_name="H", now=NOW)
    second = clean_entry(undated, source_name="H", now=LATER)
    assert first.published == NOW
    assert second.published == LATER
    assert first.content_hash == second.content_hash
    assert first.key == second.key


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"title": "Ferry crews call off strike"}, id="title"),
        pytest.param({"content_html": f"<p>{LONG_TEXT} Update.</p>"}, id="body"),
        pytest.param({"updated": NOW}, id="updated_date"),
        pytest.param({"tags": ("Transport",)}, id="tags"),
        pytest.param({"author": "Olu Bakare"}, id="author"),
    ],
)
def test_content_hash_changes_with_stored_fields(change: dict[str, object]) -> None:
    before = clean_entry(entry(), source_name="H", now=NOW)
    after = clean_entry(replace(entry(), **change), source_name="H", now=NOW)  # type: ignore[arg-type]
    assert before.content_hash != after.content_hash
    assert before.key == after.key


def test_content_hash_ignores_now_for_dated_entries() -> None:
    first = clean_entry(entry(), source_name="H", now=NOW)
    assert first.content_hash == clean_entry(entry(), source_name="H", now=LATER).content_hash


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("<b>Ferry</b> crews &amp; pilots", "Ferry crews & pilots", id="markup"),
        pytest.param(
            "  ",
            "The ferry crews voted to strike over the new rota. The ferry crews voted to…",
            id="from_text",
        ),
        pytest.param("", "(untitled)", id="untitled"),
    ],
)
def test_title(raw: str, expected: str) -> None:
    body = None if expected == "(untitled)" else f"<p>{LONG_TEXT}</p>"
    clean = clean_entry(entry(title=raw, content_html=body), source_name="H", now=NOW)
    assert clean.title == expected


def test_dates_default_and_normalize_to_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    local = datetime(2025, 5, 20, 14, 0, tzinfo=plus_two)
    only_updated = clean_entry(entry(published=None, updated=local), source_name="H", now=LATER)
    assert only_updated.published == only_updated.updated == NOW
    assert only_updated.published.tzinfo == UTC
    dated = clean_entry(entry(published=local, updated=None), source_name="H", now=LATER)
    assert dated.updated == dated.published == NOW


def test_fields_are_plain_and_tags_deduplicated() -> None:
    item = entry(
        author="<a href='x'>Ines</a> Varga",
        tags=("Transport", " <i>transport</i> ", "Ports &amp; Docks", ""),
    )
    clean = clean_entry(item, source_name="H", now=NOW)
    assert clean.author == "Ines Varga"
    assert clean.tags == ("Transport", "Ports & Docks")


def test_body_urls_absolute_and_tracking_pixel_dropped() -> None:
    body = (
        f"<p>{LONG_TEXT}</p><figure><img src='/img/pier.jpg' alt='Pier'>"
        "<figcaption>The pier</figcaption></figure><a href='../tides/'>Tides</a>"
        "<img src='https://stats.example/p.gif' width='1' height='1'>"
        "<noscript><img src='/img/lazy.jpg'></noscript>"
    )
    clean = clean_entry(entry(content_html=body), source_name="H", now=NOW)
    assert 'src="https://harbor-ledger.example/img/pier.jpg"' in clean.content_html
    assert 'href="https://harbor-ledger.example/2025/05/tides/"' in clean.content_html
    assert 'src="https://harbor-ledger.example/img/lazy.jpg"' in clean.content_html
    assert "stats.example" not in clean.content_html


def test_summary_prefers_description_and_is_short() -> None:
    described = clean_entry(
        entry(summary_html="<p>Crews vote to strike [&#8230;]</p>"), source_name="H", now=NOW
    )
    assert described.summary == "Crews vote to strike"
    from_body = clean_entry(entry(), source_name="H", now=NOW)
    assert len(from_body.summary) <= 400
    assert from_body.summary.endswith("…")
    assert from_body.content_text == LONG_TEXT


# --- authors that are outlets --------------------------------------------------------------

CREDIT = "<p>This content originally appeared on Coastal Wire and was authored by {}.</p>"
AUTHORS = [
    ("person_kept", {"author": "Ines Varga"}, "Radio Harbor", ("Ines Varga", None, None)),
    ("own_outlet_is_no_person", {"author": "Radio Harbor"}, "Radio Harbor", (None, None, None)),
    ("own_outlet_ignoring_case_and_the", {"author": "the radio  harbor"}, "Radio Harbor",
     (None, None, None)),
    ("origin_outlet_is_no_person", {"author": "Coastal Wire", "origin_outlet": "Coastal Wire"},
     "Radio Harbor", (None, "Coastal Wire", None)),
    ("credit_naming_the_outlet_as_author",
     {"author": None, "content_html": f"<p>{LONG_TEXT}</p>" + CREDIT.format("Coastal Wire")},
     "Radio Harbor", (None, "Coastal Wire", None)),
    ("feed_author_is_own_outlet_credit_names_person",
     {"author": "Radio Harbor", "content_html": f"<p>{LONG_TEXT}</p>" + CREDIT.format("Mina Park")},
     "Radio Harbor", ("Mina Park", "Coastal Wire", "Mina Park")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "source_name", "expected"), [c[1:] for c in AUTHORS], ids=[c[0] for c in AUTHORS]
)
def test_author_that_is_an_outlet(
    fields: dict[str, object], source_name: str, expected: tuple[str | None, ...]
) -> None:
    clean = clean_entry(entry(**fields), source_name=source_name, now=NOW)
    assert (clean.author, clean.origin_outlet, clean.origin_author) == expected


# --- with_full_text ------------------------------------------------------------------------


def test_full_text_keeps_the_feed_entrys_identity_and_hash() -> None:
    excerpt = entry(content_html=None, summary_html="<p>Crews vote to strike [&#8230;]</p>")
    first = clean_entry(excerpt, source_name="Harbor Ledger", now=NOW)
    page = FullText(
        html=f"<p>{LONG_TEXT}</p><p><img src='/img/pier.jpg'></p><p>The post Ferry strike "
        "appeared first on Harbor Ledger.</p><script>x()</script>",
        page_url="https://harbor-ledger.example/2025/05/ferry-strike/amp/",
        url="https://harbor-ledger.example/ferry-strike/",
        author="Ines Varga",
    )
    full = with_full_text(first, replace(excerpt, author=None), page, source_name="H", now=NOW)
    assert first.content_kind == "excerpt"
    assert (full.key, full.content_hash) == (first.key, first.content_hash)
    assert full.content_kind == "full"
    assert full.content_text == LONG_TEXT
    assert 'src="https://harbor-ledger.example/img/pier.jpg"' in full.content_html
    assert "<script" not in full.content_html
    assert "appeared first" not in full.content_html
    assert full.summary == "Crews vote to strike"
    assert full.url == "https://harbor-ledger.example/ferry-strike/"
    assert full.author == "Ines Varga"
