"""The whole pipeline through the command line, against feeds on a real local server.

Every test drives ``tributary`` as users and scripts do (the contract's commands, options
and JSON), on SQLite and, where storage matters, on PostgreSQL too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from httpserver import LocalServer, Reply, conditional, fail_then, redirect
from tributary.cli import main
from tributary.storage import open_storage

NOW = datetime.now(UTC).replace(microsecond=0)

POST_KEYS = {
    "id", "title", "url", "published", "updated", "author", "source", "origin", "categories",
    "tags", "summary", "content_html", "content_text", "content_kind", "story_id",
    "also_published_by",
}  # fmt: skip
SOURCE_KEYS = {
    "name", "url", "site_url", "posts", "last_fetch", "status", "error_count", "last_error",
    "next_check", "paused",
}  # fmt: skip


def rss(title: str, items: list[dict[str, str]], link: str = "http://outlet.example/") -> bytes:
    parts = []
    for item in items:
        fields = "".join(
            f"<{name}>{escape(value)}</{name}>"
            for name, value in item.items()
            if name not in ("html", "tags")
        )
        tags = "".join(
            f"<category>{escape(t)}</category>" for t in item.get("tags", "").split(",") if t
        )
        html = (
            f"<content:encoded><![CDATA[{item['html']}]]></content:encoded>"
            if "html" in item
            else ""
        )
        parts.append(f"<item>{fields}{tags}{html}</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{escape(title)}</title><link>{link}</link><description>d</description>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode()


def item(
    n: int, *, title: str | None = None, body: str | None = None, **extra: str
) -> dict[str, str]:
    when = format_datetime(NOW - timedelta(hours=n), usegmt=True)
    text = body or f"<p>Report number {n} from the harbour council, written for the test.</p>" * 8
    return {
        "title": title or f"Harbour report {n}",
        "link": f"http://outlet.example/report-{n}",
        "guid": f"report-{n}",
        "pubDate": when,
        "html": text,
        **extra,
    }


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://north.example/">
  <title>Northern Ledger</title><id>urn:north</id><updated>2026-05-01T10:00:00Z</updated>
  <link href="/" rel="alternate"/>
  <entry><id>urn:north:1</id><title>Grain convoy reaches Odesa port</title>
    <link href="/grain-convoy"/><updated>2026-05-01T09:00:00Z</updated>
    <author><name>Mira Sol</name></author><category term="Ukraine"/>
    <content type="html">&lt;p&gt;The convoy of grain trucks reached the port after a long night.&lt;/p&gt;</content>
  </entry>
</feed>"""

JSONFEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Open Steppe Radio",
        "home_page_url": "http://steppe.example/",
        "items": [
            {
                "id": "steppe-1",
                "url": "http://steppe.example/wells",
                "title": "Villages dig new wells as drought deepens",
                "content_html": "<p>Farmers say the drought is the worst in a generation.</p>",
                "date_published": "2026-05-02T08:00:00Z",
                "authors": [{"name": "Aru Bek"}],
                "tags": ["Climate"],
            }
        ],
    }
).encode()


def tributary(config: Path, database: str, *args: str) -> list[str]:
    """The command line that runs ``tributary`` in a process of its own."""
    return [sys.executable, "-m", "tributary.cli", "--config", str(config),
            "--database", database, *args]  # fmt: skip


class Desk:
    """A configuration directory plus helpers to run ``tributary`` on it."""

    def __init__(
        self, root: Path, capsys: pytest.CaptureFixture[str], database: str | None
    ) -> None:
        self.root = root
        self.capsys = capsys
        self.database = database
        self.config = root / "tributary.toml"

    def write(self, sources: list[str], categories: str = "", retries: int = 0) -> None:
        lines = ["[site]", 'title = "Test Desk"', "[fetch]", "allow_private_addresses = true",
                 f"retries = {retries}"]  # fmt: skip
        for url in sources:
            # Fixture entries link to hosts that do not exist: full text is tested on its own
            # (test_fulltext.py), and no test may reach beyond 127.0.0.1, not even for DNS.
            lines += ["[[sources]]", f'url = "{url}"', 'fulltext = "never"']
        self.config.write_text("\n".join(lines) + "\n" + categories, encoding="utf-8")

    def run(self, *args: str) -> tuple[int, str, str]:
        argv = ["--config", str(self.config)]
        if self.database:
            argv += ["--database", self.database]
        self.capsys.readouterr()
        try:
            main([*argv, *args])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self.run(*args, "--json")
        assert code == 0, err
        return json.loads(out)

    def posts(self, *args: str) -> list[dict[str, Any]]:
        return list(self.json("posts", "--limit", "1000", *args))

    def sources(self) -> list[dict[str, Any]]:
        return list(self.json("sources"))


