"""Generation runs in the store: what to generate, progress, pause/cancel/resume, results row by row.

A run is one row in ``gen_runs`` (settings, status, cost) and one row per
(example, variant) in ``gen_items``. The engine (``core.providers.request_runner``) answers the
items; each answer is written in the same transaction that marks its item
done, so a crash at any moment leaves either "done and answered" or "still to
do", and the primary key of ``gen_items`` means one run can never give a row
two answers. Resume sends only the items that are not done.

Runs execute in a background thread (``core.workflows.runner``) so that leaving or
reloading the page never stops them; the page polls ``run_progress``.
The API key travels only in memory (``ConnectionSettings``), never into a row.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.data import runs
from core.data.store import Store
from core.pricing import SETTING_OVERRIDES, RequestCostEstimate, chat_cost_usd
from core.providers.api_errors import ApiProblem
from core.providers.client import PROVIDER_COMPATIBLE, ConnectionSettings
from core.providers.request_runner import ChatRequest, ChatResult, RunSummary, run_requests
from core.tokens import TokenCounter
from core.workflows import grounded, job_keys, runner
from core.workflows.generation_progress import (  # noqa: F401 - re-exported for pages and tests
    RATE_WINDOW_S,
    current_wait,
    eta_seconds,
    note_wait,
    rate_per_minute,
)
from core.workflows.generation_settings import (  # noqa: F401 - their old home; callers import them from here
    ACTIVE_STATUSES,
    ANSWER_KINDS,
    KIND_ANSWERS,
    KIND_REGENERATE,
    KIND_REPAIR,
    MAX_TEMPERATURE,
    MODE_BATCH,
    MODE_LIVE,
    OPTION_NAMES,
    SCOPE_ALL,
    SCOPE_FAILED,
    SCOPE_MISSING,
    SCOPE_SELECTED,
    SCOPES,
    SETTING_OPTIONS,
    SOURCE_GENERATED,
    SOURCE_REPAIR,
    STATUS_CANCELLED,
    STATUS_COMPLETED,
    STATUS_FAILED,
    STATUS_INTERRUPTED,
    STATUS_PAUSED,
    STATUS_RUNNING,
    VARIANT_TEMPERATURE_STEP,
    GenRun,
    GenSettings,
    RunProgress,
    load_options,
    save_option,
)

# Sent to the model (not shown to users), so it stays in one language.
REPAIR_INSTRUCTION = (
    "A reviewer asks you to rewrite your previous answer: {instruction}\n"
    "Reply with the rewritten answer only, in the same language as the question."
)


def price_overrides(store: Store, project_id: int) -> dict[str, dict[str, Any]] | None:
    """The project's own model prices (edited on the Preview page), if any."""
    return store.get_setting(project_id, SETTING_OVERRIDES, None) or None


def job_name(run_id: int) -> str:
    """The worker registry name of a live run."""
    return f"gen-run-{run_id}"


def _settings_from_json(text: str) -> GenSettings:
    known = GenSettings.__dataclass_fields__
    data = {k: v for k, v in json.loads(text or "{}").items() if k in known}
    return GenSettings(**data)


def _row_to_run(r: Any) -> GenRun:
    return GenRun(
        id=r["id"],
        project_id=r["project_id"],
        kind=r["kind"],
        mode=r["mode"],
        status=r["status"],
        settings=_settings_from_json(r["settings"]),
        external_id=r["external_id"],
        error=r["error"],
        cost_usd=float(r["cost_usd"] or 0),
        created_at=r["created_at"],
        updated_at=r["updated_at"],
    )


def get_run(store: Store, run_id: int) -> GenRun | None:
    r = runs.get_run(store, run_id)
    return _row_to_run(r) if r else None


def latest_run(store: Store, project_id: int, kind: str = KIND_ANSWERS) -> GenRun | None:
    """The project's most recent run of ``kind`` (what the Generate page shows)."""
    r = runs.latest_run(store, project_id, kind)
    return _row_to_run(r) if r else None


def list_runs(
    store: Store,
    project_id: int,
    *,
    mode: str | None = None,
    status: str | None = None,
    kinds: tuple[str, ...] | None = None,
) -> list[GenRun]:
    return [_row_to_run(r) for r in runs.list_runs(store, project_id, mode=mode, status=status, kinds=kinds)]


def target_ids(store: Store, project_id: int, scope: str, selected: list[int] | None = None) -> list[int]:
    """The single-turn examples a run of ``scope`` answers (multi-turn rows are written by hand)."""
    ids = runs.answerable_ids(store, project_id, missing=scope == SCOPE_MISSING, failed=scope == SCOPE_FAILED)
    if scope == SCOPE_SELECTED:
        wanted = set(selected or [])
        return [i for i in ids if i in wanted]
    return ids


