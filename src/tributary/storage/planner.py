"""Planner statistics kept fresh while PostgreSQL fills fast.

PostgreSQL plans queries from the statistics ANALYZE gathers, which autovacuum runs as tables
grow. On a database filling fast (a first update of thousands of feeds) it lags, and where
autovacuum is off it never comes: the planner then takes post_bands for a near-empty table and
looks up a feed's 800 LSH bands with a sequential scan of it (seen: 0.1-0.4 s a feed at
260,000 rows, against about a millisecond through the primary key). So each storage counts
the posts it inserted and runs ANALYZE on the tables that grow with them whenever that count
passes a quarter of the posts there were at the last ANALYZE (at least ``MIN_GROWTH``); it
costs a fraction of a second, a few times in a database's life. SQLite needs none of this:
without statistics its planner takes the index.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

MIN_GROWTH = 5_000  # posts inserted before the first ANALYZE
GROWTH = 0.25  # then after this share of the posts there were at the last one
TABLES = "posts, post_bands, post_categories, stories"


class Statistics:
    """Counts the posts one storage inserted; ``count`` says when ``analyze`` is due."""

    def __init__(self) -> None:
        self._inserted = 0
        self._threshold = MIN_GROWTH

    def count(self, inserted: int) -> bool:
        """Add ``inserted`` posts; True when ANALYZE is due."""
        self._inserted += inserted
        return self._inserted >= self._threshold

    def analyze(self, conn: Connection) -> None:
        conn.execute(text(f"ANALYZE {TABLES}"))
        rows = conn.execute(text("SELECT reltuples FROM pg_class WHERE relname = 'posts'"))
        total = max(0.0, float(rows.scalar() or 0.0))
        self._inserted = 0
        self._threshold = max(MIN_GROWTH, int(total * GROWTH))
