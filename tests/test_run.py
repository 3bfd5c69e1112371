"""`run` and `demo`: the scheduler and the site together, as a user starts them."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from httpserver import LocalServer
from test_cli import item, rss


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def get_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def serving_url(process: subprocess.Popen[str]) -> str:
    """Read stdout until the site announces itself; return its address."""
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("Serving the site at "):
            return line.split()[-1]
    raise AssertionError(f"the site never announced itself; exit {process.wait()}")


def test_run_polls_the_sources_and_serves_what_it_stored(
    tmp_path: Path, http_server: LocalServer
) -> None:
    http_server.route("/feed", rss("Harbour Weekly", [item(1), item(2)]),
                      content_type="application/rss+xml")  # fmt: skip
    config = tmp_path / "tributary.toml"
    config.write_text(
        "[fetch]\nallow_private_addresses = true\n"
        f'[[sources]]\nurl = "{http_server.url("/feed")}"\nfulltext = "never"\n'
        '[[categories]]\nname = "Harbour"\nquery = "harbour"\n'
    )
    command = [sys.executable, "-m", "tributary.cli", "--config", str(config),
               "run", "--port", "0"]  # fmt: skip
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        url = serving_url(process)
        deadline = time.monotonic() + 30
        posts: list[Any] = []
        while time.monotonic() < deadline and len(posts) < 2:
            posts = get_json(url + "api/categories/harbour/posts")["posts"]
            time.sleep(0.2)
        assert [p["title"] for p in posts] == ["Harbour report 1", "Harbour report 2"]
        assert "Harbour report 1" in get_text(url + "category/harbour/")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert process.stderr is not None
        assert "Traceback" not in process.stderr.read()
    assert len(http_server.requests_to("/feed")) == 1  # polled once: the next check is later


def test_demo_once_updates_the_bundled_outlets_offline(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tributary.cli", "demo", "--once", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Updated 8 sources" in done.stdout
    config = str(tmp_path / "tributary.toml")
    posts = json.loads(subprocess.run(
        [sys.executable, "-m", "tributary.cli", "--config", config, "posts", "--json", "--limit", "500"],
        capture_output=True, text=True, check=True).stdout)  # fmt: skip
    assert len(posts) >= 80
    kinds = {p["content_kind"] for p in posts}
    assert kinds == {"full", "media"}  # the excerpt-only outlet's pages gave its full text
    assert {p["content_kind"] for p in posts if p["source"]["name"] == "Kestrel Dispatch"} == {
        "full"
    }
    filed = {slug for p in posts for slug in p["categories"]}
    assert len(filed) >= 4
    assert any(p["origin"]["outlet"] for p in posts)  # the syndicated outlet's attribution
    assert not any("appeared first on" in p["content_text"] for p in posts)


def test_demo_serves_the_site(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "tributary.cli", "demo", "--port", "0", "--dir", str(tmp_path)]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        url = serving_url(process)
        front = get_text(url)
        for name in ("Ukraine", "Gaza", "Climate", "Labor"):
            assert name in front
        assert "This post was originally published on" in get_text(url + "category/ukraine/")
        assert url + "post/" in get_text(url + "feed.atom")  # absolute links to the real port
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
