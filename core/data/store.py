"""The workspace store: one SQLite file that is the single source of truth.

Pages read from here and every user action writes here at once, so a browser
refresh, a page switch or a server restart loses nothing. ``st.session_state``
is only ever a cache of what is in this file.

Concurrency: SQLite in WAL mode, short write transactions and a busy timeout.
Updates write only the fields a user changed, so two sessions editing the same
example never overwrite each other's other fields (last write wins per field),
and every answer change is appended to ``answer_versions``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from core.errors import StudioError
from core.data.schema import MIGRATIONS, SCHEMA_VERSION

WORKSPACE_ENV = "FINETUNE_STUDIO_WORKSPACE"
DEFAULT_WORKSPACE = Path(__file__).resolve().parents[2] / "workspace" / "studio.sqlite3"
STATUSES: tuple[str, ...] = ("draft", "approved", "rejected")
BUSY_TIMEOUT_MS = 10_000
# Columns a caller may change with update_example(); anything else is rejected
# so that a typo can never turn into SQL.
EDITABLE_FIELDS = frozenset({"question", "answer", "system_prompt", "tags", "status", "error", "extra"})
# Fields whose change is a person's work on the row: a machine answer that
# arrives later must not overwrite it (it becomes a variant instead).
CURATED_FIELDS = frozenset({"question", "answer", "system_prompt", "status"})
# Deleted projects and rows stay in the trash this long before they may be purged.
TRASH_DAYS = 30
_LIVE = "deleted_at IS NULL"


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


def normalise_tags(tags: str | Iterable[str] | None) -> list[str]:
    """Split, trim and de-duplicate tags, keeping their first-seen order."""
    if tags is None:
        return []
    parts = tags.replace(";", ",").split(",") if isinstance(tags, str) else list(tags)
    seen: dict[str, None] = {}
    for part in parts:
        tag = str(part).strip()
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


def dedup_key(question: str, answer: str = "", system_prompt: str | None = None,
              messages: Sequence[dict[str, Any]] | None = None) -> str:
    """A stable key for "the same example": used to skip exact duplicates on import."""
    if messages:
        body = json.dumps(list(messages), ensure_ascii=False, sort_keys=True)
    else:
        body = json.dumps([system_prompt or "", question.strip(), (answer or "").strip()], ensure_ascii=False)
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Project:
    id: int
    name: str
    created_at: str
    updated_at: str
    # The browser session a visitor's own project belongs to; None for the team's projects.
    owner_session: str | None = None
    deleted_at: str | None = None


def _row_to_project(r: sqlite3.Row) -> Project:
    return Project(r["id"], r["name"], r["created_at"], r["updated_at"], r["owner_session"], r["deleted_at"])


@dataclass
class Example:
    id: int
    project_id: int
    question: str
    answer: str
    system_prompt: str | None
    tags: list[str]
    status: str
    messages: list[dict[str, Any]] | None
    source: str
    error: str | None
    created_at: str
    updated_at: str
    extra: dict[str, Any] = field(default_factory=dict)
    # A machine answer arrived after a person had worked on the row: it waits as a variant.
    answer_waiting: bool = False
    deleted_at: str | None = None

    @property
    def is_multi_turn(self) -> bool:
        return self.messages is not None

    def conversation(self, default_system: str | None = None) -> list[dict[str, Any]]:
        """The messages the model trains on.

        A single-turn example becomes system (its own prompt, else the
        project's training prompt) → user → assistant. A multi-turn example is
        used as written.
        """
        if self.messages is not None:
            return [dict(message) for message in self.messages]
        conversation: list[dict[str, Any]] = []
        system = self.system_prompt if self.system_prompt else default_system
        if system:
            conversation.append({"role": "system", "content": system})
        conversation.append({"role": "user", "content": self.question})
        conversation.append({"role": "assistant", "content": self.answer})
        return conversation


@dataclass(frozen=True)
class NewExample:
    """One row to add; what importers and the editor hand to the store."""

    question: str
    answer: str = ""
    system_prompt: str | None = None
    tags: tuple[str, ...] = ()
    status: str = "draft"
    messages: tuple[dict[str, Any], ...] | None = None
    extra: dict[str, Any] | None = None

    def key(self) -> str:
        return dedup_key(self.question, self.answer, self.system_prompt, self.messages)


@dataclass(frozen=True)
class AnswerVersion:
    id: int
    example_id: int
    answer: str
    source: str
    model: str | None
    created_at: str


@dataclass(frozen=True)
class ExampleFilter:
    """What the Curate table shows: by status, by tag and by free text."""

    statuses: tuple[str, ...] = ()
    tag: str | None = None
    text: str = ""
    only_errors: bool = False
    only_waiting: bool = False
    # The project's trash instead of its live rows.
    deleted: bool = False

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = ["deleted_at IS NOT NULL" if self.deleted else _LIVE]
        params: list[Any] = []
        if self.statuses:
            clauses.append(f"status IN ({','.join('?' * len(self.statuses))})")
            params.extend(self.statuses)
        if self.tag:
            # Tags are stored as ",a,b," so that one LIKE finds a whole tag.
            clauses.append("(',' || tags || ',') LIKE ? ESCAPE '\\'")
            params.append(f"%,{_escape_like(self.tag)},%")
        if self.text.strip():
            needle = f"%{_escape_like(self.text.strip())}%"
            clauses.append("(question LIKE ? ESCAPE '\\' OR answer LIKE ? ESCAPE '\\' OR tags LIKE ? ESCAPE '\\')")
            params.extend([needle, needle, needle])
        if self.only_errors:
            clauses.append("error IS NOT NULL AND error != ''")
        if self.only_waiting:
            clauses.append("answer_waiting = 1")
        return (" AND ".join(clauses), params)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def mirror_fields(messages: Sequence[dict[str, Any]]) -> tuple[str, str]:
    """The (question, answer) columns that mirror a conversation: first user, last assistant."""
    question = next((str(m.get("content") or "") for m in messages if m.get("role") == "user"), "")
    answer = next((str(m.get("content") or "") for m in reversed(messages) if m.get("role") == "assistant"), "")
    return question, answer


_MIGRATION_LOCK = threading.Lock()
_MIGRATED_PATHS: set[str] = set()


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    # check_same_thread=False: a worker thread may be handed a Store; each
    # Store is still only used by one thread at a time.
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
                           isolation_level=None)
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


class Store:
    """A connection to the workspace with the operations on projects and examples.

    Feature modules (generation, fine-tuning, compare) keep the SQL for their
    own tables next to their logic and use ``tx()``/``conn`` from here.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else workspace_path()
        self.conn = _connect(self.path)
        key = str(self.path.resolve())
        if key not in _MIGRATED_PATHS:
            with _MIGRATION_LOCK:
                migrate(self.conn)
                _MIGRATED_PATHS.add(key)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands, or none of it."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # ----------------------------------------------------------------- projects
    def list_projects(self, session: str | None = None) -> list[Project]:
        """The team's projects plus those of ``session`` (other visitors' own projects stay hidden)."""
        rows = self.conn.execute(
            f"SELECT * FROM projects WHERE {_LIVE} AND (owner_session IS NULL OR owner_session = ?)"
            " ORDER BY updated_at DESC, id DESC", (session,)).fetchall()
        return [_row_to_project(r) for r in rows]

    def get_project(self, project_id: int) -> Project | None:
        """A project that is not in the trash."""
        r = self.conn.execute(f"SELECT * FROM projects WHERE id = ? AND {_LIVE}", (project_id,)).fetchone()
        return _row_to_project(r) if r else None

    def find_project(self, name: str) -> Project | None:
        """The project with this name, in the trash or not (names stay unique across both)."""
        r = self.conn.execute("SELECT * FROM projects WHERE name = ?", (name.strip(),)).fetchone()
        return _row_to_project(r) if r else None

    def _name_taken(self, name: str, exc: Exception) -> StoreError:
        taken = self.find_project(name)
        code = "project_name_in_trash" if taken is not None and taken.deleted_at else "project_name_taken"
        return StoreError(code, name=name)

    def create_project(self, name: str, settings: dict[str, Any] | None = None,
                       owner_session: str | None = None) -> int:
        """A new project; with ``owner_session`` it belongs to that browser session only."""
        clean = name.strip()
        if not clean:
            raise StoreError("project_name_empty")
        stamp = now_iso()
        try:
            with self.tx() as conn:
                project_id = conn.execute(
                    "INSERT INTO projects (name, created_at, updated_at, owner_session) VALUES (?, ?, ?, ?)",
                    (clean, stamp, stamp, owner_session)).lastrowid
                for key, value in (settings or {}).items():
                    self._write_setting(conn, project_id, key, value, stamp)
        except sqlite3.IntegrityError as exc:
            raise self._name_taken(clean, exc) from exc
        return int(project_id)

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
                conn.execute("UPDATE projects SET name = ?, updated_at = ? WHERE id = ?",
                             (clean, now_iso(), project_id))
        except sqlite3.IntegrityError as exc:
            raise self._name_taken(clean, exc) from exc

    def delete_project(self, project_id: int) -> None:
        """Move the project to the trash (``restore_project`` brings it back)."""
        with self.tx() as conn:
            conn.execute(f"UPDATE projects SET deleted_at = ? WHERE id = ? AND {_LIVE}", (now_iso(), project_id))

    def restore_project(self, project_id: int) -> bool:
        with self.tx() as conn:
            return conn.execute("UPDATE projects SET deleted_at = NULL, updated_at = ? WHERE id = ?"
                                " AND deleted_at IS NOT NULL", (now_iso(), project_id)).rowcount == 1

    def purge_project(self, project_id: int) -> bool:
        """Delete a project from the trash for good (only a trashed project can be purged)."""
        with self.tx() as conn:
            return conn.execute("DELETE FROM projects WHERE id = ? AND deleted_at IS NOT NULL",
                                (project_id,)).rowcount == 1

    def trashed_projects(self, session: str | None = None) -> list[Project]:
        """Projects in the trash that this session may see, most recently deleted first."""
        rows = self.conn.execute(
            "SELECT * FROM projects WHERE deleted_at IS NOT NULL AND (owner_session IS NULL OR owner_session = ?)"
            " ORDER BY deleted_at DESC", (session,)).fetchall()
        return [_row_to_project(r) for r in rows]

    def purge_expired_trash(self, days: int = TRASH_DAYS, now: datetime | None = None) -> int:
        """Remove projects and rows that have been in the trash longer than ``days``."""
        cutoff = ((now or datetime.now(UTC)) - timedelta(days=days)).isoformat(timespec="microseconds")
        expired = self.conn.execute("SELECT EXISTS(SELECT 1 FROM projects WHERE deleted_at < ?)"
                                    " OR EXISTS(SELECT 1 FROM examples WHERE deleted_at < ?)",
                                    (cutoff, cutoff)).fetchone()
        if not expired[0]:
            return 0  # the usual case: no write lock taken on every visit to Home
        with self.tx() as conn:
            projects = conn.execute("DELETE FROM projects WHERE deleted_at < ?", (cutoff,)).rowcount
            rows = conn.execute("DELETE FROM examples WHERE deleted_at < ?", (cutoff,)).rowcount
        return projects + rows

    def touch_project(self, project_id: int) -> None:
        self.conn.execute("UPDATE projects SET updated_at = ? WHERE id = ?", (now_iso(), project_id))

    # ----------------------------------------------------------------- settings
    @staticmethod
    def _write_setting(conn: sqlite3.Connection, project_id: int, key: str, value: Any, stamp: str) -> None:
        conn.execute(
            "INSERT INTO project_settings (project_id, key, value, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(project_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (project_id, key, json.dumps(value, ensure_ascii=False), stamp))

    def get_settings(self, project_id: int) -> dict[str, Any]:
        rows = self.conn.execute("SELECT key, value FROM project_settings WHERE project_id = ?", (project_id,))
        return {r["key"]: json.loads(r["value"]) for r in rows}

    def get_setting(self, project_id: int, key: str, default: Any = None) -> Any:
        r = self.conn.execute("SELECT value FROM project_settings WHERE project_id = ? AND key = ?",
                              (project_id, key)).fetchone()
        return json.loads(r["value"]) if r else default

    def set_setting(self, project_id: int, key: str, value: Any) -> None:
        with self.tx() as conn:
            self._write_setting(conn, project_id, key, value, now_iso())

    # ----------------------------------------------------------------- examples
    @staticmethod
    def _row_to_example(r: sqlite3.Row) -> Example:
        return Example(
            id=r["id"], project_id=r["project_id"], question=r["question"], answer=r["answer"],
            system_prompt=r["system_prompt"], tags=normalise_tags(r["tags"]), status=r["status"],
            messages=json.loads(r["messages"]) if r["messages"] else None, source=r["source"],
            error=r["error"], created_at=r["created_at"], updated_at=r["updated_at"],
            extra=json.loads(r["extra"]) if r["extra"] else {}, answer_waiting=bool(r["answer_waiting"]),
            deleted_at=r["deleted_at"])

    def add_examples(self, project_id: int, rows: Iterable[NewExample], source: str = "import",
                     model: str | None = None) -> list[int]:
        """Insert rows in one transaction; each non-empty answer becomes version 1 of its history."""
        stamp = now_iso()
        ids: list[int] = []
        with self.tx() as conn:
            for row in rows:
                if row.status not in STATUSES:
                    raise StoreError("bad_status", status=row.status)
                question, answer = row.question, row.answer
                messages_json = None
                if row.messages is not None:
                    messages_json = json.dumps(list(row.messages), ensure_ascii=False)
                    question, answer = mirror_fields(row.messages)
                example_id = conn.execute(
                    "INSERT INTO examples (project_id, question, answer, system_prompt, tags, status, messages,"
                    " extra, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (project_id, question, answer, row.system_prompt, ",".join(normalise_tags(row.tags)),
                     row.status, messages_json, json.dumps(row.extra, ensure_ascii=False) if row.extra else None,
                     source, stamp, stamp)).lastrowid
                if answer:
                    conn.execute(
                        "INSERT INTO answer_versions (example_id, answer, source, model, created_at) VALUES (?, ?, ?, ?, ?)",
                        (example_id, answer, source, model, stamp))
                ids.append(int(example_id))
            conn.execute("UPDATE projects SET updated_at = ? WHERE id = ?", (stamp, project_id))
        return ids

    def get_example(self, example_id: int) -> Example | None:
        """A live example (None once it is in the trash)."""
        r = self.conn.execute(f"SELECT * FROM examples WHERE id = ? AND {_LIVE}", (example_id,)).fetchone()
        return self._row_to_example(r) if r else None

    def update_example(self, example_id: int, *, source: str = "edit", model: str | None = None,
                       **fields: Any) -> bool:
        """Write only the given fields. A changed answer is appended to the history.

        Returns False when the example no longer exists (deleted in another
        session), so the caller can say so instead of failing.
        """
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise StoreError("unknown_fields", fields=sorted(unknown))
        if "status" in fields and fields["status"] not in STATUSES:
            raise StoreError("bad_status", status=fields["status"])
        values = dict(fields)
        if "tags" in values:
            values["tags"] = ",".join(normalise_tags(values["tags"]))
        if "extra" in values:
            values["extra"] = json.dumps(values["extra"], ensure_ascii=False) if values["extra"] else None
        for text_field in ("question", "answer"):
            if text_field in values and values[text_field] is None:
                values[text_field] = ""
        stamp = now_iso()
        with self.tx() as conn:
            current = conn.execute(f"SELECT answer, messages FROM examples WHERE id = ? AND {_LIVE}",
                                   (example_id,)).fetchone()
            if current is None:
                return False
            if current["messages"] and ("question" in values or "answer" in values):
                # Keep the conversation and its mirror columns in step.
                messages = json.loads(current["messages"])
                _apply_mirror_edit(messages, values.get("question"), values.get("answer"))
                values["messages"] = json.dumps(messages, ensure_ascii=False)
            if not values:
                return True
            if source != "generated" and CURATED_FIELDS & set(fields):
                values["touched_at"] = stamp
            assignments = ", ".join(f"{name} = ?" for name in values)
            conn.execute(f"UPDATE examples SET {assignments}, updated_at = ? WHERE id = ?",
                         [*values.values(), stamp, example_id])
            if "answer" in values and values["answer"] != current["answer"]:
                self._record_version(conn, example_id, values["answer"], source, model, stamp)
        return True

    @staticmethod
    def _record_version(conn: sqlite3.Connection, example_id: int, answer: str, source: str,
                        model: str | None, stamp: str) -> None:
        conn.execute(
            "INSERT INTO answer_versions (example_id, answer, source, model, created_at) VALUES (?, ?, ?, ?, ?)",
            (example_id, answer, source, model, stamp))

    def set_messages(self, example_id: int, messages: Sequence[dict[str, Any]], source: str = "edit") -> bool:
        """Replace a conversation (multi-turn editor); mirrors and history follow."""
        question, answer = mirror_fields(messages)
        stamp = now_iso()
        with self.tx() as conn:
            current = conn.execute(f"SELECT answer FROM examples WHERE id = ? AND {_LIVE}", (example_id,)).fetchone()
            if current is None:
                return False
            conn.execute("UPDATE examples SET messages = ?, question = ?, answer = ?, updated_at = ?, touched_at = ?"
                         " WHERE id = ?", (json.dumps(list(messages), ensure_ascii=False), question, answer, stamp,
                                           stamp, example_id))
            if answer != current["answer"]:
                self._record_version(conn, example_id, answer, source, None, stamp)
        return True

    def set_status(self, example_ids: Iterable[int], status: str) -> int:
        if status not in STATUSES:
            raise StoreError("bad_status", status=status)
        ids = list(example_ids)
        stamp = now_iso()
        with self.tx() as conn:
            for chunk in _chunks(ids):
                conn.execute(f"UPDATE examples SET status = ?, updated_at = ?, touched_at = ?"
                             f" WHERE id IN ({','.join('?' * len(chunk))})", [status, stamp, stamp, *chunk])
        return len(ids)

    def delete_examples(self, example_ids: Iterable[int]) -> int:
        """Move rows to their project's trash (``restore_examples`` brings them back)."""
        ids = list(example_ids)
        stamp = now_iso()
        moved = 0
        with self.tx() as conn:
            for chunk in _chunks(ids):
                moved += conn.execute(f"UPDATE examples SET deleted_at = ?, updated_at = ?"
                                      f" WHERE {_LIVE} AND id IN ({','.join('?' * len(chunk))})",
                                      [stamp, stamp, *chunk]).rowcount
        return moved

    def restore_examples(self, example_ids: Iterable[int]) -> int:
        ids = list(example_ids)
        stamp = now_iso()
        restored = 0
        with self.tx() as conn:
            for chunk in _chunks(ids):
                restored += conn.execute(f"UPDATE examples SET deleted_at = NULL, updated_at = ?"
                                         f" WHERE deleted_at IS NOT NULL AND id IN ({','.join('?' * len(chunk))})",
                                         [stamp, *chunk]).rowcount
        return restored

    def purge_examples(self, example_ids: Iterable[int]) -> int:
        """Delete rows for good (undoing a failed import; never from the UI's delete button)."""
        ids = list(example_ids)
        with self.tx() as conn:
            for chunk in _chunks(ids):
                conn.execute(f"DELETE FROM examples WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        return len(ids)

    def clear_waiting(self, example_id: int) -> None:
        """The person has looked at the waiting machine answer (picked a variant or dismissed it)."""
        with self.tx() as conn:
            conn.execute("UPDATE examples SET answer_waiting = 0 WHERE id = ?", (example_id,))

    def count_by_status(self, project_id: int) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for r in self.conn.execute(f"SELECT status, COUNT(*) AS n FROM examples WHERE project_id = ? AND {_LIVE}"
                                   " GROUP BY status", (project_id,)):
            counts[r["status"]] = r["n"]
        return counts

    def count_examples(self, project_id: int, where: ExampleFilter | None = None) -> int:
        clause, params = (where or ExampleFilter()).where()
        sql = "SELECT COUNT(*) FROM examples WHERE project_id = ?" + (f" AND {clause}" if clause else "")
        return int(self.conn.execute(sql, [project_id, *params]).fetchone()[0])

    def query_examples(self, project_id: int, where: ExampleFilter | None = None,
                       offset: int = 0, limit: int = 100) -> list[Example]:
        """One page of examples, oldest first; only this page leaves SQLite."""
        clause, params = (where or ExampleFilter()).where()
        sql = ("SELECT * FROM examples WHERE project_id = ?" + (f" AND {clause}" if clause else "")
               + " ORDER BY id LIMIT ? OFFSET ?")
        return [self._row_to_example(r) for r in self.conn.execute(sql, [project_id, *params, limit, offset])]

    def filtered_ids(self, project_id: int, where: ExampleFilter | None = None) -> list[int]:
        clause, params = (where or ExampleFilter()).where()
        sql = "SELECT id FROM examples WHERE project_id = ?" + (f" AND {clause}" if clause else "") + " ORDER BY id"
        return [r[0] for r in self.conn.execute(sql, [project_id, *params])]

    def iter_examples(self, project_id: int, ids: Iterable[int] | None = None,
                      statuses: Sequence[str] = ()) -> Iterator[Example]:
        """Stream examples without holding them all in memory (exports, validation)."""
        if ids is not None:
            for chunk in _chunks(list(ids)):
                sql = (f"SELECT * FROM examples WHERE project_id = ? AND {_LIVE}"
                       f" AND id IN ({','.join('?' * len(chunk))}) ORDER BY id")
                for r in self.conn.execute(sql, [project_id, *chunk]).fetchall():
                    yield self._row_to_example(r)
            return
        where = ExampleFilter(statuses=tuple(statuses))
        last_id = 0
        while True:
            clause, params = where.where()
            sql = ("SELECT * FROM examples WHERE project_id = ? AND id > ?" + (f" AND {clause}" if clause else "")
                   + " ORDER BY id LIMIT 1000")
            rows = self.conn.execute(sql, [project_id, last_id, *params]).fetchall()
            if not rows:
                return
            for r in rows:
                yield self._row_to_example(r)
            last_id = rows[-1]["id"]

    def all_tags(self, project_id: int) -> list[str]:
        tags: dict[str, None] = {}
        for r in self.conn.execute("SELECT DISTINCT tags FROM examples"
                                   f" WHERE project_id = ? AND {_LIVE} AND tags != ''", (project_id,)):
            for tag in normalise_tags(r[0]):
                tags.setdefault(tag, None)
        return sorted(tags)

    def existing_keys(self, project_id: int) -> tuple[set[str], set[str]]:
        """(full example keys, question-only keys) already in the project, for import de-duplication."""
        full, questions = set(), set()
        for r in self.conn.execute("SELECT question, answer, system_prompt, messages FROM examples"
                                   f" WHERE project_id = ? AND {_LIVE}", (project_id,)):
            messages = json.loads(r["messages"]) if r["messages"] else None
            full.add(dedup_key(r["question"], r["answer"], r["system_prompt"], messages))
            questions.add(dedup_key(r["question"], "", r["system_prompt"], None))
        return full, questions

    def answer_history(self, example_id: int) -> list[AnswerVersion]:
        rows = self.conn.execute("SELECT * FROM answer_versions WHERE example_id = ? ORDER BY id", (example_id,))
        return [AnswerVersion(r["id"], r["example_id"], r["answer"], r["source"], r["model"], r["created_at"])
                for r in rows]

    # ---------------------------------------------------- variants and pairs
    def add_variant(self, example_id: int, answer: str, model: str | None = None,
                    temperature: float | None = None, run_id: int | None = None) -> int:
        with self.tx() as conn:
            return int(conn.execute(
                "INSERT INTO answer_variants (example_id, answer, model, temperature, run_id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)", (example_id, answer, model, temperature, run_id, now_iso())).lastrowid)

    def list_variants(self, example_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT * FROM answer_variants WHERE example_id = ? ORDER BY id", (example_id,))]

    def choose_variant(self, variant_id: int) -> bool:
        """Make one variant the example's answer; the others stay as DPO candidates."""
        r = self.conn.execute("SELECT example_id, answer, model FROM answer_variants WHERE id = ?",
                              (variant_id,)).fetchone()
        if r is None:
            return False
        with self.tx() as conn:
            conn.execute("UPDATE answer_variants SET chosen = (id = ?) WHERE example_id = ?", (variant_id, r["example_id"]))
            conn.execute("UPDATE examples SET answer_waiting = 0 WHERE id = ?", (r["example_id"],))
        return self.update_example(r["example_id"], answer=r["answer"], source="variant", model=r["model"])

    def add_preference_pair(self, project_id: int, messages: Sequence[dict[str, Any]], preferred: str,
                            non_preferred: str, source: str, example_id: int | None = None,
                            ref: str | None = None) -> int:
        with self.tx() as conn:
            return int(conn.execute(
                "INSERT INTO preference_pairs (project_id, example_id, messages, preferred, non_preferred, source,"
                " ref, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (project_id, example_id, json.dumps(list(messages), ensure_ascii=False), preferred, non_preferred,
                 source, ref, now_iso())).lastrowid)

    def list_preference_pairs(self, project_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM preference_pairs WHERE project_id = ? ORDER BY id", (project_id,))
        return [{**dict(r), "messages": json.loads(r["messages"])} for r in rows]


def _apply_mirror_edit(messages: list[dict[str, Any]], question: str | None, answer: str | None) -> None:
    if question is not None:
        for message in messages:
            if message.get("role") == "user":
                message["content"] = question
                break
    if answer is not None:
        for message in reversed(messages):
            if message.get("role") == "assistant":
                message["content"] = answer
                break


def _chunks(items: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
