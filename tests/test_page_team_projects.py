"""With an app password, the team's projects are read-only for visitors; deletes go to a trash on Home."""

from __future__ import annotations

from core.data.store import Store
from core.i18n import t
from core.ui import SS_PROJECT_ID, SS_SPEND_UNLOCKED, SS_VISITOR_SESSION, W_APP_PASSWORD
from tests.conftest import app_at

PASSWORD = "team-pass-42"


def _texts(at) -> str:
    return " ".join(str(e.value) for e in [*at.caption, *at.info, *at.warning, *at.markdown, *at.sidebar.caption])


def _visitor(monkeypatch, password: str | None = PASSWORD):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    at = app_at()
    if password:
        at.secrets["app_password"] = password
    return at


def test_a_visitor_without_the_password_cannot_rename_or_delete_the_team_s_project(monkeypatch, workspace):
    from core.data.store import NewExample

    with Store(workspace) as store:
        team = store.create_project("Team work")
        store.add_examples(team, [NewExample(f"Q{i}?", f"A{i}.", status="approved") for i in range(12)])
    at = _visitor(monkeypatch).run()
    assert not at.exception
    assert at.session_state[SS_PROJECT_ID] == team
    assert t("safety.manage_locked", "en") in _texts(at)
    assert not [b for b in at.sidebar.button if b.key == "_w_delete_button"]
    at.switch_page("pages/3_Curate.py").run()
    assert t("safety.team_read_only", "en") in _texts(at)
    assert not [b for b in at.button if b.key == "curate_delete_selected"]
    at.switch_page("pages/1_Questions.py").run()
    assert t("safety.team_read_only", "en") in _texts(at)
    at.switch_page("pages/4_Preview.py").run()
    assert not at.exception, at.exception
    assert at.button(key="_w_preview_make_split").disabled
    at.switch_page("pages/5_Finetune.py").run()
    assert t("safety.team_read_only", "en") in _texts(at)
    with Store(workspace) as store:
        assert store.get_project(team).name == "Team work"


def test_with_the_password_the_team_s_project_goes_to_the_trash_and_comes_back(monkeypatch, workspace):
    with Store(workspace) as store:
        team = store.create_project("Team work")
    at = _visitor(monkeypatch).run()
    at.sidebar.text_input(key=W_APP_PASSWORD).input(PASSWORD).run()
    assert at.session_state[SS_SPEND_UNLOCKED] is True
    at.sidebar.checkbox(key="_w_delete_confirm").check().run()
    at.sidebar.button(key="_w_delete_button").click().run()
    with Store(workspace) as store:
        assert store.get_project(team) is None
        assert [p.id for p in store.trashed_projects()] == [team]
    assert t("safety.trash_title", "en") in [s.value for s in at.subheader]
    at.button(key=f"_w_safety_restore_{team}").click().run()
    with Store(workspace) as store:
        assert store.get_project(team).name == "Team work"
    assert at.session_state[SS_PROJECT_ID] == team


def test_delete_forever_needs_the_password_for_the_team_s_project(monkeypatch, workspace):
    with Store(workspace) as store:
        team = store.create_project("Team work")
        store.delete_project(team)
    at = _visitor(monkeypatch).run()
    assert at.button(key=f"_w_safety_restore_{team}").disabled
    assert t("safety.delete_forever_locked", "en") in _texts(at)


def test_a_visitor_s_new_project_is_their_own_and_hidden_from_others(monkeypatch, workspace):
    at = _visitor(monkeypatch).run()
    at.sidebar.text_input(key="_w_new_project_name").input("Mine").run()
    at.sidebar.button(key="_w_create_project").click().run()
    assert not at.exception
    with Store(workspace) as store:
        mine = store.find_project("Mine")
    assert mine.owner_session == at.session_state[SS_VISITOR_SESSION]
    assert t("safety.own_project", "en") in _texts(at)
    # Their own project: rename and delete are theirs without the password.
    assert [b for b in at.sidebar.button if b.key == "_w_delete_button"]
    other = _visitor(monkeypatch).run()
    assert other.session_state[SS_PROJECT_ID] != mine.id
    with Store(workspace) as store:
        assert mine.id not in [p.id for p in store.list_projects(other.session_state[SS_VISITOR_SESSION])]


def test_without_an_app_password_everyone_is_the_team(monkeypatch, workspace):
    with Store(workspace) as store:
        team = store.create_project("Team work")
    at = _visitor(monkeypatch, password=None).run()
    assert t("safety.manage_locked", "en") not in _texts(at)
    at.sidebar.checkbox(key="_w_delete_confirm").check().run()
    at.sidebar.button(key="_w_delete_button").click().run()
    with Store(workspace) as store:
        assert [p.id for p in store.trashed_projects()] == [team]
    assert not at.button(key=f"_w_safety_restore_{team}").disabled


def test_curate_restores_deleted_rows_and_marks_a_waiting_answer(monkeypatch, workspace):
    from core.data.store import NewExample
    from core.providers.request_runner import ChatResult
    from core.workflows import generation

    with Store(workspace) as store:
        project = store.create_project("Rows")
        kept, gone = store.add_examples(project, [NewExample("kept?", "mine"), NewExample("gone?", "x")])
        run_id = generation.create_run(store, project, generation.GenSettings(), [kept])
        store.set_status([kept], "approved")
        generation.record_result(store, run_id, generation.GenSettings(), ChatResult(key=f"{kept}:0", text="late"))
        store.delete_examples([gone])
    at = _visitor(monkeypatch, password=None)
    at.switch_page("pages/3_Curate.py").run()
    assert not at.exception
    from core.dataset import curate

    with Store(workspace) as store:
        assert list(curate.table_frame(store.query_examples(project))[curate.COL_WAITING]) == ["⏳"]
    at.multiselect(key=f"_w_safety_rows_{project}").select(gone).run()
    at.button(key=f"_w_safety_rows_restore_{project}").click().run()
    with Store(workspace) as store:
        assert store.get_example(gone).question == "gone?"
    at.toggle(key="_w_curate_waiting").set_value(True).run()
    opener = next(s.key for s in at.selectbox if s.key and s.key.startswith("_w_curate_open_"))
    at.selectbox(key=opener).select(kept).run()
    assert t("safety.waiting_note", "en") in _texts(at)
