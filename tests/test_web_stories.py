"""Stories on the site, the API and the export: events reported by several outlets, built the
public way (feeds served on 127.0.0.1, stored by ``tributary update``), read over real sockets.

    Aldercove Herald     the Varnholt mill fire, first (6 h ago); the ferry strike
    Coastline Radio      the fire in its own words (4 h ago); the Kestrel Bay ferry strike, first
    Northfield Tribune   the fire (2 h ago); the ferry strike
    Harbour Digest       the Herald's fire article word for word, credited to the Herald (1 h ago),
                         and a council vote in Greywater that nobody else covered

So the fire is one story of three articles from four outlets (the Digest's copy is stored once,
on the Herald's post), the strike a story of three outlets, the vote a story of its own. Every
outlet, person and place is invented. SQLite always, PostgreSQL with TRIBUTARY_TEST_DATABASE_URL.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest

from fixtures_site import start_site
from httpserver import LocalServer
from test_cli import NOW, Desk, rss
from test_web import Answer, _lower, fetch, select
from tributary.config import Config, load_config
from tributary.storage import Storage, open_storage

STORY_KEYS = {"id", "title", "post_count", "sources", "first_seen", "last_seen"}
UTC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

HERALD_FIRE = (
    "Fire crews fought a blaze at the Varnholt textile mill in Aldercove through the night "
    "after flames broke through the roof of the weaving hall on Tanner Street. Fire chief "
    "Orla Brennick said forty firefighters and six engines from Aldercove and Millbrook were "
    "at the Varnholt mill by midnight and that nobody was hurt, because the night shift had "
    "left the building when the alarm sounded. Smoke drifted over the Aldercove harbour and "
    "the council asked people on Tanner Street and Dyer Lane to keep their windows shut. "
    "The Varnholt mill employs about two hundred people; its owner, Sefa Varnholt, said the "
    "looms in the weaving hall are lost but the dye works on the other side of the yard were "
    "saved. Brennick said investigators will look at an electrical fault in the old hall. "
    "Tanner Street stays closed to traffic while crews damp down the ruins of the mill."
)
RADIO_FIRE = (
    "Investigators in Aldercove are trying to find out what started the fire that destroyed "
    "the weaving hall of the Varnholt textile mill overnight. Speaking to Coastline Radio, "
    "fire chief Orla Brennick said an electrical fault in the hall is the first thing they "
    "will check. Sefa Varnholt, whose family has run the mill since the last century, told "
    "listeners the two hundred workers will be paid while the company decides whether to "
    "rebuild. Tanner Street in Aldercove remains closed as engines stay at the mill."
)
TRIBUNE_FIRE = (
    "Workers gathered outside the burnt Varnholt textile mill in Aldercove on Tanner Street "
    "this morning, hours after fire tore through its weaving hall. Owner Sefa Varnholt met "
    "them at the gate and promised wages for the two hundred staff. Fire chief Orla Brennick "
    "repeated that nobody was injured in the Aldercove mill fire and that an electrical fault "
    "is being looked at. Neighbours on Dyer Lane described smoke over the harbour all night."
)
RADIO_STRIKE = (
    "Ferry crews in Kestrel Bay walked off the job at dawn, stopping every crossing to Pellan "
    "Island. Union organiser Davi Moreno said the Kestrel Bay crews want rosters that give "
    "them two rest days in a row. Islanders on Pellan waited at the quay for news of a boat "
    "while the ferry company said talks with the union will start in Kestrel Bay tomorrow."
)
HERALD_STRIKE = (
    "The Kestrel Bay ferry strike has left Pellan Island without a crossing since dawn. Davi "
    "Moreno, who speaks for the ferry crews' union, said the Kestrel Bay crews will stay out "
    "until the company offers rosters with two rest days in a row. Pellan Island's doctor "
    "asked for a boat to be kept ready for emergencies during the Kestrel Bay strike."
)
TRIBUNE_STRIKE = (
    "No ferries sailed between Kestrel Bay and Pellan Island today as crews went on strike "
    "over rosters. Davi Moreno of the ferry union told the Tribune that the Kestrel Bay crews "
    "have asked for two rest days in a row for three years. Shops on Pellan Island expect "
    "empty shelves by the weekend if the strike over the Kestrel Bay ferry rosters goes on."
)
DIGEST_VOTE = (
    "Greywater's council voted nine to four to paint cycle lanes on Orchard Road and the "
    "Greywater market square by spring. Councillor Ines Halloway said the lanes will cost less "
    "than repaving the square, while shop owners on Orchard Road asked for loading bays."
)
CREDIT = "<p>This content originally appeared on Aldercove Herald.</p>"
CATEGORY = '[[categories]]\nname = "Coast"\nquery = "varnholt OR kestrel OR greywater"\n'

FIRE_TITLE = "Fire destroys weaving hall at Varnholt mill in Aldercove"
FIRE_URLS = {  # who reported the fire, earliest first, and where
    "Aldercove Herald": "http://herald.example/varnholt-mill-fire",
    "Coastline Radio": "http://coastline.example/news/varnholt-cause",
    "Northfield Tribune": "http://tribune.example/2026/varnholt-workers",
    "Harbour Digest": "http://digest.example/reprints/mill-fire",
}
AUTHORS = {"Aldercove Herald": "Tam Okafor", "Coastline Radio": "Lio Saar",
           "Northfield Tribune": "Mae Ilunga", "Harbour Digest": "Digest desk"}  # fmt: skip


def entry(guid: str, link: str, title: str, html: str, hours: float, outlet: str) -> dict[str, str]:
    return {"title": title, "link": link, "guid": guid, "dc:creator": AUTHORS[outlet],
            "pubDate": format_datetime(NOW - timedelta(hours=hours), usegmt=True),
            "html": html}  # fmt: skip


FEEDS: dict[str, list[dict[str, str]]] = {
    "Aldercove Herald": [
        entry("h-1", FIRE_URLS["Aldercove Herald"], FIRE_TITLE, f"<p>{HERALD_FIRE}</p>", 6,
              "Aldercove Herald"),
        entry("h-2", "http://herald.example/pellan-doctor",
              "Pellan Island doctor asks for emergency boat during ferry strike",
              f"<p>{HERALD_STRIKE}</p>", 4.5, "Aldercove Herald"),
    ],
    "Coastline Radio": [
        entry("r-1", FIRE_URLS["Coastline Radio"],
              "Varnholt mill fire: Aldercove investigators check wiring", f"<p>{RADIO_FIRE}</p>", 4,
              "Coastline Radio"),
        entry("r-2", "http://coastline.example/news/kestrel-ferry-strike",
              "Kestrel Bay ferry crews strike over rosters", f"<p>{RADIO_STRIKE}</p>", 5,
              "Coastline Radio"),
    ],
    "Northfield Tribune": [
        entry("t-1", FIRE_URLS["Northfield Tribune"],
              "Varnholt workers told wages will be paid after Aldercove mill fire",
              f"<p>{TRIBUNE_FIRE}</p>", 2, "Northfield Tribune"),
        entry("t-2", "http://tribune.example/2026/pellan-ferries",
              "Pellan Island cut off as Kestrel Bay ferry strike goes on",
              f"<p>{TRIBUNE_STRIKE}</p>", 3, "Northfield Tribune"),
    ],
    "Harbour Digest": [
        entry("d-1", FIRE_URLS["Harbour Digest"], FIRE_TITLE, f"<p>{HERALD_FIRE}</p>{CREDIT}", 1,
              "Harbour Digest"),
        entry("d-2", "http://digest.example/greywater-cycle-lanes",
              "Greywater council votes for cycle lanes", f"<p>{DIGEST_VOTE}</p>", 7,
              "Harbour Digest"),
    ],
}  # fmt: skip
# What a post's story line says after its own outlet's name, by the word naming its event in
# every headline of it (see the docstring): the Digest's copy counts as one more outlet.
OTHERS = {"varnholt": "and 3 other outlets", "ferry": "and 2 other outlets", "greywater": ""}


def event_of(title: str) -> str:
    return next(word for word in OTHERS if word in title.lower())


@dataclass(frozen=True)
class StorySite:
    url: str
    storage: Storage
    desk: Desk
    config: Config

    def get(self, path: str) -> Answer:
        return fetch(urljoin(self.url, path))

    def page(self, path: str) -> Any:
        answer = self.get(path)
        assert answer.status == 200, (path, answer.status)
        return answer.html()

    def stories(self, query: str = "") -> list[dict[str, Any]]:
        answer = self.get("/api/stories" + query)
        assert answer.status == 200, answer.body
        return list(answer.json())

    def story_led_by(self, outlet: str) -> dict[str, Any]:
        """The story ``outlet`` reported first (each test outlet leads one story at most)."""
        return next(s for s in self.stories() if s["sources"][0] == outlet)

    def posts(self) -> list[dict[str, Any]]:
        """The category's posts as the API lists them (the articles, each once)."""
        return list(self.get("/api/categories/coast/posts?limit=100").json()["posts"])

    def post_titled(self, title: str) -> dict[str, Any]:
        return next(p for p in self.posts() if p["title"] == title)