def create_run(store: Store, project_id: int, settings: GenSettings, example_ids: list[int]) -> int:
    """Record a run and one item per (example, variant); nothing is sent yet."""
    return runs.insert_run(
        store,
        project_id,
        kind=settings.kind,
        mode=settings.mode,
        status=STATUS_RUNNING,
        settings_json=json.dumps(asdict(settings), ensure_ascii=False),
        owner=runner.PROCESS_TOKEN,
        example_ids=example_ids,
        variants=max(1, settings.variants),
    )


def request_messages(
    settings: GenSettings, question: str, current_answer: str = "", source: grounded.SourceChunk | None = None
) -> list[dict[str, str]]:
    """What the model sees for one row: the generation prompt and the question (plus the old answer to repair).

    A row written from a document's chunk (``source``) is answered from that chunk only (``grounded``).
    """
    messages: list[dict[str, str]] = []
    if source is not None:
        messages.extend(grounded.grounded_messages(settings.system_prompt, question, source))
    else:
        if settings.system_prompt.strip():
            messages.append({"role": "system", "content": settings.system_prompt.strip()})
        messages.append({"role": "user", "content": question})
    if settings.kind == KIND_REPAIR:
        messages.append({"role": "assistant", "content": current_answer})
        messages.append({"role": "user", "content": REPAIR_INSTRUCTION.format(instruction=settings.instruction)})
    return messages


def item_key(example_id: int, variant: int) -> str:
    return f"{example_id}:{variant}"


def parse_item_key(key: str) -> tuple[int, int]:
    example_id, _, variant = key.partition(":")
    return int(example_id), int(variant or 0)


def pending_requests(store: Store, run_id: int) -> list[ChatRequest]:
    """The requests still to do in a run (pending or failed items), oldest rows first."""
    run = get_run(store, run_id)
    if run is None:
        return []
    settings = run.settings
    temperatures = settings.temperatures()
    rows = runs.pending_items(store, run_id)
    sources = _sources(store, run.project_id, [r["example_id"] for r in rows])
    return [
        ChatRequest(
            key=item_key(r["example_id"], r["variant"]),
            model=settings.model,
            messages=request_messages(settings, r["question"], r["answer"], sources.get(r["example_id"])),
            temperature=temperatures[min(r["variant"], len(temperatures) - 1)],
            max_tokens=settings.max_tokens,
        )
        for r in rows
    ]


def _sources(store: Store, project_id: int, example_ids: list[int]) -> dict[int, grounded.SourceChunk]:
    """The chunk each of these rows was written from, for the rows that have one."""
    found = {}
    for example in store.iter_examples(project_id, ids=sorted(set(example_ids))):
        source = grounded.source_of(example.extra)
        if source is not None:
            found[example.id] = source
    return found


def remaining_cost_usd(store: Store, run_id: int) -> float:
    """The highest possible cost of a run's requests still to do (prompt tokens + max_tokens each)."""
    run = get_run(store, run_id)
    requests = pending_requests(store, run_id)
    if run is None or not requests:
        return 0.0
    counts = TokenCounter(run.settings.model).count_many([request.messages for request in requests])
    return (
        chat_cost_usd(
            run.settings.model,
            sum(count.total for count in counts),
            run.settings.max_tokens * len(requests),
            batch=run.mode == MODE_BATCH,
            overrides=price_overrides(store, run.project_id),
        )
        or 0.0
    )


def record_result(store: Store, run_id: int, settings: GenSettings, result: ChatResult) -> bool:
    """Write one finished request: item done + answer (or failed + error) in one transaction.

    Returns False when the item was already done (a duplicate delivery) or is
    gone (its example was deleted meanwhile), in which case nothing changes.
    A row a person worked on after the run started keeps their answer; the
    machine's one waits as a variant (``core.data.runs.record_item``).
    """
    example_id, variant = parse_item_key(result.key)
    several = settings.variants > 1
    outcome = runs.ItemOutcome(
        example_id=example_id,
        variant=variant,
        ok=result.ok,
        answer=result.text,
        error=result.error,
        prompt_tokens=result.prompt_tokens,
        completion_tokens=result.completion_tokens,
        cost_usd=result.cost_usd,
        attempts=result.attempts,
        model=settings.model,
        temperature=settings.temperatures()[variant] if several else settings.temperature,
        as_variant=several,
        source=SOURCE_REPAIR if settings.kind == KIND_REPAIR else SOURCE_GENERATED,
    )
    return runs.record_item(store, run_id, outcome)


def set_status(
    store: Store, run_id: int, status: str, error: str | None = None, only_if: tuple[str, ...] | None = None
) -> bool:
    """Change a run's status (``only_if``: only when it currently has one of these)."""
    return runs.set_run_status(store, run_id, status, error, only_if)


