"""Projects, their settings and the trash (tables ``projects`` and ``project_settings``).

Settings are one row per key, so two sessions editing different settings never
overwrite each other. A setting whose value is a whole JSON object is changed
with ``update_setting``: the read, the change and the write share one write
transaction, so two sessions changing different fields of it both land.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from core.data.connection import (
    LIVE,
    Connection,
    ConstraintViolation,
    Database,
    Reads,
    StoreError,
    inserted_id,
    now_iso,
)
from core.data.records import Project, row_to_project

# Deleted projects and rows stay in the trash this long before they may be purged.
TRASH_DAYS = 30


def write_setting(conn: Connection, project_id: int, key: str, value: Any, stamp: str) -> None:
    """Upsert one setting inside the caller's transaction."""
    conn.execute(
        "INSERT INTO project_settings (project_id, key, value, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(project_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        (project_id, key, json.dumps(value, ensure_ascii=False), stamp),
    )


def read_setting(conn: Reads, project_id: int, key: str, default: Any = None) -> Any:
    r = conn.execute(
        "SELECT value FROM project_settings WHERE project_id = ? AND key = ?", (project_id, key)
    ).fetchone()
    return json.loads(r["value"]) if r else default


def insert_project_row(
    conn: Connection, name: str, created_at: str, updated_at: str, owner_session: str | None = None
) -> int:
    """A new project row inside the caller's transaction (raises ``ConstraintViolation`` on a taken name)."""
    return inserted_id(
        conn.execute(
            "INSERT INTO projects (name, created_at, updated_at, owner_session) VALUES (?, ?, ?, ?) RETURNING id",
            (name, created_at, updated_at, owner_session),
        )
    )


def dataset_fingerprint(db: Database, project_id: int) -> str:
    """Changes whenever an example, a setting or a split of the project changes (a cache key for pages)."""
    row = db.conn.execute(
        "SELECT (SELECT COUNT(*) || ':' || COALESCE(MAX(updated_at), '') || ':' || COALESCE(SUM(id), 0)"
        "        FROM examples WHERE project_id = ? AND deleted_at IS NULL),"
        "       (SELECT COALESCE(MAX(updated_at), '') FROM project_settings WHERE project_id = ?),"
        "       (SELECT COALESCE(MAX(id), 0) FROM splits WHERE project_id = ?)",
        (project_id, project_id, project_id),
    ).one()
    return "|".join(str(v) for v in row)


