"""Date bounds of the query language: ``published:>=2025-05-01``, ``published:2025-05``.

A date names a whole UTC day, month or year (``2025-05-01``, ``2025-05``, ``2025``); a bound
turns it into a half-open range [start, end) of UTC midnights:

    2025-05          [2025-05-01, 2025-06-01)      the month
    >=2025-05-01     [2025-05-01, open)            from that day on
    >2025-05         [2025-06-01, open)            after that month
    <2025-05-01      [open, 2025-05-01)            before that day
    <=2025-05        [open, 2025-06-01)            up to the month's end
    2025-05-01..2025-05-31                         both days included

The same reading serves ``--since`` / ``--until`` and the search page's date fields
(``since`` takes its date's start, ``until`` its end), so "until 2025-05-31" includes that day.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_OPERATORS = (">=", "<=", ">", "<", "=")
EXPECTED = "a date as YYYY, YYYY-MM or YYYY-MM-DD"
# Where the last day, month and year (9999) end: no later datetime exists.
END_OF_TIME = datetime.max.replace(tzinfo=UTC)


class DateError(ValueError):
    """``offset`` is where in the bound text the problem starts (0-based)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def parse_bound(spec: str) -> tuple[datetime | None, datetime | None]:
    """The [start, end) range that ``spec`` (what follows ``published:``) names."""
    operator = next((op for op in _OPERATORS if spec.startswith(op)), "")
    rest = spec[len(operator) :]
    if ".." in rest and not operator:
        first, _, last = rest.partition("..")
        start, _ = date_range(first, 0)
        _, end = date_range(last, len(first) + 2)
        if end <= start:
            raise DateError("the date range ends before it starts", 0)
        return start, end
    start, end = date_range(rest, len(operator))
    if operator == ">=":
        return start, None
    if operator == ">":
        return end, None
    if operator == "<":
        return None, start
    if operator == "<=":
        return None, end
    return start, end


def date_range(text: str, offset: int = 0) -> tuple[datetime, datetime]:
    """The UTC day, month or year ``text`` names, as [start, end)."""
    found = _DATE.fullmatch(text)
    if found is None:
        raise DateError(f"expected {EXPECTED}", offset)
    year, month, day = int(found[1]), found[2], found[3]
    try:
        start = datetime(year, int(month or 1), int(day or 1), tzinfo=UTC)
    except ValueError:
        raise DateError(f"{text!r} is not a date", offset) from None
    if day is not None:
        return start, _next_day(start)
    if month is not None:
        return start, _add_month(start)
    return start, start.replace(year=year + 1) if year < 9999 else END_OF_TIME


def _next_day(start: datetime) -> datetime:
    if start.date() == date.max:
        return END_OF_TIME
    return datetime.fromordinal(start.toordinal() + 1).replace(tzinfo=UTC)


def _add_month(start: datetime) -> datetime:
    if start.month < 12:
        return start.replace(month=start.month + 1)
    return start.replace(year=start.year + 1, month=1) if start.year < 9999 else END_OF_TIME
