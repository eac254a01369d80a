"""Fine-tuning jobs: build the files, launch exactly once, and keep the store up to date.

Exactly once: the SDK sends no idempotency key, so every launch gets a tag (a
uuid) that is written to ``ft_jobs`` *before* any API call and sent as job
``metadata``. The create call runs with the SDK's own retries switched off;
before each of our retries, and whenever a launch is found half done (a
reload, a restart), we look for a job carrying the tag (or our freshly
uploaded training file) first. A create that timed out but did succeed is
therefore found, never repeated.

A refused create (403, "fine-tuning is not available for this organization")
is a normal outcome: it is stored with status ``refused`` and the page explains
it and offers the alternatives.

Monitoring: ``poll_job`` stores a job's state, its events (``ft_events``), its
checkpoints (``ft_events`` rows of type ``checkpoint``) and, once it ends, its
result CSV (an ``ft_events`` row of type ``result_csv``). ``start_monitor``
polls every non-final job of a project in a background thread until all are
final. The API key only ever lives in memory (the ``ConnectionSettings``).
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from core.providers import api_errors

from core.workflows import job_keys

from core.workflows import runner
from core.providers.client import PROVIDER_AZURE, ConnectionSettings, make_client
from core.errors import StudioError
from core.data.store import Store, now_iso
from core.dataset.upload_plan import METHOD_DPO, METHOD_SUPERVISED, PROVIDER_OPENAI, plan_upload

METHODS: tuple[str, ...] = (METHOD_SUPERVISED, METHOD_DPO)
AUTO = "auto"
HYPERPARAMETERS: dict[str, tuple[str, ...]] = {
    METHOD_SUPERVISED: ("n_epochs", "batch_size", "learning_rate_multiplier"),
    METHOD_DPO: ("n_epochs", "batch_size", "learning_rate_multiplier", "beta"),
}
METADATA_TAG = "studio_launch_tag"
METADATA_PROJECT = "studio_project"

# Our own states around the API's (validating_files, queued, running, paused, succeeded, failed, cancelled).
STATUS_PREPARING = "preparing"        # tag written, nothing sent yet
STATUS_UPLOADING = "uploading"
STATUS_CREATING = "creating"          # files uploaded, create call in flight
STATUS_REFUSED = "refused"            # the account may not fine-tune (403)
STATUS_LAUNCH_FAILED = "launch_failed"
LAUNCHING_STATUSES = frozenset({STATUS_PREPARING, STATUS_UPLOADING, STATUS_CREATING})
FINAL_STATUSES = frozenset({"succeeded", "failed", "cancelled", STATUS_REFUSED, STATUS_LAUNCH_FAILED})
ACTIVE_STATUSES = frozenset({"validating_files", "queued", "running", "paused"})
ACTIONS: dict[str, frozenset[str]] = {  # what the user may do in which status
    "cancel": frozenset({"validating_files", "queued", "running", "paused"}),
    "pause": frozenset({"running"}),
    "resume": frozenset({"paused"}),
}

EVENT_CHECKPOINT = "checkpoint"
EVENT_RESULT_CSV = "result_csv"
OWN_EVENT_TYPES = frozenset({EVENT_CHECKPOINT, EVENT_RESULT_CSV})
SETTING_COMPARE_CANDIDATES = "compare_candidates"

CREATE_ATTEMPTS = 4
RETRY_BASE_DELAY_S = 2.0
RETRY_MAX_DELAY_S = 30.0
RECONCILE_SCAN_LIMIT = 100
EVENTS_PAGE = 100
# How often running jobs are polled and the page redraws. Read when a poller starts (not at import),
# so tests and demos can shorten it through the environment.
POLL_INTERVAL_ENV = "FINETUNE_STUDIO_POLL_S"
DEFAULT_POLL_INTERVAL_S = 5.0

Sleep = Callable[[float], None]


def poll_interval_s() -> float:
    """Seconds between two polls of running jobs: ``FINETUNE_STUDIO_POLL_S`` if set and positive, else 5."""
    try:
        chosen = float(os.environ.get(POLL_INTERVAL_ENV, "") or DEFAULT_POLL_INTERVAL_S)
    except ValueError:
        return DEFAULT_POLL_INTERVAL_S
    return chosen if chosen > 0 else DEFAULT_POLL_INTERVAL_S


class LaunchError(StudioError):
    """A launch that can't start (no data, no split); ``code`` is a translation key suffix."""

    KEY_PREFIX = "finetune.error."


