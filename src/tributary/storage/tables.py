"""The database schema as SQLAlchemy Core tables, for queries.

The migrations in ``migrations/versions`` create this schema; they do not import this
module (a migration is a frozen snapshot). ``tests/test_storage.py`` checks the two agree.
Every timestamp column is ``UTCDateTime``: the one place where datetimes are normalised.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)


class UTCDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that takes and gives aware UTC datetimes only.

    SQLite keeps datetimes as text without an offset (values are converted to UTC before
    they are written, so text order is time order) and gives them back naive; PostgreSQL
    gives them back in the session's time zone. Both come out as aware UTC here.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} given to storage; use aware UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"unexpected datetime value from the database: {value!r}")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False, unique=True),  # as configured: the identity
    Column("feed_url", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("configured_name", Text),
    Column("feed_title", Text),
    Column("site_url", Text),
    Column("slug", String(200), nullable=False, unique=True),
    Column("tags", Text, nullable=False),  # JSON array
    Column("fulltext", String(16), nullable=False),
    Column("interval", Integer),
    Column("active", Boolean, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_status", Integer),
    Column("last_error", Text),
    Column("error_count", Integer, nullable=False),
    Column("last_fetch", UTCDateTime),
    Column("next_check", UTCDateTime),
    Column("paused", Boolean, nullable=False),
    Column("lease_owner", Text),
    Column("lease_until", UTCDateTime),
    Index("ix_sources_next_check", "next_check"),
)

posts = Table(
    "posts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("key", Text, nullable=False),
    Column("guid", Text),
    Column("url", Text),
    Column("title", Text, nullable=False),
    Column("author", Text),
    Column("published", UTCDateTime, nullable=False),
    Column("updated", UTCDateTime, nullable=False),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("summary", Text, nullable=False),
    Column("content_html", Text, nullable=False),
    Column("content_text", Text, nullable=False),
    Column("content_kind", String(16), nullable=False),
    Column("tags", Text, nullable=False),  # JSON array
    Column("enclosures", Text, nullable=False),  # JSON array of objects
    Column("origin_outlet", Text),
    Column("origin_author", Text),
    Column("content_hash", String(128), nullable=False),
    # One article once, and stories (migration 0004)
    Column("duplicate_of", String(32)),  # the group's primary; NULL for the primary
    Column("story_id", String(32)),
    Column("lead_key", String(32)),
    Column("minhash", LargeBinary),
    Column("filed", Text),  # JSON array: the categories the post itself files under
    UniqueConstraint("source_id", "key", name="uq_posts_source_key"),
    Index("ix_posts_published_id", "published", "id"),
    Index("ix_posts_source_published", "source_id", "published", "id"),
    Index("ix_posts_url", "url"),
    Index("ix_posts_lead_key", "lead_key"),
    Index(
        "ix_posts_duplicate_of",
        "duplicate_of",
        sqlite_where=text("duplicate_of IS NOT NULL"),
        postgresql_where=text("duplicate_of IS NOT NULL"),
    ),
    Index("ix_posts_story", "story_id", "published"),
)

post_bands = Table(
    "post_bands",
    metadata,
    Column("band", BigInteger, nullable=False),
    Column("post_id", String(32), nullable=False),
    PrimaryKeyConstraint("band", "post_id", name="pk_post_bands"),
    Index("ix_post_bands_post", "post_id"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text, nullable=False),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Column("size", Integer, nullable=False),
    Column("state", Text, nullable=False),  # JSON: the clustering's sums (stories/cluster.py)
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_stories_last_seen", "last_seen"),
    Index("ix_stories_updated_at", "updated_at"),
)

categories = Table(
    "categories",
    metadata,
    Column("slug", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("position", Integer, nullable=False),
    # Kept by every write that adds or drops links (storage/links.py): no count per page.
    Column("post_count", Integer, nullable=False, server_default=text("0")),
)

post_categories = Table(
    "post_categories",
    metadata,
    Column("post_id", String(32), ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("category_slug", String(200), nullable=False),
    # The post's published, copied so a category page is one index range (migration 0002).
    Column("published", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("post_id", "category_slug", name="pk_post_categories"),
    Index("ix_post_categories_category_published", "category_slug", "published", "post_id"),
)

tombstones = Table(
    "tombstones",
    metadata,
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("key", Text, nullable=False),
    Column("post_id", String(32), nullable=False),
    Column("deleted_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("source_id", "key", name="pk_tombstones"),
)

fetch_log = Table(
    "fetch_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("status", Integer),
    Column("error", Text),
    Column("duration_ms", Integer, nullable=False),
    Column("new", Integer, nullable=False),
    Column("updated", Integer, nullable=False),
    Column("warnings", Text, nullable=False),  # JSON array
    Index("ix_fetch_log_source_fetched", "source_id", "fetched_at"),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("value", Text, nullable=False),
)
