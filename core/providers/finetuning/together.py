"""Together AI's fine-tuning API behind ``FineTuningProvider``, through the official ``together`` SDK.

Together's shapes are translated to the interface's (OpenAI's) here and only here:

- statuses: pending → ``validating_files``, queued → ``queued``, running / compressing /
  uploading / cancel_requested → ``running``, completed → ``succeeded``, error → ``failed``;
- times: ISO-8601 strings → Unix seconds;
- the launch tag: Together takes no idempotency key and keeps no metadata, but it stores
  and lists the ``suffix``, so the tag (32 hex digits) ends the suffix and is read back
  from it (``tagged_suffix`` / ``tag_of``);
- loss: ``/fine-tunes/{id}/metrics`` snapshots become ``metrics`` events while the job
  runs (the same charts as OpenAI's) and a result CSV once it ends.

The client comes from ``core.providers.client.make_together_client`` (owner-key rules).
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.providers.finetuning.base import LAUNCH_TAG_KEY, Capabilities, FineTuningProvider, Job, JobSpec

SUFFIX_MAX = 40
# The tag's first 12 hex digits (48 bits) name a launch well enough within one account, and keep the
# fine-tuned model's name (which repeats the suffix) readable.
TAG_LENGTH = 12
TAG_PATTERN = re.compile(r"(?:^|-)([0-9a-f]{12})$")
STATUS_MAP: dict[str, str] = {
    "pending": "validating_files",
    "queued": "queued",
    "running": "running",
    "compressing": "running",
    "uploading": "running",
    "cancel_requested": "running",
    "cancelled": "cancelled",
    "error": "failed",
    "completed": "succeeded",
}
FINAL = frozenset({"succeeded", "failed", "cancelled"})
TRAINING_LORA = "lora"
TRAINING_FULL = "full"
# Together's metric names → the chart's (``core.providers.metrics``).
METRIC_NAMES: dict[str, str] = {
    "train/loss": "train_loss",
    "eval/loss": "full_valid_loss",
    "train/global_step": "step",
}
STEP_KEY = "train/global_step"
# Which hyperparameters go where in Together's create call (the rest are plain keyword arguments).
CREATE_NUMBERS = (
    "n_epochs",
    "learning_rate",
    "batch_size",
    "n_checkpoints",
    "n_evals",
    "warmup_ratio",
    "weight_decay",
    "max_grad_norm",
    "lora_r",
    "lora_alpha",
    "lora_dropout",
    "dpo_beta",
    "rpo_alpha",
    "simpo_gamma",
)
INTEGER_NAMES = frozenset({"n_epochs", "n_checkpoints", "n_evals", "lora_r", "lora_alpha"})
# Together's defaults (its API reference); "auto" leaves a value to Together (LoRA rank: the model's own).
DEFAULTS: dict[str, Any] = {
    "training_type": TRAINING_LORA,
    "n_epochs": 1,
    "learning_rate": 0.00001,
    "batch_size": "max",
    "lora_r": "auto",
    "lora_alpha": "auto",
    "lora_dropout": 0.0,
    "warmup_ratio": 0.0,
    "weight_decay": 0.0,
    "n_checkpoints": 1,
    "n_evals": 0,
    "dpo_beta": 0.1,
    "rpo_alpha": 0.0,
    "simpo_gamma": 0.0,
}
SUPERVISED_NAMES: tuple[str, ...] = (
    "training_type",
    "n_epochs",
    "learning_rate",
    "batch_size",
    "lora_r",
    "lora_alpha",
    "lora_dropout",
    "warmup_ratio",
    "weight_decay",
    "n_checkpoints",
    "n_evals",
)
HYPERPARAMETERS: dict[str, tuple[str, ...]] = {
    "supervised": SUPERVISED_NAMES,
    "dpo": (*SUPERVISED_NAMES, "dpo_beta", "rpo_alpha", "simpo_gamma"),
}


@dataclass(frozen=True)
class PriceEstimate:
    """Together's own estimate for a job, before anything is spent."""

    usd: float | None
    allowed: bool
    train_tokens: int | None
    eval_tokens: int | None
    user_limit_usd: float | None


def tagged_suffix(user_suffix: str | None, launch_tag: str) -> str:
    """The suffix Together stores: the user's words (trimmed to fit) and then the launch tag's first digits."""
    tag = launch_tag[:TAG_LENGTH]
    words = re.sub(r"[^A-Za-z0-9-]+", "-", user_suffix or "").strip("-")[: SUFFIX_MAX - TAG_LENGTH - 1].strip("-")
    return f"{words}-{tag}" if words else tag


