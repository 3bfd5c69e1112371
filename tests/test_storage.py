"""Storage on SQLite and PostgreSQL: every test runs on both (see fixtures_db.py)."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, inspect, select, text

from builders import (
    T0,
    at,
    make_category_specs,
    make_filed_entry,
    make_outcome,
    make_source_spec,
)
from fixtures_db import PG_ENV, PG_HINT, fresh_postgresql
from tributary.errors import ConfigError, StorageError
from tributary.storage import Known, PostCursor, Storage, open_storage, planner, post_id_for
from tributary.storage.sql import SqlStorage
from tributary.storage.tables import fetch_log, metadata
from tributary.types import Enclosure, Source

FEED = "https://paper.example/feed.xml"


def _source(storage: Storage, url: str = FEED, name: str | None = None) -> Source:
    """Configure ``url`` as the only active source and give it back."""
    storage.sync_sources([make_source_spec(url, name=name)], T0)
    return next(s for s in storage.list_sources() if s.url == url)


def _engine_of(storage: Storage) -> Engine:
    assert isinstance(storage, SqlStorage)
    return storage.engine


# -- opening and migrations ---------------------------------------------------------------


def test_open_migrates_once_and_again(database_url: str) -> None:
    first = open_storage(database_url)
    first.sync_sources([make_source_spec()], T0)
    first.close()
    second = open_storage(database_url)  # head already: nothing to do, nothing lost
    try:
        engine = _engine_of(second)
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == "0004"
        assert [s.url for s in second.list_sources()] == [FEED]
    finally:
        second.close()


def test_migrated_schema_matches_query_tables(storage: Storage) -> None:
    """The migration and tables.py describe the same columns and indexes."""
    found = inspect(_engine_of(storage))
    for table in metadata.sorted_tables:
        columns = {c["name"] for c in found.get_columns(table.name)}
        assert columns == set(table.columns.keys()), table.name
        indexes = {i["name"] for i in found.get_indexes(table.name)}
        assert {i.name for i in table.indexes} <= indexes, table.name


def test_sqlite_settings_and_parent_directory(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "t.db"
    storage = open_storage(f"sqlite:///{path}")
    try:
        with _engine_of(storage).connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
        assert path.exists()
    finally:
        storage.close()


def test_opening_a_new_sqlite_file_waits_for_another_process_lock(tmp_path: Path) -> None:
    """Workers that start together on a new file: one holds the write lock, the others wait.

    Switching a file to WAL does not wait on SQLite's busy timeout; it failed at once with
    "database is locked" while another connection held a lock on the new file.
    """
    path = tmp_path / "t.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE elsewhere (x)")
    release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        storage = open_storage(f"sqlite:///{path}")
    finally:
        release.join()
        holder.close()
    try:
        with _engine_of(storage).connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        storage.sync_sources([make_source_spec()], T0)
        assert [s.url for s in storage.list_sources()] == [FEED]
    finally:
        storage.close()


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("mysql://u@h/db", id="other-database"),
        pytest.param("sqlite://", id="sqlite-without-file"),
        pytest.param("sqlite:///:memory:", id="sqlite-memory"),
        pytest.param("postgresql://u@h:5432", id="postgresql-without-database"),
        pytest.param("not a url", id="nonsense"),
        pytest.param("https://example.org/db", id="http"),
    ],
)
def test_unusable_url_is_config_error(url: str) -> None:
    with pytest.raises(ConfigError) as caught:
        open_storage(url)
    assert "\n" not in str(caught.value)
    assert "database URL" in str(caught.value)


def test_unreachable_postgresql_is_one_line_storage_error() -> None:
    with pytest.raises(StorageError) as caught:
        open_storage("postgresql://postgres:secret@127.0.0.1:1/nowhere")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("cannot connect to the database")
    assert "secret" not in message


def test_unwritable_sqlite_path_is_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StorageError):
        open_storage(f"sqlite:///{blocker / 'sub' / 't.db'}")


# -- sources ----------------------------------------------------------------------------------


def test_sync_sources_adds_updates_deactivates_and_reactivates(storage: Storage) -> None:
    other = "https://radio.example/rss"
    storage.sync_sources([make_source_spec(name="Harbour Paper"), make_source_spec(other)], T0)
    listed = {s.url: s for s in storage.list_sources()}
    assert listed[FEED].name == "Harbour Paper"
    assert listed[FEED].slug == "harbour-paper"
    assert listed[other].name == "radio.example"  # no configured name, no feed title yet
    assert listed[FEED].next_check is None  # due at once

    storage.sync_sources(
        [make_source_spec(name="Harbour Daily", tags=("Local",), interval=600, fulltext="never")],
        T0,
    )
    (only,) = storage.list_sources()
    assert (only.name, only.slug, only.tags, only.interval, only.fulltext) == (
        "Harbour Daily", "harbour-daily", ("Local",), 600, "never",
    )  # fmt: skip
    gone = storage.get_source(listed[other].id)
    assert gone is not None  # deactivated, kept

    storage.sync_sources([make_source_spec(name="Harbour Daily"), make_source_spec(other)], T0)
    assert {s.url for s in storage.list_sources()} == {FEED, other}


def test_slugs_are_unique_and_stable(storage: Storage) -> None:
    urls = [f"https://paper{i}.example/feed" for i in range(3)]
    storage.sync_sources([make_source_spec(u, name="Harbour") for u in urls], T0)
    assert sorted(s.slug for s in storage.list_sources()) == ["harbour", "harbour-2", "harbour-3"]
    storage.sync_sources([make_source_spec(u, name="Harbour") for u in urls], T0)
    assert sorted(s.slug for s in storage.list_sources()) == ["harbour", "harbour-2", "harbour-3"]


def test_feed_title_names_an_unnamed_source_once(storage: Storage) -> None:
    source = _source(storage)
    assert source.slug == "paper-example"
    storage.save_feed(make_outcome(source.id, feed_title="Harbour Paper"), [], T0)
    named = storage.get_source(source.id)
    assert named is not None
    assert (named.name, named.slug) == ("Harbour Paper", "harbour-paper")
    storage.save_feed(make_outcome(source.id, feed_title="Harbour Paper Weekly"), [], T0)
    renamed = storage.get_source_by_slug("harbour-paper")  # the slug stays put
    assert renamed is not None
    assert renamed.name == "Harbour Paper Weekly"


# -- leases ----------------------------------------------------------------------------------


def test_claim_due_sources_leases_once_until_expiry(storage: Storage) -> None:
    source = _source(storage)
    assert [s.id for s in storage.claim_due_sources(T0, "a", 60)] == [source.id]
    assert storage.claim_due_sources(T0, "b", 60) == []  # leased
    assert [s.id for s in storage.claim_due_sources(at(2), "b", 60)] == [source.id]  # expired
    storage.release_sources("b")
    assert [s.id for s in storage.claim_due_sources(at(2), "c", 60)] == [source.id]


def test_claim_skips_paused_and_not_yet_due(storage: Storage) -> None:
    paused, later = _source(storage), _source(storage, "https://later.example/feed")
    storage.save_feed(make_outcome(paused.id, paused=True, next_check=at(-1)), [], T0)
    storage.save_feed(make_outcome(later.id, next_check=at(30)), [], T0)
    assert storage.claim_due_sources(T0, "w", 60) == []
    assert [s.id for s in storage.claim_due_sources(at(31), "w", 60)] == [later.id]


def test_claim_limit_takes_never_checked_first(storage: Storage) -> None:
    old = _source(storage)
    storage.save_feed(make_outcome(old.id, next_check=at(-5)), [], T0)
    fresh = _source(storage, "https://fresh.example/feed")
    storage.sync_sources([make_source_spec(), make_source_spec("https://fresh.example/feed")], T0)
    assert [s.id for s in storage.claim_due_sources(T0, "w", 60, limit=1)] == [fresh.id]
    assert [s.id for s in storage.claim_due_sources(T0, "w", 60, limit=1)] == [old.id]


def test_concurrent_workers_never_claim_one_source_twice(database_url: str) -> None:
    setup = open_storage(database_url)
    urls = [f"https://outlet{i}.example/feed" for i in range(40)]
    setup.sync_sources([make_source_spec(u) for u in urls], T0)
    workers = [open_storage(database_url) for _ in range(2)]
    start = threading.Barrier(len(workers))
    claimed: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def work(name: str, storage: Storage) -> None:
        try:
            start.wait()
            mine = claimed.setdefault(name, [])
            while batch := storage.claim_due_sources(T0, name, 300, limit=3):
                mine.extend(s.id for s in batch)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"w{i}", s)) for i, s in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for storage in [setup, *workers]:
        storage.close()
    assert errors == []
    every = [source_id for ids in claimed.values() for source_id in ids]
    assert len(every) == len(set(every)) == len(urls)


# -- saving feeds ----------------------------------------------------------------------------


def test_save_feed_inserts_updates_in_place_and_skips_unchanged(storage: Storage) -> None:
    source = _source(storage)
    first = [make_filed_entry("guid:1"), make_filed_entry("guid:2")]
    assert storage.save_feed(make_outcome(source.id), first, at(0)).new == 2

    changed = make_filed_entry("guid:1", title="Harbour council votes on the pier")
    # Same hash as stored, different title: an unchanged entry must not be written at all.
    same = make_filed_entry(
        "guid:2", title="A title nobody stored", content_hash=first[1].entry.content_hash
    )
    counts = storage.save_feed(make_outcome(source.id), [changed, same], at(10))
    assert (counts.new, counts.updated, counts.unchanged) == (0, 1, 1)

    pid1, pid2 = post_id_for(FEED, "guid:1"), post_id_for(FEED, "guid:2")
    updated, untouched = storage.get_post(pid1), storage.get_post(pid2)
    assert updated is not None
    assert untouched is not None
    assert updated.title == "Harbour council votes on the pier"
    assert updated.first_seen == at(0)  # kept on update
    assert untouched.title == first[1].entry.title
    assert storage.count_posts() == 2


def test_recent_published_is_the_sources_rhythm_newest_first(storage: Storage) -> None:
    source = _source(storage)
    other = _source(storage, "https://other.example/rss")
    storage.sync_sources([make_source_spec(FEED), make_source_spec(other.url)], T0)
    entries = [make_filed_entry(f"guid:{n}", published=at(n * 60)) for n in range(5)]
    storage.save_feed(make_outcome(source.id), entries, at(600))
    storage.save_feed(
        make_outcome(other.id), [make_filed_entry("guid:x", published=at(900))], at(900)
    )
    assert storage.recent_published(source.id, 3) == [at(240), at(180), at(120)]
    assert storage.recent_published(other.id, 3) == [at(900)]


def test_save_feed_fields_round_trip(storage: Storage) -> None:
    source = _source(storage, name="Harbour Paper")
    entry = make_filed_entry(
        "url:https://paper.example/a",
        tags=("Local", "Pier"),
        enclosures=(Enclosure("https://paper.example/a.mp3", "audio/mpeg", 1200, "audio"),),
        origin_outlet="Coastal Wire",
        origin_author="Ines Barros",
        content_kind="excerpt",
    )
    storage.save_feed(make_outcome(source.id), [entry], T0)
    (post,) = storage.list_posts()
    e = entry.entry
    assert (post.title, post.url, post.author, post.summary) == (
        e.title,
        e.url,
        e.author,
        e.summary,
    )
    assert (post.tags, post.enclosures, post.content_kind) == (e.tags, e.enclosures, "excerpt")
    assert (post.origin_outlet, post.origin_author) == ("Coastal Wire", "Ines Barros")
    assert (post.source.name, post.source.slug, post.source.feed_url) == (
        "Harbour Paper", "harbour-paper", FEED,
    )  # fmt: skip
    assert (post.story_id, post.also_published_by) == (post.id, ())  # a story of its own


def test_known_entries_reports_posts_and_tombstones(storage: Storage) -> None:
    source = _source(storage)
    entries = [make_filed_entry(f"guid:{i}", published=at(i)) for i in range(510)]  # > one chunk
    storage.save_feed(make_outcome(source.id), entries, T0)
    storage.delete_post(post_id_for(FEED, "guid:3"), at(1))
    keys = [f"guid:{i}" for i in range(515)]
    known = storage.known_entries(source.id, keys)
    assert len(known) == 510
    assert known["guid:509"] == Known(
        entries[509].entry.content_hash, post_id_for(FEED, "guid:509"), at(509)
    )
    assert known["guid:3"] == Known(None, post_id_for(FEED, "guid:3"), None)


def test_tombstone_prevents_reinsert(storage: Storage) -> None:
    source = _source(storage)
    entries = [make_filed_entry("guid:1", published=at(-100)), make_filed_entry("guid:2")]
    storage.save_feed(make_outcome(source.id), entries, T0)
    assert storage.delete_post(post_id_for(FEED, "guid:2"), T0) is True
    assert storage.delete_post(post_id_for(FEED, "guid:2"), T0) is False
    assert storage.delete_posts_before(at(-1), T0) == 1
    counts = storage.save_feed(make_outcome(source.id), entries, at(5))
    assert (counts.new, counts.updated) == (0, 0)
    assert storage.count_posts() == 0


def test_fetch_state_is_written_and_read_back_in_utc(storage: Storage) -> None:
    source = _source(storage)
    plus2 = timezone(timedelta(hours=2))
    fetched = datetime(2025, 5, 20, 14, 0, tzinfo=plus2)  # 12:00 UTC
    outcome = make_outcome(
        source.id, fetched_at=fetched, next_check=fetched + timedelta(hours=1),
        etag='"v1"', last_modified="Tue, 20 May 2025 11:00:00 GMT",
        feed_url="https://paper.example/new-feed.xml", site_url="https://paper.example/",
        duration_ms=120, warnings=("stray ampersand",),
    )  # fmt: skip
    storage.claim_due_sources(T0, "w", 60)
    storage.save_feed(outcome, [], T0)
    got = storage.get_source(source.id)
    assert got is not None
    assert got.last_fetch == T0
    assert got.last_fetch.tzinfo == UTC
    assert got.next_check == at(60)
    assert (got.etag, got.last_modified, got.last_status) == (
        '"v1"', "Tue, 20 May 2025 11:00:00 GMT", 200,
    )  # fmt: skip
    assert (got.feed_url, got.site_url) == (
        "https://paper.example/new-feed.xml",
        "https://paper.example/",
    )
    assert storage.claim_due_sources(at(61), "x", 60) != []  # save_feed dropped the lease

    storage.save_feed(make_outcome(source.id, status=304), [], T0)  # 304 keeps validators
    kept = storage.get_source(source.id)
    assert kept is not None
    assert kept.etag == '"v1"'
    storage.save_feed(make_outcome(source.id, status=503, error="HTTP 503", error_count=2), [], T0)
    failed = storage.get_source(source.id)
    assert failed is not None
    assert (failed.etag, failed.last_status, failed.last_error, failed.error_count) == (
        '"v1"', 503, "HTTP 503", 2,
    )  # fmt: skip
    storage.save_feed(make_outcome(source.id, status=200), [], T0)  # a 200 without validators
    cleared = storage.get_source(source.id)
    assert cleared is not None
    assert (cleared.etag, cleared.last_modified, cleared.last_error) == (None, None, None)
    with _engine_of(storage).connect() as conn:
        log = conn.execute(select(fetch_log).order_by(fetch_log.c.id)).all()
    assert [row.status for row in log] == [200, 304, 503, 200]
    assert (log[0].duration_ms, log[0].warnings) == (120, '["stray ampersand"]')


def test_naive_datetime_is_refused(storage: Storage) -> None:
    source = _source(storage)
    with pytest.raises(StorageError):
        storage.save_feed(make_outcome(source.id, fetched_at=datetime(2025, 5, 20)), [], T0)


def test_failing_save_feed_leaves_nothing_half_written(storage: Storage) -> None:
    source = _source(storage)
    good = make_filed_entry("guid:1")
    # A category slug the database refuses (NULL) fails after guid:1 was inserted.
    bad = make_filed_entry("guid:2", categories=(None,))  # type: ignore[arg-type]
    with pytest.raises(StorageError):
        storage.save_feed(make_outcome(source.id, etag='"new"'), [good, bad], T0)
    assert storage.count_posts() == 0
    unchanged = storage.get_source(source.id)
    assert unchanged is not None
    assert (unchanged.etag, unchanged.last_fetch) == (None, None)
    assert storage.known_entries(source.id, ["guid:1"]) == {}
    storage.save_feed(make_outcome(source.id), [good], T0)  # the storage is still usable
    assert storage.count_posts() == 1


def test_save_feed_for_unknown_source_is_storage_error(storage: Storage) -> None:
    with pytest.raises(StorageError, match="no source with id 999"):
        storage.save_feed(make_outcome(999), [make_filed_entry()], T0)


# -- reading posts -----------------------------------------------------------------------------


def _fill(storage: Storage) -> tuple[Source, Source]:
    a, b = _source(storage), _source(storage, "https://radio.example/rss")
    storage.sync_sources([make_source_spec(), make_source_spec("https://radio.example/rss")], T0)
    storage.sync_categories(make_category_specs("Ports", "Weather"), "fp1")
    # Several posts share a published time: the id breaks the tie.
    ports_every_other = [
        make_filed_entry(f"guid:a{i}", published=at(i // 3), categories=("ports",)[: i % 2])
        for i in range(9)
    ]
    storage.save_feed(make_outcome(a.id), ports_every_other, T0)
    both = [
        make_filed_entry(f"guid:b{i}", published=at(i), categories=("weather", "ports"))
        for i in range(4)
    ]
    storage.save_feed(make_outcome(b.id), both, T0)
    return a, b


def test_list_posts_order_and_filters(storage: Storage) -> None:
    a, b = _fill(storage)
    listed = storage.list_posts(limit=100)
    assert len(listed) == 13
    assert [(p.published, p.id) for p in listed] == sorted(
        ((p.published, p.id) for p in listed), reverse=True
    )
    assert {p.source_id for p in storage.list_posts(source_id=b.id)} == {b.id}
    ports = storage.list_posts(category="ports", limit=100)
    assert len(ports) == 4 + 4
    assert all("ports" in p.categories for p in ports)
    weather = storage.list_posts(category="weather", source_id=a.id)
    assert weather == []
    assert storage.list_posts(limit=2) == listed[:2]


def test_list_posts_cursor_pages_are_stable(storage: Storage) -> None:
    a, _ = _fill(storage)
    everything = storage.list_posts(limit=100)
    pages: list[str] = []
    before: PostCursor | None = None
    while page := storage.list_posts(limit=3, before=before):
        pages.extend(p.id for p in page)
        before = PostCursor(page[-1].published, page[-1].id)
        if len(pages) == 3:  # a newer post arriving mid-way does not shift later pages
            storage.save_feed(
                make_outcome(a.id), [make_filed_entry("guid:late", published=at(99))], T0
            )
    assert pages == [p.id for p in everything]


def test_post_categories_follow_configured_order(storage: Storage) -> None:
    _fill(storage)
    (post,) = [p for p in storage.list_posts(limit=100) if p.key == "guid:b0"]
    assert post.categories == ("ports", "weather")
    storage.sync_categories(make_category_specs("Weather", "Ports"), "fp2")
    again = storage.get_post(post.id)
    assert again is not None
    assert again.categories == ("weather", "ports")


def test_iter_posts_batches_every_post_once(storage: Storage) -> None:
    _fill(storage)
    batches = list(storage.iter_posts(batch_size=5))
    assert [len(b) for b in batches] == [5, 5, 3]
    ids = [p.id for b in batches for p in b]
    assert ids == sorted(ids)
    assert len(set(ids)) == 13


# -- categories and meta -----------------------------------------------------------------------


def test_categories_fingerprint_links_and_counts(storage: Storage) -> None:
    source = _source(storage)
    specs = make_category_specs("Ports", "Weather", "Schools")
    assert storage.sync_categories(specs, "fp1") is True
    assert storage.sync_categories(specs, "fp1") is False
    assert storage.get_meta("categories_fingerprint") == "fp1"
    storage.save_feed(
        make_outcome(source.id),
        [make_filed_entry("guid:1", categories=("ports",)), make_filed_entry("guid:2")],
        T0,
    )
    pid1, pid2 = post_id_for(FEED, "guid:1"), post_id_for(FEED, "guid:2")
    storage.set_categories({pid1: ["weather", "schools"], pid2: ["weather"]})
    counts = [(c.slug, c.name, c.post_count) for c in storage.category_counts()]
    assert counts == [("ports", "Ports", 0), ("weather", "Weather", 2), ("schools", "Schools", 1)]

    assert storage.sync_categories(make_category_specs("Weather", "Ports"), "fp2") is True
    assert [c.slug for c in storage.category_counts()] == ["weather", "ports"]
    post = storage.get_post(pid1)
    assert post is not None
    assert post.categories == ("weather",)  # the removed category's links went with it


def _counted(storage: Storage) -> dict[str, int]:
    return {c.slug: c.post_count for c in storage.category_counts()}


def _linked(storage: Storage) -> dict[str, int]:
    """The counts as the links themselves give them, and each link's published checked."""
    with _engine_of(storage).connect() as conn:
        rows = conn.execute(
            text("SELECT pc.category_slug, pc.published = p.published FROM post_categories pc "
                 "JOIN posts p ON p.id = pc.post_id")
        ).all()  # fmt: skip
    assert all(same for _, same in rows), "a link's published differs from its post's"
    found = dict.fromkeys(_counted(storage), 0)
    for slug, _ in rows:
        found[slug] += 1
    return found


