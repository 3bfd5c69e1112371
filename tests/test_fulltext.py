"""Full text from article pages, through the command line against a real local server.

An excerpt-only feed whose article pages hold the rest; ``fulltext`` auto, always and never;
pages that fail (404, a private address refused); the page's canonical link; the second
update that must not fetch a page again; the sources' own ``strip`` rules. The decisions
behind them (clean/fulltext.py) are tested as tables at the end. Every outlet and sentence
here is invented.
"""

from __future__ import annotations

import json
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from httpserver import LocalServer
from test_cli import NOW, Desk, rss
from tributary.clean.fulltext import judge, same_site, wants_page
from tributary.storage.engine import database_url, make_engine
from tributary.storage.tables import fetch_log
from tributary.types import CleanEntry

PARAS = [
    "The harbour council met on Tuesday evening to settle the ferry timetable for the winter.",
    "Crews had asked for a shorter rota after a season of late sailings and missed connections.",
    "The chair said the new timetable keeps the early crossing and drops the last on weekdays.",
    "Shop owners on the quay worried that fewer evening boats would keep visitors from the market.",
    "A ferry engineer told the meeting that two older vessels need new engines before spring.",
    "The council agreed to ask the regional fund for money to repair the slipway at the north pier.",
    "Residents of the outer islands said they would write to the minister about weekend service.",
    "The next meeting, in three weeks, will hear from the union and from the harbour pilots.",
]  # fmt: skip
LAST = PARAS[-1]


def article_page(title: str, paras: list[str], canonical: str | None = None) -> bytes:
    """An article page as news sites build them: navigation, the article, a footer."""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Harbour '
        f"Ledger</title>{link}</head><body><header><nav><a href='/'>Home</a> <a href='/news/'>"
        f"News</a></nav></header><main><article><h1>{title}</h1><p class='byline'>By Ines "
        f"Varga</p>{body}</article></main><footer><p>Harbour Ledger, 1 Quay Street.</p>"
        "</footer></body></html>"
    ).encode()


def entry(server: LocalServer, n: int, description: str, **extra: str) -> dict[str, str]:
    return {
        "title": f"Ferry timetable {n}",
        "link": server.url(f"/a/{n}"),
        "guid": f"ferry-{n}",
        "pubDate": format_datetime(NOW - timedelta(hours=n), usegmt=True),
        "description": description,
        **extra,
    }


EXCERPT = f"<p>{PARAS[0]} [&#8230;]</p>"


@pytest.fixture
def desk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Desk:
    return Desk(tmp_path, capsys, None)


@pytest.fixture
def any_desk(tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str) -> Desk:
    """A desk on SQLite and on PostgreSQL."""
    return Desk(tmp_path, capsys, database_url)