@dataclass(frozen=True)
class LaunchRequest:
    """What the user chose on the page. Hyperparameters: name → "auto" or a number."""

    method: str
    base_model: str
    hyperparameters: Mapping[str, Any] = field(default_factory=dict)
    suffix: str | None = None
    seed: int | None = None
    use_validation: bool = True

    def method_payload(self) -> dict[str, Any]:
        """``method`` for jobs.create; "auto" values are left out, the API's default."""
        chosen = {name: value for name, value in self.hyperparameters.items()
                  if name in HYPERPARAMETERS[self.method] and value not in (None, "", AUTO)}
        return {"type": self.method, self.method: {"hyperparameters": chosen}}


@dataclass
class JobRow:
    """One row of ``ft_jobs``: a launch of this project and, once created, its job."""

    id: int
    project_id: int
    launch_tag: str
    provider: str
    job_id: str | None
    status: str
    method: str
    base_model: str
    fine_tuned_model: str | None
    split_id: int | None
    settings: dict[str, Any]
    lineage: dict[str, Any]
    job: dict[str, Any]
    error: dict[str, Any] | None
    created_at: str
    updated_at: str

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def problem(self) -> api_errors.ApiProblem | None:
        """The stored error as an ``ApiProblem`` (for ``api_errors.explain``), if it was an API error."""
        if not self.error or self.error.get("kind") not in api_errors.KINDS:
            return None
        fields = {k: self.error.get(k) for k in ("kind", "retry_after_s", "status", "code", "detail")}
        kind = fields["kind"]
        return api_errors.ApiProblem(retryable=kind in api_errors.RETRYABLE_KINDS,
                                     stops_run=kind in api_errors.RUN_STOPPING_KINDS, **fields)

    def allowed(self, action: str) -> bool:
        return bool(self.job_id) and self.status in ACTIONS.get(action, frozenset())


# --------------------------------------------------------------------- store
def _row(r: Any) -> JobRow:
    return JobRow(r["id"], r["project_id"], r["launch_tag"], r["provider"], r["job_id"], r["status"], r["method"],
                  r["base_model"], r["fine_tuned_model"], r["split_id"], json.loads(r["settings"] or "{}"),
                  json.loads(r["lineage"] or "{}"), json.loads(r["job"] or "{}"),
                  json.loads(r["error"]) if r["error"] else None, r["created_at"], r["updated_at"])


def get_job(store: Store, row_id: int) -> JobRow | None:
    r = store.conn.execute("SELECT * FROM ft_jobs WHERE id = ?", (row_id,)).fetchone()
    return _row(r) if r else None


def list_project_jobs(store: Store, project_id: int) -> list[JobRow]:
    """This project's launches, newest first."""
    rows = store.conn.execute("SELECT * FROM ft_jobs WHERE project_id = ? ORDER BY id DESC", (project_id,))
    return [_row(r) for r in rows]


def _update(store: Store, row_id: int, **fields: Any) -> None:
    values = {k: (json.dumps(v, ensure_ascii=False) if k in ("settings", "lineage", "job", "error")
                  and v is not None else v) for k, v in fields.items()}
    assignments = ", ".join(f"{name} = ?" for name in values)
    with store.tx() as conn:
        conn.execute(f"UPDATE ft_jobs SET {assignments}, updated_at = ? WHERE id = ?",
                     [*values.values(), now_iso(), row_id])


def _error_record(exc: BaseException) -> dict[str, Any]:
    problem = api_errors.classify(exc)
    return {"kind": problem.kind, "status": problem.status, "code": problem.code,
            "retry_after_s": problem.retry_after_s, "detail": problem.detail}


def fine_tuned_models(store: Store, project_id: int) -> list[str]:
    """Models Compare may offer: succeeded jobs' models, then checkpoint models, newest first."""
    models: dict[str, None] = {}
    for row in list_project_jobs(store, project_id):
        if row.fine_tuned_model:
            models.setdefault(row.fine_tuned_model, None)
    for candidate in store.get_setting(project_id, SETTING_COMPARE_CANDIDATES, []) or []:
        models.setdefault(str(candidate), None)
    for checkpoint in project_checkpoints(store, project_id):
        if checkpoint.get("fine_tuned_model_checkpoint"):
            models.setdefault(checkpoint["fine_tuned_model_checkpoint"], None)
    return list(models)