def problem_to_text(problem: ApiProblem | None) -> str | None:
    """How a run-stopping problem is kept in ``gen_runs.error`` (so the page can explain it in any language)."""
    return json.dumps(asdict(problem)) if problem is not None else None


def problem_from_text(text: str | None) -> ApiProblem | None:
    if not text:
        return None
    try:
        data = json.loads(text)
        return ApiProblem(**{k: v for k, v in data.items() if k in ApiProblem.__dataclass_fields__})
    except (ValueError, TypeError):
        return ApiProblem(kind="unknown", retryable=False, stops_run=True)


async def execute_run(
    store_path: str | Path, run_id: int, connection: ConnectionSettings, client: Any = None
) -> RunSummary:
    """Answer every item still to do in ``run_id``; writes each result as it arrives.

    Ends with the run ``completed`` (every item done or failed), ``failed``
    (a run-stopping error: the message is kept) or as the user left it
    (``paused`` / ``cancelled``).
    """
    store = Store(store_path)
    try:
        run = get_run(store, run_id)
        if run is None:
            return RunSummary()
        name = job_name(run_id)

        def should_stop() -> bool:
            current = get_run(store, run_id)
            return runner.stop_requested(name) or current is None or current.status != STATUS_RUNNING

        limits = replace(run.settings.limits(), price_overrides=price_overrides(store, run.project_id))
        summary = await run_requests(
            connection,
            pending_requests(store, run_id),
            limits=limits,
            on_result=lambda result: record_result(store, run_id, run.settings, result),
            should_stop=should_stop,
            client=client,
            on_wait=lambda seconds, reason: note_wait(run_id, seconds, reason),
        )
        if summary.fatal is not None:
            set_status(store, run_id, STATUS_FAILED, problem_to_text(summary.fatal), only_if=(STATUS_RUNNING,))
        elif not summary.stopped:
            set_status(store, run_id, STATUS_COMPLETED, only_if=(STATUS_RUNNING,))
        return summary
    finally:
        store.close()


def claim(store: Store, run_id: int, connection: ConnectionSettings, owner_unlocked: bool = False) -> bool:
    """Record that the run goes on with this connection's key; False (nothing changes) if it isn't theirs.

    A run started with another key is refused here, so no page can continue it
    on a visitor's key by accident; ``job_keys.take_over`` is the explicit way.
    """
    name = job_name(run_id)
    fingerprint = job_keys.fingerprint(store, connection.api_key)
    if not job_keys.may_control(store, name, fingerprint, owner_unlocked):
        return False
    run = get_run(store, run_id)
    job_keys.record(
        store,
        name,
        job_keys.KIND_BATCH if run and run.mode == MODE_BATCH else job_keys.KIND_GENERATION,
        run.project_id if run else None,
        fingerprint,
    )
    return True


def start_run(store: Store, run_id: int, connection: ConnectionSettings, owner_unlocked: bool = False) -> bool:
    """Start (or resume) a live run in the background; False if it is already running here or isn't this key's."""
    name = job_name(run_id)
    if runner.is_running(name) and not runner.stop_requested(name):
        return False
    if not claim(store, run_id, connection, owner_unlocked):
        return False
    # A paused run whose thread is still landing its last answers: the runner starts
    # the resumed run after it, in the background, so this page doesn't wait.
    runs.restart_run(store, run_id, STATUS_RUNNING, runner.PROCESS_TOKEN)
    path, run = store.path, get_run(store, run_id)
    return runner.start_background(
        name,
        lambda: execute_run(path, run_id, connection),
        kind=job_keys.KIND_GENERATION,
        project_id=run.project_id if run else None,
    )


def _may(store: Store, run_id: int, connection: ConnectionSettings | None, owner_unlocked: bool) -> bool:
    # Without a connection the caller is the app itself (tests, the CLI), not a visitor.
    return connection is None or job_keys.may_control(
        store, job_name(run_id), job_keys.fingerprint(store, connection.api_key), owner_unlocked
    )


def pause_run(
    store: Store, run_id: int, connection: ConnectionSettings | None = None, owner_unlocked: bool = False
) -> bool:
    """Stop sending; answers already on their way still land. Resume continues. False: not this key's run."""
    if not _may(store, run_id, connection, owner_unlocked):
        return False
    set_status(store, run_id, STATUS_PAUSED, only_if=(STATUS_RUNNING,))
    runner.request_stop(job_name(run_id))
    return True


def cancel_run(
    store: Store, run_id: int, connection: ConnectionSettings | None = None, owner_unlocked: bool = False
) -> bool:
    """Stop for good; what was answered stays. False: not this key's run."""
    if not _may(store, run_id, connection, owner_unlocked):
        return False
    set_status(store, run_id, STATUS_CANCELLED, only_if=(STATUS_RUNNING, STATUS_PAUSED, STATUS_FAILED))
    runner.request_stop(job_name(run_id))
    return True


