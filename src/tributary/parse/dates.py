"""Feed dates read the way feedparser reads them, for the fast path (rust_entries.py).

feedparser tries a chain of date readers and keeps the first answer: W3C-DTF (ISO 8601 as
Atom and Dublin Core write it) first, then RFC 822 (RSS pubDate), then seven rarer formats.
The two first readers are reproduced here with their quirks (two-digit years, swapped day and
month, US zone names, "+0530" read as five hours, a missing zone taken as UTC), so a date that
either of them reads gets feedparser's exact UTC time. A date that neither reads would go on to
the rarer readers, which are not reproduced: the fast path then declines the feed.

``read_date`` gives UTC ``time.struct_time`` values, the shape feedparser stores; ``read_utc``
gives the aware datetime the adapter makes of one, computed directly for the two forms nearly
every feed uses ("Tue, 20 May 2025 14:30:00 +0200", "2025-05-20T08:00:00+09:00").
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

from tributary.parse.fallbacks import FastPathDeclined

_W3DTF_ZONES = {
    "ut": 0, "gmt": 0, "z": 0, "adt": -3, "ast": -4, "at": -4, "edt": -4, "est": -5, "et": -5,
    "cdt": -5, "cst": -6, "ct": -6, "mdt": -6, "mst": -7, "mt": -7, "pdt": -7, "pst": -8,
    "pt": -8, "a": -1, "n": 1, "m": -12, "y": 12,
}  # fmt: skip
_RFC822_ZONES = {**_W3DTF_ZONES, "met": 1, "mest": 2}
_DAY_NAMES = frozenset({"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# The form nearly every RSS date takes ("Tue, 20 May 2025 14:30:00 +0200"): the W3C-DTF reader
# rejects it (its first word is not a four-digit year) and the RFC 822 reader's answer is
# computed directly; any other text goes through both readers.
_PLAIN_RFC822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?([0-9]{2}) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([0-9]{4}) "
    r"([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) (?:([+-])([0-9]{2})([0-9]{2})|GMT|UT|Z)"
)
# The form Atom and Dublin Core dates nearly always take ("2025-05-20T08:00:00+09:00").
_PLAIN_W3DTF = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])"
    r"(?:Z|([+-])([0-9]{2}):([0-9]{2}))"
)
# What feedparser's date chain treats as "this reader does not apply".
_READER_ERRORS = (KeyError, OverflowError, ValueError, AttributeError)


def _utc(stamp: datetime, zone_hours: int, zone_minutes: int) -> time.struct_time | None:
    if not zone_hours and not zone_minutes:
        return stamp.utctimetuple()
    try:
        return (stamp - timedelta(hours=zone_hours, minutes=zone_minutes)).utctimetuple()
    except (OverflowError, ValueError):
        return None


def _w3dtf_zone(zone: str) -> tuple[int, int] | None:
    if zone[:1] in ("-", "+"):
        try:
            hours, minutes = int(zone[1:3]), int(zone[4:])
        except ValueError:
            return None
        return (-hours, -minutes) if zone.startswith("-") else (hours, minutes)
    return _W3DTF_ZONES.get(zone, 0), 0


def read_w3dtf(text: str) -> time.struct_time | None:
    """W3C-DTF / ISO 8601 ("2025-05-20T08:00:00+09:00"), also with a space for the "T"."""
    if not text.strip():
        return None
    parts = text.lower().split("t")
    if len(parts) == 1:
        parts = parts[0].split()
        if len(parts) == 1:
            parts.append("00:00:00z")
    elif len(parts) > 2:
        return None
    date = parts[0].split("-", 2)
    if len(date[0]) != 4:
        return None
    date.extend(["1"] * (3 - len(date)))
    try:
        year, month, day = (int(piece) for piece in date)
    except ValueError:
        return None
    if parts[1].endswith("z"):
        parts[1] = parts[1][:-1]
        parts.append("z")
    # The clock ends where a "-" or "+" starts the zone offset.
    cut = parts[1].find("-") + 1 or parts[1].find("+") + 1 or len(parts[1]) + 1
    parts.append(parts[1][cut - 1 :])
    parts[1] = parts[1][: cut - 1]
    clock = parts[1].split(":", 2)
    clock.extend(["0"] * (3 - len(clock)))
    zone = _w3dtf_zone(parts[2])
    if zone is None:
        return None
    try:
        hour, minute, second = (int(float(piece)) for piece in clock)
        stamp = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return _utc(stamp, *zone)


def _rfc822_zone(zone: str) -> tuple[int, int] | None:
    if zone.startswith("etc/"):
        zone = zone[4:]
    if zone.startswith("gmt"):
        zone = "".join(zone[3:].split(":")) or "gmt"
    if zone and zone[0] in ("-", "+"):
        try:
            hours = int(zone[1:3])
            minutes = int(zone[4:]) if ":" in zone else int(zone[3:])
        except ValueError:
            return None
        return (-hours, -minutes) if zone.startswith("-") else (hours, minutes)
    return _RFC822_ZONES.get(zone, 0), 0


def read_rfc822(text: str) -> time.struct_time | None:
    """RFC 822 ("Tue, 20 May 2025 14:30:00 +0200"), leniently."""
    parts = text.lower().split()
    if len(parts) < 5:
        parts.extend(("00:00:00", "0000"))
    if parts[0][:3] in _DAY_NAMES:
        parts = parts[1:]
    if len(parts) < 5:
        return None
    month = _MONTHS.get(parts[1][:3])
    try:
        day = int(parts[0])
    except ValueError:
        if not _MONTHS.get(parts[0][:3]):
            return None
        try:
            day = int(parts[1])
        except ValueError:
            return None
        month = _MONTHS.get(parts[0][:3])
    if not month:
        return None
    try:
        year = int(parts[2])
    except ValueError:
        return None
    if len(parts[2]) <= 2:
        year += 1900 if year >= 90 else 2000
    clock = parts[3].split(":")
    clock.extend(("0",) * (3 - len(clock)))
    try:
        hour, minute, second = (int(piece) for piece in clock)
    except ValueError:
        return None
    zone = _rfc822_zone(parts[4])
    if zone is None:
        return None
    try:
        stamp = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return _utc(stamp, *zone)


def read_date(text: str) -> time.struct_time | None:
    """feedparser's reading of a date element's text; None when it has no digit.

    Raises FastPathDeclined when neither reproduced reader understands the text: one of
    feedparser's other readers might, and its answer is not known here.
    """
    plain = _PLAIN_RFC822.fullmatch(text)
    if plain is not None:
        day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = plain.groups()
        try:
            stamp = datetime(
                int(year), _MONTHS[month.lower()], int(day), int(hour), int(minute), int(second)
            )
        except ValueError:  # 31 February: the readers fail too, and so would the rest
            pass
        else:
            hours, minutes = (int(zone_hours), int(zone_minutes)) if sign else (0, 0)
            return _utc(stamp, *((-hours, -minutes) if sign == "-" else (hours, minutes)))
    if not text or not any(char.isdigit() for char in text):
        return None  # every feedparser reader needs digits
    for reader in (read_w3dtf, read_rfc822):
        try:
            parsed = reader(text)
        except _READER_ERRORS:
            continue
        if parsed is not None:
            return parsed
    raise FastPathDeclined("date", repr(text[:60]))


def _plain_stamp(match: re.Match[str], rfc822: bool) -> datetime | None:
    """The UTC time of a date in one of the two plain forms; None where the general readers
    must decide (31 February, a year out of range)."""
    first, second, third, hour, minute, seconds, sign, zone_hours, zone_minutes = match.groups()
    if rfc822:
        year, month, day = int(third), _MONTHS[second.lower()], int(first)
    else:
        year, month, day = int(first), int(second), int(third)
    try:
        stamp = datetime(year, month, day, int(hour), int(minute), int(seconds), tzinfo=UTC)
        if sign and (zone_hours != "00" or zone_minutes != "00"):
            offset = timedelta(hours=int(zone_hours), minutes=int(zone_minutes))
            stamp = stamp + offset if sign == "-" else stamp - offset
    except (ValueError, OverflowError):
        return None
    return stamp


def read_utc(text: str) -> datetime | None:
    """``read_date`` as an aware UTC datetime, computed directly for the two plain forms."""
    plain = _PLAIN_RFC822.fullmatch(text)
    if plain is not None:
        stamp = _plain_stamp(plain, rfc822=True)
    else:
        plain = _PLAIN_W3DTF.fullmatch(text)
        stamp = None if plain is None else _plain_stamp(plain, rfc822=False)
    if stamp is not None:
        return stamp
    parsed = read_date(text)
    if parsed is None:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=UTC)
    except (ValueError, OverflowError):
        return None
