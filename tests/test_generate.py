"""The generation engine: concurrency, retries, run-stopping errors, usage and cost."""

from __future__ import annotations

import asyncio
import time

import pytest

from core.pricing import BATCH_DISCOUNT, MODELS, chat_cost_usd
from core.providers.request_runner import MAX_CONCURRENCY, ChatRequest, ChatResult, Limits, run_requests
from tests.fake_openai import FakeChat, error_response

MODEL = "gpt-4.1-mini-2025-04-14"
FAST = Limits(
    requests_per_minute=60_000,
    tokens_per_minute=100_000_000,
    max_concurrency=50,
    backoff_base_s=0.01,
    backoff_max_s=0.05,
)


def requests(n: int) -> list[ChatRequest]:
    return [
        ChatRequest(key=str(i), model=MODEL, messages=[{"role": "user", "content": f"q{i}"}], max_tokens=50)
        for i in range(n)
    ]


def run(fake: FakeChat, reqs: list[ChatRequest], limits: Limits = FAST, should_stop=None):
    results: list[ChatResult] = []

    async def main():
        client = fake.client()
        try:
            return await run_requests(
                fake.settings(), reqs, limits=limits, on_result=results.append, should_stop=should_stop, client=client
            )
        finally:
            await client.close()

    return asyncio.run(main()), results


def test_runs_concurrently_and_every_result_arrives_once():
    fake = FakeChat(latency_s=0.2)
    started = time.monotonic()
    summary, results = run(fake, requests(100))
    elapsed = time.monotonic() - started
    assert sorted(int(r.key) for r in results) == list(range(100))
    assert all(r.text == f"answer: q{r.key}" for r in results)
    assert summary.succeeded == 100 and summary.failed == 0 and summary.requests_sent == 100
    assert elapsed < 8.0  # 100 × 0.2 s one by one would take 20 s (loose: CPUs are shared)


def test_usage_and_cost_are_recorded():
    fake = FakeChat()
    summary, results = run(fake, requests(3))
    expected = chat_cost_usd(MODEL, 10, 5)
    info = MODELS[MODEL]
    assert expected == pytest.approx((10 * info.input_price_per_1m + 5 * info.output_price_per_1m) / 1e6)
    assert all(r.prompt_tokens == 10 and r.completion_tokens == 5 for r in results)
    assert summary.cost_usd == pytest.approx(3 * expected)
    assert chat_cost_usd(MODEL, 10, 5, batch=True) == pytest.approx(expected * BATCH_DISCOUNT)


def test_retries_server_errors_and_rate_limits_honouring_retry_after():
    fake = FakeChat(
        script={
            1: lambda: error_response(500),
            2: lambda: error_response(503),
            3: lambda: error_response(429, "rate_limit_exceeded", headers={"retry-after-ms": "200"}),
        }
    )
    started = time.monotonic()
    summary, results = run(fake, requests(1))
    assert results[0].ok and results[0].attempts == 4
    assert summary.retries == 3 and summary.rate_limited == 1
    assert time.monotonic() - started >= 0.2  # waited as long as the server asked


def test_gives_up_after_max_attempts_with_a_plain_error():
    fake = FakeChat(always=lambda: error_response(500))
    summary, results = run(fake, requests(1), Limits(**{**FAST.__dict__, "max_attempts": 3}))
    assert len(fake.calls) == 3
    assert summary.failed == 1 and not results[0].ok
    assert results[0].error and "Traceback" not in results[0].error


def test_bad_request_fails_the_row_without_retrying():
    fake = FakeChat(script={1: lambda: error_response(400, "context_length_exceeded", "too long")})
    summary, results = run(fake, requests(1))
    assert len(fake.calls) == 1 and summary.failed == 1
    assert results[0].problem.kind == "bad_request"


@pytest.mark.parametrize(
    ("status", "code"), [(429, "insufficient_quota"), (401, "invalid_api_key"), (403, "model_not_available")]
)
def test_fatal_errors_stop_the_run_at_once(status, code):
    fake = FakeChat(always=lambda: error_response(status, code, type_=code))
    limits = Limits(**{**FAST.__dict__, "max_concurrency": 4})
    summary, results = run(fake, requests(200), limits)
    assert summary.fatal is not None and summary.fatal.stops_run
    assert summary.fatal_message
    assert len(fake.calls) <= 4  # no hammering: only what was already in flight
    assert results == []  # no row is marked failed; all stay to do
    assert summary.not_sent == 200


def test_should_stop_leaves_the_rest_unsent():
    fake = FakeChat(latency_s=0.02)
    limits = Limits(**{**FAST.__dict__, "max_concurrency": 2})
    stop_after = 10
    summary, results = run(fake, requests(100), limits, should_stop=lambda: len(fake.calls) >= stop_after)
    assert summary.stopped
    assert summary.succeeded + summary.not_sent == 100
    assert summary.succeeded < 30
    assert len(results) == summary.succeeded


def test_limiter_paces_to_requests_per_minute():
    fake = FakeChat()
    limits = Limits(**{**FAST.__dict__, "requests_per_minute": 1200, "burst_seconds": 0.05})  # 20/s
    started = time.monotonic()
    summary, _ = run(fake, requests(11), limits)
    assert summary.succeeded == 11
    assert time.monotonic() - started >= 0.45  # 10 refills at 50 ms


def test_headers_correct_the_limiter():
    fake = FakeChat(
        headers={
            "x-ratelimit-limit-requests": "120",
            "x-ratelimit-remaining-requests": "0",
            "x-ratelimit-reset-requests": "500ms",
        }
    )
    summary, _ = run(fake, requests(3), Limits(**{**FAST.__dict__, "max_concurrency": 1}))
    assert summary.limiter_corrections >= 1
    assert summary.elapsed_s >= 0.9  # 120/min = 2/s once the header said so, and nothing left


