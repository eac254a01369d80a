"""Comparison sets and runs: the estimate, a run through the engine, ad-hoc streaming, labels."""

from __future__ import annotations

import asyncio
import json

import httpx2
import pytest

from core.data.store import NewExample
from core.pricing import chat_cost_usd
from core.providers.client import ConnectionSettings
from core.workflows import compare
from tests import compare_helpers
from tests.compare_helpers import BASE, FINE_TUNED, contenders_of, fake_engine_client, new_comparison
from tests.fake_openai import completion_body

project = compare_helpers.project  # the shared fixture: a project with six tagged questions


def test_estimate_counts_only_what_is_still_missing(store, project):
    comparison = new_comparison(store, project)
    full = compare.estimate_run_cost(comparison.contenders, comparison.items)
    assert full.requests == 12 and full.usd > 0 and full.unknown_price == ()
    done = {(comparison.items[0].key, 0), (comparison.items[0].key, 1)}
    partial = compare.estimate_run_cost(comparison.contenders, comparison.items, done)
    assert partial.requests == 10 and partial.usd < full.usd


def test_estimate_is_prompt_plus_reference_tokens_at_the_contenders_price(store, project):
    tuned = contenders_of(store, project)[1]
    item = compare.Item(key="k", question="카페 창업 비용은?", reference="약 5천만 원이 듭니다.")
    [system, question, reference] = compare.token_lengths(["short prompt", item.question, item.reference], FINE_TUNED)
    estimate = compare.estimate_run_cost([tuned], [item])
    assert (estimate.prompt_tokens, estimate.completion_tokens) == (system + question + 2 * 4, reference)
    assert estimate.usd == pytest.approx(chat_cost_usd(tuned.prices, system + question + 8, reference))
    no_reference = compare.estimate_run_cost([tuned], [compare.Item(key="k", question="Q")])
    assert no_reference.completion_tokens == compare.EXPECTED_OUTPUT_TOKENS


def test_a_run_stores_every_answer_and_resumes_only_what_is_missing(store, project, monkeypatch):
    calls = []

    async def handle(request):
        body = json.loads(request.content)
        calls.append(body)
        return httpx2.Response(
            200, json=completion_body(body["model"], f"{body['model']}: {body['messages'][-1]['content']}", 20, 10)
        )

    fake_engine_client(monkeypatch, handle)
    comparison = new_comparison(store, project)
    compare.save_answer(store, comparison.id, comparison.items[0].key, 1, answer="already here")
    asyncio.run(compare.run_comparison(str(store.path), comparison.id, lambda c: ConnectionSettings(api_key="sk")))
    assert len(calls) == 11
    answers = compare.stored_answers(store, comparison.id)
    assert answers[(comparison.items[0].key, 1)].answer == "already here"
    first = answers[(comparison.items[1].key, 0)]
    assert first.answer == f"{BASE}: Question 1?" and first.prompt_tokens == 20
    assert first.cost_usd == pytest.approx(chat_cost_usd(comparison.contenders[0].prices, 20, 10))
    # Each contender got its own system prompt.
    systems = {c["model"]: c["messages"][0]["content"] for c in calls}
    assert systems == {BASE: "LONG generation prompt", FINE_TUNED: "short prompt"}
    assert compare.progress(store, comparison.id) == compare.Progress(12, 12, 0)
    asyncio.run(compare.run_comparison(str(store.path), comparison.id, lambda c: ConnectionSettings(api_key="sk")))
    assert len(calls) == 11  # nothing left to do


def test_a_fatal_error_is_kept_as_a_plain_sentence(store, project, monkeypatch):
    async def handle(request):
        return httpx2.Response(
            429,
            json={
                "error": {
                    "message": "You exceeded your current quota",
                    "type": "insufficient_quota",
                    "code": "insufficient_quota",
                }
            },
        )

    fake_engine_client(monkeypatch, handle)
    comparison = new_comparison(store, project)
    asyncio.run(compare.run_comparison(str(store.path), comparison.id, lambda c: ConnectionSettings(api_key="sk")))
    problem = compare.run_problem(store, comparison.id)
    assert problem and "Traceback" not in problem
    assert compare.progress(store, comparison.id).answered == 0


def test_the_held_out_split_is_the_default_set(store):
    from core.dataset.split import make_split

    project = store.create_project("held out")
    store.add_examples(project, [NewExample(question=f"Q{n}?", answer=f"A{n}.", status="approved") for n in range(40)])
    split = make_split(store, project, valid_ratio=0.25, seed=1)
    assert compare.validation_split_ids(store, project) == list(split.valid_ids) and len(split.valid_ids) == 10


def test_examples_trained_on_are_never_offered_as_held_out(store, project):
    from core.dataset.split import make_split

    split = make_split(store, project, valid_ratio=0.34, seed=1)  # 2 of 6: too few for a validation file …
    assert split.valid_ids and compare.validation_split_ids(store, project) == []  # … so they were trained on


def test_a_comparison_is_labelled_with_its_id_in_the_browsers_time_zone():
    created = "2026-11-29T10:47:03.123456+00:00"
    assert compare.comparison_label(3, "run", created, "Asia/Seoul") == "#3 run · 2026-11-29 19:47"
    assert compare.comparison_label(3, "run", created, None) == "#3 run · 2026-11-29 10:47"
    assert compare.comparison_label(3, "run", created, "Not/AZone") == "#3 run · 2026-11-29 10:47"
