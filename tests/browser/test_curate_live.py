"""Curate in Chromium: quick successive grid edits are all saved (a save never rebuilds the
grid under the cursor), answers of a running generation appear without any user action and
without closing a cell being typed in, and review mode works by key."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest

from core.data.store import NewExample, Store
from core.dataset.sample import create_sample_project
from core.i18n import t
from core.workflows import generation
from tests.browser.conftest import (
    ARTIFACTS,
    configure_standin,
    edit_grid_cell,
    open_grid_cell,
    standin_process,
    start_app,
    type_into_open_cell,
    until,
    wait_for_app,
)

ANSWER_COLUMN = 3  # row number, tick box, question, answer


@pytest.fixture(scope="module")
def standin_url() -> Iterator[str]:
    with standin_process() as url:
        yield url


@pytest.fixture(scope="module")
def live_app(tmp_path_factory, standin_url):
    workspace = tmp_path_factory.mktemp("curate-live") / "studio.sqlite3"
    with Store(workspace) as store:
        project = create_sample_project(store)
    server = start_app(
        workspace,
        ARTIFACTS / "test_curate_live-server.log",
        extra_env={"OPENAI_BASE_URL": standin_url, "OPENAI_API_KEY": "sk-standin-curate-live"},
    )
    yield server, project
    server.stop_in_background()


def slow_down(standin_url: str) -> None:
    """The stand-in takes one request per 2 s (and says so in its headers), so a run outlasts a page load."""
    configure_standin(standin_url, latency_s=0.2, rpm=1, rate_window_s=2.0)


def speed_up(standin_url: str, workspace, project_id: int) -> None:
    """Stop what is left of the run and lift the stand-in's limit again, for the next test."""
    with Store(workspace) as store:
        running = generation.latest_run(store, project_id)
        if running is not None:
            generation.cancel_run(store, running.id)
    configure_standin(standin_url, latency_s=0, rpm=None, rate_window_s=60.0)


def loaded(page) -> None:
    """The first load is drawn in full (the last section is there), not only its top."""
    page.get_by_text(t("curate.editor_title", "en"), exact=True).wait_for()
    wait_for_app(page)


def answers(workspace, project_id: int) -> list[str]:
    with Store(workspace) as store:
        return [e.answer for e in store.iter_examples(project_id)]


def grid_text(page) -> str:
    """What the grid shows: Glide renders an accessible table of the visible cells next to its canvas."""
    return page.locator("[data-testid='stDataFrame'] table").first.inner_text()


def _runs(workspace, project_id: int) -> list[tuple[int, str]]:
    with Store(workspace) as store:
        return [(run.id, run.status) for run in generation.list_runs(store, project_id)]


def start_generation(page, workspace, project_id: int) -> None:
    """Click Start on Generate and wait until the store has the new run.

    Not until a progress panel shows: the last test's cancelled run has one too.
    Leaving the page ends its session, and Streamlit stops that session's script
    run, so a page left before the click's run has written the new run starts nothing.
    """
    before = {run_id for run_id, _ in _runs(workspace, project_id)}
    page.get_by_role("button", name=t("generate.start", "en")).click()
    until(
        lambda: any(run_id not in before for run_id, _ in _runs(workspace, project_id)), 15, "the new run in the store"
    )


def only_these_left_to_answer(workspace, project_id: int, questions: list[str]) -> list[int]:
    """Give every unanswered row an answer, then add ``questions``: a run answers only those. Returns their ids."""
    with Store(workspace) as store:
        for example in store.iter_examples(project_id):
            if not example.answer:
                store.update_example(example.id, answer="answered before")
        return store.add_examples(project_id, [NewExample(q) for q in questions])


def generating_on_curate(page, server, project_id: int, search: str) -> None:
    """Start a generation on Generate, open Curate filtered on ``search`` (the new rows fill the
    visible part), and wait for the run's progress line."""
    page.goto(server.url + "/Generate?lang=en")
    wait_for_app(page)
    start_generation(page, server.workspace, project_id)
    page.goto(server.url + "/Curate?lang=en")
    loaded(page)
    box = page.locator(".st-key-_w_curate_text input")
    box.fill(search)
    box.press("Enter")
    wait_for_app(page)
    page.get_by_text(re.compile("Generating answers")).wait_for(timeout=20_000)