class ProjectsMixin(Database):
    """The ``Store`` operations on projects, settings and the project trash."""

    def list_projects(self, session: str | None = None) -> list[Project]:
        """The team's projects plus those of ``session`` (other visitors' own projects stay hidden)."""
        rows = self.conn.execute(
            f"SELECT * FROM projects WHERE {LIVE} AND (owner_session IS NULL OR owner_session = ?)"
            " ORDER BY updated_at DESC, id DESC",
            (session,),
        ).fetchall()
        return [row_to_project(r) for r in rows]

    def get_project(self, project_id: int) -> Project | None:
        """A project that is not in the trash."""
        r = self.conn.execute(f"SELECT * FROM projects WHERE id = ? AND {LIVE}", (project_id,)).fetchone()
        return row_to_project(r) if r else None

    def find_project(self, name: str) -> Project | None:
        """The project with this name, in the trash or not (names stay unique across both)."""
        r = self.conn.execute("SELECT * FROM projects WHERE name = ?", (name.strip(),)).fetchone()
        return row_to_project(r) if r else None

    def _name_taken(self, name: str, exc: Exception) -> StoreError:
        taken = self.find_project(name)
        code = "project_name_in_trash" if taken is not None and taken.deleted_at else "project_name_taken"
        return StoreError(code, name=name)

    def create_project(
        self, name: str, settings: dict[str, Any] | None = None, owner_session: str | None = None
    ) -> int:
        """A new project; with ``owner_session`` it belongs to that browser session only."""
        clean = name.strip()
        if not clean:
            raise StoreError("project_name_empty")
        stamp = now_iso()
        try:
            with self.tx() as conn:
                project_id = insert_project_row(conn, clean, stamp, stamp, owner_session)
                for key, value in (settings or {}).items():
                    write_setting(conn, project_id, key, value, stamp)
        except ConstraintViolation as exc:
            raise self._name_taken(clean, exc) from exc
        return project_id

    def set_project_owner(self, project_id: int, owner_session: str | None) -> None:
        """Give a project to one browser session (None: to the team)."""
        with self.tx() as conn:
            conn.execute("UPDATE projects SET owner_session = ? WHERE id = ?", (owner_session, project_id))

    def unique_project_name(self, wanted: str) -> str:
        """``wanted``, or ``wanted (2)``, ``(3)``… if that name is taken."""
        name, counter = wanted.strip() or "Project", 2
        candidate = name
        while self.find_project(candidate) is not None:
            candidate = f"{name} ({counter})"
            counter += 1
        return candidate

    def rename_project(self, project_id: int, name: str) -> None:
        clean = name.strip()
        if not clean:
            raise StoreError("project_name_empty")
        try:
            with self.tx() as conn:
                conn.execute(
                    "UPDATE projects SET name = ?, updated_at = ? WHERE id = ?", (clean, now_iso(), project_id)
                )
        except ConstraintViolation as exc:
            raise self._name_taken(clean, exc) from exc

    def delete_project(self, project_id: int) -> None:
        """Move the project to the trash (``restore_project`` brings it back)."""
        with self.tx() as conn:
            conn.execute(f"UPDATE projects SET deleted_at = ? WHERE id = ? AND {LIVE}", (now_iso(), project_id))

    def restore_project(self, project_id: int) -> bool:
        with self.tx() as conn:
            return (
                conn.execute(
                    "UPDATE projects SET deleted_at = NULL, updated_at = ? WHERE id = ? AND deleted_at IS NOT NULL",
                    (now_iso(), project_id),
                ).rowcount
                == 1
            )

    def purge_project(self, project_id: int) -> bool:
        """Delete a project from the trash for good (only a trashed project can be purged)."""
        with self.tx() as conn:
            return (
                conn.execute("DELETE FROM projects WHERE id = ? AND deleted_at IS NOT NULL", (project_id,)).rowcount
                == 1
            )

    def trashed_projects(self, session: str | None = None) -> list[Project]:
        """Projects in the trash that this session may see, most recently deleted first."""
        rows = self.conn.execute(
            "SELECT * FROM projects WHERE deleted_at IS NOT NULL AND (owner_session IS NULL OR owner_session = ?)"
            " ORDER BY deleted_at DESC",
            (session,),
        ).fetchall()
        return [row_to_project(r) for r in rows]

    def purge_expired_trash(self, days: int = TRASH_DAYS, now: datetime | None = None) -> int:
        """Remove projects and rows that have been in the trash longer than ``days``."""
        cutoff = ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat(timespec="microseconds")
        expired = self.conn.execute(
            "SELECT EXISTS(SELECT 1 FROM projects WHERE deleted_at < ?)"
            " OR EXISTS(SELECT 1 FROM examples WHERE deleted_at < ?)",
            (cutoff, cutoff),
        ).one()
        if not expired[0]:
            return 0  # the usual case: no write lock taken on every visit to Home
        with self.tx() as conn:
            projects = conn.execute("DELETE FROM projects WHERE deleted_at < ?", (cutoff,)).rowcount
            rows = conn.execute("DELETE FROM examples WHERE deleted_at < ?", (cutoff,)).rowcount
        return projects + rows

    def touch_project(self, project_id: int) -> None:
        self.conn.execute("UPDATE projects SET updated_at = ? WHERE id = ?", (now_iso(), project_id))

    # ----------------------------------------------------------------- settings
    def get_settings(self, project_id: int) -> dict[str, Any]:
        rows = self.conn.execute("SELECT key, value FROM project_settings WHERE project_id = ?", (project_id,))
        return {r["key"]: json.loads(r["value"]) for r in rows}

    def get_setting(self, project_id: int, key: str, default: Any = None) -> Any:
        return read_setting(self.conn, project_id, key, default)

    def set_setting(self, project_id: int, key: str, value: Any) -> None:
        with self.tx() as conn:
            write_setting(conn, project_id, key, value, now_iso())

    def update_setting(self, project_id: int, key: str, change: Callable[[Any], Any], default: Any = None) -> Any:
        """Read a setting, apply ``change`` to it and write the result, all in one write transaction.

        ``change`` gets the stored value (``default`` when there is none) and
        returns the new one; it must not keep a reference to the value it got.
        Another session's update of the same setting waits for this one, so
        both land (a plain get then set could drop one of them). Returns the
        value written.
        """
        with self.tx() as conn:
            value = change(read_setting(conn, project_id, key, default))
            write_setting(conn, project_id, key, value, now_iso())
        return value
