"""The publishing renderers: the contract's post JSON, Atom 1.0, RSS 2.0, JSON Feed 1.1.

Feeds are read back with feedparser (what our users' readers do) and lxml (well-formedness);
the posts include hostile titles, authors and source names that must come out as plain text.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser
import pytest
from lxml import etree

from tributary.publish import (
    FeedMeta,
    format_time,
    post_to_json,
    render_atom,
    render_json_feed,
    render_rss,
)
from tributary.types import AlsoPublished, Enclosure, Post, SourceRef

Renderer = Callable[[FeedMeta, Sequence[Post]], bytes]

BASE = "http://127.0.0.1:8000"
T0 = datetime(2025, 5, 20, 12, 0, tzinfo=UTC)

HOSTILE_TITLE = "<script>alert(1)</script> Harbour & bridge talks resume"
HOSTILE_AUTHOR = '"><img src=x onerror=alert(1)>'
AMP_SOURCE = SourceRef(
    name="Marsh & Fen <Gazette>",
    feed_url="https://marsh-fen.example/feed.xml",
    site_url="https://marsh-fen.example/",
    slug="marsh-fen",
)
PLAIN_SOURCE = SourceRef(
    name="Upland Courier",
    feed_url="https://upland-courier.example/rss",
    site_url="javascript:alert(1)",  # not http(s): the attribution links the feed instead
    slug="upland-courier",
)


def make_post(**changes: Any) -> Post:
    base = Post(
        id="a1b2c3",
        source_id=1,
        source=AMP_SOURCE,
        key="guid:1",
        guid="1",
        url="https://marsh-fen.example/2025/05/harbour-talks",
        title="Harbour talks resume",
        author="Ilse Varga",
        published=T0,
        updated=T0,
        first_seen=T0,
        summary="Negotiators met again on the quay.",
        content_html="<p>Negotiators met again on the quay.</p>",
        content_text="Negotiators met again on the quay.",
        content_kind="full",
    )
    return replace(base, **changes)


POSTS: tuple[Post, ...] = (
    make_post(
        id="p-hostile",
        title=HOSTILE_TITLE,
        author=HOSTILE_AUTHOR,
        published=T0,
        updated=T0 + timedelta(hours=2),
        summary="Tolls <b>rise</b> & ferries wait",
        tags=("Harbour & Port",),
        categories=("coast",),
        enclosures=(
            Enclosure("https://marsh-fen.example/talks.mp3", "audio/mpeg", 4096),
            Enclosure("https://marsh-fen.example/quay.jpg", None, None, "image"),
        ),
    ),
    make_post(
        id="p/no link",
        source=PLAIN_SOURCE,
        url="javascript:alert(1)",
        title="Council votes on the mill road",
        author=None,
        published=T0 - timedelta(days=1),
        updated=T0 - timedelta(days=1),
        summary="",
        content_html="",
        content_text="",
        content_kind="excerpt",
    ),
    make_post(
        id="p-ctrl",
        title="Lock\x00keeper\x0b retires",
        author="Dana Oduya",
        published=T0 - timedelta(days=2),
        updated=T0 - timedelta(days=2),
    ),
)
# What each post's title must read as once parsed: control characters XML cannot carry dropped.
PLAIN_TITLES = [HOSTILE_TITLE, "Council votes on the mill road", "Lockkeeper retires"]
EXPECTED_LINKS = [
    "https://marsh-fen.example/2025/05/harbour-talks",
    f"{BASE}/post/p%2Fno%20link/",
    "https://marsh-fen.example/2025/05/harbour-talks",
]
EXPECTED_IDS = [f"{BASE}/post/p-hostile/", f"{BASE}/post/p%2Fno%20link/", f"{BASE}/post/p-ctrl/"]
EXPECTED_AUTHORS = [HOSTILE_AUTHOR, None, "Dana Oduya"]


def meta_for(self_url: str) -> FeedMeta:
    return FeedMeta(
        title="Coast & Rivers <desk>",
        page_url=f"{BASE}/category/coast/",
        feed_url=self_url,
        base_url=BASE,
        description="Harbours, rivers & the people who work them",
        atom_url=f"{BASE}/category/coast/feed.atom",
        rss_url=f"{BASE}/category/coast/feed.rss",
        json_url=f"{BASE}/category/coast/feed.json",
    )


XML_FORMATS = [
    pytest.param(render_atom, f"{BASE}/category/coast/feed.atom", "atom10", id="atom"),
    pytest.param(render_rss, f"{BASE}/category/coast/feed.rss", "rss20", id="rss"),
]
ALL_FORMATS = [
    *XML_FORMATS,
    pytest.param(render_json_feed, f"{BASE}/category/coast/feed.json", "json", id="json"),
]


def parsed(render: Renderer, self_url: str) -> Any:
    result = feedparser.parse(render(meta_for(self_url), POSTS))
    assert not result.bozo, result.get("bozo_exception")
    return result


def entry_html(entry: Any) -> str:
    return str(entry.content[0].value)


# --- Atom and RSS, read back with feedparser ---------------------------------------------------


@pytest.mark.parametrize(("render", "self_url", "version"), XML_FORMATS)
def test_every_post_in_order_with_plain_titles(
    render: Renderer, self_url: str, version: str
) -> None:
    result = parsed(render, self_url)
    assert result.version == version
    assert [e.title for e in result.entries] == PLAIN_TITLES


@pytest.mark.parametrize(("render", "self_url", "version"), XML_FORMATS)
def test_links_ids_and_authors(render: Renderer, self_url: str, version: str) -> None:
    entries = parsed(render, self_url).entries
    assert [e.link for e in entries] == EXPECTED_LINKS
    assert [e.id for e in entries] == EXPECTED_IDS
    assert [e.get("author") for e in entries] == EXPECTED_AUTHORS


@pytest.mark.parametrize(("render", "self_url", "version"), XML_FORMATS)
def test_dates(render: Renderer, self_url: str, version: str) -> None:
    entries = parsed(render, self_url).entries
    published = [datetime(*e.published_parsed[:6], tzinfo=UTC) for e in entries]
    assert published == [p.published for p in POSTS]
    if version == "atom10":
        updated = [datetime(*e.updated_parsed[:6], tzinfo=UTC) for e in entries]
        assert updated == [p.updated for p in POSTS]


@pytest.mark.parametrize(("render", "self_url", "version"), XML_FORMATS)
def test_attribution_line_in_every_entry(render: Renderer, self_url: str, version: str) -> None:
    entries = parsed(render, self_url).entries
    bodies = [entry_html(e) for e in entries]
    assert bodies[0].startswith("<p>Negotiators met again on the quay.</p>")
    assert (
        '<p>This post was originally published on <a href="https://marsh-fen.example/">'
        "Marsh &amp; Fen &lt;Gazette&gt;</a>.</p>"
    ) in bodies[0]
    # No http(s) site_url: the feed is linked; no body and no summary: the line alone.
    assert bodies[1] == (
        '<p>This post was originally published on <a href="https://upland-courier.example/rss">'
        "Upland Courier</a>.</p>"
    )


@pytest.mark.parametrize(("render", "self_url", "version"), XML_FORMATS)
def test_summary_and_categories(render: Renderer, self_url: str, version: str) -> None:
    first = parsed(render, self_url).entries[0]
    # RSS <description> is HTML to readers, so the plain summary arrives HTML-escaped there.
    summary = html.unescape(first.summary) if version == "rss20" else first.summary
    assert summary == "Tolls <b>rise</b> & ferries wait"
    assert [t.term for t in first.tags] == ["Harbour & Port", "coast"]


@pytest.mark.parametrize(("render", "self_url", "version"), XML_FORMATS)
def test_enclosures(render: Renderer, self_url: str, version: str) -> None:
    enclosures = parsed(render, self_url).entries[0].enclosures
    hrefs = [e.href for e in enclosures]
    if version == "rss20":  # RSS 2.0 carries one enclosure per item: the first
        assert hrefs == ["https://marsh-fen.example/talks.mp3"]
    else:
        assert hrefs == [
            "https://marsh-fen.example/talks.mp3",
            "https://marsh-fen.example/quay.jpg",
        ]
    assert enclosures[0].type == "audio/mpeg"
    assert enclosures[0].length == "4096"


@pytest.mark.parametrize(("render", "self_url", "version"), XML_FORMATS)
def test_feed_level_fields(render: Renderer, self_url: str, version: str) -> None:
    feed = parsed(render, self_url).feed
    assert feed.title == "Coast & Rivers <desk>"
    assert feed.link == f"{BASE}/category/coast/"
    self_links = [link.href for link in feed.links if link.rel == "self"]
    assert self_links == [self_url]
    # The newest update among the posts: the hostile post, updated two hours after publishing.
    assert datetime(*feed.updated_parsed[:6], tzinfo=UTC) == T0 + timedelta(hours=2)


@pytest.mark.parametrize(("render", "self_url", "version"), XML_FORMATS)
def test_well_formed_xml(render: Renderer, self_url: str, version: str) -> None:
    root = etree.fromstring(render(meta_for(self_url), POSTS))  # raises when not well-formed
    assert root.tag in {"{http://www.w3.org/2005/Atom}feed", "rss"}


@pytest.mark.parametrize(("render", "self_url", "version"), ALL_FORMATS)
def test_no_markup_injected(render: Renderer, self_url: str, version: str) -> None:
    document = render(meta_for(self_url), POSTS)
    assert b"<script" not in document.lower()
    assert b"<img" not in document.lower()
    assert b"<gazette" not in document.lower()


@pytest.mark.parametrize(("render", "self_url", "version"), ALL_FORMATS)
def test_empty_feed_is_still_valid(render: Renderer, self_url: str, version: str) -> None:
    meta = replace(meta_for(self_url), updated=T0)
    document = render(meta, [])
    if version == "json":
        assert json.loads(document)["items"] == []
        return
    etree.fromstring(document)
    result = feedparser.parse(document)
    assert not result.bozo
    assert result.entries == []
    assert datetime(*result.feed.updated_parsed[:6], tzinfo=UTC) == T0


# --- Atom specifics (RFC 4287 required elements) -----------------------------------------------

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def atom_tree() -> Any:
    return etree.fromstring(render_atom(meta_for(f"{BASE}/category/coast/feed.atom"), POSTS))


def test_atom_feed_has_required_elements() -> None:
    root = atom_tree()
    assert root.xpath("a:id/text()", namespaces=ATOM) == [f"{BASE}/category/coast/feed.atom"]
    assert root.xpath("a:updated/text()", namespaces=ATOM) == ["2025-05-20T14:00:00Z"]
    assert root.xpath("a:title/text()", namespaces=ATOM) == ["Coast & Rivers <desk>"]
    assert root.xpath("a:link[@rel='self']/@href", namespaces=ATOM) == [
        f"{BASE}/category/coast/feed.atom"
    ]
    assert root.xpath("a:link[@rel='alternate']/@type", namespaces=ATOM) == [
        "text/html",
        "application/rss+xml",
        "application/feed+json",
    ]


def test_atom_entries_have_required_elements() -> None:
    for entry in atom_tree().xpath("a:entry", namespaces=ATOM):
        for name in ("id", "updated", "title", "content"):
            assert len(entry.xpath(f"a:{name}", namespaces=ATOM)) == 1, name
        assert entry.xpath("a:link[@rel='alternate']/@href", namespaces=ATOM)
        assert entry.xpath("a:title/@type", namespaces=ATOM) == ["text"]
        assert entry.xpath("a:content/@type", namespaces=ATOM) == ["html"]


def test_atom_entry_names_its_source() -> None:
    source = atom_tree().xpath("a:entry[1]/a:source", namespaces=ATOM)[0]
    assert source.xpath("a:title/text()", namespaces=ATOM) == ["Marsh & Fen <Gazette>"]
    assert source.xpath("a:id/text()", namespaces=ATOM) == ["https://marsh-fen.example/feed.xml"]


# --- RSS specifics -----------------------------------------------------------------------------

RSS_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}


def rss_tree() -> Any:
    return etree.fromstring(render_rss(meta_for(f"{BASE}/category/coast/feed.rss"), POSTS))


def test_rss_channel() -> None:
    channel = rss_tree().find("channel")
    assert channel.findtext("title") == "Coast & Rivers <desk>"
    assert channel.findtext("link") == f"{BASE}/category/coast/"
    assert channel.findtext("description") == "Harbours, rivers & the people who work them"
    assert channel.xpath("atom:link[@rel='self']/@href", namespaces=RSS_NS) == [
        f"{BASE}/category/coast/feed.rss"
    ]
    assert channel.findtext("lastBuildDate") == "Tue, 20 May 2025 14:00:00 GMT"


def test_rss_items() -> None:
    items = rss_tree().findall("channel/item")
    assert [i.find("guid").get("isPermaLink") for i in items] == ["false"] * 3
    assert [parsedate_to_datetime(i.findtext("pubDate")) for i in items] == [
        p.published for p in POSTS
    ]
    assert items[0].findtext("pubDate") == "Tue, 20 May 2025 12:00:00 GMT"
    assert items[0].xpath("dc:creator/text()", namespaces=RSS_NS) == [HOSTILE_AUTHOR]
    assert items[1].xpath("dc:creator", namespaces=RSS_NS) == []
    assert all(i.xpath("content:encoded", namespaces=RSS_NS) for i in items)
    assert len(items[0].findall("enclosure")) == 1


# --- JSON Feed 1.1 -----------------------------------------------------------------------------

JSON_FEED_REQUIRED = {"version", "title", "items"}
JSON_ITEM_REQUIRED = {"id", "url", "title", "content_html", "date_published", "date_modified"}


def json_feed() -> dict[str, Any]:
    document = render_json_feed(meta_for(f"{BASE}/category/coast/feed.json"), POSTS)
    loaded: dict[str, Any] = json.loads(document)
    return loaded


def test_json_feed_structure() -> None:
    feed = json_feed()
    assert feed.keys() >= JSON_FEED_REQUIRED
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["home_page_url"] == f"{BASE}/category/coast/"
    assert feed["feed_url"] == f"{BASE}/category/coast/feed.json"
    for item in feed["items"]:
        assert item.keys() >= JSON_ITEM_REQUIRED
        assert all(isinstance(item[key], str) for key in JSON_ITEM_REQUIRED)


def test_json_feed_items() -> None:
    items = json_feed()["items"]
    # JSON escapes control characters, so titles arrive exactly as stored.
    assert [i["title"] for i in items] == [p.title for p in POSTS]
    assert [i["url"] for i in items] == EXPECTED_LINKS
    assert [i["id"] for i in items] == EXPECTED_IDS
    assert [i.get("authors") for i in items] == [
        [{"name": HOSTILE_AUTHOR}],
        None,
        [{"name": "Dana Oduya"}],
    ]
    assert [i["date_published"] for i in items] == [format_time(p.published) for p in POSTS]
    assert items[0]["date_modified"] == "2025-05-20T14:00:00Z"
    assert items[0]["summary"] == "Tolls <b>rise</b> & ferries wait"
    assert items[0]["tags"] == ["Harbour & Port", "coast"]
    assert "Marsh &amp; Fen &lt;Gazette&gt;</a>.</p>" in items[0]["content_html"]
    assert items[0]["attachments"] == [
        {
            "url": "https://marsh-fen.example/talks.mp3",
            "mime_type": "audio/mpeg",
            "size_in_bytes": 4096,
        },
        {"url": "https://marsh-fen.example/quay.jpg", "mime_type": "application/octet-stream"},
    ]


# --- post_to_json ------------------------------------------------------------------------------

POST_KEYS = {
    "id", "title", "url", "published", "updated", "author", "source", "origin", "categories",
    "tags", "summary", "content_html", "content_text", "content_kind", "story_id",
    "also_published_by",
}  # fmt: skip


def test_post_json_exact_shape() -> None:
    post = make_post(
        origin_outlet="Delta Wire",
        origin_author="Ravi Anand",
        story_id="s9",
        categories=("coast",),
        tags=("Harbour",),
        also_published_by=(AlsoPublished("Upland Courier", "https://upland-courier.example/x"),),
    )
    result = post_to_json(post)
    assert set(result) == POST_KEYS
    assert result["source"] == {
        "name": "Marsh & Fen <Gazette>",
        "feed_url": "https://marsh-fen.example/feed.xml",
        "site_url": "https://marsh-fen.example/",
    }
    assert result["origin"] == {"outlet": "Delta Wire", "author": "Ravi Anand"}
    assert result["categories"] == ["coast"]
    assert result["tags"] == ["Harbour"]
    assert result["story_id"] == "s9"
    assert result["also_published_by"] == [
        {"source": "Upland Courier", "url": "https://upland-courier.example/x"}
    ]
    json.dumps(result)  # serializable as is


def test_post_json_nulls_when_unknown() -> None:
    result = post_to_json(make_post(author=None, url=None))
    assert result["author"] is None
    assert result["url"] is None
    assert result["origin"] == {"outlet": None, "author": None}
    assert result["story_id"] is None
    assert result["also_published_by"] == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("https://marsh-fen.example/a", "https://marsh-fen.example/a", id="https"),
        pytest.param("http://marsh-fen.example/a", "http://marsh-fen.example/a", id="http"),
        pytest.param("HTTPS://marsh-fen.example/a", "HTTPS://marsh-fen.example/a", id="upper"),
        pytest.param("javascript:alert(1)", None, id="javascript"),
        pytest.param("data:text/html,<b>x</b>", None, id="data"),
        pytest.param("ftp://marsh-fen.example/a", None, id="ftp"),
        pytest.param("/2025/05/a", None, id="relative"),
        pytest.param("http://", None, id="no-host"),
        pytest.param("http://[::1", None, id="bad-host"),
        pytest.param("", None, id="empty"),
        pytest.param(None, None, id="none"),
    ],
)
def test_post_json_links_are_http_only(url: str | None, expected: str | None) -> None:
    source = replace(AMP_SOURCE, site_url=url)
    result = post_to_json(make_post(url=url, source=source))
    assert result["url"] == expected
    assert result["source"] == {
        "name": AMP_SOURCE.name,
        "feed_url": AMP_SOURCE.feed_url,
        "site_url": expected,
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(
            datetime(2025, 5, 20, 12, 0, 7, 999, tzinfo=UTC), "2025-05-20T12:00:07Z", id="utc"
        ),
        pytest.param(
            datetime(2025, 5, 20, 14, 30, tzinfo=timezone(timedelta(hours=2))),
            "2025-05-20T12:30:00Z",
            id="offset",
        ),
        pytest.param(datetime(2025, 1, 2, 3, 4, 5), "2025-01-02T03:04:05Z", id="naive-is-utc"),
    ],
)
def test_format_time(value: datetime, expected: str) -> None:
    assert format_time(value) == expected


def test_post_json_times() -> None:
    result = post_to_json(make_post(updated=T0 + timedelta(minutes=5)))
    assert result["published"] == "2025-05-20T12:00:00Z"
    assert result["updated"] == "2025-05-20T12:05:00Z"


# -- media on pages -------------------------------------------------------------------------

VIDEO = Enclosure("https://tv.example/clip.mp4", "video/mp4", medium="video")
THUMB = Enclosure("https://tv.example/clip.jpg", "image/jpeg", medium="image")
AUDIO = Enclosure("https://radio.example/show.mp3", "audio/mpeg")
HOSTILE = Enclosure("javascript:alert(1)", "video/mp4")


@pytest.mark.parametrize(
    ("enclosures", "expected"),
    [
        pytest.param((VIDEO, THUMB), [("video", VIDEO.url, THUMB.url)], id="thumbnail-is-poster"),
        pytest.param((THUMB, VIDEO), [("video", VIDEO.url, THUMB.url)], id="thumbnail-first"),
        pytest.param(
            (AUDIO, THUMB),
            [("audio", AUDIO.url, None), ("img", THUMB.url, None)],
            id="audio-keeps-its-image",
        ),
        pytest.param((HOSTILE, THUMB), [("img", THUMB.url, None)], id="non-http-dropped"),
        pytest.param(
            (Enclosure("https://x.example/f.pdf", "application/pdf"),),
            [("a", "https://x.example/f.pdf", None)],
            id="other-is-a-link",
        ),
    ],
)
def test_media_items(
    enclosures: tuple[Enclosure, ...], expected: list[tuple[str, str, str | None]]
) -> None:
    from tributary.publish.pages import media_items

    items = media_items(make_post(enclosures=enclosures, content_kind="media"))
    assert [(i.element, i.url, i.poster) for i in items] == expected