@pytest.mark.parametrize(
    "change",
    [
        "update_moves_published",
        "set_categories",
        "delete_post",
        "delete_before",
        "refile_drops_category",
    ],
)
def test_category_counts_and_link_dates_stay_in_step(storage: Storage, change: str) -> None:
    """Migration 0002 keeps counts in categories and published on links: every write
    that touches links must keep both true, and category pages must follow."""
    a, _ = _fill(storage)
    assert _counted(storage) == _linked(storage) == {"ports": 8, "weather": 4}
    oldest = storage.list_posts(category="ports", limit=100)[-1]
    if change == "update_moves_published":  # the oldest ports post becomes the newest
        moved = make_filed_entry(oldest.key, published=at(500), categories=("ports",))
        storage.save_feed(make_outcome(a.id), [moved], T0)
        assert storage.list_posts(category="ports", limit=1)[0].id == oldest.id
    elif change == "set_categories":
        storage.set_categories({oldest.id: ["weather"], "0000000000000000": ["ports"]})
    elif change == "delete_post":
        assert storage.delete_post(oldest.id, T0)
    elif change == "delete_before":
        assert storage.delete_posts_before(at(1), T0) == 4
    else:
        storage.sync_categories(make_category_specs("Weather"), "fp2")
    assert _counted(storage) == _linked(storage)
    for slug in _counted(storage):
        listed = storage.list_posts(category=slug, limit=100)
        assert [(p.published, p.id) for p in listed] == sorted(
            ((p.published, p.id) for p in listed), reverse=True
        )
        assert len(listed) == _counted(storage)[slug]


