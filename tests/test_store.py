"""Unit tests for core/data (connection and the Store facade).

Migrations, per-field last-write-wins, history, cascades, paging, rollback.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import inspect, text

from core.data import schema as legacy_schema
from core.data.schema import SCHEMA_VERSION, migrate
from core.data.store import ExampleFilter, NewExample, Store, StoreError, normalise_tags
from core.data.upgrade import current_revision, head_revision


def _user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


# ------------------------------------------------------------------ migrations
def test_fresh_workspace_is_at_the_head_revision(store):
    with store.engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        tables = set(inspect(connection).get_table_names())
    assert {"projects", "examples", "answer_versions", "answer_variants", "preference_pairs", "splits"} <= tables
    if store.dialect == "sqlite":
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_legacy_migrate_runs_only_missing_steps_and_is_idempotent(tmp_path):
    conn = sqlite3.connect(tmp_path / "w.sqlite3", isolation_level=None)
    assert migrate(conn) == 0
    assert _user_version(conn) == SCHEMA_VERSION
    # A second run starts at the current version and changes nothing.
    assert migrate(conn) == SCHEMA_VERSION
    assert _user_version(conn) == SCHEMA_VERSION
    conn.close()


def test_a_workspace_from_a_newer_sqlite3_store_is_refused_not_damaged(tmp_path):
    path = tmp_path / "newer.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert caught.value.code == "workspace_too_new"
    conn = sqlite3.connect(path)
    assert _user_version(conn) == SCHEMA_VERSION + 5
    conn.close()


def test_a_workspace_a_newer_app_upgraded_is_refused_not_damaged(any_database_url):
    with Store(any_database_url) as store:
        store.create_project("Kept")
        with store.tx() as conn:
            conn.execute("UPDATE alembic_version SET version_num = ?", ("9999_from_the_future",))
        engine = store.engine
    from core.data.connection import forget_engine

    forget_engine(any_database_url)
    with pytest.raises(StoreError) as caught:
        Store(any_database_url)
    assert caught.value.code == "workspace_too_new"
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM projects")).scalar_one() == "Kept"


def test_a_failing_legacy_migration_rolls_back_and_keeps_the_old_version(tmp_path, monkeypatch):
    path = tmp_path / "broken.sqlite3"
    monkeypatch.setattr(
        legacy_schema, "MIGRATIONS", [*legacy_schema.MIGRATIONS, "CREATE TABLE extra_ok (x);\nCREATE TABLE broken ("]
    )
    monkeypatch.setattr(legacy_schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.Error):
        legacy_schema.migrate(conn)
    assert _user_version(conn) == SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "extra_ok" not in tables and "examples" in tables
    conn.close()


# ------------------------------------------------------------------ projects
def test_project_names_are_unique_and_never_empty(store):
    store.create_project("Café")
    with pytest.raises(StoreError) as taken:
        store.create_project("  Café ")
    assert taken.value.code == "project_name_taken"
    with pytest.raises(StoreError) as empty:
        store.create_project("   ")
    assert empty.value.code == "project_name_empty"
    assert store.unique_project_name("Café") == "Café (2)"


def test_settings_round_trip_as_json(store):
    project_id = store.create_project("P", settings={"training_system_prompt": "짧은 프롬프트"})
    store.set_setting(project_id, "temperature", 0.7)
    assert store.get_settings(project_id) == {"training_system_prompt": "짧은 프롬프트", "temperature": 0.7}
    assert store.get_setting(project_id, "missing", "fallback") == "fallback"


def test_deleting_a_project_forever_cascades_to_everything_it_owns(store):
    project_id = store.create_project("Doomed")
    other_id = store.create_project("Kept")
    [example_id] = store.add_examples(project_id, [NewExample("q", "a")])
    store.add_examples(other_id, [NewExample("q2", "a2")])
    store.add_variant(example_id, "variant")
    store.add_preference_pair(project_id, [{"role": "user", "content": "q"}], "good", "bad", "edit", example_id)
    store.delete_project(project_id)
    assert store.purge_project(project_id)
    for table in ("examples", "answer_versions", "answer_variants", "preference_pairs", "project_settings"):
        column = "example_id" if table in ("answer_versions", "answer_variants") else "project_id"
        assert (
            store.conn.execute(
                f"SELECT COUNT(*) FROM {table} WHERE {column} = ?",
                (example_id if column == "example_id" else project_id,),
            ).fetchone()[0]
            == 0
        )
    assert store.count_examples(other_id) == 1


# ------------------------------------------------------------------ examples and history
def test_first_answer_and_every_edit_are_kept_with_time(store):
    project_id = store.create_project("P")
    [example_id] = store.add_examples(project_id, [NewExample("q", "generated")], source="generate", model="gpt-x")
    assert store.update_example(example_id, answer="edited once")
    assert store.update_example(example_id, answer="edited once")  # no change: no new version
    assert store.update_example(example_id, answer="edited twice")
    history = store.answer_history(example_id)
    assert [(v.answer, v.source) for v in history] == [
        ("generated", "generate"),
        ("edited once", "edit"),
        ("edited twice", "edit"),
    ]
    assert history[0].model == "gpt-x"
    assert history[0].created_at < history[1].created_at < history[2].created_at


def test_two_sessions_last_write_wins_per_field_and_history_keeps_both(workspace):
    with Store(workspace) as first, Store(workspace) as second:
        project_id = first.create_project("Shared")
        [example_id] = first.add_examples(project_id, [NewExample("question", "original")])
        # Both sessions loaded the example; each edits a different field…
        assert first.update_example(example_id, answer="answer from A")
        assert second.update_example(example_id, status="approved", tags="menu")
        # …then both edit the answer: the later write wins.
        assert second.update_example(example_id, answer="answer from B")
        seen_by_first = first.get_example(example_id)
    assert seen_by_first.answer == "answer from B"
    assert seen_by_first.status == "approved" and seen_by_first.tags == ["menu"]
    assert seen_by_first.question == "question"
    with Store(workspace) as check:
        answers = [v.answer for v in check.answer_history(example_id)]
    assert answers == ["original", "answer from A", "answer from B"]


def test_updating_a_deleted_example_reports_false(store):
    project_id = store.create_project("P")
    [example_id] = store.add_examples(project_id, [NewExample("q")])
    store.delete_examples([example_id])
    assert store.update_example(example_id, answer="late edit") is False
    assert store.set_messages(example_id, [{"role": "user", "content": "x"}]) is False


def test_update_rejects_unknown_fields_and_bad_status(store):
    project_id = store.create_project("P")
    [example_id] = store.add_examples(project_id, [NewExample("q")])
    with pytest.raises(StoreError):
        store.update_example(example_id, **{"id = 1; DROP TABLE examples; --": "x"})
    with pytest.raises(StoreError):
        store.update_example(example_id, status="published")
    assert store.get_example(example_id).status == "draft"


def test_multi_turn_mirrors_and_history_follow_the_conversation(store):
    project_id = store.create_project("P")
    messages = (
        {"role": "system", "content": "s"},
        {"role": "user", "content": "first q"},
        {"role": "assistant", "content": "first a", "weight": 0},
        {"role": "user", "content": "second q"},
        {"role": "assistant", "content": "last a"},
    )
    [example_id] = store.add_examples(project_id, [NewExample("", messages=messages)])
    example = store.get_example(example_id)
    assert (example.question, example.answer) == ("first q", "last a")
    assert example.messages[2]["weight"] == 0
    store.update_example(example_id, answer="last a, edited")
    assert store.get_example(example_id).messages[-1]["content"] == "last a, edited"
    store.set_messages(example_id, [*messages[:4], {"role": "assistant", "content": "rewritten"}])
    assert store.get_example(example_id).answer == "rewritten"
    assert [v.answer for v in store.answer_history(example_id)] == ["last a", "last a, edited", "rewritten"]


def test_tags_are_normalised():
    assert normalise_tags(" menu, rent ;menu,, 임대료 ") == ["menu", "rent", "임대료"]
    assert normalise_tags(None) == []


# ------------------------------------------------------------------ paging and filters
@pytest.fixture
def filled(store):
    project_id = store.create_project("P")
    rows = [
        NewExample(
            f"question {i}",
            f"answer {i}",
            tags=("even",) if i % 2 == 0 else ("odd", "x_y"),
            status="approved" if i % 3 == 0 else "draft",
        )
        for i in range(250)
    ]
    ids = store.add_examples(project_id, rows)
    return store, project_id, ids


def test_pages_come_in_id_order_without_overlap(filled):
    store, project_id, ids = filled
    seen: list[int] = []
    for offset in range(0, 250, 100):
        seen += [e.id for e in store.query_examples(project_id, offset=offset, limit=100)]
    assert seen == ids


def test_filters_by_status_tag_and_text(filled):
    store, project_id, ids = filled
    approved = ExampleFilter(statuses=("approved",))
    assert store.count_examples(project_id, approved) == len(range(0, 250, 3))
    assert store.count_examples(project_id, ExampleFilter(tag="even")) == 125
    # The tag filter matches whole tags only, and LIKE wildcards in input are literal.
    assert store.count_examples(project_id, ExampleFilter(tag="eve")) == 0
    assert store.count_examples(project_id, ExampleFilter(tag="x_y")) == 125
    assert store.count_examples(project_id, ExampleFilter(text="x%y")) == 0
    # Case doesn't matter for a search, on either engine.
    assert store.count_examples(project_id, ExampleFilter(text="QUESTION 24")) == store.count_examples(
        project_id, ExampleFilter(text="question 24")
    )
    assert store.count_examples(project_id, ExampleFilter(tag="EVEN")) == 125
    assert [e.question for e in store.query_examples(project_id, ExampleFilter(text="question 24"))] == [
        "question 24"
    ] + [f"question {i}" for i in range(240, 250)]
    combined = ExampleFilter(statuses=("approved",), tag="even", text="answer")
    assert store.filtered_ids(project_id, combined) == [ids[i] for i in range(0, 250, 6)]


def test_bulk_status_and_delete_touch_only_the_given_ids(filled):
    store, project_id, ids = filled
    assert store.set_status(ids[:10], "rejected") == 10
    assert store.count_by_status(project_id)["rejected"] == 10
    assert store.delete_examples(ids[:5]) == 5
    assert store.count_examples(project_id) == 245
    # Deleted rows wait in the trash with their history.
    assert len(store.answer_history(ids[0])) == 1


def test_iter_examples_streams_everything_in_order(filled):
    store, project_id, ids = filled
    assert [e.id for e in store.iter_examples(project_id)] == ids
    assert [e.id for e in store.iter_examples(project_id, ids=ids[10:20])] == ids[10:20]


def test_paging_query_uses_the_project_index(filled):
    store, project_id, _ = filled
    if store.dialect != "sqlite":
        pytest.skip("a SQLite query plan; PostgreSQL chooses its plan from table statistics")
    plan = " ".join(
        r[-1]
        for r in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM examples WHERE project_id = ? ORDER BY id LIMIT 50 OFFSET 100",
            (project_id,),
        )
    )
    assert "examples_by_project" in plan and "TEMP B-TREE" not in plan


# ------------------------------------------------------------------ transactions
def test_a_failed_transaction_leaves_nothing_behind(store):
    project_id = store.create_project("P")
    with pytest.raises(StoreError):
        store.add_examples(project_id, [NewExample("fine"), NewExample("bad", status="nope")])
    assert store.count_examples(project_id) == 0
    with pytest.raises(RuntimeError):
        with store.tx() as conn:
            conn.execute("UPDATE projects SET name = 'renamed' WHERE id = ?", (project_id,))
            raise RuntimeError("boom")
    assert store.get_project(project_id).name == "P"


def test_a_database_url_turned_into_a_path_is_refused_not_made_into_a_stray_file(tmp_path, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError):
        Store(Path("postgresql+psycopg://studio@127.0.0.1:5432/team"))
    assert list(tmp_path.iterdir()) == []
