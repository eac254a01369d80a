"""What the engine sends and what it reads back: the SDK's generic POST, the answer read from JSON, errors.

The engine no longer builds the SDK's request and response models; these tests hold
it to what those models gave: the same request on the wire (OpenAI and Azure), the
same text, usage and cost, and the same error kinds over the aiohttp transport.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import pytest
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion

from core.pricing import chat_cost_usd
from core.providers.api_errors import classify
from core.providers.client import (
    PROVIDER_AZURE,
    ConnectionSettings,
    KeyBoundElsewhere,
    endpoint_address,
    make_async_client,
)
from core.providers.request_runner import (
    ChatRequest,
    ChatResult,
    Limits,
    RunSummary,
    chat_request_body,
    engine_client,
    estimate_request_tokens,
    run_requests,
)
from tests.fake_openai import completion_body

MODEL = "gpt-4.1-mini-2025-04-14"
REQUEST = ChatRequest(
    key="r1",
    model=MODEL,
    messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "카페 창업 비용은?"}],
    temperature=0.3,
    max_tokens=60,
)
ONE_TRY = Limits(max_attempts=1, unreachable_attempts=1, backoff_base_s=0.01, backoff_max_s=0.01)


def _mock_client(settings: ConnectionSettings, handler: Callable[[httpx2.Request], httpx2.Response]) -> AsyncOpenAI:
    """The engine's client for ``settings``, answering through ``handler`` instead of the network."""
    transport = httpx2.MockTransport(handler)
    return make_async_client(
        settings.with_overrides(max_retries=0), http_client=httpx2.AsyncClient(transport=transport)
    )


def _run_one(
    settings: ConnectionSettings, handler: Callable[[httpx2.Request], httpx2.Response]
) -> tuple[RunSummary, list[ChatResult]]:
    results: list[ChatResult] = []

    async def main() -> RunSummary:
        client = _mock_client(settings, handler)
        try:
            return await run_requests(settings, [REQUEST], limits=ONE_TRY, on_result=results.append, client=client)
        finally:
            await client.close()

    return asyncio.run(main()), results


OPENAI = ConnectionSettings(api_key="sk-test", base_url="http://fake.test/v1", organization="org-1", project="proj-1")


def _refusal() -> dict[str, Any]:
    body = completion_body(MODEL, "")
    body["choices"][0]["message"] = {"role": "assistant", "content": None, "refusal": "I can't help with that."}
    return body


def _cut_short() -> dict[str, Any]:
    body = completion_body(MODEL, "A long answer that was cut", prompt_tokens=31, completion_tokens=60)
    body["choices"][0]["finish_reason"] = "length"
    return body


def _without_usage() -> dict[str, Any]:
    body = completion_body(MODEL, "no usage here")
    del body["usage"]
    return body


def _without_choices() -> dict[str, Any]:
    body = completion_body(MODEL, "")
    body["choices"] = []
    return body


@pytest.mark.parametrize(
    "body",
    [
        completion_body(MODEL, "창업 비용은 보통 5천만 원 이상입니다.", prompt_tokens=42, completion_tokens=17),
        _refusal(),
        _cut_short(),
        _without_usage(),
        _without_choices(),
    ],
    ids=["answer", "refusal", "cut-short", "no-usage", "no-choices"],
)
def test_a_result_carries_what_the_sdks_completion_model_says(body: dict[str, Any]) -> None:
    """Text, tokens and cost as the SDK's own ``ChatCompletion`` reads the same body (the old way)."""
    summary, results = _run_one(OPENAI, lambda request: httpx2.Response(200, json=body))
    completion_model = ChatCompletion.model_validate(body)
    choices, usage = completion_model.choices, completion_model.usage
    expected_text = (choices[0].message.content or "") if choices else ""
    prompt = usage.prompt_tokens if usage else 0
    completion = usage.completion_tokens if usage else 0
    (result,) = results
    assert result.ok and summary.succeeded == 1
    assert (result.text, result.prompt_tokens, result.completion_tokens) == (expected_text, prompt, completion)
    assert result.cost_usd == pytest.approx(chat_cost_usd(MODEL, prompt, completion) or 0.0)
    assert summary.prompt_tokens == prompt and summary.completion_tokens == completion


def test_an_answer_with_text_and_usage_is_read_exactly() -> None:
    _, (result,) = _run_one(OPENAI, lambda request: httpx2.Response(200, json=completion_body(MODEL, "답변", 42, 17)))
    assert (result.text, result.prompt_tokens, result.completion_tokens, result.attempts) == ("답변", 42, 17, 1)
    assert result.cost_usd == pytest.approx(chat_cost_usd(MODEL, 42, 17)) and result.cost_usd > 0


def test_a_web_page_answered_with_200_stops_the_run_as_a_wrong_base_url() -> None:
    """Before, a page at the base URL was recorded as an empty answer; no row may get one."""
    page = httpx2.Response(200, headers={"content-type": "text/html"}, content=b"<html>Welcome</html>")
    summary, results = _run_one(OPENAI, lambda request: page)
    assert results == []
    assert summary.fatal is not None and summary.fatal.kind == "wrong_base_url"
    assert summary.not_sent == 1 and summary.succeeded == 0


