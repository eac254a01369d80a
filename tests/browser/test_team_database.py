"""The workspace on a team PostgreSQL server, in Chromium: it survives a restart with the local disk wiped,
two app servers on one database keep every edit, and a database outage is a message the page recovers from.

Each app server runs with ``DATABASE_URL`` set, the way Community Cloud passes the
``[connections.sql]`` secret, and with a local workspace path that must never be written.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.data.connection import forget_engine
from core.data.store import NewExample, Store
from core.i18n import t
from tests.browser.conftest import ARTIFACTS, AppServer, start_app, wait_for_app
from tests.postgres import PostgresServer

TEAM_PROJECT = "팀 카페 매뉴얼"
QUESTIONS = [f"팀 질문 {number}?" for number in range(1, 7)]


def until(check: Callable[[], object], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout_s} s: {what}")
        time.sleep(0.25)


def start_on_database(url: str, local: Path, name: str) -> AppServer:
    return start_app(local / "studio.sqlite3", ARTIFACTS / f"team-db-{name}-server.log", {"DATABASE_URL": url})


def team_project(url: str) -> tuple[int, list[int]]:
    with Store(url) as store:
        project_id = store.create_project(TEAM_PROJECT)
        ids = store.add_examples(project_id, [NewExample(question) for question in QUESTIONS])
    return project_id, ids


def type_answer(page, app: AppServer, project_id: int, example_id: int, text: str) -> None:
    """Open one example in Curate's editor (real DOM, not the canvas grid) and type its answer."""
    page.goto(f"{app.url}/Curate?project={project_id}&example={example_id}")
    wait_for_app(page)
    box = page.locator(f"[class*='st-key-_w_ex_{example_id}_'][class*='_answer'] textarea").first
    box.fill(text)
    box.press("Control+Enter")


def opened(page, app: AppServer, project_id: int) -> None:
    """Open the project's Home and wait for its name: a cold server's first page also imports the app."""
    page.goto(f"{app.url}/?project={project_id}")
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    until(lambda: TEAM_PROJECT in main.inner_text(), 60, "the team project is open")


def stored_answers(url: str, ids: list[int]) -> list[str]:
    with Store(url) as store:
        return [store.get_example(example_id).answer for example_id in ids]


@pytest.fixture
def database(postgres_server: PostgresServer) -> Iterator[str]:
    url = postgres_server.url(postgres_server.create_database())
    yield url
    forget_engine(url)


def test_the_sample_survives_a_restart_with_the_local_disk_wiped(database, page, tmp_path):
    local = tmp_path / "local-workspace"
    app = start_on_database(database, local, "restart")
    try:
        page.goto(app.url)
        wait_for_app(page)
        # The first run of a fresh database builds its schema first: wait for the words, not for a quiet page.
        page.get_by_text(t("database.on_server", "en").split("(")[0].strip()).first.wait_for(timeout=60_000)
        page.get_by_role("button", name=t("sidebar.open_sample", "en")).first.click()
        page.get_by_text(t("sidebar.sample_opened", "en")).first.wait_for()
        with Store(database) as store:
            [sample] = store.list_projects(None)
    finally:
        app.stop()
    assert not local.exists(), "with a database URL set, nothing may be written to the local workspace"
    shutil.rmtree(local, ignore_errors=True)  # what a Community Cloud restart does to the disk

    again = start_on_database(database, local, "restart-2")
    try:
        page.goto(f"{again.url}/?project={sample.id}")
        wait_for_app(page)
        main = page.locator("[data-testid='stMain']")
        until(lambda: sample.name in main.inner_text(), 60, "the sample opens after the restart")
        with Store(database) as store:
            assert store.count_examples(sample.id) == 40
    finally:
        again.stop()
    assert not local.exists()


def test_two_app_servers_on_one_database_keep_every_edit(database, two_visitors, tmp_path):
    project_id, ids = team_project(database)
    first = start_on_database(database, tmp_path / "one", "first")
    second = start_on_database(database, tmp_path / "two", "second")
    try:
        alice, bob = two_visitors
        opened(alice, first, project_id)
        opened(bob, second, project_id)
        # Interleaved: each server writes while the other has just written.
        for number, example_id in enumerate(ids):
            visitor, server = (alice, first) if number % 2 == 0 else (bob, second)
            type_answer(
                visitor, server, project_id, example_id, f"답변 {number} from {'A' if number % 2 == 0 else 'B'}"
            )
        expected = [f"답변 {n} from {'A' if n % 2 == 0 else 'B'}" for n in range(len(ids))]
        until(lambda: stored_answers(database, ids) == expected, 30, "every edit from both servers is stored")
        # Each server shows the other's edit too (read from the database, not from its own memory).
        bob.goto(f"{second.url}/Curate?project={project_id}&example={ids[0]}")
        wait_for_app(bob)
        box = bob.locator(f"[class*='st-key-_w_ex_{ids[0]}_'][class*='_answer'] textarea").first
        assert box.input_value() == expected[0]
    finally:
        first.stop()
        second.stop()


@pytest.fixture
def own_server(tmp_path_factory) -> Iterator[PostgresServer]:
    """A server of this test's own: it is stopped and started again mid-test."""
    with PostgresServer.started() as server:
        yield server


def test_a_database_outage_is_a_message_and_the_page_carries_on_when_it_is_back(own_server, page, tmp_path):
    url = own_server.url(own_server.create_database())
    project_id, ids = team_project(url)
    forget_engine(url)
    app = start_on_database(url, tmp_path / "local", "outage")
    try:
        opened(page, app, project_id)
        main = page.locator("[data-testid='stMain']")
        port = own_server.port
        own_server.stop()
        page.reload()
        page.get_by_text(t("database.unreachable", "en", where="X").split("(")[0].strip()).first.wait_for(
            timeout=30_000
        )
        shown = main.inner_text()
        assert "Traceback" not in shown and "OperationalError" not in shown
        assert "password" not in shown.lower()
        own_server.start(port)
        # No click: the page tries again by itself and shows the project once the database answers.
        until(lambda: TEAM_PROJECT in main.inner_text(), 40, "the page came back by itself")
        type_answer(page, app, project_id, ids[0], "돌아왔습니다")
        until(lambda: stored_answers(url, ids[:1]) == ["돌아왔습니다"], 20, "an edit after the outage is saved")
    finally:
        app.stop()
        forget_engine(url)
