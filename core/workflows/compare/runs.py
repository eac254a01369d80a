"""Running a comparison: every missing answer through the request runner, in one background job.

A run answers every (item, contender) not answered yet, each endpoint
concurrently, and writes each result as it arrives; running again resumes.
It runs as a job of ``core.workflows.runner`` named by ``worker_name``, and
records a fingerprint of the key that started it (``core.workflows.job_keys``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

from core.data.store import Store
from core.pricing import SETTING_OVERRIDES, chat_cost_usd
from core.providers.client import ConnectionSettings
from core.workflows.compare.contenders import Contender
from core.workflows.compare.sets import (
    Comparison,
    StoredAnswer,
    load_comparison,
    save_answer,
    stored_answers,
    update_comparison_settings,
)

KEY_SEPARATOR = "|"


def request_key(item_key: str, contender: int) -> str:
    return f"{contender}{KEY_SEPARATOR}{item_key}"


def parse_request_key(key: str) -> tuple[str, int]:
    contender, item_key = key.split(KEY_SEPARATOR, 1)
    return item_key, int(contender)


def pending_requests(comparison: Comparison, answers: Mapping[tuple[str, int], StoredAnswer]) -> dict[str, list[Any]]:
    """Engine requests for every answer still missing, grouped by endpoint (resume = run this again)."""
    from core.providers.request_runner import ChatRequest

    groups: dict[str, list[Any]] = {}
    for index, contender in enumerate(comparison.contenders):
        for item in comparison.items:
            stored = answers.get((item.key, index))
            if stored is not None and stored.answer is not None:
                continue
            groups.setdefault(contender.endpoint, []).append(
                ChatRequest(
                    key=request_key(item.key, index),
                    model=contender.model,
                    messages=item.prompt(contender.system_prompt),
                    temperature=contender.temperature,
                    max_tokens=contender.max_tokens,
                )
            )
    return groups


def engine_limits(store: Store, project_id: int, lang: str) -> Any:
    """The engine's default limits, with this project's price edits and the user's language for errors."""
    from core.providers.request_runner import Limits

    return Limits(lang=lang, price_overrides=store.get_setting(project_id, SETTING_OVERRIDES, None) or None)


async def run_comparison(
    store_path: str,
    comparison_id: int,
    settings_for: Callable[[Contender], ConnectionSettings],
    should_stop: Callable[[], bool] = lambda: False,
    lang: str = "en",
) -> None:
    """Answer every missing (item, contender) through the engine, each endpoint concurrently.

    Every result is written to the store as it arrives, so stopping, a reload
    or a crash loses at most the requests in flight; running again resumes.
    """
    from core.providers.request_runner import run_requests

    with Store(store_path) as store:
        comparison = load_comparison(store, comparison_id)
        if comparison is None:
            return
        groups = pending_requests(comparison, stored_answers(store, comparison_id))

        def on_result(result: Any) -> None:
            item_key, index = parse_request_key(result.key)
            contender = comparison.contenders[index]
            # The contender's own price (the user may have edited it, or it is a custom endpoint).
            cost = chat_cost_usd(contender.prices, result.prompt_tokens, result.completion_tokens)
            save_answer(
                store,
                comparison_id,
                item_key,
                index,
                answer=None if result.error else (result.text or ""),
                error=result.error,
                prompt_tokens=result.prompt_tokens,
                completion_tokens=result.completion_tokens,
                latency_s=result.latency_s,
                cost=cost,
            )

        update_comparison_settings(store, comparison_id, run_problem=None)
        limits = engine_limits(store, comparison.project_id, lang)
        runs = []
        for requests in groups.values():
            first = comparison.contenders[parse_request_key(requests[0].key)[1]]
            runs.append(
                run_requests(settings_for(first), requests, limits=limits, on_result=on_result, should_stop=should_stop)
            )
        summaries = await asyncio.gather(*runs)
        problems = [s.fatal_message for s in summaries if getattr(s, "fatal_message", None)]
        if problems:
            update_comparison_settings(store, comparison_id, run_problem=problems[0])


def worker_name(comparison_id: int, what: str = "answers") -> str:
    return f"compare-{what}-{comparison_id}"


def claim(store_path: str, name: str, kind: str, key_fingerprint: str | None, owner_unlocked: bool) -> bool:
    """Record that job ``name`` goes on with this key; False when it was started with another one."""
    from core.workflows import job_keys

    with Store(store_path) as store:
        if not job_keys.may_control(store, name, key_fingerprint, owner_unlocked):
            return False
        job_keys.record(store, name, kind, None, key_fingerprint)
    return True


def start_run(
    store_path: str,
    comparison_id: int,
    settings_for: Callable[[Contender], ConnectionSettings],
    lang: str = "en",
    key_fingerprint: str | None = None,
    owner_unlocked: bool = False,
) -> bool:
    """Run the comparison in the background worker; False when it is already running or isn't this key's."""
    from core.workflows import job_keys, runner

    name = worker_name(comparison_id)
    if runner.is_running(name):
        return False
    if key_fingerprint is not None and not claim(
        store_path, name, job_keys.KIND_COMPARE, key_fingerprint, owner_unlocked
    ):
        return False
    runner.start_background(
        name,
        lambda: run_comparison(
            store_path, comparison_id, settings_for, should_stop=lambda: runner.stop_requested(name), lang=lang
        ),
    )
    return True


def is_running(comparison_id: int, what: str = "answers") -> bool:
    from core.workflows import runner

    return runner.is_running(worker_name(comparison_id, what))