def send_to_compare(store: Store, project_id: int, model: str) -> None:
    """Put a model (or checkpoint) on Compare's list of candidates."""
    candidates = list(store.get_setting(project_id, SETTING_COMPARE_CANDIDATES, []) or [])
    if model not in candidates:
        store.set_setting(project_id, SETTING_COMPARE_CANDIDATES, [*candidates, model])


# -------------------------------------------------------------------- events
def _store_events(store: Store, row_id: int, events: Iterable[Mapping[str, Any]]) -> int:
    added = 0
    with store.tx() as conn:
        for event in events:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO ft_events (job_row_id, event_id, created_at, level, type, message, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (row_id, str(event["id"]), int(event.get("created_at") or 0), event.get("level"), event.get("type"),
                 event.get("message"), json.dumps(event.get("data"), ensure_ascii=False)
                 if event.get("data") is not None else None))
            added += cursor.rowcount
    return added


def _replace_event(store: Store, row_id: int, event_id: str, kind: str, data: Any, created_at: int = 0) -> None:
    with store.tx() as conn:
        conn.execute(
            "INSERT INTO ft_events (job_row_id, event_id, created_at, level, type, message, data)"
            " VALUES (?, ?, ?, NULL, ?, NULL, ?) ON CONFLICT(job_row_id, event_id) DO UPDATE SET data = excluded.data",
            (row_id, event_id, created_at, kind, json.dumps(data, ensure_ascii=False)))


def job_events(store: Store, row_id: int, newest_first: bool = True) -> list[dict[str, Any]]:
    """The job's API events (not our checkpoint/result rows), newest first by default."""
    order = "DESC" if newest_first else "ASC"
    rows = store.conn.execute(
        f"SELECT * FROM ft_events WHERE job_row_id = ? AND COALESCE(type, '') NOT IN (?, ?)"
        f" ORDER BY created_at {order}, rowid {order}", (row_id, *sorted(OWN_EVENT_TYPES)))
    return [{**dict(r), "data": json.loads(r["data"]) if r["data"] else None} for r in rows]


def job_checkpoints(store: Store, row_id: int) -> list[dict[str, Any]]:
    rows = store.conn.execute("SELECT data FROM ft_events WHERE job_row_id = ? AND type = ?",
                              (row_id, EVENT_CHECKPOINT))
    return sorted((json.loads(r["data"]) for r in rows), key=lambda c: c.get("step_number") or 0)


def project_checkpoints(store: Store, project_id: int) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        "SELECT e.data FROM ft_events e JOIN ft_jobs j ON j.id = e.job_row_id"
        " WHERE j.project_id = ? AND e.type = ? ORDER BY e.created_at DESC", (project_id, EVENT_CHECKPOINT))
    return [json.loads(r["data"]) for r in rows]


def result_csv(store: Store, row_id: int) -> str | None:
    r = store.conn.execute("SELECT data FROM ft_events WHERE job_row_id = ? AND type = ?",
                           (row_id, EVENT_RESULT_CSV)).fetchone()
    return json.loads(r["data"]) if r else None


# ------------------------------------------------------------ training files
@dataclass(frozen=True)
class TrainingFiles:
    train: bytes
    valid: bytes | None
    train_count: int
    valid_count: int
    lineage: dict[str, Any]


