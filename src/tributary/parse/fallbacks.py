"""The fast path's "decline" signal and the count of how often parse_feed falls back.

The fast parser answers only when it is sure to give the feedparser adapter's result; anywhere
it is not, it raises ``FastPathDeclined`` with a short reason, and ``parse_feed`` hands the body
to the adapter instead. ``FALLBACKS`` counts both outcomes for the process.
"""

from __future__ import annotations

import threading
from collections import Counter


class FastPathDeclined(Exception):
    """The fast parser cannot promise feedparser's answer for this body.

    ``reason`` is a short category ("doctype", "encoding", "xml", "format", "element",
    "date", ...) for counting; ``detail`` says what exactly, for logs and tests.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class FallbackCounter:
    """How often parse_feed used the fast parser and how often it fell back, and why.

    One instance, ``FALLBACKS``, counts for the process; ``snapshot()`` reads it (for a
    benchmark, a log line or a status page), ``reset()`` starts over.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fast = 0
        self._reasons: Counter[str] = Counter()

    def record_fast(self) -> None:
        with self._lock:
            self._fast += 1

    def record_fallback(self, reason: str) -> None:
        with self._lock:
            self._reasons[reason] += 1

    @property
    def fast(self) -> int:
        return self._fast

    @property
    def fallbacks(self) -> int:
        with self._lock:
            return sum(self._reasons.values())

    def snapshot(self) -> dict[str, int]:
        """Fallbacks by reason."""
        with self._lock:
            return dict(self._reasons)

    def reset(self) -> None:
        with self._lock:
            self._fast = 0
            self._reasons.clear()


FALLBACKS = FallbackCounter()
