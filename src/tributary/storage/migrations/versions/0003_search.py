"""Full-text search: an FTS5 index on SQLite, weighted tsvectors with GIN on PostgreSQL.

Revision ID: 0003
Revises: 0002
Create Date: 2025-06-03

The one migration with dialect-specific DDL: the two databases index text differently
(see storage/search_sqlite.py and storage/search_postgres.py, which own the queries).

SQLite
    search_rows  (doc INTEGER PRIMARY KEY, post_id UNIQUE): the FTS rowid of each post
    search_fts   FTS5(title, text, tags, author, source),
                 tokenize 'porter unicode61 remove_diacritics 2'
PostgreSQL
    post_search  (post_id PK -> posts ON DELETE CASCADE, body tsvector, meta tsvector,
                 display_text): body = title A, tags B, text D; meta = author A, source B;
                 built with to_tsvector('tributary_english', ...) over text folded in
                 Python (no unaccent extension); GIN on body and on meta
    tributary_english   the english configuration's Snowball stemmer without its stop
                 words ("us", "who", "again" are words a news search must find)

The index is filled from Python (folding is Python's), not here: the migration leaves the
meta row ``search_index = stale`` and ``open_storage`` rebuilds the index when it sees it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgresql()
    else:
        _sqlite()
    op.execute("INSERT INTO meta (key, value) VALUES ('search_index', 'stale')")


def downgrade() -> None:
    op.execute("DELETE FROM meta WHERE key = 'search_index'")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_table("post_search")
        op.execute("DROP TEXT SEARCH CONFIGURATION tributary_english")
        op.execute("DROP TEXT SEARCH DICTIONARY tributary_english_stem")
    else:
        op.execute("DROP TABLE search_fts")
        op.drop_table("search_rows")


def _sqlite() -> None:
    op.create_table(
        "search_rows",
        sa.Column("doc", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("post_id", sa.String(32), nullable=False),
        sa.UniqueConstraint("post_id", name="uq_search_rows_post"),
    )
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(title, text, tags, author, source, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )


def _postgresql() -> None:
    op.execute(
        "CREATE TEXT SEARCH DICTIONARY tributary_english_stem "
        "(TEMPLATE = snowball, LANGUAGE = english)"
    )
    op.execute("CREATE TEXT SEARCH CONFIGURATION tributary_english (COPY = english)")
    op.execute(
        "ALTER TEXT SEARCH CONFIGURATION tributary_english ALTER MAPPING FOR asciiword, "
        "asciihword, hword_asciipart, word, hword, hword_part WITH tributary_english_stem"
    )
    op.create_table(
        "post_search",
        sa.Column(
            "post_id",
            sa.String(32),
            sa.ForeignKey("posts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("body", postgresql.TSVECTOR, nullable=False),
        sa.Column("meta", postgresql.TSVECTOR, nullable=False),
        sa.Column("display_text", sa.Text),
    )
    op.create_index("ix_post_search_body", "post_search", ["body"], postgresql_using="gin")
    op.create_index("ix_post_search_meta", "post_search", ["meta"], postgresql_using="gin")
