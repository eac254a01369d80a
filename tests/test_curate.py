"""Unit tests for core/dataset/curate.py: paging, the editor diff, bulk actions and conversation edits."""

from __future__ import annotations

import pytest

from core.data.store import NewExample
from core.dataset import curate


@pytest.fixture
def project(store):
    project_id = store.create_project("Curate")
    ids = store.add_examples(project_id, [NewExample(f"q{i}", f"a{i}", tags=("t",) if i % 2 else ()) for i in range(7)])
    return store, project_id, ids


def test_page_count_and_clamp():
    assert curate.page_count(0, 50) == 1
    assert curate.page_count(50, 50) == 1
    assert curate.page_count(51, 50) == 2
    assert curate.clamp_page(9, 3) == 3
    assert curate.clamp_page(0, 3) == 1


def test_load_page_fetches_only_the_requested_rows(project):
    store, project_id, ids = project
    page = curate.load_page(store, project_id, curate.make_filter(), page=2, page_size=25)
    assert (page.total, page.pages, page.page, page.ids) == (7, 1, 1, ids)  # clamped to the last page
    store.add_examples(project_id, [NewExample(f"more {i}") for i in range(50)])
    second = curate.load_page(store, project_id, curate.make_filter(), page=2, page_size=25)
    assert len(second.ids) == 25 and second.ids[0] == ids[-1] + 19
    assert (second.first_row, second.last_row, second.pages) == (26, 50, 3)
    filtered = curate.load_page(store, project_id, curate.make_filter(tag="t"), page=1, page_size=25)
    assert filtered.ids == [ids[1], ids[3], ids[5]]


def test_unknown_statuses_are_dropped_from_the_filter():
    assert curate.make_filter(["approved", "bogus"]).statuses == ("approved",)


def test_table_frame_is_indexed_by_id_and_marks_selection(project):
    store, project_id, ids = project
    store.update_example(ids[0], error="rate limited")
    examples = store.query_examples(project_id, limit=3)
    frame = curate.table_frame(examples, {ids[1]})
    assert list(frame.index) == ids[:3]
    assert list(frame.columns) == list(curate.TABLE_COLUMNS)
    assert frame[curate.COL_SELECT].tolist() == [False, True, False]
    assert frame.loc[ids[0], curate.COL_ERROR] == "rate limited"
    assert frame.loc[ids[1], curate.COL_TAGS] == "t"


