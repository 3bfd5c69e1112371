"""Categories as configured, their fingerprint, post filing counts, and the meta table."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from tributary.storage.base import CategoryCount, CategorySpec
from tributary.storage.links import count_links
from tributary.storage.tables import categories, meta, post_categories

FINGERPRINT_KEY = "categories_fingerprint"


def sync(conn: Connection, specs: Sequence[CategorySpec], fingerprint: str) -> bool:
    """Store the categories in configuration order; True when the fingerprint changed."""
    stored = {row.slug: row for row in conn.execute(select(categories))}
    for position, spec in enumerate(specs):
        row = stored.get(spec.slug)
        if row is None:
            count = count_links(conn, spec.slug)  # zero, unless links outlived a removal
            conn.execute(
                insert(categories).values(
                    slug=spec.slug, name=spec.name, position=position, post_count=count
                )
            )
        elif (row.name, row.position) != (spec.name, position):
            conn.execute(
                update(categories)
                .where(categories.c.slug == spec.slug)
                .values(name=spec.name, position=position)
            )
    gone = set(stored) - {spec.slug for spec in specs}
    if gone:
        conn.execute(delete(post_categories).where(post_categories.c.category_slug.in_(gone)))
        conn.execute(delete(categories).where(categories.c.slug.in_(gone)))
    changed = get_meta(conn, FINGERPRINT_KEY) != fingerprint
    if changed:
        set_meta(conn, FINGERPRINT_KEY, fingerprint)
    return changed


def counts(conn: Connection) -> list[CategoryCount]:
    """Read from ``categories.post_count``, which ``links`` keeps (counting the links of
    every category took ~9 ms at 100,000 posts, and every page asks)."""
    query = select(categories.c.slug, categories.c.name, categories.c.post_count).order_by(
        categories.c.position
    )
    return [CategoryCount(slug, name, int(n)) for slug, name, n in conn.execute(query)]


def get_meta(conn: Connection, key: str) -> str | None:
    value = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar_one_or_none()
    return None if value is None else str(value)


def set_meta(conn: Connection, key: str, value: str) -> None:
    """Portable upsert by select-then-write. Two writers racing on a new key make one fail
    on the primary key; ``SqlStorage`` retries such upserts once."""
    there = conn.execute(select(meta.c.key).where(meta.c.key == key)).first()
    if there is None:
        conn.execute(insert(meta).values(key=key, value=value))
    else:
        conn.execute(update(meta).where(meta.c.key == key).values(value=value))
