"""When to poll a source next: a pure decider (it takes ``now`` and a random source).

success -> interval = configured interval, else adaptive from the feed's own rhythm
           (half the median gap between its recent entries), bounded to
           [MIN_INTERVAL, MAX_INTERVAL]; the server's hints (RSS <ttl>, Cache-Control
           max-age, Retry-After) are lower bounds; +-10 % jitter spreads the load.
failure -> exponential backoff from the usual interval (doubling from the first
           failure), capped at MAX_BACKOFF, with
           Retry-After as a lower bound; paused only after PAUSE_AFTER consecutive
           failures (feeds come back from what looks like death), or at once on 410 Gone.
"""

from __future__ import annotations

import itertools
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

MIN_INTERVAL = 10 * 60
DEFAULT_INTERVAL = 60 * 60
MAX_INTERVAL = 24 * 60 * 60
MAX_BACKOFF = 24 * 60 * 60
MIN_BACKOFF = 5 * 60
PAUSE_AFTER = 30
JITTER = 0.10
RHYTHM_WINDOW = timedelta(days=30)
RHYTHM_ENTRIES = 20


@dataclass(frozen=True, slots=True)
class Hints:
    """What the server said about polling, in seconds."""

    ttl: int | None = None
    max_age: int | None = None
    retry_after: float | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    next_check: datetime
    paused: bool = False


def usual_interval(now: datetime, interval: int | None, published: Sequence[datetime]) -> float:
    """The configured interval, else half the median gap between recent entries, bounded."""
    if interval is not None:
        return float(interval)
    recent = sorted((p for p in published if now - RHYTHM_WINDOW <= p <= now), reverse=True)
    recent = recent[:RHYTHM_ENTRIES]
    if len(recent) < 2:
        return float(DEFAULT_INTERVAL if recent else MAX_INTERVAL // 2)
    gaps = [(a - b).total_seconds() for a, b in itertools.pairwise(recent)]
    return _bounded(statistics.median(gaps) / 2)


def after_success(
    now: datetime,
    *,
    interval: int | None,
    published: Sequence[datetime],
    hints: Hints,
    rng: random.Random,
) -> Decision:
    seconds = usual_interval(now, interval, published)
    for hint in (hints.ttl, hints.max_age):
        if hint is not None:
            seconds = max(seconds, min(float(hint), MAX_INTERVAL))
    seconds = _jitter(seconds, rng)
    if hints.retry_after is not None:
        seconds = max(seconds, hints.retry_after)
    return Decision(now + timedelta(seconds=seconds))


def after_failure(
    now: datetime,
    *,
    interval: int | None,
    error_count: int,
    status: int | None,
    retry_after: float | None,
    rng: random.Random,
) -> Decision:
    """``error_count`` counts this failure too (1 on the first one)."""
    if status == 410:
        return Decision(now + timedelta(seconds=MAX_BACKOFF), paused=True)
    usual = float(interval) if interval is not None else float(DEFAULT_INTERVAL)
    backoff = min(max(usual, MIN_BACKOFF) * 2 ** min(error_count - 1, 16), MAX_BACKOFF)
    seconds = _jitter(backoff, rng)
    if retry_after is not None:
        seconds = max(seconds, retry_after)
    return Decision(now + timedelta(seconds=seconds), paused=error_count >= PAUSE_AFTER)


def _bounded(seconds: float) -> float:
    return min(max(seconds, MIN_INTERVAL), MAX_INTERVAL)


def _jitter(seconds: float, rng: random.Random) -> float:
    return seconds * (1 + rng.uniform(-JITTER, JITTER))
