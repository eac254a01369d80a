"""Ad-hoc questions: one question to every contender, the answers streamed side by side in one background job.

The page starts the job (``start_adhoc``) and polls ``adhoc_answers`` from a
fragment that reruns while the job runs; no script run waits on it. The
answers grow in this process's memory under the job's name, which carries a
per-session token, until the page has taken the final ones (``forget_adhoc``).
Nothing is stored: an ad-hoc answer is a quick look, not data.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from core.pricing import chat_cost_usd
from core.providers.client import ConnectionSettings, make_async_client
from core.workflows.compare.contenders import Contender
from core.workflows.compare.sets import Item, count_tokens

ADHOC_JOB_PREFIX = "compare-adhoc-"


@dataclass
class AnswerStats:
    """Filled in while an ad-hoc answer streams: the text so far, then tokens, latency and cost."""

    text: str = ""
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_s: float | None = None
    first_token_s: float | None = None
    cost_usd: float | None = None
    error: BaseException | None = None
    done: bool = False


async def stream_answer(
    settings: ConnectionSettings,
    contender: Contender,
    question: str,
    stats: AnswerStats,
    should_stop: Callable[[], bool] = lambda: False,
) -> None:
    """Stream the contender's answer into ``stats`` as it is generated; stops early when ``should_stop``.

    Errors are caught into ``stats.error`` so the page can explain them; the stream then simply ends.
    """
    started = time.monotonic()
    messages = Item(key="adhoc", question=question).prompt(contender.system_prompt)
    try:
        async with make_async_client(settings) as client:
            stream = await client.chat.completions.create(
                model=settings.deployment_for(contender.model),
                messages=cast(Any, messages),
                stream=True,
                stream_options={"include_usage": True},
                temperature=contender.temperature,
                max_tokens=contender.max_tokens,
            )
            async for chunk in stream:
                if should_stop():
                    break
                if chunk.usage is not None:
                    stats.prompt_tokens = chunk.usage.prompt_tokens
                    stats.completion_tokens = chunk.usage.completion_tokens
                for choice in chunk.choices or []:
                    piece = getattr(choice.delta, "content", None)
                    if piece:
                        if stats.first_token_s is None:
                            stats.first_token_s = time.monotonic() - started
                        stats.text += piece
    except Exception as error:  # noqa: BLE001 - shown to the user as a plain sentence
        stats.error = error
    stats.latency_s = time.monotonic() - started
    if stats.error is None:
        if stats.prompt_tokens is None:  # the endpoint sent no usage (or we stopped): count it ourselves
            stats.prompt_tokens = count_tokens("\n".join(m["content"] for m in messages), contender.model)
            stats.completion_tokens = count_tokens(stats.text, contender.model)
        stats.cost_usd = chat_cost_usd(contender.prices, stats.prompt_tokens, stats.completion_tokens)
    stats.done = True


async def stream_side_by_side(
    runs: Sequence[tuple[ConnectionSettings, Contender]],
    question: str,
    stats: Sequence[AnswerStats],
    should_stop: Callable[[], bool] = lambda: False,
) -> None:
    """Stream every contender's answer at the same time, each into its own ``stats``."""
    await asyncio.gather(
        *(
            stream_answer(settings, contender, question, into, should_stop)
            for (settings, contender), into in zip(runs, stats, strict=True)
        )
    )


_LIVE: dict[str, list[AnswerStats]] = {}
_LIVE_LOCK = threading.Lock()


def adhoc_job_name(session_token: str) -> str:
    """The job of one browser session's ad-hoc questions (the token keeps sessions' answers apart)."""
    return ADHOC_JOB_PREFIX + session_token


def start_adhoc(name: str, runs: Sequence[tuple[ConnectionSettings, Contender]], question: str) -> bool:
    """Ask every contender ``question`` in the background runner; False when this session's last one still runs."""
    from core.workflows import runner

    stats = [AnswerStats() for _ in runs]
    started = runner.start_background(
        name, lambda: stream_side_by_side(runs, question, stats, should_stop=lambda: runner.stop_requested(name))
    )
    if started:
        with _LIVE_LOCK:
            _LIVE[name] = stats
    return started


def adhoc_answers(name: str) -> list[AnswerStats] | None:
    """The answers of the job so far (one per contender asked), None when there are none to show."""
    with _LIVE_LOCK:
        return _LIVE.get(name)


def adhoc_running(name: str) -> bool:
    from core.workflows import runner

    return runner.is_running(name)


def adhoc_failure(name: str) -> BaseException | None:
    """What ended the job, if it crashed rather than finishing (each answer's own error is in its stats)."""
    from core.workflows import runner

    return runner.last_error(name)


def forget_adhoc(name: str) -> None:
    """Drop the job's answers once the page has taken them."""
    with _LIVE_LOCK:
        _LIVE.pop(name, None)
