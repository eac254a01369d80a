"""In a real browser: a validated project → launch on the stand-in → the chart fills in live →
the job succeeds → the fine-tuned model is offered on Compare."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from core.data.store import NewExample, Store
from core.dataset.sample import SETTING_TRAINING_PROMPT, TRAINING_SYSTEM_PROMPT
from core.i18n import t
from core.workflows import finetune
from tests.browser.conftest import ARTIFACTS, advance_standin, standin_process, start_app, until, wait_for_app
from tests.openai_standin.world import QUEUED_S, STEP_S, VALIDATING_S

# The stand-in's clock stands still: the test moves the job from phase to phase (``advance_standin``).
CLOCK_SPEED = "0"
# Points on the first line of the loss chart, read from the SVG plotly draws.
PLOT_POINTS_JS = (
    "() => { const line = document.querySelector('[data-testid=\"stPlotlyChart\"] path.js-line');"
    " return line ? (line.getAttribute('d').match(/L/g) || []).length + 1 : 0; }"
)


@pytest.fixture(scope="module")
def standin_url() -> Iterator[str]:
    with standin_process("--clock-speed", CLOCK_SPEED) as url:
        yield url


@pytest.fixture(scope="module")
def finetune_app(tmp_path_factory, standin_url):
    workspace = tmp_path_factory.mktemp("ft-browser") / "studio.sqlite3"
    with Store(workspace) as store:
        project_id = store.create_project("Café", settings={SETTING_TRAINING_PROMPT: TRAINING_SYSTEM_PROMPT})
        store.add_examples(
            project_id,
            [
                NewExample(f"카페 질문 {i}: 임대료와 인건비는?", f"답변 {i}: 상권에 따라 다릅니다.", status="approved")
                for i in range(40)
            ],
        )
    server = start_app(
        workspace,
        ARTIFACTS / "test_finetune_browser-server.log",
        extra_env={
            "OPENAI_BASE_URL": standin_url,
            "OPENAI_API_KEY": "sk-standin-browser-0001",
            "FINETUNE_STUDIO_POLL_S": "1",
        },
    )
    yield server
    server.stop_in_background()


def _created_job(workspace) -> bool:
    """The launch has created its job on the stand-in (moving the clock before that would not move the job)."""
    with Store(workspace) as store:
        return any(row.job_id for row in finetune.list_project_jobs(store, store.list_projects()[0].id))


def test_launch_watch_live_and_compare(finetune_app, standin_url, page):
    page.goto(finetune_app.url + "/Finetune")
    wait_for_app(page)
    # Its highest cost is shown first; below the one spend threshold ($1) no confirmation is asked.
    page.get_by_text(t("spend.highest_cost", "en", usd="$")).first.wait_for()
    launch = page.get_by_role("button", name=t("finetune.launch_button", "en"))
    launch.wait_for()
    page.wait_for_function("b => !b.disabled", arg=launch.element_handle())
    launch.click()
    until(lambda: _created_job(finetune_app.workspace), 30, "the job created on the stand-in")

    # Three steps into training: the chart appears while the job is still training (the clock stands still)…
    advance_standin(standin_url, VALIDATING_S + QUEUED_S + 3 * STEP_S)
    training = re.compile(r"^\W*" + re.escape(t("finetune.status.running", "en")) + "$")
    page.locator("[data-testid='stMarkdownContainer'] p", has_text=training).first.wait_for(timeout=30_000)
    page.wait_for_function(f"({PLOT_POINTS_JS})() > 1", timeout=30_000)
    first = page.evaluate(PLOT_POINTS_JS)
    assert page.locator("[data-testid='stMarkdownContainer'] p", has_text=training).count() >= 1  # still training
    # …and gains points without a reload.
    advance_standin(standin_url, 3 * STEP_S)
    page.wait_for_function(f"({PLOT_POINTS_JS})() > {first}", timeout=30_000)
    assert page.evaluate(PLOT_POINTS_JS) > first

    advance_standin(standin_url, 24 * 3600)  # past the last step
    succeeded = re.compile(r"^\W*" + re.escape(t("finetune.status.succeeded", "en")) + "$")
    page.locator("[data-testid='stMarkdownContainer'] p", has_text=succeeded).first.wait_for(timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    with Store(finetune_app.workspace) as store:
        project = store.list_projects()[0]
        [row] = finetune.list_project_jobs(store, project.id)
        assert row.status == "succeeded" and row.fine_tuned_model
        model = row.fine_tuned_model

    page.goto(finetune_app.url + "/Compare")
    wait_for_app(page)
    picker = page.locator("[data-testid='stMultiSelect']").first
    # Compare opens with the newest finished fine-tune already picked (so it is a chip, not an option)…
    picker.locator("[data-testid='stMultiSelectTagsContainer']").get_by_text(model, exact=True).wait_for()
    picker.locator("input").first.click()  # the typing field opens the list (a click on a chip would not)
    # …and offers its checkpoints too.
    page.get_by_role("option", name=re.compile(re.escape(model) + ".*ckpt")).first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
