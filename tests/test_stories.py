"""Stories: the online clustering, its measures, and ``tributary eval clustering``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from builders import make_filed_entry, make_outcome, make_source_spec
from test_cli import Desk
from tributary.storage import Storage, open_storage
from tributary.storage.sql import SqlStorage
from tributary.storage.tables import stories
from tributary.stories import Clusterer, features
from tributary.stories.cluster import Settings
from tributary.stories.evaluate import score
from tributary.stories.text import WORD_CACHE, stem, weight

T0 = datetime(2026, 3, 2, 8, tzinfo=UTC)


@pytest.fixture
def desk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Desk:
    return Desk(tmp_path, capsys, None)


# -- the measures ---------------------------------------------------------------------------------


def test_bcubed_and_pairwise_by_hand() -> None:
    result = score({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "y", "c": "y"})
    assert result.precision == pytest.approx(2 / 3)
    assert result.recall == pytest.approx(2 / 3)
    assert result.f1 == pytest.approx(2 / 3)
    assert result.pairwise_f1 == 0.0
    assert result.clusters == 2


def test_perfect_and_all_in_one() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 3}
    assert score(gold, {"a": 9, "b": 9, "c": 8, "d": 7}).f1 == 1.0
    lumped = score(gold, dict.fromkeys(gold, 0))
    assert lumped.recall == 1.0
    assert lumped.precision == pytest.approx((2 * 0.5 + 0.25 + 0.25) / 4)


def test_every_item_needs_a_prediction() -> None:
    with pytest.raises(ValueError, match="no predicted cluster"):
        score({"a": 1}, {})


# -- the clustering --------------------------------------------------------------------------------

QUAKE_1 = ("Strong earthquake shakes Talvora province",
           "A magnitude 6.4 earthquake struck Talvora on Tuesday, toppling homes in the town of "
           "Brenic. Rescue teams from Orsk dug through rubble through the night.")  # fmt: skip
QUAKE_1B = ("Talvora quake toll climbs as aftershocks rattle Brenic",
            "Aftershocks hampered rescue crews in Brenic a day after the Talvora earthquake, "
            "officials said, as the number of dead rose to forty.")  # fmt: skip
QUAKE_2 = ("Earthquake hits Mirad coast, port damaged",
           "A magnitude 5.9 earthquake struck the Mirad coast, cracking the harbour wall at "
           "Saltrow. Rescue teams searched collapsed warehouses.")  # fmt: skip
DEAL = ("Orvane Systems to buy Kelpie Labs",
        "Orvane Systems agreed to acquire the chip designer Kelpie Labs for two billion "
        "crowns, the companies said on Thursday.")  # fmt: skip


def test_reports_of_one_event_join_one_story_whose_id_never_changes() -> None:
    clusterer = Clusterer()
    first = clusterer.assign("p1", QUAKE_1[0], features(*QUAKE_1), T0)
    second = clusterer.assign("p2", QUAKE_1B[0], features(*QUAKE_1B), T0 + timedelta(hours=20))
    assert first.created
    assert not second.created
    assert second.story.id == "p1"
    assert second.story.size == 2
    assert second.story.first == T0
    assert second.story.last == T0 + timedelta(hours=20)


def test_look_alike_events_and_other_topics_start_stories_of_their_own() -> None:
    clusterer = Clusterer()
    clusterer.assign("p1", QUAKE_1[0], features(*QUAKE_1), T0)
    deal = clusterer.assign("p2", DEAL[0], features(*DEAL), T0 + timedelta(hours=2))
    other_quake = clusterer.assign("p3", QUAKE_2[0], features(*QUAKE_2), T0 + timedelta(days=20))
    assert deal.created
    assert other_quake.created


def test_the_same_report_weeks_later_is_a_new_story() -> None:
    clusterer = Clusterer()
    clusterer.assign("p1", QUAKE_1[0], features(*QUAKE_1), T0)
    later = clusterer.assign("p2", QUAKE_1B[0], features(*QUAKE_1B), T0 + timedelta(days=30))
    assert later.created
    assert "p1" not in clusterer.stories  # out of the window: no longer a candidate


def test_past_max_stories_the_quietest_story_leaves_the_window() -> None:
    clusterer = Clusterer(Settings(max_stories=2))
    clusterer.assign("quake", QUAKE_1[0], features(*QUAKE_1), T0)
    clusterer.assign("deal", DEAL[0], features(*DEAL), T0 + timedelta(hours=1))
    clusterer.assign("coast", QUAKE_2[0], features(*QUAKE_2), T0 + timedelta(hours=2))
    assert set(clusterer.stories) == {"deal", "coast"}
    # The evicted story finds nothing any more: its next report starts a story of its own.
    late = clusterer.assign("p4", QUAKE_1B[0], features(*QUAKE_1B), T0 + timedelta(hours=3))
    assert late.created
    assert len(clusterer.stories) == 2


def test_a_story_keeps_only_its_heaviest_terms() -> None:
    clusterer = Clusterer(Settings(story_terms=5))
    first = clusterer.assign("p1", QUAKE_1[0], features(*QUAKE_1), T0)
    assert len(first.story.terms) == 5
    weights = list(first.story.terms.values)
    assert weights == sorted(weights, reverse=True)
    joined = clusterer.assign("p2", QUAKE_1B[0], features(*QUAKE_1B), T0 + timedelta(hours=1))
    assert not joined.created
    assert len(joined.story.terms) == 5


def test_named_things_are_capitalised_words_that_are_not_ordinary_words() -> None:
    post = features(
        "Strong Earthquake Shakes Talvora Province",
        "Rescue teams reached Brenic. The UN sent tents.",
    )
    assert {"talvora", "brenic", "un"} <= set(post.entities)
    assert "strong" not in post.entities
    assert "rescue" not in post.entities
    assert stem("cities") == "city"
    assert stem("earthquakes") == "earthquake"


def test_a_stream_of_new_names_and_figures_does_not_grow_the_word_caches() -> None:
    """Workers run for weeks and every day brings names and figures never seen before: the
    words whose weight and stem are remembered stay at WORD_CACHE."""
    for n in range(WORD_CACHE + 500):
        features(f"Quarterly Report {n}", f"Councillor Vantrel{n} counted {n}.{n} tonnes.")
    assert weight.cache_info().currsize <= WORD_CACHE
    assert stem.cache_info().currsize <= WORD_CACHE
    assert weight("councillor") > 0


# -- the command -------------------------------------------------------------------------------------


def write_stream(path: Path, rows: list[tuple[str, tuple[str, str], timedelta, str]]) -> Path:
    lines = [json.dumps({"id": i, "title": t, "text": x, "published": (T0 + d).isoformat(), "cluster": c})
             for i, (t, x), d, c in rows]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_eval_clustering_prints_the_measures_as_json(desk: Desk, tmp_path: Path) -> None:
    stream = write_stream(tmp_path / "s.jsonl", [
        ("b", QUAKE_1B, timedelta(hours=20), "q1"),
        ("a", QUAKE_1, timedelta(0), "q1"),
        ("c", DEAL, timedelta(hours=3), "m1"),
        ("d", QUAKE_2, timedelta(days=21), "q2"),
    ])  # fmt: skip
    result = desk.json("eval", "clustering", str(stream))
    assert set(result) == {"precision", "recall", "f1", "pairwise_f1", "clusters"}
    assert result["f1"] == 1.0
    assert result["clusters"] == 3
    code, out, _ = desk.run("eval", "clustering", str(stream))
    assert code == 0
    assert "B-cubed precision 1.0000" in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("not json", "{oops\n", "s.jsonl:1: not JSON"),
        (
            "no cluster",
            '{"id": "a", "title": "t", "text": "x", "published": "2026-03-01T00:00:00Z"}\n',
            "s.jsonl:1: missing 'cluster'",
        ),
        (
            "bad date",
            '{"id": "a", "title": "t", "text": "x", "published": "soon", "cluster": 1}\n',
            "not an ISO 8601 time",
        ),
        (
            "same id twice",
            '{"id": "a", "published": "2026-03-01T00:00:00Z", "cluster": 1}\n' * 2,
            "s.jsonl:2: duplicate id 'a'",
        ),
        ("empty", "\n", "no posts"),
    ],
)
def test_eval_clustering_names_what_is_wrong(
    desk: Desk, tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(content, encoding="utf-8")
    code, out, err = desk.run("eval", "clustering", str(path))
    assert code == 2, name
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1


# -- the gold set ------------------------------------------------------------------------------------

EVENTS = Path(__file__).parent / "data" / "clustering" / "events.jsonl"
F1_FLOOR = 0.92  # B-cubed F1 on our labelled stream: only ever raised (bench_clustering.py)


def test_the_labelled_stream_meets_the_floor(desk: Desk) -> None:
    """468 posts of our own in 79 events, with look-alike events (two earthquakes, one
    company's two acquisitions, two strikes in one week, one minister in two scandals),
    events followed for days, and short posts beside long articles."""
    result = desk.json("eval", "clustering", str(EVENTS))
    assert result["f1"] >= F1_FLOOR
    assert result["precision"] >= 0.9
    assert result["recall"] >= 0.9
    assert result["pairwise_f1"] >= 0.85


# -- stories in storage, several processes -------------------------------------------------------


def test_two_writers_joining_one_story_both_count(database_url: str) -> None:
    """Each storage (a worker process) keeps its own window of stories in memory; when both
    joined a story they had loaded before the other's join, the stored story counts both."""
    first, second = open_storage(database_url), open_storage(database_url)
    try:
        first.sync_sources(
            [make_source_spec(f"https://outlet-{i}.example/feed") for i in range(3)], T0
        )
        sources = first.list_sources()
        reports = [
            QUAKE_1,
            QUAKE_1B,
            (QUAKE_1B[0] + " again", QUAKE_1B[1] + " Crews kept digging."),
        ]

        def save(storage: Storage, number: int) -> None:
            title, text = reports[number]
            entry = make_filed_entry(f"guid:quake-{number}", title=title, content_text=text,
                                     published=T0 + timedelta(hours=number))  # fmt: skip
            storage.save_feed(make_outcome(sources[number].id), [entry], T0 + timedelta(hours=3))

        save(first, 0)
        (story,) = first.list_stories()
        assert second.list_stories()[0].id == story.id
        save(second, 1)  # loads the story, joins it
        save(first, 2)  # its window still holds the story as it was before the second's join
        (joined,) = first.list_stories()
        assert joined.id == story.id
        assert joined.post_count == 3
        # The stored state counts all three (the first's window had it at one member).
        assert isinstance(first, SqlStorage)
        with first.engine.connect() as conn:
            size = conn.execute(select(stories.c.size).where(stories.c.id == story.id)).scalar()
        assert size == 3
        view = first.get_story(story.id)
        assert view is not None
        assert [p.title for p in view.posts] == [title for title, _ in reports]
    finally:
        first.close()
        second.close()
