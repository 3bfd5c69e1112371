"""One article once: copies across sources merge into one post that lists the others.

Driven through the command line (``update``, ``posts --json``) on SQLite and PostgreSQL, plus
the pure parts (fingerprints, the choice of the primary) table by table.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from httpserver import LocalServer
from test_cli import NOW, Desk, rss
from tributary.dedupe import Member, choose_primary, fingerprint
from tributary.dedupe.fingerprint import similarity

ARTICLE = [
    "The river authority in Lowmarsh opened all four sluice gates on Sunday night after the",
    "water at the old stone bridge rose past the flood mark for the first time in eleven years.",
    "Families on Quay Street were woken by volunteers knocking on doors and were moved to the",
    "sports hall on Brenner Road, where the council set up camp beds and a field kitchen.",
    "Engineers said the embankment near the grain mill held, but they will inspect it again at",
    "first light because the ground behind it is soaked. The authority asked drivers to keep",
    "away from the lower town until Tuesday and said the ferry to Oxholm will not sail while",
    "the current stays this strong. Shopkeepers spent the night carrying stock to upper floors.",
]
BODY = " ".join(ARTICLE)
OTHER_REPORT = (
    "Rain kept falling over Lowmarsh on Monday as crews in yellow coats walked the embankment "
    "by the grain mill, checking for leaks. The sports hall on Brenner Road now shelters about "
    "ninety people, a council officer said, and the kitchen served soup until midnight. The "
    "ferry to Oxholm stays in port. Forecasters expect the river to crest by Tuesday evening."
)


def when(hours: float) -> str:
    return format_datetime(NOW - timedelta(hours=hours), usegmt=True)


def entry(guid: str, link: str, title: str, html: str, hours: float) -> dict[str, str]:
    return {"title": title, "link": link, "guid": guid, "pubDate": when(hours), "html": html}


def serve(server: LocalServer, path: str, title: str, items: list[dict[str, str]]) -> str:
    server.route(path, rss(title, items), content_type="application/rss+xml")
    return server.url(path)


@pytest.fixture
def desk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Desk:
    return Desk(tmp_path, capsys, None)


@pytest.fixture
def any_desk(tmp_path: Path, capsys: pytest.CaptureFixture[str], database_url: str) -> Desk:
    return Desk(tmp_path, capsys, database_url)


CATEGORY = '[[categories]]\nname = "Floods"\nquery = "lowmarsh OR flood*"\n'


def test_a_syndicated_copy_is_one_post_shown_from_its_original_source(
    any_desk: Desk, http_server: LocalServer
) -> None:
    """The aggregator's copy came first, with a new headline, an editor's line and its own
    footer; the original outlet's post is the one shown, dated with the earliest copy."""
    original = serve(http_server, "/marsh", "Marsh Gazette", [
        entry("g-1", "http://marsh.example/news/sluice-gates", "Lowmarsh opens sluice gates as river rises",
              f"<p>{BODY}</p>", hours=3),
    ])  # fmt: skip
    aggregator = serve(http_server, "/wire", "Open Wire", [
        entry("w-1", "http://openwire.example/2026/lowmarsh-flood", "Flood: Lowmarsh evacuates Quay Street",
              f"<p>Edited by Pim Alder.</p><p>{BODY}</p>"
              "<p>This content originally appeared on Marsh Gazette and was authored by Ida Fenn.</p>",
              hours=5),
    ])  # fmt: skip
    any_desk.write([original, aggregator], CATEGORY)
    assert any_desk.run("update")[0] == 0

    posts = any_desk.posts()
    assert len(posts) == 1
    post = posts[0]
    assert post["source"]["name"] == "Marsh Gazette"
    assert post["url"] == "http://marsh.example/news/sluice-gates"
    assert post["also_published_by"] == [
        {"source": "Open Wire", "url": "http://openwire.example/2026/lowmarsh-flood"}
    ]
    earliest = (NOW - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert post["published"] == earliest
    assert [p["id"] for p in any_desk.posts("--category", "floods")] == [post["id"]]
    assert any_desk.json("search", "sluice")
    assert len(any_desk.json("search", "sluice")) == 1
    # Nothing is lost: the copy is still its source's post.
    wire = any_desk.posts("--source", "Open Wire")
    assert [p["url"] for p in wire] == ["http://openwire.example/2026/lowmarsh-flood"]


def test_the_same_canonical_url_is_one_post(any_desk: Desk, http_server: LocalServer) -> None:
    """Tracking parameters, letter case in the host, a default port and a fragment do not
    make another article, even with texts too short to compare."""
    first = serve(http_server, "/a", "Harbor Dispatch", [
        entry("a-1", "http://harbor.example/ferry-strike?utm_source=rss&utm_medium=feed",
              "Ferry crews strike", "<p>Ferry crews walked out.</p>", hours=2),
    ])  # fmt: skip
    second = serve(http_server, "/b", "Link Roundup", [
        entry("b-1", "http://HARBOR.example:80/ferry-strike?fbclid=xyz#top",
              "Read: ferry crews strike", "<p>Worth reading today.</p>", hours=1),
    ])  # fmt: skip
    any_desk.write([first, second])
    assert any_desk.run("update")[0] == 0
    posts = any_desk.posts()
    assert len(posts) == 1
    assert posts[0]["source"]["name"] == "Harbor Dispatch"
    assert posts[0]["also_published_by"] == [
        {"source": "Link Roundup", "url": "http://harbor.example/ferry-strike"}
    ]


def test_an_excerpt_and_the_full_text_are_one_post(
    any_desk: Desk, http_server: LocalServer
) -> None:
    excerpt = " ".join(BODY.split()[:55]) + " [&#8230;]"
    outlet = serve(http_server, "/x", "Marsh Gazette", [
        entry("x-1", "http://marsh.example/a/1", "Lowmarsh opens its sluice gates", f"<p>{excerpt}</p>", hours=4),
    ])  # fmt: skip
    reprint = serve(http_server, "/y", "Valley Reprints", [
        entry("y-1", "http://valley.example/reprint/88", "Sluice gates opened in Lowmarsh", f"<p>{BODY}</p>", hours=2),
    ])  # fmt: skip
    any_desk.write([outlet, reprint])
    assert any_desk.run("update")[0] == 0
    posts = any_desk.posts()
    assert len(posts) == 1
    assert posts[0]["source"]["name"] == "Marsh Gazette"  # the earlier one: no origin named


def test_two_reports_of_one_event_stay_two_posts_in_one_story(
    any_desk: Desk, http_server: LocalServer
) -> None:
    gazette = serve(http_server, "/g", "Marsh Gazette", [
        entry("g-1", "http://marsh.example/a/1", "Lowmarsh opens sluice gates as river rises", f"<p>{BODY}</p>", hours=8),
    ])  # fmt: skip
    radio = serve(http_server, "/r", "Valley Radio", [
        entry("r-1", "http://valleyradio.example/lowmarsh-monday", "Lowmarsh flood: river to crest on Tuesday",
              f"<p>{OTHER_REPORT}</p>", hours=2),
    ])  # fmt: skip
    any_desk.write([gazette, radio], CATEGORY)
    assert any_desk.run("update")[0] == 0
    posts = any_desk.posts()
    assert len(posts) == 2
    assert all(p["also_published_by"] == [] for p in posts)
    assert posts[0]["story_id"] is not None
    assert posts[0]["story_id"] == posts[1]["story_id"]
    # A story's id is the id of the post that started it, and stays as posts join.
    assert posts[0]["story_id"] in {p["id"] for p in posts}


def test_a_second_update_changes_nothing_and_a_removed_copy_keeps_the_post(
    desk: Desk, http_server: LocalServer
) -> None:
    original = serve(http_server, "/m", "Marsh Gazette", [
        entry("g-1", "http://marsh.example/news/sluice-gates", "Lowmarsh opens sluice gates", f"<p>{BODY}</p>", hours=3),
    ])  # fmt: skip
    wire = serve(http_server, "/w", "Open Wire", [
        entry("w-1", "http://openwire.example/1", "Lowmarsh gates", f"<p>{BODY}</p><p>Shared by Open Wire.</p>", hours=1),
    ])  # fmt: skip
    desk.write([original, wire])
    assert desk.run("update")[0] == 0
    before = desk.posts()
    assert desk.run("update")[0] == 0
    assert desk.posts() == before
    assert len(before) == 1
    assert len(before[0]["also_published_by"]) == 1


# -- the pure parts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "left", "right", "same"),
    [
        ("identical", BODY, BODY, True),
        (
            "another footer",
            BODY + " The post appeared first on Marsh Gazette.",
            BODY + " Read more at Open Wire.",
            True,
        ),
        ("an editor's line", "Edited by Pim Alder. " + BODY, BODY, True),
        ("a sentence changed", BODY.replace("eleven years", "a decade"), BODY, True),
        ("another report of the event", OTHER_REPORT + " " + OTHER_REPORT.upper(), BODY, False),
        ("half the article", " ".join(BODY.split()[::2]), BODY, False),
    ],
)
def test_near_duplicate_fingerprints(name: str, left: str, right: str, same: bool) -> None:
    a, b = fingerprint(None, left), fingerprint(None, right)
    assert a.minhash is not None
    assert b.minhash is not None
    assert (similarity(a.minhash, b.minhash) >= 0.5) is same, name
    if same:
        assert set(a.bands) & set(b.bands), name  # LSH finds it as a candidate


