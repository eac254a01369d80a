"""Watching fine-tuning jobs: poll their state, events, checkpoints and metrics into the store; cancel, pause, resume.

``poll_job`` stores a job's state, its events (``ft_events``), its checkpoints
(``ft_events`` rows of type ``checkpoint``) and, once it ends, its metrics file
(an ``ft_events`` row of type ``result_csv``). ``start_monitor`` polls every
non-final job of a project that this key started, in the background, until all
are final. A failed poll is stored on its job and shown, never swallowed. The
poll interval is read when a monitor starts (or passed in), so tests and demos
can shorten it.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any

from core.data import jobs as job_store
from core.data.store import Store
from core.providers import api_errors
from core.providers.client import PROVIDER_TOGETHER, ConnectionSettings
from core.providers.finetuning import LAUNCH_TAG_KEY, FineTuningProvider, registry
from core.providers.finetuning.together import same_tag
from core.workflows import job_keys, runner
from core.workflows.finetune.jobs import (
    EVENT_CHECKPOINT,
    EVENT_RESULT_CSV,
    FINAL_STATUSES,
    JobRow,
    LaunchError,
    get_job,
    job_error,
    job_key_name,
    list_project_jobs,
    may_control,
    result_csv,
)

# How often running jobs are polled and the page redraws. Read when a poller starts (not at import),
# so tests and demos can shorten it through the environment.
POLL_INTERVAL_ENV = "FINETUNE_STUDIO_POLL_S"
DEFAULT_POLL_INTERVAL_S = 5.0
ACCOUNT_JOBS_LIMIT = 50


def poll_interval_s() -> float:
    """Seconds between two polls of running jobs: ``FINETUNE_STUDIO_POLL_S`` if set and positive, else 5."""
    try:
        chosen = float(os.environ.get(POLL_INTERVAL_ENV, "") or DEFAULT_POLL_INTERVAL_S)
    except ValueError:
        return DEFAULT_POLL_INTERVAL_S
    return chosen if chosen > 0 else DEFAULT_POLL_INTERVAL_S


def poll_job(store: Store, provider: FineTuningProvider, row: JobRow) -> JobRow:
    """Fetch one job's state, new events and checkpoints (and its metrics once final) into the store."""
    assert row.job_id is not None
    data = provider.get_job(row.job_id)
    job_store.add_events(store, row.id, provider.list_events(row.job_id, job_store.event_ids(store, row.id)))
    if provider.capabilities.checkpoints:
        try:
            for checkpoint in provider.list_checkpoints(row.job_id):
                job_store.put_own_row(
                    store,
                    row.id,
                    str(checkpoint["id"]),
                    EVENT_CHECKPOINT,
                    checkpoint,
                    int(checkpoint.get("created_at") or 0),
                )
        except Exception:  # noqa: BLE001 - checkpoints are a bonus (some servers have none)
            pass
    status = data.get("status") or row.status
    if status in FINAL_STATUSES and provider.has_metrics(data) and result_csv(store, row.id) is None:
        try:
            text = provider.metrics(data)
            if text is not None:
                # One row per job; the result file's id names it where the provider has one.
                row_key = str((data.get("result_files") or [EVENT_RESULT_CSV])[0])
                job_store.put_own_row(store, row.id, row_key, EVENT_RESULT_CSV, text)
        except Exception:  # noqa: BLE001 - the chart still has the events; try again next poll
            pass
    job_store.update(
        store,
        row.id,
        status=status,
        fine_tuned_model=data.get("fine_tuned_model"),
        job=data,
        error=job_error(data) or (row.error if status != "failed" else None),
    )
    return get_job(store, row.id)  # type: ignore[return-value]


def same_provider(row_provider: str, connection_provider: str) -> bool:
    """Whether a job launched on ``row_provider`` lives where this connection reaches (Together apart from
    OpenAI, Azure and compatible servers, which one connection reaches in turn)."""
    return (row_provider == PROVIDER_TOGETHER) == (connection_provider == PROVIDER_TOGETHER)


def _own_rows(store: Store, settings: ConnectionSettings, project_id: int) -> list[JobRow]:
    """The project's jobs this key started (or that have no recorded key) on this provider: the ones it may poll."""
    fingerprint = job_keys.fingerprint(store, settings.api_key)
    mine = (job_keys.ACCESS_OWN, job_keys.ACCESS_UNRECORDED)
    return [
        row
        for row in list_project_jobs(store, project_id)
        if same_provider(row.provider, settings.provider)
        and job_keys.access(store, job_key_name(row.id), fingerprint) in mine
    ]


