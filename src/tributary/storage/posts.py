"""Writing posts: what is known of entry keys, saving a feed, deleting with tombstones.

A tombstone (source, key) remembers a deleted post so the same entry, still in its feed,
never comes back; ``known_entries`` reports it with ``content_hash=None``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from tributary.dedupe import Fingerprint, fingerprint
from tributary.errors import StorageError
from tributary.storage import dedupe, search
from tributary.storage.base import Known
from tributary.storage.convert import dump_strings, entry_values, post_id_for
from tributary.storage.links import chunks, remove_links
from tributary.storage.sources import write_fetch_state
from tributary.storage.story_state import StoryInput, StoryKeeper
from tributary.storage.tables import fetch_log, post_bands, posts, sources, tombstones
from tributary.stories.text import Features
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
    conn: Connection,
    outcome: FetchOutcome,
    entries: Sequence[FiledEntry],
    now: datetime,
    keeper: StoryKeeper,
) -> StoreCounts:
    source_url = conn.execute(
        select(sources.c.url).where(sources.c.id == outcome.source_id)
    ).scalar_one_or_none()
    if source_url is None:
        raise StorageError(f"no source with id {outcome.source_id}")
    # The fetch state first: a source's name (from its feed's title) must be known before
    # its posts are grouped with other sources' copies, which compares names with origins.
    write_fetch_state(conn, outcome)
    counts = _save_entries(conn, outcome.source_id, source_url, entries, now, keeper)
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
    conn: Connection,
    source_id: int,
    source_url: str,
    entries: Sequence[FiledEntry],
    now: datetime,
    keeper: StoryKeeper,
) -> StoreCounts:
    """Insert and update the entries, then find the copies among the new ones (dedupe),
    settle every group touched, and put the groups without a story into one."""
    state = known(conn, source_id, [filed.entry.key for filed in entries])
    inserts: list[dict[str, Any]] = []
    fresh: list[dedupe.Fresh] = []
    changed: list[str] = []
    prints: list[tuple[str, Fingerprint]] = []
    features: dict[str, Features] = {}  # computed in a digest worker for a new post
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
        signals = filed.signals
        fp = signals.fingerprint if signals else fingerprint(entry.url, entry.content_text)
        values = {**entry_values(entry), **dedupe.fingerprint_values(fp),
                  "filed": dump_strings(filed.categories)}  # fmt: skip
        if post_id is None:
            post_id = post_id_for(source_url, entry.key)
            row = {"id": post_id, "source_id": source_id, "key": entry.key, "first_seen": now}
            inserts.append({**row, **values})
            fresh.append(dedupe.Fresh(post_id, source_id, fp))
            if signals is not None:
                features[post_id] = signals.features
        else:
            conn.execute(update(posts).where(posts.c.id == post_id).values(**values))
            changed.append(post_id)
            updated += 1
        prints.append((post_id, fp))
        state[entry.key] = Known(entry.content_hash, post_id, entry.published)
    if inserts:  # one executemany: a first fetch of a big feed is one round trip, not hundreds
        conn.execute(insert(posts), inserts)
    if prints:
        _settle_and_tell(conn, fresh, changed, prints, features, now, keeper)
    return StoreCounts(new=len(inserts), updated=updated, unchanged=unchanged)


def _settle_and_tell(
    conn: Connection,
    fresh: Sequence[dedupe.Fresh],
    changed: Sequence[str],
    prints: Sequence[tuple[str, Fingerprint]],
    features: Mapping[str, Features],
    now: datetime,
    keeper: StoryKeeper,
) -> None:
    """Copies found, groups settled (links, index, dates), stories assigned: all in the
    feed's transaction, so a crash leaves none of it half done."""
    found = dedupe.match(conn, fresh)
    roots = found.roots
    dedupe.write_bands(conn, prints, found.full_bands)
    dedupe.link_copies(conn, roots)
    touched = set(roots.values()) | {f.id for f in fresh if f.id not in roots}
    touched |= dedupe.group_roots(conn, list(changed))
    settled = dedupe.settle(conn, touched, new={f.id for f in fresh})
    storyless = [group for group in settled if group.story_id is None]
    if storyless:
        keeper.assign(conn, _story_inputs(conn, storyless, features), now)


def _story_inputs(
    conn: Connection, groups: Sequence[dedupe.Settled], features: Mapping[str, Features]
) -> list[StoryInput]:
    members = {group.primary: group.members for group in groups}
    inputs: list[StoryInput] = []
    for part in chunks(list(members)):
        query = select(posts.c.id, posts.c.title, posts.c.content_text, posts.c.published).where(
            posts.c.id.in_(part)
        )
        for row in conn.execute(query):
            inputs.append(StoryInput(row.id, row.title, row.content_text, row.published,
                                     members[row.id], features.get(row.id)))  # fmt: skip
    return inputs


def delete_one(conn: Connection, post_id: str, now: datetime) -> bool:
    row = conn.execute(select(posts.c.source_id, posts.c.key).where(posts.c.id == post_id)).first()
    if row is None:
        return False
    _remove(conn, [(row.source_id, row.key, post_id)], now)
    return True


def delete_before(conn: Connection, cutoff: datetime, now: datetime) -> int:
    old = select(posts.c.source_id, posts.c.key, posts.c.id).where(posts.c.published < cutoff)
    rows = [(r.source_id, r.key, r.id) for r in conn.execute(old)]
    if not rows:
        return 0
    _remove(conn, rows, now)
    return len(rows)


def _remove(conn: Connection, rows: Sequence[tuple[int, str, str]], now: datetime) -> None:
    """Delete posts (source_id, key, post_id) with tombstones; the copies a deleted primary
    leaves behind choose a new primary among themselves."""
    _bury(conn, rows, now)
    ids = [post_id for _, _, post_id in rows]
    left = dedupe.orphans(conn, ids)
    roots = dedupe.group_roots(conn, ids) - set(ids)  # groups that lose a copy
    remove_links(conn, ids)
    search.unindex(conn, ids)
    for part in chunks(ids):
        conn.execute(delete(post_bands).where(post_bands.c.post_id.in_(part)))
        conn.execute(delete(posts).where(posts.c.id.in_(part)))
    if left:
        dedupe.regroup(conn, left)
    if roots:
        dedupe.settle(conn, roots)


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
