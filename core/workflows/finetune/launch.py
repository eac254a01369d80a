"""Launching a fine-tuning job exactly once: build the files from the recorded split, upload, create, reconcile.

Exactly once: providers take no idempotency key, so every launch gets a tag (a
uuid) that is written to the store *before* any API call and sent with the
job (``FineTuningProvider.create_job``). The create call runs with the SDK's own
retries switched off; before each of our retries, and whenever a launch is
found half done (a reload, a restart), we look for a job carrying the tag (or
our freshly uploaded training file) first (``find_job_by_tag``). A create that
timed out but did succeed is therefore found, never repeated.

A refused create (403, "fine-tuning is not available for this organization")
is a normal outcome: it is stored with status ``refused`` and the page explains
it and offers the alternatives. The API key only ever lives in memory (the
``ConnectionSettings``); all provider work goes through the provider interface.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from core.data import jobs as job_store
from core.data.store import Store
from core.dataset.upload_plan import METHOD_DPO, PROVIDER_OPENAI, plan_upload
from core.providers import api_errors
from core.providers.client import ConnectionSettings
from core.providers.finetuning import FineTuningProvider, Job, JobSpec, registry
from core.workflows import job_keys, runner
from core.workflows.finetune.jobs import (
    LAUNCHING_STATUSES,
    STATUS_CREATING,
    STATUS_LAUNCH_FAILED,
    STATUS_PREPARING,
    STATUS_REFUSED,
    STATUS_UPLOADING,
    JobRow,
    LaunchError,
    LaunchRequest,
    error_record,
    get_job,
    job_key_name,
    list_project_jobs,
    may_control,
    record_job,
    request_of,
)
from core.workflows.finetune.monitor import start_monitor

CREATE_ATTEMPTS = 4
RETRY_BASE_DELAY_S = 2.0
RETRY_MAX_DELAY_S = 30.0

Sleep = Callable[[float], None]


# ------------------------------------------------------------ training files
@dataclass(frozen=True)
class TrainingFiles:
    train: bytes
    valid: bytes | None
    train_count: int
    valid_count: int
    lineage: dict[str, Any]


def build_files(
    store: Store, project_id: int, request: LaunchRequest, provider: str = PROVIDER_OPENAI
) -> TrainingFiles:
    """The JSONL files to upload, exactly as ``core.dataset.upload_plan`` plans them from the recorded split.

    The split is recorded first (drawn now if there is none or the data changed), so
    the launch's lineage names the split its files came from.
    """
    from core.dataset import trainer_formats
    from core.dataset.export import iter_chat_jsonl
    from core.dataset.preference_pairs import build_pairs
    from core.dataset.split import DEFAULT_SEED, DEFAULT_VALID_RATIO, is_current, latest_split, make_split

    split = latest_split(store, project_id)
    if split is None or not is_current(store, split):
        split = make_split(
            store,
            project_id,
            seed=split.seed if split else DEFAULT_SEED,
            valid_ratio=split.valid_ratio if split else DEFAULT_VALID_RATIO,
            approved_only=split.approved_only if split else True,
        )
    plan = plan_upload(store, project_id, request.method, provider, request.use_validation)
    lineage: dict[str, Any] = {
        "split_id": split.id,
        "dataset_hash": split.dataset_hash,
        "split_seed": split.seed,
        "valid_ratio": split.valid_ratio,
        "approved_only": split.approved_only,
        "validation": plan.validation,
        "held_out": plan.held_out,
    }
    if plan.train_count == 0:
        raise LaunchError("no_training_data")
    if plan.blocked:
        raise LaunchError("too_few_examples", count=plan.train_count, minimum=plan.minimum)
    if provider in trainer_formats.TRAINERS:
        # Together's own file: no developer role, tool turns or names, which its upload check refuses.
        if request.method == METHOD_DPO:
            train_lines = list(trainer_formats.iter_preference_jsonl(store, project_id, provider, plan.train_ids))
            valid_lines = (
                list(trainer_formats.iter_preference_jsonl(store, project_id, provider, plan.valid_ids))
                if plan.valid_ids
                else []
            )
            lineage["left_out"] = plan.left_out
        else:
            train_lines = list(trainer_formats.iter_sft_jsonl(store, project_id, plan.train_ids, provider))
            valid_lines = (
                list(trainer_formats.iter_sft_jsonl(store, project_id, plan.valid_ids, provider))
                if plan.valid_ids
                else []
            )
    elif request.method == METHOD_DPO:
        train_build = build_pairs(store, project_id, ids=plan.train_ids)
        valid_build = build_pairs(store, project_id, ids=plan.valid_ids) if plan.valid_ids else None
        train_lines = [json.dumps(p.record(), ensure_ascii=False) + "\n" for p in train_build.pairs]
        valid_lines = (
            [json.dumps(p.record(), ensure_ascii=False) + "\n" for p in valid_build.pairs] if valid_build else []
        )
        lineage["left_out"] = plan.left_out
    else:
        train_lines = list(iter_chat_jsonl(store, project_id, plan.train_ids))
        valid_lines = list(iter_chat_jsonl(store, project_id, plan.valid_ids)) if plan.valid_ids else []
    lineage.update(train_examples=len(train_lines), valid_examples=len(valid_lines))
    return TrainingFiles(
        "".join(train_lines).encode("utf-8"),
        "".join(valid_lines).encode("utf-8") if valid_lines else None,
        len(train_lines),
        len(valid_lines),
        lineage,
    )


# ------------------------------------------------------------------- launch
def begin_launch(store: Store, project_id: int, request: LaunchRequest, provider: str) -> JobRow:
    """Record the launch (with its tag) before anything is sent: the anchor for exactly-once."""
    request = replace(request, provider=provider)
    settings = {
        "hyperparameters": dict(request.hyperparameters),
        "suffix": request.suffix,
        "seed": request.seed,
        "use_validation": request.use_validation,
        "method_payload": request.method_payload(),
    }
    row_id = job_store.insert_launch(
        store,
        project_id,
        uuid.uuid4().hex,
        provider,
        STATUS_PREPARING,
        request.method,
        request.base_model,
        settings,
        LAUNCHING_STATUSES,
    )
    if row_id is None:
        raise LaunchError("launch_in_progress")
    return get_job(store, row_id)  # type: ignore[return-value]


def find_launched_job(provider: FineTuningProvider, row: JobRow) -> Job | None:
    """The account's job for this launch, by its tag or by our uploaded training file; None if none."""
    return provider.find_job_by_tag(row.launch_tag, row.lineage.get("training_file"))


