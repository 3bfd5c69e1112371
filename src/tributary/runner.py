"""Long-running jobs: the scheduler loop that ``run``, ``worker`` and ``demo`` share.

Each loop claims the sources that are due (a lease in storage, so many ``worker`` processes
on one PostgreSQL never poll the same source at once), runs them through the pipeline and
looks again every ``tick`` seconds while nothing is due.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable

from tributary.pipeline import Pipeline, SourceResult

log = logging.getLogger(__name__)

TICK_SECONDS = 5.0


def worker_id() -> str:
    """A name unique to this process, stored as the owner of the sources it leases."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lease_seconds(pipeline: Pipeline) -> float:
    """Long enough for the slowest fetch with all its retries, plus processing."""
    fetch = pipeline.config.fetch
    return fetch.timeout * (fetch.retries + 1) + 8 * (fetch.retries + 1) + 300


async def run_scheduler(
    pipeline: Pipeline,
    stop: asyncio.Event,
    *,
    owner: str | None = None,
    batch: int | None = None,
    tick: float = TICK_SECONDS,
    on_result: Callable[[SourceResult], None] | None = None,
) -> None:
    """Poll every source when it is due until ``stop`` is set."""
    owner = owner or worker_id()
    # Claim about what the connection pool can work through at once, so that other workers
    # on the same database share the due sources instead of one claiming them all.
    batch = batch or pipeline.config.fetch.concurrency * 2
    storage = pipeline.storage
    lease = lease_seconds(pipeline)
    try:
        while not stop.is_set():
            due = await asyncio.to_thread(
                storage.claim_due_sources, pipeline.clock(), owner, lease, batch
            )
            if due:
                await pipeline.update(due, on_result)
                continue
            await _wait(stop, tick)
    finally:
        await asyncio.to_thread(storage.release_sources, owner)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
