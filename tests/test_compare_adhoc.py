"""Ad-hoc questions: every contender's answer streams at the same time, in one background job the page polls."""

from __future__ import annotations

import asyncio
import json
import threading

import httpx2
import pytest
from openai import AsyncOpenAI

from core.pricing import chat_cost_usd
from core.providers.client import ConnectionSettings
from core.workflows import compare, runner
from tests import compare_helpers
from tests.compare_helpers import BASE, FINE_TUNED, contenders_of

project = compare_helpers.project  # the shared fixture: a project with six tagged questions


def _chunk(model: str, piece: str) -> dict:
    return {
        "id": "c",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": model,
        "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
    }


def _sse(chunks: list[dict]) -> httpx2.Response:
    text = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
    return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=text.encode())


def _route_streams(monkeypatch, handle) -> None:
    """Every ad-hoc stream goes to ``handle`` (sync or async) instead of the network."""
    monkeypatch.setattr(
        compare.adhoc,
        "make_async_client",
        lambda settings: AsyncOpenAI(
            api_key="sk",
            base_url="http://fake.test/v1",
            max_retries=0,
            http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handle)),
        ),
    )


def test_streamed_ad_hoc_answer_reports_tokens_latency_and_cost(store, project, monkeypatch):
    def handle(request):
        body = json.loads(request.content)
        assert body["stream"] is True and body["messages"][0]["content"] == "short prompt"
        chunks = [_chunk(body["model"], piece) for piece in ("Open ", "near ", "a school.")]
        chunks.append(
            {
                "id": "c",
                "object": "chat.completion.chunk",
                "created": 1,
                "model": body["model"],
                "choices": [],
                "usage": {"prompt_tokens": 30, "completion_tokens": 3, "total_tokens": 33},
            }
        )
        return _sse(chunks)

    _route_streams(monkeypatch, handle)
    tuned = contenders_of(store, project)[1]
    stats = compare.AnswerStats()
    asyncio.run(compare.stream_answer(ConnectionSettings(api_key="sk"), tuned, "Where?", stats))
    assert stats.text == "Open near a school." and stats.done and stats.first_token_s is not None
    assert (stats.prompt_tokens, stats.completion_tokens) == (30, 3)
    assert stats.cost_usd == pytest.approx(chat_cost_usd(tuned.prices, 30, 3)) and stats.latency_s >= 0


def test_ad_hoc_answers_stream_at_the_same_time(store, project, monkeypatch):
    barrier = asyncio.Barrier(2)  # each request waits for the other: one after the other would never pass

    async def handle(request):
        body = json.loads(request.content)
        async with asyncio.timeout(5):
            await barrier.wait()
        return _sse([_chunk(body["model"], f"hello from {body['model']}")])

    _route_streams(monkeypatch, handle)
    base, tuned = contenders_of(store, project)
    stats = [compare.AnswerStats(), compare.AnswerStats()]
    asyncio.run(compare.stream_side_by_side([(ConnectionSettings(api_key="sk"), c) for c in (base, tuned)], "Q", stats))
    assert [s.text for s in stats] == [f"hello from {BASE}", f"hello from {FINE_TUNED}"]
    assert all(s.error is None and s.done for s in stats)


def test_a_failed_stream_is_reported_not_raised(store, project, monkeypatch):
    _route_streams(
        monkeypatch,
        lambda r: httpx2.Response(401, json={"error": {"message": "Incorrect API key", "code": "invalid_api_key"}}),
    )
    stats = compare.AnswerStats()
    asyncio.run(compare.stream_answer(ConnectionSettings(api_key="sk"), contenders_of(store, project)[0], "Q", stats))
    assert stats.text == "" and stats.error is not None and stats.cost_usd is None and stats.done


def test_asking_returns_at_once_and_the_answers_grow_in_the_background_runner(store, project, monkeypatch):
    release = threading.Event()  # the test says when the servers may answer

    async def handle(request):
        body = json.loads(request.content)
        await asyncio.get_running_loop().run_in_executor(None, release.wait, 10)
        return _sse([_chunk(body["model"], "Open "), _chunk(body["model"], "early.")])

    _route_streams(monkeypatch, handle)
    job = compare.adhoc_job_name("session-a")
    runs = [(ConnectionSettings(api_key="sk"), c) for c in contenders_of(store, project)]
    try:
        assert compare.start_adhoc(job, runs, "When?")
        # Nothing answered yet, and the caller was not kept waiting for it.
        assert compare.adhoc_running(job) and [s.text for s in compare.adhoc_answers(job)] == ["", ""]
        assert not compare.start_adhoc(job, runs, "Again?")  # one question at a time per session
        assert compare.adhoc_answers(compare.adhoc_job_name("session-b")) is None  # another session sees nothing
    finally:
        release.set()
    assert runner.wait(job, timeout=10) and not compare.adhoc_running(job)
    answers = compare.adhoc_answers(job)
    assert [s.text for s in answers] == ["Open early.", "Open early."] and all(s.done for s in answers)
    assert compare.adhoc_failure(job) is None
    compare.forget_adhoc(job)
    assert compare.adhoc_answers(job) is None


def test_stop_ends_an_ad_hoc_stream_without_an_error(store, project, monkeypatch):
    job = compare.adhoc_job_name("session-stop")

    def handle(request):
        body = json.loads(request.content)
        runner.request_stop(job)  # the user presses Stop while the answer streams
        return _sse([_chunk(body["model"], "first part"), _chunk(body["model"], " never shown")])

    _route_streams(monkeypatch, handle)
    base = contenders_of(store, project)[0]
    assert compare.start_adhoc(job, [(ConnectionSettings(api_key="sk"), base)], "When?")
    assert runner.wait(job, timeout=10)
    [stats] = compare.adhoc_answers(job)
    assert stats.done and stats.error is None and stats.text == ""
    compare.forget_adhoc(job)
