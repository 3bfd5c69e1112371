"""Reading the live site under sequential load: category pages, post pages, a category's
feed and search, over 100,000 posts or a million, on SQLite or PostgreSQL (issue 7).

    .venv/bin/python bench/bench_site.py [--posts 100000] [--requests 1000] [--deep-page 50]
                                         [--database sqlite:///PATH | postgresql://...]
                                         [--keep]

1. Builds a database (a fresh SQLite file under bench/out/ unless --database names one; a
   database that already holds posts is used as it is, and --keep leaves the SQLite file for
   a rerun). ``save_feed`` (de-duplication and story assignment on every insert) is far too
   slow for a million posts, so the posts go in by bench_stories.py's bulk fill
   (``fill_old``): POSTS posts of ~150 invented words from 60 outlets over two years, about
   events that 1-8 outlets report, ~5 % of them near-duplicate copies (the "Also published
   by" of their primary), one story per event, fingerprints and LSH bands, each primary
   filed in one of 6 categories; the rows are made by one worker process while this one
   inserts them in chunks of 5,000 (SQLite: executemany; PostgreSQL: COPY), the secondary
   indexes made after the load. Then ``Storage.reindex`` builds the search index in one
   pass (FTS5 rows then 'optimize'; tsvectors then the GIN indexes), and ANALYZE gathers
   planner statistics (PostgreSQL's autovacuum would after such a load; Tributary itself
   never ANALYZEs SQLite). Each step is timed and printed, with the size on disk.
2. Serves the real app (``create_app`` + ``serve_site``, uvicorn) on 127.0.0.1 in a
   separate process, wrapped in a small ASGI middleware that adds a ``Server-Timing: app``
   header: the time from the request reaching the app to its response starting (the body
   is rendered before that, so this is the app's whole cost, without HTTP parsing).
3. Picks what to ask: the cursor of page DEEP_PAGE of each category (by following the API's
   ``next_cursor``), random primary posts (copies answer 301), and searches of two words
   that each occur in 2-6 % of a sample of 2,000 posts. Every post and search request asks
   for a different post or query, warm-up ones included.
4. From this process, one keep-alive ``http.client`` connection, sequentially: per endpoint
   50 warm-up requests, then REQUESTS timed ones, cycling over the categories where the
   endpoint takes one. Prints, per endpoint, the client's wall time per request (p50, p99,
   mean), requests per second and the server's p50 and mean; the load average before and
   after; and the mean number of matches of the searches.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import multiprocessing
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from sqlalchemy import select

import bench_stories as archive
from tributary.config import CategoryConfig, Config, SiteConfig
from tributary.storage import SqlStorage, open_storage
from tributary.storage.tables import posts

CATEGORIES = {slug: slug.title() for slug in archive.CATEGORIES}
WARMUP = 50
READY_WAIT_S = 30
WORD_SAMPLE = 2_000  # posts read to find words of the wanted frequency
SEARCH_DF = (0.02, 0.06)  # share of posts a search word occurs in
SEED = 20261201
OUT = Path(__file__).resolve().parent / "out"


# -- building the database -------------------------------------------------------------------


def build(storage: SqlStorage, url: str, count: int) -> list[tuple[str, float]]:
    """Fill ``storage`` with ``count`` posts, index and ANALYZE them; the steps' seconds."""
    started = time.perf_counter()
    writer = archive.Writer(random.Random(archive.SEED))
    source_ids = archive.setup_sources(storage, writer)
    fill = archive.Fill()
    archive.fill_old(url, source_ids, count, archive.NOW, fill, search_in_chunks=False)
    mark = time.perf_counter()
    storage.reindex()
    indexed = time.perf_counter() - mark
    mark = time.perf_counter()
    analyze(storage)
    analyzed = time.perf_counter() - mark
    return [
        ("bulk load (wall)", fill.bulk),
        ("  rows made, in the worker process", fill.generate),
        ("  inserting", fill.insert),
        ("  secondary indexes", fill.indexes),
        ("search index (Storage.reindex)", indexed),
        ("ANALYZE", analyzed),
        ("total", time.perf_counter() - started),
    ]