def test_two_edits_in_quick_succession_are_both_saved(live_app, page):
    """Each edit starts right after the previous one's save: it must not be swallowed by a rebuilt grid.

    "Right after the save" is when the store has it and the rerun that saved it has
    drawn the page; a cell typed into while that rerun is still on its way is closed
    by the redraw (Streamlit's grid gives the server nothing before Enter).
    """
    server, project = live_app
    page.goto(server.url + "/Curate")
    loaded(page)
    texts = ["first quick edit", "second quick edit, typed at once", "third quick edit"]
    for row, text in enumerate(texts):
        edit_grid_cell(page, row, ANSWER_COLUMN, text)
        until(
            lambda row=row: answers(server.workspace, project)[: row + 1] == texts[: row + 1],
            15,
            f"edit {row + 1} saved",
        )
        wait_for_app(page)  # the rerun that saved it has drawn the page
    assert answers(server.workspace, project)[:3] == texts


def test_a_cell_opened_while_the_previous_save_runs_keeps_its_text(live_app, page):
    """Enter, then straight into the next cell, as people do: the save's runs redraw the grid while
    the next cell is open, and what is typed there stays until it is confirmed.

    A teammate's write holds the workspace's lock over the first Enter, so the save's run
    is surely still going while the next cell is opened and typed in.
    """
    server, project = live_app
    page.goto(server.url + "/Curate")
    loaded(page)
    teammate = sqlite3.connect(server.workspace, isolation_level=None)
    try:
        teammate.execute("BEGIN IMMEDIATE")
        edit_grid_cell(page, 3, ANSWER_COLUMN, "saved while the next cell is open")
        editor = open_grid_cell(page, 4, ANSWER_COLUMN, settled=False)
        type_into_open_cell(page, editor, "typed during the save")
        assert answers(server.workspace, project)[3] != "saved while the next cell is open"
    finally:
        teammate.execute("ROLLBACK")
        teammate.close()
    until(lambda: answers(server.workspace, project)[3] == "saved while the next cell is open", 15, "first saved")
    wait_for_app(page)  # the save's run and the grid's own report after it have both drawn the page
    assert editor.is_visible(), "the save's redraw closed the next cell"
    assert editor.input_value() == "typed during the save"
    editor.press("Enter")
    until(lambda: answers(server.workspace, project)[4] == "typed during the save", 15, "the second edit saved")


def test_answers_appear_in_curate_while_a_generation_runs(live_app, standin_url, page):
    """Start a generation on Generate, open Curate: the answers show up in the grid with no click."""
    server, project = live_app
    only_these_left_to_answer(server.workspace, project, [f"Live question {i}?" for i in range(20)])
    slow_down(standin_url)
    try:
        generating_on_curate(page, server, project, "Live question")  # nothing is clicked on Curate from here on
        shown_before = grid_text(page)

        def fresh() -> list[str]:
            visible = answers(server.workspace, project)[-20:-12]  # the rows the grid shows without scrolling
            return [a for a in visible if a and a[:25] not in shown_before]

        until(fresh, 30, "an answer in the store that the grid did not show yet")
        arrived = fresh()[0]
        until(lambda: arrived[:25] in grid_text(page), 15, "the new answer shown in the grid")
    finally:
        speed_up(standin_url, server.workspace, project)


def grid_widget_key(page) -> str:
    """The grid's widget key, as Streamlit writes it into its container's classes."""
    classes = page.locator("[class*='st-key-_w_curate_editor_']").first.get_attribute("class") or ""
    return re.search(r"st-key-(_w_curate_editor_\S+)", classes).group(1)


def test_arriving_answers_reach_the_grid_without_a_new_widget(live_app, standin_url, page):
    """While a generation runs, each new answer redraws the page; the grid must take the new
    answers through its data under the same key. A new key is a new widget: the browser
    closes the cell being typed in and drops an edit not reported yet.
    """
    server, project = live_app
    only_these_left_to_answer(server.workspace, project, [f"Keyed question {i}?" for i in range(12)])
    slow_down(standin_url)
    try:
        generating_on_curate(page, server, project, "Keyed question")
        until(lambda: "Keyed question 0?" in grid_text(page), 15, "the filtered grid shown")
        key_before, shown_before = grid_widget_key(page), grid_text(page)

        def fresh() -> list[str]:
            return [a for a in answers(server.workspace, project)[-12:-2] if a and a[:25] not in shown_before]

        until(lambda: len(fresh()) >= 2, 30, "two answers in the store that the grid did not show yet")
        arrived = fresh()
        until(lambda: all(a[:25] in grid_text(page) for a in arrived), 15, "the new answers shown in the grid")
        assert grid_widget_key(page) == key_before
    finally:
        speed_up(standin_url, server.workspace, project)


