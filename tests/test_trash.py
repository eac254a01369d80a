"""Nothing is hard-deleted from the UI: deleted projects and rows wait in a trash and come back whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.data.store import ExampleFilter, NewExample
from core.dataset import export, validate
from core.dataset.split import eligible_ids, make_split


def test_a_deleted_project_waits_in_the_trash_and_is_restored_whole(store):
    project_id = store.create_project("Team work")
    ids = store.add_examples(project_id, [NewExample("q1", "a1", status="approved"), NewExample("q2", "a2")])
    store.delete_project(project_id)
    assert store.get_project(project_id) is None
    assert [p.id for p in store.list_projects()] == []
    assert [p.id for p in store.trashed_projects()] == [project_id]
    assert store.restore_project(project_id)
    assert store.get_project(project_id).name == "Team work"
    assert [e.id for e in store.iter_examples(project_id)] == ids
    assert store.trashed_projects() == []


def test_a_late_answer_for_a_deleted_row_is_not_sent_again(store):
    from core.workflows import generation

    project_id = store.create_project("P")
    ids = store.add_examples(project_id, [NewExample("q1"), NewExample("q2")])
    run_id = generation.create_run(store, project_id, generation.GenSettings(), ids)
    store.delete_examples([ids[0]])
    assert [r.key for r in generation.pending_requests(store, run_id)] == [f"{ids[1]}:0"]
    assert generation.target_ids(store, project_id, generation.SCOPE_ALL) == [ids[1]]


def test_only_a_trashed_project_can_be_deleted_forever(store):
    project_id = store.create_project("Live")
    assert not store.purge_project(project_id)
    assert store.get_project(project_id) is not None


def test_the_name_of_a_trashed_project_says_so_when_reused(store):
    import pytest

    from core.data.store import StoreError

    store.delete_project(store.create_project("Taken"))
    with pytest.raises(StoreError) as raised:
        store.create_project("Taken")
    assert raised.value.code == "project_name_in_trash"


def test_trash_older_than_thirty_days_is_purged_and_newer_kept(store):
    old, new = store.create_project("Old"), store.create_project("New")
    store.delete_project(old)
    store.delete_project(new)
    later = datetime.now(UTC) + timedelta(days=31)
    store.conn.execute(
        "UPDATE projects SET deleted_at = ? WHERE id = ?", ((datetime.now(UTC) - timedelta(days=31)).isoformat(), old)
    )
    kept = store.create_project("Kept")
    [old_row, new_row] = store.add_examples(kept, [NewExample("old row"), NewExample("new row")])
    store.delete_examples([old_row, new_row])
    store.conn.execute(
        "UPDATE examples SET deleted_at = ? WHERE id = ?",
        ((datetime.now(UTC) - timedelta(days=31)).isoformat(), old_row),
    )
    assert store.purge_expired_trash() == 2
    assert [p.id for p in store.trashed_projects()] == [new]
    assert store.filtered_ids(kept, ExampleFilter(deleted=True)) == [new_row]
    assert store.purge_expired_trash() == 0
    assert store.purge_expired_trash(now=later) == 2


def test_deleted_rows_are_listed_in_the_trash_and_restored(store):
    project_id = store.create_project("P")
    ids = store.add_examples(project_id, [NewExample(f"q{i}", f"a{i}") for i in range(3)])
    assert store.delete_examples([ids[1]]) == 1
    assert store.filtered_ids(project_id) == [ids[0], ids[2]]
    assert store.filtered_ids(project_id, ExampleFilter(deleted=True)) == [ids[1]]
    assert store.get_example(ids[1]) is None
    assert store.restore_examples([ids[1]]) == 1
    assert store.filtered_ids(project_id) == ids
    assert store.get_example(ids[1]).answer == "a1"


def test_deleted_rows_never_reach_export_validation_or_counts(store):
    project_id = store.create_project("P")
    ids = store.add_examples(
        project_id, [NewExample(f"question {i}", f"answer {i}", status="approved") for i in range(12)]
    )
    split = make_split(store, project_id)
    gone = ids[0]
    store.delete_examples([gone])
    assert gone not in eligible_ids(store, project_id)
    assert sum(store.count_by_status(project_id).values()) == 11
    every_id = split.train_ids + split.valid_ids
    lines = list(export.iter_chat_jsonl(store, project_id, every_id))
    assert len(lines) == 11 and not any('question 0"' in line for line in lines)
    assert export.csv_bytes(store, project_id).decode("utf-8-sig").count("question 0,") == 0
    records = list(validate.project_records(store, project_id, every_id))
    assert gone not in [example_id for _record, example_id, _billed in records]
    report = validate.validate_project(store, project_id, split=split)
    assert report.n_examples == 11
