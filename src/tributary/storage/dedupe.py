"""One article once, in the database: finding the stored copy a new post repeats, and keeping
each group of copies shown as one post (dedupe/ decides; this module reads and writes).

A group is flat: every copy's ``duplicate_of`` names the primary, whose own is NULL. After
any change to a group, ``settle`` chooses its primary again (dedupe/choose.py) and makes the
rest agree with it:
- only the primary has category links: the union of what each copy files under (``filed``),
  dated with the group's earliest publication, which the primary's ``published`` takes;
- only the primary is in the search index;
- every copy carries the group's story.
Nothing is lost by merging: each copy's row, with its source's link and date, stays stored.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from tributary.dedupe import Member, choose_primary, is_near_duplicate
from tributary.dedupe.fingerprint import Fingerprint
from tributary.storage import search
from tributary.storage.links import chunks, replace_links
from tributary.storage.tables import post_bands, posts, sources

BAND_CANDIDATES = 32  # posts a band holds at most (more of a stock text add nothing)
MAX_COPIES = 50  # posts a group of copies holds at most, so settling one stays cheap
KEY_ROWS = 8  # posts read per URL or lead key, the first seen


@dataclass(frozen=True, slots=True)
class Fresh:
    """A post just inserted, with what finds its copies."""

    id: str
    source_id: int
    fingerprint: Fingerprint


def fingerprint_values(fp: Fingerprint) -> dict[str, Any]:
    return {"lead_key": fp.lead_key, "minhash": fp.minhash}


def write_bands(
    conn: Connection, items: Iterable[tuple[str, Fingerprint]], full: Collection[int] = ()
) -> None:
    """Store the LSH bands of each (post id, fingerprint), replacing any it had; bands in
    ``full`` already hold ``BAND_CANDIDATES`` posts and take no more (a stock text that
    thousands of posts share would otherwise make every lookup of it read thousands)."""
    items = list(items)
    ids = [post_id for post_id, _ in items]
    for part in chunks(ids):
        conn.execute(delete(post_bands).where(post_bands.c.post_id.in_(part)))
    rows = [{"band": b, "post_id": post_id}
            for post_id, fp in items for b in set(fp.bands) if b not in full]  # fmt: skip
    if rows:
        conn.execute(insert(post_bands), rows)


@dataclass(frozen=True, slots=True)
class Matches:
    roots: dict[str, str]  # fresh post id -> the primary of the group it copies
    full_bands: frozenset[int]  # bands that hold BAND_CANDIDATES posts already


def match(conn: Connection, fresh: Sequence[Fresh]) -> Matches:
    """For each fresh post that copies a stored one, the primary of that copy's group.

    Strongest key first: the canonical URL (any source), the lead key, then an LSH candidate
    whose signature agrees (both from another source). Fresh posts are taken in order and may
    match earlier fresh ones, never later ones, so no two wait on each other. A group that
    holds ``MAX_COPIES`` posts takes no more: the rest stay posts of their own."""
    if not fresh:
        return Matches({}, frozenset())
    urls = _rows_by(conn, posts.c.url, {f.fingerprint.url for f in fresh if f.fingerprint.url})
    leads = _rows_by(
        conn,
        posts.c.lead_key,
        {f.fingerprint.lead_key for f in fresh if f.fingerprint.lead_key},
        primaries_only=True,
    )
    banded, full = _band_candidates(conn, fresh)
    pending = {f.id for f in fresh}
    roots: dict[str, str] = {}
    for item in fresh:
        pending.discard(item.id)
        found = _first_match(item, urls, leads, banded, pending)
        if found is not None:
            roots[item.id] = roots.get(found.id) or found.duplicate_of or found.id
    sizes = _group_sizes(conn, set(roots.values()))
    kept: dict[str, str] = {}
    for post_id, root in roots.items():
        if sizes.get(root, 1) < MAX_COPIES:
            kept[post_id] = root
            sizes[root] = sizes.get(root, 1) + 1
    return Matches(kept, frozenset(full))


def _group_sizes(conn: Connection, roots: set[str]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for part in chunks(sorted(roots)):
        query = (
            select(posts.c.duplicate_of, func.count())
            .where(posts.c.duplicate_of.in_(part))
            .group_by(posts.c.duplicate_of)
        )
        sizes.update((root, int(count) + 1) for root, count in conn.execute(query))
    return sizes


@dataclass(frozen=True, slots=True)
class _Stored:
    id: str
    source_id: int
    duplicate_of: str | None
    minhash: bytes | None


def _first_match(
    item: Fresh,
    urls: dict[Any, list[_Stored]],
    leads: dict[Any, list[_Stored]],
    banded: dict[str, list[_Stored]],
    pending: set[str],
) -> _Stored | None:
    fp = item.fingerprint

    def usable(row: _Stored, other_source: bool) -> bool:
        if row.id == item.id or row.id in pending:
            return False
        return not other_source or row.source_id != item.source_id

    for row in urls.get(fp.url, []) if fp.url else []:
        if usable(row, other_source=False):
            return row
    for row in leads.get(fp.lead_key, []) if fp.lead_key else []:
        if usable(row, other_source=True):
            return row
    if fp.minhash is None:
        return None
    for row in banded.get(item.id, []):
        if usable(row, True) and row.minhash and is_near_duplicate(fp.minhash, row.minhash):
            return row
    return None


def _rows_by(
    conn: Connection, column: Any, values: set[str], *, primaries_only: bool = False
) -> dict[Any, list[_Stored]]:
    """The posts holding each of ``values`` in ``column``: the ``KEY_ROWS`` seen first of each
    (a key that thousands of posts share reads no more than any other)."""
    found: dict[Any, list[_Stored]] = defaultdict(list)
    for part in chunks(sorted(values)):
        rank = func.row_number().over(
            partition_by=column, order_by=(posts.c.first_seen, posts.c.id)
        )
        inner = select(
            column.label("value"), posts.c.id, posts.c.source_id, posts.c.duplicate_of,
            posts.c.first_seen, rank.label("n"),
        ).where(column.in_(part))  # fmt: skip
        if primaries_only:  # the copies of a group share its key: its primary stands for them
            inner = inner.where(posts.c.duplicate_of.is_(None))
        ranked = inner.subquery()
        query = (
            select(ranked.c.value, ranked.c.id, ranked.c.source_id, ranked.c.duplicate_of)
            .where(ranked.c.n <= KEY_ROWS)
            .order_by(ranked.c.first_seen, ranked.c.id)
        )
        for row in conn.execute(query):
            found[row.value].append(_Stored(row.id, row.source_id, row.duplicate_of, None))
    return found


def _band_candidates(
    conn: Connection, fresh: Sequence[Fresh]
) -> tuple[dict[str, list[_Stored]], set[int]]:
    """Each fresh post's candidates: stored posts sharing one of its LSH bands (a band holds
    at most about ``BAND_CANDIDATES``, see ``write_bands``); and the bands that are full."""
    wanted: dict[int, list[str]] = defaultdict(list)
    for item in fresh:
        for band in set(item.fingerprint.bands):
            wanted[band].append(item.id)
    if not wanted:
        return {}, set()
    by_band: dict[int, list[str]] = defaultdict(list)
    for bands in chunks(sorted(wanted)):
        found = select(post_bands.c.band, post_bands.c.post_id).where(post_bands.c.band.in_(bands))
        for hit in conn.execute(found):
            by_band[hit.band].append(hit.post_id)
    full = {band for band, ids in by_band.items() if len(ids) >= BAND_CANDIDATES}
    candidate_ids = sorted({post_id for ids in by_band.values() for post_id in ids})
    stored: dict[str, _Stored] = {}
    for part in chunks(candidate_ids):
        query = select(posts.c.id, posts.c.source_id, posts.c.duplicate_of, posts.c.minhash).where(
            posts.c.id.in_(part)
        )
        for row in conn.execute(query):
            stored[row.id] = _Stored(row.id, row.source_id, row.duplicate_of, row.minhash)
    result: dict[str, dict[str, _Stored]] = defaultdict(dict)
    for band, fresh_ids in wanted.items():
        for post_id in sorted(by_band.get(band, ())):
            if post_id in stored:
                for fresh_id in fresh_ids:
                    result[fresh_id].setdefault(post_id, stored[post_id])
    return {fresh_id: list(found.values()) for fresh_id, found in result.items()}, full


def link_copies(conn: Connection, roots: Mapping[str, str | None]) -> None:
    """Make each post (key) a copy in the group of its root (value; None: a primary)."""
    if roots:
        statement = (
            update(posts)
            .where(posts.c.id == bindparam("pid"))
            .values(duplicate_of=bindparam("root"))
        )
        conn.execute(statement, [{"pid": k, "root": v} for k, v in roots.items()])


def group_roots(conn: Connection, ids: Sequence[str]) -> set[str]:
    """The primaries of the groups ``ids`` belong to (a post alone is its own)."""
    roots: set[str] = set()
    for part in chunks(list(ids)):
        query = select(posts.c.id, posts.c.duplicate_of).where(posts.c.id.in_(part))
        roots.update(row.duplicate_of or row.id for row in conn.execute(query))
    return roots


@dataclass(frozen=True, slots=True)
class Settled:
    """A group after ``settle``: its primary and its story (None when it has none yet)."""

    primary: str
    story_id: str | None
    members: tuple[str, ...]


def settle(
    conn: Connection, roots: Iterable[str], *, reindex: bool = True, new: Collection[str] = ()
) -> list[Settled]:
    """Choose each group's primary again and make its copies, links, index and story agree.

    ``reindex=False`` (re-filing, where only categories change) leaves the index alone;
    ``new`` are the posts inserted in this transaction (not in the index yet)."""
    groups = _groups(conn, sorted(set(roots)))
    filing: dict[str, list[str]] = {}
    dates: dict[str, datetime] = {}
    moves: list[dict[str, Any]] = []
    stories: list[dict[str, Any]] = []
    shown: list[str] = []
    hidden: list[str] = []
    settled: list[Settled] = []
    for rows in groups.values():
        members = [Member(r.id, r.source_name, r.published, r.first_seen, r.origin_outlet)
                   for r in rows]  # fmt: skip
        primary = choose_primary(members).id
        earliest = min(r.published for r in rows)
        story = next((r.story_id for r in rows if r.id == primary and r.story_id), None)
        story = story or next((r.story_id for r in rows if r.story_id), None)
        union: list[str] = []
        for r in sorted(rows, key=lambda r: r.id != primary):
            union.extend(s for s in json.loads(r.filed or "[]") if s not in union)
        for r in rows:
            is_primary = r.id == primary
            wanted = None if is_primary else primary
            published = earliest if is_primary else r.published
            if r.duplicate_of != wanted or r.published != published:
                moves.append({"pid": r.id, "dup": wanted, "pub": published})
            if story is not None and r.story_id != story:
                stories.append({"pid": r.id, "story": story})
            filing[r.id] = union if is_primary else []
            (shown if is_primary else hidden).append(r.id)
        dates[primary] = earliest
        settled.append(Settled(primary, story, tuple(r.id for r in rows)))
    if moves:
        statement = (
            update(posts)
            .where(posts.c.id == bindparam("pid"))
            .values(duplicate_of=bindparam("dup"), published=bindparam("pub"))
        )
        conn.execute(statement, moves)
    if stories:
        statement = (
            update(posts).where(posts.c.id == bindparam("pid")).values(story_id=bindparam("story"))
        )
        conn.execute(statement, stories)
    if filing:
        replace_links(conn, filing, dates)  # copies get no links, so need no date
    if reindex and (indexed := [post_id for post_id in hidden if post_id not in new]):
        search.unindex(conn, indexed)
    if shown and reindex:
        search.refresh(conn, shown, new)
    return settled


def refile(conn: Connection, filing: Mapping[str, Sequence[str]]) -> None:
    """New categories for each post of ``filing``: its own, then its group's links."""
    statement = update(posts).where(posts.c.id == bindparam("pid")).values(filed=bindparam("f"))
    params = [{"pid": k, "f": json.dumps(list(v), ensure_ascii=False)} for k, v in filing.items()]
    if params:
        conn.execute(statement, params)
    settle(conn, group_roots(conn, list(filing)), reindex=False)


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    source_name: str
    published: datetime
    first_seen: datetime
    origin_outlet: str | None
    filed: str | None
    story_id: str | None
    duplicate_of: str | None


