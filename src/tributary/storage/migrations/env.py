"""Alembic environment: runs on the connection that ``run_migrations`` passes in.

There is no alembic.ini and no logging setup here: Tributary builds the Alembic config in
code and owns its own logging.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("Tributary migrations run only through tributary.storage")
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()


_run()