@pytest.fixture
def desk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Desk:
    return Desk(tmp_path, capsys, None)


@pytest.fixture
def any_desk(tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str) -> Desk:
    """A desk on SQLite and on PostgreSQL."""
    return Desk(tmp_path, capsys, database_url)


def test_update_stores_every_format_and_posts_json_matches_the_contract(
    any_desk: Desk, http_server: LocalServer
) -> None:
    http_server.route("/rss", rss("Harbour Weekly", [item(1, tags="Ukraine"), item(2)]),
                      content_type="application/rss+xml")  # fmt: skip
    http_server.route("/atom", ATOM, content_type="application/atom+xml")
    http_server.route("/json", JSONFEED, content_type="application/feed+json")
    any_desk.write(
        [http_server.url("/rss"), http_server.url("/atom"), http_server.url("/json")],
        '[[categories]]\nname = "Ukraine"\nquery = "odesa OR kyiv"\nsource_tags = ["Ukraine"]\n'
        '[[categories]]\nname = "Climate"\nquery = "drought"\n',
    )
    code, out, _ = any_desk.run("update")
    assert code == 0
    assert "Updated 3 sources" in out
    assert "4 new posts" in out
    assert "0 failed" in out

    posts = any_desk.posts()
    assert len(posts) == 4
    assert all(set(p) == POST_KEYS for p in posts)
    published = [p["published"] for p in posts]
    assert published == sorted(published, reverse=True)
    by_title = {p["title"]: p for p in posts}
    convoy = by_title["Grain convoy reaches Odesa port"]
    assert convoy["url"] == "http://north.example/grain-convoy"
    assert convoy["author"] == "Mira Sol"
    assert convoy["categories"] == ["ukraine"]
    assert convoy["source"]["name"] == "Northern Ledger"
    assert convoy["source"]["feed_url"] == http_server.url("/atom")
    assert by_title["Villages dig new wells as drought deepens"]["categories"] == ["climate"]
    assert by_title["Harbour report 1"]["categories"] == ["ukraine"]  # by the source's tag
    assert by_title["Harbour report 2"]["categories"] == []
    assert by_title["Harbour report 1"]["content_kind"] == "full"
    assert by_title["Harbour report 1"]["published"].endswith("Z")

    only = any_desk.posts("--category", "climate")
    assert [p["title"] for p in only] == ["Villages dig new wells as drought deepens"]
    from_source = any_desk.posts("--source", "Harbour Weekly")
    assert {p["title"] for p in from_source} == {"Harbour report 1", "Harbour report 2"}


def test_second_update_over_unchanged_feeds_writes_nothing_and_sends_conditional_get(
    any_desk: Desk, http_server: LocalServer
) -> None:
    body = rss("Harbour Weekly", [item(n) for n in range(1, 6)])
    http_server.route("/etag", handler=conditional(body, etag='"v1"'))
    http_server.route("/plain", rss("Plain Wire", [item(n) for n in range(10, 13)]),
                      content_type="application/rss+xml")  # fmt: skip
    any_desk.write([http_server.url("/etag"), http_server.url("/plain")])
    assert any_desk.run("update")[0] == 0
    before = any_desk.posts()

    code, out, _ = any_desk.run("update")
    assert code == 0
    assert "0 new posts, 0 updated, 1 not modified" in out
    assert http_server.requests_to("/etag")[-1].headers.get("if-none-match") == '"v1"'
    assert any_desk.posts() == before


