"""A setting stored as one JSON object is read, changed and written in one transaction.

Two sessions (threads, each with its own connection) change different fields
of the same setting at once; every change lands. With a plain get-then-set, one
session's write carries the other's stale copy of the object and silently
undoes its change.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event

from core.data.store import Store
from core.workflows import generation

ROUNDS = 150


def _hammer(path, project_id: int, write_one, errors: list[str], start: threading.Barrier) -> None:
    store = Store(path)
    try:
        start.wait(timeout=10)
        for value in range(ROUNDS):
            write_one(store, project_id, value)
    except Exception as exc:  # noqa: BLE001 - reported by the test below
        errors.append(repr(exc))
    finally:
        store.close()


def _run_side_by_side(path, project_id: int, *writers) -> list[str]:
    errors: list[str] = []
    start = threading.Barrier(len(writers))
    threads = [threading.Thread(target=_hammer, args=(path, project_id, w, errors, start)) for w in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def test_two_sessions_adding_fields_to_one_setting_keep_all_of_them(tmp_path):
    path = tmp_path / "ws.sqlite3"
    with Store(path) as store:
        project_id = store.create_project("P")

    def adder(prefix: str):
        def write_one(store: Store, project_id: int, value: int) -> None:
            store.update_setting(project_id, "shared", lambda saved: {**saved, f"{prefix}{value}": value}, {})

        return write_one

    assert _run_side_by_side(path, project_id, adder("a"), adder("b")) == []
    with Store(path) as store:
        saved = store.get_setting(project_id, "shared")
    assert sorted(saved) == sorted([f"a{i}" for i in range(ROUNDS)] + [f"b{i}" for i in range(ROUNDS)])


def test_a_visitor_changing_a_generate_choice_while_another_reads_them_loses_nothing(any_database_url):
    """The worst moment, made to happen: A has read the saved choices and not yet written them back.

    A's connection stops right after reading the setting until B has started
    writing. Inside one transaction B then waits for A and reads A's change;
    with a get-then-set both write a copy from before the other's change.
    """
    location = any_database_url
    with Store(location) as store:
        project_id = store.create_project("P")
        generation.save_option(store, project_id, "model", "gpt-4.1-mini")
        engine = store.engine
    a_has_read, b_writes = threading.Event(), threading.Event()
    first = Store(location)
    second = Store(location)
    threads_of: dict[str, int] = {}

    def pause_after_reading(conn, cursor, statement, *rest) -> None:
        if threading.get_ident() == threads_of.get("first") and "SELECT value FROM project_settings" in statement:
            if not a_has_read.is_set():
                a_has_read.set()
                assert b_writes.wait(timeout=30)

    def note_writing(conn, cursor, statement, *rest) -> None:
        # The statement that takes the write lock, sent before it waits for A's.
        if threading.get_ident() == threads_of.get("second") and (
            "BEGIN IMMEDIATE" in statement or "pg_advisory_xact_lock" in statement
        ):
            b_writes.set()

    event.listen(engine, "after_cursor_execute", pause_after_reading)
    event.listen(engine, "before_cursor_execute", note_writing)
    errors: list[str] = []

    def visitor(store: Store, name: str, value: object, wait_for: threading.Event | None) -> None:
        threads_of["first" if store is first else "second"] = threading.get_ident()
        try:
            if wait_for is not None:
                assert wait_for.wait(timeout=30)
            generation.save_option(store, project_id, name, value)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))

    threads = [
        threading.Thread(target=visitor, args=(first, "temperature", 1.3, None)),
        threading.Thread(target=visitor, args=(second, "max_tokens", 321, a_has_read)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    event.remove(engine, "after_cursor_execute", pause_after_reading)
    event.remove(engine, "before_cursor_execute", note_writing)
    first.close()
    second.close()
    assert errors == []
    with Store(location) as store:
        options = generation.load_options(store, project_id)
    assert (options.model, options.temperature, options.max_tokens) == ("gpt-4.1-mini", 1.3, 321)


def test_update_setting_writes_nothing_when_the_change_fails(tmp_path):
    with Store(tmp_path / "ws.sqlite3") as store:
        project_id = store.create_project("P")
        store.set_setting(project_id, "shared", {"kept": 1})

        def broken(saved: dict) -> dict:
            raise ValueError("no")

        with pytest.raises(ValueError):
            store.update_setting(project_id, "shared", broken, {})
        assert store.get_setting(project_id, "shared") == {"kept": 1}
        written = store.update_setting(project_id, "shared", lambda saved: {**saved, "added": 2})
        assert written == store.get_setting(project_id, "shared") == {"kept": 1, "added": 2}
