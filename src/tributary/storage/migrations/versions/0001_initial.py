"""The initial schema: sources, posts, categories, tombstones, fetch log, meta.

Revision ID: 0001
Revises:
Create Date: 2025-05-20

Portable DDL only (SQLite and PostgreSQL). Timestamps are DateTime(timezone=True);
JSON values are kept as text so both databases store them alike.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    _sources()
    _posts()
    _categories()
    _tombstones_log_meta()


def downgrade() -> None:
    for table in ("meta", "fetch_log", "tombstones", "post_categories", "categories", "posts"):
        op.drop_table(table)
    op.drop_table("sources")


def _sources() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("feed_url", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("configured_name", sa.Text),
        sa.Column("feed_title", sa.Text),
        sa.Column("site_url", sa.Text),
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("fulltext", sa.String(16), nullable=False),
        sa.Column("interval", sa.Integer),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_status", sa.Integer),
        sa.Column("last_error", sa.Text),
        sa.Column("error_count", sa.Integer, nullable=False),
        sa.Column("last_fetch", _TS),
        sa.Column("next_check", _TS),
        sa.Column("paused", sa.Boolean, nullable=False),
        sa.Column("lease_owner", sa.Text),
        sa.Column("lease_until", _TS),
        sa.UniqueConstraint("url", name="uq_sources_url"),
        sa.UniqueConstraint("slug", name="uq_sources_slug"),
    )
    op.create_index("ix_sources_next_check", "sources", ["next_check"])


def _posts() -> None:
    op.create_table(
        "posts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("guid", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("author", sa.Text),
        sa.Column("published", _TS, nullable=False),
        sa.Column("updated", _TS, nullable=False),
        sa.Column("first_seen", _TS, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("content_html", sa.Text, nullable=False),
        sa.Column("content_text", sa.Text, nullable=False),
        sa.Column("content_kind", sa.String(16), nullable=False),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("enclosures", sa.Text, nullable=False),
        sa.Column("origin_outlet", sa.Text),
        sa.Column("origin_author", sa.Text),
        sa.Column("content_hash", sa.String(128), nullable=False),
        sa.UniqueConstraint("source_id", "key", name="uq_posts_source_key"),
    )
    # Newest-first listing walks (published, id) backwards; per-source pages likewise.
    op.create_index("ix_posts_published_id", "posts", ["published", "id"])
    op.create_index("ix_posts_source_published", "posts", ["source_id", "published", "id"])


def _categories() -> None:
    op.create_table(
        "categories",
        sa.Column("slug", sa.String(200), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "post_categories",
        sa.Column(
            "post_id",
            sa.String(32),
            sa.ForeignKey("posts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("category_slug", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("post_id", "category_slug", name="pk_post_categories"),
    )
    op.create_index(
        "ix_post_categories_category_post", "post_categories", ["category_slug", "post_id"]
    )


def _tombstones_log_meta() -> None:
    op.create_table(
        "tombstones",
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("post_id", sa.String(32), nullable=False),
        sa.Column("deleted_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("source_id", "key", name="pk_tombstones"),
    )
    op.create_table(
        "fetch_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("fetched_at", _TS, nullable=False),
        sa.Column("status", sa.Integer),
        sa.Column("error", sa.Text),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.Column("new", sa.Integer, nullable=False),
        sa.Column("updated", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Text, nullable=False),
    )
    op.create_index("ix_fetch_log_source_fetched", "fetch_log", ["source_id", "fetched_at"])
    op.create_table(
        "meta",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