def test_changed_entry_is_updated_in_place(any_desk: Desk, http_server: LocalServer) -> None:
    http_server.route("/feed", rss("Harbour Weekly", [item(1)]), content_type="application/rss+xml")
    any_desk.write([http_server.url("/feed")])
    any_desk.run("update")
    [first] = any_desk.posts()
    corrected = item(1, title="Harbour report 1 (corrected)")
    http_server.route(
        "/feed", rss("Harbour Weekly", [corrected]), content_type="application/rss+xml"
    )
    _code, out, _ = any_desk.run("update")
    assert "0 new posts, 1 updated" in out
    [second] = any_desk.posts()
    assert second["id"] == first["id"]
    assert second["title"] == "Harbour report 1 (corrected)"


def test_removed_post_leaves_a_tombstone(any_desk: Desk, http_server: LocalServer) -> None:
    http_server.route("/feed", rss("Harbour Weekly", [item(1), item(2)]),
                      content_type="application/rss+xml")  # fmt: skip
    any_desk.write([http_server.url("/feed")])
    any_desk.run("update")
    victim = next(p for p in any_desk.posts() if p["title"] == "Harbour report 1")
    storage = open_storage(any_desk.database or f"sqlite:///{any_desk.root / 'tributary.db'}")
    try:
        assert storage.delete_post(victim["id"], NOW)
    finally:
        storage.close()
    _code, out, _ = any_desk.run("update")
    assert "0 new posts" in out
    assert [p["title"] for p in any_desk.posts()] == ["Harbour report 2"]


def test_failures_are_recorded_and_never_stop_the_other_feeds(
    any_desk: Desk, http_server: LocalServer
) -> None:
    http_server.route("/good", rss("Good Wire", [item(1)]), content_type="application/rss+xml")
    http_server.route("/down", b"oops", status=500, content_type="text/plain")
    http_server.route("/junk", b"this is not a feed at all", content_type="text/plain")
    http_server.route("/gone", b"", status=410)
    any_desk.write([http_server.url(p) for p in ("/good", "/down", "/junk", "/gone")])
    code, out, _ = any_desk.run("update")
    assert code == 0
    assert "1 new posts" in out
    assert "3 failed" in out
    assert "HTTP 500" in out
    assert http_server.url("/down") in out
    sources = {s["url"]: s for s in any_desk.sources()}
    assert all(set(s) == SOURCE_KEYS for s in sources.values())
    down = sources[http_server.url("/down")]
    assert (down["status"], down["error_count"], down["paused"]) == (500, 1, False)
    assert "500" in down["last_error"]
    assert sources[http_server.url("/junk")]["last_error"].startswith("not a feed")
    assert sources[http_server.url("/gone")]["paused"] is True
    good = sources[http_server.url("/good")]
    assert (good["status"], good["last_error"], good["posts"]) == (200, None, 1)
    assert good["last_fetch"].endswith("Z")
    assert good["next_check"] > good["last_fetch"]

    any_desk.run("update")
    down = next(s for s in any_desk.sources() if s["url"] == http_server.url("/down"))
    assert down["error_count"] == 2
    assert len(http_server.requests_to("/gone")) == 1  # paused at once: not asked again


def test_a_source_that_recovers_is_healthy_again(desk: Desk, http_server: LocalServer) -> None:
    ok = Reply(200, rss("Phoenix Wire", [item(1)]), content_type="application/rss+xml")
    http_server.route("/flaky", handler=fail_then(1, ok, status=503))
    desk.write([http_server.url("/flaky")])
    desk.run("update")
    assert desk.sources()[0]["error_count"] == 1
    desk.run("update")
    [source] = desk.sources()
    assert (source["error_count"], source["last_error"], source["posts"]) == (0, None, 1)


def test_permanent_redirect_updates_the_stored_feed_url(
    any_desk: Desk, http_server: LocalServer
) -> None:
    http_server.route("/old", handler=redirect("/new", 301))
    http_server.route("/new", rss("Moved Wire", [item(1)]), content_type="application/rss+xml")
    any_desk.write([http_server.url("/old")])
    any_desk.run("update")
    [source] = any_desk.sources()
    assert source["url"] == http_server.url("/new")
    any_desk.run("update")
    assert len(http_server.requests_to("/old")) == 1  # the second update went straight to /new


