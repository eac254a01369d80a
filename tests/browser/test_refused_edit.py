"""An edit made while the team database is away, in Chromium: it is clearly refused, not half-written and not
dropped silently, and the same edit is saved once the database is back."""

from __future__ import annotations

from core.data.connection import forget_engine
from core.i18n import t
from tests.browser.conftest import wait_for_app
from tests.browser.test_team_database import opened, own_server, start_on_database, stored_answers, team_project, until
from tests.postgres import PostgresServer

__all__ = ["own_server"]  # the fixture, used by name below


def _answer_box(page, example_id: int):
    return page.locator(f"[class*='st-key-_w_ex_{example_id}_'][class*='_answer'] textarea").first


def test_an_edit_while_the_database_is_away_is_refused_then_saved_when_it_is_back(
    own_server: PostgresServer, page, tmp_path
):
    url = own_server.url(own_server.create_database())
    project_id, ids = team_project(url)
    forget_engine(url)
    app = start_on_database(url, tmp_path / "local", "refused-edit")
    try:
        opened(page, app, project_id)
        page.goto(f"{app.url}/Curate?project={project_id}&example={ids[0]}")
        wait_for_app(page)
        box = _answer_box(page, ids[0])
        box.wait_for()
        port = own_server.port
        own_server.stop()
        # The answer's on_change callback runs before the page script, outside the page's own database check.
        box.fill("정전 중에 쓴 답")
        box.press("Control+Enter")
        main = page.locator("[data-testid='stMain']")
        page.get_by_text(t("database.save_refused", "en")).first.wait_for(timeout=30_000)
        # The refusal is drawn first; the rest of the run (still showing the last run's elements until it
        # reaches them) then finds the database away and replaces the page with the outage message.
        away = t("database.unreachable", "en", where="X").split("(")[0].strip()
        main.get_by_text(away).first.wait_for(timeout=30_000)
        shown = main.inner_text()
        assert "Traceback" not in shown and "OperationalError" not in shown
        assert t("database.save_refused", "en") in shown
        own_server.start(port)
        until(lambda: _answer_box(page, ids[0]).count() > 0, 40, "the page came back by itself")
        assert stored_answers(url, ids[:1]) == [""]  # refused means not written, not half-written
        box = _answer_box(page, ids[0])
        box.fill("돌아와서 쓴 답")
        box.press("Control+Enter")
        until(lambda: stored_answers(url, ids[:1]) == ["돌아와서 쓴 답"], 20, "the edit is saved once it is back")
    finally:
        app.stop()
        forget_engine(url)
