"""Category pages without a sort or a count: published on each category link, counts kept.

Revision ID: 0002
Revises: 0001
Create Date: 2025-05-27

A category page joined post_categories to posts and sorted every post of the category in a
temporary B-tree to find the newest twenty (about 50 ms at 100,000 posts on SQLite), and
every page counted every category's links. Now:

- ``post_categories.published`` copies the post's ``published``, and the index
  (category_slug, published, post_id) serves a page, first or deep, as one index range
  read backwards (both databases scan a B-tree either way, so no DESC is needed). It replaces
  (category_slug, post_id), which it covers for counting too.
- ``categories.post_count`` is kept by the writes that add or drop links.

Storage keeps both in step on every write (``storage/links.py``). Portable DDL only; on
SQLite the NOT NULL change goes through Alembic's batch mode (a table copy).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("post_categories", sa.Column("published", _TS, nullable=True))
    op.execute(
        "UPDATE post_categories SET published = "
        "(SELECT posts.published FROM posts WHERE posts.id = post_categories.post_id)"
    )
    with op.batch_alter_table("post_categories") as batch:
        batch.alter_column("published", existing_type=_TS, nullable=False)
        batch.drop_index("ix_post_categories_category_post")
        batch.create_index(
            "ix_post_categories_category_published", ["category_slug", "published", "post_id"]
        )
    op.add_column(
        "categories",
        sa.Column("post_count", sa.Integer, nullable=False, server_default=sa.text("0")),
    )
    op.execute(
        "UPDATE categories SET post_count = (SELECT count(*) FROM post_categories "
        "WHERE post_categories.category_slug = categories.slug)"
    )


def downgrade() -> None:
    with op.batch_alter_table("categories") as batch:
        batch.drop_column("post_count")
    with op.batch_alter_table("post_categories") as batch:
        batch.drop_index("ix_post_categories_category_published")
        batch.create_index("ix_post_categories_category_post", ["category_slug", "post_id"])
        batch.drop_column("published")
