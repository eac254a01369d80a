"""The generation engine: many chat requests at once, within the rate limits, retried, never lost.

``run_requests`` sends a list of ``ChatRequest`` with ``AsyncOpenAI`` as fast
as the key's limits allow (a token bucket for requests and tokens per minute,
corrected from the ``x-ratelimit-*`` headers), retries what is worth retrying
(429 rate limits, 5xx, timeouts, dropped connections) with a backoff that
honours ``retry-after``, and stops the whole run at the first error that would
fail every request (no quota, a bad key, a forbidden model) so that a user's
quota is never hammered. Every finished request is handed to ``on_result`` the
moment it arrives, which is how answers land in the store one by one.

The engine knows nothing about projects or tables: generation runs
(``core.workflows.generation``), compare runs and synthetic questions all use it.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import logging
import ssl
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx2
from openai import APIResponseValidationError, AsyncOpenAI, DefaultAioHttpClient

from core.pricing import chat_cost_usd
from core.providers.api_errors import (
    KIND_RATE_LIMITED,
    KIND_UNREACHABLE,
    ApiProblem,
    backoff_seconds,
    classify,
    explain,
)
from core.providers.client import ConnectionSettings, make_async_client
from core.providers.ratelimit import DEFAULT_BURST_SECONDS, RateLimiter
from core.tokens import TokenCounter

LOG = logging.getLogger(__name__)

# When a request sets no max_tokens, the server still reserves some completion
# tokens against the TPM limit; this is our guess of that reservation.
DEFAULT_COMPLETION_RESERVE = 1024
# How often ``should_stop`` (which may read the store) is consulted at most.
STOP_CHECK_INTERVAL_S = 0.2
TOKENS_PER_MESSAGE_OVERHEAD = 4
# Bounds of the default number of requests in flight (``Limits.concurrency``). The aiohttp
# transport keeps every connection of its pool (up to the SDK's 1,000) alive, so the upper
# bound is no longer httpx2's keep-alive pool of 100: it bounds sockets and how many requests
# leave at a run's start. At 100, answers of 10 s held a key to 600 requests a minute;
# 200 doubles that, while 300 started at once measured slower on a shared 2-core machine.
MIN_CONCURRENCY = 16
MAX_CONCURRENCY = 200
SLOW_ANSWER_S = 30.0
CHAT_PATH = "/chat/completions"
# Distinct message texts whose token counts a run remembers (system prompts repeat on every request).
TEXT_MEMO_SIZE = 1024


@dataclass(frozen=True)
class ChatRequest:
    """One chat completion to make; ``key`` is the caller's id for it (e.g. "12:0")."""

    key: str
    model: str
    messages: Sequence[dict[str, Any]]
    temperature: float | None = None
    max_tokens: int | None = None


@dataclass
class ChatResult:
    """What came back for one request: an answer, or an error text (never both)."""

    key: str
    text: str | None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    latency_s: float = 0.0
    error: str | None = None
    problem: ApiProblem | None = None
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.error is None and self.text is not None


@dataclass(frozen=True)
class Limits:
    """How hard the engine may push: the key's limits, concurrency, retries, pricing."""

    requests_per_minute: float = 500
    tokens_per_minute: float = 200_000
    max_concurrency: int | None = None  # None: enough for the limits (see ``concurrency``)
    max_attempts: int = 6
    unreachable_attempts: int = 3  # a refused connection this often in a row: the server is down
    backoff_base_s: float = 1.0
    backoff_max_s: float = 30.0
    burst_seconds: float = DEFAULT_BURST_SECONDS
    batch_pricing: bool = False
    lang: str = "en"  # language of the error text written to a failed row
    price_overrides: dict[str, dict[str, Any]] | None = None

    @property
    def concurrency(self) -> int:
        """Requests in flight at most: the limiter sets the pace, this only bounds sockets and memory.

        Enough to use the whole request limit while answers take up to
        ``SLOW_ANSWER_S`` each, within ``MIN_/MAX_CONCURRENCY``.
        """
        if self.max_concurrency is not None:
            return max(1, self.max_concurrency)
        wanted = int(self.requests_per_minute / 60.0 * SLOW_ANSWER_S)
        return max(MIN_CONCURRENCY, min(MAX_CONCURRENCY, wanted))


