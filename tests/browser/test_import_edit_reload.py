"""End to end in Chromium: import a CP949 CSV through the real file input,
edit an answer in the Curate table (Glide data grid), reload, and find the edit
still there — in the page, in the store, and after a server restart. Then a
second, smaller check with a Korean browser.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from core.data.store import Store
from core.i18n import t
from tests.browser.conftest import ARTIFACTS, edit_grid_cell, start_app, wait_for_app
from tests.conftest import SAMPLES

CP949_CSV = SAMPLES / "cafe_questions_cp949.csv"
FIRST_QUESTION = "카페를 열려면 어떤 준비가 필요할까?"
PROJECT = "Browser café"
EDITED_EN = "Start with a business plan and a budget. 사업 계획부터!"
EDITED_KO = "상권 분석이 먼저입니다"

# The grid's columns, left to right: the id index, the tick box, question, answer, …
ANSWER_COLUMN = 3


def grid(page):
    return page.locator("[data-testid='stDataFrame']").first


def edit_cell(page, row: int, column: int, text: str) -> None:
    """Type ``text`` into a grid cell with the keyboard (see ``edit_grid_cell``)."""
    edit_grid_cell(page, row, column, text)


def eventually(check: Callable[[], object], timeout_s: float = 15.0) -> None:
    """Wait until ``check()`` is truthy: the callback's rerun may still be saving."""
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout_s} s: {check}")
        time.sleep(0.2)


def answer_in_single_editor(page, example_id: int) -> str:
    """The answer as the page shows it in the one-example editor (real DOM, not canvas)."""
    url = page.url.split("?")[0]
    page.goto(f"{url}?example={example_id}")
    wait_for_app(page)
    box = page.locator(f"[class*='st-key-_w_ex_{example_id}_'][class*='_answer'] textarea").first
    box.wait_for()
    return box.input_value()


def stored_answer(workspace, question: str) -> tuple[int, str, list[str]]:
    with Store(workspace) as store:
        [project] = [p for p in store.list_projects() if p.name == PROJECT]
        [example] = [e for e in store.iter_examples(project.id) if e.question == question]
        return example.id, example.answer, [v.answer for v in store.answer_history(example.id)]


def test_import_cp949_edit_in_grid_reload_and_restart(app_server, page):
    page.goto(app_server.url)
    wait_for_app(page)
    # Guided start on the home page: name the project, go to Questions.
    page.get_by_role("textbox", name=t("share.guide_project_name", "en"), exact=True).fill(PROJECT)
    page.get_by_role("button", name=t("share.guide_create_and_import", "en")).click()
    page.wait_for_url("**/Questions?project=*")
    wait_for_app(page)

    # The REAL file input, with the Korean-Excel CSV.
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(CP949_CSV))
    wait_for_app(page)
    page.get_by_role("button", name=t("questions.import_button", "en", count=10)).first.click()
    page.get_by_text(t("questions.go_curate", "en")).wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    example_id, answer, _ = stored_answer(app_server.workspace, FIRST_QUESTION)
    assert answer == ""

    page.goto(app_server.url + "/Curate")
    wait_for_app(page)
    edit_cell(page, 0, ANSWER_COLUMN, EDITED_EN)
    eventually(lambda: stored_answer(app_server.workspace, FIRST_QUESTION)[1] == EDITED_EN)
    # The history holds the edit (the import had no answer, so it is the first version).
    assert stored_answer(app_server.workspace, FIRST_QUESTION)[2] == [EDITED_EN]
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0

    page.reload()
    wait_for_app(page)
    assert answer_in_single_editor(page, example_id) == EDITED_EN

    # Come back tomorrow: a new server on the same workspace still has it.
    restarted = start_app(app_server.workspace, ARTIFACTS / "import_edit_reload-restart.log")
    try:
        page.goto(restarted.url + "/Curate")
        wait_for_app(page)
        assert answer_in_single_editor(page, example_id) == EDITED_EN
    finally:
        restarted.stop_in_background()


def test_korean_browser_edits_and_keeps_an_answer(app_server, browser):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        with Store(app_server.workspace) as store:
            project = store.find_project(PROJECT)
            if project is None:  # this test also runs alone
                project_id = store.create_project(PROJECT)
                from core.data.store import NewExample
                from core.dataset.sample import sample_questions

                store.add_examples(project_id, [NewExample(q) for q in sample_questions()])
            else:
                project_id = project.id
            second = store.query_examples(project_id, offset=1, limit=1)[0]
            store.touch_project(project_id)  # the most recent project opens by default
        page.goto(app_server.url + "/Curate")
        wait_for_app(page)
        assert page.locator("h1").first.inner_text().strip() == t("nav.curate", "ko")
        assert t("curate.grid_help", "ko") in page.locator("[data-testid='stMain']").inner_text()

        def saved() -> bool:
            with Store(app_server.workspace) as store:
                return store.get_example(second.id).answer == EDITED_KO

        edit_cell(page, 1, ANSWER_COLUMN, EDITED_KO)
        eventually(saved)
        page.reload()
        wait_for_app(page)
        assert answer_in_single_editor(page, second.id) == EDITED_KO
    finally:
        context.close()


def test_download_the_project_as_one_file_from_home(app_server, page):
    """ "Keep your work": the real download button returns a file that imports back, key-free."""
    from core.dataset.project_file import read_document

    with Store(app_server.workspace) as store:
        project = store.find_project(PROJECT) or store.get_project(store.create_project(PROJECT))
        store.touch_project(project.id)
    page.goto(app_server.url)
    wait_for_app(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name=t("projectfile.download", "en", name=PROJECT)).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ftstudio.zip")
    document = read_document(download.path().read_bytes())
    assert document["project"]["name"] == PROJECT
    with Store(app_server.workspace) as store:
        assert len(document["examples"]) == store.count_examples(project.id)


def test_add_a_row_in_the_grid(app_server, page):
    """ "Add a row" saves the new example at once, and the table jumps to it."""
    with Store(app_server.workspace) as store:
        project = store.find_project(PROJECT) or store.get_project(store.create_project(PROJECT))
        store.touch_project(project.id)
        before = store.count_examples(project.id)
    page.goto(app_server.url + "/Curate")
    wait_for_app(page)
    page.get_by_role("button", name=t("curate.add_row", "en")).click()
    question = page.locator("[class*='st-key-_w_curate_add_'] textarea").first
    question.fill("A question typed into a new row")
    page.get_by_role("button", name=t("curate.add_row_save", "en"), exact=True).click()
    page.get_by_text(t("curate.row_added", "en", count=1)).wait_for()
    with Store(app_server.workspace) as store:
        assert store.count_examples(project.id) == before + 1
        [added] = store.query_examples(project.id, offset=before, limit=1)
    assert (added.question, added.source, added.status) == ("A question typed into a new row", "manual", "draft")
