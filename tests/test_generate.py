"""The generation engine: concurrency, retries, run-stopping errors, usage and cost."""

from __future__ import annotations

import asyncio
import time

import pytest

from core.generate import ChatRequest, ChatResult, Limits, cost_usd, run_requests
from core.models import BATCH_DISCOUNT, MODELS
from tests.fake_openai import FakeChat, error_response

MODEL = "gpt-4.1-mini-2025-04-14"
FAST = Limits(requests_per_minute=60_000, tokens_per_minute=100_000_000, max_concurrency=50,
              backoff_base_s=0.01, backoff_max_s=0.05)


def requests(n: int) -> list[ChatRequest]:
    return [ChatRequest(key=str(i), model=MODEL, messages=[{"role": "user", "content": f"q{i}"}], max_tokens=50)
            for i in range(n)]


def run(fake: FakeChat, reqs: list[ChatRequest], limits: Limits = FAST, should_stop=None):
    results: list[ChatResult] = []

    async def main():
        client = fake.client()
        try:
            return await run_requests(fake.settings(), reqs, limits=limits, on_result=results.append,
                                      should_stop=should_stop, client=client)
        finally:
            await client.close()

    return asyncio.run(main()), results


def test_runs_concurrently_and_every_result_arrives_once():
    fake = FakeChat(latency_s=0.1)
    started = time.monotonic()
    summary, results = run(fake, requests(100))
    elapsed = time.monotonic() - started
    assert sorted(int(r.key) for r in results) == list(range(100))
    assert all(r.text == f"answer: q{r.key}" for r in results)
    assert summary.succeeded == 100 and summary.failed == 0 and summary.requests_sent == 100
    assert elapsed < 2.0  # 100 × 0.1 s one by one would take 10 s


def test_usage_and_cost_are_recorded():
    fake = FakeChat()
    summary, results = run(fake, requests(3))
    expected = cost_usd(MODEL, 10, 5)
    info = MODELS[MODEL]
    assert expected == pytest.approx((10 * info.input_price_per_1m + 5 * info.output_price_per_1m) / 1e6)
    assert all(r.prompt_tokens == 10 and r.completion_tokens == 5 for r in results)
    assert summary.cost_usd == pytest.approx(3 * expected)
    assert cost_usd(MODEL, 10, 5, batch=True) == pytest.approx(expected * BATCH_DISCOUNT)


def test_retries_server_errors_and_rate_limits_honouring_retry_after():
    fake = FakeChat(script={1: lambda: error_response(500), 2: lambda: error_response(503),
                            3: lambda: error_response(429, "rate_limit_exceeded", headers={"retry-after-ms": "200"})})
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


@pytest.mark.parametrize(("status", "code"), [(429, "insufficient_quota"), (401, "invalid_api_key"),
                                              (403, "model_not_available")])
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
    fake = FakeChat(headers={"x-ratelimit-limit-requests": "120", "x-ratelimit-remaining-requests": "0",
                             "x-ratelimit-reset-requests": "500ms"})
    summary, _ = run(fake, requests(3), Limits(**{**FAST.__dict__, "max_concurrency": 1}))
    assert summary.limiter_corrections >= 1
    assert summary.elapsed_s >= 0.9  # 120/min = 2/s once the header said so, and nothing left
