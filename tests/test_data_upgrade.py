"""Start-up migrations: Alembic's baseline, today's SQLite workspaces taken over in place, one server at a time."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, insert, inspect, text

from core.data.engine import make_engine, sqlite_url
from core.data.schema import MIGRATIONS, SCHEMA_VERSION
from core.data.store import Store
from core.data.tables import metadata
from core.data.upgrade import ADVISORY_LOCK_KEY, BASELINE_REVISION, VERSION_TABLE, head_revision, upgrade_to_head
from tests.conftest import FIXTURES
from tests.test_data_tables import sqlite_schema

V5_FIXTURE = FIXTURES / "workspaces" / "v5.sqlite3"
# What the revisions after the baseline add (0002_documents, 0003_example_sources).
LATER_OBJECTS = {
    "documents",
    "documents_by_project",
    "document_chunks",
    "sqlite_autoindex_document_chunks_1",
    "example_sources",
    "example_sources_by_document",
    "grounding_checks",
}
LOCK_WAIT_S = 30


def _dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table the file has, in key order: what "nothing lost" is checked against."""
    conn = sqlite3.connect(path)
    try:
        present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {
            table.name: conn.execute(
                f'SELECT * FROM "{table.name}" ORDER BY ' + ", ".join(c.name for c in table.primary_key.columns)
            ).fetchall()
            for table in metadata.sorted_tables
            if table.name in present
        }
    finally:
        conn.close()


def _objects(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name != ? ORDER BY name", (VERSION_TABLE,)
        ).fetchall()
    finally:
        conn.close()


def _revision(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def _user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


# ------------------------------------------------------------------ SQLite
def test_the_v5_fixture_is_a_real_workspace_from_the_sqlite3_store():
    # Guards the upgrade test below: the fixture must hold data in every table and predate Alembic.
    assert _user_version(V5_FIXTURE) == SCHEMA_VERSION
    assert all(_dump(V5_FIXTURE).values()), "every table of the fixture should hold at least one row"
    conn = sqlite3.connect(V5_FIXTURE)
    assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (VERSION_TABLE,)).fetchone() is None
    conn.close()


def test_a_workspace_written_by_todays_main_is_stamped_and_loses_nothing(tmp_path: Path):
    path = tmp_path / "studio.sqlite3"
    shutil.copy(V5_FIXTURE, path)
    rows, objects = _dump(path), _objects(path)

    assert upgrade_to_head(sqlite_url(path)) == head_revision()

    # Stamped at the baseline, not rebuilt: every table and index exactly as it was; later revisions only add.
    assert _revision(path) == head_revision() != BASELINE_REVISION
    after = _objects(path)
    assert [item for item in after if item in objects] == objects
    assert {name for _, name, _ in after} - {name for _, name, _ in objects} == LATER_OBJECTS
    dumped = _dump(path)
    assert {table: dumped[table] for table in rows} == rows
    assert all(dumped[table] == [] for table in set(dumped) - set(rows))
    assert _user_version(path) == SCHEMA_VERSION
    # Today's store still opens it and sees the person's work.
    with Store(path) as store:
        project = store.list_projects()[0]
        approved = [e for e in store.iter_examples(project.id) if e.status == "approved"]
        assert [e.answer for e in approved] == ["사람이 고친 답변입니다."]
    assert upgrade_to_head(sqlite_url(path)) == head_revision()  # a second start changes nothing
    assert _dump(path) == dumped


def test_an_older_workspace_is_brought_to_version_5_then_stamped(tmp_path: Path):
    path = tmp_path / "v2.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:2]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO projects (name, created_at, updated_at) VALUES ('old', 't0', 't0')")
    conn.execute(
        "INSERT INTO examples (project_id, question, answer, created_at, updated_at)"
        " VALUES (1, '질문', '답', 't0', 't0')"
    )
    conn.close()

    upgrade_to_head(sqlite_url(path))

    assert _user_version(path) == SCHEMA_VERSION and _revision(path) == head_revision()
    current = tmp_path / "current.sqlite3"
    Store(current).close()
    assert sqlite_schema(path) == sqlite_schema(current)
    assert [row[:4] for row in _dump(path)["examples"]] == [(1, 1, "질문", "답")]


def test_a_new_sqlite_workspace_gets_the_baseline_and_todays_store_can_use_it(tmp_path: Path):
    path = tmp_path / "new" / "studio.sqlite3"
    upgrade_to_head(sqlite_url(path))
    assert _user_version(path) == SCHEMA_VERSION and _revision(path) == head_revision()
    with Store(path) as store:  # must not try to run migration 1 on top of the tables
        project_id = store.create_project("새 프로젝트")
        assert store.get_project(project_id).name == "새 프로젝트"