def analyze(storage: SqlStorage) -> None:
    """Planner statistics, as PostgreSQL's autovacuum gathers soon after a bulk load: without
    them it guesses a sequential scan for a page's category links (~8 ms instead of 0.1)."""
    with storage.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


# -- what to ask -----------------------------------------------------------------------------


def primary_ids(storage: SqlStorage) -> list[str]:
    """Every post that has a page of its own (copies answer 301 to their primary's)."""
    with storage.engine.connect() as conn:
        query = select(posts.c.id).where(posts.c.duplicate_of.is_(None)).order_by(posts.c.id)
        return list(conn.execute(query).scalars())


def search_words(storage: SqlStorage, sample: Sequence[str]) -> list[str]:
    """Words that occur in SEARCH_DF of the ``sample`` posts (title or text)."""
    seen: Counter[str] = Counter()
    with storage.engine.connect() as conn:
        for first in range(0, len(sample), 500):
            part = sample[first : first + 500]
            query = select(posts.c.title, posts.c.content_text).where(posts.c.id.in_(part))
            for title, body in conn.execute(query):
                seen.update(set(re.findall(r"[a-z]+", f"{title} {body}".lower())))
    low, high = (share * len(sample) for share in SEARCH_DF)
    return sorted(word for word, n in seen.items() if low <= n <= high)


def two_word_queries(words: Sequence[str], rng: random.Random, count: int) -> list[str]:
    """``count`` different queries of two different words."""
    made: dict[str, None] = {}
    while len(made) < count:
        first, second = rng.sample(words, 2)
        made.setdefault(f"{first} {second}")
    return list(made)


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
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

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
    cursor = ""
    for _ in range(page - 1):
        status, body, _, _ = client.get(f"/api/categories/{slug}/posts?limit=20&cursor={cursor}")
        assert status == 200, (status, body[:200])
        cursor = json.loads(body)["next_cursor"]
    return cursor


def measure(
    client: Client, paths: Iterator[str], count: int, seen: Callable[[bytes], None] | None = None
) -> dict[str, float]:
    walls, servers = [], []
    for _ in range(WARMUP):
        client.get(next(paths))
    started = time.perf_counter()
    for _ in range(count):
        status, body, wall, server = client.get(next(paths))
        assert status == 200, (status, body[:200])
        walls.append(wall)
        servers.append(server)
        if seen is not None:
            seen(body)
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


def cycle(make: Callable[[str], str], items: Iterable[str]) -> Iterator[str]:
    return (make(item) for item in itertools.cycle(items))


def each_once(make: Callable[[str], str], items: Sequence[str]) -> Iterator[str]:
    return (make(item) for item in items)


def run(
    port: int, count: int, deep_page: int, post_ids: Sequence[str], queries: Sequence[str]
) -> tuple[list[tuple[str, dict[str, float]]], float]:
    """Every endpoint's figures, and the mean number of matches of the searches."""
    client = Client(port)
    slugs = list(CATEGORIES)
    deep = {slug: cursor_for_page(client, slug, deep_page) for slug in slugs}
    per = WARMUP + count
    totals: list[int] = []

    def total(body: bytes) -> None:
        totals.append(json.loads(body)["total"])

    def q(text: str) -> str:
        return urlencode({"q": text}, quote_via=quote)

    cases: list[tuple[str, Iterator[str], Callable[[bytes], None] | None]] = [
        ("GET /category/{slug}/", cycle(lambda s: f"/category/{s}/", slugs), None),
        (f"GET /category/{{slug}}/ page {deep_page}",
         cycle(lambda s: f"/category/{s}/?cursor={deep[s]}", slugs), None),
        ("GET /api/categories/{slug}/posts?limit=20",
         cycle(lambda s: f"/api/categories/{s}/posts?limit=20", slugs), None),
        (f"GET /api/…/posts?limit=20 page {deep_page}",
         cycle(lambda s: f"/api/categories/{s}/posts?limit=20&cursor={deep[s]}", slugs), None),
        ("GET /post/{id}/ (random)", each_once(lambda i: f"/post/{i}/", post_ids[:per]), None),
        ("GET /api/posts/{id} (random)",
         each_once(lambda i: f"/api/posts/{i}", post_ids[per : 2 * per]), None),
        ("GET /category/{slug}/feed.atom", cycle(lambda s: f"/category/{s}/feed.atom", slugs),
         None),
        ("GET /search?q=two+words", each_once(lambda t: f"/search?{q(t)}", queries[:per]), None),
        ("GET /api/search?q=two+words",
         each_once(lambda t: f"/api/search?{q(t)}", queries[per : 2 * per]), total),
    ]  # fmt: skip
    results = [(name, measure(client, paths, count, seen)) for name, paths, seen in cases]
    return results, statistics.fmean(totals)


