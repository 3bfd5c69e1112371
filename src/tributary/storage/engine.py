"""Database URLs, engines and migrations: where the two dialects differ, and nowhere else.

    sqlite:///path/file.db              -> WAL, foreign keys on, busy timeout, BEGIN IMMEDIATE
                                           for writes (set on each new connection)
    postgresql://user@host:port/db      -> postgresql+psycopg:// (psycopg 3)
    postgresql+psycopg://...               as given

Every SQLAlchemy error that escapes a storage call becomes a one-line ``StorageError``.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.util import CommandError as AlembicError
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError, StatementError

from tributary.errors import ConfigError, StorageError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 10
_WAL_RETRY_S = 0.01
# Any constant will do: it only has to be the same for every Tributary process.
_MIGRATION_LOCK_ID = 7_305_411_202
_WRITE = "tributary_write"


def database_url(url: str) -> URL:
    """Check ``url`` and give the SQLAlchemy URL with the driver Tributary uses."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"database URL {url!r}: expected sqlite:///FILE or "
                          "postgresql://USER@HOST:PORT/DB") from None  # fmt: skip
    if parsed.drivername == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ConfigError(f"database URL {url!r}: give a file, as in sqlite:///path/file.db")
        return parsed
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        if not parsed.database:
            raise ConfigError(f"database URL {_shown(parsed)!r}: name the database after '/'")
        return parsed.set(drivername="postgresql+psycopg")
    raise ConfigError(f"database URL {_shown(parsed)!r}: unsupported scheme "
                      f"{parsed.drivername!r}; use sqlite:/// or postgresql://")  # fmt: skip


def make_engine(url: URL) -> Engine:
    if url.drivername == "sqlite":
        return _sqlite_engine(url)
    return create_engine(
        url, pool_pre_ping=True, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S}
    )


def _sqlite_engine(url: URL) -> Engine:
    assert url.database is not None
    try:
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create the directory for {url.database}: {exc}") from exc
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control from pysqlite (it would BEGIN lazily, on the first write,
    # which turns read-then-write transactions into "database is locked" under concurrency).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        _use_wal(cursor)  # readers never block the writer
        cursor.execute("PRAGMA synchronous = NORMAL")  # durable enough with WAL
    finally:
        cursor.close()


def _use_wal(cursor: Any) -> None:
    """Switch a database to WAL, waiting out other connections' locks.

    The switch needs the file to itself, and SQLite does not call the busy handler for it:
    while another process holds a lock on a database that is not yet WAL (workers opening
    a new file together), the pragma fails at once with "database is locked". So wait
    here, up to the busy timeout. A file already in WAL needs no switch and never waits.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(_WAL_RETRY_S)


def _sqlite_begin(conn: Connection) -> None:
    # A write transaction takes the write lock at once (waiting up to busy_timeout), so
    # two writers queue instead of one failing when it upgrades a read lock.
    write = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def transaction(engine: Engine, *, write: bool) -> Iterator[Connection]:
    """One transaction, committed when the block ends, rolled back on any error."""
    with mapped_errors(engine), engine.connect() as conn:
        if write:
            conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


@contextmanager
def mapped_errors(engine: Engine) -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as exc:
        raise StorageError(describe_error(exc, engine.url)) from exc


def describe_error(exc: SQLAlchemyError, url: URL) -> str:
    """One line: what failed and, for connection failures, where."""
    origin = exc.orig if isinstance(exc, StatementError) and exc.orig is not None else exc
    first = (str(origin).strip().splitlines() or [type(origin).__name__])[0]
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return f"lost the connection to {_shown(url)}: {first}"
    if _is_connect_failure(exc):
        return f"cannot connect to the database {_shown(url)}: {first}"
    return f"database error ({type(origin).__name__}): {first}"


def _is_connect_failure(exc: SQLAlchemyError) -> bool:
    return isinstance(exc, DBAPIError) and exc.statement is None


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def run_migrations(engine: Engine) -> None:
    """Bring the schema to the newest revision (``alembic upgrade head``), in one transaction.

    On PostgreSQL a transaction-scoped advisory lock makes workers that start together
    migrate one after the other; SQLite's write lock does the same there.
    """
    config = AlembicConfig()
    # ConfigParser interpolation would read a '%' in the path as a placeholder.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    with transaction(engine, write=True) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
        config.attributes["connection"] = conn
        try:
            command.upgrade(config, "head")
        except AlembicError as exc:  # e.g. a database migrated by a newer Tributary
            raise StorageError(f"cannot migrate {_shown(engine.url)}: {exc}") from exc