def _config_for(desk: Desk, url: str) -> Config:
    loaded = load_config(desk.config)
    return replace(loaded, site=replace(loaded.site, base_url=url))


@pytest.fixture
def story_site(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    database_url: str,
    http_server: LocalServer,
) -> Iterator[StorySite]:
    desk = Desk(tmp_path, capsys, database_url)
    for index, (outlet, items) in enumerate(FEEDS.items()):
        http_server.route(f"/feed-{index}", rss(outlet, items), content_type="application/rss+xml")
    desk.write([http_server.url(f"/feed-{index}") for index in range(len(FEEDS))], CATEGORY)
    code, out, err = desk.run("update")
    assert code == 0, err
    assert "0 failed" in out, out
    storage = open_storage(database_url)
    try:
        with start_site(storage, lambda url: _config_for(desk, url)) as (url, config):
            yield StorySite(url, storage, desk, config)
    finally:
        storage.close()


def text(element: Any) -> str:
    return " ".join(element.text_content().split())


def card_of(page: Any, post_id: str) -> Any:
    """The post card (``<article>``) of ``post_id`` on ``page``."""
    return page.get_element_by_id(f"post-{post_id}").getparent().getparent()


def story_line(card: Any) -> Any:
    lines = select(card, ".post-story")
    assert len(lines) == 1, text(card)
    return lines[0]