def test_what_is_typed_in_an_open_cell_survives_an_arriving_answer(live_app, standin_url, page):
    """Someone fixes an answer while a run fills the rows around it: an answer that lands on a
    visible row redraws the grid, and the open cell, with what was typed and not yet confirmed, stays.

    The stand-in's rate limit holds the run's requests (one a minute, answered at once and the
    rest told to wait), and the answers land when the test writes them into the store (as the
    runner does), so they surely arrive while the cell is open.
    """
    server, project = live_app
    new_ids = only_these_left_to_answer(server.workspace, project, [f"Typed question {i}?" for i in range(6)])
    configure_standin(standin_url, rpm=1, rate_window_s=60.0)
    try:
        generating_on_curate(page, server, project, "Typed question")
        until(lambda: "Typed question 5?" in grid_text(page), 15, "the filtered grid shown")
        editor = open_grid_cell(page, 0, ANSWER_COLUMN)
        type_into_open_cell(page, editor, "Fixed by a person, not confirmed yet")
        with Store(server.workspace) as store:
            for example_id in new_ids[1:3]:
                store.update_example(example_id, answer=f"An answer that arrived while someone typed ({example_id})")
        until(lambda: "An answer that arrived while someone typed" in grid_text(page), 15, "the answers drawn")
        assert editor.is_visible(), "the redraw closed the cell being typed in"
        assert editor.input_value() == "Fixed by a person, not confirmed yet"
        on_its_row = _offset_in_grid(page, editor)
        with Store(server.workspace) as store:  # the run ends: its progress line goes away
            generation.cancel_run(store, generation.latest_run(store, project).id)
        page.get_by_text(re.compile("Generating answers")).wait_for(state="detached", timeout=15_000)
        wait_for_app(page)
        assert editor.is_visible() and editor.input_value() == "Fixed by a person, not confirmed yet"
        assert abs(_offset_in_grid(page, editor) - on_its_row) < 2, "the grid moved under the open cell"
        editor.press("Enter")
        until(
            lambda: Store(server.workspace).get_example(new_ids[0]).answer == "Fixed by a person, not confirmed yet",
            15,
            "the typed answer saved",
        )
    finally:
        speed_up(standin_url, server.workspace, project)


def _offset_in_grid(page, editor) -> float:
    """How far below the grid's top the open cell editor sits (the editor floats above the page)."""
    return editor.bounding_box()["y"] - page.locator("[data-testid='stDataFrame']").first.bounding_box()["y"]


def test_review_mode_by_keyboard_keeps_its_place(live_app, page):
    server, project = live_app
    with Store(server.workspace) as store:
        ids = store.filtered_ids(project)
        store.set_status(ids, "draft")
    page.goto(server.url + "/Curate?lang=en&review=")
    wait_for_app(page)
    page.get_by_text(t("curate.review_reviewed", "en", reviewed=0, total=len(ids))).wait_for()
    wait_for_app(page)
    page.locator("h1").first.click()  # the keys act on the page, not inside a text box
    n = len(ids)

    def showing(position: int) -> None:
        page.get_by_text(t("curate.review_position", "en", n=position, total=n, id=ids[position - 1])).wait_for()

    page.keyboard.press("a")  # approve: the first example, then the next one shows
    until(lambda: Store(server.workspace).get_example(ids[0]).status == "approved", 10, "approved by key")
    showing(2)
    page.get_by_text(t("curate.review_reviewed", "en", reviewed=1, total=n)).wait_for()
    wait_for_app(page)  # a key pressed while the page is still redrawing reaches the old buttons
    page.keyboard.press("ArrowRight")  # skip
    showing(3)
    wait_for_app(page)
    page.keyboard.press("ArrowLeft")  # back
    showing(2)
    wait_for_app(page)
    page.keyboard.press("x")  # reject
    until(lambda: Store(server.workspace).get_example(ids[1]).status == "rejected", 10, "rejected by key")
    showing(3)
