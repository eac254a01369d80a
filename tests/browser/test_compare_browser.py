"""Browser: a fine-tuned model (trained on the stand-in) against its base → five blind votes → the win-rate
chart shows them → one loser becomes a DPO pair, opened in Curate."""

from __future__ import annotations

import io
import json
import re
import time

import pytest

from core.data.store import NewExample, Store
from core.dataset.sample import SETTING_GENERATION_PROMPT, SETTING_TRAINING_PROMPT
from core.providers.client import make_client
from core.workflows import compare
from tests.browser.conftest import ARTIFACTS, start_app, wait_for_app

BASE = "gpt-4o-mini-2024-07-18"
QUESTIONS = [f"How do I price drink number {n} at my café?" for n in range(5)]


def _train_on_standin(standin) -> str:
    """Fine-tune BASE on the stand-in through the SDK and return the fine-tuned model's name."""
    client = make_client(standin.connection())
    lines = [
        json.dumps(
            {
                "messages": [
                    {"role": "user", "content": f"Training question {n}?"},
                    {"role": "assistant", "content": f"Trained answer {n}."},
                ]
            }
        )
        for n in range(12)
    ]
    uploaded = client.files.create(file=("train.jsonl", io.BytesIO("\n".join(lines).encode())), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model=BASE, training_file=uploaded.id, suffix="cafe")
    standin.advance(24 * 3600)
    model = client.fine_tuning.jobs.retrieve(job.id).fine_tuned_model
    assert model and model.startswith(f"ft:{BASE}:")
    return model


def _pair_on_screen(page, timeout_s: float = 15.0) -> dict[str, str]:
    """Both answer boxes once they show the same question and exactly one fine-tuned answer (no stale box)."""
    deadline = time.monotonic() + timeout_s
    while True:
        texts = {side: page.locator(f".st-key-compare_answer_{side.lower()}").inner_text() for side in "AB"}
        questions = {
            re.search(r"drink number (\d)", text).group(1) if "drink number" in text else None
            for text in texts.values()
        }
        if len(questions) == 1 and None not in questions and sum("[fine-tuned" in t for t in texts.values()) == 1:
            return texts
        assert time.monotonic() < deadline, texts
        page.wait_for_timeout(200)


def _visible(locator):
    return locator.locator("visible=true")


