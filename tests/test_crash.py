"""A kill in the middle of an update loses at most the feeds in hand and corrupts nothing."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from httpserver import LocalServer
from test_cli import item, rss, tributary

FEEDS = 24
ENTRIES = 5


def test_killed_update_keeps_whole_feeds_and_the_next_update_completes(
    tmp_path: Path, http_server: LocalServer, database_url: str
) -> None:
    for n in range(FEEDS):
        entries = [item(n * 10 + k) for k in range(ENTRIES)]
        http_server.route(
            f"/feed{n}", rss(f"Wire {n}", entries), content_type="application/rss+xml", delay=0.15
        )
    config = tmp_path / "tributary.toml"
    lines = ["[fetch]", "allow_private_addresses = true", "concurrency = 2", "per_host = 2"]
    for n in range(FEEDS):
        lines += ["[[sources]]", f'url = "{http_server.url(f"/feed{n}")}"', 'fulltext = "never"']
    config.write_text("\n".join(lines) + "\n")

    update = subprocess.Popen(
        tributary(config, database_url, "update"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert update.stderr is not None
    for line in update.stderr:  # progress lines: kill once a few feeds are stored
        if line.startswith("[4/"):
            break
    update.send_signal(signal.SIGKILL)
    update.wait(timeout=30)

    if database_url.startswith("sqlite"):
        engine = create_engine(database_url)
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        engine.dispose()
    done = subprocess.run(
        tributary(config, database_url, "sources", "--json"),
        capture_output=True,
        text=True,
        check=True,
    )
    counts = [s["posts"] for s in json.loads(done.stdout)]
    assert all(c in (0, ENTRIES) for c in counts), counts  # never half a feed
    assert 4 <= sum(1 for c in counts if c) < FEEDS

    time.sleep(0)  # the killed run held no lock that the next run must wait out
    again = subprocess.run(
        tributary(config, database_url, "update"), capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stderr
    done = subprocess.run(
        tributary(config, database_url, "sources", "--json"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert [s["posts"] for s in json.loads(done.stdout)] == [ENTRIES] * FEEDS