def _no_redirects(url: str) -> Answer:
    class Keep(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    try:
        with urllib.request.build_opener(Keep).open(url) as response:
            return Answer(response.status, _lower(response.headers), response.read())
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, _lower(exc.headers), exc.read())


# -- the story page --------------------------------------------------------------------------


def test_story_page_shows_who_reported_first(story_site: StorySite) -> None:
    fire = story_site.story_led_by("Aldercove Herald")
    page = story_site.page(f"/story/{fire['id']}/")
    assert text(select(page, "h1")[0]) == fire["title"]
    assert select(page, "time.story-first-seen")[0].get("datetime") == fire["first_seen"]
    assert select(page, "time.story-last-seen")[0].get("datetime") == fire["last_seen"]

    reports = select(page, "ol.timeline li")
    assert [text(select(li, ".report-source")[0]) for li in reports] == list(FIRE_URLS)
    assert [select(li, "a.report-link")[0].get("href") for li in reports] == list(
        FIRE_URLS.values()
    )
    times = [select(li, "time")[0].get("datetime") for li in reports]
    assert times == sorted(times)
    assert times[0] == fire["first_seen"]
    assert times[-1] == fire["last_seen"]
    marked = [li for li in reports if select(li, ".first-mark")]
    assert marked == reports[:1]
    assert "First to report" in text(reports[0])
    assert "republished" in text(reports[-1])  # the Digest's copy of the Herald's article
    assert all("republished" not in text(li) for li in reports[:-1])


