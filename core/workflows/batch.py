"""Batch API mode: the same run, answered within 24 hours at half the price.

A batch run is a ``gen_runs`` row with mode "batch". Its items are written as
one JSONL file (one ``custom_id`` per item), uploaded with purpose "batch" and
submitted; a background job polls the batch and, when it ends, joins the
output and error files back into the store by ``custom_id`` (through the same
``record_result`` as live runs, so a row never gets two answers).
What is sent and how results land is per kind of run (``BatchWork``): answers
to rows here (``ANSWERS``), questions written from documents in
``core.workflows.question_batch``; submitting, polling, the key that started
the batch and cancelling are shared.

The batch id is stored the moment it exists, and the batch carries the run id
in its metadata, so a batch started yesterday is picked up again after a
restart (polling restarts on the first visit to the Generate page) and a
retried submit never creates a second batch.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from openai import AsyncOpenAI

from core.data import runs
from core.data.store import Store
from core.i18n import t
from core.pricing import chat_cost_usd
from core.providers.api_errors import classify, explain
from core.providers.client import ConnectionSettings
from core.providers.request_runner import ChatRequest, ChatResult, chat_request_body, engine_client
from core.workflows import generation, job_keys, runner

LOG = logging.getLogger(__name__)
ENDPOINT: Final = "/v1/chat/completions"
COMPLETION_WINDOW: Final = "24h"
POLL_INTERVAL_S = 10.0
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
METADATA_RUN_KEY = "studio_run"
# Transient polling errors (a flaky network) are retried this many times in a row before giving up.
MAX_POLL_ERRORS = 30


def custom_id(run_id: int, example_id: int, variant: int) -> str:
    return f"run{run_id}-ex{example_id}-v{variant}"


def parse_custom_id(value: str) -> tuple[int, int, int] | None:
    """'run3-ex12-v0' → (3, 12, 0); None for anything else."""
    try:
        run, example, variant = value.split("-")
        return int(run.removeprefix("run")), int(example.removeprefix("ex")), int(variant.removeprefix("v"))
    except ValueError:
        return None


def job_name(run_id: int) -> str:
    return f"batch-run-{run_id}"


def request_line(line_id: str, request: ChatRequest, connection: ConnectionSettings | None = None) -> str:
    """One JSONL line of a batch: its ``custom_id``, method, url and the chat body."""
    model = connection.deployment_for(request.model) if connection else request.model
    return json.dumps(
        {"custom_id": line_id, "method": "POST", "url": ENDPOINT, "body": chat_request_body(request, model)},
        ensure_ascii=False,
    )


def batch_lines(store: Store, run_id: int, connection: ConnectionSettings | None = None) -> Iterator[str]:
    """One JSONL line per item still to do."""
    for request in generation.pending_requests(store, run_id):
        example_id, variant = generation.parse_item_key(request.key)
        yield request_line(custom_id(run_id, example_id, variant), request, connection)


@dataclass(frozen=True)
class JoinCounts:
    answered: int
    failed: int
    ignored: int


@dataclass(frozen=True)
class BatchWork:
    """What one kind of batch run sends, and how its output lands in the store.

    Submitting, polling, the key checks and the run's status are the same for
    every kind; only the lines sent and the joining of the results differ.
    """

    lines: Callable[[Store, int, ConnectionSettings | None], Iterator[str]]
    join: Callable[[Store, int, str, str], JoinCounts]


def _set_external(store: Store, run_id: int, **fields: Any) -> None:
    runs.set_external(store, run_id, **fields)


def batch_state(store: Store, run_id: int) -> tuple[str | None, dict[str, Any]]:
    """(the batch's own status, its request counts) as last polled."""
    state = runs.external_state(store, run_id)
    if state is None:
        return None, {}
    return state[0], json.loads(state[1] or "{}")


def join_results(store: Store, run_id: int, output_text: str, error_text: str = "") -> JoinCounts:
    """Write every line of the output and error files into the store, matched by ``custom_id``."""
    run = generation.get_run(store, run_id)
    if run is None:
        return JoinCounts(0, 0, 0)
    answered = failed = ignored = 0
    overrides = generation.price_overrides(store, run.project_id)
    for line in [*output_text.splitlines(), *error_text.splitlines()]:
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            ignored += 1
            continue
        parsed = parse_custom_id(str(row.get("custom_id", "")))
        if parsed is None or parsed[0] != run_id:
            ignored += 1
            continue
        key = generation.item_key(parsed[1], parsed[2])
        result = line_result(row, key, run.settings.model, run.settings.lang, overrides)
        if generation.record_result(store, run_id, run.settings, result):
            answered, failed = (answered + 1, failed) if result.ok else (answered, failed + 1)
    return JoinCounts(answered, failed, ignored)


# Answers to a run's rows (the Generate page).
ANSWERS: Final = BatchWork(lines=batch_lines, join=join_results)


def line_failure(row: dict[str, Any]) -> tuple[int | str, str]:
    """(the HTTP status, OpenAI's reason) of a line the batch could not answer."""
    response = row.get("response") or {}
    body = response.get("body") or {}
    error = row.get("error") or body.get("error") or {}
    detail = error.get("message") if isinstance(error, dict) else str(error)
    return response.get("status_code") or "-", (detail or "")[:300]


def line_result(
    row: dict[str, Any], key: str, model: str, lang: str, overrides: dict[str, dict[str, Any]] | None = None
) -> ChatResult:
    """One line of a batch's output or error file as the engine's result (priced at the Batch price)."""
    response = row.get("response") or {}
    body = response.get("body") or {}
    if response.get("status_code") == 200 and body.get("choices"):
        usage = body.get("usage") or {}
        prompt, completion = int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
        return ChatResult(
            key=key,
            text=body["choices"][0].get("message", {}).get("content") or "",
            prompt_tokens=prompt,
            completion_tokens=completion,
            cost_usd=chat_cost_usd(model, prompt, completion, batch=True, overrides=overrides) or 0.0,
        )
    status, detail = line_failure(row)
    return ChatResult(key=key, text=None, error=t("generate.batch_row_failed", lang, status=status, detail=detail))


async def _find_existing(client: AsyncOpenAI, run_id: int) -> Any | None:
    """A batch already submitted for this run (a submit retried after a crash must not make a second)."""
    page = await client.batches.list(limit=100)
    return next((b for b in page.data if (b.metadata or {}).get(METADATA_RUN_KEY) == str(run_id)), None)


async def submit(
    store: Store, run_id: int, connection: ConnectionSettings, client: AsyncOpenAI, work: BatchWork = ANSWERS
) -> str:
    """Upload the run's JSONL and create the batch (once); returns the batch id."""
    run = generation.get_run(store, run_id)
    if run is not None and run.external_id:
        return run.external_id
    existing = await _find_existing(client, run_id)
    if existing is None:
        content = ("\n".join(work.lines(store, run_id, connection)) + "\n").encode("utf-8")
        uploaded = await client.files.create(file=(f"studio-run-{run_id}.jsonl", content), purpose="batch")
        existing = await client.batches.create(
            input_file_id=uploaded.id,
            endpoint=ENDPOINT,
            completion_window=COMPLETION_WINDOW,
            metadata={METADATA_RUN_KEY: str(run_id)},
        )
    _set_external(store, run_id, external_id=existing.id, external_status=existing.status)
    return existing.id


async def poll_once(store: Store, run_id: int, client: AsyncOpenAI, work: BatchWork = ANSWERS) -> str:
    """Look at the batch once; when it has ended, join its files and close the run. Returns its status."""
    run = generation.get_run(store, run_id)
    assert run is not None and run.external_id
    batch = await client.batches.retrieve(run.external_id)
    counts = batch.request_counts.model_dump() if batch.request_counts else {}
    _set_external(store, run_id, external_status=batch.status, external_detail=json.dumps(counts))
    if batch.status not in TERMINAL:
        return batch.status
    output = (await client.files.content(batch.output_file_id)).text if batch.output_file_id else ""
    errors = (await client.files.content(batch.error_file_id)).text if batch.error_file_id else ""
    work.join(store, run_id, output, errors)
    final = {"completed": generation.STATUS_COMPLETED, "cancelled": generation.STATUS_CANCELLED}.get(
        batch.status, generation.STATUS_FAILED
    )
    message = None
    if batch.status in ("failed", "expired"):
        first = (batch.errors.data[0].message if batch.errors and batch.errors.data else None) or batch.status
        message = json.dumps({"kind": "batch_" + batch.status, "retryable": False, "stops_run": True, "detail": first})
    generation.set_status(store, run_id, final, message)
    return batch.status


async def submit_and_poll(
    store_path: str | Path,
    run_id: int,
    connection: ConnectionSettings,
    client: AsyncOpenAI | None = None,
    poll_interval_s: float | None = None,
    work: BatchWork = ANSWERS,
) -> str:
    """The background job of a batch run: submit if needed, then poll until the batch ends."""
    store = Store(store_path)
    active = client or engine_client(connection)
    errors_in_a_row = 0
    try:
        await submit(store, run_id, connection, active, work)
        while True:
            run = generation.get_run(store, run_id)
            if run is None or run.status != generation.STATUS_RUNNING or runner.stop_requested(job_name(run_id)):
                return run.status if run else "gone"
            try:
                status = await poll_once(store, run_id, active, work)
                errors_in_a_row = 0
                job_keys.clear_error(store, generation.job_name(run_id))
            except Exception as error:  # noqa: BLE001 - classify, keep it on the run, and stop on what won't heal
                problem = classify(error)
                errors_in_a_row += 1
                # A failed look at the batch says nothing about the batch itself (a
                # key of another organisation can't even see it): the run stays
                # open, the failure is kept on it, and polling stops until a
                # session with a working key opens the page again.
                job_keys.record_error(store, generation.job_name(run_id), generation.problem_to_text(problem) or "")
                if problem.stops_run or not problem.retryable or errors_in_a_row >= MAX_POLL_ERRORS:
                    return "poll_failed"
                status = "retrying"
            if status in TERMINAL:
                return status
            await asyncio.sleep(POLL_INTERVAL_S if poll_interval_s is None else poll_interval_s)
    except Exception as error:  # noqa: BLE001 - submit failed: say why on the page
        LOG.warning("batch run %s: %s", run_id, type(error).__name__)
        generation.set_status(store, run_id, generation.STATUS_FAILED, generation.problem_to_text(classify(error)))
        return generation.STATUS_FAILED
    finally:
        if client is None:
            await active.close()
        store.close()


def start(
    store: Store,
    run_id: int,
    connection: ConnectionSettings,
    owner_unlocked: bool = False,
    work: BatchWork = ANSWERS,
) -> bool:
    """Submit (if not yet) and poll a batch run in the background; False if already polling here or not this key's."""
    if runner.is_running(job_name(run_id)) or not generation.claim(store, run_id, connection, owner_unlocked):
        return False
    path = store.path
    return runner.start_background(job_name(run_id), lambda: submit_and_poll(path, run_id, connection, work=work))


def resume_polling(
    store: Store,
    project_id: int,
    connection: ConnectionSettings,
    kinds: tuple[str, ...] = generation.ANSWER_KINDS,
    work: BatchWork = ANSWERS,
) -> list[int]:
    """Restart polling for the project's open batches that this key started (after a restart); returns their run ids.

    Batches started with another key are left alone: polling them with this key
    would fail (another organisation) or bill the wrong account.
    """
    if not connection.has_key:
        return []
    started = []
    fingerprint = job_keys.fingerprint(store, connection.api_key)
    open_batches = generation.list_runs(
        store, project_id, mode=generation.MODE_BATCH, status=generation.STATUS_RUNNING, kinds=kinds
    )
    for run in open_batches:
        if job_keys.access(store, generation.job_name(run.id), fingerprint) not in (
            job_keys.ACCESS_OWN,
            job_keys.ACCESS_UNRECORDED,
        ):
            continue
        if not runner.is_running(job_name(run.id)) and start(store, run.id, connection, work=work):
            started.append(run.id)
    return started


def cancel(store: Store, run_id: int, connection: ConnectionSettings, owner_unlocked: bool = False) -> bool:
    """Cancel the batch at the provider (best effort) and mark the run cancelled; answers already in stay.

    False (nothing done) when the batch was started with another key.
    """
    fingerprint = job_keys.fingerprint(store, connection.api_key)
    if not job_keys.may_control(store, generation.job_name(run_id), fingerprint, owner_unlocked):
        return False
    run = generation.get_run(store, run_id)
    runner.request_stop(job_name(run_id))
    if run is not None and run.external_id and connection.has_key:
        from core.providers.client import make_client

        client = make_client(connection)
        try:
            client.batches.cancel(run.external_id)
        except Exception as error:  # noqa: BLE001 - already ended or unreachable: the run is cancelled anyway
            LOG.info("batch cancel for run %s: %s", run_id, explain(classify(error), "en"))
        finally:
            client.close()
    generation.set_status(store, run_id, generation.STATUS_CANCELLED)
    return True
