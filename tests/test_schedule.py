"""The polling decider: adaptive intervals, server hints, backoff and pausing."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from tributary import schedule
from tributary.schedule import Hints, after_failure, after_success, usual_interval

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)


def every(hours: float, count: int) -> list[datetime]:
    return [NOW - timedelta(hours=hours * i) for i in range(count)]


def seconds_until(when: datetime) -> float:
    return (when - NOW).total_seconds()


@pytest.mark.parametrize(
    ("name", "interval", "published", "expected"),
    [
        ("configured-interval-wins", 1800, every(0.1, 10), 1800),
        ("busy-feed-floor", None, every(0.05, 10), schedule.MIN_INTERVAL),
        ("hourly-feed-polls-half-hourly", None, every(1, 10), 1800),
        ("daily-feed", None, every(24, 10), 12 * 3600),
        ("weekly-feed-ceiling", None, every(24 * 5, 6), schedule.MAX_INTERVAL),
        ("single-entry-default", None, every(1, 1), schedule.DEFAULT_INTERVAL),
        ("silent-feed", None, [NOW - timedelta(days=90)], schedule.MAX_INTERVAL // 2),
    ],
)
def test_usual_interval(
    name: str, interval: int | None, published: list[datetime], expected: float
) -> None:
    assert usual_interval(NOW, interval, published) == pytest.approx(expected)


def test_jitter_stays_within_ten_percent() -> None:
    rng = random.Random(7)
    waits = [
        seconds_until(
            after_success(NOW, interval=3600, published=[], hints=Hints(), rng=rng).next_check
        )
        for _ in range(200)
    ]
    assert min(waits) >= 3240
    assert max(waits) <= 3960
    assert max(waits) - min(waits) > 300  # it really spreads


@pytest.mark.parametrize(
    ("hints", "at_least"),
    [
        (Hints(ttl=180 * 60), 180 * 60 * 0.9),
        (Hints(max_age=7200), 7200 * 0.9),
        (Hints(retry_after=5 * 3600), 5 * 3600),
        (Hints(ttl=10 * 24 * 3600), schedule.MAX_INTERVAL * 0.9),  # a huge ttl is capped
    ],
)
def test_server_hints_are_lower_bounds(hints: Hints, at_least: float) -> None:
    decision = after_success(NOW, interval=600, published=[], hints=hints, rng=random.Random(1))
    assert seconds_until(decision.next_check) >= at_least
    assert seconds_until(decision.next_check) <= max(at_least / 0.9 * 1.1, hints.retry_after or 0)


def test_failures_back_off_exponentially_up_to_a_cap_then_pause() -> None:
    rng = random.Random(3)
    waits = []
    for count in range(1, schedule.PAUSE_AFTER + 1):
        decision = after_failure(
            NOW, interval=None, error_count=count, status=500, retry_after=None, rng=rng
        )
        waits.append(seconds_until(decision.next_check))
        assert decision.paused is (count >= schedule.PAUSE_AFTER)
    assert waits[1] > waits[0] * 1.5
    assert waits[2] > waits[1] * 1.5
    assert max(waits) <= schedule.MAX_BACKOFF * 1.1


def test_gone_pauses_at_once() -> None:
    decision = after_failure(
        NOW, interval=None, error_count=1, status=410, retry_after=None, rng=random.Random()
    )
    assert decision.paused


def test_retry_after_delays_a_failed_source() -> None:
    decision = after_failure(
        NOW, interval=60, error_count=1, status=429, retry_after=6 * 3600, rng=random.Random()
    )
    assert seconds_until(decision.next_check) >= 6 * 3600
    assert not decision.paused
