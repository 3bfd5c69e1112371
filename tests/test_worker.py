"""`worker` processes share the sources of one database: each due source is polled once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

from httpserver import LocalServer
from test_cli import item, rss, tributary

FEEDS = 16


def start_worker(config: Path, database: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        tributary(config, database, "worker"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def sources(config: Path, database: str) -> list[dict[str, object]]:
    done = subprocess.run(
        tributary(config, database, "sources", "--json"),
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stdout))


def test_workers_share_the_sources_and_poll_each_once(
    tmp_path: Path, http_server: LocalServer, database_url: str
) -> None:
    for n in range(FEEDS):
        http_server.route(
            f"/feed{n}", rss(f"Wire {n}", [item(n)]), content_type="application/rss+xml", delay=0.2
        )
    config = tmp_path / "tributary.toml"
    lines = ["[fetch]", "allow_private_addresses = true", "concurrency = 2", "per_host = 2"]
    for n in range(FEEDS):
        lines += [
            "[[sources]]",
            f'url = "{http_server.url(f"/feed{n}")}"',
            'interval = "1h"',
            'fulltext = "never"',
        ]
    config.write_text("\n".join(lines) + "\n")

    workers = [start_worker(config, database_url) for _ in range(3)]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = sources(config, database_url) if Path(tmp_path).exists() else []
            if len(found) == FEEDS and all(s["last_fetch"] for s in found):
                break
            time.sleep(0.3)
        time.sleep(1.0)  # give a double poll, were there one, the time to happen
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGINT)
        outputs = [worker.communicate(timeout=30) for worker in workers]

    assert all(w.returncode in (0, 130) for w in workers), outputs
    assert all("Traceback" not in err for _, err in outputs), outputs
    found = sources(config, database_url)
    assert all(s["posts"] == 1 and s["status"] == 200 for s in found)
    counts = {n: len(http_server.requests_to(f"/feed{n}")) for n in range(FEEDS)}
    assert counts == dict.fromkeys(range(FEEDS), 1)