def configure(desk: Desk, sources: list[dict[str, Any]], *, private: bool = True) -> None:
    """Write the desk's configuration; values as TOML (JSON strings and lists are TOML)."""
    lines = ["[fetch]", f"allow_private_addresses = {str(private).lower()}", "retries = 0"]
    for source in sources:
        lines.append("[[sources]]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in source.items()]
    desk.config.write_text("\n".join(lines) + "\n", encoding="utf-8")


def serve_feed(server: LocalServer, items: list[dict[str, str]]) -> str:
    server.route("/feed", rss("Harbour Ledger", items), content_type="application/rss+xml")
    return server.url("/feed")


def serve_page(server: LocalServer, n: int, body: bytes) -> None:
    server.route(f"/a/{n}", body, content_type="text/html; charset=utf-8")


def fetch_log_lines(desk: Desk) -> list[str]:
    """Every warning line of every fetch-log row, oldest first."""
    url = desk.database or f"sqlite:///{desk.root / 'tributary.db'}"
    engine = make_engine(database_url(url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(fetch_log.c.warnings).order_by(fetch_log.c.id)).all()
    finally:
        engine.dispose()
    return [line for row in rows for line in json.loads(row.warnings)]


def page_requests(server: LocalServer) -> list[str]:
    return [r.path for r in server.requests if r.path.startswith("/a/")]


def test_excerpts_get_the_article_text_once(any_desk: Desk, http_server: LocalServer) -> None:
    marked = entry(http_server, 1, EXCERPT)
    short = entry(http_server, 2, f"<p>{PARAS[0]}</p>")  # short, with no excerpt marker
    feed = serve_feed(http_server, [marked, short])
    serve_page(http_server, 1, article_page("Ferry timetable 1", PARAS))
    serve_page(http_server, 2, article_page("Ferry timetable 2", PARAS))
    configure(any_desk, [{"url": feed}])

    code, out, _ = any_desk.run("update")
    assert code == 0
    assert "2 new posts" in out
    posts = {p["title"]: p for p in any_desk.posts()}
    for title in ("Ferry timetable 1", "Ferry timetable 2"):
        post = posts[title]
        assert post["content_kind"] == "full"
        assert post["content_text"].startswith(PARAS[0])
        assert LAST in post["content_text"]
        assert "Home" not in post["content_text"]  # the page's navigation is not the article
        assert post["summary"] == PARAS[0]  # the feed's own text, marker removed
        assert post["author"] == "Ines Varga"  # the page's byline: the feed named nobody
    log = fetch_log_lines(any_desk)
    url = http_server.url("/a/1")
    assert any(line.startswith(f"fulltext full: {url}: ") for line in log), log
    assert any("words extracted (excerpt 15)" in line for line in log), log
    assert sorted(page_requests(http_server)) == ["/a/1", "/a/2"]

    code, out, _ = any_desk.run("update")
    assert code == 0
    assert "0 new posts, 0 updated" in out
    assert sorted(page_requests(http_server)) == ["/a/1", "/a/2"]  # no page fetched again
    assert {p["title"]: p for p in any_desk.posts()} == posts


def test_changed_entry_keeps_its_full_text_without_a_fetch(
    desk: Desk, http_server: LocalServer
) -> None:
    feed = serve_feed(http_server, [entry(http_server, 1, EXCERPT)])
    serve_page(http_server, 1, article_page("Ferry timetable 1", PARAS))
    configure(desk, [{"url": feed}])
    desk.run("update")
    serve_feed(http_server, [entry(http_server, 1, EXCERPT, title="Ferry timetable (corrected)")])

    _code, out, _ = desk.run("update")
    assert "0 new posts, 1 updated" in out
    [post] = desk.posts()
    assert post["title"] == "Ferry timetable (corrected)"
    assert (post["content_kind"], LAST in post["content_text"]) == ("full", True)
    assert page_requests(http_server) == ["/a/1"]


LONG_FEED = [f"Paragraph {i}: {p}" for i in range(3) for p in PARAS]  # 400 words, "full"
LONG_PAGE = [*LONG_FEED, *(f"Later paragraph {i}: {p}" for i, p in enumerate(PARAS))]


@pytest.mark.parametrize(
    ("mode", "description", "fetched", "kind", "has_last"),
    [
        pytest.param("never", EXCERPT, False, "excerpt", False, id="never-keeps-the-excerpt"),
        pytest.param("always", "".join(f"<p>{p}</p>" for p in LONG_FEED), True, "full", True,
                     id="always-fetches-a-full-looking-entry"),
        pytest.param("auto", "".join(f"<p>{p}</p>" for p in LONG_FEED), False, "full", False,
                     id="auto-leaves-a-long-full-entry"),
    ],
)  # fmt: skip
def test_fulltext_modes(
    desk: Desk,
    http_server: LocalServer,
    mode: str,
    description: str,
    fetched: bool,
    kind: str,
    has_last: bool,
) -> None:
    feed = serve_feed(http_server, [entry(http_server, 1, description)])
    serve_page(http_server, 1, article_page("Ferry timetable 1", LONG_PAGE))
    configure(desk, [{"url": feed, "fulltext": mode}])
    assert desk.run("update")[0] == 0
    [post] = desk.posts()
    assert bool(page_requests(http_server)) is fetched
    assert post["content_kind"] == kind
    assert ("Later paragraph 7" in post["content_text"]) is has_last


@pytest.mark.parametrize(
    ("private", "serve", "reason"),
    [
        pytest.param(True, False, "HTTP 404 Not Found", id="page-404"),
        pytest.param(False, True, "refused private address 127.0.0.1", id="private-refused"),
    ],
)
def test_failed_page_keeps_the_excerpt_and_says_why(
    desk: Desk, http_server: LocalServer, private: bool, serve: bool, reason: str
) -> None:
    feed = serve_feed(http_server, [entry(http_server, 1, EXCERPT)])
    if serve:
        serve_page(http_server, 1, article_page("Ferry timetable 1", PARAS))
    configure(desk, [{"url": feed}], private=private)  # the configured feed is always fetched

    code, out, _ = desk.run("update")
    assert code == 0
    assert "1 new posts" in out or "1 new post" in out
    assert "0 failed" in out
    [post] = desk.posts()
    assert (post["content_kind"], post["content_text"]) == ("excerpt", PARAS[0])
    [source] = desk.sources()
    assert (source["status"], source["last_error"]) == (200, None)
    url = http_server.url("/a/1")
    assert any(
        line.startswith(f"fulltext excerpt kept: {url}: ") and reason in line
        for line in fetch_log_lines(desk)
    ), fetch_log_lines(desk)
    if not private:
        assert page_requests(http_server) == []  # refused before any connection


def test_slow_pages_stop_at_the_feeds_budget_and_keep_their_excerpts(
    desk: Desk, http_server: LocalServer
) -> None:
    items = [entry(http_server, n, EXCERPT, guid=f"slow-{n}") for n in range(1, 9)]
    feed = serve_feed(http_server, items)
    page = article_page("Ferry timetable", PARAS)
    for n in range(1, 9):
        http_server.route(f"/a/{n}", page, content_type="text/html", delay=0.4)
    configure(desk, [{"url": feed}])
    text = desk.config.read_text().replace(
        "retries = 0", 'retries = 0\ntimeout = "0.5s"\nper_host = 1'
    )
    desk.config.write_text(text)  # a budget of 4 time-outs: 2s for 8 pages of 0.4s, one at a time

    code, out, _ = desk.run("update")
    assert code == 0
    assert "8 new posts" in out
    assert "0 failed" in out
    kinds = {p["content_kind"] for p in desk.posts()}
    assert "excerpt" in kinds
    ran_out = [line for line in fetch_log_lines(desk) if line.endswith("(2s) ran out")]
    assert ran_out
    assert all(line.startswith("fulltext excerpt kept: ") for line in ran_out)


@pytest.mark.parametrize(
    ("canonical", "adopted"),
    [
        pytest.param("/news/ferry-timetable?utm_source=rss", "/news/ferry-timetable", id="same-site"),
        pytest.param("https://elsewhere.example/ferry-timetable", None, id="other-site"),
    ],
)  # fmt: skip
def test_canonical_link_becomes_the_url_on_the_same_site(
    desk: Desk, http_server: LocalServer, canonical: str, adopted: str | None
) -> None:
    feed = serve_feed(http_server, [entry(http_server, 1, EXCERPT)])
    absolute = canonical if "://" in canonical else http_server.url(canonical)
    serve_page(http_server, 1, article_page("Ferry timetable 1", PARAS, canonical=absolute))
    configure(desk, [{"url": feed}])
    desk.run("update")
    [post] = desk.posts()
    assert post["content_kind"] == "full"
    assert post["url"] == http_server.url(adopted or "/a/1")


NEWSLETTER = "Get the Harbour Ledger morning letter in your inbox."
APPEAL = "Support our harbour journalism with a gift today."
NEAR_MISS = "The pilots say they support our harbour journalism colleagues."


def test_strip_rules_remove_what_they_name_and_nothing_else(
    desk: Desk, http_server: LocalServer
) -> None:
    body = (
        "".join(f"<p>{p}</p>" for p in PARAS)
        + f'<div class="newsletter"><p>{NEWSLETTER}</p></div><p>{APPEAL}</p><p>{NEAR_MISS}</p>'
    )
    excerpt = f'<p>{PARAS[0]} [&#8230;]</p><div class="newsletter"><p>{NEWSLETTER}</p></div>'
    feed = serve_feed(http_server, [entry(http_server, 1, body), entry(http_server, 2, excerpt)])
    serve_page(http_server, 2, article_page("Ferry timetable 2", [*PARAS, APPEAL, NEAR_MISS]))
    configure(desk, [{"url": feed, "strip": ["css:div.newsletter", "re:^Support our harbour"]}])
    desk.run("update")
    posts = {p["title"]: p for p in desk.posts()}
    for title in ("Ferry timetable 1", "Ferry timetable 2"):  # from the feed; from the page
        text = posts[title]["content_text"]
        assert NEWSLETTER not in text
        assert APPEAL not in text
        assert NEAR_MISS in text
        assert LAST in text
        assert 'class="newsletter"' not in posts[title]["content_html"]
    assert posts["Ferry timetable 2"]["content_kind"] == "full"


@pytest.mark.parametrize(
    ("strip", "message"),
    [
        pytest.param(["re:(unclosed"], "'re:(unclosed': invalid regular expression", id="regex"),
        pytest.param(["css:div["], "'css:div[': invalid CSS selector", id="selector"),
        pytest.param(["div.ad"], """'div.ad': expected "css:SELECTOR" or "re:REGEX\"""",
                     id="no-prefix"),
        pytest.param("css:div.ad", "strip: expected a list of strings", id="not-a-list"),
    ],
)  # fmt: skip
def test_bad_strip_rule_is_a_configuration_error(
    desk: Desk, http_server: LocalServer, strip: Any, message: str
) -> None:
    feed = serve_feed(http_server, [entry(http_server, 1, EXCERPT)])
    configure(desk, [{"url": feed, "strip": strip}])
    code, out, err = desk.run("update")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert f"[[sources]] #1 ({feed}) strip: " in err or "strip: expected" in err
    assert message in err
    assert http_server.requests == []
    assert not (desk.root / "tributary.db").exists()


# --- the decisions, as tables --------------------------------------------------------------


def clean(text: str, kind: str = "excerpt", url: str | None = "https://h.example/a") -> CleanEntry:
    return CleanEntry(
        key="guid:1", content_hash="h", guid="1", url=url, title="t", author=None,
        published=NOW, updated=NOW, summary="", content_html=f"<p>{text}</p>",
        content_text=text, content_kind=kind,  # type: ignore[arg-type]
    )  # fmt: skip


SHORT = "the crews met at dawn and voted on the rota"
LONG = " ".join(["the crews met at dawn and voted on the rota"] * 40)
WANTS = [
    ("never", clean(SHORT), "never", False),
    ("excerpt_auto", clean(LONG), "auto", True),
    ("short_full_auto", clean(SHORT, "full"), "auto", True),
    ("long_full_auto", clean(LONG, "full"), "auto", False),
    ("long_full_always", clean(LONG, "full"), "always", True),
    ("media_always", clean("", "media"), "always", False),
    ("no_url", clean(SHORT, url=None), "always", False),
]


@pytest.mark.parametrize(
    ("entry_", "mode", "expected"), [c[1:] for c in WANTS], ids=[c[0] for c in WANTS]
)
def test_wants_page(entry_: CleanEntry, mode: Any, expected: bool) -> None:
    assert wants_page(entry_, mode) is expected


MORE = SHORT + " and the harbour master spoke about tides " * 3
JUDGE = [
    ("longer_same_article", clean(SHORT), MORE, "auto", True, "words extracted (excerpt 10)"),
    ("nothing_found", clean(SHORT), None, "auto", False, "no article text found on the page"),
    ("shorter", clean(MORE), SHORT, "auto", False, "extraction shorter than the excerpt"),
    ("another_article", clean(SHORT), "lighthouse keepers repaint the lamp room " * 5, "auto",
     False, "the page does not hold the excerpt"),
    ("another_article_always", clean(SHORT), "lighthouse keepers repaint the lamp room " * 5,
     "always", True, "words extracted"),
    ("short_full_little_more", clean(SHORT, "full"), SHORT + " and then left", "auto", False,
     "the page holds little more than the feed"),
    ("short_full_much_more", clean(SHORT, "full"), MORE, "auto", True, "(feed text 10)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("entry_", "page", "mode", "accept", "reason"),
    [c[1:] for c in JUDGE],
    ids=[c[0] for c in JUDGE],
)
def test_judge(entry_: CleanEntry, page: str | None, mode: Any, accept: bool, reason: str) -> None:
    verdict = judge(entry_, page, mode)
    assert verdict.accept is accept
    assert reason in verdict.reason


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param("https://h.example/a", "http://h.example/b", True, id="same_host"),
        pytest.param("https://www.h.example/a", "https://h.example/b", True, id="www_aside"),
        pytest.param("https://H.example/a", "https://h.example/b", True, id="case"),
        pytest.param("https://cdn.h.example/a", "https://h.example/b", False, id="subdomain"),
        pytest.param("https://other.example/a", "https://h.example/b", False, id="other"),
        pytest.param(None, "https://h.example/b", False, id="none"),
        pytest.param("http://[::1/a", "https://h.example/b", False, id="broken"),
    ],
)
def test_same_site(a: str | None, b: str | None, expected: bool) -> None:
    assert same_site(a, b) is expected
