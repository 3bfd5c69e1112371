"""`tributary update` over many feeds served on loopback: time and peak memory.

    .venv/bin/python bench/bench_update.py [--feeds 500] [--entries 50] [--hosts 25]
                                           [--processes N] [--database URL]
                                           [--text news|invented]

Serves FEEDS WordPress-style RSS 2.0 feeds of ENTRIES entries each (bench/wordpress_feeds.py,
as bench_peers.py serves them: content:encoded bodies of about 4 KB, <category>, dc:creator;
--text says what the posts are written in), with an ETag and Last-Modified, from an aiohttp
server in a separate process, spread over HOSTS loopback addresses (127.0.0.1, 127.0.0.2,
...; all of 127/8 reaches this machine on Linux) so the per-host limit acts as it would on
the web. Runs `tributary update` twice in fresh processes against a fresh SQLite database
(or the PostgreSQL of --database): the first run stores everything, the second is all 304s (the
refresh of unchanged feeds). Prints wall time, feeds/s, the 200s and 304s the server sent,
peak RSS of the tributary process, the peak of the RSS summed over it and every process it
started (the parsing processes are the fork server's children, so they are sampled from
/proc), and posts stored. --processes sets ``[pipeline] processes``.

The all-304 pass does not depend on the feeds' size, only on their number: for 10,000 feeds
the issue 7 figures were measured with few entries, ``--feeds 10000 --entries 5`` (50,000
posts, about 200 MB of feeds in the server; the first pass still took 11.5 minutes on two
loaded cores, the second 24 s). 50 entries would hold 2 GB of feeds in the server and make
the first pass ten times longer, for the same second pass.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from loopback import server_stats
from wordpress_feeds import feed_url, serve_feeds

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
    parser.add_argument("--text", choices=("news", "invented"), default="news",
                        help="what the posts say (see bench/wordpress_feeds.py)")  # fmt: skip
    args = parser.parse_args()

    started = time.perf_counter()
    ready = multiprocessing.Event()
    server = multiprocessing.Process(
        target=serve_feeds,
        args=(args.feeds, args.entries, args.hosts, args.port, args.text, ready),
        daemon=True,
    )
    server.start()
    if not ready.wait(1800):
        sys.exit("the feed server did not start")
    print(f"{args.feeds} feeds served in {time.perf_counter() - started:.1f} s", flush=True)
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
            lines += ["[[sources]]", f'url = "{feed_url(i, args.hosts, args.port)}"',
                      'fulltext = "never"', ""]  # fmt: skip  # feeds only: no article pages
        lines += ["[[categories]]", 'name = "Strikes"', 'query = "strike OR union"', ""]
        config.write_text("\n".join(lines))
        database = args.database or f"sqlite:///{tmp}/bench.db"
        processes = "unset" if args.processes is None else args.processes
        print(f"{args.feeds} feeds x {args.entries} entries ({args.text} text) on {args.hosts} "
              f"loopback hosts, {database.split(':')[0]}, {os.cpu_count()} cores, "
              f"[pipeline] processes {processes}")  # fmt: skip
        rows = []
        server_stats(args.port)
        for label in ("first run (all new)", "second run (all 304)"):
            elapsed, rss_kb, tree_kb, code = run_update(config, database)
            http = server_stats(args.port)
            load = os.getloadavg()[0]
            rows.append((label, elapsed, http, rss_kb / 1024, tree_kb / 1024, code, load))
    server.terminate()
    server.join()
    print(f"\n| {'run':<22} | {'wall time':>9} | {'feeds/s':>8} | {'HTTP 200/304':>12} "
          f"| {'peak RSS':>9} | {'all procs':>9} | exit |")  # fmt: skip
    print(f"|{'-' * 24}|{'-' * 11}|{'-' * 10}|{'-' * 14}|{'-' * 11}|{'-' * 11}|------|")
    for label, elapsed, http, rss_mb, tree_mb, code, _ in rows:
        codes = f"{http['200']}/{http['304']}"
        print(f"| {label:<22} | {elapsed:>8.2f}s | {args.feeds / elapsed:>8.0f} | {codes:>12} "
              f"| {rss_mb:>7.0f}MB | {tree_mb:>7.0f}MB | {code:>4} |")  # fmt: skip
    loads = ", ".join(f"{row[6]:.2f}" for row in rows)
    print(f"\nload average (1 min) as each run ended: {loads}")


if __name__ == "__main__":
    main()