def build_files(store: Store, project_id: int, request: LaunchRequest,
                provider: str = PROVIDER_OPENAI) -> TrainingFiles:
    """The JSONL files to upload, exactly as ``core.dataset.upload_plan`` plans them from the recorded split.

    The split is recorded first (drawn now if there is none or the data changed), so
    the launch's lineage names the split its files came from.
    """
    from core.dataset.preference_pairs import build_pairs
    from core.dataset.export import iter_chat_jsonl
    from core.dataset.split import DEFAULT_SEED, DEFAULT_VALID_RATIO, is_current, latest_split, make_split

    split = latest_split(store, project_id)
    if split is None or not is_current(store, split):
        split = make_split(store, project_id, seed=split.seed if split else DEFAULT_SEED,
                           valid_ratio=split.valid_ratio if split else DEFAULT_VALID_RATIO,
                           approved_only=split.approved_only if split else True)
    plan = plan_upload(store, project_id, request.method, provider, request.use_validation)
    lineage: dict[str, Any] = {"split_id": split.id, "dataset_hash": split.dataset_hash, "split_seed": split.seed,
                               "valid_ratio": split.valid_ratio, "approved_only": split.approved_only,
                               "validation": plan.validation, "held_out": plan.held_out}
    if plan.train_count == 0:
        raise LaunchError("no_training_data")
    if plan.blocked:
        raise LaunchError("too_few_examples", count=plan.train_count, minimum=plan.minimum)
    if request.method == METHOD_DPO:
        train_build = build_pairs(store, project_id, ids=plan.train_ids)
        valid_build = build_pairs(store, project_id, ids=plan.valid_ids) if plan.valid_ids else None
        train_lines = [json.dumps(p.record(), ensure_ascii=False) + "\n" for p in train_build.pairs]
        valid_lines = [json.dumps(p.record(), ensure_ascii=False) + "\n" for p in valid_build.pairs] \
            if valid_build else []
        lineage["left_out"] = plan.left_out
    else:
        train_lines = list(iter_chat_jsonl(store, project_id, plan.train_ids))
        valid_lines = list(iter_chat_jsonl(store, project_id, plan.valid_ids)) if plan.valid_ids else []
    lineage.update(train_examples=len(train_lines), valid_examples=len(valid_lines))
    return TrainingFiles("".join(train_lines).encode("utf-8"),
                         "".join(valid_lines).encode("utf-8") if valid_lines else None,
                         len(train_lines), len(valid_lines), lineage)


# ------------------------------------------------------------------- launch
def begin_launch(store: Store, project_id: int, request: LaunchRequest, provider: str) -> JobRow:
    """Record the launch (with its tag) before anything is sent: the anchor for exactly-once."""
    stamp = now_iso()
    settings = {"hyperparameters": dict(request.hyperparameters), "suffix": request.suffix, "seed": request.seed,
                "use_validation": request.use_validation, "method_payload": request.method_payload()}
    with store.tx() as conn:
        # Inside the write lock: a double click or a second tab can't start a second launch meanwhile.
        marks = ",".join("?" * len(LAUNCHING_STATUSES))
        busy = conn.execute(f"SELECT 1 FROM ft_jobs WHERE project_id = ? AND status IN ({marks})",
                            (project_id, *sorted(LAUNCHING_STATUSES))).fetchone()
        if busy:
            raise LaunchError("launch_in_progress")
        row_id = conn.execute(
            "INSERT INTO ft_jobs (project_id, launch_tag, provider, status, method, base_model, settings, lineage,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (project_id, uuid.uuid4().hex, provider, STATUS_PREPARING, request.method, request.base_model,
             json.dumps(settings, ensure_ascii=False), "{}", stamp, stamp)).lastrowid
    return get_job(store, int(row_id))  # type: ignore[return-value]


def request_of(row: JobRow) -> LaunchRequest:
    return LaunchRequest(row.method, row.base_model, row.settings.get("hyperparameters") or {},
                         row.settings.get("suffix"), row.settings.get("seed"),
                         bool(row.settings.get("use_validation", True)))


def find_launched_job(client: Any, row: JobRow) -> Any | None:
    """The account's job for this launch, by its tag or by our uploaded training file; None if none."""
    train_file = row.lineage.get("training_file")

    def ours(job: Any) -> bool:
        metadata = getattr(job, "metadata", None) or {}
        return metadata.get(METADATA_TAG) == row.launch_tag or (bool(train_file) and job.training_file == train_file)

    try:
        for job in client.fine_tuning.jobs.list(metadata={METADATA_TAG: row.launch_tag}, limit=10).data:
            if ours(job):
                return job
    except Exception:  # noqa: BLE001 - a server without the metadata filter: the scan below decides
        pass
    # The filter may be ignored or unsupported (Azure): scan the newest jobs ourselves.
    page = client.fine_tuning.jobs.list(limit=RECONCILE_SCAN_LIMIT)
    return next((job for job in page.data if ours(job)), None)


def _record_job(store: Store, row: JobRow, job: Any) -> None:
    data = job.model_dump(mode="json")
    _update(store, row.id, job_id=job.id, status=data.get("status") or "queued",
            fine_tuned_model=data.get("fine_tuned_model"), job=data, error=_job_error(data))


