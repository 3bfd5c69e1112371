"""Storage: the only way Tributary reads and writes its database.

``open_storage(url)`` gives a ``Storage`` (see ``base``) on SQLite or PostgreSQL, with the
schema migrated to the newest revision (and the search index built, when a migration
asks for it).
"""

from __future__ import annotations

from tributary.storage.base import (
    CategoryCount,
    CategorySpec,
    Coverage,
    FeedWrite,
    Known,
    PostCursor,
    SearchHit,
    SearchPage,
    SourceSpec,
    Storage,
    StorySummary,
    StoryView,
)
from tributary.storage.convert import post_id_for
from tributary.storage.engine import database_url, make_engine, run_migrations
from tributary.storage.sql import SqlStorage

__all__ = [
    "CategoryCount",
    "CategorySpec",
    "Coverage",
    "FeedWrite",
    "Known",
    "PostCursor",
    "SearchHit",
    "SearchPage",
    "SourceSpec",
    "SqlStorage",
    "Storage",
    "StorySummary",
    "StoryView",
    "open_storage",
    "post_id_for",
]


def open_storage(url: str) -> Storage:
    """Open the database at ``url`` and migrate it (``alembic upgrade head``).

    Raises ``ConfigError`` for a URL Tributary cannot use and ``StorageError`` (one line)
    when the database cannot be reached or migrated.
    """
    engine = make_engine(database_url(url))
    try:
        run_migrations(engine)
        storage = SqlStorage(engine)
        storage.reindex_if_stale()
    except BaseException:
        engine.dispose()
        raise
    return storage
