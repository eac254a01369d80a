"""The whole journey, end to end, in Chromium with a Korean browser.

A cold server → a deep link straight to a sub-page → Korean UI → import the
CP949 CSV (and paste three more questions) → generate answers with the local
stand-in (a separate process) → approve, edit two answers, reject one →
reload → Preview says ready → download train.jsonl → launch fine-tuning →
watch the chart fill in → compare base and fine-tuned with a blind vote →
export the project file → import it on a second server with a fresh
workspace and find everything there.

Screenshots of each main page are written to docs/screenshots/ (the README
shows them), so they always show the app as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from core.data.store import Store
from core.i18n import t
from core.workflows import compare, finetune
from tests.browser.conftest import (
    ARTIFACTS,
    ROOT,
    AppServer,
    advance_standin,
    standin_process,
    start_app,
    until,
    wait_for_app,
)
from tests.conftest import SAMPLES
from tests.openai_standin.world import QUEUED_S, STEP_S, VALIDATING_S

SHOTS = ROOT / "docs" / "screenshots"
CP949_CSV = SAMPLES / "cafe_questions_cp949.csv"
FIRST_QUESTION = "카페를 열려면 어떤 준비가 필요할까?"
PASTED = ["원두는 어디서 사야 할까?", "아르바이트생은 몇 명이 필요할까?", "배달 앱 입점은 필요할까?"]
PROJECT = "카페 상담 여정"
EDIT_IN_REVIEW = "사업 계획서와 예산표부터 만드세요."
EDIT_IN_EDITOR = "원두는 두세 곳의 로스터리에서 샘플을 받아 비교해 보세요."
JOURNEY_KEY = "sk-journey-7c1f3a9e5b2d8f4a6c0e9b1d3f5a7c9e-J0UR"
CLOCK_SPEED = "0"  # the stand-in's clock stands still: the journey moves the fine-tuning job along itself
PLOT_POINTS_JS = (
    "() => { const line = document.querySelector('[data-testid=\"stPlotlyChart\"] path.js-line');"
    " return line ? (line.getAttribute('d').match(/L/g) || []).length + 1 : 0; }"
)


def ko(key: str, **values) -> str:
    return t(key, "ko", **values)


@pytest.fixture(scope="module")
def standin_url() -> Iterator[str]:
    """The stand-in as its own process, as a user would run it (python -m tests.openai_standin)."""
    with standin_process("--clock-speed", CLOCK_SPEED, "--api-key", JOURNEY_KEY) as url:
        yield url


@pytest.fixture(scope="module")
def servers(tmp_path_factory, standin_url) -> Iterator[dict[str, AppServer]]:
    """A cold server for the journey; the second one (fresh workspace) is started when the journey needs it."""
    folder = tmp_path_factory.mktemp("journey")
    env = {"OPENAI_BASE_URL": standin_url, "OPENAI_API_KEY": JOURNEY_KEY, "FINETUNE_STUDIO_POLL_S": "1"}
    started = {"first": start_app(folder / "first" / "studio.sqlite3", ARTIFACTS / "test_journey-server.log", env)}
    started["folder"] = folder  # type: ignore[assignment]
    yield started
    for server in started.values():
        if isinstance(server, AppServer):
            server.stop_in_background()


@pytest.fixture
def korean_page(browser, request):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "test_journey-failure.png"), full_page=True)
    context.close()


# ------------------------------------------------------------------ helpers
def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(400)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0, f"a traceback is shown on {page.url}"


def visible(locator):
    return locator.locator("visible=true")


def go(page, base: str, path: str) -> None:
    page.goto(base + path)
    wait_for_app(page)
    no_exception(page)


def examples(workspace, name: str = PROJECT):
    with Store(workspace) as store:
        project = store.find_project(name)
        return project.id, list(store.iter_examples(project.id))


def open_in_editor(page, base: str, example_id: int):
    go(page, base, f"/Curate?example={example_id}")
    box = page.locator(f"[class*='st-key-_w_ex_{example_id}_'][class*='_answer'] textarea").first
    box.wait_for()
    return box


def choose(page, widget, option: str) -> None:
    """Pick ``option`` in a selectbox: open its combobox, click the option."""
    wanted = page.get_by_role("option", name=option, exact=True).first
    widget.get_by_role("combobox").first.click()
    try:
        wanted.wait_for(timeout=3_000)
    except Exception:  # noqa: BLE001 - a focused combobox may stay closed: use its open button
        widget.get_by_role("button", name="Open").first.click()
    wanted.click()
    wait_for_app(page)


# ------------------------------------------------------------------ the journey
@pytest.mark.timeout(420)
def test_the_whole_journey_in_korean(servers, standin_url, korean_page, tmp_path):
    page, first = korean_page, servers["first"]
    base = first.url

    # 1–3. A cold server, a deep link straight to a sub-page, Korean screens.
    go(page, base, "/Questions")
    assert page.locator("h1").first.inner_text().strip() == ko("nav.questions")
    page.get_by_text(ko("common.no_project")).wait_for()
    page.get_by_role("link", name=ko("common.go_home")).click()
    wait_for_app(page)
    page.get_by_text(ko("share.guide_sample_why")).wait_for()  # the guided first run, in Korean
    shot(page, "home")
    page.get_by_role("textbox", name=ko("share.guide_project_name"), exact=True).fill(PROJECT)
    page.get_by_role("button", name=ko("share.guide_create_and_import")).click()
    page.wait_for_url("**/Questions?project=*")
    wait_for_app(page)

    # 4. Import the CP949 CSV through the real file input, then paste three more questions.
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(CP949_CSV))
    wait_for_app(page)
    import_ten = visible(page.get_by_role("button", name=ko("questions.import_button", count=10)))
    import_ten.wait_for()
    shot(page, "questions")
    import_ten.click()
    until(lambda: len(examples(first.workspace)[1]) == 10, 15, "the imported CSV rows")
    wait_for_app(page)
    no_exception(page)
    page.locator("[data-testid='stRadioGroup']").get_by_text(ko("questions.source_paste"), exact=True).click()
    wait_for_app(page)
    paste = page.get_by_role("textbox", name=ko("questions.paste_label"))
    paste.fill("\n".join(PASTED))
    paste.press("ControlOrMeta+Enter")
    wait_for_app(page)
    visible(page.get_by_role("button", name=ko("questions.import_button", count=3))).click()
    until(lambda: len(examples(first.workspace)[1]) == 13, 15, "the pasted questions")
    wait_for_app(page)
    project_id, rows = examples(first.workspace)
    assert len(rows) == 13 and rows[0].question == FIRST_QUESTION  # CP949 decoded, not mojibake

    # 5. Generate every answer with the stand-in.
    go(page, base, "/Generate")
    visible(page.get_by_role("button", name=ko("generate.start"))).click()
    until(lambda: all(e.answer for e in examples(first.workspace)[1]), 60, "13 generated answers")
    page.get_by_text(ko("generate.status_completed")).first.wait_for()
    no_exception(page)
    shot(page, "generate")

    # 6. Approve everything, edit two answers (review mode and one-example editor), reject one.
    # (Editing in the grid itself is covered by test_import_edit_reload.py; the quick-edit
    # defect tracked in test_curate_live.py must not decide whether the journey passes.)
    go(page, base, "/Curate")
    choose(page, page.locator(".st-key-_w_curate_bulk_status"), ko("status.approved"))
    visible(page.get_by_role("button", name=ko("curate.bulk_apply", count=13))).click()
    wait_for_app(page)
    until(lambda: all(e.status == "approved" for e in examples(first.workspace)[1]), 10, "bulk approval")
    shot(page, "curate")
    go(page, base, f"/Curate?review={rows[0].id}")
    review_box = page.locator(f"[class*='st-key-_w_review_{rows[0].id}_'][class*='answer'] textarea").first
    review_box.wait_for()
    review_box.fill(EDIT_IN_REVIEW)
    review_box.press("Tab")  # the review box saves when it loses focus
    wait_for_app(page)
    until(lambda: examples(first.workspace)[1][0].answer == EDIT_IN_REVIEW, 10, "the review-mode edit to be saved")

    edited, rejected = rows[10], rows[12]  # the first pasted question; the last one is rejected
    box = open_in_editor(page, base, edited.id)
    box.fill(EDIT_IN_EDITOR)
    box.press("Tab")  # a text area saves when it loses focus
    wait_for_app(page)
    until(lambda: examples(first.workspace)[1][10].answer == EDIT_IN_EDITOR, 10, "the editor edit")
    open_in_editor(page, base, rejected.id)
    choose(page, page.locator(f"[class*='st-key-_w_ex_{rejected.id}_'][class*='_status']"), ko("status.rejected"))
    until(lambda: examples(first.workspace)[1][12].status == "rejected", 10, "the rejection")
    no_exception(page)

    # 7. Reload: everything is still there, read back from the page itself.
    page.reload()
    wait_for_app(page)
    assert open_in_editor(page, base, edited.id).input_value() == EDIT_IN_EDITOR
    assert open_in_editor(page, base, rows[0].id).input_value() == EDIT_IN_REVIEW

    # 8–9. Preview says ready; download train.jsonl.
    go(page, base, "/Preview")
    ready = ko("validate.ready", n=12, warnings="").split("12")[0]
    page.locator("[data-testid='stAlert']", has_text=ready).first.wait_for()
    shot(page, "preview")
    with page.expect_download(timeout=30_000) as caught:
        visible(page.get_by_role("button", name="train.jsonl")).first.click()
    train = tmp_path / "train.jsonl"
    caught.value.save_as(train)
    text = train.read_text(encoding="utf-8")
    records = [json.loads(line) for line in text.splitlines()]
    assert records and all(r["messages"][-1]["role"] == "assistant" for r in records)
    assert EDIT_IN_REVIEW in text and rejected.question not in text

    # 10–11. Launch fine-tuning and watch the chart fill in live.
    go(page, base, "/Finetune")
    page.get_by_text(ko("spend.highest_cost", usd="$")).first.wait_for()  # the cost first; under $1, no confirm
    launch = visible(page.get_by_role("button", name=ko("finetune.launch_button")))
    launch.wait_for()
    page.wait_for_function("b => !b.disabled", arg=launch.element_handle())
    launch.click()
    until(lambda: _job_created(first.workspace, project_id), 30, "the job created on the stand-in")
    advance_standin(standin_url, VALIDATING_S + QUEUED_S + 3 * STEP_S)  # three steps into training
    page.wait_for_function(f"({PLOT_POINTS_JS})() > 1", timeout=60_000)
    points = page.evaluate(PLOT_POINTS_JS)
    advance_standin(standin_url, 3 * STEP_S)
    page.wait_for_function(f"({PLOT_POINTS_JS})() > {points}", timeout=60_000)
    advance_standin(standin_url, 24 * 3600)  # past the last step
    succeeded = re.compile(r"^\W*" + re.escape(ko("finetune.status.succeeded")) + "$")
    page.locator("[data-testid='stMarkdownContainer'] p", has_text=succeeded).first.wait_for(timeout=90_000)
    no_exception(page)
    shot(page, "finetune")
    with Store(first.workspace) as store:
        [job] = finetune.list_project_jobs(store, project_id)
    assert job.status == "succeeded" and job.fine_tuned_model

    # 12. Compare: the finished fine-tune is already picked against its base model; vote blind.
    go(page, base, "/Compare")
    until(
        lambda: [c.model for c in _contenders(first.workspace, project_id)] == [job.fine_tuned_model, job.base_model],
        10,
        "the fine-tune and its base picked",
    )
    page.get_by_role("tab", name=ko("compare.tab_set")).click()
    visible(page.get_by_role("button", name=ko("compare.run"))).click()
    until(lambda: _compare_done(first.workspace, project_id), 60, "the comparison answers")
    wait_for_app(page)
    page.get_by_role("tab", name=ko("compare.tab_review")).click()
    visible(page.get_by_role("button", name=ko("compare.choice.a"))).click()
    wait_for_app(page)
    until(lambda: _votes(first.workspace, project_id) >= 1, 10, "the vote to be saved")
    no_exception(page)
    shot(page, "compare")
    visible(page.get_by_role("button", name=ko("compare.to_dpo"))).click()  # the verdict becomes training data
    until(lambda: len(_pairs(first.workspace, project_id)) == 1, 10, "the DPO pair")
    _, after_compare = examples(first.workspace)

    go(page, base, "/Settings")  # the Connection page, for the README (only the key's last four show)
    assert JOURNEY_KEY not in page.content()
    shot(page, "settings")

    # 13. Export the project as one file from the home page.
    go(page, base, "/")
    with page.expect_download(timeout=30_000) as caught:
        page.get_by_role("button", name=ko("projectfile.download", name=PROJECT)).click()
    exported = tmp_path / caught.value.suggested_filename
    caught.value.save_as(exported)
    assert exported.name.endswith(".ftstudio.zip")

    # 14. A fresh workspace on a second server: import the file and find everything there.
    fresh = start_app(servers["folder"] / "second" / "studio.sqlite3", ARTIFACTS / "test_journey-second.log")
    servers["second"] = fresh
    go(page, fresh.url, "/")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").last.set_input_files(str(exported))
    wait_for_app(page)
    visible(page.get_by_role("button", name=ko("projectfile.import_button"))).click()
    wait_for_app(page)
    no_exception(page)
    fresh_project, copied = examples(fresh.workspace)
    assert [e.question for e in copied] == [e.question for e in after_compare]
    assert [e.question for e in copied[:13]] == [e.question for e in rows]
    [pair] = _pairs(fresh.workspace, fresh_project)  # the blind vote's DPO pair came along
    assert pair["preferred"] and pair["non_preferred"]
    with Store(fresh.workspace) as store:  # and the split the fine-tuning job trained on
        assert store.conn.execute("SELECT COUNT(*) FROM splits").fetchone()[0] >= 1
    assert [e.status for e in copied].count("approved") == 12 and copied[12].status == "rejected"
    assert copied[0].answer == EDIT_IN_REVIEW and copied[10].answer == EDIT_IN_EDITOR
    with Store(fresh.workspace) as store:
        history = store.answer_history(copied[10].id)
    assert [v.answer for v in history][-1] == EDIT_IN_EDITOR and len(history) >= 2  # generated, then edited
    assert open_in_editor(page, fresh.url, copied[10].id).input_value() == EDIT_IN_EDITOR
    go(page, fresh.url, "/Preview")
    page.locator("[data-testid='stAlert']", has_text=ready).first.wait_for()
    assert JOURNEY_KEY not in exported.read_bytes().decode("latin-1")
    for server in (first, fresh):  # nor did it reach a log or a workspace file
        assert JOURNEY_KEY not in server.log.read_text(encoding="utf-8", errors="replace")
        for path in server.workspace.parent.glob(server.workspace.name + "*"):
            assert JOURNEY_KEY.encode() not in path.read_bytes(), path


def _job_created(workspace, project_id: int) -> bool:
    """The launch has created its job on the stand-in (moving the clock before that would not move the job)."""
    with Store(workspace) as store:
        return any(row.job_id for row in finetune.list_project_jobs(store, project_id))


def _contenders(workspace, project_id: int) -> list:
    with Store(workspace) as store:
        return compare.saved_contenders(store, project_id)


def _compare_done(workspace, project_id: int) -> bool:
    with Store(workspace) as store:
        listing = compare.list_comparisons(store, project_id)
        if not listing:
            return False
        done = compare.progress(store, listing[0][0])
        return done.total > 0 and done.answered + done.failed >= done.total


def _votes(workspace, project_id: int) -> int:
    with Store(workspace) as store:
        return sum(
            len(compare.list_votes(store, cid)) for cid, _name, _created in compare.list_comparisons(store, project_id)
        )


def _pairs(workspace, project_id: int) -> list[dict]:
    with Store(workspace) as store:
        return store.list_preference_pairs(project_id)