def test_story_page_shows_each_outlets_articles(story_site: StorySite) -> None:
    fire = story_site.story_led_by("Aldercove Herald")
    page = story_site.page(f"/story/{fire['id']}/")
    outlets = select(page, "section.outlet")
    # The articles, each once: the Digest's copy is listed on the Herald's post, not as its own.
    assert [text(select(o, "h3")[0]) for o in outlets] == list(FIRE_URLS)[:3]
    in_story = [p for p in story_site.posts() if p["story_id"] == fire["id"]]
    assert len(in_story) == fire["post_count"] == 3
    for post in in_story:
        outlet = next(o for o in outlets if text(select(o, "h3")[0]) == post["source"]["name"])
        card = card_of(outlet, post["id"])
        assert text(select(card, ".post-title")[0]) == post["title"]
        assert text(select(card, ".post-source")[0]) == post["source"]["name"]
        assert text(select(card, ".post-author")[0]) == f"by {post['author']}"
        assert select(card, "time")[0].get("datetime") == post["published"]
        assert post["summary"][:60] in text(select(card, ".post-body")[0])
        assert select(card, "a.post-permalink")[0].get("href") == f"/post/{post['id']}/"
    herald = card_of(page, story_site.post_titled(FIRE_TITLE)["id"])
    also = select(herald, ".post-also")[0]
    assert text(also) == "Also published by Harbour Digest"
    assert select(also, "a")[0].get("href") == FIRE_URLS["Harbour Digest"]


def test_story_page_answers_conditional_gets(story_site: StorySite) -> None:
    path = f"/story/{story_site.story_led_by('Coastline Radio')['id']}/"
    first = story_site.get(path)
    assert first.status == 200
    again = fetch(story_site.url + path, {"If-None-Match": first.headers["etag"]})
    assert again.status == 304


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        pytest.param("/story/no-such-story/", "html", id="story-page"),
        pytest.param("/api/stories?category=nowhere", "json", id="api-stories-category"),
        pytest.param("/post/no-such-post/", "html", id="post-page"),
    ],
)
def test_unknown_stories_are_404(story_site: StorySite, path: str, kind: str) -> None:
    answer = story_site.get(path)
    assert answer.status == 404
    if kind == "json":
        assert set(answer.json()) == {"detail"}
    else:
        assert answer.headers["content-type"].startswith("text/html")
        assert select(answer.html(), "h1")


# -- story lines on the pages that list posts ------------------------------------------------


def _check_story_lines(page: Any, posts: Sequence[dict[str, Any]]) -> None:
    for post in posts:
        line = story_line(card_of(page, post["id"]))
        assert select(line, "a")[0].get("href") == f"/story/{post['story_id']}/"
        more = OTHERS[event_of(post["title"])]
        if more:
            assert text(line).endswith(f": {post['source']['name']} {more}"), text(line)
        else:
            assert "other outlet" not in text(line)


def test_category_page_links_each_post_to_its_story(story_site: StorySite) -> None:
    page = story_site.page("/category/coast/")
    posts = story_site.posts()
    assert len(posts) == 7  # eight entries, one of them a copy
    assert all(p["story_id"] for p in posts)
    _check_story_lines(page, posts)
    for post in posts:
        card = card_of(page, post["id"])
        line = select(card, ".post-attribution p")[0]
        assert text(line) == f"This post was originally published on {post['source']['name']}."
        also = select(card, ".post-also")
        assert [text(a) for a in also] == (
            ["Also published by Harbour Digest"] if post["title"] == FIRE_TITLE else []
        )