def test_migration_0002_fills_link_dates_and_counts(tmp_path: Path) -> None:
    """A database filed under 0001 keeps its pages and counts after the upgrade."""
    from alembic import command
    from alembic.config import Config as AlembicConfig

    from tributary.storage.engine import MIGRATIONS, database_url, make_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(database_url(url))
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(text("INSERT INTO sources (id, url, feed_url, name, slug, tags, fulltext, "
                          "active, error_count, paused) VALUES (1, 'u', 'u', 'n', 'n', '[]', "
                          "'auto', 1, 0, 0)"))  # fmt: skip
        for i in range(3):
            conn.execute(
                text("INSERT INTO posts (id, source_id, key, title, published, updated, "
                     "first_seen, summary, content_html, content_text, content_kind, tags, "
                     "enclosures, content_hash) VALUES (:id, 1, :id, 't', :when, :when, :when, "
                     "'', '', '', 'full', '[]', '[]', 'h')"),
                {"id": f"p{i}", "when": f"2025-05-20 12:0{i}:00.000000"},
            )  # fmt: skip
        conn.execute(text("INSERT INTO categories VALUES ('ports', 'Ports', 0)"))
        conn.execute(text("INSERT INTO post_categories VALUES ('p0', 'ports'), ('p2', 'ports')"))
    engine.dispose()
    upgraded = open_storage(url)
    try:
        assert _counted(upgraded) == _linked(upgraded) == {"ports": 2}
        assert [p.id for p in upgraded.list_posts(category="ports")] == ["p2", "p0"]
    finally:
        upgraded.close()