def effective_status(run: GenRun) -> str:
    """The stored status, except a live run "running" with no thread in this process is "interrupted"."""
    if run.status == STATUS_RUNNING and run.mode == MODE_LIVE and not runner.is_running(job_name(run.id)):
        return STATUS_INTERRUPTED
    return run.status


def can_resume(run: GenRun) -> bool:
    return run.mode == MODE_LIVE and effective_status(run) in (STATUS_PAUSED, STATUS_INTERRUPTED, STATUS_FAILED)


def run_progress(store: Store, run_id: int, now: datetime | None = None) -> RunProgress | None:
    """Counts, cost, rate and ETA of a run, straight from the store."""
    run = get_run(store, run_id)
    if run is None:
        return None
    counts = runs.item_counts(store, run_id)
    total = sum(counts.values())
    done, failed = counts.get("done", 0), counts.get("failed", 0)
    remaining = total - done - failed
    now = now or datetime.now(UTC)
    since = datetime.fromtimestamp(now.timestamp() - RATE_WINDOW_S, UTC).isoformat(timespec="microseconds")
    recent = [datetime.fromisoformat(stamp).timestamp() for stamp in runs.finished_since(store, run_id, since)]
    status = effective_status(run)
    rate = rate_per_minute(recent, now.timestamp(), datetime.fromisoformat(run.created_at).timestamp())
    wait = current_wait(run_id, now.timestamp()) if status == STATUS_RUNNING else None
    eta = eta_seconds(remaining, rate, running=status == STATUS_RUNNING, waiting=wait is not None)
    return RunProgress(
        run=run,
        status=status,
        total=total,
        done=done,
        failed=failed,
        remaining=remaining,
        cost_usd=run.cost_usd,
        rate_per_min=rate,
        eta_s=eta,
        waiting_s=wait[0] if wait else None,
        waiting_reason=wait[1] if wait else None,
    )


def estimate_cost(store: Store, project_id: int, example_ids: list[int], settings: GenSettings) -> RequestCostEstimate:
    """Prompt tokens counted with tiktoken (estimated offline) + max_tokens per answer, priced from the table."""
    counter = TokenCounter(settings.model)
    conversations: list[list[dict[str, str]]] = []
    for example in store.iter_examples(project_id, ids=example_ids):
        source = grounded.source_of(example.extra)
        conversations.append(request_messages(settings, example.question, example.answer, source))
    counts = counter.count_many(conversations)
    per_request = [c.total for c in counts]
    variants = max(1, settings.variants)
    prompt = sum(per_request) * variants
    completion = settings.max_tokens * len(per_request) * variants
    usd = (
        chat_cost_usd(
            settings.model,
            prompt,
            completion,
            batch=settings.mode == MODE_BATCH,
            overrides=price_overrides(store, project_id),
        )
        or 0.0
    )
    return RequestCostEstimate(
        requests=len(per_request) * variants,
        prompt_tokens=prompt,
        completion_tokens=completion,
        usd=usd,
        highest=True,
        exact_tokens=counter.exact,
        per_request_tokens=per_request,
    )


# ------------------------------------------------------------------ page support
# Model ids from models.list() that can answer chat requests.
CHAT_MODEL_PREFIXES = ("gpt-", "ft:gpt-", "o1", "o3", "o4", "chatgpt-")
NON_CHAT_MARKERS = ("embedding", "tts", "whisper", "dall-e", "transcribe", "realtime", "audio", "image", "search")


def is_chat_model(model_id: str) -> bool:
    lowered = model_id.lower()
    return lowered.startswith(CHAT_MODEL_PREFIXES) and not any(m in lowered for m in NON_CHAT_MARKERS)


def chat_models(connection: ConnectionSettings) -> list[str]:
    """Chat models the connected key may use (``models.list()``); raises the SDK's error on failure."""
    from core.providers.client import make_client

    client = make_client(connection.with_overrides(max_retries=1, timeout_s=15.0))
    try:
        ids = [model.id for model in client.models.list()]
    finally:
        client.close()
    if connection.provider == PROVIDER_COMPATIBLE:  # its own names (llama3, qwen…): drop only the non-chat kinds
        return sorted({i for i in ids if not any(m in i.lower() for m in NON_CHAT_MARKERS)})
    return sorted({i for i in ids if is_chat_model(i)}, key=lambda i: (i.startswith("ft:"), i))


def active_run(store: Store, project_id: int) -> GenRun | None:
    """A run of this project that is going on right now (live in this process, or an open batch)."""
    for run in list_runs(store, project_id, status=STATUS_RUNNING, kinds=ANSWER_KINDS):
        if run.mode == MODE_BATCH or runner.is_running(job_name(run.id)):
            return run
    return None
