"""Tributary against lemon24/reader on the same feeds in the same run: time, CPU and memory.

    .venv/bin/python bench/bench_peers.py [--feeds 500 5000] [--entries 50] [--hosts 25]
                                          [--reader-workers 4] [--text news|invented]

reader is a benchmark-only dependency (`pip install -e '.[bench]'`, which `make bench` does).
PYTHONPATH=/some/export/src runs the tributary of another commit (the line before each table
says which package ran).

For each FEEDS count (default: 500, then 5,000) an aiohttp server in a separate process
serves FEEDS WordPress-style RSS 2.0 feeds of ENTRIES entries (bench/wordpress_feeds.py:
content:encoded bodies of about 4 KB, <category>, dc:creator; --text says what the posts are
written in), spread over HOSTS loopback addresses, with ETag and Last-Modified, so a second
pass gets 304 for every feed. Then, each in a fresh process and a fresh SQLite file, twice
(first pass: all new; second pass: all 304):

- Tributary: `.venv/bin/tributary update` with the FEEDS sources (fulltext = "never") and a
  few [[categories]] with queries, so filing runs; [pipeline] processes unset (all cores);
- reader: `make_reader(path)`, `add_feed` for every feed, `update_feeds(workers=4,
  scheduled=False)` (reader only updates feeds whose hour-long interval is over unless
  scheduled=False, and the second pass comes seconds after the first). reader fetches in
  WORKERS threads and parses and stores in the calling thread.

Each tool runs under a small runner process that makes itself the child subreaper, so every
process the tool starts (Tributary's fork server and parsing workers) is reaped by the
runner: wall time is the tool's main process; CPU time is user + sys of the tool and all its
descendants (getrusage(RUSAGE_CHILDREN) after reaping them all); peak memory is the peak of
RSS (and of PSS, which counts pages shared after a fork once) summed over the process tree,
sampled from /proc every 0.1 s; "largest" is the largest single process's peak RSS. Entries
stored are counted in each database afterwards (Tributary: its posts table; reader:
get_entry_counts()). The server counts the 200s and 304s it sent in each pass. Prints a
Markdown table per FEEDS count, then notes: processes, the load average as each pass ended
(anything else running on the machine stretches wall time), what each database holds.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loopback import server_stats
from wordpress_feeds import feed_url, serve_feeds

BIN = Path(sys.executable).parent
CATEGORIES = {  # name -> query; filing runs on every post
    "Labour": "strike* OR union OR wage*",
    "Coast and rivers": "(harbour OR coast OR river*) -tag:budget",
    "Courts": 'title:court OR "court ruling" OR treaty',
    "Elections": "election* OR ballot* OR tag:elections",
}

# Runs the command in argv[1] (JSON list) as the child subreaper, so every descendant ends up
# reaped here and counted by RUSAGE_CHILDREN; samples RSS and PSS summed over the tree.
RUNNER = r"""
import ctypes, json, os, resource, subprocess, sys, threading, time
from pathlib import Path

ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
cmd = json.loads(sys.argv[1])
me, page_kb = os.getpid(), os.sysconf("SC_PAGE_SIZE") // 1024

