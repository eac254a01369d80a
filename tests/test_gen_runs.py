"""Generation runs in the store: answers land as they arrive, resume does only the rest, no duplicates."""

from __future__ import annotations

import asyncio

import pytest

from core.dataset.sample import GENERATION_SYSTEM_PROMPT, create_sample_project, sample_questions
from core.providers.request_runner import ChatResult
from core.workflows import generation, runner
from core.workflows.generation import GenSettings
from tests.fake_openai import FakeChat, error_response

SETTINGS = GenSettings(
    system_prompt=GENERATION_SYSTEM_PROMPT, requests_per_minute=60_000, tokens_per_minute=100_000_000, max_tokens=100
)


def execute(store, run_id, fake: FakeChat):
    async def main():
        client = fake.client()
        try:
            return await generation.execute_run(store.path, run_id, fake.settings(), client=client)
        finally:
            await client.close()

    return asyncio.run(main())


SAMPLE_SIZE = len(sample_questions())


@pytest.fixture
def project(store):
    return create_sample_project(store)


def test_missing_answers_are_generated_into_history(store, project):
    ids = generation.target_ids(store, project, generation.SCOPE_MISSING)
    assert len(ids) == SAMPLE_SIZE
    run_id = generation.create_run(store, project, SETTINGS, ids)
    fake = FakeChat()
    summary = execute(store, run_id, fake)
    assert summary.succeeded == SAMPLE_SIZE
    for example in store.iter_examples(project):
        assert example.answer == f"answer: {example.question}"
        history = store.answer_history(example.id)
        assert [(v.source, v.model) for v in history] == [("generated", SETTINGS.model)]
    assert fake.calls[0]["messages"][0] == {"role": "system", "content": GENERATION_SYSTEM_PROMPT}
    progress = generation.run_progress(store, run_id)
    assert (progress.status, progress.done, progress.failed, progress.remaining) == ("completed", SAMPLE_SIZE, 0, 0)
    assert progress.cost_usd > 0
    assert generation.target_ids(store, project, generation.SCOPE_MISSING) == []


def test_a_duplicate_delivery_never_gives_a_second_answer(store, project):
    ids = generation.target_ids(store, project, generation.SCOPE_ALL)[:1]
    run_id = generation.create_run(store, project, SETTINGS, ids)
    first = ChatResult(key=f"{ids[0]}:0", text="one")
    second = ChatResult(key=f"{ids[0]}:0", text="two")
    assert generation.record_result(store, run_id, SETTINGS, first)
    assert not generation.record_result(store, run_id, SETTINGS, second)
    assert store.get_example(ids[0]).answer == "one"
    assert len(store.answer_history(ids[0])) == 1


def test_failed_rows_keep_their_error_and_resume_does_only_the_rest(store, project):
    ids = generation.target_ids(store, project, generation.SCOPE_MISSING)
    run_id = generation.create_run(store, project, SETTINGS, ids)
    fake = FakeChat(script={3: lambda: error_response(400, "bad", "nope")})
    summary = execute(store, run_id, fake)
    assert summary.failed == 1 and summary.succeeded == SAMPLE_SIZE - 1
    failed = generation.target_ids(store, project, generation.SCOPE_FAILED)
    assert len(failed) == 1 and store.get_example(failed[0]).error
    # Resume: only the failed row is sent again.
    generation.set_status(store, run_id, generation.STATUS_RUNNING)
    fake2 = FakeChat()
    execute(store, run_id, fake2)
    assert len(fake2.calls) == 1
    assert store.get_example(failed[0]).error is None
    assert all(len(store.answer_history(i)) == 1 for i in ids)


def test_fatal_error_fails_the_run_keeps_rows_to_do_and_resume_finishes(store, project):
    ids = generation.target_ids(store, project, generation.SCOPE_MISSING)
    run_id = generation.create_run(store, project, GenSettings(**{**SETTINGS.__dict__, "max_concurrency": 2}), ids)
    fake = FakeChat(
        script={4: lambda: error_response(429, "insufficient_quota", type_="insufficient_quota")}, latency_s=0.01
    )
    execute(store, run_id, fake)
    progress = generation.run_progress(store, run_id)
    assert progress.run.status == "failed"
    assert generation.problem_from_text(progress.run.error).kind == "no_quota"
    assert progress.failed == 0 and progress.remaining >= 1
    assert len(fake.calls) < 10
    answered_before = {i: store.get_example(i).answer for i in ids if store.get_example(i).answer}
    generation.set_status(store, run_id, generation.STATUS_RUNNING)
    fake2 = FakeChat()
    execute(store, run_id, fake2)
    assert len(fake2.calls) == SAMPLE_SIZE - len(answered_before)
    assert all(store.get_example(i).answer for i in ids)
    assert all(len(store.answer_history(i)) == 1 for i in ids)


def test_variants_land_as_candidates_with_their_temperatures(store, project):
    settings = GenSettings(**{**SETTINGS.__dict__, "variants": 2, "temperature": 0.5})
    ids = generation.target_ids(store, project, generation.SCOPE_MISSING)[:3]
    run_id = generation.create_run(store, project, settings, ids)
    fake = FakeChat()
    execute(store, run_id, fake)
    assert sorted(c["temperature"] for c in fake.calls) == [0.5] * 3 + [0.9] * 3
    variants = store.list_variants(ids[0])
    assert len(variants) == 2 and {v["temperature"] for v in variants} == {0.5, 0.9}
    assert store.choose_variant(variants[1]["id"])
    assert store.get_example(ids[0]).answer == variants[1]["answer"]


