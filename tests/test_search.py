"""Full-text search: the query checks, the compilers to FTS5 MATCH and to tsquery, and search
end to end on SQLite and PostgreSQL (ranking, stemming, accents, filters, snippets, the
index kept in step with posts), through storage and through the command line.

Every headline and body below is invented for these tests.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import lxml.html
import pytest

from builders import T0, make_category_specs, make_filed_entry, make_outcome, make_source_spec
from tributary.categorize import Document, describe, matches, parse_query
from tributary.categorize.search import (
    DATES_AT_TOP,
    NEEDS_A_TERM,
    NOT_IN_OR,
    parse_search,
    split_search,
)
from tributary.cli import main
from tributary.errors import QuerySyntaxError
from tributary.storage import SearchPage, Storage, open_storage
from tributary.storage.search_postgres import condition, rank_tsquery, tsquery
from tributary.storage.search_sqlite import match_expression
from tributary.types import FiledEntry

ANY = "{title text tags}"

# (id, query, FTS5 MATCH expression)
MATCH_CASES = [
    ("term", "kyiv", f'{ANY} : "kyiv"'),
    ("folded", "Kyïv", f'{ANY} : "kyiv"'),
    ("prefix", "zelensk*", f'{ANY} : "zelensk"*'),
    ("phrase", '"grain corridor"', f'{ANY} : "grain corridor"'),
    ("phrase prefix", '"port of odes*"', f'{ANY} : "port of odes"*'),
    ("hyphen is a phrase", "al-shifa", f'{ANY} : "al shifa"'),
    ("fields", "title:gaza author:okafor", '({title} : "gaza" AND {author} : "okafor")'),
    (
        "tag and source",
        "tag:ukraine OR source:ledger",
        '({tags} : "ukraine" OR {source} : "ledger")',
    ),
    ("and", "kursk prisoners", f'({ANY} : "kursk" AND {ANY} : "prisoners")'),
    ("operators are words", "AND_ and", f'({ANY} : "and" AND {ANY} : "and")'),
    ("not", "grain NOT wheat", f'(({ANY} : "grain") NOT ({ANY} : "wheat"))'),
    (
        "two nots",
        "grain -wheat -barley",
        f'(({ANY} : "grain") NOT ({ANY} : "wheat" OR {ANY} : "barley"))',
    ),
    (
        "not of a group",
        "kyiv NOT (lviv OR odesa)",
        f'(({ANY} : "kyiv") NOT (({ANY} : "lviv" OR {ANY} : "odesa")))',
    ),
    ("double not", "kyiv NOT NOT lviv", f'({ANY} : "kyiv" AND {ANY} : "lviv")'),
]


@pytest.mark.parametrize(("query", "expected"), [c[1:] for c in MATCH_CASES],
                         ids=[c[0] for c in MATCH_CASES])  # fmt: skip
def test_query_compiles_to_fts5_match(query: str, expected: str) -> None:
    assert match_expression(split_search(parse_search(query)).text) == expected


# (id, query, tsquery text, rank tsquery of the body column)
TSQUERY_CASES = [
    ("term", "kyiv", "'kyiv'", "'kyiv'"),
    ("prefix", "zelensk*", "'zelensk':*", "'zelensk':*"),
    ("phrase", '"port of odes*"', "('port' <-> 'of' <-> 'odes':*)", "('port' <-> 'of' <-> 'odes':*)"),
    ("title weight", "title:gaza", "'gaza':A", "'gaza':A"),
    ("tag weight", 'tag:"grain deal"', "('grain':B <-> 'deal':B)", "('grain':B <-> 'deal':B)"),
    ("and or not", "(kyiv OR kiev) NOT lviv", "(('kyiv' | 'kiev') & !'lviv')", "'kyiv' | 'kiev'"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "expected", "rank"), [c[1:] for c in TSQUERY_CASES],
                         ids=[c[0] for c in TSQUERY_CASES])  # fmt: skip
def test_query_compiles_to_tsquery(query: str, expected: str, rank: str) -> None:
    tree = split_search(parse_search(query)).text
    assert tsquery(tree) == expected
    assert rank_tsquery(tree, "body") == rank


def test_tsquery_quotes_are_escaped_and_fields_split_by_column() -> None:
    from tributary.categorize import Term

    assert tsquery(Term("o'brien\\")) == "'o''brien\\\\'"
    sql = str(condition(split_search(parse_query("kyiv author:okafor")).text))
    assert sql.count("@@") == 2
    assert "post_search.body" in sql
    assert "post_search.meta" in sql


# (id, query, message start, position)
SEARCH_ERRORS = [
    ("only not", "NOT kyiv", NEEDS_A_TERM, 1),
    ("only minus", "-kyiv", NEEDS_A_TERM, 1),
    ("all nots", "-kyiv -lviv", NEEDS_A_TERM, 1),
    ("only dates", "published:2025-05", NEEDS_A_TERM, 1),
    ("not in or", "grain OR NOT wheat", NOT_IN_OR, 10),
    ("dates in or", "kyiv OR published:2025", DATES_AT_TOP, 9),
    ("dates under not", "kyiv NOT published:2025", DATES_AT_TOP, 10),
    ("bad date", "kyiv published:2025-13-01", "'2025-13-01' is not a date", 16),
    ("date garbage", "kyiv published:may", "expected a date as YYYY", 16),
    ("parse error", "kyiv AND", "expected a term after AND", 6),
]


@pytest.mark.parametrize(("query", "message", "position"), [c[1:] for c in SEARCH_ERRORS],
                         ids=[c[0] for c in SEARCH_ERRORS])  # fmt: skip
def test_search_errors_say_where(query: str, message: str, position: int) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_search(query)
    assert caught.value.message.startswith(message)
    assert caught.value.position == position


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


END_OF_TIME = datetime.max.replace(tzinfo=UTC)
# (id, query, start, end)
DATE_CASES = [
    ("from a day", "x published:>=2025-05-01", _utc(2025, 5, 1), None),
    ("after a month", "x published:>2025-05", _utc(2025, 6, 1), None),
    ("before a day", "x published:<2025-05-01", None, _utc(2025, 5, 1)),
    ("up to a year", "x published:<=2024", None, _utc(2025, 1, 1)),
    ("a month", "x published:2025-12", _utc(2025, 12, 1), _utc(2026, 1, 1)),
    ("a range", "x published:2025-05-01..2025-05-31", _utc(2025, 5, 1), _utc(2025, 6, 1)),
    ("two bounds meet", "x published:>=2025-05 published:<2025-07", _utc(2025, 5, 1),
     _utc(2025, 7, 1)),
    # The last day and month had no next one: "year 10000 is out of range" escaped as a crash.
    ("after the last day", "x published:>9999-12-31", END_OF_TIME, None),
    ("the last month", "x published:9999-12", _utc(9999, 12, 1), END_OF_TIME),
]  # fmt: skip


@pytest.mark.parametrize(("query", "start", "end"), [c[1:] for c in DATE_CASES],
                         ids=[c[0] for c in DATE_CASES])  # fmt: skip
def test_date_bounds(query: str, start: datetime | None, end: datetime | None) -> None:
    tree = parse_search(query)
    plan = split_search(tree)
    assert (plan.start, plan.end) == (start, end)
    assert parse_query(describe(tree)) == tree


def test_date_bounds_mean_the_same_in_categories() -> None:
    query = parse_query("kyiv published:2025-05")
    may, june = _utc(2025, 5, 31, 23, 59), _utc(2025, 6, 1)
    assert matches(query, Document("Kyiv", "", "", "", (), published=may))
    assert not matches(query, Document("Kyiv", "", "", "", (), published=june))
    assert not matches(query, Document("Kyiv", "", "", "", ()))  # no date: not in range


# -- end to end, on both databases ----------------------------------------------------------

NOW = T0
FILLER = [
    ("Harbour council meets", "The council discussed ferry timetables and a new pier."),
    ("Library extends hours", "Readers asked for evening openings during exams."),
    ("River levels fall", "Boatmen waited for rain as the river dropped."),
    ("Market prices steady", "Vegetable sellers reported a quiet week."),
    ("School choir tours", "The choir sang in four towns over the weekend."),
    ("Bridge repairs begin", "Crews closed one lane for the repairs."),
]


def _seed(storage: Storage, entries: list[FiledEntry], name: str = "Harbour Gazette") -> int:
    storage.sync_categories(make_category_specs("Ukraine", "Ports"), "search-tests")
    url = f"https://{name.lower().replace(' ', '-')}.example/feed.xml"
    storage.sync_sources([*_configured(storage), make_source_spec(url, name=name)], NOW)
    source = next(s for s in storage.list_sources() if s.name == name)
    filler = [make_filed_entry(f"guid:filler-{i}", title=t, content_text=x,
                               published=NOW - timedelta(days=i + 1))
              for i, (t, x) in enumerate(FILLER)]  # fmt: skip
    storage.save_feed(make_outcome(source.id), [*filler, *entries], NOW)
    return source.id


def _configured(storage: Storage) -> list[object]:
    return [make_source_spec(s.url, name=s.name) for s in storage.list_sources()]


def _titles(page: SearchPage) -> list[str]:
    return [hit.post.title for hit in page.hits]


def _find(storage: Storage, query: str, **filters: object) -> SearchPage:
    return storage.search(parse_search(query), now=NOW, **filters)  # type: ignore[arg-type]


def test_title_weighs_more_than_text(storage: Storage) -> None:
    _seed(storage, [
        make_filed_entry("guid:text", title="Talks resume at the port",
                         content_text="Officials met on Tuesday about grain shipments."),
        make_filed_entry("guid:title", title="Grain talks resume at the port",
                         content_text="Officials met on Tuesday about the shipments."),
    ])  # fmt: skip
    assert _titles(_find(storage, "grain")) == [
        "Grain talks resume at the port",
        "Talks resume at the port",
    ]


def test_newest_report_ranks_first_on_equal_match(storage: Storage) -> None:
    text = "Prisoners from Kursk were exchanged at the border crossing."
    _seed(storage, [
        make_filed_entry("guid:old", title="Prisoner exchange near Kursk", content_text=text,
                         published=NOW - timedelta(days=365)),
        make_filed_entry("guid:new", title="Prisoner exchange near Kursk", content_text=text,
                         published=NOW - timedelta(hours=2)),
    ])  # fmt: skip
    page = _find(storage, "kursk prisoners")
    assert [h.post.published for h in page.hits] == [NOW - timedelta(hours=2),
                                                     NOW - timedelta(days=365)]  # fmt: skip
    assert page.hits[0].score > page.hits[1].score > 0


# (id, query, expected titles)
MATCHING_CASES = [
    ("stemming", "strikes", ["Dockers striking again"]),
    ("stemming back", "striking", ["Dockers striking again"]),
    ("accent in the text", "kyiv", ["Trains to Kyïv resume"]),
    ("accent in the query", "Kyïv", ["Trains to Kyïv resume"]),
    ("phrase", '"to kyiv resume"', ["Trains to Kyïv resume"]),
    ("phrase out of order", '"resume kyiv"', []),
    ("prefix", "dock*", ["Dockers striking again"]),
    ("not", "again NOT dockers", ["Ferry runs again"]),
    ("author field", "author:okafor trains", ["Trains to Kyïv resume"]),
    ("tag field", "tag:rail", ["Trains to Kyïv resume"]),
    ("source field", "source:gazette dockers", ["Dockers striking again"]),
    ("source field misses", "source:ledger dockers", []),
]


@pytest.mark.parametrize(("query", "expected"), [c[1:] for c in MATCHING_CASES],
                         ids=[c[0] for c in MATCHING_CASES])  # fmt: skip
def test_what_a_query_finds(storage: Storage, query: str, expected: list[str]) -> None:
    _seed(storage, [
        make_filed_entry("guid:1", title="Dockers striking again",
                         content_text="The union called the walkout over pay."),
        make_filed_entry("guid:2", title="Trains to Kyïv resume", tags=("Rail",),
                         author="Mira Okafor", content_text="The first train left at dawn."),
        make_filed_entry("guid:3", title="Ferry runs again", author="Tomas Reyes",
                         content_text="The ferry crossed the bay on time."),
    ])  # fmt: skip
    assert sorted(_titles(_find(storage, query))) == sorted(expected)


def test_filters_and_date_bounds(storage: Storage) -> None:
    gazette = _seed(storage, [
        make_filed_entry("guid:may", title="Grain convoy in May", published=_utc(2025, 5, 10),
                         categories=("ukraine",)),
        make_filed_entry("guid:april", title="Grain convoy in April",
                         published=_utc(2025, 4, 10), categories=("ports",)),
    ])  # fmt: skip
    ledger = _seed(storage, [
        make_filed_entry("guid:ledger", title="Grain convoy at the ledger",
                         published=_utc(2025, 5, 12), categories=("ukraine",)),
    ], name="Northern Ledger")  # fmt: skip
    assert len(_find(storage, "grain convoy").hits) == 3
    assert _titles(_find(storage, "grain", category="ports")) == ["Grain convoy in April"]
    assert _titles(_find(storage, "grain", source_id=ledger)) == ["Grain convoy at the ledger"]
    assert _titles(_find(storage, "grain published:>=2025-05", source_id=gazette)) == [
        "Grain convoy in May"
    ]
    assert _titles(_find(storage, "grain published:2025-04")) == ["Grain convoy in April"]
    page = _find(storage, "grain", since=_utc(2025, 5, 11), until=_utc(2025, 6, 1))
    assert _titles(page) == ["Grain convoy at the ledger"]
    assert _find(storage, "grain published:<2025-05", category="ukraine").total == 0


def test_pages_and_total(storage: Storage) -> None:
    _seed(storage, [make_filed_entry(f"guid:{i}", title=f"Lighthouse log {i}",
                                     published=NOW - timedelta(hours=i))
                    for i in range(7)])  # fmt: skip
    first = _find(storage, "lighthouse log", limit=3)
    third = _find(storage, "lighthouse log", limit=3, offset=6)
    beyond = _find(storage, "lighthouse log", limit=3, offset=30)
    assert (first.total, third.total, beyond.total) == (7, 7, 7)
    assert _titles(first) == ["Lighthouse log 0", "Lighthouse log 1", "Lighthouse log 2"]
    assert _titles(third) == ["Lighthouse log 6"]
    assert beyond.hits == []


def test_snippets_mark_matches_and_escape_the_rest(storage: Storage) -> None:
    hostile = ('Before <script>alert(1)</script> the "grain" & salt convoy left '
               "\ue000trap\ue001 with <b>cargo</b>.")  # fmt: skip
    _seed(storage, [make_filed_entry("guid:h", title="Hostile", content_text=hostile)])
    snippet = _find(storage, "grain").hits[0].snippet
    assert "<mark>grain</mark>" in snippet
    assert "<script" not in snippet
    assert "<b>" not in snippet
    assert "&amp;" in snippet
    assert "<mark>trap" not in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_index_follows_updates_deletes_and_renames(storage: Storage) -> None:
    source_id = _seed(storage, [make_filed_entry("guid:u", title="Ferry delayed by fog")])
    changed = make_filed_entry("guid:u", title="Ferry delayed by storm")
    storage.save_feed(make_outcome(source_id), [changed], NOW)
    assert _find(storage, "fog").total == 0
    assert _titles(_find(storage, "storm")) == ["Ferry delayed by storm"]
    url = storage.list_sources()[0].url
    storage.sync_sources([make_source_spec(url, name="Bay Courier")], NOW)
    assert _titles(_find(storage, "source:courier storm")) == ["Ferry delayed by storm"]
    post_id = _find(storage, "storm").hits[0].post.id
    assert storage.delete_post(post_id, NOW)
    assert _find(storage, "storm").total == 0
    assert _find(storage, "delayed").total == 0


def test_reindex_rebuilds_the_same_index(storage: Storage) -> None:
    _seed(storage, [make_filed_entry("guid:r", title="Grain silo opens")])
    before = _find(storage, "grain")
    assert storage.reindex() == len(FILLER) + 1
    after = _find(storage, "grain")
    assert [h.post.id for h in after.hits] == [h.post.id for h in before.hits]
    assert after.total == 1


# -- the command line ------------------------------------------------------------------------


def _desk(tmp_path: Path) -> tuple[Path, str]:
    config = tmp_path / "tributary.toml"
    config.write_text('[site]\ntitle = "Search Desk"\n', encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    storage = open_storage(url)
    try:
        _seed(storage, [
            make_filed_entry("guid:k", title="Kursk prisoners exchanged", categories=("ukraine",),
                             content_text="Prisoners from Kursk came home <i>today</i>."),
        ])  # fmt: skip
    finally:
        storage.close()
    return config, url


def test_cli_search_json_is_post_objects_with_snippets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, url = _desk(tmp_path)
    main(["--config", str(config), "--database", url, "search", "kursk prisoners",
          "--category", "ukraine", "--since", "2025-05", "--json"])  # fmt: skip
    found = json.loads(capsys.readouterr().out)
    assert [p["title"] for p in found] == ["Kursk prisoners exchanged"]
    assert "<mark>Kursk</mark>" in found[0]["snippet"]
    assert "&lt;i&gt;" in found[0]["snippet"]
    assert {"id", "title", "url", "source", "categories", "snippet"} <= set(found[0])
    main(["--config", str(config), "--database", url, "search", "kursk", "--until", "2025-04"])
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["search", "kursk AND"], "position 7: expected a term after AND"),
        (["search", "NOT kursk"], f"position 1: {NEEDS_A_TERM}"),
        (["search", "kursk", "--since", "May"], "--since: expected a date"),
    ],
    ids=["parse error", "only not", "bad date option"],
)
def test_cli_search_errors_are_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    config, url = _desk(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(["--config", str(config), "--database", url, *args])
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert expected in err
    assert err.count("\n") == 1


def test_cli_reindex(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config, url = _desk(tmp_path)
    main(["--config", str(config), "--database", url, "reindex"])
    assert capsys.readouterr().out == f"Indexed {len(FILLER) + 1} posts for search.\n"


# -- the site: page, API and feeds (over the seeded site of fixtures_site) -----------------


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_search_page_shows_hits_with_marked_snippets_and_pages(site_server: str) -> None:
    status, body = _get(f"{site_server}/search?q=kyiv+council")
    page = lxml.html.fromstring(body)
    assert status == 200
    assert "25 posts match" in page.text_content()
    assert len(page.xpath("//article[contains(@class, 'search-hit')]")) == 20
    assert page.xpath("//p[@class='snippet']//mark")
    assert page.xpath("//a[@rel='next']/@href") == ["?q=kyiv+council&page=2"]
    assert page.xpath("//link[@rel='alternate']/@href")[0] == "/search/feed.atom?q=kyiv+council"
    _, second = _get(f"{site_server}/search?q=kyiv+council&page=2")
    assert len(lxml.html.fromstring(second).xpath("//article")) == 5


def test_search_page_without_results_offers_to_drop_a_filter(site_server: str) -> None:
    _, body = _get(f"{site_server}/search?q=kyiv&category=gaza&since=2025-05")
    page = lxml.html.fromstring(body)
    assert "No posts match “kyiv”" in page.text_content()
    offers = page.xpath("//div[contains(@class, 'search-empty')]//a/@href")
    assert offers == ["?q=kyiv&since=2025-05", "?q=kyiv&category=gaza"]


def test_search_page_shows_where_a_query_is_wrong(site_server: str) -> None:
    status, body = _get(f"{site_server}/search?q=kyiv+AND")
    text = lxml.html.fromstring(body).text_content()
    assert status == 200
    assert "does not parse at position 6: expected a term after AND" in text
    assert "kyiv AND\n     ^" in text
    assert "search/feed." not in body  # no feed is offered for a search that does not parse


@pytest.mark.parametrize("bound", ["%3E9999-12-31", "%3C%3D9999-12-31", "9999-12"])
def test_search_up_to_the_last_day_there_is(site_server: str, bound: str) -> None:
    """The day after 9999-12-31 does not exist: these were a 500 ("year 10000 is out of range")."""
    for path in ("/search", "/api/search"):
        status, _ = _get(f"{site_server}{path}?q=council+published:{bound}")
        assert status == 200, path


def test_pages_and_offsets_past_any_archive(site_server: str) -> None:
    """A page or offset of 20 digits overflowed SQLite's integers: a 500."""
    huge = "9" * 20
    status, body = _get(f"{site_server}/search?q=council&page={huge}")
    assert status == 200
    assert "council" in body
    status, _ = _get(f"{site_server}/api/search?q=council&offset={huge}")
    assert status == 422  # as for any parameter out of its range


