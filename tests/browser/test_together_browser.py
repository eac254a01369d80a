"""In a real browser, on the Together stand-in: type a Together key → train on Together → Together's price
is shown before there is a launch button → launch a LoRA SFT job → the loss chart fills in live → done →
on Compare the fine-tune and its base answer through Together, and the fine-tune wins a blind vote."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from core.data.store import NewExample, Store
from core.i18n import t
from core.workflows import compare, finetune
from tests.browser.conftest import ARTIFACTS, advance_standin, standin_process, start_app, until, wait_for_app
from tests.together_standin.world import PENDING_S, QUEUED_S, STEP_S

# The stand-in's clock stands still: the test moves the job from phase to phase (``advance_standin``).
# 40 examples train in 5 steps of 10 simulated seconds.
CLOCK_SPEED = "0"
TYPED_KEY = "tgp_v1_browser-visitor-0042"
# Points on the first line of the loss chart, read from the SVG plotly draws.
PLOT_POINTS_JS = (
    "() => { const line = document.querySelector('[data-testid=\"stPlotlyChart\"] path.js-line');"
    " return line ? (line.getAttribute('d').match(/L/g) || []).length + 1 : 0; }"
)


@pytest.fixture(scope="module")
def together_url() -> Iterator[str]:
    with standin_process("--clock-speed", CLOCK_SPEED, module="tests.together_standin") as url:
        yield url


@pytest.fixture(scope="module")
def together_app(tmp_path_factory, together_url):
    workspace = tmp_path_factory.mktemp("together-browser") / "studio.sqlite3"
    with Store(workspace) as store:
        project_id = store.create_project("Café on Together")
        store.add_examples(
            project_id,
            [
                NewExample(f"카페 질문 {i}: 임대료와 인건비는?", f"답변 {i}: 상권에 따라 다릅니다.", status="approved")
                for i in range(40)
            ],
        )
    server = start_app(
        workspace,
        ARTIFACTS / "test_together_browser-server.log",
        extra_env={"TOGETHER_BASE_URL": together_url, "FINETUNE_STUDIO_POLL_S": "1"},
    )
    yield server
    server.stop_in_background()


def _created_job(workspace) -> bool:
    """The launch has created its job on the stand-in (moving the clock before that would not move the job)."""
    with Store(workspace) as store:
        return any(row.job_id for row in finetune.list_project_jobs(store, store.list_projects()[0].id))


@pytest.mark.timeout(240)
def test_connect_price_first_launch_watch_the_loss_chart_fill_and_win_a_blind_vote(together_app, together_url, page):
    page.goto(together_app.url + "/Finetune")
    wait_for_app(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text(t("together.key_header", "en"), exact=True).click()
    box = sidebar.get_by_role("textbox", name=t("together.type_key", "en"))
    box.fill(TYPED_KEY)
    box.press("Enter")
    sidebar.get_by_text(t("together.key_from_session", "en", masked="…0042")).wait_for()
    main = page.locator("[data-testid='stMain']")
    main.get_by_text(t("together.where.together", "en"), exact=True).click()

    # Connected: Together's price is asked for, and only then is there a launch button.
    quote = main.get_by_role("button", name=t("together.quote_button", "en"))
    quote.wait_for()
    launch = main.get_by_role("button", name=t("together.launch_button", "en"))
    assert launch.count() == 0
    quote.click()
    main.get_by_text(re.compile(r"Together's estimate: \$\d")).wait_for()
    launch.wait_for()
    page.wait_for_function("b => !b.disabled", arg=launch.element_handle())
    launch.click()
    until(lambda: _created_job(together_app.workspace), 30, "the job created on the stand-in")

    # Two of five steps done: the loss chart appears while the job still trains (the clock stands still)…
    advance_standin(together_url, PENDING_S + QUEUED_S + 2 * STEP_S)
    training = re.compile(r"^\W*" + re.escape(t("finetune.status.running", "en")) + "$")
    page.locator("[data-testid='stMarkdownContainer'] p", has_text=training).first.wait_for(timeout=45_000)
    page.wait_for_function(f"({PLOT_POINTS_JS})() > 1", timeout=30_000)
    first = page.evaluate(PLOT_POINTS_JS)
    # …and gains points without a reload.
    advance_standin(together_url, 2 * STEP_S)
    page.wait_for_function(f"({PLOT_POINTS_JS})() > {first}", timeout=30_000)
    assert page.evaluate(PLOT_POINTS_JS) > first

    advance_standin(together_url, 24 * 3600)  # past the last step and the upload
    succeeded = re.compile(r"^\W*" + re.escape(t("finetune.status.succeeded", "en")) + "$")
    page.locator("[data-testid='stMarkdownContainer'] p", has_text=succeeded).first.wait_for(timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "together-finetune.png"), full_page=True)
    with Store(together_app.workspace) as store:
        [row] = finetune.list_project_jobs(store, store.list_projects()[0].id)
        assert row.provider == "together" and row.fine_tuned_model
        assert row.settings["method_payload"]["supervised"]["hyperparameters"]["training_type"] == "lora"

    # Compare (same session, so the same Together key): the fine-tune and its base on Together are picked.
    # Once every job is final the panel reruns the whole page to stop polling; a click during that rerun
    # is lost, so the page is let settle first.
    wait_for_app(page)
    page.locator("[data-testid='stSidebarNav'], [data-testid='stSidebar']").get_by_role(
        "link", name=t("nav.compare", "en")
    ).first.click()
    page.get_by_role("heading", name=t("nav.compare", "en")).wait_for()
    wait_for_app(page)
    _visible(main.get_by_text(row.fine_tuned_model)).first.wait_for()
    page.get_by_role("tab", name=t("compare.tab_set", "en")).click()
    wait_for_app(page)
    # Together's chat prices are not in the app's table: the cost is unknown, and that is confirmed first.
    _visible(page.get_by_text(t("spend.confirm_unknown", "en"))).click()
    run = _visible(page.get_by_role("button", name=t("compare.run", "en")))
    page.wait_for_function("b => !b.disabled", arg=run.element_handle())
    run.click()
    _visible(page.get_by_text(re.compile(r"(\d+) of \1 answers"))).wait_for(timeout=60_000)
    wait_for_app(page)

    page.get_by_role("tab", name=t("compare.tab_review", "en")).click()
    wait_for_app(page)
    texts = {side: page.locator(f".st-key-compare_answer_{side.lower()}").inner_text() for side in "AB"}
    base_side = next(side for side, text in texts.items() if "Stand-in answer" in text)
    winner = "B" if base_side == "A" else "A"
    _visible(page.get_by_role("button", name=t(f"compare.choice.{winner.lower()}", "en"))).click()
    _visible(page.get_by_text(f"{winner} was {row.fine_tuned_model}", exact=False)).wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    with Store(together_app.workspace) as store:
        project_id = store.list_projects()[0].id
        [(comparison_id, *_)] = compare.list_comparisons(store, project_id)
        comparison = compare.load_comparison(store, comparison_id)
        [vote] = compare.list_votes(store, comparison_id, compare.VOTER_HUMAN)
        assert comparison.contenders[vote.winner].model == row.fine_tuned_model
    on_disk = b"".join(p.read_bytes() for p in together_app.workspace.parent.iterdir() if p.is_file())
    assert TYPED_KEY.encode() not in on_disk


def _visible(locator):
    return locator.locator("visible=true")
