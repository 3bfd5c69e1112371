"""The live site under sequential load: category pages and the category API over 100,000 posts.

    .venv/bin/python bench/bench_site.py [--posts 100000] [--requests 1000] [--deep-page 50]
                                         [--database sqlite:///PATH | postgresql://...]
                                         [--keep]

1. Builds a database (a fresh SQLite file under bench/out/ unless --database names one) of
   POSTS posts from 8 sources in 5 categories: each post is filed in one category, one in
   five in a second. Titles of 6-12 words, ~1.5 KB of body (HTML and text), a summary.
   The posts go in through the storage API itself (``save_feed``, 2,000 entries a call, as
   one big poll per call), so whatever storage keeps in step on insert is built as in life
   (~12 s for 100,000 on SQLite). On a database that already holds posts this step is
   skipped (--keep leaves the file). Then ANALYZE, as autovacuum would on PostgreSQL.
2. Serves the real app (``create_app`` + ``serve_site``, uvicorn) on 127.0.0.1 in a
   separate process, wrapped in a small ASGI middleware that adds a ``Server-Timing: app``
   header: the time from the request reaching the app to its response starting (the body
   is rendered before that, so this is the app's whole cost, without HTTP parsing).
3. From this process, one keep-alive ``http.client`` connection, sequentially: warms up,
   then times REQUESTS requests of each endpoint, on the first page and on page DEEP_PAGE
   (reached by following ``next_cursor``). Prints, per endpoint, the client's wall time per
   request (p50, p99, mean), requests per second, and the server's p50 and mean.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tributary.config import CategoryConfig, Config, SiteConfig
from tributary.storage import CategorySpec, SourceSpec, SqlStorage, Storage, open_storage
from tributary.types import CleanEntry, FetchOutcome, FiledEntry

CATEGORIES = {"ukraine": "Ukraine", "gaza": "Gaza", "climate": "Climate",
              "elections": "Elections", "economy": "Economy"}  # fmt: skip
SOURCES = 8
BATCH = 2_000
WARMUP = 50
READY_WAIT_S = 30
START = datetime(2024, 1, 1, tzinfo=UTC)
# fmt: off
WORDS = (
    "council", "harbour", "ministry", "river", "drought", "ceasefire", "election", "union",
    "wage", "strike", "court", "reporter", "archive", "border", "grain", "convoy", "clinic",
    "school", "budget", "protest", "treaty", "coast", "bridge", "tariff", "vote", "parliament",
    "minister", "envoy", "refugee", "aid", "market", "inflation",
)
# fmt: on
OUT = Path(__file__).resolve().parent / "out"


# -- building the database -------------------------------------------------------------------


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def make_entry(rng: random.Random, source: int, number: int) -> FiledEntry:
    """One post; ``number`` orders them in time (a minute apart, with jitter)."""
    paragraphs = [words(rng, 40).capitalize() + "." for _ in range(5)]  # ~1.5 KB in all
    published = START + timedelta(minutes=number, seconds=rng.randrange(60))
    title = words(rng, rng.randrange(6, 13)).capitalize()
    text = "\n\n".join(paragraphs)
    entry = CleanEntry(
        key=f"guid:{source}-{number}",
        content_hash=f"{source}-{number}",
        guid=f"{source}-{number}",
        url=f"https://outlet-{source}.example/news/{number}",
        title=title,
        author=f"{words(rng, 1).capitalize()} {words(rng, 1).capitalize()}",
        published=published,
        updated=published,
        summary=text[:400],
        content_html="".join(f"<p>{p}</p>" for p in paragraphs),
        content_text=text,
        content_kind="full",
        tags=(words(rng, 1),),
    )
    slugs = list(CATEGORIES)
    first = rng.choice(slugs)
    second = rng.choice([s for s in slugs if s != first]) if rng.random() < 0.2 else None
    return FiledEntry(entry, (first, second) if second else (first,))


def build(storage: Storage, count: int) -> float:
    """Fill ``storage`` through ``save_feed``; the seconds it took."""
    started = time.perf_counter()
    storage.sync_categories([CategorySpec(s, n) for s, n in CATEGORIES.items()], "bench")
    specs = [SourceSpec(f"https://outlet-{i}.example/feed.xml", f"Outlet {i}", "auto", None, ())
             for i in range(SOURCES)]  # fmt: skip
    storage.sync_sources(specs, START)
    sources = storage.list_sources()
    rng = random.Random(20250520)
    for first in range(0, count, BATCH):
        source = sources[(first // BATCH) % len(sources)]
        numbers = range(first, min(first + BATCH, count))
        entries = [make_entry(rng, source.id, n) for n in numbers]
        now = entries[-1].entry.published
        outcome = FetchOutcome(source.id, now, now + timedelta(minutes=30), 200, None, 0)
        storage.save_feed(outcome, entries, now)
        print(f"\r  stored {numbers[-1] + 1:,} posts", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return time.perf_counter() - started


def analyze(storage: Storage) -> None:
    """Planner statistics, as PostgreSQL's autovacuum gathers soon after a bulk load: without
    them it guesses a sequential scan for a page's category links (~8 ms instead of 0.1)."""
    assert isinstance(storage, SqlStorage)
    with storage.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


# -- the server process -----------------------------------------------------------------------