def test_html_page_source_is_resolved_through_its_alternate_link(
    desk: Desk, http_server: LocalServer
) -> None:
    page = b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head></html>'
    http_server.route("/home", page, content_type="text/html")
    http_server.route("/feed.xml", rss("Home Wire", [item(1)]), content_type="application/rss+xml")
    desk.write([http_server.url("/home")])
    desk.run("update")
    [post] = desk.posts()
    assert post["source"]["name"] == "Home Wire"


def test_changed_categories_refile_every_stored_post(desk: Desk, http_server: LocalServer) -> None:
    http_server.route("/feed", rss("Wire", [item(1, title="Kyiv rail line reopens"), item(2)]),
                      content_type="application/rss+xml")  # fmt: skip
    desk.write([http_server.url("/feed")], '[[categories]]\nname = "Rail"\nquery = "rail"\n')
    desk.run("update")
    assert {p["title"]: p["categories"] for p in desk.posts()}["Kyiv rail line reopens"] == ["rail"]
    desk.write([http_server.url("/feed")],
               '[[categories]]\nname = "Ukraine"\nquery = "kyiv"\n'
               '[[categories]]\nname = "Harbour"\nquery = "harbour"\n')  # fmt: skip
    http_server.route("/feed", b"", status=500)  # nothing new arrives: only re-filing can do it
    desk.run("update")
    filed = {p["title"]: p["categories"] for p in desk.posts()}
    assert filed == {
        "Kyiv rail line reopens": ["ukraine", "harbour"],
        "Harbour report 2": ["harbour"],
    }


def test_feed_boilerplate_and_attribution(desk: Desk, http_server: LocalServer) -> None:
    footer = ('<p>Clinics reopen across the valley after the floods receded last week.</p>' * 6 +
              '<p>The post <a href="http://x.example/a">Clinics reopen</a> appeared first on '
              '<a href="http://x.example/">Valley Times</a>.</p>')  # fmt: skip
    syndicated = ("<p>The dock workers voted to end the strike on Friday evening.</p>" * 6 +
                  "<p>This content originally appeared on Port Radio and was authored by Ana Ruiz.</p>")  # fmt: skip
    http_server.route("/feed", rss("Mixed Wire", [item(1, title="Clinics reopen", body=footer),
                      item(2, title="Strike ends", body=syndicated)]), content_type="application/rss+xml")  # fmt: skip
    desk.write([http_server.url("/feed")])
    desk.run("update")
    posts = {p["title"]: p for p in desk.posts()}
    assert "appeared first on" not in posts["Clinics reopen"]["content_html"]
    assert "appeared first on" not in posts["Clinics reopen"]["content_text"]
    assert posts["Strike ends"]["origin"] == {"outlet": "Port Radio", "author": "Ana Ruiz"}
    assert posts["Clinics reopen"]["origin"] == {"outlet": None, "author": None}


def test_hostile_markup_is_sanitized_and_titles_are_plain_text(
    desk: Desk, http_server: LocalServer
) -> None:
    body = ('<p onclick="steal()">Ballots counted.</p><script>alert(1)</script>'
            '<a href="javascript:alert(2)">x</a><img src="/chart.png" onerror="alert(3)">') * 3  # fmt: skip
    http_server.route("/feed", rss("Wire", [item(1, title="<b>Vote</b> <script>x()</script>count", body=body)]),
                      content_type="application/rss+xml")  # fmt: skip
    desk.write([http_server.url("/feed")])
    desk.run("update")
    [post] = desk.posts()
    assert "<" not in post["title"]
    html = post["content_html"].lower()
    for bad in ("<script", "onclick", "onerror", "javascript:"):
        assert bad not in html
    assert f'<img src="{http_server.url("/chart.png")}">' in post["content_html"]  # made absolute