def test_an_sqlite_migration_holds_the_files_write_lock(tmp_path: Path):
    path = tmp_path / "studio.sqlite3"
    seen: list[str] = []

    def another_server_tries_to_write(_: Connection) -> None:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            seen.append("got the lock")
        except sqlite3.OperationalError as busy:
            seen.append(str(busy))
        finally:
            other.close()

    upgrade_to_head(sqlite_url(path), on_locked=another_server_tries_to_write)
    assert seen == ["database is locked"]


# ------------------------------------------------------------------ both engines
def test_a_new_workspace_holds_and_keeps_rows_through_a_second_start(any_database_url: str):
    database_url = any_database_url
    upgrade_to_head(database_url)
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            project_id = conn.execute(
                insert(metadata.tables["projects"])
                .values(name="팀 프로젝트", created_at="t0", updated_at="t0")
                .returning(text("id"))
            ).scalar_one()
            conn.execute(
                insert(metadata.tables["examples"]).values(
                    project_id=project_id, question="질문", created_at="t0", updated_at="t0"
                )
            )
        upgrade_to_head(database_url)
        with engine.connect() as conn:
            row = conn.execute(text("SELECT question, status, answer_waiting FROM examples")).one()
        assert tuple(row) == ("질문", "draft", 0)  # the schema's defaults hold on both engines
    finally:
        engine.dispose()


# ------------------------------------------------------------------ PostgreSQL
def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def test_the_baseline_creates_the_whole_schema_on_postgres(postgres_url: str):
    assert upgrade_to_head(postgres_url) == head_revision()
    assert _tables(postgres_url) == set(metadata.tables) | {VERSION_TABLE}
    assert upgrade_to_head(postgres_url) == head_revision()  # the next start finds nothing to do


def test_a_postgres_migration_holds_the_advisory_lock(postgres_url: str):
    seen: list[bool] = []
    engine = make_engine(postgres_url)

    def another_server_tries_the_lock(_: Connection) -> None:
        with engine.connect() as other:
            seen.append(
                other.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY}).scalar_one()
            )

    try:
        upgrade_to_head(postgres_url, on_locked=another_server_tries_the_lock)
    finally:
        engine.dispose()
    assert seen == [False]


def _waiting_for_advisory_lock(conn: Connection) -> bool:
    return bool(
        conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).scalar_one()
    )


def _race(url: str, first_waits_for: Callable[[Connection], bool] | None) -> list[BaseException | str]:
    """Two servers start at once; the first to hold the lock waits until the other is queued behind it."""
    outcomes: list[BaseException | str] = []
    start = threading.Barrier(2)
    queued = threading.Event()
    observer = make_engine(url)

    def hold_until_the_other_queues(_: Connection) -> None:
        if first_waits_for is None or queued.is_set():
            return
        queued.set()
        with observer.connect() as conn:
            for _ in range(LOCK_WAIT_S * 100):
                if first_waits_for(conn):
                    return
                threading.Event().wait(0.01)
        raise AssertionError("the second server never queued for the lock")

    def server() -> None:
        start.wait()
        try:
            outcomes.append(upgrade_to_head(url, on_locked=hold_until_the_other_queues))
        except BaseException as failure:  # noqa: BLE001 - reported to the test thread
            outcomes.append(failure)

    threads = [threading.Thread(target=server) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(LOCK_WAIT_S * 2)
    observer.dispose()
    return outcomes


def test_two_servers_starting_at_once_on_postgres_migrate_once(postgres_url: str):
    outcomes = _race(postgres_url, _waiting_for_advisory_lock)
    assert outcomes == [head_revision(), head_revision()]
    engine = make_engine(postgres_url)
    with engine.connect() as conn:
        assert conn.execute(text(f"SELECT count(*) FROM {VERSION_TABLE}")).scalar_one() == 1
    engine.dispose()


def test_two_servers_starting_at_once_on_sqlite_migrate_once(tmp_path: Path):
    path = tmp_path / "studio.sqlite3"
    outcomes = _race(sqlite_url(path), None)
    assert outcomes == [head_revision(), head_revision()]
    assert _revision(path) == head_revision()


def test_a_new_server_waits_for_another_servers_write_lock_before_switching_to_wal(tmp_path: Path):
    """SQLite fails a switch to WAL at once while another connection writes; the engine must wait instead.

    The start-up race above hit this only now and then (one server creating the
    file's first tables while the other connected); here the other writer is held
    on purpose, so it happens on every run.
    """
    path = tmp_path / "studio.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE first_server (x)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO first_server VALUES (1)")
    released = threading.Timer(0.5, writer.execute, ("COMMIT",))
    released.start()
    engine = make_engine(sqlite_url(path))
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
    finally:
        released.join()
        engine.dispose()
        writer.close()