def with_server_timing(app: Any) -> Any:
    """ASGI middleware: ``Server-Timing: app;dur=MS`` on every HTTP response."""

    async def timed(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_timed(message: Any) -> None:
            if message["type"] == "http.response.start":
                took = (time.perf_counter() - started) * 1000
                headers = [
                    *message.get("headers", []),
                    (b"server-timing", f"app;dur={took:.3f}".encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_timed)

    return timed


def serve(database: str, ready: Any, stop: Any) -> None:
    """The server process: the real app over ``database`` until ``stop`` is set."""
    import asyncio

    from tributary.web import create_app, serve_site
    from tributary.web.serve import bind_socket

    storage = open_storage(database)
    sock = bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    cats = tuple(CategoryConfig(name, slug, None, None) for slug, name in CATEGORIES.items())
    site = SiteConfig("Bench Desk", f"http://127.0.0.1:{port}")
    config = Config(Path(tempfile.gettempdir()) / "tributary.toml", site, categories=cats)

    async def main() -> None:
        stopping = asyncio.Event()

        async def watch() -> None:
            while not stop.is_set():
                await asyncio.sleep(0.1)
            stopping.set()

        watcher = asyncio.ensure_future(watch())
        app = with_server_timing(create_app(config, storage))
        await serve_site(app, "127.0.0.1", 0, stopping, lambda _: ready.put(port), sock=sock)
        watcher.cancel()

    try:
        asyncio.run(main())
    finally:
        storage.close()


# -- the client --------------------------------------------------------------------------------


class Client:
    """One keep-alive connection; each ``get`` gives (status, body, wall ms, server ms)."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path: str) -> tuple[int, bytes, float, float]:
        started = time.perf_counter()
        self.conn.request("GET", path)
        response = self.conn.getresponse()
        body = response.read()
        wall = (time.perf_counter() - started) * 1000
        timing = response.getheader("server-timing", "app;dur=nan")
        return response.status, body, wall, float(timing.split("dur=")[1])


def cursor_for_page(client: Client, slug: str, page: int) -> str:
    """The cursor of page ``page`` (1-based) of a category, by walking ``next_cursor``."""
    import json

    cursor = ""
    for _ in range(page - 1):
        status, body, _, _ = client.get(f"/api/categories/{slug}/posts?limit=20&cursor={cursor}")
        assert status == 200, (status, body[:200])
        cursor = json.loads(body)["next_cursor"]
    return cursor


def measure(client: Client, paths: Iterator[str], count: int) -> dict[str, float]:
    walls, servers = [], []
    for _ in range(WARMUP):
        client.get(next(paths))
    started = time.perf_counter()
    for _ in range(count):
        status, body, wall, server = client.get(next(paths))
        assert status == 200, (status, body[:200])
        walls.append(wall)
        servers.append(server)
    elapsed = time.perf_counter() - started
    walls.sort()
    return {
        "p50": statistics.median(walls),
        "p99": walls[min(len(walls) - 1, round(0.99 * len(walls)) - 1)],
        "mean": statistics.fmean(walls),
        "rps": count / elapsed,
        "srv_p50": statistics.median(servers),
        "srv_mean": statistics.fmean(servers),
    }


def cycle(make: Callable[[str], str], slugs: Sequence[str]) -> Iterator[str]:
    while True:
        for slug in slugs:
            yield make(slug)


def run(port: int, count: int, deep_page: int) -> list[tuple[str, dict[str, float]]]:
    client = Client(port)
    slugs = list(CATEGORIES)
    deep = {slug: cursor_for_page(client, slug, deep_page) for slug in slugs}
    cases: list[tuple[str, Callable[[str], str]]] = [
        ("GET /category/{slug}/", lambda s: f"/category/{s}/"),
        ("GET /api/categories/{slug}/posts?limit=20",
         lambda s: f"/api/categories/{s}/posts?limit=20"),
        (f"GET /category/{{slug}}/ page {deep_page}", lambda s: f"/category/{s}/?cursor={deep[s]}"),
        (f"GET /api/…/posts?limit=20 page {deep_page}",
         lambda s: f"/api/categories/{s}/posts?limit=20&cursor={deep[s]}"),
    ]  # fmt: skip
    return [(name, measure(client, cycle(make, slugs), count)) for name, make in cases]


def print_table(results: list[tuple[str, dict[str, float]]]) -> None:
    columns = ("p50 ms", "p99 ms", "mean ms", "req/s", "srv p50", "srv mean")
    head = f"{'endpoint':<44}" + "".join(f" {c:>8}" for c in columns)
    print(head)
    print("-" * len(head))
    for name, r in results:
        print(f"{name:<44} {r['p50']:>8.2f} {r['p99']:>8.2f} {r['mean']:>8.2f} {r['rps']:>8.0f} "
              f"{r['srv_p50']:>8.2f} {r['srv_mean']:>8.2f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1_000)
    parser.add_argument("--deep-page", type=int, default=50)
    parser.add_argument("--database", help="default: a fresh SQLite file under bench/out/")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file for a rerun")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"site-{args.posts}.db"
    database = args.database or f"sqlite:///{path}"
    storage = open_storage(database)
    try:
        held = storage.count_posts()
        if held == 0:
            print(f"building {args.posts:,} posts in {database} ...", file=sys.stderr)
            print(f"built in {build(storage, args.posts):.1f} s", file=sys.stderr)
        else:
            print(f"using the {held:,} posts already in {database}", file=sys.stderr)
        analyze(storage)
    finally:
        storage.close()
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Queue(), context.Event()
    server = context.Process(target=serve, args=(database, ready, stop), daemon=True)
    server.start()
    try:
        port = ready.get(timeout=READY_WAIT_S)
        results = run(port, args.requests, args.deep_page)
    finally:
        stop.set()
        server.join(READY_WAIT_S)
        if not args.database and not args.keep:
            for leftover in OUT.glob(f"{path.name}*"):
                leftover.unlink()
    print(f"\n{args.requests:,} sequential requests per endpoint, one keep-alive connection, "
          f"cycling over {len(CATEGORIES)} categories; wall = client time per request, "
          f"srv = Server-Timing (app)\n")  # fmt: skip
    print_table(results)


if __name__ == "__main__":
    main()