def test_hostile_text_stays_text_in_search(site_server: str) -> None:
    _, body = _get(f"{site_server}/search?q=script+alert")
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_api_search_posts_with_snippets_and_paging(site_server: str) -> None:
    status, body = _get(f"{site_server}/api/search?q=council+bridge&limit=10&offset=20")
    answer = json.loads(body)
    assert status == 200
    assert len(answer["posts"]) == 5
    assert (answer["total"], answer["next_offset"]) == (25, None)
    assert set(answer["posts"][0]) >= {"id", "title", "source", "categories", "snippet"}
    assert "<mark>council</mark>" in answer["posts"][0]["snippet"]
    _, first = _get(f"{site_server}/api/search?q=bridge&category=ukraine&source=harbour-gazette")
    assert json.loads(first)["next_offset"] == 20
    status, body = _get(f"{site_server}/api/search?q=bridge+OR")
    assert status == 400
    assert json.loads(body)["detail"].startswith("position 8:")
    assert _get(f"{site_server}/api/search?q=bridge&category=nope")[0] == 400


@pytest.mark.parametrize("fmt", ["atom", "rss", "json"])
def test_any_search_is_a_feed(site_server: str, fmt: str) -> None:
    status, body = _get(f"{site_server}/search/feed.{fmt}?q=kyiv&category=ukraine")
    assert status == 200
    if fmt == "json":  # feedparser reads no JSON Feed
        document = json.loads(body)
        feed_title, titles = document["title"], [i["title"] for i in document["items"]]
    else:
        parsed = feedparser.parse(body)
        assert not parsed.bozo
        feed_title, titles = parsed.feed.title, [e.title for e in parsed.entries]
    assert len(titles) == 25
    assert titles[0] == "Kyiv bridge report 24"  # newest first
    assert feed_title.startswith("Search “kyiv”")
    assert _get(f"{site_server}/search/feed.{fmt}?q=NOT+kyiv")[0] == 400
