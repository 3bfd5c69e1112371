"""The site served for real: uvicorn on 127.0.0.1 in a thread, over a seeded storage.

    site_server       the base URL (no trailing slash) of the site over SITE_POSTS on SQLite
    running_site      the same as a RunningSite (url, config, storage) for tests that write
    start_site(...)   the context manager behind both, for a storage of your own

Browser tests and benchmarks start from here. The config's base_url is the served address,
so the absolute links of our feeds point back at the running server.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from builders import T0, at, make_category_specs, make_filed_entry, make_outcome, make_source_spec
from tributary.config import CategoryConfig, Config, SiteConfig
from tributary.storage import Storage, open_storage
from tributary.types import Enclosure, FiledEntry, Source
from tributary.web import create_app, serve_site
from tributary.web.serve import bind_socket

SITE_TITLE = "Riverbend Desk"
CATEGORIES = ("Ukraine", "Gaza")
SOURCES = {  # feed URL -> name
    "https://harbour-gazette.example/feed.xml": "Harbour Gazette",
    "https://upland-courier.example/rss": "Upland Courier",
}
HOSTILE_TITLE = "<script>alert(1)</script>"
HOSTILE_AUTHOR = '"><img src=x onerror=alert(1)>'
READY_WAIT_S = 20  # a guard against a hung start, not a timing assertion


@dataclass(frozen=True)
class RunningSite:
    url: str  # "http://127.0.0.1:PORT", no trailing slash
    config: Config
    storage: Storage
    sources: dict[str, Source] = field(default_factory=dict)  # by name


def site_config(base_url: str, path: Path, categories: Sequence[str] = CATEGORIES) -> Config:
    cats = tuple(
        CategoryConfig(
            name=spec.name, slug=spec.slug, query=None, query_text=None, source_tags=(spec.name,)
        )
        for spec in make_category_specs(*categories)
    )
    return Config(path, SiteConfig(title=SITE_TITLE, base_url=base_url), categories=cats)


def add_sources(storage: Storage, sources: dict[str, str] = SOURCES) -> dict[str, Source]:
    storage.sync_sources([make_source_spec(url, name=name) for url, name in sources.items()], T0)
    return {s.name: s for s in storage.list_sources()}


def add_posts(
    storage: Storage, source: Source, entries: Sequence[FiledEntry], **outcome: Any
) -> None:
    """Store ``entries`` as one successful (or, with ``error=``, failed) poll of ``source``."""
    fetched = outcome.pop("fetched_at", max((e.entry.published for e in entries), default=T0))
    storage.save_feed(make_outcome(source.id, fetched_at=fetched, **outcome), entries, fetched)


def seed_site(storage: Storage) -> dict[str, Source]:
    """Two sources, two categories, 25 Ukraine posts (two pages), and one of each kind."""
    storage.sync_categories(make_category_specs(*CATEGORIES), "seed")
    sources = add_sources(storage)
    gazette, courier = sources["Harbour Gazette"], sources["Upland Courier"]
    ukraine = [make_filed_entry(f"guid:ua-{i}", title=f"Kyiv bridge report {i}", published=at(i),
                                categories=("ukraine",)) for i in range(25)]  # fmt: skip
    add_posts(storage, gazette, ukraine)
    special = [
        make_filed_entry("guid:excerpt", title="Rafah crossing talks", published=at(30),
                         content_kind="excerpt", categories=("gaza",),
                         content_html="", content_text="Talks resumed at the crossing."),
        make_filed_entry("guid:media", title="Evening bulletin video", published=at(31),
                         content_kind="media", categories=("gaza",),
                         enclosures=(Enclosure("https://upland-courier.example/v.mp4",
                                               "video/mp4", None, "video"),
                                     Enclosure("javascript:alert(1)", "video/mp4"))),
        make_filed_entry("guid:hostile", title=HOSTILE_TITLE, author=HOSTILE_AUTHOR,
                         url="javascript:alert(1)", published=at(32), categories=("gaza",)),
    ]  # fmt: skip
    add_posts(storage, courier, special, fetched_at=at(40), status=503,
              error="HTTP 503 Service Unavailable", error_count=3)  # fmt: skip
    return {s.name: s for s in storage.list_sources()}


@contextlib.contextmanager
def start_site(
    storage: Storage, make_config: Callable[[str], Config]
) -> Iterator[tuple[str, Config]]:
    """Serve the site over ``storage`` until the block ends; yields (base URL, config)."""
    sock = bind_socket("127.0.0.1", 0)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = make_config(url)
    ready = threading.Event()
    state: dict[str, Any] = {}

    async def main() -> None:
        stop = asyncio.Event()
        state["loop"], state["stop"] = asyncio.get_running_loop(), stop
        app = create_app(config, storage)
        await serve_site(app, "127.0.0.1", 0, stop, lambda _: ready.set(), sock=sock)

    def thread_main() -> None:
        try:
            asyncio.run(main())
        except BaseException as exc:  # handed to the test thread below
            state["error"] = exc
        finally:
            ready.set()

    thread = threading.Thread(target=thread_main, name="site-server", daemon=True)
    thread.start()
    ready.wait(READY_WAIT_S)
    if "error" in state or "stop" not in state:
        raise RuntimeError(f"the site did not start: {state.get('error')!r}")
    try:
        yield url, config
    finally:
        state["loop"].call_soon_threadsafe(state["stop"].set)
        thread.join(READY_WAIT_S)


@pytest.fixture
def running_site(tmp_path: Path) -> Iterator[RunningSite]:
    storage = open_storage(f"sqlite:///{tmp_path / 'site.db'}")
    try:
        sources = seed_site(storage)
        with start_site(storage, config_in(tmp_path)) as (url, config):
            yield RunningSite(url, config, storage, sources)
    finally:
        storage.close()


def config_in(directory: Path) -> Callable[[str], Config]:
    """A ``make_config`` for ``start_site``: the test site's config, once the URL is known."""
    return lambda url: site_config(url, directory / "tributary.toml")


@pytest.fixture
def site_server(running_site: RunningSite) -> str:
    """The base URL of the seeded site, e.g. ``http://127.0.0.1:54321`` (no trailing slash)."""
    return running_site.url