def run_launch(store: Store, settings: ConnectionSettings, row_id: int, sleep: Sleep = time.sleep) -> JobRow:
    """Upload (unless done) and create the job, exactly once; safe to call again on a half-done launch."""
    row = get_job(store, row_id)
    if row is None or row.job_id or row.status not in LAUNCHING_STATUSES:
        return row  # type: ignore[return-value]
    # No SDK retries: a retried create could make a second job. Ours look for the first one before each retry.
    provider = registry.for_connection(settings.with_overrides(max_retries=0))
    try:
        if row.lineage.get("training_file"):
            # Half done (reload, restart): the create may have landed; look before sending it again.
            found = find_launched_job(provider, row)
            if found is not None:
                return record_job(store, row, found)
        else:
            request = request_of(row)
            files = build_files(store, row.project_id, request, row.provider)
            job_store.update(
                store, row_id, status=STATUS_UPLOADING, split_id=files.lineage["split_id"], lineage=files.lineage
            )
            lineage = dict(files.lineage)
            lineage["training_file"] = provider.upload_file(f"train-{row.launch_tag[:8]}.jsonl", files.train)
            if files.valid:
                lineage["validation_file"] = provider.upload_file(f"valid-{row.launch_tag[:8]}.jsonl", files.valid)
            job_store.update(store, row_id, lineage=lineage)
        job_store.update(store, row_id, status=STATUS_CREATING)
        return _create_once(store, provider, get_job(store, row_id), sleep)  # type: ignore[arg-type]
    except LaunchError as error:
        job_store.update(store, row_id, status=STATUS_LAUNCH_FAILED, error={"kind": f"launch.{error.code}"})
    except Exception as exc:  # noqa: BLE001 - any API failure becomes a stored, explained state
        _fail(store, row_id, exc)
    return get_job(store, row_id)  # type: ignore[return-value]


