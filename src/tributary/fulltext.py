"""The pipeline's full-text step: article pages for new entries that hold only an excerpt.

    fulltext_candidates     new entries worth a page (clean/fulltext.py decides)
    FullTextStep.run        fetch each page (async, the fetcher's pool and address policy)
                              -> extract (tributary.extract, in a thread: pure CPU)
                              -> clean again (strip rules, boilerplate, sanitizer last)
                              -> judge: the page's text replaces the excerpt only when it is
                                 longer and (in "auto") the same article

Every page fetch leaves one line for the source's fetch log, kept or not:

    fulltext full: URL: 1,240 words extracted (excerpt 85)
    fulltext excerpt kept: URL: HTTP 404 Not Found

A failed page, or a bug while handling one, keeps that entry as the feed gave it and never
fails the feed. The entry keeps the key and content hash of the feed's entry (see
``clean.entry.with_full_text``): the next poll, which sees only the feed, finds it unchanged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tributary.clean import canonical_url
from tributary.clean.entry import FullText, with_full_text
from tributary.clean.fulltext import judge, same_site, wants_page
from tributary.clean.strip import StripRule
from tributary.errors import TributaryError
from tributary.extract import extract_article
from tributary.fetch import Fetcher
from tributary.types import CleanEntry, EntryData, FetchResponse, FulltextMode

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A new entry whose article page may replace its body."""

    entry: CleanEntry  # as cleaned from the feed
    raw: EntryData  # as the feed gave it
    mode: FulltextMode


@dataclass(frozen=True, slots=True)
class _Done:
    entry: CleanEntry | None  # the entry with the page's text, None when the feed's stays
    warning: str


def fulltext_candidates(
    new: Sequence[tuple[CleanEntry, EntryData]], mode: FulltextMode
) -> list[Candidate]:
    return [Candidate(clean, raw, mode) for clean, raw in new if wants_page(clean, mode)]


class FullTextStep:
    """Pages for one feed's candidates, at most ``limit`` at once (the per-host limit: a
    feed's articles are mostly on one host, and a request queued longer than that in the
    pool would spend its time-out waiting), all within ``budget`` seconds: a site that
    answers every page slowly must not hold its feed past the worker's lease."""

    def __init__(
        self, fetcher: Fetcher, limit: int, strip: Sequence[StripRule], budget: float
    ) -> None:
        self._fetcher = fetcher
        self._limit = max(limit, 1)
        self._strip = tuple(strip)
        self._budget = budget

    async def run(
        self, candidates: Sequence[Candidate], *, source_name: str, now: datetime
    ) -> tuple[dict[str, CleanEntry], list[str]]:
        """The entries whose body was replaced, by key, and one fetch-log line per page."""
        gate = asyncio.Semaphore(self._limit)
        tasks = [
            asyncio.create_task(self._one(candidate, gate, source_name, now))
            for candidate in candidates
        ]
        _, pending = await asyncio.wait(tasks, timeout=self._budget)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        done: list[_Done] = []
        for candidate, task in zip(candidates, tasks, strict=True):
            if task in pending:
                reason = f"the feed's time for article pages ({self._budget:g}s) ran out"
                done.append(_kept(candidate, candidate.entry.url or "", reason))
            else:
                done.append(task.result())
        replaced = {d.entry.key: d.entry for d in done if d.entry is not None}
        return replaced, [d.warning for d in done]

    async def _one(
        self, candidate: Candidate, gate: asyncio.Semaphore, source_name: str, now: datetime
    ) -> _Done:
        url = candidate.entry.url or ""
        try:
            async with gate:
                response = await self._fetcher.fetch_page(url)
            return await asyncio.to_thread(self._extract, candidate, response, source_name, now)
        except TributaryError as exc:
            return _kept(candidate, url, str(exc))
        except Exception as exc:  # a bug with one page must not lose the feed
            log.error("full text for %s failed", url, exc_info=exc)
            return _kept(candidate, url, f"internal error: {type(exc).__name__}: {exc}")

    def _extract(
        self, candidate: Candidate, response: FetchResponse, source_name: str, now: datetime
    ) -> _Done:
        """Extraction and cleaning: pure CPU, run in a thread off the event loop."""
        entry = candidate.entry
        url = entry.url or response.url
        article = extract_article(response.body, response.url, content_type=response.content_type)
        if article is None:
            return _kept(candidate, url, "no article text found on the page")
        canonical = canonical_url(article.canonical_url)
        page = FullText(
            html=article.html,
            page_url=response.url,
            url=canonical if same_site(canonical, entry.url) else None,
            author=article.author,
        )
        full = with_full_text(
            entry, candidate.raw, page, source_name=source_name, now=now, strip=self._strip
        )
        verdict = judge(entry, full.content_text, candidate.mode)
        if not verdict.accept:
            return _kept(candidate, url, verdict.reason)
        return _Done(full, f"fulltext full: {url}: {verdict.reason}")


def _kept(candidate: Candidate, url: str, reason: str) -> _Done:
    reason = " ".join(reason.split())
    return _Done(None, f"fulltext {candidate.entry.content_kind} kept: {url}: {reason}")
