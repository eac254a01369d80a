"""Bring a workspace database to the current schema at start-up, under a lock.

Alembic owns the schema from its baseline revision on; the baseline equals the
final state of the sqlite3 migrations in ``core/data/schema.py``. So:

- an empty database (SQLite or PostgreSQL) gets the whole schema from Alembic;
- a SQLite workspace made by the sqlite3 store (``PRAGMA user_version`` 1-5)
  is first brought to version 5 by those migrations, then stamped at the
  baseline without any change;
- later Alembic revisions then run on both alike.

Two servers starting at once must not both migrate: everything from "what
version is this?" to the last migration runs while holding a lock, the file's
own write lock on SQLite (``BEGIN IMMEDIATE``) and a transaction-scoped
advisory lock on PostgreSQL. The second server waits, then finds nothing to do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, inspect, text

from core.data.connection import BUSY_TIMEOUT_MS, StoreError
from core.data.engine import is_sqlite, make_engine, sqlite_path
from core.data.schema import SCHEMA_VERSION, migrate

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BASELINE_REVISION = "0001_baseline"
# Any fixed 64-bit number that no other application on the same database uses.
ADVISORY_LOCK_KEY = 0x46_54_53_74_75_64_69_6F  # "FTStudio"
VERSION_TABLE = "alembic_version"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def _script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _script_directory().get_current_head()
    assert head is not None, "core/data/migrations/versions has no revision"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _bring_legacy_sqlite_to_baseline(path: Path) -> None:
    """A workspace from before Alembic: today's migrations, each under the file's write lock."""
    if not path.exists():
        return
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_version_table = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (VERSION_TABLE,)).fetchone()
        if version and version != SCHEMA_VERSION and not has_version_table:
            # Older: migrated to the baseline. Newer than any sqlite3 store: refused, untouched.
            migrate(conn)
    finally:
        conn.close()


def _take_lock(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Released by the transaction's end, also if this process dies mid-migration.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
    # SQLite: the engine began this transaction with BEGIN IMMEDIATE, which holds the write lock.


def _is_stamped_legacy_workspace(connection: Connection) -> bool:
    """A file the sqlite3 store made (version 5, no Alembic table): the baseline is already there."""
    if connection.dialect.name != "sqlite":
        return False
    version = connection.exec_driver_sql("PRAGMA user_version").scalar_one()
    return version >= SCHEMA_VERSION and not inspect(connection).has_table(VERSION_TABLE)


def _refuse_unknown_revision(connection: Connection) -> None:
    """A workspace a newer app has upgraded is left alone: this app can't know its tables."""
    current = current_revision(connection)
    if current is None:
        return
    try:
        _script_directory().get_revision(current)
    except CommandError as unknown:
        raise StoreError("workspace_too_new", version=current, supported=head_revision()) from unknown


def upgrade_engine(engine: Engine, on_locked: Callable[[Connection], None] | None = None) -> str:
    """Migrate the database behind ``engine`` to the head revision; returns that revision.

    ``on_locked`` is called while the lock is held, before anything is read (a
    seam for the tests that prove a second server waits).
    """
    if engine.dialect.name == "sqlite" and engine.url.database:
        _bring_legacy_sqlite_to_baseline(Path(engine.url.database))
    with engine.begin() as connection:
        _take_lock(connection)
        if on_locked is not None:
            on_locked(connection)
        config = alembic_config(connection)
        _refuse_unknown_revision(connection)
        if _is_stamped_legacy_workspace(connection):
            command.stamp(config, BASELINE_REVISION)
        command.upgrade(config, "head")
        revision = current_revision(connection)
    assert revision is not None
    return revision


def upgrade_to_head(url: str, on_locked: Callable[[Connection], None] | None = None) -> str:
    """Open ``url``, migrate it to the head revision under the start-up lock, close it."""
    if is_sqlite(url):
        sqlite_path(url)  # refuses :memory:, which no second server could share anyway
    engine = make_engine(url)
    try:
        return upgrade_engine(engine, on_locked)
    finally:
        engine.dispose()