def _groups(conn: Connection, roots: Sequence[str]) -> dict[str, list[_Row]]:
    groups: dict[str, list[_Row]] = defaultdict(list)
    for part in chunks(list(roots)):
        query = (
            select(
                posts.c.id,
                sources.c.name,
                posts.c.published,
                posts.c.first_seen,
                posts.c.origin_outlet,
                posts.c.filed,
                posts.c.story_id,
                posts.c.duplicate_of,
            )
            .join(sources, sources.c.id == posts.c.source_id)
            .where(or_(posts.c.id.in_(part), posts.c.duplicate_of.in_(part)))
            .order_by(posts.c.id)
        )
        for row in conn.execute(query):
            groups[row.duplicate_of or row.id].append(
                _Row(
                    row.id,
                    row.name,
                    row.published,
                    row.first_seen,
                    row.origin_outlet,
                    row.filed,
                    row.story_id,
                    row.duplicate_of,
                )
            )
    return groups


def orphans(conn: Connection, ids: Sequence[str]) -> dict[str, list[str]]:
    """Before deleting ``ids``: for each deleted primary, the copies it leaves behind."""
    left: dict[str, list[str]] = defaultdict(list)
    gone = set(ids)
    for part in chunks(list(ids)):
        query = select(posts.c.id, posts.c.duplicate_of).where(posts.c.duplicate_of.in_(part))
        for row in conn.execute(query):
            if row.id not in gone:
                left[row.duplicate_of].append(row.id)
    return left


def regroup(conn: Connection, left: dict[str, list[str]]) -> None:
    """After deleting primaries: each group of copies left behind chooses a new primary."""
    roots = []
    for copies in left.values():
        first, *rest = sorted(copies)
        link_copies(conn, {first: None, **dict.fromkeys(rest, first)})
        roots.append(first)
    settle(conn, roots)
