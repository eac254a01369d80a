"""Who started each background job, and workspace-wide values (tables ``job_keys`` and ``workspace_meta``).

Only a salted fingerprint of a key is ever stored (``core.workflows.job_keys``
makes it); the salt is a ``workspace_meta`` value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.data.connection import Database, now_iso


def meta_value(db: Database, key: str, make: Callable[[], str]) -> str:
    """The workspace value ``key``, made with ``make()`` on first use (the first writer wins across processes)."""
    row = db.conn.execute("SELECT value FROM workspace_meta WHERE key = ?", (key,)).fetchone()
    if row is None:
        with db.tx() as conn:
            conn.execute("INSERT INTO workspace_meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING", (key, make()))
        row = db.conn.execute("SELECT value FROM workspace_meta WHERE key = ?", (key,)).one()
    return str(row["value"])


def record_job(db: Database, name: str, kind: str, project_id: int | None, key_fingerprint: str | None) -> None:
    """``name`` runs on the key with this fingerprint from now on; its last error is cleared."""
    with db.tx() as conn:
        conn.execute(
            "INSERT INTO job_keys (name, project_id, kind, key_fingerprint, last_error, error_at, updated_at)"
            " VALUES (?, ?, ?, ?, NULL, NULL, ?) ON CONFLICT(name) DO UPDATE SET"
            " key_fingerprint = excluded.key_fingerprint, kind = excluded.kind, last_error = NULL, error_at = NULL,"
            " updated_at = excluded.updated_at",
            (name, project_id, kind, key_fingerprint, now_iso()),
        )


def get_job(db: Database, name: str) -> dict[str, Any] | None:
    r = db.conn.execute("SELECT * FROM job_keys WHERE name = ?", (name,)).fetchone()
    return dict(r) if r else None


def set_job_error(db: Database, name: str, message: str) -> None:
    with db.tx() as conn:
        conn.execute(
            "UPDATE job_keys SET last_error = ?, error_at = ?, updated_at = ? WHERE name = ?",
            (message, now_iso(), now_iso(), name),
        )


def clear_job_error(db: Database, name: str) -> None:
    with db.tx() as conn:
        conn.execute(
            "UPDATE job_keys SET last_error = NULL, error_at = NULL WHERE name = ? AND last_error IS NOT NULL", (name,)
        )