def test_short_texts_and_front_pages_give_no_keys() -> None:
    short = fingerprint("http://marsh.example/", "Ferry crews walked out.")
    assert short.url is None
    assert short.lead_key is None
    assert short.minhash is None
    assert short.bands == ()
    assert fingerprint("http://marsh.example/?p=12", BODY).url == "http://marsh.example/?p=12"
    assert fingerprint(None, "Edited. " + BODY).lead_key != fingerprint(None, BODY).lead_key


T0 = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "members", "primary"),
    [
        ("earliest wins", [("a", "Wire", 2, None), ("b", "Gazette", 1, None)], "b"),
        (
            "the origin named wins",
            [("a", "Wire", 1, "marsh  gazette"), ("b", "Marsh Gazette", 3, None)],
            "b",
        ),
        (
            "origin not among the sources",
            [("a", "Wire", 2, "Elsewhere"), ("b", "Radio", 1, None)],
            "b",
        ),
        ("a tie goes to the smaller id", [("b", "Wire", 1, None), ("a", "Radio", 1, None)], "a"),
    ],
)
def test_choose_primary(
    name: str, members: list[tuple[str, str, int, str | None]], primary: str
) -> None:
    group = [Member(i, s, T0 + timedelta(hours=h), T0, o) for i, s, h, o in members]
    assert choose_primary(group).id == primary, name
    assert choose_primary(list(reversed(group))).id == primary, name