def test_edited_cells_are_saved_field_by_field(project):
    store, project_id, ids = project
    state = {
        "edited_rows": {1: {"answer": "better answer"}, "2": {"status": "approved", "tags": "menu; rent"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    result = curate.apply_table_changes(store, project_id, ids[:3], state)
    assert result.updated == 2 and result.wrote
    assert store.get_example(ids[1]).answer == "better answer"
    assert [v.answer for v in store.answer_history(ids[1])] == ["a1", "better answer"]
    third = store.get_example(ids[2])
    assert (third.status, third.tags, third.answer) == ("approved", ["menu", "rent"], "a2")


def test_unchanged_or_invalid_cells_write_nothing(project):
    store, project_id, ids = project
    before = store.get_example(ids[0]).updated_at
    state = {"edited_rows": {0: {"answer": "a0", "status": "published"}, 9: {"answer": "off the page"}}}
    result = curate.apply_table_changes(store, project_id, ids[:3], state)
    assert result.updated == 0 and not result.wrote
    assert store.get_example(ids[0]).updated_at == before
    assert len(store.answer_history(ids[0])) == 1


def test_clearing_a_cell_saves_an_empty_answer(project):
    store, project_id, ids = project
    curate.apply_table_changes(store, project_id, ids[:1], {"edited_rows": {0: {"answer": None}}})
    assert store.get_example(ids[0]).answer == ""


def test_select_column_is_a_selection_not_data(project):
    store, project_id, ids = project
    before = store.get_example(ids[0]).updated_at
    result = curate.apply_table_changes(
        store, project_id, ids[:2], {"edited_rows": {0: {"select": True}, 1: {"select": False}}}
    )
    assert result.select == {ids[0]} and result.unselect == {ids[1]} and not result.wrote
    assert store.get_example(ids[0]).updated_at == before


def test_rows_deleted_elsewhere_are_reported(project):
    store, project_id, ids = project
    store.delete_examples([ids[0]])
    result = curate.apply_table_changes(store, project_id, ids[:2], {"edited_rows": {0: {"answer": "late"}}})
    assert result.missing == [ids[0]] and result.updated == 0


def test_added_rows_are_saved_once_they_have_text(project):
    store, project_id, ids = project
    state = {"added_rows": [{}, {"question": "  "}, {"question": "new question", "tags": "x", "status": "approved"}]}
    result = curate.apply_table_changes(store, project_id, ids, state)
    assert result.pending_new_rows == 2 and len(result.added) == 1
    added = store.get_example(result.added[0])
    assert (added.question, added.status, added.tags, added.source) == ("new question", "approved", ["x"], "manual")


def test_bulk_status_reaches_every_filtered_row_not_only_the_page(store):
    project_id = store.create_project("Big")
    store.add_examples(project_id, [NewExample(f"q{i}", tags=("keep",) if i < 130 else ()) for i in range(200)])
    changed = curate.bulk_set_status(store, project_id, curate.make_filter(tag="keep"), "approved")
    assert changed == 130
    assert store.count_by_status(project_id) == {"draft": 70, "approved": 130, "rejected": 0}


def test_delete_only_touches_this_projects_examples(store):
    mine = store.create_project("Mine")
    other = store.create_project("Other")
    [own] = store.add_examples(mine, [NewExample("q")])
    [foreign] = store.add_examples(other, [NewExample("q")])
    assert curate.delete_examples(store, mine, [own, foreign]) == 1
    assert store.get_example(foreign) is not None and store.get_example(own) is None


def test_save_field_writes_only_real_changes(project):
    store, _, ids = project
    assert curate.save_field(store, ids[0], "answer", "a0")
    assert len(store.answer_history(ids[0])) == 1
    assert curate.save_field(store, ids[0], "answer", "new")
    assert curate.save_field(store, ids[0], "system_prompt", "")
    assert store.get_example(ids[0]).system_prompt is None
    assert curate.save_field(store, ids[0], "system_prompt", "Be brief.")
    assert curate.save_field(store, ids[0], "tags", "a, b, a")
    assert curate.save_field(store, ids[0], "status", "nonsense")
    example = store.get_example(ids[0])
    assert (example.answer, example.system_prompt, example.tags, example.status) == (
        "new",
        "Be brief.",
        ["a", "b"],
        "draft",
    )
    store.delete_examples([ids[0]])
    assert curate.save_field(store, ids[0], "answer", "gone") is False


@pytest.mark.parametrize(("raw", "expected"), [("12", 12), (["7"], 7), ("x", None), ("-3", None), (None, None)])
def test_parse_example_id(raw, expected):
    assert curate.parse_example_id(raw) == expected


def test_history_rows_newest_first(project):
    store, _, ids = project
    store.update_example(ids[0], answer="second")
    rows = curate.history_rows(store, ids[0])
    assert [r["answer"] for r in rows] == ["second", "a0"]
    assert [r["source"] for r in rows] == ["edited", "imported"]
    assert curate.history_rows(store, ids[0], "ko")[0]["source"] == "편집함"
    assert curate.source_label("something_new", "ko") == "something_new"


CONVERSATION = [
    {"role": "system", "content": "s"},
    {"role": "user", "content": "u1"},
    {"role": "assistant", "content": "a1", "weight": 0},
    {"role": "user", "content": "u2"},
    {"role": "assistant", "content": "a2"},
]


def test_add_message_picks_the_natural_next_role():
    assert curate.add_message(CONVERSATION[:2])[-1] == {"role": "assistant", "content": ""}
    assert curate.add_message(CONVERSATION)[-1] == {"role": "user", "content": ""}
    assert curate.add_message(CONVERSATION, "system")[-1]["role"] == "system"


def test_move_remove_and_update_messages():
    moved = curate.move_message(CONVERSATION, 3, -1)
    assert [m["content"] for m in moved] == ["s", "u1", "u2", "a1", "a2"]
    assert curate.move_message(CONVERSATION, 0, -1) == curate.normalise_messages(CONVERSATION)
    assert [m["content"] for m in curate.remove_message(CONVERSATION, 0)] == ["u1", "a1", "u2", "a2"]
    reweighted = curate.update_message(CONVERSATION, 2, weight=True)
    assert reweighted[2]["weight"] == 1
    # A weight only makes sense on assistant messages: it goes when the role changes.
    assert "weight" not in curate.update_message(CONVERSATION, 2, role="user")[2]
    assert curate.update_message(CONVERSATION, 1, content="edited")[1]["content"] == "edited"
    assert CONVERSATION[1]["content"] == "u1"  # the input is never mutated


def test_conversation_problems():
    assert curate.conversation_problems(CONVERSATION) == []
    assert "last_not_assistant" in curate.conversation_problems(CONVERSATION[:4])
    assert set(curate.conversation_problems([{"role": "system", "content": "s"}])) >= {"no_user", "no_assistant"}
    assert "system_not_first" in curate.conversation_problems([*CONVERSATION, {"role": "system", "content": "x"}])
    assert "empty_message" in curate.conversation_problems([*CONVERSATION[:4], {"role": "assistant", "content": ""}])
    silent = [{**m, "weight": 0} if m["role"] == "assistant" else m for m in CONVERSATION]
    assert "nothing_to_learn" in curate.conversation_problems(silent)


def test_single_turn_becomes_a_conversation_in_the_store(project):
    store, _, ids = project
    store.update_example(ids[0], system_prompt="own prompt")
    messages = curate.as_conversation(store.get_example(ids[0]))
    assert [m["role"] for m in messages] == ["system", "user", "assistant"]
    store.set_messages(ids[0], curate.add_message(messages))
    assert store.get_example(ids[0]).is_multi_turn


def test_text_and_error_filters_page_the_same_way_as_plain_paging(store):
    project_id = store.create_project("Paging")
    ids = store.add_examples(project_id, [NewExample(f"needle {i}" if i % 3 == 0 else f"hay {i}") for i in range(200)])
    for example_id in ids[::7]:
        store.update_example(example_id, error="timeout")
    needles = [ids[i] for i in range(0, 200, 3)]
    pages = [curate.load_page(store, project_id, curate.make_filter(text="needle"), n, 25) for n in (1, 2, 3)]
    assert [p.total for p in pages] == [len(needles)] * 3 and pages[0].pages == 3
    assert [i for p in pages for i in p.ids] == needles
    failed = curate.load_page(store, project_id, curate.make_filter(only_errors=True), 2, 25)
    assert failed.ids == ids[::7][25:] and failed.total == len(ids[::7])


def test_tag_list_uses_a_covering_index(store):
    if store.dialect != "sqlite":
        pytest.skip("a SQLite query plan; PostgreSQL chooses its plan from table statistics")
    plan = " ".join(
        r[-1]
        for r in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT DISTINCT tags FROM examples WHERE project_id = ? AND tags != ''", (1,)
        )
    )
    assert "COVERING INDEX examples_by_tags" in plan


TOOL_CONVERSATION = [
    {"role": "user", "content": "Weather in Seoul?"},
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": "{}"}}],
    },
    {"role": "tool", "tool_call_id": "call_1", "content": "21°C"},
    {"role": "assistant", "content": "It is 21°C.", "weight": 1},
]


def test_editing_a_tool_calling_conversation_keeps_its_tool_fields():
    edited = curate.update_message(TOOL_CONVERSATION, 3, content="Sunny, 21°C.")
    assert edited[1]["tool_calls"] == TOOL_CONVERSATION[1]["tool_calls"] and edited[1]["content"] is None
    assert edited[2] == TOOL_CONVERSATION[2]
    assert curate.move_message(curate.move_message(TOOL_CONVERSATION, 0, 1), 1, 1)[2] == TOOL_CONVERSATION[0]
    assert curate.role_options("tool") == (*curate.ROLES, "tool")
    assert curate.conversation_problems(TOOL_CONVERSATION) == []