def _fail(store: Store, row_id: int, exc: BaseException) -> None:
    record = error_record(exc)
    refused = record["kind"] in (api_errors.KIND_FT_NOT_AVAILABLE, api_errors.KIND_FORBIDDEN)
    job_store.update(store, row_id, status=STATUS_REFUSED if refused else STATUS_LAUNCH_FAILED, error=record)


def _create_once(store: Store, provider: FineTuningProvider, row: JobRow, sleep: Sleep) -> JobRow:
    request = request_of(row)
    spec = JobSpec(
        base_model=request.base_model,
        training_file=row.lineage["training_file"],
        method=request.method_payload(),
        validation_file=row.lineage.get("validation_file"),
        suffix=request.suffix,
        seed=request.seed,
        project_label=str(row.project_id),
    )
    last_error: BaseException | None = None
    for attempt in range(CREATE_ATTEMPTS):
        if attempt:
            try:
                found = find_launched_job(provider, row)
            except Exception as exc:  # noqa: BLE001 - can't look yet: never create blind, wait and look again
                last_error = exc
                if not api_errors.classify(exc).retryable:
                    raise
                sleep(api_errors.backoff_seconds(attempt, RETRY_BASE_DELAY_S, RETRY_MAX_DELAY_S))
                continue
            if found is not None:
                return record_job(store, row, found)
        try:
            job = provider.create_job(spec, row.launch_tag)
        except Exception as exc:  # noqa: BLE001 - classified below
            problem = api_errors.classify(exc)
            last_error = exc
            if not problem.retryable:
                raise
            sleep(api_errors.backoff_seconds(attempt + 1, RETRY_BASE_DELAY_S, RETRY_MAX_DELAY_S, problem.retry_after_s))
            continue
        return record_job(store, row, job)
    # Out of attempts: one last look, so a create that landed on the last try is not reported as failed.
    found = find_launched_job(provider, row)
    if found is not None:
        return record_job(store, row, found)
    raise last_error or RuntimeError("create failed")


def launch_worker_name(row_id: int) -> str:
    return f"ft-launch-{row_id}"


def start_launch(store: Store, settings: ConnectionSettings, row_id: int, owner_unlocked: bool = False) -> bool:
    """Run (or resume) a launch in the background with this key.

    False, with nothing started, when it already runs here or was started with
    another key: a visitor who opens the page must never finish someone else's
    launch on their own key (``job_keys.take_over`` is the explicit way).
    """
    if runner.is_running(launch_worker_name(row_id)) or not may_control(store, settings, row_id, owner_unlocked):
        return False
    row = get_job(store, row_id)
    job_keys.record(
        store,
        job_key_name(row_id),
        job_keys.KIND_FINETUNE,
        row.project_id if row else None,
        job_keys.fingerprint(store, settings.api_key),
    )
    path = store.path

    async def run() -> None:
        def work() -> None:
            with Store(path) as own:
                run_launch(own, settings, row_id)
                row = get_job(own, row_id)
                if row is not None and row.job_id and not row.is_final:
                    start_monitor(own, settings, row.project_id)

        await asyncio.to_thread(work)

    return runner.start_background(launch_worker_name(row_id), run)


def stale_launches(store: Store, project_id: int) -> list[JobRow]:
    """Launches left half done by a reload or restart (no live launch thread in this process)."""
    return [
        row
        for row in list_project_jobs(store, project_id)
        if row.status in LAUNCHING_STATUSES and not runner.is_running(launch_worker_name(row.id))
    ]


def resume_own_launches(
    store: Store, settings: ConnectionSettings, project_id: int, owner_unlocked: bool = False
) -> list[int]:
    """Go on with launches a reload or restart left half done, but only those this key started."""
    if not settings.has_key:
        return []
    return [
        row.id for row in stale_launches(store, project_id) if start_launch(store, settings, row.id, owner_unlocked)
    ]
