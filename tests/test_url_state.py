"""The open project lives in the URL (?project=<id>): a reload, a shared or deep link and a page switch keep it."""

from __future__ import annotations

from core.data.store import Store
from core.i18n import t
from tests.conftest import app_at


def _two_projects(workspace) -> tuple[int, int]:
    """An older project and a newer one that the workspace lists first."""
    with Store(workspace) as store:
        older = store.create_project("Older")
        newer = store.create_project("Newer")
        store.rename_project(newer, "Newer project")
        assert store.list_projects()[0].id == newer
    return older, newer


def _url_project(at) -> str | None:
    value = at.query_params.get("project")
    return value[0] if isinstance(value, list) else value


def test_a_link_with_a_project_opens_that_project_not_the_newest(workspace):
    older, _ = _two_projects(workspace)
    at = app_at("pages/3_Curate.py")
    at.query_params["project"] = str(older)
    at.run()
    assert not at.exception
    assert at.session_state["project_id"] == older
    assert at.sidebar.selectbox(key="_w_project").value == older


def test_picking_a_project_puts_it_in_the_url_and_a_page_switch_keeps_it(workspace):
    older, newer = _two_projects(workspace)
    at = app_at().run()
    assert _url_project(at) == str(newer)  # a first visit opens the newest and says so in the URL
    at.sidebar.selectbox(key="_w_project").select(older).run()
    assert _url_project(at) == str(older)
    at.switch_page("pages/4_Preview.py").run()
    assert at.session_state["project_id"] == older
    assert _url_project(at) == str(older)


def test_a_link_to_a_deleted_project_says_so_instead_of_opening_another(workspace):
    _two_projects(workspace)
    at = app_at("pages/3_Curate.py")
    at.query_params["project"] = "999"
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning] == [t("urlstate.project_missing", "en", id="999")]
    assert at.session_state["project_id"] is None
    assert at.sidebar.selectbox(key="_w_project").value is None


def test_the_sidebar_picker_follows_a_project_opened_by_a_link(workspace):
    older, newer = _two_projects(workspace)
    at = app_at().run()
    at.sidebar.selectbox(key="_w_project").select(older).run()
    at.query_params["project"] = str(newer)  # e.g. a link that opens an example of the other project
    at.run()
    assert at.session_state["project_id"] == newer
    assert at.sidebar.selectbox(key="_w_project").value == newer


def test_a_link_to_another_visitors_own_project_or_a_trashed_one_opens_neither(workspace):
    with Store(workspace) as store:
        private = store.create_project("Someone's own", owner_session="another-browser-session")
        trashed = store.create_project("Thrown away")
        store.delete_project(trashed)
    for hidden in (private, trashed):
        at = app_at("pages/3_Curate.py")
        at.query_params["project"] = str(hidden)
        at.run()
        assert not at.exception
        assert [w.value for w in at.warning] == [t("urlstate.project_missing", "en", id=str(hidden))]
        assert at.session_state["project_id"] is None