def test_front_page_links_each_post_to_its_story(story_site: StorySite) -> None:
    section = story_site.page("/").get_element_by_id("category-coast").getparent()
    shown = [a.get("id").removeprefix("post-") for a in select(section, ".post-title")]
    assert len(shown) == 5
    by_id = {p["id"]: p for p in story_site.posts()}
    _check_story_lines(section, [by_id[post_id] for post_id in shown])


def test_post_page_names_its_story_and_the_outlets_that_carried_it(
    story_site: StorySite,
) -> None:
    post = story_site.post_titled(FIRE_TITLE)
    page = story_site.page(f"/post/{post['id']}/")
    card = card_of(page, post["id"])
    assert text(select(card, ".post-attribution p")[0]) == (
        "This post was originally published on Aldercove Herald."
    )
    _check_story_lines(page, [post])
    also = select(card, ".post-also")[0]
    assert text(also) == "Also published by Harbour Digest"
    assert select(also, "a")[0].get("href") == FIRE_URLS["Harbour Digest"]


def test_a_page_reads_its_stories_in_one_call(story_site: StorySite) -> None:
    """Summaries for a whole page come from one ``story_summaries`` call, never one a post."""
    calls: list[tuple[str, ...]] = []

    class Counting:
        def __init__(self, inner: Storage) -> None:
            self.inner = inner

        def story_summaries(self, ids: Sequence[str]) -> Any:
            calls.append(tuple(ids))
            return self.inner.story_summaries(ids)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    posts = story_site.posts()  # newest first, as the pages list them
    shown = {"/": posts[:5], "/category/coast/": posts}  # the front page shows the latest 5
    counting = cast(Storage, Counting(story_site.storage))
    with start_site(counting, lambda url: story_site.config) as (url, _):
        for path, listed in shown.items():
            calls.clear()
            assert fetch(url + path).status == 200
            assert len(calls) == 1, (path, calls)
            assert sorted(calls[0]) == sorted({p["story_id"] for p in listed})


# -- a copy of an article --------------------------------------------------------------------


def test_a_copys_page_redirects_to_the_post_showing_the_article(story_site: StorySite) -> None:
    primary = story_site.post_titled(FIRE_TITLE)
    vote = story_site.post_titled("Greywater council votes for cycle lanes")
    digest_page = story_site.page("/category/coast/")
    digest_path = select(card_of(digest_page, vote["id"]), ".post-source")[0].get("href")
    source_page = story_site.page(digest_path)
    copies = [a for a in select(source_page, ".post-title") if text(a) == FIRE_TITLE]
    assert len(copies) == 1  # the Digest's own listing still holds its copy
    copy_id = copies[0].get("id").removeprefix("post-")
    assert copy_id != primary["id"]

    moved = _no_redirects(f"{story_site.url}/post/{copy_id}/")
    assert moved.status == 301
    assert moved.headers["location"] == f"/post/{primary['id']}/"
    followed = story_site.page(f"/post/{copy_id}/")
    assert text(select(followed, "h1.post-title")[0]) == FIRE_TITLE
    assert select(followed, "a.post-source")[0].text_content() == "Aldercove Herald"

    api = story_site.get(f"/api/posts/{copy_id}")
    assert api.status == 200
    assert api.json() == story_site.get(f"/api/posts/{primary['id']}").json()
    assert api.headers["content-location"] == f"/api/posts/{primary['id']}"


# -- the API ---------------------------------------------------------------------------------