@dataclass
class RunSummary:
    """What a call to ``run_requests`` did, for the run's record and the bench."""

    total: int = 0
    succeeded: int = 0
    failed: int = 0
    not_sent: int = 0
    requests_sent: int = 0
    retries: int = 0
    rate_limited: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    elapsed_s: float = 0.0
    stopped: bool = False
    fatal: ApiProblem | None = None
    fatal_message: str | None = None
    limiter_corrections: int = 0


ResultCallback = Callable[[ChatResult], Any | Awaitable[Any]]
# Told when every request must wait (seconds, why: an ApiProblem kind), so a page can say so.
WaitCallback = Callable[[float, str], None]


def estimate_request_tokens(
    request: ChatRequest, counter: TokenCounter | None = None, count_text: Callable[[str], int] | None = None
) -> int:
    """Tokens a request will be charged against the TPM limit: its prompt plus its max_tokens.

    ``count_text`` (e.g. a memoised ``counter.count_text``) replaces the counter when given.
    """
    count = count_text or (counter or TokenCounter(request.model)).count_text
    prompt = sum(count(str(m.get("content") or "")) + TOKENS_PER_MESSAGE_OVERHEAD for m in request.messages) + 3
    return prompt + (request.max_tokens or DEFAULT_COMPLETION_RESERVE)


class _StopCheck:
    """Calls ``should_stop`` at most every STOP_CHECK_INTERVAL_S; once True, stays True."""

    def __init__(self, should_stop: Callable[[], bool] | None) -> None:
        self._should_stop = should_stop
        self._checked_at = 0.0
        self.stopped = False

    def __call__(self) -> bool:
        if self.stopped or self._should_stop is None:
            return self.stopped
        now = time.monotonic()
        if now - self._checked_at >= STOP_CHECK_INTERVAL_S:
            self._checked_at = now
            try:
                self.stopped = bool(self._should_stop())
            except Exception:  # noqa: BLE001 - a broken check must not kill the run; log and go on
                LOG.exception("should_stop raised")
        return self.stopped


