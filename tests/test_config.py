"""Configuration: a good file loads into typed values; every bad one gives one precise line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tributary.config import load_config, parse_duration, parse_size
from tributary.errors import ConfigError

GOOD = """
[site]
title = "Radio Free"
base_url = "http://127.0.0.1:8000/"

[fetch]
allow_private_addresses = true
concurrency = 20
per_host = 3
timeout = "45s"
max_size = "2MB"

[pipeline]
processes = 3

[[sources]]
url = "https://example.org/feed/"
name = "Example Outlet"
fulltext = "always"
interval = "30m"

[[sources]]
url = "https://example.net/rss"

[[categories]]
name = "Ukraine"
query = 'ukraine OR kyiv OR zelensk* OR "donbas"'
source_tags = ["Ukraine"]

[[categories]]
name = "Middle East & Gaza"
slug = "gaza"
query = "gaza OR rafah"
"""


def write(tmp_path: Path, text: str, name: str = "tributary.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_configuration_loads(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert config.site.title == "Radio Free"
    assert config.site.base_url == "http://127.0.0.1:8000"
    assert config.fetch.allow_private_addresses is True
    assert (config.fetch.concurrency, config.fetch.per_host) == (20, 3)
    assert config.fetch.timeout == 45
    assert config.fetch.max_size == 2 * 1024 * 1024
    assert config.pipeline.processes == 3
    first, second = config.sources
    assert (first.name, first.fulltext, first.interval) == ("Example Outlet", "always", 1800)
    assert (second.name, second.fulltext, second.interval) == (None, "auto", None)
    assert [c.slug for c in config.categories] == ["ukraine", "gaza"]
    assert config.categories[0].source_tags == ("Ukraine",)
    assert config.default_database_url == f"sqlite:///{tmp_path.resolve() / 'tributary.db'}"


def test_defaults_match_the_contract(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""))
    assert config.fetch.allow_private_addresses is False
    assert (config.fetch.concurrency, config.fetch.per_host) == (50, 2)
    assert config.fetch.timeout == 30
    assert config.fetch.max_size == 10 * 1024 * 1024
    assert config.pipeline.processes == (os.cpu_count() or 1)
    assert config.sources == ()
    assert config.categories == ()


BAD = [
    ("not-toml", "[site\ntitle = 1", "not valid TOML"),
    ("unknown-table", "[sitee]\n", "unknown key 'sitee'"),
    ("unknown-fetch-key", "[fetch]\nconcurency = 3\n", "[fetch]: unknown key 'concurency'"),
    ("bad-timeout", '[fetch]\ntimeout = "soon"\n', "[fetch] timeout: expected a duration"),
    ("negative-timeout", "[fetch]\ntimeout = -1\n", "[fetch] timeout: the duration must be positive"),
    ("bad-size", '[fetch]\nmax_size = "big"\n', "[fetch] max_size: expected a size"),
    ("zero-concurrency", "[fetch]\nconcurrency = 0\n", "at least 1"),
    ("bool-as-int", "[fetch]\nper_host = true\n", "[fetch] per_host: expected an integer"),
    ("private-not-bool", '[fetch]\nallow_private_addresses = "yes"\n', "expected true or false"),
    ("negative-processes", "[pipeline]\nprocesses = -1\n", "[pipeline] processes: must be 0 or more"),
    ("unknown-pipeline-key", "[pipeline]\nworkers = 2\n", "[pipeline]: unknown key 'workers'"),
    ("source-no-url", '[[sources]]\nname = "x"\n', "[[sources]] #1: missing required key 'url'"),
    ("source-ftp", '[[sources]]\nurl = "ftp://x.org/f"\n', "[[sources]] #1 url: expected an http(s) URL"),
    ("source-fulltext", '[[sources]]\nurl = "http://x.org/"\nfulltext = "maybe"\n',
     "fulltext: expected auto, always or never"),
    ("source-interval", '[[sources]]\nurl = "http://x.org/"\ninterval = "often"\n',
     "[[sources]] #1 interval: expected a duration"),
    # These raised ValueError or OverflowError, or were taken (found by mutating GOOD).
    ("source-ipv6-unclosed", '[[sources]]\nurl = "http://[::1/feed"\n', "[[sources]] #1 url: expected an http(s) URL"),
    ("source-port", '[[sources]]\nurl = "http://x.org:99999/"\n', "[[sources]] #1 url: expected an http(s) URL"),
    ("interval-nan", '[[sources]]\nurl = "http://x.org/"\ninterval = nan\n', "interval: the duration must be positive"),
    ("interval-inf", '[[sources]]\nurl = "http://x.org/"\ninterval = inf\n', "interval: the duration must be at most 366 days"),
    ("interval-years", '[[sources]]\nurl = "http://x.org/"\ninterval = "9999999h"\n', "at most 366 days"),
    ("size-of-400-digits", f'[fetch]\nmax_size = "{"9" * 400}MB"\n', "[fetch] max_size: expected a size"),
    ("duplicate-source", '[[sources]]\nurl = "http://x.org/"\n[[sources]]\nurl = "http://x.org/"\n',
     "two entries share the url 'http://x.org/'"),
    ("category-no-name", '[[categories]]\nquery = "x"\n', "[[categories]] #1: missing required key 'name'"),
    ("category-empty", '[[categories]]\nname = "Empty"\n', "[[categories]] 'Empty': give a 'query'"),
    ("category-bad-slug", '[[categories]]\nname = "A"\nslug = "A B"\nquery = "x"\n', "slug: use lowercase"),
    ("duplicate-slug", '[[categories]]\nname = "Gaza"\nquery = "x"\n[[categories]]\nname = "gaza"\nquery = "y"\n',
     "two entries share the slug 'gaza'"),
    ("query-syntax", '[[categories]]\nname = "Ukraine"\nquery = "ukraine OR"\n',
     "[[categories]] 'Ukraine' query: position"),
    ("query-unclosed", '[[categories]]\nname = "Gaza"\nquery = "(gaza OR rafah"\n',
     "[[categories]] 'Gaza' query: position"),
    ("sources-not-array", 'sources = "x"\n', "sources must be an array of tables"),
    ("base-url", '[site]\nbase_url = "localhost"\n', "[site] base_url: expected an http(s) URL"),
    ("missing-opml", '[site]\nopml = "nowhere.opml"\n', "[site] opml: cannot read"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "fragment"), [(t, f) for _, t, f in BAD], ids=[n for n, _, _ in BAD]
)
def test_bad_configuration_is_one_precise_line(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    message = str(caught.value)
    assert fragment in message
    assert message.startswith("tributary.toml") or "tributary.toml" in message
    assert "\n" not in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_config(tmp_path / "absent.toml")


def test_opml_include_adds_sources_with_tags(tmp_path: Path) -> None:
    write(
        tmp_path,
        """<?xml version="1.0"?>
