"""Alembic's entry point for the workspace schema.

Migrations are never run by the ``alembic`` command line against a config file:
``core.data.upgrade`` opens the connection, takes the start-up lock and passes
the connection in, so every migration runs inside that lock.
"""

from __future__ import annotations

from alembic import context

from core.data.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through core.data.upgrade.upgrade_to_head(), which takes the start-up lock")

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite can't ALTER most things in place: later migrations rebuild tables in batch mode.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