def descendants():
    parents = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                parents[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, grew = {me}, True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    return tree - {me}

peak = {"rss_kb": 0, "pss_kb": 0, "procs": 0}
stop = threading.Event()

def sample():
    while True:
        rss = pss = 0
        pids = descendants()
        for pid in pids:
            try:
                rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page_kb
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                        break
            except (OSError, IndexError, ValueError):
                pass
        peak["rss_kb"] = max(peak["rss_kb"], rss)
        peak["pss_kb"] = max(peak["pss_kb"], pss)
        peak["procs"] = max(peak["procs"], len(pids))
        if stop.wait(0.1):
            return

sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
start = time.perf_counter()
with open(sys.argv[2], "wb") as out, open(sys.argv[3], "wb") as err:
    code = subprocess.run(cmd, stdout=out, stderr=err, check=False).returncode
wall = time.perf_counter() - start
deadline = time.monotonic() + 60
while time.monotonic() < deadline:  # reap what the tool left behind (its fork server)
    try:
        if os.waitpid(-1, os.WNOHANG) == (0, 0):
            time.sleep(0.05)
    except ChildProcessError:
        break
stop.set()
sampler.join()
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print("BENCH " + json.dumps({"wall": wall, "user": ru.ru_utime, "sys": ru.ru_stime,
      "maxrss_kb": ru.ru_maxrss, "exit": code, **peak}))
"""

# One reader pass in a fresh process: argv = database, file of feed URLs, workers.
READER = r"""
import json, sys, threading, time
from pathlib import Path

start = time.perf_counter()
from reader import make_reader

db, urls, workers = sys.argv[1], Path(sys.argv[2]).read_text().split(), int(sys.argv[3])
reader = make_reader(db)
lock, state = threading.Lock(), {"in_flight": 0, "max_in_flight": 0, "threads": set()}

def on_request(session, request, **kwargs):
    with lock:
        state["in_flight"] += 1
        state["max_in_flight"] = max(state["max_in_flight"], state["in_flight"])
        state["threads"].add(threading.get_ident())

def on_response(session, response, request, **kwargs):
    with lock:
        state["in_flight"] -= 1

for url in urls:
    reader.add_feed(url, exist_ok=True)
added = time.perf_counter()
retriever = reader._parser.get_retriever(urls[0])  # instrumentation: did requests overlap?
retriever.request_hooks.append(on_request)
retriever.response_hooks.append(on_response)
reader.update_feeds(workers=workers, scheduled=False)
updated = time.perf_counter()
entries, feeds = reader.get_entry_counts(), reader.get_feed_counts()
reader.close()
print("READER " + json.dumps({
    "entries": entries.total, "feeds": feeds.total, "broken": feeds.broken,
    "setup_s": added - start, "update_s": updated - added,
    "max_in_flight": state["max_in_flight"], "threads": len(state["threads"]),
}))
"""


@dataclass
class Pass:
    """One tool's pass: what the runner measured and what the database holds afterwards."""

    tool: str
    label: str
    wall: float
    cpu: float
    rss_mb: float
    pss_mb: float
    largest_mb: float
    procs: int
    exit: int
    entries: int
    new: int
    errors: int
    http: dict[str, int]
    note: str
    load: float  # the 1-minute load average as the pass ended: other work on the machine


# ---------------------------------------------------------------- feeds


# ---------------------------------------------------------------- the tools


def run_measured(cmd: list[str], tmp: Path, name: str) -> tuple[dict[str, Any], str, str]:
    """Run CMD under the subreaper runner; the runner's figures, the tool's stdout, stderr."""
    out, err = tmp / f"{name}.out", tmp / f"{name}.err"
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(cmd), str(out), str(err)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(x for x in done.stdout.splitlines() if x.startswith("BENCH "))
    figures: dict[str, Any] = json.loads(line.removeprefix("BENCH "))
    return figures, out.read_text(errors="replace"), err.read_text(errors="replace")


def make_pass(tool: str, label: str, figures: dict[str, Any], **rest: Any) -> Pass:
    return Pass(
        tool=tool,
        label=label,
        wall=figures["wall"],
        cpu=figures["user"] + figures["sys"],
        rss_mb=figures["rss_kb"] / 1024,
        pss_mb=figures["pss_kb"] / 1024,
        largest_mb=figures["maxrss_kb"] / 1024,
        procs=figures["procs"],
        exit=figures["exit"],
        load=os.getloadavg()[0],
        **rest,
    )


def tributary_config(path: Path, urls: list[str]) -> None:
    lines = ["[fetch]", "allow_private_addresses = true", "concurrency = 50", "per_host = 2", ""]
    for url in urls:
        lines += ["[[sources]]", f'url = "{url}"', 'fulltext = "never"', ""]
    for name, query in CATEGORIES.items():
        lines += ["[[categories]]", f'name = "{name}"', f"query = {json.dumps(query)}", ""]
    path.write_text("\n".join(lines))


def tributary_counts(db: Path) -> dict[str, int]:
    """Posts, category links, stories, copies (posts merged into another) and sources with an
    error, read straight from the database; -1 for what this version does not keep."""
    queries = {
        "posts": "SELECT count(*) FROM posts",
        "links": "SELECT count(*) FROM post_categories",
        "stories": "SELECT count(*) FROM stories",
        "copies": "SELECT count(*) FROM posts WHERE duplicate_of IS NOT NULL",
        "errors": "SELECT count(*) FROM sources WHERE last_error IS NOT NULL",
    }
    counts = {}
    conn = sqlite3.connect(db)
    try:
        for name, query in queries.items():
            try:
                counts[name] = int(conn.execute(query).fetchone()[0])
            except sqlite3.OperationalError:  # no such table or column
                counts[name] = -1
    finally:
        conn.close()
    return counts


def run_tributary(urls: list[str], port: int, tmp: Path) -> list[Pass]:
    config, db = tmp / "tributary.toml", tmp / "tributary.db"
    tributary_config(config, urls)
    cmd = [str(BIN / "tributary"), "--config", str(config), "--database", f"sqlite:///{db}"]
    passes, before = [], 0
    server_stats(port)
    for label in ("first", "second"):
        figures, out, err = run_measured([*cmd, "update"], tmp, f"tributary-{label}")
        http = server_stats(port)
        counts = tributary_counts(db)
        summary = out.strip().splitlines()[0] if out.strip() else err.strip()[-300:]
        note = (f"{counts['links']:,} category links, {counts['stories']:,} stories, "
                f"{counts['copies']:,} copies; {summary}")  # fmt: skip
        passes.append(make_pass("Tributary", label, figures, entries=counts["posts"],
                                new=counts["posts"] - before, errors=counts["errors"], http=http,
                                note=note))  # fmt: skip
        before = counts["posts"]
    return passes


def run_reader(urls: list[str], port: int, tmp: Path, workers: int) -> list[Pass]:
    url_file, db = tmp / "reader-urls.txt", tmp / "reader.sqlite"
    url_file.write_text("\n".join(urls))
    cmd = [sys.executable, "-c", READER, str(db), str(url_file), str(workers)]
    passes, before = [], 0
    server_stats(port)
    for label in ("first", "second"):
        figures, out, err = run_measured(cmd, tmp, f"reader-{label}")
        http = server_stats(port)
        lines = [x for x in out.splitlines() if x.startswith("READER ")]
        if not lines:
            sys.exit(f"reader failed (exit {figures['exit']}):\n{err[-2000:]}")
        got = json.loads(lines[0].removeprefix("READER "))
        note = (
            f"add_feed {got['setup_s']:.1f} s (with imports), update_feeds {got['update_s']:.1f}"
            f" s; {got['threads']} fetching threads, up to {got['max_in_flight']} requests at once"
        )
        passes.append(make_pass("reader", label, figures, entries=got["entries"],
                                new=got["entries"] - before, errors=got["broken"], http=http,
                                note=note))  # fmt: skip
        before = got["entries"]
    return passes


# ---------------------------------------------------------------- report


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def print_table(feeds: int, entries: int, text: str, passes: list[Pass]) -> None:
    head = ("tool", "pass", "entries stored", "new", "HTTP 200/304", "errors", "wall s",
            "CPU s", "CPU/wall", "peak RSS MB", "peak PSS MB", "largest MB", "entries/s",
            "feeds/s")  # fmt: skip
    print(f"\n{feeds:,} feeds x {entries} entries ({feeds * entries:,} entries, {text} text), "
          f"{os.cpu_count()} cores\n")  # fmt: skip
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" if i < 2 else "---:" for i in range(len(head))) + "|")
    for p in passes:
        cells = (
            p.tool, p.label, f"{p.entries:,}", f"{p.new:,}",
            f"{p.http['200']:,}/{p.http['304']:,}", f"{p.errors}", f"{p.wall:.2f}",
            f"{p.cpu:.2f}", f"{p.cpu / p.wall:.2f}", f"{p.rss_mb:.0f}", f"{p.pss_mb:.0f}",
            f"{p.largest_mb:.0f}", f"{p.new / p.wall:,.0f}" if p.new else "-",
            f"{feeds / p.wall:,.0f}",
        )  # fmt: skip
        print("| " + " | ".join(cells) + " |")
    for label in ("first", "second"):
        t = next(p for p in passes if p.tool == "Tributary" and p.label == label)
        r = next(p for p in passes if p.tool == "reader" and p.label == label)
        eps = ratio(t.new / t.wall, r.new / r.wall) if t.new and r.new else "-"
        cells = (
            "Tributary/reader", label, ratio(t.entries, r.entries), "", "", "",
            ratio(t.wall, r.wall), ratio(t.cpu, r.cpu), "", ratio(t.rss_mb, r.rss_mb),
            ratio(t.pss_mb, r.pss_mb), ratio(t.largest_mb, r.largest_mb), eps,
            ratio(r.wall, t.wall),
        )  # fmt: skip
        print("| " + " | ".join(cells) + " |")
    print()
    for p in passes:
        print(f"- {p.tool} {p.label}: exit {p.exit}, up to {p.procs} processes, load average "
              f"{p.load:.2f} at the end; {p.note}")  # fmt: skip


def tributary_origin() -> str:
    """Where the tributary package the console script imports lives, and its git state:
    PYTHONPATH may point at an export of another commit."""
    found = subprocess.run(
        [str(BIN / "python"), "-c", "import tributary; print(tributary.__file__)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    where = Path(found.stdout.strip()).parent
    git = ["git", "-C", str(where)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if head.returncode != 0:
        return f"{where} (not a git checkout)"
    dirty = subprocess.run([*git, "status", "--porcelain", "--", "."], capture_output=True,
                           text=True).stdout.splitlines()  # fmt: skip
    return f"{where} (git {head.stdout.strip()}, {len(dirty)} files changed or new under it)"


def bench(feeds: int, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    ready = multiprocessing.Event()
    server = multiprocessing.Process(
        target=serve_feeds,
        args=(feeds, args.entries, args.hosts, args.port, args.text, ready),
        daemon=True,
    )
    server.start()
    if not ready.wait(1800):
        sys.exit("the feed server did not start")
    print(f"{feeds:,} feeds served in {time.perf_counter() - started:.1f} s; tributary from "
          f"{tributary_origin()}; load average {os.getloadavg()[0]:.2f}", flush=True)  # fmt: skip
    urls = [feed_url(i, args.hosts, args.port) for i in range(feeds)]
    try:
        with tempfile.TemporaryDirectory(prefix="bench-peers-") as name:
            tmp = Path(name)
            passes = run_tributary(urls, args.port, tmp)
            print(f"  Tributary done ({time.perf_counter() - started:.0f} s)", flush=True)
            passes += run_reader(urls, args.port, tmp, args.reader_workers)
            print(f"  reader done ({time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        server.terminate()
        server.join()
    expected = feeds * args.entries
    print_table(feeds, args.entries, args.text, passes)
    for p in passes:
        if p.entries != expected or p.exit != 0:
            print(f"- WARNING: {p.tool} {p.label} pass stored {p.entries:,} of {expected:,} "
                  f"entries (exit {p.exit})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=25)
    parser.add_argument("--port", type=int, default=18941)
    parser.add_argument("--reader-workers", type=int, default=4)
    parser.add_argument("--text", choices=("news", "invented"), default="news",
                        help="what the posts say (see bench/wordpress_feeds.py)")  # fmt: skip
    args = parser.parse_args()
    try:
        import reader  # noqa: F401
    except ImportError:
        sys.exit("reader is not installed: .venv/bin/pip install -e '.[bench]'")
    for feeds in args.feeds:
        bench(feeds, args)


if __name__ == "__main__":
    main()
