"""Runs the steps in order for a batch of sources; per-source failures become values.

    fetch (async, many at once) -> parse + clean (worker processes) -> exact dedupe
    (unchanged entries stop here) -> full text (new entries only: page fetch async,
    extraction in a thread) -> categorize -> store (one transaction per feed, or per group
    of feeds ready together)

Fetching runs on the event loop; parsing and cleaning, pure CPU, run in a pool of worker
processes so every core works (digest.py; with ``[pipeline] processes`` 0 or 1 the writer
thread does them); deduplicating and storing run on one writer thread, the only thread that
touches storage during an update (one writer, as SQLite wants), storing the feeds that are
ready together in one transaction (``_store_grouped``); extraction runs in threads.
A failure of one source -- a dead server, a broken feed, even a bug in a step -- is recorded
on that source and never stops the others; a failed article page only keeps its entry's
excerpt (fulltext.py).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from itertools import chain, zip_longest

from tributary import schedule
from tributary.categorize import Document, file_document, fingerprint
from tributary.clean.strip import StripRule
from tributary.config import Config
from tributary.digest import DigestedFeed, Digester, digest_feed, host
from tributary.errors import FetchError, HTTPStatusError, TributaryError
from tributary.fetch import Fetcher
from tributary.fulltext import Candidate, FullTextStep, fulltext_candidates
from tributary.signals import EntrySignals
from tributary.storage import CategorySpec, FeedWrite, SourceSpec, Storage
from tributary.types import (
    CleanEntry,
    EntryData,
    FeedData,
    FetchOutcome,
    FetchResponse,
    FiledEntry,
    Post,
    Source,
    StoreCounts,
)

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
# A feed's article pages take at most this many request time-outs altogether, well within
# a worker's lease (runner.lease_seconds) for the feed.
FULLTEXT_BUDGET = 4
# The most feeds stored in one transaction: those waiting while the writer stored the last.
STORE_GROUP = 16
# The most fetched feeds between their fetch and their commit: twice a group keeps the writer
# busy; more would only hold parsed feeds (about 1 MB each for 50 posts) in memory while the
# writer works through them, and fetching goes on regardless.
BACKLOG = 2 * STORE_GROUP


def _nothing() -> None:
    """A writer job that marks a point in its queue."""


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class SourceResult:
    """What one poll of one source did."""

    source: Source
    outcome: FetchOutcome
    counts: StoreCounts

    @property
    def ok(self) -> bool:
        return self.outcome.error is None

    @property
    def not_modified(self) -> bool:
        return self.outcome.status == 304


@dataclass(slots=True)
class _Batch:
    """A parsed feed between cleaning and storing: its new and changed entries, and the new
    ones whose article pages may be fetched."""

    source: Source
    name: str
    now: datetime
    outcome: FetchOutcome
    entries: list[CleanEntry]
    candidates: list[Candidate]
    signals: dict[str, tuple[CleanEntry, EntrySignals]] = field(default_factory=dict)


@dataclass(slots=True)
class UpdateResult:
    results: list[SourceResult] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def failed(self) -> list[SourceResult]:
        return [r for r in self.results if not r.ok]

    def total(self, name: str) -> int:
        return sum(int(getattr(r.counts, name)) for r in self.results)


class Pipeline:
    """Fetches and processes sources for one configuration and one storage."""

    def __init__(
        self,
        config: Config,
        storage: Storage,
        *,
        clock: Clock = utcnow,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config
        self.storage = storage
        self.clock = clock
        self.rng = rng or random.Random()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tributary-store")
        # Batches waiting for the writer, stored STORE_GROUP at a time (_store_waiting).
        self._waiting: list[tuple[_Batch, asyncio.Future[SourceResult]]] = []
        self._storing: asyncio.Task[None] | None = None
        self._digester = Digester(config.pipeline.processes)
        # Strip rules are configuration, not stored state: looked up by the configured URL.
        self._strip: dict[str, tuple[StripRule, ...]] = {s.url: s.strip for s in config.sources}

    def close(self) -> None:
        self._writer.shutdown(wait=True)
        self._digester.close()

    # -- configuration -> storage ----------------------------------------------------------
    def prepare(self) -> int:
        """Sync sources and categories; re-file every post when the categories changed.

        Returns the number of posts filed again (0 when the categories were unchanged)."""
        self.sync_sources()
        categories = [CategorySpec(c.slug, c.name) for c in self.config.categories]
        if not self.storage.sync_categories(categories, fingerprint(self.config.categories)):
            return 0
        return self.refile()

    def sync_sources(self) -> None:
        specs = [SourceSpec(s.url, s.name, s.fulltext, s.interval, s.tags)
                 for s in self.config.sources]  # fmt: skip
        self.storage.sync_sources(specs, self.clock())

    def refile(self) -> int:
        sources = {s.id: s for s in self.storage.list_sources()}
        count = 0
        for batch in self.storage.iter_posts():
            filing = {p.id: self._file_post(p, sources.get(p.source_id)) for p in batch}
            self.storage.set_categories(filing)
            count += len(batch)
        return count

    def _file_post(self, post: Post, source: Source | None) -> tuple[str, ...]:
        tags = source.tags if source else ()
        return self._file(post, post.source.name, tags)

    def _file(
        self, item: Post | CleanEntry, source_name: str, source_tags: tuple[str, ...]
    ) -> tuple[str, ...]:
        """The slugs of the categories ``item`` belongs in (a stored post or a new entry)."""
        doc = Document(
            title=item.title,
            text=item.content_text,
            author=item.author or "",
            source=source_name,
            tags=item.tags,
            source_tags=source_tags,
            published=item.published,
        )
        return file_document(self.config.categories, doc)

    # -- one pass over sources -------------------------------------------------------------
    async def update(
        self,
        sources: Sequence[Source],
        on_result: Callable[[SourceResult], None] | None = None,
    ) -> UpdateResult:
        """Fetch and process ``sources`` once; never raises for a source's failure."""
        started = time.perf_counter()
        result = UpdateResult()
        backlog = asyncio.Semaphore(BACKLOG)
        queue: asyncio.Queue[Source] = asyncio.Queue()
        for source in interleave_hosts(sources):
            queue.put_nowait(source)
        async with Fetcher(self.config.fetch) as fetcher:

            async def worker() -> None:
                while not queue.empty():
                    source = queue.get_nowait()
                    done = await self._poll(fetcher, source, backlog)
                    result.results.append(done)
                    if on_result is not None:
                        on_result(done)

            workers = min(self.config.fetch.concurrency, max(len(sources), 1))
            await asyncio.gather(*(worker() for _ in range(workers)))
        result.elapsed = time.perf_counter() - started
        return result

    async def _poll(
        self, fetcher: Fetcher, source: Source, backlog: asyncio.Semaphore
    ) -> SourceResult:
        started = time.perf_counter()
        fetched: FetchResponse | TributaryError
        try:
            fetched = await fetcher.fetch_feed(
                source.feed_url, etag=source.etag, last_modified=source.last_modified
            )
        except TributaryError as exc:
            fetched = exc
        except Exception as exc:  # a bug in the fetcher must not stop the other sources
            log.exception("fetching %s failed", source.feed_url)
            fetched = TributaryError(f"internal error while fetching: {type(exc).__name__}: {exc}")
        duration_ms = int((time.perf_counter() - started) * 1000)
        now = self.clock()
        async with backlog:
            return await self._process_fetched(fetcher, source, fetched, now, duration_ms)

    async def _process_fetched(
        self,
        fetcher: Fetcher,
        source: Source,
        fetched: FetchResponse | TributaryError,
        now: datetime,
        duration_ms: int,
    ) -> SourceResult:
        """Parse, deduplicate, complete and store one fetched feed (at most BACKLOG at once)."""
        digested = await self._digest(source, fetched, now)
        loop = asyncio.get_running_loop()
        step = await loop.run_in_executor(
            self._writer, self._process_safely, source, fetched, digested, now, duration_ms
        )
        if isinstance(step, SourceResult):
            return step
        await self._fulltext(fetcher, step)
        return await self._store_grouped(step)

    async def _store_grouped(self, batch: _Batch) -> SourceResult:
        """Store ``batch`` with the others waiting for the writer: while it stores one group,
        the next gathers, and each group is one transaction (one commit, one flush of the
        search index), which costs a quarter less writer time per feed than one each."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[SourceResult] = loop.create_future()
        self._waiting.append((batch, done))
        if self._storing is None:
            self._storing = loop.create_task(self._store_waiting())
        return await done

    async def _store_waiting(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._waiting:
                # Let the writer first run the steps queued before this point (one feed's
                # dedupe by key each): the feeds they finish join this group.
                await loop.run_in_executor(self._writer, _nothing)
                group, self._waiting = self._waiting[:STORE_GROUP], self._waiting[STORE_GROUP:]
                batches = [batch for batch, _ in group]
                try:
                    results = await loop.run_in_executor(self._writer, self._store_group, batches)
                except BaseException as exc:  # cancelled, or a bug: no poll may wait forever
                    for _, done in group:
                        if not done.done():
                            done.set_exception(exc)
                    raise
                for (_, done), result in zip(group, results, strict=True):
                    if not done.done():  # its poll may have been cancelled meanwhile
                        done.set_result(result)
        finally:
            self._storing = None

    async def _fulltext(self, fetcher: Fetcher, batch: _Batch) -> None:
        """Article pages for the batch's candidates (fulltext.py); never raises: the feed's
        entries are stored as the feed gave them when something goes wrong here."""
        if not batch.candidates:
            return
        fetch = self.config.fetch
        strip = self._strip.get(batch.source.url, ())
        step = FullTextStep(fetcher, fetch.per_host, strip, budget=FULLTEXT_BUDGET * fetch.timeout)
        try:
            replaced, warnings = await step.run(
                batch.candidates, source_name=batch.name, now=batch.now
            )
        except Exception as exc:  # a bug in the step must not lose the feed's entries
            log.error("full text for %s failed", batch.source.url, exc_info=exc)
            replaced, warnings = {}, [f"fulltext skipped: internal error: {type(exc).__name__}"]
        batch.entries = [replaced.get(entry.key, entry) for entry in batch.entries]
        batch.outcome = replace(batch.outcome, warnings=(*batch.outcome.warnings, *warnings))

    async def _digest(
        self, source: Source, fetched: FetchResponse | TributaryError, now: datetime
    ) -> DigestedFeed | Exception | None:
        """The feed parsed and cleaned in a worker process, or the error that stopped it;
        None when there is no body to parse or the writer parses it itself."""
        if self._digester.in_process or isinstance(fetched, TributaryError):
            return None
        if fetched.status == 304:
            return None
        try:
            return await self._digester.run(self._digest_call(source, fetched, now))
        except Exception as exc:  # recorded on the source by the writer, like its own errors
            return exc

    def _digest_call(
        self, source: Source, response: FetchResponse, now: datetime
    ) -> partial[DigestedFeed]:
        return partial(digest_feed, response.body, url=response.url,
                       content_type=response.content_type, now=now, source_name=source.name,
                       source_url=source.url, strip=self._strip.get(source.url, ()))  # fmt: skip

    # -- processing (writer thread) ---------------------------------------------------------
    def _process_safely(
        self,
        source: Source,
        fetched: FetchResponse | TributaryError,
        digested: DigestedFeed | Exception | None,
        now: datetime,
        duration_ms: int,
    ) -> SourceResult | _Batch:
        try:
            if isinstance(fetched, TributaryError):
                raise fetched
            if isinstance(digested, Exception):
                raise digested
            return self._process(source, fetched, digested, now, duration_ms)
        except Exception as exc:
            return self._failed(source, exc, now, duration_ms)

    def _store_group(self, batches: Sequence[_Batch]) -> list[SourceResult]:
        """The batches filed, then stored in one transaction; if that fails, each in its
        own, so that one feed's failure is that feed's alone."""
        results: dict[int, SourceResult] = {}
        writes: list[tuple[int, FeedWrite]] = []
        for n, batch in enumerate(batches):
            try:
                writes.append((n, FeedWrite(batch.outcome, self._filed(batch), batch.now)))
            except Exception as exc:
                results[n] = self._failed(batch.source, exc, batch.now, batch.outcome.duration_ms)
        try:
            counts = self.storage.save_feeds([write for _, write in writes]) if writes else []
        except Exception:
            results.update((n, self._store_safely(batches[n])) for n, _ in writes)
        else:
            for (n, write), count in zip(writes, counts, strict=True):
                results[n] = SourceResult(batches[n].source, write.outcome, count)
        return [results[n] for n in range(len(batches))]

    def _store_safely(self, batch: _Batch) -> SourceResult:
        try:
            return self._store(batch)
        except Exception as exc:
            return self._failed(batch.source, exc, batch.now, batch.outcome.duration_ms)

    def _failed(
        self, source: Source, exc: Exception, now: datetime, duration_ms: int
    ) -> SourceResult:
        if isinstance(exc, TributaryError):
            return self._record_failure(source, exc, now, duration_ms)
        # a bug in one step must not stop the other sources
        log.error("processing %s failed", source.url, exc_info=exc)
        error = RuntimeError(f"internal error while processing: {type(exc).__name__}: {exc}")
        return self._record_failure(source, error, now, duration_ms)

    def _store(self, batch: _Batch) -> SourceResult:
        counts = self.storage.save_feed(batch.outcome, self._filed(batch), batch.now)
        return SourceResult(batch.source, batch.outcome, counts)

    def _filed(self, batch: _Batch) -> list[FiledEntry]:
        source, name = batch.source, batch.name
        return [FiledEntry(e, self._file(e, name, source.tags), _signals_of(e, batch.signals))
                for e in batch.entries]  # fmt: skip

    def _process(
        self,
        source: Source,
        response: FetchResponse,
        digested: DigestedFeed | None,
        now: datetime,
        duration_ms: int,
    ) -> SourceResult | _Batch:
        hints = schedule.Hints(max_age=response.max_age, retry_after=response.retry_after)
        feed_url = response.discovered_url or response.permanent_url
        if response.status == 304:
            published = self.storage.recent_published(source.id, schedule.RHYTHM_ENTRIES)
            decision = schedule.after_success(
                now, interval=source.interval, published=published, hints=hints, rng=self.rng
            )
            outcome = self._outcome(source, now, decision, response, duration_ms, feed_url)
            return SourceResult(source, outcome, self.storage.save_feed(outcome, [], now))
        digested = digested or self._digest_call(source, response, now)()
        feed, name = digested.feed, digested.name
        entries, new = self._changed_entries(source, digested)
        hints = schedule.Hints(feed.ttl_seconds, response.max_age, response.retry_after)
        decision = schedule.after_success(
            now,
            interval=source.interval,
            published=[e.published for e in feed.entries if e.published] or [now],
            hints=hints,
            rng=self.rng,
        )
        outcome = self._outcome(source, now, decision, response, duration_ms, feed_url, feed)
        candidates = fulltext_candidates(new, source.fulltext)
        signals = {
            clean.key: (clean, found)
            for (clean, _), found in zip(digested.cleaned, digested.signals, strict=False)
        }
        return _Batch(source, name, now, outcome, entries, candidates, signals)

    def _changed_entries(
        self, source: Source, digested: DigestedFeed
    ) -> tuple[list[CleanEntry], list[tuple[CleanEntry, EntryData]]]:
        """Keep the new and changed cleaned entries (exact dedupe by identity key).

        Returns them all, and the new ones beside the feed's entry (full text may replace
        their body). A changed entry keeps the full text stored for it (``_keep_full``).
        """
        known = self.storage.known_entries(source.id, [c.key for c, _ in digested.cleaned])
        changed, new = [], []
        for clean, entry in digested.cleaned:
            key = clean.key
            if key not in known:
                new.append((clean, entry))
                changed.append(clean)
            elif known[key].content_hash not in (None, clean.content_hash):
                changed.append(self._keep_full(clean, known[key].post_id))
        return changed, new

    def _keep_full(self, clean: CleanEntry, post_id: str | None) -> CleanEntry:
        """A changed entry whose feed still holds an excerpt keeps the full text stored for
        it: only new entries cost a page fetch, and an edited title must not lose a body."""
        if clean.content_kind != "excerpt" or post_id is None:
            return clean
        stored = self.storage.get_post(post_id)
        if stored is None or stored.content_kind != "full":
            return clean
        return replace(
            clean,
            url=stored.url,
            content_html=stored.content_html,
            content_text=stored.content_text,
            content_kind="full",
        )

    def _outcome(
        self,
        source: Source,
        now: datetime,
        decision: schedule.Decision,
        response: FetchResponse,
        duration_ms: int,
        feed_url: str | None,
        feed: FeedData | None = None,
    ) -> FetchOutcome:
        return FetchOutcome(
            source_id=source.id,
            fetched_at=now,
            next_check=decision.next_check,
            status=response.status,
            error=None,
            error_count=0,
            paused=decision.paused,
            duration_ms=duration_ms,
            etag=response.etag,
            last_modified=response.last_modified,
            feed_url=feed_url,
            feed_title=feed.title if feed else None,
            site_url=feed.site_url if feed else None,
            warnings=feed.warnings if feed else (),
        )

    def _record_failure(
        self, source: Source, exc: Exception, now: datetime, duration_ms: int
    ) -> SourceResult:
        status = exc.status if isinstance(exc, FetchError) else None
        retry_after = exc.retry_after if isinstance(exc, HTTPStatusError) else None
        error_count = source.error_count + 1
        decision = schedule.after_failure(
            now,
            interval=source.interval,
            error_count=error_count,
            status=status,
            retry_after=retry_after,
            rng=self.rng,
        )
        outcome = FetchOutcome(
            source_id=source.id,
            fetched_at=now,
            next_check=decision.next_check,
            status=status,
            error=one_line(str(exc)) or type(exc).__name__,
            error_count=error_count,
            paused=decision.paused,
            duration_ms=duration_ms,
        )
        return SourceResult(source, outcome, self.storage.save_feed(outcome, [], now))


def _signals_of(
    entry: CleanEntry, signals: dict[str, tuple[CleanEntry, EntrySignals]]
) -> EntrySignals | None:
    """The signals digested for this very entry; None when full text (or a kept stored body)
    replaced it since, so storage computes them from what is stored."""
    found = signals.get(entry.key)
    return found[1] if found is not None and found[0] is entry else None


def one_line(text: str) -> str:
    return " ".join(text.split())


def interleave_hosts(sources: Sequence[Source]) -> list[Source]:
    """Order sources so consecutive ones are on different hosts: per-host limits then never
    hold every worker waiting on one host while others sit idle."""
    by_host: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        by_host[host(source.feed_url)].append(source)
    rounds = zip_longest(*by_host.values())
    return [s for s in chain.from_iterable(rounds) if s is not None]
