"""AppTest for the Curate page: filters, paging, bulk status, confirmed deletes, the one-example editor."""

from __future__ import annotations

import pytest

from core.data.store import NewExample, Store
from core.i18n import t
from tests.conftest import app_at

PAGE = "pages/3_Curate.py"


@pytest.fixture
def filled(workspace):
    with Store(workspace) as store:
        project_id = store.create_project("Café")
        ids = store.add_examples(
            project_id,
            [
                NewExample(f"question {i}", f"answer {i}", tags=("rent",) if i % 4 == 0 else ("menu",))
                for i in range(120)
            ],
        )
        [conversation] = store.add_examples(
            project_id,
            [
                NewExample(
                    "",
                    messages=(
                        {"role": "user", "content": "How much rent?"},
                        {"role": "assistant", "content": "Depends.", "weight": 0},
                        {"role": "user", "content": "In Seoul?"},
                        {"role": "assistant", "content": "More."},
                    ),
                )
            ],
        )
    return workspace, project_id, ids, conversation


def open_curate(lang: str = "en"):
    at = app_at(PAGE)
    at.session_state["lang"] = lang
    return at.run()


def shown_ids(at) -> list[int]:
    return [int(i) for i in at.data_editor[0].value.index]


def editor_key(at, suffix: str) -> str:
    return next(
        w.key for w in at.main if getattr(w, "key", None) and w.key.startswith("_w_ex_") and w.key.endswith(suffix)
    )


def test_page_sends_one_page_of_rows_and_pages_through_the_rest(filled):
    _, _, ids, conversation = filled
    at = open_curate()
    assert not at.exception
    assert shown_ids(at) == ids[:50]
    [pager] = at.pagination
    assert pager.num_pages == 3
    pager.set_value(3).run()
    assert shown_ids(at) == [*ids[100:], conversation]
    at.selectbox(key="_w_curate_page_size").select(200).run()
    assert shown_ids(at) == [*ids, conversation]
    assert at.pagination[0].num_pages == 1