class _Engine:
    def __init__(
        self,
        settings: ConnectionSettings,
        client: AsyncOpenAI,
        limits: Limits,
        on_result: ResultCallback,
        should_stop: Callable[[], bool] | None,
        on_wait: WaitCallback | None = None,
    ) -> None:
        self.on_wait = on_wait
        self.settings = settings
        self.client = client
        self.limits = limits
        self.on_result = on_result
        self.stop = _StopCheck(should_stop)
        self.limiter = RateLimiter(
            limits.requests_per_minute, limits.tokens_per_minute, burst_seconds=limits.burst_seconds
        )
        self.summary = RunSummary()
        self.text_counters: dict[str, Callable[[str], int]] = {}

    @property
    def halted(self) -> bool:
        return self.summary.fatal is not None or self.stop()

    def _halt(self, problem: ApiProblem) -> None:
        if self.summary.fatal is None:
            self.summary.fatal = problem
            self.summary.fatal_message = explain(problem, self.limits.lang)

    async def run(self, requests: list[ChatRequest]) -> RunSummary:
        started = time.monotonic()
        self.summary.total = len(requests)
        queue: deque[ChatRequest] = deque(requests)
        workers = []
        for _ in range(max(1, min(self.limits.concurrency, len(requests)))):
            workers.append(asyncio.create_task(self._worker(queue)))
            # Let each worker's request go out before the next one is prepared: started all at
            # once, every request would be built before the first left, and all answered together.
            await asyncio.sleep(0)
        await asyncio.gather(*workers)
        self.summary.not_sent = self.summary.total - self.summary.succeeded - self.summary.failed
        self.summary.stopped = self.stop.stopped
        self.summary.elapsed_s = time.monotonic() - started
        self.summary.limiter_corrections = self.limiter.corrections
        return self.summary

    async def _worker(self, queue: deque[ChatRequest]) -> None:
        while queue and not self.halted:
            request = queue.popleft()
            result = await self._complete(request)
            if result is None:  # not answered because the run stopped: stays to do on resume
                continue
            if result.ok:
                self.summary.succeeded += 1
                self.summary.prompt_tokens += result.prompt_tokens
                self.summary.completion_tokens += result.completion_tokens
                self.summary.cost_usd += result.cost_usd
            else:
                self.summary.failed += 1
            try:
                outcome = self.on_result(result)
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception as error:  # noqa: BLE001 - can't record results: stop instead of losing more
                LOG.exception("on_result failed for %s", request.key)
                self._halt(ApiProblem(kind="unknown", retryable=False, stops_run=True, detail=type(error).__name__))

    def _count_text(self, model: str) -> Callable[[str], int]:
        """``model``'s token count of a text; a text that repeats (the system prompt) is encoded once."""
        if model not in self.text_counters:
            self.text_counters[model] = functools.lru_cache(maxsize=TEXT_MEMO_SIZE)(TokenCounter(model).count_text)
        return self.text_counters[model]

    async def _complete(self, request: ChatRequest) -> ChatResult | None:
        reserve = estimate_request_tokens(request, count_text=self._count_text(request.model))
        problem: ApiProblem | None = None
        for attempt in range(1, self.limits.max_attempts + 1):
            if self.halted:
                return None
            ticket = await self.limiter.acquire(reserve)
            if self.halted:
                self.limiter.refund(ticket)
                return None
            started = time.monotonic()
            self.summary.requests_sent += 1
            if attempt > 1:
                self.summary.retries += 1
            try:
                try:
                    # The SDK's generic POST: its auth, base URL, Azure routing and errors, without
                    # building the request and response models the engine would throw away.
                    http_response = await self.client.post(CHAT_PATH, body=self._body(request), cast_to=httpx2.Response)
                finally:
                    self.limiter.release(ticket)
                self.limiter.update_from_headers(http_response.headers, ticket)
                answer = parse_chat_answer(http_response)
            except Exception as error:  # noqa: BLE001 - every SDK/HTTP error is classified below
                problem = classify(error)
                response = getattr(error, "response", None)
                if response is not None:
                    self.limiter.update_from_headers(response.headers, ticket)
                if problem.stops_run:
                    self._halt(problem)
                    return None
                if problem.kind == KIND_RATE_LIMITED:
                    self.summary.rate_limited += 1
                    # Everyone waits, not just this request: the key is over its limit.
                    pause_s = self._backoff_s(attempt, problem.retry_after_s)
                    self.limiter.pause(pause_s)
                    if self.on_wait is not None:
                        self.on_wait(pause_s, problem.kind)
                if not problem.retryable:
                    break
                if problem.kind == KIND_UNREACHABLE and attempt >= self.limits.unreachable_attempts:
                    break  # the server is gone: stop soon and let resume do the rest
                if attempt < self.limits.max_attempts:
                    await self._sleep(self._backoff_s(attempt, problem.retry_after_s))
                continue
            return self._result(request, answer, time.monotonic() - started, attempt)
        assert problem is not None
        if problem.kind == KIND_UNREACHABLE:
            # The server is gone, not this row's fault: stop, keep the rest for resume.
            self._halt(problem)
            return None
        return ChatResult(
            key=request.key,
            text=None,
            error=explain(problem, self.limits.lang),
            problem=problem,
            attempts=self.limits.max_attempts if problem.retryable else 1,
        )

    async def _sleep(self, seconds: float) -> None:
        """Sleep in short steps so that a pause or cancel is honoured during a long backoff."""
        deadline = time.monotonic() + seconds
        while not self.halted and (left := deadline - time.monotonic()) > 0:
            await asyncio.sleep(min(left, 0.25))

    def _backoff_s(self, attempt: int, retry_after_s: float | None) -> float:
        return backoff_seconds(attempt, self.limits.backoff_base_s, self.limits.backoff_max_s, retry_after_s)

    def _body(self, request: ChatRequest) -> dict[str, Any]:
        return chat_request_body(request, self.settings.deployment_for(request.model))

    def _result(self, request: ChatRequest, answer: ChatAnswer, latency_s: float, attempts: int) -> ChatResult:
        return ChatResult(
            key=request.key,
            text=answer.text,
            prompt_tokens=answer.prompt_tokens,
            completion_tokens=answer.completion_tokens,
            cost_usd=chat_cost_usd(
                request.model,
                answer.prompt_tokens,
                answer.completion_tokens,
                batch=self.limits.batch_pricing,
                overrides=self.limits.price_overrides,
            )
            or 0.0,
            latency_s=latency_s,
            attempts=attempts,
        )


