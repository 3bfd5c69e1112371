"""`tributary update` over many feeds served on loopback: time and peak memory.

    .venv/bin/python bench/bench_update.py [--feeds 500] [--entries 50] [--hosts 25]
                                           [--processes N] [--database URL]

Serves FEEDS synthetic RSS 2.0 feeds of ENTRIES entries each from an aiohttp server in a
separate process, spread over HOSTS loopback addresses (127.0.0.1, 127.0.0.2, ...; all of
127/8 reaches this machine on Linux) so the per-host limit acts as it would on the web. Runs
`tributary update` twice in fresh processes against a fresh SQLite database (or the
PostgreSQL of --database): the first run stores everything, the second is all 304s. Prints
wall time, peak RSS of the tributary process, the peak of the RSS summed over it and every
process it started (the parsing processes are the fork server's children, so they are
sampled from /proc), and posts stored. --processes sets ``[pipeline] processes``.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

WORDS = [
    "council",
    "harbour",
    "ministry",
    "river",
    "drought",
    "ceasefire",
    "election",
    "union",
    "wage",
    "strike",
    "court",
    "reporter",
    "archive",
    "border",
    "grain",
    "convoy",
    "clinic",
    "school",
    "budget",
    "protest",
    "treaty",
    "coast",
]

RUN = """
import os, resource, sys, threading, time
from pathlib import Path

def tree_rss_kb(root):
    parents = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
                parents[int(d.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    total = 0
    for pid in tree:
        try:
            statm = Path(f"/proc/{pid}/statm").read_text().split()
            total += int(statm[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError):
            pass
    return total

peak_tree = 0
def sample():
    global peak_tree
    while True:
        peak_tree = max(peak_tree, tree_rss_kb(os.getpid()))
        time.sleep(0.1)

threading.Thread(target=sample, daemon=True).start()
from tributary.cli import main
start = time.perf_counter()
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
else:
    code = 0
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"BENCH {elapsed:.3f} {peak} {peak_tree} {code}", file=sys.stderr)
"""


def make_feed(index: int, entries: int, now: datetime) -> bytes:
    items = []
    for j in range(entries):
        words = " ".join(WORDS[(index * 7 + j * 3 + k) % len(WORDS)] for k in range(60))
        when = format_datetime(now - timedelta(hours=j * 3 + index % 5), usegmt=True)
        items.append(
            f"<item><title>Report {index}-{j}: {WORDS[j % len(WORDS)]} talks</title>"
            f"<link>http://outlet{index}.example/{j}</link><guid>outlet{index}-{j}</guid>"
            f"<pubDate>{when}</pubDate><dc:creator>Writer {j % 9}</dc:creator>"
            f"<category>{WORDS[(index + j) % len(WORDS)]}</category>"
            f"<description><![CDATA[<p>{words}.</p><p>{words[:200]}.</p>]]></description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>Outlet {index}</title><link>http://outlet{index}.example/</link>"
        f"<description>bench</description>{''.join(items)}</channel></rss>"
    ).encode()


def serve(feeds: int, entries: int, hosts: int, port: int, ready: multiprocessing.Event) -> None:
    import asyncio

    from aiohttp import web

    now = datetime.now(UTC)
    bodies = {i: make_feed(i, entries, now) for i in range(feeds)}
    etags = {i: '"' + hashlib.sha1(b).hexdigest() + '"' for i, b in bodies.items()}

    async def handler(request: web.Request) -> web.Response:
        index = int(request.match_info["index"])
        if request.headers.get("If-None-Match") == etags[index]:
            return web.Response(status=304, headers={"ETag": etags[index]})
        return web.Response(
            body=bodies[index],
            content_type="application/rss+xml",
            headers={"ETag": etags[index]},
        )

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/feed/{index}.xml", handler)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        for h in range(1, hosts + 1):
            await web.TCPSite(runner, f"127.0.0.{h}", port).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def run_update(config: Path, database: str) -> tuple[float, int, int, int]:
    done = subprocess.run(
        [sys.executable, "-c", RUN, "--config", str(config), "--database", database, "update"],
        capture_output=True,
        text=True,
        check=False,
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("BENCH "))
    _, elapsed, rss_kb, tree_kb, code = line.split()
    summary = done.stdout.strip().splitlines()[0] if done.stdout.strip() else done.stderr[-300:]
    print(f"  {summary}")
    return float(elapsed), int(rss_kb), int(tree_kb), int(code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=25)
    parser.add_argument("--port", type=int, default=18931)
    parser.add_argument("--database", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--processes", type=int, default=None, help="default: unset (cores)")
    args = parser.parse_args()

    ready = multiprocessing.Event()
    server = multiprocessing.Process(
        target=serve, args=(args.feeds, args.entries, args.hosts, args.port, ready), daemon=True
    )
    server.start()
    if not ready.wait(120):
        sys.exit("the feed server did not start")
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "tributary.toml"
        lines = [
            "[fetch]",
            "allow_private_addresses = true",
            "concurrency = 50",
            "per_host = 2",
            "",
        ]
        if args.processes is not None:
            lines += ["[pipeline]", f"processes = {args.processes}", ""]
        for i in range(args.feeds):
            host = f"127.0.0.{i % args.hosts + 1}"
            lines += ["[[sources]]", f'url = "http://{host}:{args.port}/feed/{i}.xml"',
                      'fulltext = "never"', ""]  # fmt: skip  # feeds only: no article pages
        lines += ["[[categories]]", 'name = "Strikes"', 'query = "strike OR union"', ""]
        config.write_text("\n".join(lines))
        database = args.database or f"sqlite:///{tmp}/bench.db"
        processes = "unset" if args.processes is None else args.processes
        print(f"{args.feeds} feeds x {args.entries} entries on {args.hosts} loopback hosts, "
              f"{database.split(':')[0]}, {os.cpu_count()} cores, "
              f"[pipeline] processes {processes}")  # fmt: skip
        rows = []
        for label in ("first run (all new)", "second run (all 304)"):
            elapsed, rss_kb, tree_kb, code = run_update(config, database)
            rows.append((label, elapsed, rss_kb / 1024, tree_kb / 1024, code))
    server.terminate()
    print(f"\n| {'run':<22} | {'wall time':>9} | {'feeds/s':>8} | {'peak RSS':>9} "
          f"| {'all procs':>9} | exit |")  # fmt: skip
    print(f"|{'-' * 24}|{'-' * 11}|{'-' * 10}|{'-' * 11}|{'-' * 11}|------|")
    for label, elapsed, rss_mb, tree_mb, code in rows:
        print(f"| {label:<22} | {elapsed:>8.2f}s | {args.feeds / elapsed:>8.0f} | "
              f"{rss_mb:>7.0f}MB | {tree_mb:>7.0f}MB | {code:>4} |")  # fmt: skip


if __name__ == "__main__":
    main()
