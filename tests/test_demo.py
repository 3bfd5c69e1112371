"""The bundled demo: its server answers every configured source, its feeds parse cleanly,
conditional GETs come back 304, and its configuration loads.

Real sockets throughout: the demo server runs on 127.0.0.1 for the module.
"""

from __future__ import annotations

import http.client
import json
import re
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest

from tributary.categorize import Document, file_document
from tributary.config import load_config
from tributary.demo import DemoServer, demo_config, start_demo_server
from tributary.demo.content import OUTLETS, entries
from tributary.demo.model import Outlet
from tributary.demo.server import not_modified

NOW = datetime(2025, 5, 20, 12, 0, tzinfo=UTC)
FEEDS = [o for o in OUTLETS if o.style != "failing"]
XML_FEEDS = [o for o in FEEDS if o.style != "jsonfeed"]
CONTENT_TYPES = {
    "wordpress": "application/rss+xml",
    "atom": "application/atom+xml",
    "jsonfeed": "application/feed+json",
    "excerpt": "application/rss+xml",
    "video": "application/rss+xml",
    "syndicator": "application/rss+xml",
    "rdf": "application/rdf+xml",
}


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with start_demo_server(now=NOW) as running:
        yield running


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, Any, bytes]:
    """One GET over a fresh connection: (status, headers, body)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=10)
    try:
        connection.request("GET", parts.path or "/", headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def feed_body(server: DemoServer, outlet: Outlet) -> bytes:
    status, _, body = get(server.url + outlet.feed_path)
    assert status == 200
    return body


def parse(server: DemoServer, outlet: Outlet) -> Any:
    """The feed through feedparser, told the URL and content type as a fetcher would."""
    url = server.url + outlet.feed_path
    status, headers, body = get(url)
    assert status == 200
    response_headers = {"content-location": url, "content-type": headers["Content-Type"]}
    return feedparser.parse(body, response_headers=response_headers)


def configured_urls(server: DemoServer) -> list[str]:
    return [s["url"] for s in tomllib.loads(demo_config(server.url))["sources"]]


# --- the server answers what the configuration names ----------------------------------


@pytest.mark.parametrize("outlet", OUTLETS, ids=lambda o: o.key)
def test_every_configured_source_answers(server: DemoServer, outlet: Outlet) -> None:
    assert server.url + outlet.config_path in configured_urls(server)
    status, headers, body = get(server.url + outlet.config_path)
    if outlet.style == "failing":
        assert status == 500
        return
    assert status == 200
    expected = "text/html" if outlet.configured_by_home_page else CONTENT_TYPES[outlet.style]
    assert headers["Content-Type"].split(";")[0] == expected
    assert body


def test_home_page_names_its_feed_in_link_alternate(server: DemoServer) -> None:
    outlet = next(o for o in OUTLETS if o.configured_by_home_page)
    _, _, page = get(server.url + outlet.home_path)
    links = re.findall(r'<link rel="alternate" type="([^"]+)"[^>]*href="([^"]+)"', page.decode())
    assert links == [("application/rss+xml", server.url + outlet.feed_path)]
    status, headers, _ = get(links[0][1])
    assert (status, headers["Content-Type"].split(";")[0]) == (200, "application/rdf+xml")


def test_unknown_paths_are_404_and_directories_redirect(server: DemoServer) -> None:
    assert get(server.url + "/no/such/page/")[0] == 404
    status, headers, _ = get(server.url + "/meridian/feed")
    assert (status, headers["Location"]) == (301, "/meridian/feed/")


# --- conditional GET (RFC 9110 section 13) --------------------------------------------


@pytest.mark.parametrize("outlet", FEEDS, ids=lambda o: o.key)
def test_conditional_get_gives_304(server: DemoServer, outlet: Outlet) -> None:
    url = server.url + outlet.feed_path
    _, headers, _ = get(url)
    etag, last_modified = headers["ETag"], headers["Last-Modified"]
    assert get(url, {"If-None-Match": etag})[0] == 304
    assert get(url, {"If-Modified-Since": last_modified})[0] == 304
    assert get(url, {"If-None-Match": '"stale"', "If-Modified-Since": last_modified})[0] == 200


@pytest.mark.parametrize(
    ("if_none_match", "if_modified_since", "expected"),
    [
        pytest.param('"abc"', None, True, id="same-etag"),
        pytest.param('W/"abc"', None, True, id="weak-comparison"),
        pytest.param('"x", "abc"', None, True, id="etag-in-list"),
        pytest.param("*", None, True, id="star"),
        pytest.param('"x"', "Tue, 20 May 2025 12:00:00 GMT", False, id="etag-wins-over-date"),
        pytest.param(None, "Tue, 20 May 2025 12:00:00 GMT", True, id="same-date"),
        pytest.param(None, "Wed, 21 May 2025 08:00:00 GMT", True, id="later-date"),
        pytest.param(None, "Mon, 19 May 2025 12:00:00 GMT", False, id="earlier-date"),
        pytest.param(None, "not a date", False, id="unparsable-date"),
        pytest.param(None, None, False, id="unconditional"),
    ],
)
def test_not_modified(
    if_none_match: str | None, if_modified_since: str | None, expected: bool
) -> None:
    assert not_modified(if_none_match, if_modified_since, '"abc"', NOW) is expected


# --- the feeds ------------------------------------------------------------------------


@pytest.mark.parametrize("outlet", XML_FEEDS, ids=lambda o: o.key)
def test_xml_feeds_parse_without_bozo(server: DemoServer, outlet: Outlet) -> None:
    parsed = parse(server, outlet)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries
    assert parsed.feed.title == outlet.name
    for entry in parsed.entries:
        assert entry.id
        assert entry.title
        assert entry.link.startswith(server.url + "/")


def test_json_feed_is_json_feed_1_1(server: DemoServer) -> None:
    outlet = next(o for o in FEEDS if o.style == "jsonfeed")
    feed = json.loads(feed_body(server, outlet))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    for item in feed["items"]:
        assert {"id", "url", "title", "content_html", "date_published", "authors", "tags"} <= set(
            item
        )


def all_items(server: DemoServer) -> list[tuple[Outlet, Any]]:
    """Every item of every feed as (outlet, feedparser entry or JSON Feed item)."""
    found: list[tuple[Outlet, Any]] = []
    for outlet in FEEDS:
        if outlet.style == "jsonfeed":
            found.extend((outlet, i) for i in json.loads(feed_body(server, outlet))["items"])
        else:
            found.extend((outlet, e) for e in parse(server, outlet).entries)
    return found


def test_the_demo_is_big_enough(server: DemoServer) -> None:
    config = tomllib.loads(demo_config(server.url))
    assert len(config["sources"]) >= 7
    assert len(config["categories"]) >= 5
    assert any("source_tags" in c for c in config["categories"])
    assert len(all_items(server)) >= 80


def test_posts_spread_over_the_last_ten_days(server: DemoServer) -> None:
    for _outlet, parsed in parse_dates(server):
        assert NOW - timedelta(days=10) <= parsed <= NOW


def parse_dates(server: DemoServer) -> list[tuple[Outlet, datetime]]:
    dates = []
    for outlet, item in all_items(server):
        if outlet.style == "jsonfeed":
            when = datetime.fromisoformat(item["date_published"])
        else:
            # feedparser files RSS 1.0's dc:date under "updated"
            parsed = item.get("published_parsed") or item.get("updated_parsed")
            when = datetime(*parsed[:6], tzinfo=UTC)
        dates.append((outlet, when))
    return dates


def test_wordpress_items_end_with_the_appeared_first_footer(server: DemoServer) -> None:
    outlet = next(o for o in FEEDS if o.style == "wordpress")
    for entry in parse(server, outlet).entries:
        assert entry.content[0].value.rstrip().endswith(f"{outlet.name}</a>.</p>")
        assert "appeared first on" in entry.content[0].value


def test_syndicated_items_name_their_origin(server: DemoServer) -> None:
    outlet = next(o for o in FEEDS if o.style == "syndicator")
    pattern = re.compile(r"This content originally appeared on (.+?) and was authored by (.+?)\.")
    names = {o.name for o in OUTLETS}
    copies = 0
    for entry in parse(server, outlet).entries:
        text = re.sub(r"<[^>]+>", "", entry.content[0].value)
        match = pattern.search(text)
        assert match, entry.title
        copies += match[1] in names
    assert copies >= 3


def test_video_items_carry_a_video_and_no_text(server: DemoServer) -> None:
    outlet = next(o for o in FEEDS if o.style == "video")
    for entry in parse(server, outlet).entries:
        assert entry.media_content[0]["medium"] == "video"
        assert "content" not in entry
        assert not entry.get("summary")


def test_excerpt_feed_links_to_full_article_pages(server: DemoServer) -> None:
    outlet = next(o for o in FEEDS if o.style == "excerpt")
    for entry in parse(server, outlet).entries:
        assert "Continue reading" in entry.summary
        status, headers, page = get(entry.link)
        assert status == 200
        assert headers["Content-Type"].startswith("text/html")
        html = page.decode()
        for landmark in ("<nav", "<header", "<article", "<aside", "<footer"):
            assert landmark in html
        assert html.count("<p>") >= 5  # the article's paragraphs, not only the teaser
        teaser = re.sub(r"<[^>]+>", "", entry.summary).split("\u2026")[0]
        assert teaser[:60] in html


def test_every_link_and_image_in_the_feeds_answers(server: DemoServer) -> None:
    urls: set[str] = set()
    for outlet, item in all_items(server):
        json_feed = outlet.style == "jsonfeed"
        urls.add(item["url"] if json_feed else item.link)
        body = item["content_html"] if json_feed else _content(item)
        urls.update(server.url + src for src in re.findall(r'src="(/[^"]+)"', body))
        urls.update(re.findall(r'src="(http[^"]+)"', body))
    for url in sorted(urls):
        status, _, _ = get(url if url.startswith("http") else server.url + url)
        assert status == 200, url


def _content(entry: Any) -> str:
    return "".join(c.value for c in entry.get("content", []))


def test_guids_do_not_depend_on_the_port(server: DemoServer) -> None:
    with start_demo_server(now=NOW) as other:
        for outlet in FEEDS:
            if outlet.style in ("rdf", "jsonfeed"):  # RSS 1.0 items are named by their URL
                continue
            ids = [e.id for e in parse(server, outlet).entries]
            assert ids == [e.id for e in parse(other, outlet).entries]


# --- the configuration --------------------------------------------------------------


def test_demo_config_is_valid_toml_with_the_expected_tables(server: DemoServer) -> None:
    config = tomllib.loads(demo_config(server.url, site_url="http://127.0.0.1:9000"))
    assert config["site"] == {"title": "Tributary demo desk", "base_url": "http://127.0.0.1:9000"}
    assert config["fetch"]["allow_private_addresses"] is True
    assert {s["url"] for s in config["sources"]} == {server.url + o.config_path for o in OUTLETS}


def test_demo_config_loads(server: DemoServer, tmp_path: Path) -> None:
    path = tmp_path / "tributary.toml"
    path.write_text(demo_config(server.url), encoding="utf-8")
    config = load_config(path)
    assert config.site.title == "Tributary demo desk"
    assert config.fetch.allow_private_addresses
    assert len(config.sources) == len(OUTLETS)
    assert [c.slug for c in config.categories] == [
        "ukraine", "gaza", "climate", "labor", "press-freedom",
    ]  # fmt: skip
    assert all(c.query is not None for c in config.categories)


def test_every_category_gets_a_fair_share_of_the_posts(tmp_path: Path) -> None:
    """Filed as the pipeline files them (feed text), each desk gets at least ten posts, the
    quiz is kept out of Climate by its NOT, and only a few posts stay unfiled."""
    path = tmp_path / "tributary.toml"
    path.write_text(demo_config("http://127.0.0.1:1"), encoding="utf-8")
    categories = load_config(path).categories
    filed: dict[str, list[str]] = {c.slug: [] for c in categories}
    unfiled = []
    for outlet in FEEDS:
        for entry in entries(outlet, "http://127.0.0.1:1", NOW):
            text = " ".join(entry.paragraphs)
            doc = Document(entry.title, text, entry.author, outlet.name, entry.tags)
            slugs = file_document(categories, doc)
            for slug in slugs:
                filed[slug].append(entry.title)
            if not slugs:
                unfiled.append(entry.title)
    assert {slug: len(titles) >= 10 for slug, titles in filed.items()} == dict.fromkeys(filed, True)
    assert not [t for t in filed["climate"] if t.startswith("Quiz")]
    assert len(unfiled) <= 10
