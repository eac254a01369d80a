"""In a real browser: sample project → generate with the stand-in → reload mid-run → the run completes
with every row answered once → the answers are in Curate."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest

from core.data.store import Store
from core.dataset.sample import create_sample_project, sample_questions
from core.i18n import t
from core.workflows import generation
from tests.browser.conftest import (
    ARTIFACTS,
    configure_standin,
    standin_control,
    standin_process,
    start_app,
    wait_for_app,
)


@pytest.fixture(scope="module")
def standin_url() -> Iterator[str]:
    with standin_process() as url:
        # 3 requests per sliding second, 0.3 s each: the sample's rows take about a third of a second each.
        configure_standin(url, latency_s=0.3, rpm=3, rate_window_s=1.0)
        yield url


@pytest.fixture(scope="module")
def generate_app(tmp_path_factory, standin_url):
    workspace = tmp_path_factory.mktemp("gen-browser") / "studio.sqlite3"
    with Store(workspace) as store:
        project = create_sample_project(store)
        # The user's known limit: the limiter starts from it and follows the stand-in's headers.
        generation.save_option(store, project, "requests_per_minute", 3)
    server = start_app(
        workspace,
        ARTIFACTS / "test_generate_browser-server.log",
        extra_env={"OPENAI_BASE_URL": standin_url, "OPENAI_API_KEY": "sk-standin-browser-0005"},
    )
    yield server, project
    server.stop_in_background()


def test_generate_reload_mid_run_every_row_answered_once(generate_app, standin_url, page):
    server, project = generate_app
    page.goto(server.url + "/Generate")
    wait_for_app(page)
    start = page.get_by_role("button", name=t("generate.start", "en"))
    start.wait_for()
    start.click()

    # Mid-run: some rows done, not all; then reload the page.
    total = len(sample_questions())
    progress = re.compile(r"(\d+) done · (\d+) failed · (\d+) to do \(of " + str(total) + r"\)")
    page.get_by_text(progress).first.wait_for(timeout=20_000)
    with Store(server.workspace) as store:
        run = generation.latest_run(store, project)
        mid = generation.run_progress(store, run.id)
    assert mid.remaining > 0, "the run finished before the reload: make the stand-in slower"
    page.reload()
    wait_for_app(page)

    # After the reload the page shows the same run and it completes by itself.
    page.get_by_text(t("generate.progress", "en", done=total, failed=0, remaining=0, total=total)).wait_for(
        timeout=total * 1_500
    )  # three rows a second at the stand-in's limit, with room for a loaded machine
    assert page.locator("[data-testid='stException']").count() == 0
    with Store(server.workspace) as store:
        final = generation.run_progress(store, run.id)
        assert (final.status, final.done) == ("completed", total)
        examples = list(store.iter_examples(project))
        assert all(e.answer and not e.error for e in examples)
        assert all(len(store.answer_history(e.id)) == 1 for e in examples)  # each row answered once
        first = examples[0]
    # The stand-in answered each question once with a 200.
    log = standin_control(standin_url, "/_standin/requests")["requests"]
    answered = Counter(
        r["json"]["messages"][-1]["content"]
        for r in log
        if r.get("path") == "/v1/chat/completions" and r.get("status") == 200
    )
    assert sorted(answered.values()) == [1] * total

    # The answer is in Curate (deep link to the example's editor).
    page.goto(f"{server.url}/Curate?example={first.id}")
    wait_for_app(page)
    answer_box = page.get_by_label(t("curate.answer", "en"), exact=True)
    answer_box.wait_for()
    assert answer_box.input_value() == first.answer