# ---------------------------------------------------------------- against the stand-in
def _wait(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _project_with_questions(store, n: int) -> tuple[int, list[int]]:
    from core.data.store import NewExample

    project = store.create_project("load")
    ids = store.add_examples(project, [NewExample(question=f"질문 {i}: 카페 창업 준비?") for i in range(n)])
    return project, ids


def test_server_killed_mid_run_nothing_lost_resume_completes_without_duplicates(store, standin):
    from core.workflows import generation, runner
    from core.workflows.generation import GenSettings

    project, ids = _project_with_questions(store, 40)
    standin.configure(latency_s=0.05)
    settings = GenSettings(
        model=MODEL,
        system_prompt="Be brief.",
        max_tokens=50,
        max_concurrency=4,
        requests_per_minute=60_000,
        tokens_per_minute=10_000_000,
    )
    run_id = generation.create_run(store, project, settings, ids)
    assert generation.start_run(store, run_id, standin.connection())
    done = lambda: generation.run_progress(store, run_id).done  # noqa: E731
    _wait(lambda: done() >= 8)
    standin.stop()
    before_kill = {
        r["example_id"]: r["answer"]
        for r in store.conn.execute(
            "SELECT example_id, answer FROM gen_items WHERE run_id = ? AND status = 'done'", (run_id,)
        )
    }
    assert runner.wait(generation.job_name(run_id), 30)
    progress = generation.run_progress(store, run_id)
    assert progress.run.status == "failed" and generation.problem_from_text(progress.run.error).kind == "unreachable"
    assert 8 <= progress.done < 40 and progress.failed == 0
    for example_id, answer in before_kill.items():
        assert store.get_example(example_id).answer == answer  # every answer received before the kill is there
    standin.start()
    assert generation.can_resume(progress.run)
    assert generation.start_run(store, run_id, standin.connection())
    assert runner.wait(generation.job_name(run_id), 30)
    final = generation.run_progress(store, run_id)
    assert (final.status, final.done, final.remaining) == ("completed", 40, 0)
    for example_id in ids:
        example = store.get_example(example_id)
        assert example.answer and example.error is None
        assert len(store.answer_history(example_id)) == 1  # one answer per row from this run
    # Resume sent only what was missing: answered rows were not asked again after the restart.
    asked_after = [r for r in standin.requests if r["path"] == "/v1/chat/completions" and r.get("status") == 200]
    questions = [r["json"]["messages"][-1]["content"] for r in asked_after]
    assert set(questions) == {store.get_example(i).question for i in ids}


@pytest.mark.parametrize("fault", ["insufficient_quota", "invalid_api_key"])
def test_fatal_errors_from_the_standin_stop_the_run_at_once(store, standin, fault):
    from core.workflows import generation
    from core.workflows.generation import GenSettings

    project, ids = _project_with_questions(store, 50)
    standin.fault(fault, on_call=3, path_prefix="/chat/completions")
    settings = GenSettings(
        model=MODEL, max_tokens=50, max_concurrency=2, requests_per_minute=60_000, tokens_per_minute=10_000_000
    )
    run_id = generation.create_run(store, project, settings, ids)
    summary = asyncio.run(generation.execute_run(store.path, run_id, standin.connection()))
    assert summary.fatal is not None and summary.fatal.stops_run
    chats = [r for r in standin.requests if r["path"] == "/v1/chat/completions"]
    assert len(chats) <= 3 + 2  # up to the faulty call, plus two in flight at most: no hammering
    progress = generation.run_progress(store, run_id)
    assert progress.run.status == "failed" and progress.failed == 0 and progress.remaining >= 46


def test_rate_limited_standin_is_paced_without_losing_rows(store, standin):
    from core.workflows import generation
    from core.workflows.generation import GenSettings

    project, ids = _project_with_questions(store, 20)
    # 10 requests per sliding 2 s window (its headers still say "per minute": only remaining/reset tell the truth).
    standin.configure(rpm=10, rate_window_s=2.0)
    settings = GenSettings(model=MODEL, max_tokens=20, requests_per_minute=10, tokens_per_minute=10_000_000)
    run_id = generation.create_run(store, project, settings, ids)
    summary = asyncio.run(generation.execute_run(store.path, run_id, standin.connection()))
    assert summary.succeeded == 20 and summary.failed == 0
    limited = [r for r in standin.requests if r.get("status") == 429]
    # The seed is deliberately wrong (10/min against 10 per 2 s), so the rows that meet
    # the window's edge draw a 429 before the headers correct the pace: 0-5 of 20 in 46
    # measured runs, against 3-10 with pacing switched off (seeded at 100,000/min).
    # The tighter "<= 1 % answered 429" target is bench/generation.py's, at a real limit.
    assert len(limited) <= 7
    # 10 "per minute" would take 2 minutes: the remaining/reset headers let it go as the window frees.
    assert summary.elapsed_s < 15


def test_default_concurrency_follows_the_request_limit():
    assert Limits(requests_per_minute=120).concurrency == 60  # 2/s × 30 s answers
    assert Limits(requests_per_minute=20).concurrency == 16  # 10 wanted, at least 16
    assert Limits(requests_per_minute=100_000).concurrency == MAX_CONCURRENCY == 200  # sockets, and the start
    assert Limits(requests_per_minute=100_000, max_concurrency=3).concurrency == 3
