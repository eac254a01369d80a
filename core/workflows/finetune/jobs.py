"""A project's fine-tuning launches as the app sees them: states, the launch request, ``JobRow`` and its reads.

The rows live in the store (``core.data.jobs``); this module names their states,
says which actions each state allows, and reads a launch's events, checkpoints
and result file back. Keys: a launch and its job are recorded in ``job_keys``
under ``job_key_name``; only that key (or the owner) may continue or control it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.data import jobs as job_store
from core.data.store import Store
from core.dataset.upload_plan import METHOD_DPO, METHOD_SUPERVISED
from core.errors import StudioError
from core.providers import api_errors
from core.providers.client import PROVIDER_AZURE, PROVIDER_OPENAI, PROVIDER_TOGETHER, ConnectionSettings
from core.providers.finetuning import together as together_ft
from core.workflows import job_keys

METHODS: tuple[str, ...] = (METHOD_SUPERVISED, METHOD_DPO)
AUTO = "auto"
HYPERPARAMETERS: dict[str, tuple[str, ...]] = {
    METHOD_SUPERVISED: ("n_epochs", "batch_size", "learning_rate_multiplier"),
    METHOD_DPO: ("n_epochs", "batch_size", "learning_rate_multiplier", "beta"),
}


def hyperparameter_names(provider: str, method: str) -> tuple[str, ...]:
    """The hyperparameters a launch on ``provider`` may set (Together names its own)."""
    table = together_ft.HYPERPARAMETERS if provider == PROVIDER_TOGETHER else HYPERPARAMETERS
    return table[method]


# Our own states around the API's (validating_files, queued, running, paused, succeeded, failed, cancelled).
STATUS_PREPARING = "preparing"  # tag written, nothing sent yet
STATUS_UPLOADING = "uploading"
STATUS_CREATING = "creating"  # files uploaded, create call in flight
STATUS_REFUSED = job_store.STATUS_REFUSED  # the account may not fine-tune (403)
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
    provider: str = PROVIDER_OPENAI

    def method_payload(self) -> dict[str, Any]:
        """``method`` for jobs.create; "auto" values are left out, the API's default."""
        names = hyperparameter_names(self.provider, self.method)
        chosen = {
            name: value
            for name, value in self.hyperparameters.items()
            if name in names and value not in (None, "", AUTO)
        }
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
        fields: dict[str, Any] = {k: self.error.get(k) for k in ("kind", "retry_after_s", "status", "code", "detail")}
        kind = fields["kind"]
        return api_errors.ApiProblem(
            retryable=kind in api_errors.RETRYABLE_KINDS, stops_run=kind in api_errors.RUN_STOPPING_KINDS, **fields
        )

    def allowed(self, action: str) -> bool:
        return bool(self.job_id) and self.status in ACTIONS.get(action, frozenset())


def _row(record: Mapping[str, Any]) -> JobRow:
    return JobRow(
        record["id"],
        record["project_id"],
        record["launch_tag"],
        record["provider"],
        record["job_id"],
        record["status"],
        record["method"],
        record["base_model"],
        record["fine_tuned_model"],
        record["split_id"],
        record["settings"],
        record["lineage"],
        record["job"],
        record["error"],
        record["created_at"],
        record["updated_at"],
    )


def get_job(store: Store, row_id: int) -> JobRow | None:
    record = job_store.get(store, row_id)
    return _row(record) if record else None


def list_project_jobs(store: Store, project_id: int) -> list[JobRow]:
    """This project's launches, newest first."""
    return [_row(record) for record in job_store.for_project(store, project_id)]


def request_of(row: JobRow) -> LaunchRequest:
    return LaunchRequest(
        row.method,
        row.base_model,
        row.settings.get("hyperparameters") or {},
        row.settings.get("suffix"),
        row.settings.get("seed"),
        bool(row.settings.get("use_validation", True)),
        row.provider,
    )


def error_record(exc: BaseException) -> dict[str, Any]:
    """An exception as the plain, storable error a job row keeps (never a traceback)."""
    problem = api_errors.classify(exc)
    return {
        "kind": problem.kind,
        "status": problem.status,
        "code": problem.code,
        "retry_after_s": problem.retry_after_s,
        "detail": problem.detail,
    }


def job_error(data: Mapping[str, Any]) -> dict[str, Any] | None:
    """A failed job's own error (``code``, ``message``, ``param``) as the row keeps it; None otherwise."""
    error = data.get("error") or None
    if data.get("status") == "failed" and error:
        return {
            "kind": "job_failed",
            "code": error.get("code"),
            "detail": error.get("message"),
            "param": error.get("param"),
        }
    return None


