"""Alembic migrations, run in code by ``tributary.storage.engine.run_migrations``."""