def _job_error(data: Mapping[str, Any]) -> dict[str, Any] | None:
    error = data.get("error") or None
    if data.get("status") == "failed" and error:
        return {"kind": "job_failed", "code": error.get("code"), "detail": error.get("message"),
                "param": error.get("param")}
    return None


def _upload(client: Any, name: str, content: bytes) -> str:
    return client.files.create(file=(name, content, "application/jsonl"), purpose="fine-tune").id


def run_launch(store: Store, settings: ConnectionSettings, row_id: int, sleep: Sleep = time.sleep) -> JobRow:
    """Upload (unless done) and create the job, exactly once; safe to call again on a half-done launch."""
    row = get_job(store, row_id)
    if row is None or row.job_id or row.status not in LAUNCHING_STATUSES:
        return row  # type: ignore[return-value]
    client = make_client(settings.with_overrides(max_retries=0))
    try:
        if row.lineage.get("training_file"):
            # Half done (reload, restart): the create may have landed; look before sending it again.
            found = find_launched_job(client, row)
            if found is not None:
                _record_job(store, row, found)
                return get_job(store, row_id)  # type: ignore[return-value]
        else:
            request = request_of(row)
            files = build_files(store, row.project_id, request, row.provider)
            _update(store, row_id, status=STATUS_UPLOADING, split_id=files.lineage["split_id"], lineage=files.lineage)
            lineage = dict(files.lineage)
            lineage["training_file"] = _upload(client, f"train-{row.launch_tag[:8]}.jsonl", files.train)
            if files.valid:
                lineage["validation_file"] = _upload(client, f"valid-{row.launch_tag[:8]}.jsonl", files.valid)
            _update(store, row_id, lineage=lineage)
        _update(store, row_id, status=STATUS_CREATING)
        return _create_once(store, client, get_job(store, row_id), settings, sleep)  # type: ignore[arg-type]
    except LaunchError as error:
        _update(store, row_id, status=STATUS_LAUNCH_FAILED, error={"kind": f"launch.{error.code}"})
    except Exception as exc:  # noqa: BLE001 - any API failure becomes a stored, explained state
        _fail(store, row_id, exc)
    return get_job(store, row_id)  # type: ignore[return-value]


def _fail(store: Store, row_id: int, exc: BaseException) -> None:
    record = _error_record(exc)
    refused = record["kind"] in (api_errors.KIND_FT_NOT_AVAILABLE, api_errors.KIND_FORBIDDEN)
    _update(store, row_id, status=STATUS_REFUSED if refused else STATUS_LAUNCH_FAILED, error=record)


def _create_once(store: Store, client: Any, row: JobRow, settings: ConnectionSettings, sleep: Sleep) -> JobRow:
    request = request_of(row)
    kwargs: dict[str, Any] = {
        # Azure fine-tunes a base model by its model name; deployments only serve models.
        "model": request.base_model,
        "training_file": row.lineage["training_file"],
        "method": request.method_payload(),
        "metadata": {METADATA_TAG: row.launch_tag, METADATA_PROJECT: str(row.project_id)},
    }
    if row.lineage.get("validation_file"):
        kwargs["validation_file"] = row.lineage["validation_file"]
    if request.suffix:
        kwargs["suffix"] = request.suffix[:64]
    if request.seed is not None:
        kwargs["seed"] = int(request.seed)
    last_error: BaseException | None = None
    for attempt in range(CREATE_ATTEMPTS):
        if attempt:
            try:
                found = find_launched_job(client, row)
            except Exception as exc:  # noqa: BLE001 - can't look yet: never create blind, wait and look again
                last_error = exc
                if not api_errors.classify(exc).retryable:
                    raise
                sleep(api_errors.backoff_seconds(attempt, RETRY_BASE_DELAY_S, RETRY_MAX_DELAY_S))
                continue
            if found is not None:
                _record_job(store, row, found)
                return get_job(store, row.id)  # type: ignore[return-value]
        try:
            job = client.fine_tuning.jobs.create(**kwargs)
        except Exception as exc:  # noqa: BLE001 - classified below
            problem = api_errors.classify(exc)
            last_error = exc
            if not problem.retryable:
                raise
            sleep(api_errors.backoff_seconds(attempt + 1, RETRY_BASE_DELAY_S, RETRY_MAX_DELAY_S, problem.retry_after_s))
            continue
        _record_job(store, row, job)
        return get_job(store, row.id)  # type: ignore[return-value]
    # Out of attempts: one last look, so a create that landed on the last try is not reported as failed.
    found = find_launched_job(client, row)
    if found is not None:
        _record_job(store, row, found)
        return get_job(store, row.id)  # type: ignore[return-value]
    raise last_error or RuntimeError("create failed")