def record_job(store: Store, row: JobRow, job: Mapping[str, Any]) -> JobRow:
    """The launch found or created its job: store the job and its state."""
    job_store.update(
        store,
        row.id,
        job_id=job["id"],
        status=job.get("status") or "queued",
        fine_tuned_model=job.get("fine_tuned_model"),
        job=dict(job),
        error=job_error(job),
    )
    return get_job(store, row.id)  # type: ignore[return-value]


# -------------------------------------------------------------------- events
def job_events(store: Store, row_id: int, newest_first: bool = True) -> list[dict[str, Any]]:
    """The job's API events (not our checkpoint/result rows), newest first by default."""
    return job_store.events(store, row_id, OWN_EVENT_TYPES, newest_first)


def job_checkpoints(store: Store, row_id: int) -> list[dict[str, Any]]:
    return sorted(job_store.own_rows_data(store, row_id, EVENT_CHECKPOINT), key=lambda c: c.get("step_number") or 0)


def project_checkpoints(store: Store, project_id: int) -> list[dict[str, Any]]:
    return job_store.project_own_rows_data(store, project_id, EVENT_CHECKPOINT)


def result_csv(store: Store, row_id: int) -> str | None:
    found = job_store.own_rows_data(store, row_id, EVENT_RESULT_CSV)
    return found[0] if found else None


# ------------------------------------------------------------------ compare
def fine_tuned_models(store: Store, project_id: int) -> list[str]:
    """Models Compare may offer on the connection: succeeded jobs' models, then checkpoint models, newest first.

    Together's fine-tunes are served by Together, not the connection: ``together_fine_tunes`` lists them.
    """
    rows = list_project_jobs(store, project_id)
    elsewhere = {row.fine_tuned_model for row in rows if row.provider == PROVIDER_TOGETHER}
    models: dict[str, None] = {}
    for row in rows:
        if row.fine_tuned_model and row.provider != PROVIDER_TOGETHER:
            models.setdefault(row.fine_tuned_model, None)
    for candidate in store.get_setting(project_id, SETTING_COMPARE_CANDIDATES, []) or []:
        models.setdefault(str(candidate), None)
    for checkpoint in project_checkpoints(store, project_id):
        if checkpoint.get("fine_tuned_model_checkpoint") not in (None, "", *elsewhere):
            models.setdefault(checkpoint["fine_tuned_model_checkpoint"], None)
    return list(models)


def together_fine_tunes(store: Store, project_id: int) -> list[JobRow]:
    """This project's finished Together fine-tunes, newest first (Compare asks them through Together)."""
    return [
        row
        for row in list_project_jobs(store, project_id)
        if row.provider == PROVIDER_TOGETHER and row.status == "succeeded" and row.fine_tuned_model
    ]


def send_to_compare(store: Store, project_id: int, model: str) -> None:
    """Put a model (or checkpoint) on Compare's list of candidates."""
    job_store.add_to_setting_list(store, project_id, SETTING_COMPARE_CANDIDATES, model)


# --------------------------------------------------------------------- keys
def job_key_name(row_id: int) -> str:
    """The name a launch and its job are recorded under in ``job_keys`` (whose key started them)."""
    return f"ft-job-{row_id}"


def may_control(store: Store, settings: ConnectionSettings, row_id: int, owner_unlocked: bool = False) -> bool:
    """Whether this connection's key may continue, poll, pause or cancel the job in row ``row_id``."""
    return job_keys.may_control(
        store, job_key_name(row_id), job_keys.fingerprint(store, settings.api_key), owner_unlocked
    )


# ----------------------------------------------------------- cost and time
def expected_epochs(n_examples: int, chosen: Any = AUTO) -> int:
    """The epochs a job will run: the chosen number, or what "auto" picks for this size (``core.pricing``)."""
    from core.pricing import default_epochs

    if chosen not in (None, "", AUTO):
        return max(1, int(chosen))
    return default_epochs(n_examples)


def trained_cost_usd(row: JobRow, overrides: dict[str, dict[str, Any]] | None) -> float | None:
    """What a finished job cost: what the provider reports it charged (Together does), else its trained
    tokens at the training price (with the project's edits)."""
    from core.pricing import training_cost_usd

    reported = row.job.get("total_price_usd")
    if isinstance(reported, (int, float)) and row.status == "succeeded":
        return float(reported)

    return training_cost_usd(row.base_model, row.job.get("trained_tokens"), overrides)


def is_azure(settings: ConnectionSettings) -> bool:
    return settings.provider == PROVIDER_AZURE
