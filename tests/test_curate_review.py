"""Curate's grid bookkeeping, live refresh, review mode and history restore; Generate's rate and ETA."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.data.store import ExampleFilter, NewExample, Store
from core.dataset import curate, curate_grid, review
from core.dataset.sample import SETTING_TRAINING_PROMPT
from core.i18n import t
from core.workflows import generation
from core.workflows.generation import GenSettings
from tests.conftest import app_at

PAGE = "pages/3_Curate.py"


@pytest.fixture
def filled(workspace):
    with Store(workspace) as store:
        project_id = store.create_project("Café")
        ids = store.add_examples(project_id, [NewExample(f"question {i}", f"answer {i}") for i in range(8)])
        store.set_status(ids[:3], "approved")
        store.set_status(ids[3:4], "rejected")
    return workspace, project_id, ids


# ---------------------------------------------------------------- the grid
def test_only_cells_changed_since_the_last_save_are_new():
    applied = {"0": {"answer": "saved"}}
    current = {0: {"answer": "saved"}, 1: {"question": "typed"}, "2": {"select": True}}
    assert curate_grid.new_cell_edits(applied, current) == {"1": {"question": "typed"}, "2": {"select": True}}
    assert curate_grid.new_cell_edits(applied, {0: {"answer": "changed again"}}) == {"0": {"answer": "changed again"}}
    assert curate_grid.saved_report(current) == {
        "0": {"answer": "saved"},
        "1": {"question": "typed"},
        "2": {"select": True},
    }


def test_a_cell_typed_again_after_the_browser_dropped_it_is_saved_again():
    """The browser drops an edit once the grid's data shows it; typing the same value
    there again later (after someone else changed the cell) is a new edit."""
    applied = curate_grid.saved_report({0: {"status": "approved"}})  # saved
    applied = curate_grid.saved_report({})  # the browser's shorter report once the data shows it
    # a bulk action set the row back to draft; the user approves it in the grid again
    assert curate_grid.new_cell_edits(applied, {0: {"status": "approved"}}) == {"0": {"status": "approved"}}


def test_grid_key_depends_on_page_and_filter_only():
    where = ExampleFilter(statuses=("draft",), text="카페")
    key = curate_grid.editor_identity(1, 2, 50, where)
    assert key == curate_grid.editor_identity(1, 2, 50, ExampleFilter(statuses=("draft",), text="카페"))
    assert key != curate_grid.editor_identity(1, 3, 50, where)
    assert key != curate_grid.editor_identity(1, 2, 50, ExampleFilter(text="카페"))
    rows = curate_grid.editor_identity(1, 2, 50, where, [4, 5, 6])
    assert rows == curate_grid.editor_identity(1, 2, 50, where, [4, 5, 6])
    assert rows != curate_grid.editor_identity(1, 2, 50, where, [4, 6])  # a row deleted: a new widget


def test_refresh_is_due_only_when_what_the_grid_shows_changed(filled):
    """A redraw closes a grid cell being typed in, so an answer landing on another page must not cause one."""
    workspace, project_id, ids = filled
    with Store(workspace) as store:
        shown = ids[:5]
        seen = curate_grid.grid_view(store, project_id, ExampleFilter(), shown)
        assert not curate_grid.refresh_due(seen, store, project_id)
        assert not curate_grid.refresh_due(None, store, project_id)
        store.update_example(ids[7], answer="an answer for a row on another page")
        assert not curate_grid.refresh_due(seen, store, project_id)
        store.update_example(ids[2], answer="a new answer from the run, on this page")
        assert curate_grid.refresh_due(seen, store, project_id)
        assert not curate_grid.refresh_due(seen, store, project_id + 1)  # another project's page


def test_a_row_leaving_the_filter_redraws_the_page_even_when_it_is_not_shown(filled):
    workspace, project_id, ids = filled
    with Store(workspace) as store:
        missing = ExampleFilter(statuses=("draft",))
        shown = store.filtered_ids(project_id, missing)[:3]
        seen = curate_grid.grid_view(store, project_id, missing, shown)
        off_page = next(i for i in store.filtered_ids(project_id, missing) if i not in shown)
        store.update_example(off_page, status="approved", answer="approved off this page")
        assert curate_grid.refresh_due(seen, store, project_id)


def test_the_table_shows_row_numbers_and_keeps_ids_as_the_index(filled):
    workspace, project_id, ids = filled
    with Store(workspace) as store:
        frame = curate.table_frame(store.query_examples(project_id, offset=2, limit=3), first_row=3)
    assert frame[curate.COL_ROW].tolist() == [3, 4, 5]
    assert list(frame.index) == ids[2:5]
    assert curate.COL_ROW in curate.READ_ONLY_COLUMNS
    at = open_curate()
    shown = at.data_editor[0].value
    assert shown[curate.COL_ROW].tolist() == list(range(1, 9))  # what the "#" column shows: row numbers
    assert list(shown.index) == ids  # the ids stay the (hidden) index
    at = open_curate({"example": str(ids[3])})
    assert any(t("curate.example_heading", "en", id=ids[3]) in m.value for m in at.markdown)


# ---------------------------------------------------------------- review
def test_review_position_count_and_neighbours_follow_the_filter(filled):
    workspace, project_id, ids = filled
    with Store(workspace) as store:
        everything = review.locate(store, project_id, ExampleFilter(), None)
        assert (everything.example_id, everything.total, everything.reviewed) == (ids[4], 8, 4)  # first draft
        assert (everything.previous_id, everything.next_id) == (ids[3], ids[5])
        there = review.locate(store, project_id, ExampleFilter(), ids[2])
        assert (there.example_id, there.index) == (ids[2], 2)
        approved = review.locate(store, project_id, ExampleFilter(statuses=("approved",)), ids[6])
        assert (approved.example_id, approved.total, approved.reviewed) == (ids[0], 3, 3)  # not in filter: first
        texts = review.locate(store, project_id, ExampleFilter(text="question 1"), None)
        assert (texts.total, texts.reviewed) == (1, 1)


def test_review_shows_the_examples_own_prompt_or_the_projects(filled):
    workspace, project_id, ids = filled
    with Store(workspace) as store:
        example = store.get_example(ids[0])
        assert review.system_prompt_for(example, "Be brief.") == ("Be brief.", "project")
        assert review.system_prompt_for(example, "") == ("", "none")
        store.update_example(ids[0], system_prompt="Own prompt")
        assert review.system_prompt_for(store.get_example(ids[0]), "Be brief.") == ("Own prompt", "own")
        assert review.source_passage(example) is None
        store.update_example(ids[1], extra={"source_passage": "Rent is paid monthly."})
        assert review.source_passage(store.get_example(ids[1])) == "Rent is paid monthly."


def test_restoring_a_version_adds_a_new_version_and_deletes_nothing(filled):
    workspace, _, ids = filled
    with Store(workspace) as store:
        store.update_example(ids[0], answer="second answer")
        [first, second] = store.answer_history(ids[0])
        assert review.restore_version(store, ids[0], first.id)
        assert store.get_example(ids[0]).answer == "answer 0"
        history = store.answer_history(ids[0])
        assert [v.answer for v in history] == ["answer 0", "second answer", "answer 0"]
        assert history[-1].source == review.SOURCE_RESTORE
        assert not review.restore_version(store, ids[0], 10**6)


def open_curate(query: dict[str, str] | None = None, lang: str = "en"):
    at = app_at(PAGE)
    at.session_state["lang"] = lang
    for name, value in (query or {}).items():
        at.query_params[name] = value
    return at.run()


def test_review_mode_approves_moves_on_and_keeps_its_place_in_the_url(filled):
    workspace, project_id, ids = filled
    with Store(workspace) as store:
        store.set_setting(project_id, SETTING_TRAINING_PROMPT, "Answer as a café owner.")
    at = open_curate({"review": ""})
    assert not at.exception
    main = " ".join(m.value for m in at.markdown)
    assert "question 4" in main and "Answer as a café owner" in main
    assert t("curate.review_reviewed", "en", reviewed=4, total=8) in [p.proto.text for p in at.get("progress")]
    assert at.query_params["review"] == str(ids[4])
    at.button(key=f"_w_review_{ids[4]}_0_approve").click().run()
    with Store(workspace) as store:
        assert store.get_example(ids[4]).status == "approved"
    assert at.query_params["review"] == str(ids[5])
    at.text_area(key=f"_w_review_{ids[5]}_0_answer").input("edited while reviewing").run()
    with Store(workspace) as store:
        assert store.get_example(ids[5]).answer == "edited while reviewing"
        assert [v.source for v in store.answer_history(ids[5])][-1] == "edit"
    # A reload with the link opens the same example.
    again = open_curate({"review": str(ids[5])})
    assert again.query_params["review"] == str(ids[5])
    assert "edited while reviewing" in [a.value for a in again.text_area]


def test_restore_in_the_one_example_editor(filled):
    workspace, _, ids = filled
    with Store(workspace) as store:
        store.update_example(ids[0], answer="a worse answer")
    at = open_curate({"example": str(ids[0])})
    [restore] = [
        b
        for b in at.button
        if b.key and b.key.endswith("restore_" + str(Store(workspace).answer_history(ids[0])[0].id))
    ]
    restore.click().run()
    assert not at.exception
    with Store(workspace) as store:
        assert store.get_example(ids[0]).answer == "answer 0"
        assert [v.answer for v in store.answer_history(ids[0])] == ["answer 0", "a worse answer", "answer 0"]
    assert "answer 0" in [a.value for a in at.text_area if a.key.startswith("_w_ex_")]


def test_curate_shows_a_running_generation(filled):
    workspace, project_id, ids = filled
    with Store(workspace) as store:
        run_id = generation.create_run(store, project_id, GenSettings(mode=generation.MODE_BATCH), ids[4:])
        generation.set_status(store, run_id, generation.STATUS_RUNNING)
    at = open_curate()
    assert not at.exception
    assert t("curate.live_progress", "en", done=0, total=4) in [c.value for c in at.caption]
    with Store(workspace) as store:
        generation.set_status(store, run_id, generation.STATUS_COMPLETED)
    at.run()
    assert t("curate.live_progress", "en", done=0, total=4) not in [c.value for c in at.caption]


# ---------------------------------------------------------------- Generate's rate and ETA
def test_a_burst_after_a_pause_is_not_thousands_per_minute():
    now = 1_000.0
    burst = [now - 0.02, now - 0.01, now]  # three answers land together after a 429 pause
    assert generation.rate_per_minute(burst, now, started_at=now - 300) == pytest.approx(3.0)
    assert generation.rate_per_minute(burst, now, started_at=now - 2) is None  # too young to tell
    assert generation.rate_per_minute([now - 1, now], now, started_at=now - 10) == pytest.approx(12.0)
    assert generation.rate_per_minute([now - 90], now, started_at=now - 300) == 0.0  # outside the window


def test_eta_only_when_it_means_something():
    assert generation.eta_seconds(10, 5.0, running=True, waiting=False) == pytest.approx(120.0)
    assert generation.eta_seconds(10, 5.0, running=True, waiting=True) is None
    assert generation.eta_seconds(10, None, running=True, waiting=False) is None
    assert generation.eta_seconds(10, 0.0, running=True, waiting=False) is None
    assert generation.eta_seconds(0, 5.0, running=True, waiting=False) is None
    assert generation.eta_seconds(10, 5.0, running=False, waiting=False) is None


def test_run_progress_after_a_rate_limit_pause(filled):
    workspace, project_id, ids = filled
    now = datetime.now(UTC)
    with Store(workspace) as store:
        run_id = generation.create_run(store, project_id, GenSettings(mode=generation.MODE_BATCH), ids)
        generation.set_status(store, run_id, generation.STATUS_RUNNING)
        store.conn.execute(
            "UPDATE gen_runs SET created_at = ? WHERE id = ?", ((now - timedelta(minutes=5)).isoformat(), run_id)
        )
        for offset, example_id in enumerate(ids[:3]):  # three answers within 3 ms, after a pause
            stamp = (now - timedelta(milliseconds=3 - offset)).isoformat(timespec="microseconds")
            store.conn.execute(
                "UPDATE gen_items SET status = 'done', updated_at = ? WHERE run_id = ? AND example_id = ?",
                (stamp, run_id, example_id),
            )
        generation.note_wait(run_id, 12, "rate_limited", now=now.timestamp())
        progress = generation.run_progress(store, run_id, now=now)
    assert progress.rate_per_min == pytest.approx(3.0)
    assert progress.eta_s is None  # pausing: no ETA, the pause is shown instead
    assert progress.waiting_reason == "rate_limited" and 11 < progress.waiting_s <= 12
