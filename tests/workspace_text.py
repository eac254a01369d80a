"""Everything a workspace holds, as one text to search (for "no key was ever written here" tests)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, select, table, text

from core.data.store import Store


def workspace_text(store: Store) -> str:
    """SQLite: the file's raw bytes, WAL and free pages included. A server: every row of every table."""
    if store.dialect == "sqlite":
        store.conn.execute("PRAGMA wal_checkpoint(FULL)")
        path = Path(store.path)
        return b"".join(part.read_bytes() for part in path.parent.glob(path.name + "*")).decode("latin-1")
    with store.engine.connect() as connection:
        names = inspect(connection).get_table_names()
        rows = [
            repr(tuple(row)) for name in names for row in connection.execute(select(text("*")).select_from(table(name)))
        ]
    return "\n".join(rows)
