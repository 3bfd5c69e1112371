"""Full-text extraction: what an article page keeps, what it loses, and what it says about itself.

Pages are built from an invented story wrapped in the chrome news sites put around one (menu,
cookie banner, related list, newsletter box, comments, footer).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tributary.extract import Article, extract_article, parse_published
from tributary.extract.charset import decode_page

URL = "https://gazette.example/news/2025/05/bridge-repairs"

STORY = """
<p>The footbridge over the Lusk will close for nine weeks from Monday while engineers replace
the corroded steel beneath its deck, the county highways team confirmed on Wednesday.</p>
<p>Walkers and cyclists will be sent along a signed diversion through the water meadows, which
adds about fifteen minutes to the crossing between the station and the market square.</p>
<h2>Why the work cannot wait</h2>
<p>An inspection in March found rust through two of the six main girders. Engineers said the
bridge was still safe for people on foot but would not remain so through another winter.</p>
<ul><li>the bridge opened in 1964 and was last painted in 1998;</li>
<li>about four thousand people cross it on a weekday;</li>
<li>the repair will cost an estimated 1.4 million.</li></ul>
<blockquote><p>We would rather close it for one summer than lose it for good, and every engineer
who has looked at the girders agrees with that.</p></blockquote>
<figure><img src="/img/bridge.jpg" alt="The footbridge"><figcaption>Scaffolding went up on the
east side of the bridge on Tuesday morning.</figcaption></figure>
<p>The council has published the diversion map on its <a href="/roads/diversions">roads page</a>
and says the bridge will reopen before the start of the school term in September.</p>
"""

CHROME = {
    "nav": '<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport pages</a></li><li><a href="/weather">Weather outlook</a></li></ul></nav>',
    "cookie": '<div class="cookie-consent"><p>This site uses cookies to remember your choices. Accept them to keep reading without interruptions.</p><button>Accept</button></div>',
    "related": '<aside class="related-articles"><h3>Related articles</h3><ul><li><a href="/a">Riverside path reopens after flood repairs</a></li><li><a href="/b">New crossing planned for the ring road</a></li></ul></aside>',
    "newsletter": '<div class="newsletter-box"><h3>Morning briefing</h3><p>Get the day\'s local headlines in your inbox every weekday at seven.</p></div>',
    "comments": '<section id="comments" class="comments"><h3>Comments</h3><div class="comment"><p>Nine weeks is far too long for a bridge this small, surely.</p></div><div class="comment"><p>Glad they are finally doing something about the rust.</p></div></section>',
    "footer": '<footer class="site-footer"><p>Copyright 2025 Gazette Media Group. All rights reserved worldwide.</p></footer>',
}
CHROME_TEXT = {
    "nav": "Weather outlook",
    "cookie": "uses cookies",
    "related": "Riverside path reopens",
    "newsletter": "Morning briefing",
    "comments": "far too long",
    "footer": "Copyright 2025",
}


def page(story: str = STORY, head: str = "", chrome: bool = True) -> str:
    parts = CHROME if chrome else {}
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Footbridge to close for nine weeks | The Gazette</title>{head}</head><body>"
        f"{parts.get('cookie', '')}<header>{parts.get('nav', '')}</header>"
        f"<main><article><h1>Footbridge to close for nine weeks</h1>"
        f'<div class="article-body">{story}</div></article>'
        f"{parts.get('related', '')}{parts.get('newsletter', '')}{parts.get('comments', '')}</main>"
        f"{parts.get('footer', '')}</body></html>"
    )


def extracted(markup: str | bytes, url: str = URL, content_type: str | None = None) -> Article:
    article = extract_article(markup, url, content_type=content_type)
    assert article is not None
    return article


@pytest.mark.parametrize(
    ("markup", "needle"),
    [
        ("<h2>Why the work cannot wait</h2>", "<h2>Why the work cannot wait</h2>"),
        ("list items", "<li>the bridge opened in 1964"),
        ("quote", "<blockquote>"),
        ("figure", '<figure><img src="https://gazette.example/img/bridge.jpg"'),
        ("caption", "<figcaption>Scaffolding went up"),
        ("link", '<a href="https://gazette.example/roads/diversions">roads page</a>'),
    ],
    ids=["heading", "list", "blockquote", "figure", "figcaption", "link"],
)
def test_structure_is_kept_in_the_html(markup: str, needle: str) -> None:
    html = " ".join(extracted(page()).html.split())
    assert needle in html


@pytest.mark.parametrize("part", sorted(CHROME), ids=sorted(CHROME))
def test_chrome_stays_out(part: str) -> None:
    article = extracted(page())
    assert CHROME_TEXT[part] not in article.text
    assert CHROME_TEXT[part] not in article.html


def test_text_keeps_the_story_in_paragraphs_without_the_headline() -> None:
    article = extracted(page())
    assert article.text.startswith("The footbridge over the Lusk will close")
    assert "\n\nWalkers and cyclists" in article.text
    assert "Scaffolding went up" in article.text  # captions are part of the story
    assert "Footbridge to close for nine weeks" not in article.text


def test_link_only_lines_inside_the_story_are_dropped() -> None:
    story = STORY.replace(
        "<h2>",
        '<p><strong>Read also:</strong> <a href="/x">Council approves new cycle lanes</a></p><h2>',
    )
    assert "cycle lanes" not in extracted(page(story)).text


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<link rel="canonical" href="https://gazette.example/news/bridge">',
            "https://gazette.example/news/bridge",
        ),
        (
            '<link rel="canonical" href="/news/bridge?amp=0">',
            "https://gazette.example/news/bridge?amp=0",
        ),
        (
            '<link rel="Canonical alternate" href="//cdn.gazette.example/b">',
            "https://cdn.gazette.example/b",
        ),
        ('<link rel="canonical" href="javascript:void(0)">', None),
        ('<link rel="canonical" href="">', None),
        ("", None),
    ],
    ids=["absolute", "relative", "protocol-relative", "not-http", "empty", "absent"],
)
def test_canonical_url(head: str, expected: str | None) -> None:
    assert extracted(page(head=head)).canonical_url == expected


@pytest.mark.parametrize(
    ("head", "author", "published"),
    [
        (
            '<meta name="author" content="Hanna Brede"><meta property="article:published_time" content="2025-05-21T10:15:00+02:00">',
            "Hanna Brede",
            datetime(2025, 5, 21, 8, 15, tzinfo=UTC),
        ),
        (
            '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Footbridge to close for nine weeks","datePublished":"2025-05-21T06:00:00Z","author":{"@type":"Person","name":"Olu Danso"}}</script>',
            "Olu Danso",
            datetime(2025, 5, 21, 6, 0, tzinfo=UTC),
        ),
        ("", None, None),
    ],
    ids=["meta-tags", "json-ld", "none"],
)
def test_metadata(head: str, author: str | None, published: datetime | None) -> None:
    article = extracted(page(head=head))
    assert article.title == "Footbridge to close for nine weeks"
    assert article.author == author
    assert article.published == published
    assert article.published is None or article.published.utcoffset() is not None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-21T10:15:00+0200", datetime(2025, 5, 21, 8, 15, tzinfo=UTC)),
        ("2025-05-21", datetime(2025, 5, 21, tzinfo=UTC)),
        ("2025-05-21T10:15:00", datetime(2025, 5, 21, 10, 15, tzinfo=UTC)),
        ("yesterday", None),
        (None, None),
    ],
    ids=["offset", "date-only", "naive-is-utc", "garbage", "none"],
)
def test_parse_published(value: str | None, expected: datetime | None) -> None:
    assert parse_published(value) == expected


ACCENTED = "Café owners in Vellé pay €40 for “terrace” rights"


@pytest.mark.parametrize(
    ("encoded", "content_type"),
    [
        (f'<meta charset="windows-1252"><p>{ACCENTED}</p>'.encode("cp1252"), None),
        (
            f'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>{ACCENTED}</p>'.encode(
                "cp1252"
            ),
            None,
        ),
        (f"<p>{ACCENTED}</p>".encode("cp1252"), "text/html; charset=windows-1252"),
        (f'<meta charset="iso-8859-1"><p>{ACCENTED}</p>'.encode(), None),
        (f'<meta charset="utf-16"><p>{ACCENTED}</p>'.encode(), None),
        (b"\xef\xbb\xbf" + f"<p>{ACCENTED}</p>".encode(), "text/html; charset=iso-8859-1"),
        (f"<p>{ACCENTED}</p>", None),
        (f"<p>{ACCENTED}</p>".encode(), "text/html; charset=utf\x00-8"),
    ],
    ids=[
        "meta-charset",
        "meta-http-equiv-latin1-is-1252",
        "header",
        "saved-utf8-old-meta",
        "meta-lies-utf16",
        "bom",
        "str",
        "header-charset-with-nul",
    ],
)
def test_charset_handling(encoded: bytes | str, content_type: str | None) -> None:
    assert ACCENTED in decode_page(encoded, content_type)


def test_undecodable_bytes_become_replacement_characters() -> None:
    assert decode_page(b"<p>caf\xe9 \xff</p>") == "<p>caf\ufffd \ufffd</p>"


def test_a_windows_1252_page_extracts_without_mojibake() -> None:
    story = STORY.replace("engineers replace", "engineers from Bréhat replace")
    article = extracted(page(story).replace("utf-8", "windows-1252").encode("cp1252"))
    assert "engineers from Bréhat replace" in article.text


def test_control_characters_in_a_page_become_spaces() -> None:
    """A vertical tab in a caption the extractor puts back: lxml refused it (a ValueError that
    made the entry keep its feed text)."""
    story = STORY.replace("went up on the", "went up\x0bon the").replace(
        "Wednesday.", "Wed\x0bnesday."
    )
    article = extracted(page(story))
    assert "Scaffolding went up on the" in article.html
    assert "\x0b" not in article.text + article.html


@pytest.mark.parametrize(
    "markup",
    [
        b"",
        "   ",
        "<html></html>",
        b"\x00\x01\x02\xff\xfe garbage \x00",
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        '<?xml version="1.0" encoding="utf-8"?><html><body></body></html>',
    ],
    ids=["empty-bytes", "blank", "empty-document", "binary", "only-navigation", "xml-declaration"],
)
def test_pages_without_an_article_give_none(markup: bytes | str) -> None:
    assert extract_article(markup, URL) is None
