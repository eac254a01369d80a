"""core/data/runs.py: a run's answer goes through the store's one edit path, in its item's transaction."""

from __future__ import annotations

from core.data import runs
from core.data.store import NewExample


def _run_on(store, question: str = "Q?") -> tuple[int, int]:
    project = store.create_project("P")
    [example] = store.add_examples(project, [NewExample(question=question)])
    run_id = runs.insert_run(
        store,
        project,
        kind="answers",
        mode="live",
        status="running",
        settings_json="{}",
        owner="test",
        example_ids=[example],
        variants=1,
    )
    return run_id, example


def _answer(example: int, text: str, source: str = "generated") -> runs.ItemOutcome:
    return runs.ItemOutcome(
        example_id=example,
        variant=0,
        ok=True,
        answer=text,
        cost_usd=0.01,
        attempts=1,
        model="m",
        temperature=0.7,
        source=source,
    )


def test_an_answer_lands_with_its_item_done_and_its_history_entry(store):
    run_id, example = _run_on(store)
    assert runs.record_item(store, run_id, _answer(example, "A", source="repair"))
    assert store.get_example(example).answer == "A"
    assert [(v.answer, v.source, v.model) for v in store.answer_history(example)] == [("A", "repair", "m")]
    assert runs.item_counts(store, run_id) == {"done": 1}
    assert runs.get_run(store, run_id)["cost_usd"] == 0.01
    # A duplicate delivery changes nothing.
    assert not runs.record_item(store, run_id, _answer(example, "B"))
    assert store.get_example(example).answer == "A"


def test_a_machine_answer_does_not_count_as_a_persons_touch(store):
    """A later run may still replace it: only a person's edit turns later answers into variants."""
    run_id, example = _run_on(store)
    second = runs.insert_run(
        store,
        store.get_example(example).project_id,
        kind="answers",
        mode="live",
        status="running",
        settings_json="{}",
        owner="test",
        example_ids=[example],
        variants=1,
    )
    # The first run's answer arrives after the second run started; it is no person's work.
    runs.record_item(store, run_id, _answer(example, "first", source="repair"))
    assert runs.record_item(store, second, _answer(example, "second"))
    row = store.get_example(example)
    assert (row.answer, row.answer_waiting) == ("second", False)


def test_an_answer_after_a_persons_edit_waits_as_a_variant(store):
    run_id, example = _run_on(store)
    store.update_example(example, answer="mine")
    assert runs.record_item(store, run_id, _answer(example, "machine"))
    row = store.get_example(example)
    assert (row.answer, row.answer_waiting) == ("mine", True)
    assert [v["answer"] for v in store.list_variants(example)] == ["machine"]


def test_a_row_moved_to_the_trash_mid_run_keeps_its_answer_for_when_it_comes_back(store):
    run_id, example = _run_on(store)
    store.delete_examples([example])
    assert runs.record_item(store, run_id, _answer(example, "A"))
    store.restore_examples([example])
    assert store.get_example(example).answer == "A"