<opml version="2.0"><head><title>subs</title></head><body>
  <outline text="Europe">
    <outline text="Kyiv Bulletin" xmlUrl="https://kyiv.example/feed" category="Ukraine,War"/>
  </outline>
  <outline text="Loose" xmlUrl="https://loose.example/rss"/>
  <outline text="Duplicate" xmlUrl="https://example.org/feed/"/>
  <outline text="Gopher" xmlUrl="gopher://old.example/feed"/>
  <outline text="Unparsable" xmlUrl="http://[::1/feed"/>
  <outline text="Bad port" xmlUrl="http://ports.example:99999/feed"/>
</body></opml>""",
        "subs.opml",
    )
    config = load_config(
        write(
            tmp_path, '[site]\nopml = "subs.opml"\n[[sources]]\nurl = "https://example.org/feed/"\n'
        )
    )
    urls = [s.url for s in config.sources]
    assert urls == [
        "https://example.org/feed/",
        "https://kyiv.example/feed",
        "https://loose.example/rss",
    ]
    kyiv = config.sources[1]
    assert kyiv.name == "Kyiv Bulletin"
    assert kyiv.tags == ("Europe", "Ukraine", "War")


def test_broken_opml_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path, "<opml><body><outline", "subs.opml")
    with pytest.raises(ConfigError, match=r"\[site\] opml: subs.opml: not valid OPML"):
        load_config(write(tmp_path, '[site]\nopml = "subs.opml"\n'))


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("30m", 1800), ("1h30m", 5400), ("2d", 172800), (90, 90), ("1.5h", 5400)],
)
def test_durations(text: str | int, seconds: float) -> None:
    assert parse_duration(text, "x") == seconds


@pytest.mark.parametrize(
    ("text", "size"),
    [("10MB", 10 * 1024**2), ("512KB", 512 * 1024), (1000, 1000), ("1gb", 1024**3)],
)
def test_sizes(text: str | int, size: int) -> None:
    assert parse_size(text, "x") == size
