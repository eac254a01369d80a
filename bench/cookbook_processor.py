"""A minimal re-implementation of the OpenAI cookbook's ``api_request_parallel_processor`` design.

Written from its documented design (not its code) so the bench can compare
our engine with it at the same limits:

- one loop that, every millisecond, refills two capacity counters (requests
  and tokens per minute, linearly over time, capped at one minute's worth,
  starting full);
- takes the next request from a retry queue first, else from the input;
- sends it as a task when both counters can pay for it (prompt tokens plus
  ``max_tokens`` for the token counter);
- on an error puts the request back on the retry queue while it has attempts
  left; after a rate-limit error, the whole loop pauses until 15 s have passed
  since that error;
- stops when every request has succeeded or failed.

How one request is sent is pluggable (``Sender``), so the same loop runs with

- ``sdk_sender``: the SDK call the engine makes (``AsyncOpenAI``, no SDK retries,
  full response models), and
- ``http_sender``: what the real script does: plain ``aiohttp`` (one session for
  the run, its default connection pool) POSTing the JSON body to
  ``/chat/completions`` and ``json.loads`` of the answer, no response models. An
  answer with an ``error`` object is an error; a rate-limit one if it is a 429 or
  its message says "rate limit".
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from openai import AsyncOpenAI, RateLimitError

from core.providers.request_runner import ChatRequest, chat_request_body, estimate_request_tokens

SECONDS_TO_PAUSE_AFTER_RATE_LIMIT_ERROR = 15.0
SECONDS_TO_SLEEP_EACH_LOOP = 0.001

# Sends one request and returns its answer's text; raises on any error (``RateLimited`` for a 429).
Sender = Callable[[ChatRequest], Awaitable[str]]


class RateLimited(Exception):
    """The server answered that the key is over its rate limit."""


class ApiError(Exception):
    """The server answered with an error object."""


def sdk_sender(client: AsyncOpenAI) -> Sender:
    """Send with the SDK, as the engine does, building the SDK's full response models."""

    async def send(request: ChatRequest) -> str:
        try:
            completion = await client.chat.completions.create(
                model=request.model,
                messages=[dict(m) for m in request.messages],  # type: ignore[misc]
                temperature=request.temperature,
                max_tokens=request.max_tokens,
            )
        except RateLimitError as error:
            raise RateLimited(str(error)) from error
        return completion.choices[0].message.content or ""

    return send


def http_sender(session: aiohttp.ClientSession, base_url: str, api_key: str) -> Sender:
    """Send as the real cookbook script does: a plain JSON POST, the answer read with ``json.loads``."""
    url = base_url.rstrip("/") + "/chat/completions"
    headers = {"Authorization": f"Bearer {api_key}"}

    async def send(request: ChatRequest) -> str:
        async with session.post(url, headers=headers, json=chat_request_body(request, request.model)) as response:
            status = response.status
            payload: dict[str, Any] = json.loads(await response.read())
        error = payload.get("error")
        if error is not None:
            message = str(error.get("message", error)) if isinstance(error, dict) else str(error)
            if status == 429 or "rate limit" in message.lower():
                raise RateLimited(message)
            raise ApiError(message)
        return payload["choices"][0]["message"]["content"] or ""

    return send


@dataclass
class _Task:
    request: ChatRequest
    tokens: int
    attempts_left: int


@dataclass
class CookbookStats:
    succeeded: int = 0
    failed: int = 0
    rate_limit_errors: int = 0
    other_errors: int = 0
    answers: dict[str, str] = field(default_factory=dict)


async def process(
    send: Sender,
    requests: list[ChatRequest],
    *,
    max_requests_per_minute: float,
    max_tokens_per_minute: float,
    max_attempts: int = 5,
) -> CookbookStats:
    """Send every request within the limits the cookbook's way; returns counts and answers by key."""
    stats = CookbookStats()
    pending = deque(requests)
    retry_queue: deque[_Task] = deque()
    available_requests = max_requests_per_minute
    available_tokens = max_tokens_per_minute
    last_update = time.monotonic()
    last_rate_limit_error = 0.0
    in_progress = 0
    next_task: _Task | None = None

    async def call(task: _Task) -> None:
        nonlocal in_progress, last_rate_limit_error
        try:
            stats.answers[task.request.key] = await send(task.request)
            stats.succeeded += 1
        except Exception as error:  # noqa: BLE001 - the cookbook retries any error
            if isinstance(error, RateLimited):
                stats.rate_limit_errors += 1
                last_rate_limit_error = time.monotonic()
            else:
                stats.other_errors += 1
            if task.attempts_left:
                retry_queue.append(task)
            else:
                stats.failed += 1
        finally:
            in_progress -= 1

    running: set[asyncio.Task[Any]] = set()
    while True:
        if next_task is None:
            if retry_queue:
                next_task = retry_queue.popleft()
            elif pending:
                request = pending.popleft()
                next_task = _Task(request, estimate_request_tokens(request), max_attempts)
        now = time.monotonic()
        elapsed, last_update = now - last_update, now
        available_requests = min(available_requests + max_requests_per_minute * elapsed / 60.0, max_requests_per_minute)
        available_tokens = min(available_tokens + max_tokens_per_minute * elapsed / 60.0, max_tokens_per_minute)
        if next_task is not None and available_requests >= 1 and available_tokens >= next_task.tokens:
            available_requests -= 1
            available_tokens -= next_task.tokens
            next_task.attempts_left -= 1
            in_progress += 1
            job = asyncio.create_task(call(next_task))
            running.add(job)
            job.add_done_callback(running.discard)
            next_task = None
        if next_task is None and not pending and not retry_queue and in_progress == 0:
            break
        await asyncio.sleep(SECONDS_TO_SLEEP_EACH_LOOP)
        since_error = time.monotonic() - last_rate_limit_error
        if since_error < SECONDS_TO_PAUSE_AFTER_RATE_LIMIT_ERROR:
            await asyncio.sleep(SECONDS_TO_PAUSE_AFTER_RATE_LIMIT_ERROR - since_error)
    return stats
