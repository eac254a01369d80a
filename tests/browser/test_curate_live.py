"""Curate in Chromium: quick successive grid edits are all saved (the grid is never rebuilt
under the cursor), answers of a running generation appear without any user action,
typing in the grid survives that refresh, and review mode keeps its place and works by key."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Callable, Iterator

import pytest

from core import gen_runs
from core.i18n import t
from core.sample import create_sample_project
from core.store import NewExample, Store
from tests.browser.conftest import ARTIFACTS, GRID_EDITOR, edit_grid_cell, standin_process, start_app, wait_for_app

ANSWER_COLUMN = 3  # row number, tick box, question, answer


@pytest.fixture(scope="module")
def standin_url() -> Iterator[str]:
    with standin_process() as url:
        yield url


def _configure(base_url: str, **knobs: float) -> None:
    request = urllib.request.Request(base_url.removesuffix("/v1") + "/_standin/configure",
                                     data=json.dumps(knobs).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).close()


@pytest.fixture(scope="module")
def live_app(tmp_path_factory, standin_url):
    workspace = tmp_path_factory.mktemp("curate-live") / "studio.sqlite3"
    with Store(workspace) as store:
        project = create_sample_project(store)
    server = start_app(workspace, ARTIFACTS / "test_curate_live-server.log",
                       extra_env={"OPENAI_BASE_URL": standin_url, "OPENAI_API_KEY": "sk-standin-curate-live"})
    yield server, project
    server.stop()


def slow_down(standin_url: str) -> None:
    """The stand-in takes one request per 2 s (and says so in its headers), so a run outlasts a page load."""
    _configure(standin_url, latency_s=0.2, rpm=1, rate_window_s=2.0)


def speed_up(standin_url: str, workspace, project_id: int) -> None:
    """Stop what is left of the run and lift the stand-in's limit again, for the next test."""
    with Store(workspace) as store:
        running = gen_runs.latest_run(store, project_id)
        if running is not None:
            gen_runs.cancel_run(store, running.id)
    _configure(standin_url, latency_s=0, rpm=None, rate_window_s=60.0)


def until(check: Callable[[], object], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still not true after {timeout_s} s")
        time.sleep(0.2)


def answers(workspace, project_id: int) -> list[str]:
    with Store(workspace) as store:
        return [e.answer for e in store.iter_examples(project_id)]


def grid_text(page) -> str:
    """What the grid shows: Glide renders an accessible table of the visible cells next to its canvas."""
    return page.locator("[data-testid='stDataFrame'] table").first.inner_text()


def test_two_edits_in_quick_succession_are_both_saved(live_app, page):
    """The second edit starts right after the first one's save: it must not be swallowed by a rebuilt grid."""
    server, project = live_app
    page.goto(server.url + "/Curate")
    wait_for_app(page)
    edit_grid_cell(page, 0, ANSWER_COLUMN, "first quick edit")
    edit_grid_cell(page, 1, ANSWER_COLUMN, "second quick edit, typed at once")
    edit_grid_cell(page, 2, ANSWER_COLUMN, "third quick edit")
    until(lambda: answers(server.workspace, project)[:3] == [
        "first quick edit", "second quick edit, typed at once", "third quick edit"], 15, "all three edits saved")


def test_answers_appear_in_curate_while_a_generation_runs(live_app, standin_url, page):
    """Start a generation on Generate, open Curate: the answers show up in the grid with no click."""
    server, project = live_app
    with Store(server.workspace) as store:
        store.add_examples(project, [NewExample(f"Live question {i}?") for i in range(20)])
    slow_down(standin_url)
    try:
        page.goto(server.url + "/Generate?lang=en")
        wait_for_app(page)
        page.get_by_role("button", name=t("generate.start", "en")).click()
        page.get_by_text(t("generate.progress_title", "en")).wait_for()
        page.goto(server.url + "/Curate?lang=en")
        wait_for_app(page)
        # Nothing is clicked on Curate from here on.
        page.get_by_text(re.compile("Generating answers")).wait_for(timeout=20_000)
        shown_before = grid_text(page)

        def fresh() -> list[str]:
            return [a for a in answers(server.workspace, project) if a and a[:25] not in shown_before]

        until(fresh, 30, "an answer in the store that the grid did not show yet")
        arrived = fresh()[0]
        until(lambda: arrived[:25] in grid_text(page), 15, "the new answer shown in the grid")
    finally:
        speed_up(standin_url, server.workspace, project)


def test_typing_in_the_grid_survives_the_live_refresh(live_app, standin_url, page):
    """While answers keep arriving (each redraws the page), a question typed slowly into the grid is kept."""
    server, project = live_app
    with Store(server.workspace) as store:
        store.add_examples(project, [NewExample(f"Slow question {i}?") for i in range(40)])
    slow_down(standin_url)
    try:
        page.goto(server.url + "/Generate?lang=en")
        wait_for_app(page)
        page.get_by_role("button", name=t("generate.start", "en")).click()
        page.get_by_text(t("generate.progress_title", "en")).wait_for()
        page.goto(server.url + "/Curate?lang=en")
        wait_for_app(page)
        page.get_by_text(re.compile("Generating answers")).wait_for(timeout=20_000)
        answered_before = sum(bool(a) for a in answers(server.workspace, project))
        grid = page.locator("[data-testid='stDataFrame']").first
        grid.click(position={"x": 20, "y": 36 + 35 / 2})
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        editor = page.locator(GRID_EDITOR).first
        editor.wait_for(timeout=5_000)
        editor.press("ControlOrMeta+a")
        typed = "A question typed slowly while answers arrive"
        editor.type(typed, delay=200)  # about nine seconds of typing
        answered_during = sum(bool(a) for a in answers(server.workspace, project)) - answered_before
        editor.press("Enter")
        until(lambda: answers_and_questions(server.workspace, project)[0] == typed, 15, "the slow typing saved")
        assert answered_during > 0, "no answer arrived while typing: the test did not exercise a refresh"
    finally:
        speed_up(standin_url, server.workspace, project)


def answers_and_questions(workspace, project_id: int) -> list[str]:
    with Store(workspace) as store:
        return [e.question for e in store.iter_examples(project_id)]


def test_review_mode_by_keyboard_keeps_its_place(live_app, page):
    server, project = live_app
    with Store(server.workspace) as store:
        ids = store.filtered_ids(project)
        store.set_status(ids, "draft")
    page.goto(server.url + "/Curate?lang=en&review=")
    wait_for_app(page)
    page.get_by_text(t("curate.review_reviewed", "en", reviewed=0, total=len(ids))).wait_for()
    page.keyboard.press("a")  # approve: the first example, then the next one shows
    until(lambda: f"review={ids[1]}" in page.url, 10, "the next example in the URL")
    with Store(server.workspace) as store:
        assert store.get_example(ids[0]).status == "approved"
    page.get_by_text(t("curate.review_reviewed", "en", reviewed=1, total=len(ids))).wait_for()
    page.keyboard.press("ArrowRight")  # skip
    until(lambda: f"review={ids[2]}" in page.url, 10, "skipped to the one after")
    page.reload()
    wait_for_app(page)
    page.get_by_text(t("curate.review_position", "en", n=3, total=len(ids), id=ids[2])).wait_for()
    page.keyboard.press("ArrowLeft")  # back
    until(lambda: f"review={ids[1]}" in page.url, 10, "back to the skipped one")
    page.keyboard.press("x")  # reject
    until(lambda: Store(server.workspace).get_example(ids[1]).status == "rejected", 10, "rejected by key")