def test_an_error_body_is_classified_as_before() -> None:
    summary, results = _run_one(
        OPENAI,
        lambda request: httpx2.Response(
            400, json={"error": {"message": "max_tokens is too large", "type": "invalid_request_error"}}
        ),
    )
    (result,) = results
    assert not result.ok and result.problem is not None and result.problem.kind == "bad_request"
    assert "max_tokens is too large" in (result.error or "")
    summary, results = _run_one(
        OPENAI, lambda request: httpx2.Response(401, json={"error": {"message": "bad key", "code": "invalid_api_key"}})
    )
    assert results == [] and summary.fatal is not None and summary.fatal.kind == "invalid_key"


AZURE = ConnectionSettings(
    provider=PROVIDER_AZURE,
    api_key="azure-key",
    azure_endpoint="https://example-resource.openai.azure.com",
    api_version="2025-04-01-preview",
    azure_deployments={MODEL: "my-mini"},
)
COMPARED_HEADERS = ("authorization", "api-key", "openai-organization", "openai-project", "content-type")


@pytest.mark.parametrize("settings", [OPENAI, AZURE], ids=["openai", "azure"])
def test_the_request_on_the_wire_is_the_one_the_sdks_create_sends(settings: ConnectionSettings) -> None:
    """Same URL (Azure's deployment path and api-version included), body and auth headers as ``create``."""
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, json=completion_body(MODEL, "ok"))

    async def through_create() -> None:
        client = _mock_client(settings, handler)
        try:
            await client.chat.completions.create(**chat_request_body(REQUEST, settings.deployment_for(MODEL)))
        finally:
            await client.close()

    _run_one(settings, handler)
    asyncio.run(through_create())
    engine, sdk = seen
    assert (engine.method, str(engine.url)) == (sdk.method, str(sdk.url))
    assert json.loads(engine.content) == json.loads(sdk.content)
    assert {h: engine.headers.get(h) for h in COMPARED_HEADERS} == {h: sdk.headers.get(h) for h in COMPARED_HEADERS}
    if settings.provider == PROVIDER_AZURE:
        assert "/deployments/my-mini/chat/completions" in str(engine.url) and engine.headers["api-key"] == "azure-key"


def test_engine_client_keeps_the_owner_key_rule_and_is_new_every_time() -> None:
    owner = ConnectionSettings(api_key="sk-owner", key_bound_to=endpoint_address(ConnectionSettings()))
    with pytest.raises(KeyBoundElsewhere):
        engine_client(owner.with_overrides(base_url="http://elsewhere.test/v1"))

    async def two_clients() -> None:
        first, second = engine_client(owner), engine_client(owner)
        try:
            assert first is not second and first._client is not second._client
        finally:
            await first.close()
            await second.close()

    asyncio.run(two_clients())


def test_a_memoised_count_reserves_the_same_tokens() -> None:
    counted: list[str] = []

    def count(text: str) -> int:
        counted.append(text)
        return len(text)

    assert estimate_request_tokens(REQUEST, count_text=count) == (
        len("Be brief.") + len("카페 창업 비용은?") + 2 * 4 + 3 + REQUEST.max_tokens
    )
    assert counted == ["Be brief.", "카페 창업 비용은?"]
    assert estimate_request_tokens(REQUEST) > REQUEST.max_tokens


# ------------------------------------------------ the aiohttp transport's connection errors
@contextlib.contextmanager
def _serve(behaviour: Callable[[socket.socket], None]) -> Iterator[int]:
    """A loopback server that treats every connection with ``behaviour``; yields its port."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(connection)
            behaviour(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        listener.close()
        for connection in held:
            connection.close()


def _close_after_request(connection: socket.socket) -> None:
    connection.recv(65536)
    connection.close()


def _reset_after_request(connection: socket.socket) -> None:
    connection.recv(65536)
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with RST
    connection.close()


def _never_answer(connection: socket.socket) -> None:
    connection.recv(65536)


@pytest.fixture
def refused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nobody listens there once the probe is closed


@pytest.mark.parametrize(
    ("behaviour", "kind"),
    [
        (None, "unreachable"),
        (_close_after_request, "unreachable"),
        (_reset_after_request, "unreachable"),
        (_never_answer, "timeout"),
    ],
    ids=["refused", "closed-without-answer", "reset", "no-answer-in-time"],
)
def test_connection_errors_over_the_aiohttp_transport_keep_their_kind(behaviour, kind, refused_port) -> None:
    """aiohttp's errors all reach the SDK as connect timeouts; a server that is gone must stop a run."""
    server = _serve(behaviour) if behaviour is not None else contextlib.nullcontext(refused_port)
    with server as port:
        settings = ConnectionSettings(api_key="sk-test", base_url=f"http://127.0.0.1:{port}/v1", timeout_s=0.5)

        async def post() -> BaseException:
            client = engine_client(settings)
            try:
                await client.post("/chat/completions", body=chat_request_body(REQUEST, MODEL), cast_to=httpx2.Response)
            except Exception as error:  # noqa: BLE001 - the error is what is tested
                return error
            finally:
                await client.close()
            raise AssertionError("the request should have failed")

        problem = classify(asyncio.run(post()))
        assert (problem.kind, problem.retryable) == (kind, True)
