"""The live site, feeds and API, served by uvicorn on 127.0.0.1 and read over real sockets.

The seeded site (fixtures_site.seed_site) holds 25 Ukraine posts (two pages), and in Gaza
an excerpt-only post, a media post and a hostile one (script title, attribute-breaking
author, javascript: link) from a source whose last fetch failed.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.html
import pytest
from lxml import etree

from builders import at, make_filed_entry
from fixtures_site import (
    HOSTILE_AUTHOR,
    HOSTILE_TITLE,
    RunningSite,
    add_posts,
    config_in,
    seed_site,
    start_site,
)
from tributary.publish.links import http_url
from tributary.storage import Storage, open_storage
from tributary.types import Post

POST_KEYS = {"id", "title", "url", "published", "updated", "author", "source", "origin",
             "categories", "tags", "summary", "content_html", "content_text", "content_kind",
             "story_id", "also_published_by"}  # fmt: skip
ATTRIBUTION = "This post was originally published on"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def html(self) -> Any:
        return lxml.html.fromstring(self.body)


def fetch(url: str, headers: dict[str, str] | None = None) -> Answer:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request) as response:
            return Answer(response.status, _lower(response.headers), response.read())
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, _lower(exc.headers), exc.read())


def _lower(headers: Any) -> dict[str, str]:
    return {key.lower(): value for key, value in headers.items()}


_STEP = re.compile(
    r"^(?P<tag>[a-z0-9]*)(?:\.(?P<cls>[\w-]+))?(?:\[(?P<attr>\w+)=\"(?P<val>[^\"]*)\"\])?$"
)


def select(element: Any, selector: str) -> list[Any]:
    """A small CSS subset (``tag.class[attr="v"]`` steps, descendant only) as XPath."""
    path = "."
    for step in selector.split():
        match = _STEP.match(step)
        assert match, step
        path += "//" + (match["tag"] or "*")
        if match["cls"]:
            path += f"[contains(concat(' ', normalize-space(@class), ' '), ' {match['cls']} ')]"
        if match["attr"]:
            path += f"[@{match['attr']}='{match['val']}']"
    return list(element.xpath(path))


def titles(page: Any) -> list[str]:
    return [a.text_content() for a in select(page, "article .post-title a")]


def link_with_text(page: Any, text: str) -> str | None:
    found = [a.get("href") for a in page.iter("a") if a.text_content().strip() == text]
    return found[0] if found else None


@pytest.fixture
def any_site(storage: Storage, tmp_path: Path) -> Any:
    """The seeded site on each database (SQLite and PostgreSQL)."""
    sources = seed_site(storage)
    with start_site(storage, config_in(tmp_path)) as (url, config):
        yield RunningSite(url, config, storage, sources)


# -- pages -------------------------------------------------------------------------------


def test_front_page_lists_each_categorys_latest_posts(running_site: RunningSite) -> None:
    page = fetch(running_site.url + "/").html()
    for slug in ("ukraine", "gaza"):
        section = page.get_element_by_id(f"category-{slug}").getparent()
        expected = [p.title for p in running_site.storage.list_posts(category=slug, limit=5)]
        assert titles(section) == expected


def test_category_page_shows_posts_newest_first_with_every_field(
    running_site: RunningSite,
) -> None:
    page = fetch(running_site.url + "/category/gaza/").html()
    stored = running_site.storage.list_posts(category="gaza")
    articles = select(page, "main article")
    assert [select(a, ".post-title")[0].text_content() for a in articles] == [
        p.title for p in stored
    ]
    for article, post in zip(articles, stored, strict=True):
        title_href = select(article, ".post-title a")[0].get("href")
        assert title_href == (http_url(post.url) or f"/post/{post.id}/")
        assert select(article, ".post-source")[0].text_content() == post.source.name
        assert post.author in select(article, ".post-author")[0].text_content()
        assert select(article, "time")[0].get("datetime") == "2025-05-20T" + (
            post.published.strftime("%H:%M:%SZ")
        )
        line = select(article, ".post-attribution p")[0]
        assert line.text_content() == f"{ATTRIBUTION} {post.source.name}."
        assert select(line, "a")[0].get("href") == post.source.feed_url  # no site_url known


@pytest.mark.parametrize(
    ("title", "expect_continue", "expect_media"),
    [
        pytest.param("Rafah crossing talks", True, None, id="excerpt-continue-reading"),
        pytest.param("Evening bulletin video", False, "video", id="media-player"),
    ],
)
def test_post_kinds_render_as_topic_desks_show_them(
    running_site: RunningSite, title: str, expect_continue: bool, expect_media: str | None
) -> None:
    page = fetch(running_site.url + "/category/gaza/").html()
    post = next(p for p in running_site.storage.list_posts(category="gaza") if p.title == title)
    article = page.get_element_by_id(f"post-{post.id}").getparent().getparent()
    assert (link_with_text(article, f"Continue reading “{title}”") == post.url) is expect_continue
    if expect_media:
        sources = [el.get("src") for el in article.iter(expect_media)]
        assert sources == ["https://upland-courier.example/v.mp4"]  # javascript: one dropped


@pytest.mark.parametrize("page_kind", ["front", "category", "source", "post"])
def test_media_post_shows_a_player_or_a_link_on_every_page_kind(
    running_site: RunningSite, page_kind: str
) -> None:
    """A post with no text but a video is never an empty card: a player, or on the front
    page's compact cards a link to the post's own page, which has the player."""
    post = next(p for p in running_site.storage.list_posts() if p.content_kind == "media")
    path = {
        "front": "/",
        "category": "/category/gaza/",
        "source": f"/source/{running_site.sources['Upland Courier'].slug}/",
        "post": f"/post/{post.id}/",
    }[page_kind]
    page = fetch(running_site.url + path).html()
    article = page.get_element_by_id(f"post-{post.id}").getparent().getparent()
    players = [el.get("src") for el in article.iter("video")]
    if page_kind == "front":
        assert players == []
        assert link_with_text(article, "Watch or listen") == f"/post/{post.id}/"
    else:
        assert players == ["https://upland-courier.example/v.mp4"]


def test_pagination_is_stable_while_newer_posts_arrive(any_site: RunningSite) -> None:
    url = any_site.url + "/category/ukraine/"
    first = fetch(url).html()
    assert len(titles(first)) == 20
    older = link_with_text(first, "Older posts")
    assert older is not None
    newer = make_filed_entry("guid:ua-new", title="Kyiv late bulletin", published=at(500),
                             categories=("ukraine",))  # fmt: skip
    add_posts(any_site.storage, any_site.sources["Harbour Gazette"], [newer])
    second = fetch(urljoin(url, older)).html()
    seen = titles(first) + titles(second)
    assert len(seen) == len(set(seen)) == 25
    assert set(seen) == {f"Kyiv bridge report {i}" for i in range(25)}
    assert link_with_text(second, "Older posts") is None
    assert urljoin(url, link_with_text(second, "Newest posts") or "") == url


def test_post_page(running_site: RunningSite) -> None:
    post = running_site.storage.list_posts(category="ukraine", limit=1)[0]
    page = fetch(f"{running_site.url}/post/{post.id}/").html()
    assert select(page, "h1.post-title")[0].text_content() == post.title
    assert post.content_text in select(page, ".post-body")[0].text_content()
    assert link_with_text(page, "Ukraine") == "/category/ukraine/"
    assert ATTRIBUTION in select(page, ".post-attribution")[0].text_content()


def test_source_page_shows_its_posts_and_fetch_health(running_site: RunningSite) -> None:
    source = running_site.sources["Upland Courier"]
    page = fetch(f"{running_site.url}/source/{source.slug}/").html()
    assert select(page, ".source-status")[0].text_content() == "503"
    assert select(page, ".source-error")[0].text_content() == "HTTP 503 Service Unavailable"
    assert select(page, ".source-error-count")[0].text_content() == "3"
    stored = running_site.storage.list_posts(source_id=source.id)
    assert titles(page) == [p.title for p in stored]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        pytest.param("/category/nowhere/", "html", id="category"),
        pytest.param("/source/nowhere/", "html", id="source"),
        pytest.param("/post/0000000000000000/", "html", id="post"),
        pytest.param("/category/nowhere/feed.atom", "html", id="category-feed"),
        pytest.param("/category/ukraine/feed.xml", "html", id="unknown-format"),
        pytest.param("/no/such/page", "html", id="unknown-path"),
        pytest.param("/story/no-such-story/", "html", id="story"),
        pytest.param("/api/posts/0000000000000000", "json", id="api-post"),
        pytest.param("/api/categories/nowhere/posts", "json", id="api-category"),
        pytest.param("/api/stories?category=nowhere", "json", id="api-stories-category"),
    ],
)
def test_unknown_things_are_404(running_site: RunningSite, path: str, kind: str) -> None:
    answer = fetch(running_site.url + path)
    assert answer.status == 404
    if kind == "json":
        assert set(answer.json()) == {"detail"}
    else:
        assert answer.headers["content-type"].startswith("text/html")
        assert select(answer.html(), "h1")


@pytest.mark.parametrize("path", ["/post/%00/", "/story/%00/", "/source/%00/", "/api/posts/%00"])
def test_an_address_with_a_nul_is_404_on_both_databases(any_site: RunningSite, path: str) -> None:
    """PostgreSQL refuses a NUL in any text: the lookup was a database error, answered 503."""
    assert fetch(any_site.url + path).status == 404


def test_bad_cursor_on_a_page_is_400(running_site: RunningSite) -> None:
    answer = fetch(running_site.url + "/category/ukraine/?cursor=not-a-cursor")
    assert answer.status == 400
    assert answer.headers["content-type"].startswith("text/html")


# -- feeds ---------------------------------------------------------------------------------

FEEDS = [
    pytest.param(directory, fmt, id=f"{directory or 'site/'}{fmt}")
    for directory in ("", "category/ukraine/", "category/gaza/", "source/upland-courier/")
    for fmt in ("atom", "rss", "json")
]


def _stored_for(site: RunningSite, directory: str) -> list[Post]:
    if directory.startswith("category/"):
        return site.storage.list_posts(category=directory.split("/")[1], limit=50)
    if directory.startswith("source/"):
        return site.storage.list_posts(source_id=site.sources["Upland Courier"].id, limit=50)
    return site.storage.list_posts(limit=50)


@pytest.mark.parametrize(("directory", "fmt"), FEEDS)
def test_every_feed_matches_the_stored_posts(
    running_site: RunningSite, directory: str, fmt: str
) -> None:
    feed_url = f"{running_site.url}/{directory}feed.{fmt}"
    answer = fetch(feed_url)
    assert answer.status == 200
    stored = _stored_for(running_site, directory)
    expected_links = [http_url(p.url) or f"{running_site.url}/post/{p.id}/" for p in stored]
    if fmt == "json":
        document = answer.json()
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        assert document["feed_url"] == feed_url
        items = document["items"]
        assert [i["title"] for i in items] == [p.title for p in stored]
        assert [i["url"] for i in items] == expected_links
        assert all(ATTRIBUTION in i["content_html"] for i in items)
        return
    parsed = feedparser.parse(answer.body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.title for e in parsed.entries] == [p.title for p in stored]
    assert [e.link for e in parsed.entries] == expected_links
    for entry, post in zip(parsed.entries, stored, strict=True):
        assert ATTRIBUTION in entry.content[0].value
        assert entry.get("author") == post.author
    if fmt == "atom":
        assert parsed.feed.id == feed_url
        assert parsed.feed.updated
        self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
        assert self_links == [feed_url]


@pytest.mark.parametrize(
    ("path", "types"),
    [
        pytest.param("/", "", id="front"),
        pytest.param("/category/gaza/", "category/gaza/", id="category"),
        pytest.param("/source/upland-courier/", "source/upland-courier/", id="source"),
    ],
)
def test_pages_link_their_feeds_as_alternates(
    running_site: RunningSite, path: str, types: str
) -> None:
    page = fetch(running_site.url + path).html()
    found = {(el.get("type"), el.get("href")) for el in select(page, 'link[rel="alternate"]')}
    assert found == {
        ("application/atom+xml", f"/{types}feed.atom"),
        ("application/rss+xml", f"/{types}feed.rss"),
        ("application/feed+json", f"/{types}feed.json"),
    }


# -- caching -------------------------------------------------------------------------------

CACHED = ["/", "/category/ukraine/", "/source/upland-courier/", "/feed.atom",
          "/category/gaza/feed.rss", "/source/harbour-gazette/feed.json",
          "/api/categories/ukraine/posts"]  # fmt: skip


@pytest.mark.parametrize("path", CACHED)
def test_conditional_get_answers_304(running_site: RunningSite, path: str) -> None:
    url = running_site.url + path
    first = fetch(url)
    assert first.status == 200
    assert first.headers["cache-control"].startswith("public, max-age=")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    cases = [({"If-None-Match": etag}, 304), ({"If-None-Match": f"W/{etag}"}, 304),
             ({"If-None-Match": '"other"'}, 200), ({"If-Modified-Since": modified}, 304),
             ({"If-Modified-Since": format_datetime(at(-60), usegmt=True)}, 200)]  # fmt: skip
    for headers, status in cases:
        answer = fetch(url, headers)
        assert (answer.status, answer.headers["etag"]) == (status, etag), headers
        if status == 304:
            assert answer.body == b""


@pytest.mark.parametrize("path", ["/", "/category/gaza/", "/feed.atom"])
def test_head_answers_like_get_without_a_body(running_site: RunningSite, path: str) -> None:
    url = running_site.url + path
    got = fetch(url)
    with urllib.request.urlopen(urllib.request.Request(url, method="HEAD")) as response:
        assert response.status == 200
        assert response.headers["etag"] == got.headers["etag"]
        assert response.read() == b""


# -- API -----------------------------------------------------------------------------------


def test_api_categories(running_site: RunningSite) -> None:
    answer = fetch(running_site.url + "/api/categories")
    assert answer.json() == [
        {"slug": "ukraine", "name": "Ukraine", "post_count": 25},
        {"slug": "gaza", "name": "Gaza", "post_count": 3},
    ]


def test_api_pages_through_a_category_by_cursor(any_site: RunningSite) -> None:
    url, seen, cursor = any_site.url + "/api/categories/ukraine/posts?limit=7", [], None
    while True:
        page = fetch(url + (f"&cursor={cursor}" if cursor else "")).json()
        assert set(page) == {"posts", "next_cursor"}
        seen.extend(p["id"] for p in page["posts"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    expected = [p.id for p in any_site.storage.list_posts(category="ukraine", limit=100)]
    assert seen == expected


def test_api_post_has_exactly_the_contracts_keys(running_site: RunningSite) -> None:
    post = running_site.storage.list_posts(category="gaza", limit=1)[0]
    found = fetch(f"{running_site.url}/api/posts/{post.id}").json()
    assert set(found) == POST_KEYS
    assert set(found["source"]) == {"name", "feed_url", "site_url"}
    assert set(found["origin"]) == {"outlet", "author"}
    assert found["id"] == post.id
    assert found["url"] is None  # the javascript: link is never published
    listed = fetch(running_site.url + "/api/categories/gaza/posts").json()["posts"][0]
    assert listed == found


@pytest.mark.parametrize(
    ("query", "status"),
    [
        pytest.param("cursor=bm90LWEtY3Vyc29y", 400, id="bad-cursor"),
        pytest.param("cursor=%%%", 400, id="garbage-cursor"),
        pytest.param("limit=0", 422, id="limit-zero"),
        pytest.param("limit=101", 422, id="limit-over-max"),
        pytest.param("limit=100", 200, id="limit-max"),
    ],
)
def test_api_rejects_bad_parameters(running_site: RunningSite, query: str, status: int) -> None:
    answer = fetch(f"{running_site.url}/api/categories/ukraine/posts?{query}")
    assert answer.status == status
    assert "detail" in answer.json() if status != 200 else answer.json()["posts"]


def test_api_health_and_openapi(running_site: RunningSite) -> None:
    health = fetch(running_site.url + "/api/health").json()
    assert health["status"] == "ok"
    assert health["posts"] == 28
    paths = set(fetch(running_site.url + "/openapi.json").json()["paths"])
    assert paths == {"/api/categories", "/api/categories/{slug}/posts",
                     "/api/posts/{post_id}", "/api/health", "/api/search",
                     "/api/stories"}  # fmt: skip


# -- hostile content -----------------------------------------------------------------------


def _assert_no_active_markup(document: Any, where: str) -> None:
    assert not document.xpath("//script"), where
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, element.tag, name)
            if name in ("href", "src"):
                assert not value.strip().lower().startswith("javascript:"), (where, value)


def test_hostile_posts_never_become_markup_on_pages(running_site: RunningSite) -> None:
    hostile = next(p for p in running_site.storage.list_posts() if p.title == HOSTILE_TITLE)
    for path in ["/", "/category/gaza/", "/source/upland-courier/", f"/post/{hostile.id}/"]:
        body = fetch(running_site.url + path).body
        _assert_no_active_markup(lxml.html.fromstring(body), path)
        page = lxml.html.fromstring(body)
        assert HOSTILE_TITLE in [t.strip() for t in page.xpath("//text()")], path
        assert f"by {HOSTILE_AUTHOR}" in page.xpath("//text()"), path


@pytest.mark.parametrize("fmt", ["atom", "rss", "json"])
def test_hostile_posts_never_become_markup_in_feeds(running_site: RunningSite, fmt: str) -> None:
    body = fetch(f"{running_site.url}/category/gaza/feed.{fmt}").body
    if fmt == "json":
        items = json.loads(body)["items"]
        bodies = [i["content_html"] for i in items]
        assert HOSTILE_TITLE in [i["title"] for i in items]
    else:
        root = etree.fromstring(body)
        assert not [el for el in root.iter() if etree.QName(el).localname == "script"]
        texts = [el.text for el in root.iter() if etree.QName(el).localname == "title"]
        assert HOSTILE_TITLE in texts
        bodies = [el.text for el in root.iter()
                  if etree.QName(el).localname in ("content", "encoded")]  # fmt: skip
    for html in bodies:
        _assert_no_active_markup(lxml.html.fromstring(html), fmt)


# -- the command ---------------------------------------------------------------------------


def test_serve_command_serves_until_interrupted(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'cli.db'}"
    storage = open_storage(database)
    try:
        seed_site(storage)
    finally:
        storage.close()
    config = tmp_path / "tributary.toml"
    config.write_text('[site]\ntitle = "Riverbend Desk"\n')
    command = [sys.executable, "-m", "tributary.cli", "--config", str(config),
               "--database", database, "serve", "--port", "0"]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("Serving the site at http://127.0.0.1:")
        url = line.split()[-1]
        assert fetch(url + "api/health").json()["posts"] == 28
        assert "Kyiv bridge report 24" in titles(fetch(url + "category/ukraine/").html())
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