@dataclass(frozen=True)
class ChatAnswer:
    """The fields of a chat completion the engine keeps."""

    text: str
    prompt_tokens: int
    completion_tokens: int


def parse_chat_answer(response: httpx2.Response) -> ChatAnswer:
    """The answer in a successful Chat Completions response, read straight from its JSON.

    The SDK's ``ChatCompletion`` model would be built and thrown away at once (most of the
    engine's time per request went there); only the first choice's text and the usage are
    kept. A refusal or a missing answer is an empty text, as before. A body that is not a
    completion (a web page, a proxy's greeting) is the SDK's ``APIResponseValidationError``,
    which ``classify`` reads as a wrong base URL.
    """
    try:
        data = json.loads(response.content)
        choices = data.get("choices") or []
        message = (choices[0].get("message") or {}) if choices else {}
        usage = data.get("usage") or {}
        return ChatAnswer(
            text=str(message.get("content") or ""),
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0),
        )
    except (ValueError, TypeError, AttributeError, IndexError) as error:
        raise APIResponseValidationError(response, None, message="not a chat completion") from error


def chat_request_body(request: ChatRequest, model: str) -> dict[str, Any]:
    """The Chat Completions body for a request, live or in a Batch file; ``model`` may be an Azure deployment."""
    body: dict[str, Any] = {"model": model, "messages": [dict(m) for m in request.messages]}
    if request.temperature is not None:
        body["temperature"] = request.temperature
    if request.max_tokens is not None:
        body["max_tokens"] = request.max_tokens
    return body


def engine_client(settings: ConnectionSettings) -> AsyncOpenAI:
    """An async client whose own retries are off: the engine retries, counts and paces them.

    It sends over the SDK's aiohttp transport (``openai[aiohttp]``): with a hundred requests
    in flight, httpx2's own connection pool cost more CPU per request than everything else.
    Only the TLS trust settings are shared between clients (see ``_tls_context``).
    """
    return make_async_client(
        settings.with_overrides(max_retries=0), http_client=DefaultAioHttpClient(verify=_tls_context())
    )


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx2's default TLS context (the system's CA certificates), built once per process.

    Building it reads the whole CA bundle (~20 ms of CPU), which a run of a few hundred
    requests would otherwise pay for every new client. It holds no key and no session
    state, only whom to trust, so sharing it shares nothing between visitors.
    """
    return httpx2.create_ssl_context()


async def run_requests(
    settings: ConnectionSettings,
    requests: Iterable[ChatRequest],
    *,
    limits: Limits | None = None,
    on_result: ResultCallback,
    should_stop: Callable[[], bool] | None = None,
    client: AsyncOpenAI | None = None,
    on_wait: WaitCallback | None = None,
) -> RunSummary:
    """Send every request within the limits; call ``on_result`` for each one as it finishes.

    Requests not answered because the run stopped (``should_stop`` turned
    True, or a run-stopping error such as no quota) get no callback: the
    caller keeps them as still to do. ``client`` is for tests and benches.
    """
    own_client = client is None
    active = client or engine_client(settings)
    engine = _Engine(settings, active, limits or Limits(), on_result, should_stop, on_wait)
    try:
        return await engine.run(list(requests))
    finally:
        if own_client:
            await active.close()