@pytest.mark.timeout(180)
def test_fine_tuned_vs_base_vote_chart_and_dpo_pair_in_curate(standin, browser, tmp_path):
    fine_tuned = _train_on_standin(standin)
    workspace = tmp_path / "studio.sqlite3"
    with Store(workspace) as store:
        project_id = store.create_project(
            "Café", settings={SETTING_GENERATION_PROMPT: "long prompt", SETTING_TRAINING_PROMPT: "short prompt"}
        )
        store.add_examples(project_id, [NewExample(question=q, status="approved") for q in QUESTIONS])
        compare.choose_models(store, project_id, [BASE, fine_tuned])
    server = start_app(
        workspace,
        ARTIFACTS / "test_compare_browser-server.log",
        {"OPENAI_API_KEY": standin.api_key, "OPENAI_BASE_URL": standin.base_url},
    )
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(server.url + "/Compare")
        wait_for_app(page)
        # One question to both models: the answers arrive side by side from a background job the page polls.
        page.get_by_role("textbox", name="Your question").fill("What should a latte cost?")
        page.locator("h1").first.click()  # the question reaches the app when the box loses focus
        wait_for_app(page)
        _visible(page.get_by_role("button", name="Ask every model")).click()
        _visible(page.get_by_text("[fine-tuned cafe]", exact=False)).first.wait_for()
        _visible(page.get_by_text(" tokens · ", exact=False)).nth(1).wait_for()  # both answers' figures
        wait_for_app(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "compare-adhoc.png"), full_page=True)
        # Run both models on the five questions.
        page.get_by_role("tab", name="Run on a set").click()
        # No validation split in this project, so the filtered set is preselected.
        _visible(page.get_by_text("5 questions × 2 models = 10 answers")).wait_for()
        _visible(page.get_by_role("button", name="Run all models")).click()
        _visible(page.get_by_text("10 of 10 answers")).wait_for(timeout=60_000)
        wait_for_app(page)

        # Five blind votes, always for the fine-tuned answer (it is recognisable by its prefix).
        page.get_by_role("tab", name="Blind review").click()
        for number in range(5):
            # The counter is drawn below the buttons, so once it is new the whole pair is new.
            _visible(page.get_by_text(f"{5 - number} pairs left to review.")).wait_for()
            texts = _pair_on_screen(page)
            winner = "A" if "[fine-tuned" in texts["A"] else "B"
            if number % 2:  # keyboard: 1 = A better, 2 = B better
                page.locator("h1").first.click()
                page.keyboard.press("1" if winner == "A" else "2")
            else:
                _visible(page.get_by_role("button", name=f"{winner} is better")).click()
            _visible(page.get_by_text(f"{winner} was {fine_tuned}", exact=False)).wait_for()
            wait_for_app(page)
        _visible(page.get_by_text("Nothing left to review")).wait_for()

        # The base model lost the last pair: save it as a DPO pair.
        _visible(page.get_by_role("button", name="Save as a DPO pair (winner preferred)")).click()
        wait_for_app(page)
        _visible(page.get_by_text("Saved DPO pair")).wait_for()

        # The chart shows the five votes: 100 % for the fine-tune, 0 % for the base.
        page.get_by_role("tab", name="Results").click()
        _visible(page.get_by_text("5 votes from people")).wait_for()
        labels = page.locator("[data-testid='stPlotlyChart'] g.textpoint text")  # drawn above the whiskers
        labels.first.wait_for()
        bar_labels = labels.all_text_contents()
        assert sorted(label.strip() for label in bar_labels) == ["0% (n=5)", "100% (n=5)"]
        # The judge on the stand-in follows its format and prefers the fine-tuned answers: real verdicts.
        _visible(page.get_by_role("button", name="Run the judge")).click()
        _visible(page.get_by_text("5 votes from people, 5 verdicts from the judge")).wait_for(timeout=60_000)
        wait_for_app(page)
        assert _visible(page.get_by_text("no verdict", exact=False)).count() == 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "compare-results.png"), full_page=True)

        with Store(workspace) as store:
            [comparison_id] = [cid for cid, _name, _created in compare.list_comparisons(store, project_id)]
            votes = compare.list_votes(store, comparison_id, compare.VOTER_HUMAN)
            verdicts = compare.list_votes(store, comparison_id, compare.VOTER_JUDGE)
            contenders = compare.load_comparison(store, comparison_id).contenders
            assert len(verdicts) == 5 and all(contenders[v.winner].model == fine_tuned for v in verdicts)
            assert len(votes) == 5 and all(
                compare.load_comparison(store, comparison_id).contenders[v.winner].model == fine_tuned for v in votes
            )
            [pair] = store.list_preference_pairs(project_id)
            assert pair["preferred"].startswith("[fine-tuned") and not pair["non_preferred"].startswith("[fine-tuned")
            example_id = pair["example_id"]
            question = store.get_example(example_id).question
            assert store.count_examples(project_id) == len(QUESTIONS)  # on the question's own row: no duplicate

        # The question's row, which now carries the DPO pair, opens in Curate.
        page.get_by_role("tab", name="Blind review").click()
        _visible(page.get_by_role("link", name=f"Open row #{example_id} in Curate")).click()
        page.wait_for_url(f"**/Curate?example={example_id}*")
        wait_for_app(page)
        deadline = time.monotonic() + 15
        while question not in (values := [a.input_value() for a in page.locator("textarea").all()]):
            assert time.monotonic() < deadline, values  # the one-example editor shows that row
            page.wait_for_timeout(200)
        page.screenshot(path=str(ARTIFACTS / "compare-row-in-curate.png"), full_page=True)
        assert page.locator("[data-testid='stException']").count() == 0
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "test_compare_browser-failure.png"), full_page=True)
        raise
    finally:
        context.close()
        server.stop_in_background()
