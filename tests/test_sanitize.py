"""The sanitizer against XSS vectors, and what it must keep.

Each vector goes through ``sanitize_html`` alone and through the whole ``clean_entry`` pipeline
(which parses and re-serializes the body with lxml before sanitizing). The output is parsed
again and checked structurally: no dangerous element, no event handler or style attribute, no
URL attribute with a scheme other than http, https or mailto; and "javascript:" appears
nowhere, in any case.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tributary.clean import clean_entry, sanitize_html
from tributary.types import EntryData

BASE = "https://harbor-ledger.example/2025/05/tide-tables/"
NOW = datetime(2025, 5, 20, 12, 0, tzinfo=UTC)

FORBIDDEN_TAGS = {
    "script", "style", "iframe", "object", "embed", "form", "input", "button", "textarea",
    "select", "meta", "base", "link", "svg", "math", "frame", "frameset", "template",
    "noscript", "applet", "xmp",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "poster", "action", "formaction", "data", "xlink:href", "cite"}
SAFE_SCHEMES = {"http", "https", "mailto"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def elements(markup: str) -> list[tuple[str, dict[str, str]]]:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    return collector.elements


def assert_safe(markup: str) -> None:
    assert "javascript:" not in html.unescape(markup).lower().replace(" ", "")
    assert "vbscript:" not in markup.lower()
    assert "data:text/html" not in markup.lower()
    for tag, attributes in elements(markup):
        assert tag not in FORBIDDEN_TAGS, markup
        for name, value in attributes.items():
            assert not name.startswith("on"), markup
            assert name not in {"style", "srcdoc", "formaction", "action", "xlink:href"}, markup
            if name in URL_ATTRIBUTES:
                assert urlsplit(value.strip()).scheme.lower() in SAFE_SCHEMES, markup
            if name == "srcset":
                for candidate in value.split(","):
                    assert urlsplit(candidate.split()[0]).scheme in {"http", "https"}, markup


# (id, input). Every vector is also checked for idempotence: sanitizing the output again
# changes nothing, so no mutation survives a second parse.
XSS_VECTORS = [
    ("script_tag", "<p>Tide at six.</p><script>alert(1)</script>"),
    ("script_uppercase_src", '<SCRIPT SRC="https://evil.example/x.js"></SCRIPT>'),
    ("script_mixed_case", "<ScRiPt>alert(1)</sCrIpT>"),
    ("script_unclosed", "<p>Low tide<script>alert(1)"),
    ("malformed_nested_script", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    ("img_onerror", "<img src=x onerror=alert(1)>"),
    ("img_onerror_unclosed", "<img src=x onerror=alert(1) <p>"),
    ("svg_onload", "<svg onload=alert(1)><circle r=5 /></svg>"),
    ("svg_xlink_href", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'),
    ("math_xlink_href", '<math><maction xlink:href="javascript:alert(1)">x</maction></math>'),
    ("javascript_href", '<a href="javascript:alert(1)">tap</a>'),
    ("javascript_href_tab_entity", '<a href="jav&#x09;ascript:alert(1)">tap</a>'),
    ("javascript_href_newline_entity", '<a href="jav&#x0A;ascript:alert(1)">tap</a>'),
    ("javascript_href_case_and_space", '<a href="  JaVaScRiPt:alert(1)">tap</a>'),
    (
        "javascript_href_decimal_entities",
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    ),
    (
        "javascript_href_hex_entities_no_semicolons",
        '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>',
    ),
    ("javascript_href_null_byte", '<a href="java\x00script:alert(1)">tap</a>'),
    ("data_text_html_href", '<a href="data:text/html;base64,PHNjcmlwdD4=">tap</a>'),
    ("vbscript_href", '<a href="vbscript:msgbox(1)">tap</a>'),
    ("iframe_srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("iframe_javascript_src", '<iframe src="javascript:alert(1)"></iframe>'),
    ("object_data", '<object data="javascript:alert(1)"></object>'),
    ("embed_src", '<embed src="https://evil.example/movie.swf">'),
    ("style_attribute_expression", '<p style="width: expression(alert(1))">wide</p>'),
    ("style_element_import", "<style>@import 'https://evil.example/x.css';</style><p>x</p>"),
    ("link_stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">'),
    ("form_action", '<form action="javascript:alert(1)"><input type="submit"></form>'),
    ("button_formaction", '<button formaction="javascript:alert(1)">go</button>'),
    ("meta_refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("base_href", '<base href="javascript:alert(1)//"><a href="/charts">charts</a>'),
    ("onclick_on_link", '<a href="https://ok.example/" onclick="alert(1)">ok</a>'),
    ("onmouseover_on_paragraph", '<p onmouseover="alert(1)">hover</p>'),
    ("body_onload", "<body onload=alert(1)><p>x</p></body>"),
    ("comment_trick", "<!--><script>alert(1)</script>-->"),
    ("conditional_comment", "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->"),
    ("cdata_trick", "<![CDATA[><script>alert(1)</script>]]>"),
    ("srcset_javascript", '<img src="https://ok.example/a.png" srcset="javascript:alert(1) 1x">'),
    ("video_poster_javascript", '<video poster="javascript:alert(1)" src="clip.mp4"></video>'),
    ("nested_quotes_title", "<a title='x\" onclick=\"alert(1)'>quoted</a>"),
    ("nested_quotes_alt", '<img src="x" alt="&quot;onerror=alert(1)//">'),
    ("noscript_mutation", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    (
        "polyglot",
        '<img src="jaVasCript:/*-/*`/*\\`/*\'/*&quot;/**/(/* */oNcliCk=alert() )//">',
    ),
    ("textarea_breakout", "<textarea></textarea><script>alert(1)</script>"),
]


@pytest.mark.parametrize(("markup"), [v[1] for v in XSS_VECTORS], ids=[v[0] for v in XSS_VECTORS])
def test_sanitize_html_neutralizes_vector(markup: str) -> None:
    out = sanitize_html(markup, BASE)
    assert_safe(out)
    assert sanitize_html(out, BASE) == out


@pytest.mark.parametrize(("markup"), [v[1] for v in XSS_VECTORS], ids=[v[0] for v in XSS_VECTORS])
def test_clean_entry_neutralizes_vector(markup: str) -> None:
    entry = EntryData(
        guid="tide-1", url=BASE, title="Tides", author=None, published=None, updated=None,
        summary_html=markup, content_html=markup,
    )  # fmt: skip
    clean = clean_entry(entry, source_name="Harbor Ledger", now=NOW)
    assert_safe(clean.content_html)
    assert "<script" not in clean.content_text.lower()


@pytest.mark.parametrize(
    "markup",
    [
        pytest.param("<script>alert('script body')</script><p>kept</p>", id="script"),
        pytest.param("<style>p { color: red }</style><p>kept</p>", id="style"),
        pytest.param("<noscript>enable scripts</noscript><p>kept</p>", id="noscript"),
        pytest.param("<template><p>hidden</p></template><p>kept</p>", id="template"),
    ],
)
def test_content_of_active_elements_is_removed_not_shown(markup: str) -> None:
    assert sanitize_html(markup, BASE) == "<p>kept</p>"


# (id, input, base, expected output): what the allow-list keeps.
KEPT = [
    (
        "plain_markup_unchanged",
        "<p>Hello <strong>harbor</strong> <em>folk</em>.</p>",
        BASE,
        "<p>Hello <strong>harbor</strong> <em>folk</em>.</p>",
    ),
    (
        "figure_with_absolute_image",
        '<figure><img src="/img/pier.jpg" alt="The pier" width="640" height="360">'
        "<figcaption>The old pier.</figcaption></figure>",
        BASE,
        '<figure><img src="https://harbor-ledger.example/img/pier.jpg" alt="The pier" '
        'width="640" height="360"><figcaption>The old pier.</figcaption></figure>',
    ),
    (
        "relative_image_resolved_against_article",
        '<img src="chart.png" alt="Chart">',
        BASE,
        '<img src="https://harbor-ledger.example/2025/05/tide-tables/chart.png" alt="Chart">',
    ),
    (
        "srcset_resolved",
        '<img src="https://cdn.example/a.jpg" '
        'srcset="/a-2x.jpg 2x, https://cdn.example/a3.jpg 3x">',
        BASE,
        '<img src="https://cdn.example/a.jpg" '
        'srcset="https://harbor-ledger.example/a-2x.jpg 2x, https://cdn.example/a3.jpg 3x">',
    ),
    (
        "link_gets_rel_and_absolute_href",
        '<a href="../storm-warning/" title="Storm">storm</a>',
        BASE,
        '<a href="https://harbor-ledger.example/2025/05/storm-warning/" title="Storm" '
        'rel="noopener noreferrer nofollow">storm</a>',
    ),
    (
        "link_target_and_class_dropped",
        '<a href="https://ok.example/" target="_blank" class="btn" id="x">ok</a>',
        BASE,
        '<a href="https://ok.example/" rel="noopener noreferrer nofollow">ok</a>',
    ),
    (
        "mailto_kept",
        '<a href="mailto:desk@harbor-ledger.example">write</a>',
        BASE,
        '<a href="mailto:desk@harbor-ledger.example" rel="noopener noreferrer nofollow">write</a>',
    ),
    (
        "table_kept",
        '<table><caption>Tides</caption><thead><tr><th scope="col">Hour</th></tr></thead>'
        '<tbody><tr><td colspan="2" style="x">6:00</td></tr></tbody></table>',
        BASE,
        '<table><caption>Tides</caption><thead><tr><th scope="col">Hour</th></tr></thead>'
        '<tbody><tr><td colspan="2">6:00</td></tr></tbody></table>',
    ),
    (
        "video_gets_controls_not_autoplay",
        '<video src="/clip.mp4" autoplay muted><source src="/clip.webm" type="video/webm"></video>',
        BASE,
        '<video src="https://harbor-ledger.example/clip.mp4" controls="controls">'
        '<source src="https://harbor-ledger.example/clip.webm" type="video/webm"></video>',
    ),
    (
        "lists_quotes_code",
        "<ul><li>one</li></ul><blockquote><p>said</p></blockquote><pre><code>x = 1</code></pre>",
        BASE,
        "<ul><li>one</li></ul><blockquote><p>said</p></blockquote><pre><code>x = 1</code></pre>",
    ),
    (
        "time_and_abbr_attributes",
        '<time datetime="2025-05-20">today</time> <abbr title="high water">HW</abbr>',
        BASE,
        '<time datetime="2025-05-20">today</time> <abbr title="high water">HW</abbr>',
    ),
    (
        "non_numeric_width_dropped",
        '<img src="https://cdn.example/a.jpg" width="100%" height="20">',
        BASE,
        '<img src="https://cdn.example/a.jpg" height="20">',
    ),
    (
        "relative_url_without_base_dropped",
        '<a href="/x">x</a><img src="a.png">',
        None,
        '<a rel="noopener noreferrer nofollow">x</a><img>',
    ),
    (
        "scheme_relative_without_base_becomes_https",
        '<img src="//cdn.example/a.png">',
        None,
        '<img src="https://cdn.example/a.png">',
    ),
    ("empty_input", "   ", BASE, ""),
]


@pytest.mark.parametrize(
    ("markup", "base", "expected"), [k[1:] for k in KEPT], ids=[k[0] for k in KEPT]
)
def test_sanitize_html_keeps(markup: str, base: str | None, expected: str) -> None:
    assert sanitize_html(markup, base) == expected
