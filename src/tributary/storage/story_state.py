"""Stories in the database: the clustering's window kept in memory, in step with storage.

Each process holds one ``StoryKeeper`` (one per storage): a ``Clusterer`` over the stories
seen within its window, loaded from ``stories`` when first needed and refreshed (at most every
``SYNC_EVERY`` seconds) with the stories that other workers changed since (``Version``).
Posts join stories inside the feed's transaction; at its end the stories joined are locked
(on PostgreSQL) and checked, and one that another worker changed since it was loaded is read
again and the joins made again on it, so two workers joining one story both count.
If the transaction fails, the keeper forgets everything and reloads: memory never runs ahead
of what was committed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, insert, select, update
from sqlalchemy.engine import Connection

from tributary.storage.links import chunks
from tributary.storage.tables import posts, stories
from tributary.stories.cluster import Clusterer, Settings, Sparse, Story, join, new_story
from tributary.stories.text import Features, features

RESYNC_OVERLAP = timedelta(minutes=5)  # clocks of workers on several machines disagree a little
SYNC_EVERY = 10.0  # seconds between looks at the stories other processes changed
STATE_DIGITS = 5
# A story's version: when it was last written, and its size, which every join raises (two
# writers may write at the same clock time).
Version = tuple[datetime, int]
VERSION = (stories.c.id, stories.c.updated_at, stories.c.size)


def _version(row: Any) -> Version:
    return (row.updated_at, row.size)


@dataclass(frozen=True, slots=True)
class StoryInput:
    """A group's primary that has no story yet, and the ids that share its story."""

    post_id: str
    title: str
    text: str
    published: datetime
    members: tuple[str, ...]
    features: Features | None = None  # computed already (signals.py), else from the text


class StoryKeeper:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.reset()

    def reset(self) -> None:
        self.clusterer = Clusterer(self.settings)
        self._synced: datetime | None = None
        self._looked = 0.0  # time.monotonic() of the last look at the stories table
        self._seen: dict[str, Version] = {}  # story id -> its version as loaded or written

    def assign(
        self, conn: Connection, items: Sequence[StoryInput], now: datetime
    ) -> dict[str, str]:
        """Put each item in a story (joining or starting one); post id -> story id.

        Each story the items start or join is written once, after all of them are placed.
        The stories they joined are then locked and checked: one that another process changed
        since it was loaded is read again and the joins are made again on what is stored."""
        if not items:
            return {}
        self._sync(conn, now)
        assigned: dict[str, str] = {}
        created: dict[str, Story] = {}
        joined: dict[str, Story] = {}
        joins: dict[str, list[tuple[str, Features, datetime]]] = {}
        stamps: dict[str, Version | None] = {}  # story id -> its version as loaded
        for item in sorted(items, key=lambda i: (i.published, i.post_id)):
            self.clusterer.advance(item.published)
            found_features = item.features or features(item.title, item.text)
            post = self.clusterer.weigh(found_features)
            found = self.clusterer.best(post, item.published)
            if found is None:
                story = new_story(item.post_id, item.title, post, item.published, self.settings)
                created[story.id] = story
            else:
                story = found[0]
                join(story, item.title, post, item.published, self.settings)
                if story.id not in created:
                    joined[story.id] = story
                    stamps.setdefault(story.id, self._seen.get(story.id))
                    joins.setdefault(story.id, []).append((item.title, post, item.published))
            self.clusterer.load(story)
            self._seen[story.id] = (now, story.size)
            for member in item.members:
                assigned[member] = story.id
        for story in self._changed_elsewhere(conn, stamps):
            for title, post, published in joins[story.id]:
                join(story, title, post, published, self.settings)
            joined[story.id] = story
            self.clusterer.load(story)
            self._seen[story.id] = (now, story.size)
        if created:
            conn.execute(insert(stories), [_row(story, now) for story in created.values()])
        if joined:
            statement = update(stories).where(stories.c.id == bindparam("story_id"))
            rows = [{**_row(story, now), "story_id": story.id} for story in joined.values()]
            conn.execute(
                statement.values({k: bindparam(k) for k in rows[0] if k != "story_id"}), rows
            )
        _set_story(conn, assigned)
        return assigned

    def _sync(self, conn: Connection, now: datetime) -> None:
        """Load the window's stories the first time; then, at most every ``SYNC_EVERY``
        seconds, the ones changed since by other processes (looked up by id and
        ``updated_at`` first, so only those are read whole)."""
        look = time.monotonic()
        if self._synced is not None and look - self._looked < SYNC_EVERY:
            return
        self._looked = look
        window_start = now - timedelta(days=self.settings.window_days)
        recent = stories.c.last_seen >= window_start
        if self._synced is None:
            self._load(conn, select(stories).where(recent))
        else:
            since = stories.c.updated_at >= self._synced - RESYNC_OVERLAP
            heads = conn.execute(select(*VERSION).where(recent, since))
            changed = [row.id for row in heads if self._seen.get(row.id) != _version(row)]
            for part in chunks(changed):
                self._load(conn, select(stories).where(stories.c.id.in_(part)))
        self._synced = now

    def _load(self, conn: Connection, query: Select[Any]) -> None:
        for row in conn.execute(query):
            self.clusterer.load(story_from_row(dict(row._mapping), self.settings))
            self._seen[row.id] = _version(row)

    def _changed_elsewhere(
        self, conn: Connection, stamps: Mapping[str, Version | None]
    ) -> list[Story]:
        """Lock the stories of ``stamps`` (id -> version as loaded) for this transaction;
        the ones another process changed since, as stored now."""
        stale: list[str] = []
        for part in chunks(sorted(stamps)):
            query = (
                select(*VERSION)
                .where(stories.c.id.in_(part))
                .order_by(stories.c.id)
                .with_for_update()
            )
            stale += [row.id for row in conn.execute(query) if _version(row) != stamps[row.id]]
        found: list[Story] = []
        for part in chunks(stale):
            for row in conn.execute(select(stories).where(stories.c.id.in_(part))):
                found.append(story_from_row(dict(row._mapping), self.settings))
        return found


def _set_story(conn: Connection, assigned: Mapping[str, str]) -> None:
    if assigned:
        statement = (
            update(posts).where(posts.c.id == bindparam("pid")).values(story_id=bindparam("sid"))
        )
        conn.execute(statement, [{"pid": k, "sid": v} for k, v in assigned.items()])


def _rounded(vector: Sparse) -> dict[str, float]:
    return {k: round(v, STATE_DIGITS) for k, v in vector.items()}


def _row(story: Story, now: datetime) -> dict[str, Any]:
    state = {
        "terms": _rounded(story.terms),
        "entities": _rounded(story.entities),
        "title_terms": _rounded(story.title_terms),
        "title_score": round(story.title_score, STATE_DIGITS),
    }
    return {
        "id": story.id,
        "title": story.title,
        "first_seen": story.first,
        "last_seen": story.last,
        "size": story.size,
        "state": json.dumps(state, ensure_ascii=False, separators=(",", ":")),
        "updated_at": now,
    }


def story_from_row(row: Mapping[str, Any], settings: Settings) -> Story:
    state = json.loads(row["state"])
    keep = settings.story_terms
    return Story(
        id=row["id"],
        terms=Sparse.of(state["terms"], keep),
        entities=Sparse.of(state["entities"], keep),
        size=row["size"],
        first=row["first_seen"],
        last=row["last_seen"],
        title=row["title"],
        title_terms=Sparse.of(state["title_terms"], keep),
        title_score=float(state["title_score"]),
    )
