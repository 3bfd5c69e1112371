"""One article once, and stories: duplicate links, fingerprints, story state.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

posts gains
    duplicate_of  the post that shows this article (NULL for the one shown): a duplicate's
                  row keeps its source's link and date; pages, feeds and search show only
                  the group's primary, which lists the others as ``also_published_by``
    story_id      the story (event) the post belongs to; a group's members share it
    lead_key      a hash of the text's first words (an excerpt and its full text share it)
    minhash       the MinHash signature of the text's word shingles (dedupe/fingerprint.py)
    filed         the categories the post itself files under (JSON): the primary is linked
                  under the union of its group's
post_bands        (band, post_id): the LSH bands of each signature; a new post's candidates
                  are the posts sharing a band, found by index, however many are stored
stories           a story's title, first and last seen, size, and its clustering state
                  (stories/cluster.py) as JSON; updated_at lets each process refresh the
                  stories other workers changed

Posts stored before this migration keep their links (``filed`` is filled from them) and take
part in neither de-duplication nor stories until they change.
"""

from __future__ import annotations

import json
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("posts") as batch:
        batch.add_column(sa.Column("duplicate_of", sa.String(32), nullable=True))
        batch.add_column(sa.Column("story_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("lead_key", sa.String(32), nullable=True))
        batch.add_column(sa.Column("minhash", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("filed", sa.Text(), nullable=True))
    op.create_index("ix_posts_url", "posts", ["url"])
    op.create_index("ix_posts_lead_key", "posts", ["lead_key"])
    # Partial: only copies are indexed, so "duplicate_of IS NULL" (every primary) never
    # tempts SQLite's planner into walking this index and sorting every post.
    op.create_index(
        "ix_posts_duplicate_of",
        "posts",
        ["duplicate_of"],
        sqlite_where=sa.text("duplicate_of IS NOT NULL"),
        postgresql_where=sa.text("duplicate_of IS NOT NULL"),
    )
    op.create_index("ix_posts_story", "posts", ["story_id", "published"])
    op.create_table(
        "post_bands",
        sa.Column("band", sa.BigInteger(), nullable=False),
        sa.Column("post_id", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("band", "post_id", name="pk_post_bands"),
    )
    op.create_index("ix_post_bands_post", "post_bands", ["post_id"])
    op.create_table(
        "stories",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("first_seen", _TS, nullable=False),
        sa.Column("last_seen", _TS, nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
    )
    op.create_index("ix_stories_last_seen", "stories", ["last_seen"])
    op.create_index("ix_stories_updated_at", "stories", ["updated_at"])
    _fill_filed()


def _fill_filed() -> None:
    conn = op.get_bind()
    filed: dict[str, list[str]] = defaultdict(list)
    rows = conn.execute(sa.text("SELECT post_id, category_slug FROM post_categories"))
    for post_id, slug in rows:
        filed[post_id].append(slug)
    conn.execute(sa.text("UPDATE posts SET filed = '[]'"))
    update = sa.text("UPDATE posts SET filed = :filed WHERE id = :id")
    params = [{"id": k, "filed": json.dumps(v, ensure_ascii=False)} for k, v in filed.items()]
    if params:
        conn.execute(update, params)


def downgrade() -> None:
    op.drop_table("stories")
    op.drop_table("post_bands")
    op.drop_index("ix_posts_story", "posts")
    op.drop_index("ix_posts_duplicate_of", "posts")
    op.drop_index("ix_posts_lead_key", "posts")
    op.drop_index("ix_posts_url", "posts")
    with op.batch_alter_table("posts") as batch:
        for column in ("filed", "minhash", "lead_key", "story_id", "duplicate_of"):
            batch.drop_column(column)
