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

It uses the same SDK calls as the engine (``AsyncOpenAI``, no SDK retries).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from openai import AsyncOpenAI, RateLimitError

from core.providers.request_runner import ChatRequest, estimate_request_tokens

SECONDS_TO_PAUSE_AFTER_RATE_LIMIT_ERROR = 15.0
SECONDS_TO_SLEEP_EACH_LOOP = 0.001


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
    client: AsyncOpenAI,
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
            completion = await client.chat.completions.create(
                model=task.request.model,
                messages=[dict(m) for m in task.request.messages],
                temperature=task.request.temperature,
                max_tokens=task.request.max_tokens,
            )
            stats.answers[task.request.key] = completion.choices[0].message.content or ""
            stats.succeeded += 1
        except Exception as error:  # noqa: BLE001 - the cookbook retries any error
            if isinstance(error, RateLimitError):
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