def test_filters_by_status_tag_and_text_and_survive_a_page_switch(filled):
    workspace, project_id, ids, _ = filled
    with Store(workspace) as store:
        store.set_status(ids[:3], "approved")
    at = open_curate()
    at.multiselect(key="_w_curate_statuses").select("approved").run()
    assert shown_ids(at) == ids[:3]
    at.multiselect(key="_w_curate_statuses").unselect("approved").run()
    at.selectbox(key="_w_curate_tag").select("rent").run()
    assert shown_ids(at) == ids[0 : 50 * 4 : 4][:30]
    at.text_input(key="_w_curate_text").input("question 11").run()
    assert shown_ids(at) == [ids[i] for i in (112, 116)]
    at.switch_page("streamlit_app.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert shown_ids(at) == [ids[i] for i in (112, 116)]


def test_bulk_status_applies_to_every_filtered_row(filled):
    workspace, project_id, ids, _ = filled
    at = open_curate()
    at.selectbox(key="_w_curate_tag").select("menu").run()
    at.selectbox(key="_w_curate_bulk_status").select("rejected").run()
    at.button(key="curate_bulk").click().run()
    assert not at.exception
    with Store(workspace) as store:
        assert store.count_by_status(project_id) == {"draft": 31, "approved": 0, "rejected": 90}
    assert any("90" in s.value for s in at.success)


def test_delete_filtered_rows_needs_confirmation_and_can_be_cancelled(filled):
    workspace, project_id, ids, _ = filled
    at = open_curate()
    at.text_input(key="_w_curate_text").input("question 11").run()
    at.button(key="curate_delete_filtered").click().run()
    assert any("11" in w.value for w in at.warning)
    with Store(workspace) as store:
        assert store.count_examples(project_id) == 121
    at.button(key="curate_delete_no").click().run()
    assert not at.warning
    at.button(key="curate_delete_filtered").click().run()
    at.button(key="curate_delete_yes").click().run()
    assert not at.exception
    with Store(workspace) as store:
        assert store.count_examples(project_id) == 110
        assert store.get_example(ids[11]) is None and store.get_example(ids[12]) is not None


def test_delete_selected_rows(filled):
    workspace, project_id, ids, _ = filled
    at = open_curate()
    # The tick boxes live in the data editor, which AppTest can't click: set the
    # selection the editor's callback would have recorded.
    at.session_state["curate_selected"] = {project_id: {ids[0], ids[5]}}
    at.run()
    at.button(key="curate_delete_selected").click().run()
    at.button(key="curate_delete_yes").click().run()
    with Store(workspace) as store:
        assert store.get_example(ids[0]) is None and store.get_example(ids[5]) is None
        assert store.count_examples(project_id) == 119
    assert at.button(key="curate_delete_selected").disabled


def test_open_an_example_and_edit_it_with_history(filled):
    workspace, project_id, ids, _ = filled
    at = open_curate()
    at.selectbox(key="_w_curate_open_0_en").select(ids[2]).run()
    assert at.query_params["example"] in (str(ids[2]), [str(ids[2])])
    answer = at.text_area(key=editor_key(at, "_answer"))
    assert answer.value == "answer 2"
    answer.input("a much better answer").run()
    at.text_input(key=editor_key(at, "_tags")).input("menu, 가격").run()
    assert not at.exception
    with Store(workspace) as store:
        example = store.get_example(ids[2])
        assert example.answer == "a much better answer" and example.tags == ["menu", "가격"]
        assert [v.answer for v in store.answer_history(ids[2])] == ["answer 2", "a much better answer"]
    assert shown_ids(at)[2] == ids[2]
    assert at.data_editor[0].value.loc[ids[2], "answer"] == "a much better answer"
    assert any(e.label.startswith(t("curate.history", "en", count=2)[:10]) for e in at.expander)


def test_deep_link_opens_the_example_even_in_another_project(filled):
    workspace, project_id, ids, conversation = filled
    with Store(workspace) as store:
        other = store.create_project("Other")
        [elsewhere] = store.add_examples(other, [NewExample("other question", "other answer")])
    at = app_at(PAGE)
    at.session_state["project_id"] = project_id
    at.query_params["example"] = str(elsewhere)
    at.run()
    assert not at.exception
    assert at.session_state["project_id"] == other
    assert "other answer" in [a.value for a in at.text_area]
    at.query_params["example"] = "99999"
    at.run()
    assert any("99999" in w.value for w in at.warning)


def test_conversation_editor_adds_moves_removes_and_weights_messages(filled):
    workspace, project_id, ids, conversation = filled
    at = app_at(PAGE)
    at.query_params["example"] = str(conversation)
    at.run()
    assert [a.value for a in at.text_area if a.key.startswith("_w_ex_")] == [
        "How much rent?",
        "Depends.",
        "In Seoul?",
        "More.",
    ]
    weight = at.toggle(key=editor_key(at, "_m1_weight"))
    assert weight.value is False
    weight.set_value(True).run()
    at.button(key=editor_key(at, "add")).click().run()
    at.button(key=editor_key(at, "_m2_up")).click().run()
    at.button(key=editor_key(at, "_m0_remove")).click().run()
    assert not at.exception
    with Store(workspace) as store:
        messages = store.get_example(conversation).messages
    assert messages == [
        {"role": "user", "content": "In Seoul?"},
        {"role": "assistant", "content": "Depends.", "weight": 1},
        {"role": "assistant", "content": "More."},
        {"role": "user", "content": ""},
    ]
    # The page warns about what would make a poor training example.
    assert any(t("curate.problem_last_not_assistant", "en") == w.value for w in at.warning)


def test_korean_page(filled):
    at = open_curate("ko")
    assert not at.exception
    assert at.title[0].value == t("nav.curate", "ko")
    assert at.multiselect(key="_w_curate_statuses").label == t("curate.filter_status", "ko")
    assert at.button(key="curate_bulk").label == t("curate.bulk_apply", "ko", count=121)


def test_empty_project_points_to_import(workspace):
    with Store(workspace) as store:
        store.create_project("Empty")
    at = open_curate()
    assert not at.exception
    assert any(t("curate.empty_project", "en") == i.value for i in at.info)


def test_switching_project_with_a_tag_filter_that_does_not_exist_there(filled):
    workspace, project_id, ids, _ = filled
    with Store(workspace) as store:
        other = store.create_project("No tags")
        store.add_examples(other, [NewExample("plain question")])
    at = app_at(PAGE)
    at.session_state["project_id"] = project_id
    at.run()
    at.selectbox(key="_w_curate_tag").select("rent").run()
    at.sidebar.selectbox(key="_w_project").select(other).run()
    assert not at.exception
    assert at.selectbox(key="_w_curate_tag").value == ""
    assert len(shown_ids(at)) == 1


def test_editing_one_message_of_a_tool_conversation_keeps_the_tool_calls(workspace):
    from tests.test_curate import TOOL_CONVERSATION

    with Store(workspace) as store:
        project_id = store.create_project("Tools")
        [example_id] = store.add_examples(project_id, [NewExample("", messages=tuple(TOOL_CONVERSATION))])
    at = app_at(PAGE)
    at.query_params["example"] = str(example_id)
    at.run()
    assert not at.exception
    assert at.selectbox(key=editor_key(at, "_m2_role")).value == "tool"
    at.text_area(key=editor_key(at, "_m3_content")).input("Sunny, 21°C.").run()
    with Store(workspace) as store:
        messages = store.get_example(example_id).messages
    assert messages[:3] == TOOL_CONVERSATION[:3]
    assert messages[3] == {"role": "assistant", "content": "Sunny, 21°C.", "weight": 1}


def test_an_open_example_closes_when_the_user_switches_project(filled):
    workspace, project_id, ids, _ = filled
    with Store(workspace) as store:
        other = store.create_project("Elsewhere")
    at = app_at(PAGE)
    at.session_state["project_id"] = project_id
    at.query_params["example"] = str(ids[0])
    at.run()
    assert "answer 0" in [a.value for a in at.text_area]
    at.sidebar.selectbox(key="_w_project").select(other).run()
    assert not at.exception
    assert "answer 0" not in [a.value for a in at.text_area]
    assert "example" not in at.query_params


def test_a_locked_workspace_gives_a_message_and_loses_nothing(filled, monkeypatch):
    import sqlite3

    from core.data import engine as engine_module
    from core.data.connection import forget_engine

    workspace, project_id, ids, _ = filled
    # The app gives up on a held write lock after this long, not after the default 10 s.
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_S", 0.05)
    forget_engine(engine_module.sqlite_url(workspace))  # the fixture's engine had the default timeout
    at = app_at(PAGE)
    at.query_params["example"] = str(ids[3])
    at.run()
    blocker = sqlite3.connect(workspace, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        at.text_area(key=editor_key(at, "_answer")).input("typed while locked").run()
        assert not at.exception
        assert any(t("curate.save_failed", "en") == e.value for e in at.error)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with Store(workspace) as store:
        assert store.get_example(ids[3]).answer == "answer 3"


def test_a_developer_message_shows_under_its_own_name_and_can_be_edited(workspace):
    with Store(workspace) as store:
        project_id = store.create_project("Developer")
        [example_id] = store.add_examples(
            project_id,
            [
                NewExample(
                    "",
                    messages=(
                        {"role": "developer", "content": "Answer briefly."},
                        {"role": "user", "content": "Open on Sunday?"},
                        {"role": "assistant", "content": "Yes."},
                    ),
                )
            ],
        )
    at = app_at(PAGE)
    at.query_params["example"] = str(example_id)
    at.run()
    assert not at.exception
    role = at.selectbox(key=editor_key(at, "_m0_role"))
    assert role.value == "developer" and t("curate.role_developer", "en") in role.options
    at.text_area(key=editor_key(at, "_m0_content")).input("Answer in one line.").run()
    with Store(workspace) as store:
        assert store.get_example(example_id).messages[0] == {"role": "developer", "content": "Answer in one line."}
    at.selectbox(key=editor_key(at, "_m0_role")).set_value("system").run()
    with Store(workspace) as store:
        assert store.get_example(example_id).messages[0]["role"] == "system"