def test_characters_xml_forbids_lose_no_post(any_desk: Desk, http_server: LocalServer) -> None:
    """A vertical tab (a word processor's line break) in an RSS body, a NUL reference in its
    title (PostgreSQL refuses a NUL), and a JSON Feed's "\\u000b" and lone "\\ud800": the
    posts are stored, those characters as spaces."""
    desk = any_desk
    body = "The ferry\x0bservice resumes on Monday after the storm, the operator said. " * 4
    feed = rss("Coast Wire", [item(1, title="Ferry back", body=body)])
    http_server.route("/rss", feed.replace(b"Ferry back", b"Ferry&#0;back"),
                      content_type="application/rss+xml")  # fmt: skip
    odd = {"version": "https://jsonfeed.org/version/1.1", "title": "Steppe\ud800 Radio",
           "items": [{"id": "s-1", "url": "http://steppe.example/wells", "tags": ["Wells\ud800"],
                      "title": "Wells\u000bdug", "content_html": "<p>New\ud800wells\u000bdug.</p>"}]}  # fmt: skip
    http_server.route("/json", json.dumps(odd).encode(), content_type="application/feed+json")
    desk.write([http_server.url("/rss"), http_server.url("/json")])
    code, out, _ = desk.run("update")
    assert code == 0
    assert "2 new posts" in out
    assert "0 failed" in out
    posts = {p["title"]: p for p in desk.posts()}
    assert set(posts) == {"Ferry back", "Wells dug"}
    assert "ferry service resumes" in posts["Ferry back"]["content_text"]
    assert posts["Wells dug"]["content_html"] == "<p>New wells dug.</p>"
    assert posts["Wells dug"]["source"]["name"] == "Steppe Radio"


def test_export_opml_lists_every_source(desk: Desk, http_server: LocalServer) -> None:
    http_server.route("/feed", rss("Wire & Co", [item(1)]), content_type="application/rss+xml")
    desk.write([http_server.url("/feed"), "http://127.0.0.1:9/never-fetched"])
    desk.run("update")
    code, out, _ = desk.run("export-opml")
    assert code == 0
    root = etree.fromstring(out.encode())
    outlines = root.findall(".//outline")
    assert root.get("version") == "2.0"
    assert {o.get("xmlUrl") for o in outlines} == {
        http_server.url("/feed"),
        "http://127.0.0.1:9/never-fetched",
    }
    assert "Wire & Co" in {o.get("text") for o in outlines}


CONFIG_ERRORS = [
    ("bad-query", '[[categories]]\nname = "Gaza"\nquery = "gaza OR (rafah"\n', "'Gaza' query: position"),
    ("unknown-key", "[fetch]\ntimeoutt = 3\n", "unknown key 'timeoutt'"),
    ("broken-toml", "[[sources]\nurl=", "not valid TOML"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "fragment"), [c[1:] for c in CONFIG_ERRORS], ids=[c[0] for c in CONFIG_ERRORS]
)
@pytest.mark.parametrize("command", ["update", "posts", "sources", "run", "worker"])
def test_configuration_errors_exit_2_with_one_line_and_write_nothing(
    desk: Desk, text: str, fragment: str, command: str
) -> None:
    desk.config.write_text(text, encoding="utf-8")
    code, _out, err = desk.run(command)
    assert code == 2
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert not (desk.root / "tributary.db").exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["posts", "--limit", "zero"], "--limit"),
        (["posts", "--category", "nowhere"], "nowhere"),
        (["frobnicate"], "frobnicate"),
    ],
    ids=["bad-limit", "unknown-category", "unknown-command"],
)
def test_argument_errors_exit_2_with_one_line(desk: Desk, args: list[str], fragment: str) -> None:
    desk.write([])
    code, _, err = desk.run(*args)
    assert code == 2
    assert fragment in err
    assert len(err.strip().splitlines()) == 1


def test_environment_variables_stand_in_for_the_options(
    tmp_path: Path, http_server: LocalServer
) -> None:
    http_server.route("/feed", rss("Env Wire", [item(1)]), content_type="application/rss+xml")
    config = tmp_path / "desk.toml"
    config.write_text(
        f'[fetch]\nallow_private_addresses = true\n[[sources]]\nurl = "{http_server.url("/feed")}"\nfulltext = "never"\n'
    )
    database = tmp_path / "elsewhere" / "env.db"
    env = {
        "TRIBUTARY_CONFIG": str(config),
        "TRIBUTARY_DATABASE_URL": f"sqlite:///{database}",
        "PATH": "",
    }
    run: Callable[..., subprocess.CompletedProcess[str]] = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "tributary.cli", *a],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run("update").returncode == 0
    assert database.exists()
    assert not (tmp_path / "tributary.db").exists()
    posts = json.loads(run("posts", "--json").stdout)
    assert [p["title"] for p in posts] == ["Harbour report 1"]