def print_table(results: list[tuple[str, dict[str, float]]]) -> None:
    columns = ("p50 ms", "p99 ms", "mean ms", "req/s", "srv p50", "srv mean")
    head = f"{'endpoint':<44}" + "".join(f" {c:>8}" for c in columns)
    print(head)
    print("-" * len(head))
    for name, r in results:
        print(f"{name:<44} {r['p50']:>8.2f} {r['p99']:>8.2f} {r['mean']:>8.2f} {r['rps']:>8.0f} "
              f"{r['srv_p50']:>8.2f} {r['srv_mean']:>8.2f}")  # fmt: skip


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1_000, help="timed, per endpoint")
    parser.add_argument("--deep-page", type=int, default=50)
    parser.add_argument("--database", help="default: a fresh SQLite file under bench/out/")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file for a rerun")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"site-{args.posts}.db"
    database = args.database or f"sqlite:///{path}"
    storage = open_storage(database)
    assert isinstance(storage, SqlStorage)
    rng = random.Random(SEED)
    try:
        held = storage.count_posts()
        kind = storage.engine.dialect.name
        if held == 0:
            print(f"building {args.posts:,} posts in {database} ...", file=sys.stderr)
            steps = build(storage, database, args.posts)
            held = storage.count_posts()
            print(f"\nbuilt {held:,} posts on {kind} (load average {load_average()}):")
            for name, seconds in steps:
                print(f"  {name:<36} {seconds:8.1f} s")
            size = archive.size_on_disk(storage, database)
            print(f"  {'size on disk':<36} {size / 2**20:8,.0f} MiB", flush=True)
        else:
            print(f"using the {held:,} posts already in {database}", flush=True)
        ids = primary_ids(storage)
        wanted = 2 * (WARMUP + args.requests)
        post_ids = rng.sample(ids, wanted)
        words = search_words(storage, rng.sample(ids, min(WORD_SAMPLE, len(ids))))
        queries = two_word_queries(words, rng, wanted)
    finally:
        storage.close()
    print(f"{len(words)} words in {SEARCH_DF[0]:.0%}-{SEARCH_DF[1]:.0%} of sampled posts, "
          f"e.g. {queries[0]!r}", file=sys.stderr)  # fmt: skip
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Queue(), context.Event()
    server = context.Process(target=serve, args=(database, ready, stop), daemon=True)
    server.start()
    try:
        port = ready.get(timeout=READY_WAIT_S)
        before = load_average()
        results, matches = run(port, args.requests, args.deep_page, post_ids, queries)
        after = load_average()
    finally:
        stop.set()
        server.join(READY_WAIT_S)
        if not args.database and not args.keep:
            for leftover in OUT.glob(f"{path.name}*"):
                leftover.unlink()
    print(f"\n{held:,} posts ({len(ids):,} primaries), {kind}; {args.requests:,} sequential "
          f"requests per endpoint after {WARMUP} warm-up, one keep-alive connection; "
          f"category endpoints cycle over {len(CATEGORIES)} categories, post and search "
          f"endpoints ask for a different post or query each time; wall = client time per "
          f"request, srv = Server-Timing (app); load average {before} before, {after} "
          f"after\n")  # fmt: skip
    print_table(results)
    print(f"\nsearches: two words each in {SEARCH_DF[0]:.0%}-{SEARCH_DF[1]:.0%} of posts, "
          f"{matches:,.0f} matches on average (/api/search's total)")  # fmt: skip


if __name__ == "__main__":
    main()