def test_meta_set_get(storage: Storage) -> None:
    assert storage.get_meta("k") is None
    storage.set_meta("k", "one")
    storage.set_meta("k", "two")
    assert storage.get_meta("k") == "two"


def test_datetimes_come_back_utc_whatever_the_session_zone(database_url: str) -> None:
    """A PostgreSQL session in another time zone still gives UTC back."""
    opened = open_storage(database_url)
    source = _source(opened)
    url = _engine_of(opened).url
    opened.close()
    zone = {"options": "-c timezone=Asia/Tokyo"} if url.drivername.startswith("postgresql") else {}
    storage = SqlStorage(create_engine(url, connect_args=zone))
    try:
        storage.save_feed(make_outcome(source.id), [make_filed_entry()], T0)
        (post,) = storage.list_posts()
        assert post.published == T0
        assert post.published.utcoffset() == timedelta(0)
    finally:
        storage.close()


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(PG_HINT)
    yield from fresh_postgresql(server)


def test_a_fast_fill_of_postgresql_gathers_planner_statistics(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without statistics (autovacuum lagging or off) the planner reads post_bands whole to
    look a feed's bands up; the storage runs ANALYZE itself as the posts table grows."""
    monkeypatch.setattr(planner, "MIN_GROWTH", 40)
    storage = open_storage(pg_url)
    try:
        source = _source(storage)

        def analyzed() -> bool:
            assert isinstance(storage, SqlStorage)
            with storage.engine.connect() as conn:
                query = text(
                    "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'post_bands'"
                )
                return conn.execute(query).scalar() is not None

        first = [make_filed_entry(f"guid:{i}", published=at(i)) for i in range(30)]
        storage.save_feed(make_outcome(source.id), first, T0)
        assert not analyzed()
        more = [make_filed_entry(f"guid:{i}", published=at(i)) for i in range(30, 60)]
        storage.save_feed(make_outcome(source.id), more, T0)
        assert analyzed()
    finally:
        storage.close()