def test_repair_rewrites_with_the_instruction_and_keeps_history(store, project):
    example_id = generation.target_ids(store, project, generation.SCOPE_ALL)[0]
    store.update_example(example_id, answer="old answer", source="edit")
    settings = GenSettings(**{**SETTINGS.__dict__, "kind": generation.KIND_REPAIR, "instruction": "shorter"})
    run_id = generation.create_run(store, project, settings, [example_id])
    fake = FakeChat()
    execute(store, run_id, fake)
    sent = fake.calls[0]["messages"]
    assert sent[-2] == {"role": "assistant", "content": "old answer"} and "shorter" in sent[-1]["content"]
    history = store.answer_history(example_id)
    assert [v.answer for v in history][0] == "old answer" and history[-1].source == "repair"


def test_background_run_pause_and_resume(store, project):
    ids = generation.target_ids(store, project, generation.SCOPE_MISSING)
    run_id = generation.create_run(store, project, GenSettings(**{**SETTINGS.__dict__, "max_concurrency": 2}), ids)
    fake = FakeChat(latency_s=0.05)
    name = generation.job_name(run_id)
    # The worker builds its own client from settings; point it at our fake via the client argument.
    assert runner.start_background(
        name, lambda: generation.execute_run(store.path, run_id, fake.settings(), client=fake.client())
    )
    generation.pause_run(store, run_id)
    assert runner.wait(name, 10)
    assert generation.run_progress(store, run_id).status == "paused"
    assert generation.can_resume(generation.get_run(store, run_id))
    generation.set_status(store, run_id, generation.STATUS_RUNNING)
    runner.start_background(
        name, lambda: generation.execute_run(store.path, run_id, fake.settings(), client=fake.client())
    )
    assert runner.wait(name, 10)
    progress = generation.run_progress(store, run_id)
    assert (progress.status, progress.done) == ("completed", SAMPLE_SIZE)
    assert all(len(store.answer_history(i)) == 1 for i in ids)


def test_interrupted_run_is_recognised(store, project):
    run_id = generation.create_run(store, project, SETTINGS, generation.target_ids(store, project, "missing"))
    # Status "running" but no thread in this process: a server restart left it.
    assert generation.run_progress(store, run_id).status == generation.STATUS_INTERRUPTED


def test_cost_estimate_counts_tokens_and_prices(store, project):
    ids = generation.target_ids(store, project, generation.SCOPE_MISSING)
    estimate = generation.estimate_cost(store, project, ids, SETTINGS)
    assert estimate.requests == SAMPLE_SIZE and estimate.prompt_tokens > SAMPLE_SIZE * 20
    assert estimate.completion_tokens == SAMPLE_SIZE * 100
    batch = generation.estimate_cost(store, project, ids, GenSettings(**{**SETTINGS.__dict__, "mode": "batch"}))
    assert batch.usd == pytest.approx(estimate.usd / 2)


def test_project_price_edits_are_used_for_cost(store, project):
    from core.pricing import SETTING_OVERRIDES

    ids = generation.target_ids(store, project, generation.SCOPE_MISSING)
    before = generation.estimate_cost(store, project, ids, SETTINGS).usd
    store.set_setting(
        project, SETTING_OVERRIDES, {SETTINGS.model: {"input_price_per_1m": 0.0, "output_price_per_1m": 0.0}}
    )
    assert before > 0 and generation.estimate_cost(store, project, ids, SETTINGS).usd == 0
    run_id = generation.create_run(store, project, SETTINGS, ids[:2])
    execute(store, run_id, FakeChat())
    assert generation.run_progress(store, run_id).cost_usd == 0


def test_a_late_answer_becomes_a_variant_on_a_row_approved_after_the_run_started(store, project):
    ids = generation.target_ids(store, project, generation.SCOPE_ALL)[:2]
    reviewed, untouched = ids
    run_id = generation.create_run(store, project, SETTINGS, ids)
    store.update_example(reviewed, answer="the reviewer's answer")
    store.set_status([reviewed], "approved")
    assert generation.record_result(store, run_id, SETTINGS, ChatResult(key=f"{reviewed}:0", text="late machine"))
    assert generation.record_result(store, run_id, SETTINGS, ChatResult(key=f"{untouched}:0", text="fresh machine"))
    kept = store.get_example(reviewed)
    assert (kept.answer, kept.status, kept.answer_waiting) == ("the reviewer's answer", "approved", True)
    assert [v["answer"] for v in store.list_variants(reviewed)] == ["late machine"]
    assert store.get_example(untouched).answer == "fresh machine"
    assert not store.get_example(untouched).answer_waiting
    from core.data.store import ExampleFilter

    assert store.filtered_ids(project, ExampleFilter(only_waiting=True)) == [reviewed]
    store.choose_variant(store.list_variants(reviewed)[0]["id"])
    assert not store.get_example(reviewed).answer_waiting


def test_a_status_change_alone_after_the_run_started_keeps_the_answer(store, project):
    [example_id] = generation.target_ids(store, project, generation.SCOPE_ALL)[:1]
    before = store.get_example(example_id).answer
    run_id = generation.create_run(store, project, SETTINGS, [example_id])
    store.set_status([example_id], "rejected")
    generation.record_result(store, run_id, SETTINGS, ChatResult(key=f"{example_id}:0", text="late"))
    assert store.get_example(example_id).answer == before
    assert store.get_example(example_id).answer_waiting
