"""The pipeline's promise: one source's failure, even a bug in a step, never stops the rest."""

from __future__ import annotations

import asyncio
import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from httpserver import LocalServer
from test_cli import item, rss
from tributary import digest as digest_module
from tributary import heap, pipeline
from tributary.clean import clean_entry
from tributary.config import Config, build_config
from tributary.digest import Digester
from tributary.errors import StorageError
from tributary.pipeline import Pipeline, SourceResult, UpdateResult
from tributary.storage import FeedWrite, Storage
from tributary.types import CleanEntry, EntryData, StoreCounts


def update_once(config: Config, storage: Storage) -> UpdateResult:
    """One pass of a pipeline over every source of ``config``."""
    pipe = Pipeline(config, storage)
    try:
        pipe.prepare()
        return asyncio.run(pipe.update(storage.list_sources()))
    finally:
        pipe.close()


def test_a_bug_in_one_step_is_recorded_on_its_source_only(
    http_server: LocalServer, storage: Storage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    http_server.route("/good", rss("Good Wire", [item(1)]), content_type="application/rss+xml")
    http_server.route("/cursed", rss("Cursed Wire", [item(2, title="cursed entry")]),
                      content_type="application/rss+xml")  # fmt: skip

    def fragile_clean(
        entry: EntryData, *, source_name: str, now: datetime, **options: Any
    ) -> CleanEntry:
        if "cursed" in entry.title:
            raise KeyError("a step that has never seen this entry")
        return clean_entry(entry, source_name=source_name, now=now, **options)

    # In-process: a patch made here does not reach worker processes.
    monkeypatch.setattr(digest_module, "clean_entry", fragile_clean)
    raw: dict[str, Any] = {
        "fetch": {"allow_private_addresses": True, "retries": 0},
        "pipeline": {"processes": 1},
        "sources": [
            {"url": http_server.url(path), "fulltext": "never"} for path in ("/good", "/cursed")
        ],
    }
    result = update_once(build_config(raw, tmp_path / "tributary.toml"), storage)

    assert len(result.results) == 2
    sources = {s.feed_url: s for s in storage.list_sources()}
    good, cursed = sources[http_server.url("/good")], sources[http_server.url("/cursed")]
    assert (good.post_count, good.last_error) == (1, None)
    assert cursed.post_count == 0
    assert cursed.error_count == 1
    assert cursed.last_error is not None
    assert cursed.last_error.startswith("internal error while processing: KeyError")


@pytest.mark.parametrize("processes", [1, 2])
def test_feeds_parse_alike_in_worker_processes_and_in_process(
    http_server: LocalServer, storage: Storage, tmp_path: Path, processes: int
) -> None:
    http_server.route("/good", rss("Good Wire", [item(1), item(2)]),
                      content_type="application/rss+xml")  # fmt: skip
    http_server.route("/broken", b"<html><body>not a feed</body></html>", content_type="text/html")
    raw: dict[str, Any] = {
        "fetch": {"allow_private_addresses": True, "retries": 0},
        "pipeline": {"processes": processes},
        "sources": [
            {"url": http_server.url(path), "fulltext": "never"} for path in ("/good", "/broken")
        ],
    }
    update_once(build_config(raw, tmp_path / "tributary.toml"), storage)

    sources = {s.feed_url: s for s in storage.list_sources()}
    good, broken = sources[http_server.url("/good")], sources[http_server.url("/broken")]
    assert (good.name, good.post_count, good.last_error) == ("Good Wire", 2, None)
    assert broken.post_count == 0
    assert broken.error_count == 1
    assert broken.last_error is not None
    assert not broken.last_error.startswith("internal error")  # the ParseError itself


def test_a_dead_parsing_process_fails_its_feed_and_the_next_feed_gets_a_new_one() -> None:
    digester = Digester(2)

    async def twice() -> tuple[BaseException | None, int]:
        try:
            await digester.run(partial(os._exit, 3))  # a worker killed mid-feed
        except BrokenProcessPool as exc:
            died: BaseException | None = exc
        else:
            died = None
        return died, await digester.run(partial(abs, -7))

    try:
        died, after = asyncio.run(twice())
    finally:
        digester.close()
    assert isinstance(died, BrokenProcessPool)
    assert after == 7


KILLED = """
import asyncio, os, signal
from functools import partial
from tributary.digest import Digester

if __name__ == "__main__":
    pid = asyncio.run(Digester(2).run(partial(os.getpid)))
    print(pid, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_parsing_processes_exit_when_the_update_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "killed.py"
    script.write_text(KILLED)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          check=False, timeout=60)  # fmt: skip
    assert done.returncode == -signal.SIGKILL
    worker = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10
    while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{worker}").exists()


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc settings only")
def test_the_heap_settings_apply_where_the_c_library_is_glibc() -> None:
    assert heap.tune()


def test_fetched_feeds_wait_for_a_place_in_the_backlog(
    http_server: LocalServer, storage: Storage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """However slow the writer, at most BACKLOG fetched feeds are parsed or waiting for it:
    the others wait with their bodies only, and every feed is stored in the end."""
    paths = [f"/queue-{n}" for n in range(10)]
    for n, path in enumerate(paths):
        http_server.route(path, rss(f"Queue {n}", [item(10 * n + 1)]),
                          content_type="application/rss+xml")  # fmt: skip
    save_feeds = storage.save_feeds

    def slow_save_feeds(writes: Sequence[FeedWrite]) -> list[StoreCounts]:
        time.sleep(0.1)
        return save_feeds(writes)

    inside, most = 0, 0
    process_fetched = Pipeline._process_fetched

    async def counted(self: Pipeline, *args: Any) -> SourceResult:
        nonlocal inside, most
        inside += 1
        most = max(most, inside)
        try:
            return await process_fetched(self, *args)
        finally:
            inside -= 1

    monkeypatch.setattr(pipeline, "BACKLOG", 3)
    monkeypatch.setattr(storage, "save_feeds", slow_save_feeds)
    monkeypatch.setattr(Pipeline, "_process_fetched", counted)
    raw: dict[str, Any] = {
        "fetch": {"allow_private_addresses": True, "retries": 0},
        "pipeline": {"processes": 1},
        "sources": [{"url": http_server.url(p), "fulltext": "never"} for p in paths],
    }
    result = update_once(build_config(raw, tmp_path / "tributary.toml"), storage)

    assert most == 3
    assert [r.ok for r in result.results] == [True] * 10
    assert sum(s.post_count for s in storage.list_sources()) == 10


def test_feeds_waiting_for_the_writer_are_stored_together_and_fail_alone(
    http_server: LocalServer, storage: Storage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Feeds that finish while the writer stores others are stored in one transaction; a feed
    whose filing fails, or whose storing fails the group's transaction, fails alone."""
    paths = [f"/wire-{n}" for n in range(6)]
    for n, path in enumerate(paths):
        http_server.route(path, rss(f"Wire {n}", [item(10 * n + 1), item(10 * n + 2)]),
                          content_type="application/rss+xml")  # fmt: skip
    http_server.route("/cursed", rss("Cursed Wire", [item(98, title="cursed entry")]),
                      content_type="application/rss+xml")  # fmt: skip
    http_server.route("/poison", rss("Poison Wire", [item(99, title="poison entry")]),
                      content_type="application/rss+xml")  # fmt: skip
    groups: list[int] = []
    save_feeds = storage.save_feeds

    def slow_save_feeds(writes: Sequence[FeedWrite]) -> list[StoreCounts]:
        groups.append(len(writes))
        time.sleep(0.3)  # the other feeds arrive while the writer is busy
        if any(f.entry.title == "poison entry" for w in writes for f in w.entries):
            raise StorageError("the database refused the poison entry")
        return save_feeds(writes)

    filing = Pipeline._file

    def fragile_file(self: Pipeline, item: Any, source_name: str, tags: Any) -> tuple[str, ...]:
        if item.title == "cursed entry":
            raise KeyError("a step that has never seen this entry")
        return filing(self, item, source_name, tags)

    monkeypatch.setattr(storage, "save_feeds", slow_save_feeds)
    monkeypatch.setattr(Pipeline, "_file", fragile_file)
    urls = [http_server.url(p) for p in [*paths, "/cursed", "/poison"]]
    raw: dict[str, Any] = {
        "fetch": {"allow_private_addresses": True, "retries": 0},
        "pipeline": {"processes": 1},
        "sources": [{"url": url, "fulltext": "never"} for url in urls],
    }
    result = update_once(build_config(raw, tmp_path / "tributary.toml"), storage)

    assert len(result.results) == 8
    assert max(groups) > 1  # some feeds were stored in one transaction
    sources = {s.feed_url: s for s in storage.list_sources()}
    for path in paths:
        good = sources[http_server.url(path)]
        assert (good.post_count, good.last_error) == (2, None)
    cursed, poison = sources[http_server.url("/cursed")], sources[http_server.url("/poison")]
    assert (cursed.post_count, poison.post_count) == (0, 0)
    assert cursed.last_error is not None
    assert cursed.last_error.startswith("internal error while processing: KeyError")
    assert poison.last_error == "the database refused the poison entry"