def test_api_stories_has_exactly_the_contracts_keys(story_site: StorySite) -> None:
    stories = story_site.stories()
    assert [s["sources"][0] for s in stories] == [  # newest last seen first
        "Aldercove Herald",  # last seen an hour ago, in the Digest's copy
        "Coastline Radio",
        "Harbour Digest",
    ]
    for story in stories:
        assert set(story) == STORY_KEYS
        assert UTC_TIME.match(story["first_seen"])
        assert UTC_TIME.match(story["last_seen"])
        assert story["first_seen"] <= story["last_seen"]
    fire, strike, vote = stories
    assert fire["sources"] == list(FIRE_URLS)
    assert fire["post_count"] == 3  # three articles; the Digest's is a copy of the Herald's
    assert strike["sources"] == ["Coastline Radio", "Aldercove Herald", "Northfield Tribune"]
    assert strike["post_count"] == 3
    assert vote["sources"] == ["Harbour Digest"]
    assert vote["post_count"] == 1
    assert vote["title"] == "Greywater council votes for cycle lanes"
    posts = {p["title"]: p for p in story_site.posts()}
    assert fire["first_seen"] == posts[FIRE_TITLE]["published"]
    assert {p["story_id"] for p in posts.values()} == {s["id"] for s in stories}


def test_api_stories_filters_by_category_and_limits(story_site: StorySite) -> None:
    everything = story_site.stories()
    assert story_site.stories("?category=coast") == everything
    assert story_site.stories("?limit=1") == everything[:1]
    assert story_site.stories("?category=coast&limit=2") == everything[:2]
    for bad in ("limit=0", "limit=201", "limit=many"):
        answer = story_site.get(f"/api/stories?{bad}")
        assert answer.status == 422, bad
        assert "detail" in answer.json()
    assert story_site.get("/api/stories?limit=200").status == 200


def test_openapi_describes_the_stories_api(story_site: StorySite) -> None:
    spec = story_site.get("/openapi.json").json()
    answer = spec["paths"]["/api/stories"]["get"]["responses"]["200"]
    schema = answer["content"]["application/json"]["schema"]
    assert schema["type"] == "array"
    name = schema["items"]["$ref"].rsplit("/", 1)[-1]
    assert set(spec["components"]["schemas"][name]["properties"]) == STORY_KEYS
    params = {p["name"] for p in spec["paths"]["/api/stories"]["get"]["parameters"]}
    assert params == {"category", "limit"}


# -- the static export -----------------------------------------------------------------------


def test_export_writes_every_linked_story_page(story_site: StorySite, tmp_path: Path) -> None:
    out = tmp_path / "exported"
    code, _, err = story_site.desk.run("export-site", str(out))
    assert code == 0, err
    linked: set[Path] = set()
    for page in sorted(out.rglob("*.html")):
        document = lxml.html.fromstring(page.read_bytes())
        for link in document.xpath("//a/@href | //link/@href"):
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#"):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), (page.relative_to(out), link)
            if target.relative_to(out.resolve()).parts[0] == "story":
                linked.add(target)
    stories = story_site.stories()
    assert linked == {(out / "story" / s["id"] / "index.html").resolve() for s in stories}
    fire = stories[0]
    page = lxml.html.fromstring((out / "story" / fire["id"] / "index.html").read_bytes())
    assert text(select(page, "h1")[0]) == fire["title"]
    assert [text(a) for a in select(page, "ol.timeline .report-source")] == list(FIRE_URLS)


def test_export_sends_a_copys_page_on_to_the_article(story_site: StorySite, tmp_path: Path) -> None:
    out = tmp_path / "exported"
    assert story_site.desk.run("export-site", str(out))[0] == 0
    primary = story_site.post_titled(FIRE_TITLE)
    post_pages = {p.parent.name for p in (out / "post").glob("*/index.html")}
    copies = post_pages - {p["id"] for p in story_site.posts()}
    assert len(copies) == 1
    page = out / "post" / copies.pop() / "index.html"
    refresh = lxml.html.fromstring(page.read_bytes()).xpath("//meta[@http-equiv='refresh']")
    assert refresh[0].get("content") == f"0; url=../../post/{primary['id']}/index.html"