def launch_worker_name(row_id: int) -> str:
    return f"ft-launch-{row_id}"


def job_key_name(row_id: int) -> str:
    """The name a launch and its job are recorded under in ``job_keys`` (whose key started them)."""
    return f"ft-job-{row_id}"


def may_control(store: Store, settings: ConnectionSettings, row_id: int, owner_unlocked: bool = False) -> bool:
    """Whether this connection's key may continue, poll, pause or cancel the job in row ``row_id``."""
    return job_keys.may_control(store, job_key_name(row_id), job_keys.fingerprint(store, settings.api_key),
                                owner_unlocked)


def start_launch(store: Store, settings: ConnectionSettings, row_id: int, owner_unlocked: bool = False) -> bool:
    """Run (or resume) a launch in the background with this key.

    False, with nothing started, when it already runs here or was started with
    another key: a visitor who opens the page must never finish someone else's
    launch on their own key (``job_keys.take_over`` is the explicit way).
    """
    if runner.is_running(launch_worker_name(row_id)) or not may_control(store, settings, row_id, owner_unlocked):
        return False
    row = get_job(store, row_id)
    job_keys.record(store, job_key_name(row_id), job_keys.KIND_FINETUNE, row.project_id if row else None,
                    job_keys.fingerprint(store, settings.api_key))
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
    return [row for row in list_project_jobs(store, project_id)
            if row.status in LAUNCHING_STATUSES and not runner.is_running(launch_worker_name(row.id))]


def resume_own_launches(store: Store, settings: ConnectionSettings, project_id: int,
                        owner_unlocked: bool = False) -> list[int]:
    """Go on with launches a reload or restart left half done, but only those this key started."""
    if not settings.has_key:
        return []
    return [row.id for row in stale_launches(store, project_id)
            if start_launch(store, settings, row.id, owner_unlocked)]


# ----------------------------------------------------------------- monitor
def poll_job(store: Store, client: Any, row: JobRow) -> JobRow:
    """Fetch one job's state, new events and checkpoints (and its result CSV once final) into the store."""
    job = client.fine_tuning.jobs.retrieve(row.job_id)
    data = job.model_dump(mode="json")
    known = {r[0] for r in store.conn.execute("SELECT event_id FROM ft_events WHERE job_row_id = ?", (row.id,))}
    fresh: list[dict[str, Any]] = []
    after: str | None = None
    while True:  # events come newest first: page back until we reach one we already have
        params: dict[str, Any] = {"limit": EVENTS_PAGE, **({"after": after} if after else {})}
        page = client.fine_tuning.jobs.list_events(row.job_id, **params)
        batch = [event.model_dump(mode="json") for event in page.data]
        new = [event for event in batch if event["id"] not in known]
        fresh.extend(new)
        if not batch or len(new) < len(batch) or not getattr(page, "has_more", False):
            break
        after = batch[-1]["id"]
    _store_events(store, row.id, fresh)
    try:
        for checkpoint in client.fine_tuning.jobs.checkpoints.list(row.job_id, limit=100).data:
            checkpoint_data = checkpoint.model_dump(mode="json")
            _replace_event(store, row.id, checkpoint_data["id"], EVENT_CHECKPOINT, checkpoint_data,
                           int(checkpoint_data.get("created_at") or 0))
    except Exception:  # noqa: BLE001 - checkpoints are a bonus (some providers have none)
        pass
    status = data.get("status") or row.status
    if status in FINAL_STATUSES and data.get("result_files") and result_csv(store, row.id) is None:
        try:
            content = client.files.content(data["result_files"][0]).read()
            _replace_event(store, row.id, data["result_files"][0], EVENT_RESULT_CSV,
                           content.decode("utf-8", errors="replace"))
        except Exception:  # noqa: BLE001 - the chart still has the events; try again next poll
            pass
    _update(store, row.id, status=status, fine_tuned_model=data.get("fine_tuned_model"), job=data,
            error=_job_error(data) or (row.error if status != "failed" else None))
    return get_job(store, row.id)  # type: ignore[return-value]