def tag_of(suffix: str | None) -> str | None:
    """The (shortened) launch tag a suffix carries (see ``tagged_suffix``), or None for a job launched elsewhere."""
    found = TAG_PATTERN.search(suffix or "")
    return found.group(1) if found else None


def same_tag(stored: str | None, launch_tag: str) -> bool:
    """Whether a tag read back from Together is this launch's (Together keeps its first digits)."""
    return bool(stored) and len(stored or "") >= TAG_LENGTH and launch_tag.startswith(stored or "")


def unix(value: Any) -> int | None:
    """An ISO-8601 string or datetime (Together's times) → Unix seconds; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return int(value.timestamp())


def _plain(item: Any) -> dict[str, Any]:
    data: dict[str, Any] = item.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


def normalise_job(raw: Mapping[str, Any]) -> Job:
    """A Together job → the interface's job dict (OpenAI's field names and statuses)."""
    status = STATUS_MAP.get(str(raw.get("status")), "running")
    method_raw = raw.get("training_method") or {}
    method = "dpo" if method_raw.get("method") == "dpo" else "supervised"
    training_type = raw.get("training_type") or {}
    hyperparameters = {
        name: raw[name] for name in ("n_epochs", "batch_size", "learning_rate", "n_checkpoints") if name in raw
    }
    hyperparameters["training_type"] = TRAINING_FULL if training_type.get("type") == "Full" else TRAINING_LORA
    if method == "dpo" and "dpo_beta" in method_raw:
        hyperparameters["dpo_beta"] = method_raw["dpo_beta"]
    tag = tag_of(raw.get("suffix"))
    job: Job = {
        "id": raw["id"],
        "object": "fine_tuning.job",
        "provider": "together",
        "status": status,
        "provider_status": raw.get("status"),
        "metadata": {LAUNCH_TAG_KEY: tag} if tag else None,
        "model": raw.get("model"),
        "model_output_name": raw.get("model_output_name"),
        "fine_tuned_model": raw.get("model_output_name") if status == "succeeded" else None,
        "created_at": unix(raw.get("created_at")),
        "finished_at": unix(raw.get("updated_at")) if status in FINAL else None,
        "estimated_finish": None,
        "trained_tokens": raw.get("token_count") if status == "succeeded" else None,
        "training_file": raw.get("training_file"),
        "validation_file": raw.get("validation_file"),
        "suffix": raw.get("suffix"),
        "method": {"type": method, method: {"hyperparameters": hyperparameters}},
        "error": None,
    }
    progress = raw.get("progress") or {}
    if progress.get("estimate_available") and status == "running":
        job["estimated_finish"] = int(time.time()) + int(progress.get("seconds_remaining") or 0)
    if raw.get("total_price") is not None:
        job["total_price_usd"] = raw["total_price"] / 1_000_000_000  # Together reports nano-dollars
    return job


def metrics_rows(snapshots: Sequence[Mapping[str, Any]]) -> list[dict[str, float]]:
    """Together's metric snapshots → one row per step in the chart's names (others dropped)."""
    rows = []
    for snapshot in snapshots:
        if snapshot.get(STEP_KEY) is None:
            continue
        row = {
            ours: float(snapshot[theirs]) for theirs, ours in METRIC_NAMES.items() if snapshot.get(theirs) is not None
        }
        row["step"] = int(row["step"])
        rows.append(row)
    return rows


def create_arguments(spec: JobSpec, launch_tag: str) -> dict[str, Any]:
    """The keyword arguments of ``client.fine_tuning.create`` for ``spec`` (Together's names and defaults)."""
    method = str(spec.method.get("type") or "supervised")
    chosen = dict(((spec.method.get(method) or {}).get("hyperparameters")) or {})
    kwargs: dict[str, Any] = {
        "model": spec.base_model,
        "training_file": spec.training_file,
        "suffix": tagged_suffix(spec.suffix, launch_tag),
        "training_method": "dpo" if method == "dpo" else "sft",
        "lora": chosen.get("training_type", TRAINING_LORA) != TRAINING_FULL,
    }
    if method != "dpo":
        kwargs["train_on_inputs"] = "auto"  # Together's default, said aloud (the SDK warns when it is left out)
    if spec.validation_file:
        kwargs["validation_file"] = spec.validation_file
    if spec.seed is not None:
        kwargs["random_seed"] = int(spec.seed)
    for name in CREATE_NUMBERS:
        value = chosen.get(name)
        if value in (None, "", "auto"):
            continue
        if name == "batch_size" and value == "max":
            kwargs[name] = "max"
        else:
            kwargs[name] = int(value) if name in INTEGER_NAMES or name == "batch_size" else float(value)
    if not kwargs["lora"]:
        for name in ("lora_r", "lora_alpha", "lora_dropout"):
            kwargs.pop(name, None)
    if kwargs.get("n_evals") and not spec.validation_file:
        kwargs.pop("n_evals")  # evaluations need a validation file; Together refuses them without one
    return kwargs


class TogetherFineTuning(FineTuningProvider):
    """Files, jobs, events, checkpoints and metrics through a ``together.Together`` client."""

    name = "together"
    capabilities = Capabilities(
        pause_resume=False, checkpoints=True, server_tag_filter=False, methods=frozenset({"supervised", "dpo"})
    )

    def __init__(self, client: Any) -> None:
        self.client = client
        self._last_metrics: dict[str, list[dict[str, Any]]] = {}

    # --- files and price ------------------------------------------------------------------
    def upload_file(self, name: str, content: bytes) -> str:
        from together.types import FileResponse

        # The documented one-request upload (the SDK's ``files.upload`` wants a path on disk and an
        # undocumented redirect flow); the SDK still sends it and parses the answer.
        uploaded = self.client.post(
            "/v1/files/upload",
            body={"purpose": "fine-tune", "file_name": name, "file_type": "jsonl"},
            files=[("file", (name, content, "application/jsonl"))],
            options={"headers": {"Content-Type": "multipart/form-data"}},
            cast_to=FileResponse,
        )
        return str(uploaded.id)

    def _request(self, spec: JobSpec, launch_tag: str) -> tuple[Any, Any, Any]:
        """The SDK's own create request (checked against the model's limits) and its price-estimate parts."""
        from together.lib.resources.fine_tuning import create_finetune_request

        limits = self.client.fine_tuning.model_limits(model_name=spec.base_model)
        return create_finetune_request(model_limits=limits, **create_arguments(spec, launch_tag))

    def estimate_price(self, spec: JobSpec) -> PriceEstimate:
        """Together's price for this job (its ``/fine-tunes/estimate-price``); nothing is spent."""
        request, training_type, training_method = self._request(spec, "0" * 32)
        arguments: dict[str, Any] = {
            "training_file": spec.training_file,
            "model": spec.base_model,
            "n_epochs": request.n_epochs,
            "n_evals": request.n_evals or 0,
            "training_method": training_method,
        }
        if training_type is not None:
            arguments["training_type"] = training_type
        if spec.validation_file:
            arguments["validation_file"] = spec.validation_file
        answer = _plain(self.client.fine_tuning.estimate_price(**arguments))
        if answer.get("estimation_available") is False:
            return PriceEstimate(None, True, None, None, None)
        tokens = answer.get("estimated_train_token_count")
        evals = answer.get("estimated_eval_token_count")
        return PriceEstimate(
            answer.get("estimated_total_price"),
            bool(answer.get("allowed_to_proceed", True)),
            int(tokens) if tokens is not None else None,
            int(evals) if evals is not None else None,
            answer.get("user_limit"),
        )

    def supported_models(self) -> list[str]:
        """Base models Together can fine-tune (its ``/fine-tunes/models/supported``)."""
        answer = self.client.get("/v1/fine-tunes/models/supported", cast_to=object)
        return [str(name) for name in (answer or {}).get("models") or []]

    def model_limits(self, model: str) -> dict[str, Any]:
        """One base model's limits (epochs, batch sizes, context, LoRA rank, full training…)."""
        return _plain(self.client.fine_tuning.model_limits(model_name=model))

    # --- jobs -----------------------------------------------------------------------------
    def create_job(self, spec: JobSpec, launch_tag: str) -> Job:
        from together.lib.types.fine_tuning import FinetuneResponse

        # One POST, no hidden retries (the caller reconciles by tag): the SDK's ``fine_tuning.create``
        # would also estimate the price on every call, so its request builder is used directly.
        request, _, _ = self._request(spec, launch_tag)
        created = self.client.post(
            "/v1/fine-tunes", body=request.model_dump(exclude_none=True), cast_to=FinetuneResponse
        )
        job = normalise_job(_plain(created))
        job["training_file"] = job.get("training_file") or spec.training_file
        return job

    def find_job_by_tag(self, launch_tag: str, training_file: str | None = None) -> Job | None:
        for job in self.list_jobs(limit=0):
            if same_tag((job.get("metadata") or {}).get(LAUNCH_TAG_KEY), launch_tag) or (
                bool(training_file) and job.get("training_file") == training_file
            ):
                return job
        return None

    def get_job(self, job_id: str) -> Job:
        job = normalise_job(_plain(self.client.fine_tuning.retrieve(job_id)))
        if job["status"] == "failed":
            errors = [e for e in self._raw_events(job_id) if e.get("type") == "job_error" or e.get("level") == "error"]
            job["error"] = {
                "code": "job_error",
                "message": errors[-1].get("message") if errors else None,
                "param": None,
            }
        return job

    def list_jobs(self, limit: int = 50) -> list[Job]:
        """Newest first; ``limit`` 0 means all (Together lists every job in one answer)."""
        jobs = [normalise_job(_plain(job)) for job in self.client.fine_tuning.list().data]
        jobs.sort(key=lambda job: job.get("created_at") or 0, reverse=True)
        return jobs[:limit] if limit else jobs

    def _raw_events(self, job_id: str) -> list[dict[str, Any]]:
        return [_plain(event) for event in self.client.fine_tuning.list_events(job_id).data]

    def list_events(self, job_id: str, known_ids: Collection[str] = ()) -> list[dict[str, Any]]:
        known = set(known_ids)
        events: list[dict[str, Any]] = []
        for index, raw in enumerate(self._raw_events(job_id)):
            event_id = str(raw.get("hash") or f"{job_id}-{index}-{raw.get('type')}")
            if event_id in known:
                continue
            level = str(raw.get("level") or "info").removeprefix("legacy_").replace("iwarning", "warning")
            events.append(
                {
                    "id": event_id,
                    "created_at": unix(raw.get("created_at")) or 0,
                    "level": level.replace("ierror", "error"),
                    "type": "message",
                    "message": raw.get("message") or raw.get("type") or "",
                    "data": {"together_type": raw.get("type"), "step": raw.get("step")}
                    if raw.get("type") == "checkpoint_save"
                    else {"together_type": raw.get("type")},
                }
            )
        seen_at = int(time.time())  # a snapshot carries no time: it was there when we looked
        for row in metrics_rows(self._metric_snapshots(job_id)):
            event_id = f"{job_id}-metrics-{row['step']}"
            if event_id in known:
                continue
            losses = ", ".join(f"{k}={v:.4f}" for k, v in row.items() if k != "step")
            events.append(
                {
                    "id": event_id,
                    "created_at": seen_at,
                    "level": "info",
                    "type": "metrics",
                    "message": f"Step {row['step']}: {losses}",
                    "data": row,
                }
            )
        events.sort(key=lambda e: (int(e["created_at"]), int(e["data"].get("step") or 0)), reverse=True)
        return events

    def _metric_snapshots(self, job_id: str) -> list[dict[str, Any]]:
        snapshots = list(self.client.fine_tuning.list_metrics(job_id).metrics or [])
        self._last_metrics[job_id] = snapshots  # the checkpoints of the same poll read their losses from it
        return snapshots

    def list_checkpoints(self, job_id: str) -> list[dict[str, Any]]:
        job = self.client.fine_tuning.retrieve(job_id)
        output = getattr(job, "x_model_output_name", None)
        snapshots = self._last_metrics.get(job_id)
        by_step = {row["step"]: row for row in metrics_rows(snapshots or self._metric_snapshots(job_id))}
        checkpoints = []
        for raw in map(_plain, self.client.fine_tuning.list_checkpoints(job_id).data):
            final = str(raw.get("checkpoint_type", "")).lower().startswith("final")
            checkpoints.append(
                {
                    "id": f"{job_id}:{raw['step']}",
                    "object": "fine_tuning.job.checkpoint",
                    "created_at": unix(raw.get("created_at")) or 0,
                    "step_number": int(raw["step"]),
                    # Only the final model is served by name; an intermediate one needs a dedicated endpoint.
                    "fine_tuned_model_checkpoint": output if final else None,
                    "together_checkpoint": f"{output}:{raw['step']}" if output else None,
                    "metrics": by_step.get(int(raw["step"])) or {"step": int(raw["step"])},
                }
            )
        return checkpoints

    def metrics(self, job: Mapping[str, Any]) -> str | None:
        rows = metrics_rows(self._metric_snapshots(str(job["id"])))
        if not rows:
            return None
        columns = ["step", *sorted({name for row in rows for name in row} - {"step"})]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()

    def has_metrics(self, job: Mapping[str, Any]) -> bool:
        return job.get("status") in FINAL

    def cancel(self, job_id: str) -> Job:
        return normalise_job(_plain(self.client.fine_tuning.cancel(job_id)))
