"""Writing posts: what is known of entry keys, saving a feed, deleting with tombstones.

A tombstone (source, key) remembers a deleted post so the same entry, still in its feed,
never comes back; ``known_entries`` reports it with ``content_hash=None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from tributary.errors import StorageError
from tributary.storage import search
from tributary.storage.base import Known
from tributary.storage.convert import dump_strings, entry_values, post_id_for
from tributary.storage.links import chunks, remove_links, replace_links
from tributary.storage.sources import write_fetch_state
from tributary.storage.tables import fetch_log, posts, sources, tombstones
from tributary.types import FetchOutcome, FiledEntry, StoreCounts


def known(conn: Connection, source_id: int, keys: Sequence[str]) -> dict[str, Known]:
    found: dict[str, Known] = {}
    unique = list(dict.fromkeys(keys))
    for part in chunks(unique):
        dead = select(tombstones.c.key, tombstones.c.post_id).where(
            tombstones.c.source_id == source_id, tombstones.c.key.in_(part)
        )
        for grave in conn.execute(dead):
            found[grave.key] = Known(None, grave.post_id, None)
        live = select(posts.c.key, posts.c.content_hash, posts.c.id, posts.c.published).where(
            posts.c.source_id == source_id, posts.c.key.in_(part)
        )
        for row in conn.execute(live):
            found[row.key] = Known(row.content_hash, row.id, row.published)
    return found


def save_feed(
    conn: Connection, outcome: FetchOutcome, entries: Sequence[FiledEntry], now: datetime
) -> StoreCounts:
    source_url = conn.execute(
        select(sources.c.url).where(sources.c.id == outcome.source_id)
    ).scalar_one_or_none()
    if source_url is None:
        raise StorageError(f"no source with id {outcome.source_id}")
    counts = _save_entries(conn, outcome.source_id, source_url, entries, now)
    write_fetch_state(conn, outcome)
    conn.execute(
        insert(fetch_log).values(
            source_id=outcome.source_id,
            fetched_at=outcome.fetched_at,
            status=outcome.status,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
            new=counts.new,
            updated=counts.updated,
            warnings=dump_strings(outcome.warnings),
        )
    )
    return counts


def _save_entries(
    conn: Connection, source_id: int, source_url: str, entries: Sequence[FiledEntry], now: datetime
) -> StoreCounts:
    state = known(conn, source_id, [filed.entry.key for filed in entries])
    inserts: list[dict[str, Any]] = []
    filing: dict[str, Sequence[str]] = {}
    published: dict[str, datetime] = {}
    updated = unchanged = 0
    for filed in entries:
        entry = filed.entry
        seen = state.get(entry.key)
        if seen is not None and seen.content_hash is None:
            continue  # tombstoned: deleted on purpose
        if seen is not None and seen.content_hash == entry.content_hash:
            unchanged += 1  # nothing written, not even its categories
            continue
        post_id = seen.post_id if seen is not None and seen.post_id else None
        if post_id is None:
            post_id = post_id_for(source_url, entry.key)
            row = {"id": post_id, "source_id": source_id, "key": entry.key, "first_seen": now}
            inserts.append({**row, **entry_values(entry)})
        else:
            conn.execute(update(posts).where(posts.c.id == post_id).values(**entry_values(entry)))
            updated += 1
        filing[post_id] = filed.categories
        published[post_id] = entry.published
        state[entry.key] = Known(entry.content_hash, post_id, entry.published)
    if inserts:  # one executemany: a first fetch of a big feed is one round trip, not hundreds
        conn.execute(insert(posts), inserts)
    if filing:
        replace_links(conn, filing, published, new={row["id"] for row in inserts})
        search.refresh(conn, list(filing))  # the index moves with the posts, in this transaction
    return StoreCounts(new=len(inserts), updated=updated, unchanged=unchanged)


def delete_one(conn: Connection, post_id: str, now: datetime) -> bool:
    row = conn.execute(select(posts.c.source_id, posts.c.key).where(posts.c.id == post_id)).first()
    if row is None:
        return False
    _bury(conn, [(row.source_id, row.key, post_id)], now)
    remove_links(conn, [post_id])
    search.unindex(conn, [post_id])
    conn.execute(delete(posts).where(posts.c.id == post_id))
    return True


def delete_before(conn: Connection, cutoff: datetime, now: datetime) -> int:
    old = select(posts.c.source_id, posts.c.key, posts.c.id).where(posts.c.published < cutoff)
    rows = [(r.source_id, r.key, r.id) for r in conn.execute(old)]
    if not rows:
        return 0
    _bury(conn, rows, now)
    ids = [post_id for _, _, post_id in rows]
    remove_links(conn, ids)
    search.unindex(conn, ids)
    for part in chunks(ids):
        conn.execute(delete(posts).where(posts.c.id.in_(part)))
    return len(rows)


def _bury(conn: Connection, rows: Sequence[tuple[int, str, str]], now: datetime) -> None:
    """Leave tombstones for (source_id, key, post_id), skipping any already there."""
    by_source: dict[int, list[tuple[str, str]]] = {}
    for source_id, key, post_id in rows:
        by_source.setdefault(source_id, []).append((key, post_id))
    fresh: list[dict[str, Any]] = []
    for source_id, items in by_source.items():
        buried: set[str] = set()
        for part in chunks([key for key, _ in items]):
            query = select(tombstones.c.key).where(
                tombstones.c.source_id == source_id, tombstones.c.key.in_(part)
            )
            buried.update(conn.execute(query).scalars())
        fresh.extend(
            {"source_id": source_id, "key": key, "post_id": post_id, "deleted_at": now}
            for key, post_id in items
            if key not in buried
        )
    if fresh:
        conn.execute(insert(tombstones), fresh)