def _own_rows(store: Store, settings: ConnectionSettings, project_id: int) -> list[JobRow]:
    """The project's jobs this key started (or that have no recorded key): the ones it may poll."""
    fingerprint = job_keys.fingerprint(store, settings.api_key)
    mine = (job_keys.ACCESS_OWN, job_keys.ACCESS_UNRECORDED)
    return [row for row in list_project_jobs(store, project_id)
            if job_keys.access(store, job_key_name(row.id), fingerprint) in mine]


def poll_project(store: Store, settings: ConnectionSettings, project_id: int) -> bool:
    """Poll once every non-final job of the project that this key started; True when none is left to watch.

    A failed poll is kept on its job (``job_keys.record_error``) for the page to
    show, and the other jobs are still polled.
    """
    client = make_client(settings)
    rows = _own_rows(store, settings, project_id)
    pending = [row for row in rows if row.job_id and not row.is_final]
    needs_result = [row for row in rows if row.job_id and row.status == "succeeded"
                    and result_csv(store, row.id) is None and row.job.get("result_files")]
    for row in pending + needs_result:
        try:
            poll_job(store, client, row)
        except Exception as exc:  # noqa: BLE001 - kept on the job and shown; the next poll tries again
            job_keys.record_error(store, job_key_name(row.id), json.dumps(asdict(api_errors.classify(exc))))
        else:
            job_keys.clear_error(store, job_key_name(row.id))
    return not any(row.job_id and not row.is_final for row in _own_rows(store, settings, project_id))


def monitor_name(project_id: int, key_fingerprint: str | None = None) -> str:
    """One monitor per project and key: each key watches only the jobs it started."""
    return f"ft-monitor-{project_id}-{(key_fingerprint or '')[:16]}"


def start_monitor(store: Store, settings: ConnectionSettings, project_id: int,
                  interval_s: float | None = None) -> bool:
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


def job_action(store: Store, settings: ConnectionSettings, row_id: int, action: str,
               owner_unlocked: bool = False) -> JobRow:
    """Cancel, pause or resume a job if its status allows; the new state is stored."""
    row = get_job(store, row_id)
    if row is None or not row.allowed(action) or not may_control(store, settings, row_id, owner_unlocked):
        raise LaunchError("action_not_allowed", action=action)
    client = make_client(settings)
    job = getattr(client.fine_tuning.jobs, action)(row.job_id)
    data = job.model_dump(mode="json")
    _update(store, row_id, status=data.get("status") or row.status, job=data)
    return get_job(store, row_id)  # type: ignore[return-value]


def account_jobs(settings: ConnectionSettings, limit: int = 50) -> list[dict[str, Any]]:
    """The account's newest jobs (all projects, other tools too)."""
    client = make_client(settings)
    return [job.model_dump(mode="json") for job in client.fine_tuning.jobs.list(limit=limit).data]


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
        tag = (job.get("metadata") or {}).get(METADATA_TAG)
        row = by_job.get(job["id"]) or by_tag.get(tag)
        if row is None:
            others.append(dict(job))
            continue
        if row.job_id is None or row.status != job.get("status"):
            _update(store, row.id, job_id=job["id"], status=job.get("status") or row.status,
                    fine_tuned_model=job.get("fine_tuned_model"), job=dict(job), error=_job_error(job))
    return others


# ----------------------------------------------------------- cost and time
def expected_epochs(n_examples: int, chosen: Any = AUTO) -> int:
    """The epochs a job will run: the chosen number, or what "auto" picks for this size (``core.pricing``)."""
    from core.pricing import default_epochs

    if chosen not in (None, "", AUTO):
        return max(1, int(chosen))
    return default_epochs(n_examples)


def trained_cost_usd(row: JobRow, overrides: dict[str, dict[str, Any]] | None) -> float | None:
    """What a finished job cost: its trained tokens at the training price (with the project's edits)."""
    from core.pricing import training_cost_usd

    return training_cost_usd(row.base_model, row.job.get("trained_tokens"), overrides)


def is_azure(settings: ConnectionSettings) -> bool:
    return settings.provider == PROVIDER_AZURE