def test_sources_prints_one_line_per_source_for_scripts(
    desk: Desk, http_server: LocalServer
) -> None:
    http_server.route("/good", rss("Good Wire", [item(1)]), content_type="application/rss+xml")
    http_server.route("/down", b"oops", status=502, content_type="text/plain")
    down_url = http_server.url("/down").replace("127.0.0.1", "localhost")
    desk.write([http_server.url("/good"), down_url, "http://127.0.0.1:9/later"])
    desk.run("update")
    code, out, _ = desk.run("sources")
    assert code == 0
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines[0] == ["name", "posts", "status", "last fetch", "next check", "error"]
    rows = {row[0]: row for row in lines[1:]}
    assert rows["Good Wire"][1:3] == ["1", "200"]
    assert rows["Good Wire"][5] == ""
    assert rows["localhost"][2] == "502"
    assert "(1 in a row)" in rows["localhost"][5]
    assert rows["127.0.0.1"][2] == "-"
    assert rows["127.0.0.1"][5].startswith("connection refused")
    assert len(rows) == 3


def next_check_in_hours(desk: Desk) -> float:
    [source] = desk.sources()
    checked = datetime.fromisoformat(source["next_check"].replace("Z", "+00:00"))
    fetched = datetime.fromisoformat(source["last_fetch"].replace("Z", "+00:00"))
    return (checked - fetched).total_seconds() / 3600


WITH_TTL = rss("Slow Wire", [item(1)]).replace(b"<description>d</description>",
                                               b"<description>d</description><ttl>600</ttl>")  # fmt: skip


@pytest.mark.parametrize(
    ("reply", "at_least_hours", "error"),
    [
        pytest.param(
            Reply(200, WITH_TTL, content_type="application/rss+xml"), 9, None, id="rss-ttl"
        ),
        pytest.param(
            Reply(
                200,
                rss("Cached", [item(1)]),
                {"Cache-Control": "public, max-age=28800"},
                "application/rss+xml",
            ),
            7,
            None,
            id="cache-control-max-age",
        ),
        pytest.param(
            Reply(429, b"slow down", {"Retry-After": "36000"}, "text/plain"),
            10,
            "429",
            id="429-retry-after",
        ),
        pytest.param(
            Reply(503, b"busy", {"Retry-After": "18000"}, "text/plain"),
            5,
            "503",
            id="503-retry-after",
        ),
    ],
)
def test_server_hints_set_the_next_check(
    desk: Desk, http_server: LocalServer, reply: Reply, at_least_hours: float, error: str | None
) -> None:
    http_server.route("/feed", handler=lambda request: reply)
    desk.write([http_server.url("/feed")], retries=2)
    desk.run("update")
    [source] = desk.sources()
    assert (source["last_error"] is None) is (error is None)
    if error:
        assert error in source["last_error"]
    assert len(http_server.requests_to("/feed")) == 1  # Retry-After is honoured, not retried
    assert next_check_in_hours(desk) >= at_least_hours
    desk.run("update")  # `update` polls every source at once: the hint is for `run`
    assert len(http_server.requests_to("/feed")) == 2


def test_categories_can_bound_the_publication_date(desk: Desk, http_server: LocalServer) -> None:
    old = item(1, title="Harbour archive piece")
    old["pubDate"] = "Mon, 06 May 2019 10:00:00 GMT"
    http_server.route("/feed", rss("Wire", [old, item(2)]), content_type="application/rss+xml")
    desk.write(
        [http_server.url("/feed")],
        '[[categories]]\nname = "Recent"\nquery = "harbour published:>=2020-01-01"\n'
        '[[categories]]\nname = "Archive"\nquery = "published:2019-05"\n',
    )
    desk.run("update")
    filed = {p["title"]: p["categories"] for p in desk.posts()}
    assert filed == {"Harbour archive piece": ["archive"], "Harbour report 2": ["recent"]}
