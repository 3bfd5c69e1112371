"""Parsing and cleaning one fetched feed, the pipeline's CPU work, in worker processes.

    Pipeline (event loop: fetch) -> Digester.digest -> digest_feed in a worker process
                                                      (or in the calling thread with 0 or 1
                                                      processes) -> Pipeline (writer: store)

``digest_feed`` is pure: bytes and the source's name and strip rules in, a picklable
``DigestedFeed`` out; storage (which entries are known, saving) stays on the pipeline's one
writer thread. Workers come from a 'forkserver' with Tributary preloaded: forking the
updating process itself, which runs threads (the writer, extraction), can copy a lock some
thread held and deadlock the child; a fresh server process holds none, and the preload
keeps each worker's start cheap. A worker exits when the updating process dies, even by
SIGKILL: it holds its own task queue open, so it would otherwise wait on it forever.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from urllib.parse import urlsplit

from tributary.clean import clean_entry
from tributary.clean.strip import StripRule
from tributary.parse import parse_feed
from tributary.signals import EntrySignals, entry_signals
from tributary.types import CleanEntry, EntryData, FeedData

log = logging.getLogger(__name__)
T = TypeVar("T")

# Imported by the fork server once, so every worker starts with it loaded (preload.py).
PRELOAD = ["tributary.preload"]


@dataclass(frozen=True, slots=True)
class DigestedFeed:
    """A parsed feed, the name its posts carry, and each distinct entry cleaned beside the
    feed's own entry (an entry listed twice keeps its first)."""

    feed: FeedData
    name: str
    cleaned: tuple[tuple[CleanEntry, EntryData], ...]
    signals: tuple[EntrySignals, ...] = ()  # one per cleaned entry, in order


def digest_feed(
    body: bytes,
    *,
    url: str,
    content_type: str | None,
    now: datetime,
    source_name: str,
    source_url: str,
    strip: tuple[StripRule, ...],
) -> DigestedFeed:
    """Parse ``body`` and clean every entry; raises ParseError when it is not a feed."""
    feed = parse_feed(body, url=url, content_type=content_type, now=now)
    # A source named after its host only (no configured name) takes the feed's own title.
    name = source_name if source_name != host(source_url) else (feed.title or source_name)
    cleaned: dict[str, tuple[CleanEntry, EntryData]] = {}
    for entry in feed.entries:
        clean = clean_entry(entry, source_name=name, now=now, strip=strip)
        cleaned.setdefault(clean.key, (clean, entry))
    done = tuple(cleaned.values())
    return DigestedFeed(feed, name, done, tuple(entry_signals(clean) for clean, _ in done))


def host(url: str) -> str:
    return urlsplit(url).hostname or url


class Digester:
    """Runs ``digest_feed`` in ``processes`` worker processes, or in the calling thread when
    ``processes`` is 0 or 1. A pool whose worker died (BrokenProcessPool) fails the feeds in
    flight and is replaced for the next ones."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._closed = False

    @property
    def in_process(self) -> bool:
        return self.processes <= 1

    def executor(self) -> Executor:
        """The pool, started on first use: a Pipeline that never parses starts no process."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the digester is closed")
            if self._pool is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(PRELOAD)
                self._pool = ProcessPoolExecutor(
                    self.processes, mp_context=context, initializer=exit_with_parent
                )
            return self._pool

    async def run(self, call: Callable[[], T]) -> T:
        """``call`` (``digest_feed`` with its arguments; picklable) in a worker process."""
        pool = self.executor()
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, call)
        except BrokenProcessPool:
            self.broken(pool)
            raise

    def broken(self, pool: Executor) -> None:
        """Forget ``pool`` after BrokenProcessPool, so the next feed starts a new one."""
        with self._lock:
            if self._pool is pool:
                log.error("a parsing process died; starting new ones")
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool, self._closed = self._pool, None, True
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def exit_with_parent() -> None:
    """In a worker: exit as soon as the process that started the pool is gone."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_after, args=(parent,), daemon=True).start()


def _exit_after(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent's end of the pipe to this worker closes
    os._exit(1)
