"""Database fixtures: every storage test runs on SQLite and on PostgreSQL.

PostgreSQL runs when TRIBUTARY_TEST_DATABASE_URL names a server database the tests may
create databases from; each test gets a fresh database, dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tributary.storage import Storage, open_storage

PG_ENV = "TRIBUTARY_TEST_DATABASE_URL"
PG_HINT = (
    "PostgreSQL tests need TRIBUTARY_TEST_DATABASE_URL, "
    "e.g. postgresql://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db' / 'tributary.db'}"
        return
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(PG_HINT)
    yield from fresh_postgresql(server)


def fresh_postgresql(server: str) -> Iterator[str]:
    admin_url = make_url(server).set(drivername="postgresql+psycopg")
    name = f"tributary_t_{secrets.token_hex(6)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        # Keep the scheme as given, so open_storage's own mapping is what is tested.
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def storage(database_url: str) -> Iterator[Storage]:
    opened = open_storage(database_url)
    try:
        yield opened
    finally:
        opened.close()
