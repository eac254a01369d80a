"""The app on a team database (AppTest): the [connections.sql] secret, the password never shown, an unreachable
database as a plain message, and the owner's "move the local workspace into the team database"."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from core.data.connection import configure_database
from core.data.store import NewExample, Store
from core.i18n import t
from tests.conftest import app_at
from tests.postgres import free_port


def _on_server(at, url: str):
    at.secrets["connections"] = {"sql": {"url": url}}
    return at


def _texts(at) -> str:
    return "\n".join(str(element.value) for element in [*at.caption, *at.error, *at.success, *at.markdown])


def test_the_sql_secret_puts_the_whole_workspace_on_the_server(postgres_url, workspace):
    with_password = make_url(postgres_url).set(password="s3cret-pw").render_as_string(hide_password=False)
    try:
        at = _on_server(app_at(), with_password).run()
        assert not at.exception
        at.button(key="home_open_sample").click().run()
        assert not at.exception
        shown = _texts(at)
        assert t("database.on_server", "en", where="").split("(")[0] in shown
        assert "s3cret-pw" not in shown and "***" in shown
    finally:
        configure_database(None)
    with Store(postgres_url) as store:
        [sample] = store.list_projects(None)
        assert store.count_examples(sample.id) == 40
    assert not workspace.exists(), "with a database configured, nothing may be written to the local file"


def test_an_unreachable_database_is_a_plain_message_with_its_password_hidden(workspace):
    url = f"postgresql+psycopg://studio:s3cret-pw@127.0.0.1:{free_port()}/nowhere"
    try:
        at = _on_server(app_at(), url).run()
    finally:
        configure_database(None)
    assert not at.exception
    [error] = at.error
    assert t("database.unreachable", "en", where="").split("(")[0] in error.value
    assert "s3cret-pw" not in _texts(at) and "Traceback" not in _texts(at)
    assert not workspace.exists()


def test_the_owner_moves_the_local_workspace_into_the_team_database_once(postgres_url, workspace):
    with Store(workspace) as local:
        project_id = local.create_project("로컬 프로젝트")
        local.add_examples(project_id, [NewExample(f"질문 {n}", f"답 {n}") for n in range(25)])
    try:
        at = _on_server(app_at(), postgres_url).run()
        assert not at.exception
        at.button(key="home_copy_workspace").click().run()
        assert not at.exception
        assert [s.value for s in at.success] == [t("database.copy_done", "en")]
        at.button(key="home_copy_workspace").click().run()  # again: nothing is duplicated
        assert [s.value for s in at.success] == [t("database.copy_done", "en")]
    finally:
        configure_database(None)
    with Store(postgres_url) as team:
        [copied] = team.list_projects(None)
        assert (copied.id, copied.name, team.count_examples(copied.id)) == (project_id, "로컬 프로젝트", 25)
