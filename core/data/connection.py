"""The workspace connection: where the file lives, opening it, migrating it and write transactions.

SQLite in WAL mode, short write transactions (``BEGIN IMMEDIATE``) and a busy
timeout. Every other module of this package takes a ``Database`` (or the
connection of an open transaction) and keeps its SQL to its own tables, so a
second engine only has to replace what is here and the statements there.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from core.data.schema import MIGRATIONS, SCHEMA_VERSION
from core.errors import StudioError

WORKSPACE_ENV = "FINETUNE_STUDIO_WORKSPACE"
DEFAULT_WORKSPACE = Path(__file__).resolve().parents[2] / "workspace" / "studio.sqlite3"
BUSY_TIMEOUT_MS = 10_000
# A row that is not in the trash.
LIVE = "deleted_at IS NULL"
# What callers outside this package may catch without knowing the engine.
DatabaseBusy = sqlite3.OperationalError  # locked past the busy timeout; the transaction rolled back
ConstraintViolation = sqlite3.IntegrityError
Connection = sqlite3.Connection
Row = sqlite3.Row


class StoreError(StudioError):
    """A problem the user can fix (a taken name, a missing project…)."""

    KEY_PREFIX = "store."


def now_iso() -> str:
    """The current UTC time as ISO 8601 with microseconds (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def workspace_path() -> Path:
    """Where the workspace file lives: ``$FINETUNE_STUDIO_WORKSPACE`` or the default."""
    configured = os.environ.get(WORKSPACE_ENV, "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_WORKSPACE


def connect(path: Path) -> sqlite3.Connection:
    """Open the workspace file (made if missing) in autocommit mode; ``Database.tx`` opens transactions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # check_same_thread=False: a worker thread may be handed a Store; each
    # Store is still only used by one thread at a time.
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file up to ``SCHEMA_VERSION``; returns the version it started at."""
    start = conn.execute("PRAGMA user_version").fetchone()[0]
    if start > SCHEMA_VERSION:
        raise StoreError("workspace_too_new", version=start, supported=SCHEMA_VERSION)
    for version in range(start, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated.
            if conn.execute("PRAGMA user_version").fetchone()[0] > version:
                conn.execute("COMMIT")
                continue
            for statement in _split_sql(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return start


def _split_sql(script: str) -> list[str]:
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


_MIGRATION_LOCK = threading.Lock()
_MIGRATED_PATHS: set[str] = set()


class Database:
    """One connection to the workspace, migrated on first open in this process."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else workspace_path()
        self.conn = connect(self.path)
        key = str(self.path.resolve())
        if key not in _MIGRATED_PATHS:
            with _MIGRATION_LOCK:
                migrate(self.conn)
                _MIGRATED_PATHS.add(key)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands, or none of it.

        ``BEGIN IMMEDIATE`` takes the write lock before the first read, so a
        read-modify-write inside it can't interleave with another writer.
        """
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id of the row an ``INSERT`` just made."""
    row_id = cursor.lastrowid
    if row_id is None:  # an INSERT always sets it: None here is a bug in this package, not the user's problem
        raise RuntimeError("the statement inserted no row")
    return int(row_id)


def chunks(items: list[int], size: int = 500) -> Iterator[list[int]]:
    """``items`` in slices small enough for one ``IN (?, …)`` list."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def placeholders(count: int) -> str:
    """``?,?,…`` for an ``IN`` list of ``count`` values."""
    return ",".join("?" * count)