def poll_project(store: Store, settings: ConnectionSettings, project_id: int) -> bool:
    """Poll once every non-final job of the project that this key started; True when none is left to watch.

    A failed poll is kept on its job (``job_keys.record_error``) for the page to
    show, and the other jobs are still polled.
    """
    provider = registry.for_connection(settings)
    rows = _own_rows(store, settings, project_id)
    pending = [row for row in rows if row.job_id and not row.is_final]
    needs_result = [
        row
        for row in rows
        if row.job_id
        and row.status == "succeeded"
        and result_csv(store, row.id) is None
        and provider.has_metrics(row.job)
    ]
    for row in pending + needs_result:
        try:
            poll_job(store, provider, row)
        except Exception as exc:  # noqa: BLE001 - kept on the job and shown; the next poll tries again
            job_keys.record_error(store, job_key_name(row.id), json.dumps(asdict(api_errors.classify(exc))))
        else:
            job_keys.clear_error(store, job_key_name(row.id))
    return not any(row.job_id and not row.is_final for row in _own_rows(store, settings, project_id))


def monitor_name(project_id: int, key_fingerprint: str | None = None) -> str:
    """One monitor per project and key: each key watches only the jobs it started."""
    return f"ft-monitor-{project_id}-{(key_fingerprint or '')[:16]}"


def start_monitor(store: Store, settings: ConnectionSettings, project_id: int, interval_s: float | None = None) -> bool:
    """Poll the running jobs this key started in the background until all are final (or stop is asked).

    ``interval_s`` defaults to ``poll_interval_s()`` read now, not when this module was imported.
    """
    path = store.path
    name = monitor_name(project_id, job_keys.fingerprint(store, settings.api_key))
    interval = poll_interval_s() if interval_s is None else interval_s

    async def run() -> None:
        while not runner.stop_requested(name):

            def once() -> bool:
                with Store(path) as own:
                    return poll_project(own, settings, project_id)

            if await asyncio.to_thread(once):
                return
            await asyncio.sleep(interval)

    return runner.start_background(name, run)


def has_active_jobs(store: Store, project_id: int) -> bool:
    """Whether anything of this project is launching or running (the page keeps polling then)."""
    return any(not row.is_final for row in list_project_jobs(store, project_id))


def job_action(
    store: Store, settings: ConnectionSettings, row_id: int, action: str, owner_unlocked: bool = False
) -> JobRow:
    """Cancel, pause or resume a job if its status (and the provider) allows; the new state is stored."""
    row = get_job(store, row_id)
    if row is None or not row.allowed(action) or not may_control(store, settings, row_id, owner_unlocked):
        raise LaunchError("action_not_allowed", action=action)
    provider = registry.for_connection(settings)
    if action in ("pause", "resume") and not provider.capabilities.pause_resume:
        raise LaunchError("action_not_allowed", action=action)
    control = {"cancel": provider.cancel, "pause": provider.pause, "resume": provider.resume}[action]
    data = control(row.job_id)  # type: ignore[arg-type]
    job_store.update(store, row_id, status=data.get("status") or row.status, job=data)
    return get_job(store, row_id)  # type: ignore[return-value]


def account_jobs(settings: ConnectionSettings, limit: int = ACCOUNT_JOBS_LIMIT) -> list[dict[str, Any]]:
    """The account's newest jobs (all projects, other tools too)."""
    return registry.for_connection(settings).list_jobs(limit=limit)


def merge_account_jobs(store: Store, project_id: int, jobs: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Fold the account's list into the store; return the account jobs that are not this project's.

    A job carrying one of our launch tags is adopted by its launch (this is
    also how a half-done launch finds its job); fresher status is written back.
    """
    rows = list_project_jobs(store, project_id)
    by_tag = {row.launch_tag: row for row in rows}
    by_job = {row.job_id: row for row in rows if row.job_id}
    others = []
    for job in jobs:
        tag = str((job.get("metadata") or {}).get(LAUNCH_TAG_KEY) or "")
        # A provider that keeps only the tag's first digits (Together, in a suffix) names it by that prefix.
        row = by_job.get(job["id"]) or by_tag.get(tag) or next((r for r in rows if same_tag(tag, r.launch_tag)), None)
        if row is None:
            others.append(dict(job))
            continue
        if row.job_id is None or row.status != job.get("status"):
            job_store.update(
                store,
                row.id,
                job_id=job["id"],
                status=job.get("status") or row.status,
                fine_tuned_model=job.get("fine_tuned_model"),
                job=dict(job),
                error=job_error(job),
            )
    return others
