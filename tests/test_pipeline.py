"""The pipeline's promise: one source's failure, even a bug in a step, never stops the rest."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from httpserver import LocalServer
from test_cli import item, rss
from tributary import pipeline as pipeline_module
from tributary.clean import clean_entry
from tributary.config import build_config
from tributary.pipeline import Pipeline
from tributary.storage import Storage
from tributary.types import CleanEntry, EntryData


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

    monkeypatch.setattr(pipeline_module, "clean_entry", fragile_clean)
    raw: dict[str, Any] = {
        "fetch": {"allow_private_addresses": True, "retries": 0},
        "sources": [
            {"url": http_server.url(path), "fulltext": "never"} for path in ("/good", "/cursed")
        ],
    }
    config = build_config(raw, tmp_path / "tributary.toml")
    pipe = Pipeline(config, storage)
    try:
        pipe.prepare()
        result = asyncio.run(pipe.update(storage.list_sources()))
    finally:
        pipe.close()

    assert len(result.results) == 2
    sources = {s.feed_url: s for s in storage.list_sources()}
    good, cursed = sources[http_server.url("/good")], sources[http_server.url("/cursed")]
    assert (good.post_count, good.last_error) == (1, None)
    assert cursed.post_count == 0
    assert cursed.error_count == 1
    assert cursed.last_error is not None
    assert cursed.last_error.startswith("internal error while processing: KeyError")
