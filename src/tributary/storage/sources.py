"""Sources: configuration sync, names and slugs, reads, and fetch leases.

Name rule: the configured name, else the feed's own title, else the URL's host. The slug
follows the name and then stays put, so links keep working; it moves only when the
configured name changes, or once, when a host-named source learns its feed's title.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select, update
from sqlalchemy.engine import Connection

from tributary.errors import StorageError
from tributary.slugs import slugify
from tributary.storage import search
from tributary.storage.base import SourceSpec
from tributary.storage.convert import dump_strings, host_name, source_from_row
from tributary.storage.tables import posts, sources
from tributary.types import FetchOutcome, Source


def select_sources() -> Select[Any]:
    """Every sources column plus ``post_count`` (a correlated count on the posts index)."""
    count = (
        select(func.count())
        .select_from(posts)
        .where(posts.c.source_id == sources.c.id)
        .scalar_subquery()
    )
    return select(sources, count.label("post_count"))


def list_active(conn: Connection) -> list[Source]:
    query = select_sources().where(sources.c.active).order_by(sources.c.name, sources.c.id)
    return [source_from_row(row._mapping) for row in conn.execute(query)]


def get_one(conn: Connection, *conditions: Any) -> Source | None:
    row = conn.execute(select_sources().where(*conditions)).first()
    return source_from_row(row._mapping) if row is not None else None


# -- configuration sync ---------------------------------------------------------------------


def sync(conn: Connection, specs: Sequence[SourceSpec]) -> None:
    existing = {row.url: row for row in conn.execute(select(sources))}
    for spec in specs:
        row = existing.get(spec.url)
        if row is None:
            _insert(conn, spec)
        else:
            _update_from_spec(conn, row, spec)
    configured = {spec.url for spec in specs}
    gone = [row.id for row in existing.values() if row.url not in configured and row.active]
    if gone:
        conn.execute(update(sources).where(sources.c.id.in_(gone)).values(active=False))


def _insert(conn: Connection, spec: SourceSpec) -> None:
    name = spec.name or host_name(spec.url)
    conn.execute(
        sources.insert().values(
            url=spec.url,
            feed_url=spec.url,
            name=name,
            configured_name=spec.name,
            slug=unique_slug(conn, name, None),
            tags=dump_strings(spec.tags),
            fulltext=spec.fulltext,
            interval=spec.interval,
            active=True,
            error_count=0,
            paused=False,
            next_check=None,  # due at once
        )
    )


def _update_from_spec(conn: Connection, row: Any, spec: SourceSpec) -> None:
    values: dict[str, Any] = {
        "configured_name": spec.name,
        "name": spec.name or row.feed_title or host_name(row.url),
        "tags": dump_strings(spec.tags),
        "fulltext": spec.fulltext,
        "interval": spec.interval,
        "active": True,
    }
    if spec.name != row.configured_name:
        values["slug"] = unique_slug(conn, values["name"], row.id)
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if changed:
        conn.execute(update(sources).where(sources.c.id == row.id).values(**changed))
    if "name" in changed:
        search.refresh_source(conn, row.id)  # source: terms look at the name


def unique_slug(conn: Connection, name: str, source_id: int | None) -> str:
    """``slugify(name)``, or with ``-2``, ``-3``... when another source holds it."""
    base = slugify(name, fallback="source")
    query = select(sources.c.slug).where(
        or_(sources.c.slug == base, sources.c.slug.like(f"{base}-%"))
    )
    if source_id is not None:
        query = query.where(sources.c.id != source_id)
    taken = set(conn.execute(query).scalars())
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


# -- fetch state ----------------------------------------------------------------------------


def write_fetch_state(conn: Connection, outcome: FetchOutcome) -> None:
    """The source's state after one poll, from ``outcome``; clears its lease."""
    row = conn.execute(select(sources).where(sources.c.id == outcome.source_id)).first()
    if row is None:
        raise StorageError(f"no source with id {outcome.source_id}")
    values: dict[str, Any] = {
        "last_status": outcome.status,
        "last_error": outcome.error,
        "error_count": outcome.error_count,
        "paused": outcome.paused,
        "next_check": outcome.next_check,
        "last_fetch": outcome.fetched_at,
        "lease_owner": None,
        "lease_until": None,
    }
    # RFC 9110 validators: a 304 or a failure keeps the ones we hold; a 200 replaces them,
    # even with none (the server stopped sending them).
    if outcome.etag is not None or outcome.status == 200:
        values["etag"] = outcome.etag
    if outcome.last_modified is not None or outcome.status == 200:
        values["last_modified"] = outcome.last_modified
    if outcome.feed_url:
        values["feed_url"] = outcome.feed_url
    if outcome.site_url:
        values["site_url"] = outcome.site_url
    if outcome.feed_title:
        values.update(_title_values(conn, row, outcome.feed_title))
    conn.execute(update(sources).where(sources.c.id == row.id).values(**values))
    if values.get("name", row.name) != row.name:
        search.refresh_source(conn, row.id)  # source: terms look at the name


def _title_values(conn: Connection, row: Any, title: str) -> dict[str, Any]:
    values: dict[str, Any] = {"feed_title": title}
    if row.configured_name:
        return values
    values["name"] = title
    if row.feed_title is None:  # the host-based slug was a stand-in until now
        values["slug"] = unique_slug(conn, title, row.id)
    return values


# -- leases ---------------------------------------------------------------------------------


def claim(
    conn: Connection, now: datetime, owner: str, lease_seconds: float, limit: int | None
) -> list[Source]:
    """Lease due sources to ``owner``: one UPDATE whose WHERE holds every condition.

    Under PostgreSQL READ COMMITTED a worker that waits on a row another worker is leasing
    re-checks the WHERE on the committed row (``lease_until`` is then in the future) and
    skips it, so no source is leased twice; SQLite runs writers one at a time. With a
    limit, the candidates are picked FOR UPDATE SKIP LOCKED (SQLAlchemy leaves it out on
    SQLite), so concurrent workers take the next due sources instead of all contending
    for the same first few.
    """
    until = now + timedelta(seconds=lease_seconds)
    due = and_(
        sources.c.active,
        sources.c.paused.is_(False),
        or_(sources.c.next_check.is_(None), sources.c.next_check <= now),
        or_(sources.c.lease_until.is_(None), sources.c.lease_until < now),
    )
    condition = due
    if limit is not None:
        never_checked_first = case((sources.c.next_check.is_(None), 0), else_=1)
        first = (
            select(sources.c.id)
            .where(due)
            .order_by(never_checked_first, sources.c.next_check, sources.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        condition = and_(due, sources.c.id.in_(first))
    held = select_sources().where(sources.c.lease_owner == owner, sources.c.lease_until == until)
    # Leases this owner already holds with the same expiry (a second call with the same
    # ``now``) are not claimed again, so they are left out of the answer.
    before = {row.id for row in conn.execute(held)}
    conn.execute(update(sources).where(condition).values(lease_owner=owner, lease_until=until))
    rows = conn.execute(held.order_by(sources.c.id))
    return [source_from_row(row._mapping) for row in rows if row.id not in before]


def release(conn: Connection, owner: str) -> None:
    conn.execute(
        update(sources)
        .where(sources.c.lease_owner == owner)
        .values(lease_owner=None, lease_until=None)
    )
