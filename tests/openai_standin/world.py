"""What the stand-in remembers: files, fine-tuning jobs, batches and a simulated clock.

Jobs and batches have no thread of their own: their state is worked out from
the simulated clock each time someone looks (``_refresh``), which keeps them
deterministic — a test can freeze the clock (``clock_speed=0``) and
``advance`` it by hand.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from openai.types import Batch, FileDeleted, FileObject
from openai.types.fine_tuning import FineTuningJob, FineTuningJobEvent
from openai.types.fine_tuning.jobs import FineTuningJobCheckpoint

from core import model_lifecycle
from core.pricing import MODELS
from tests.openai_standin import chat
from tests.openai_standin.chat import ApiFailure
from tests.openai_standin.checks import check_training_data, parse_batch_lines
from tests.openai_standin.knobs import Controls

FILE_PURPOSES = ("fine-tune", "batch", "assistants", "vision", "user_data", "evals")
MAX_FILE_BYTES = 512 * 1024 * 1024
# Simulated seconds each phase of a job takes.
VALIDATING_S = 30
QUEUED_S = 60
STEP_S = 10
BATCH_VALIDATING_S = 20
BATCH_PER_REQUEST_S = 2
BATCH_FINALIZING_S = 10


# Fields the spec requires even when empty (it marks them nullable); every other None is left out,
# because the spec types those optional fields without null.
JOB_NULLABLE = ("error", "fine_tuned_model", "finished_at", "trained_tokens", "validation_file")


def _dump(model: Any, keep_null: tuple[str, ...] = ()) -> dict[str, Any]:
    data = model.model_dump(mode="json", exclude_none=True, warnings=False)
    for name in keep_null:
        data.setdefault(name, None)
    return data


def _short_hash(*parts: Any, length: int = 24) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:length]


@dataclass
class StoredFile:
    id: str
    filename: str
    purpose: str
    content: bytes
    created_at: int
    seq: int = 0

    def public(self) -> dict[str, Any]:
        return _dump(
            FileObject(
                id=self.id,
                object="file",
                bytes=len(self.content),
                created_at=self.created_at,
                filename=self.filename,
                purpose=self.purpose,
                status="processed",
            )
        )


@dataclass
class Job:
    id: str
    model: str
    training_file: str
    validation_file: str | None
    method: dict[str, Any]
    suffix: str | None
    seed: int
    metadata: dict[str, str] | None
    created_at: int
    created_sim: float
    n_examples: int = 0
    example_tokens: int = 0
    problem: str | None = None  # the validation error that fails the job
    problem_param: str = "training_file"
    trained_answers: dict[str, str] = field(default_factory=dict)
    cancelled_sim: float | None = None
    paused_sim: float | None = None
    paused_total: float = 0.0
    status: str = "validating_files"
    seq: int = 0  # creation order, for listing when the clock is frozen


@dataclass
class StoredBatch:
    id: str
    input_file_id: str
    endpoint: str
    completion_window: str
    metadata: dict[str, str] | None
    created_at: int
    created_sim: float
    lines: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    cancelled_sim: float | None = None
    output_file_id: str | None = None
    error_file_id: str | None = None
    seq: int = 0


class World:
    """All remembered objects of one stand-in; survives a server stop/start."""

    def __init__(self, controls: Controls) -> None:
        self.controls = controls
        self.lock = threading.RLock()
        self.files: dict[str, StoredFile] = {}
        self.jobs: dict[str, Job] = {}
        self.batches: dict[str, StoredBatch] = {}
        self._counter = 0
        self._anchor_real = time.monotonic()
        self._anchor_sim = 0.0
        self._speed = controls.knobs.clock_speed

    # --- clock -----------------------------------------------------------------------------
    def sim_now(self) -> float:
        """Simulated seconds since the stand-in started."""
        with self.lock:
            speed = self.controls.knobs.clock_speed
            now = time.monotonic()
            if speed != self._speed:  # re-anchor so a speed change never jumps the clock
                self._anchor_sim += (now - self._anchor_real) * self._speed
                self._anchor_real, self._speed = now, speed
            return self._anchor_sim + (now - self._anchor_real) * self._speed

    def advance(self, seconds: float) -> None:
        """Move the simulated clock forward (tests that freeze it with ``clock_speed=0``)."""
        with self.lock:
            self.sim_now()
            self._anchor_sim += seconds

    def reset(self) -> None:
        with self.lock:
            self.files.clear()
            self.jobs.clear()
            self.batches.clear()
            self._anchor_real, self._anchor_sim = time.monotonic(), 0.0
            self._speed = self.controls.knobs.clock_speed

    def _new_id(self, prefix: str) -> str:
        with self.lock:
            self._counter += 1
            return f"{prefix}{_short_hash(prefix, self._counter, time.time())}"

    def _next_seq(self) -> int:
        with self.lock:
            self._counter += 1
            return self._counter

    def _wall(self, created_at: int, created_sim: float, sim: float) -> int:
        """A Unix time for a simulated moment of an object created at ``created_at``."""
        return int(created_at + max(0.0, sim - created_sim))

    # --- models ----------------------------------------------------------------------------
    def model_ids(self) -> list[tuple[str, str]]:
        """(id, owned_by) of every model: the base list plus trained fine-tunes and checkpoints."""
        base = self.controls.knobs.models or list(chat.DEFAULT_MODELS)
        rows = [(name, "system") for name in base]
        org = self.controls.knobs.organization_id
        for job in self.list_jobs_raw():
            if job.status == "succeeded":
                rows.append((self.fine_tuned_name(job), org))
                rows.extend((c["fine_tuned_model_checkpoint"], org) for c in self.checkpoints_raw(job))
        return rows

    def find_model(self, model_id: str) -> dict[str, Any]:
        for name, owner in self.model_ids():
            if name == model_id:
                return chat.model_object(name, owner)
        raise ApiFailure(404, f"The model '{model_id}' does not exist", param="model", code="model_not_found")

    def check_chat_model(self, model_id: str) -> None:
        if not any(name == model_id for name, _ in self.model_ids()):
            raise ApiFailure(
                404, f"The model `{model_id}` does not exist or you do not have access to it.", code="model_not_found"
            )

    def answer(
        self,
        model: str,
        messages: list[dict[str, Any]],
        choice_index: int = 0,
        seed: Any = None,
        judge_replies: str = "verdict",
    ) -> str:
        """A fine-tune answers with its trained answer (or a prefix); a base model with ``base_answer``.

        A base model asked to write questions from a passage of the user's documents, or to answer
        from such a passage, takes its reply from that passage (``chat.document_questions``,
        ``chat.grounded_answer``), so the documents flow can be tested end to end.

        A judge request (compare two answers, reply 1, 2 or tie) is answered in that format, the
        fine-tuned answer preferred, unless ``judge_replies`` is "prose" (then as any other question).
        """
        judged = chat.judge_request(messages) if judge_replies == "verdict" else None
        if judged is not None:
            return chat.judge_verdict(*judged, fine_tuned=self.is_fine_tuned_answer)
        job = self._job_for_model(model)
        # Questions from a document's passage, and answers from it, take their content from that passage.
        # (A groundedness check shows a passage and a question too: it is recognised first.)
        from_passage = (
            chat.groundedness_verdict(messages) or chat.document_questions(messages) or chat.grounded_answer(messages)
        )
        if job is None and from_passage is not None:
            return from_passage
        if job is None:
            return chat.base_answer(model, messages, choice_index, seed)
        question = next(
            (chat._content_text(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), ""
        )
        trained = job.trained_answers.get(question.strip())
        suffix = job.suffix or job.id[-8:]
        if trained is not None and choice_index == 0:
            return trained
        return chat.FT_PREFIX.format(suffix=suffix) + chat.base_answer(job.model, messages, choice_index, seed)

    def is_fine_tuned_answer(self, text: str) -> bool:
        """True for what a fine-tune of this stand-in says: its prefix, or an answer it was trained on."""
        cleaned = text.strip()
        if cleaned.startswith(chat.FT_PREFIX.split("{", 1)[0]):
            return True
        return any(cleaned == answer.strip() for job in self.list_jobs_raw() for answer in job.trained_answers.values())

    def _job_for_model(self, model: str) -> Job | None:
        if not model.startswith("ft:"):
            return None
        for job in self.list_jobs_raw():
            if job.status == "succeeded" and (
                model == self.fine_tuned_name(job) or model.startswith(self.fine_tuned_name(job) + ":ckpt-")
            ):
                return job
        return None

    # --- files -----------------------------------------------------------------------------
    def upload(self, filename: str, purpose: str, content: bytes) -> dict[str, Any]:
        if purpose not in FILE_PURPOSES:
            raise ApiFailure(
                400,
                f"'{purpose}' is not one of {list(FILE_PURPOSES)} - 'purpose'",
                param="purpose",
                code="invalid_value",
            )
        if len(content) > MAX_FILE_BYTES:
            raise ApiFailure(400, "File is too large.", param="file", code="file_too_large")
        if purpose in ("fine-tune", "batch") and not filename.lower().endswith(".jsonl"):
            api = "Fine-Tuning" if purpose == "fine-tune" else "Batch"
            raise ApiFailure(
                400, f"Invalid file format for {api} API. Must be .jsonl", param="file", code="invalid_file_format"
            )
        return self._store_file(filename, purpose, content).public()

    def _store_file(self, filename: str, purpose: str, content: bytes) -> StoredFile:
        stored = StoredFile(self._new_id("file-"), filename, purpose, content, int(time.time()), self._next_seq())
        with self.lock:
            self.files[stored.id] = stored
        return stored

    def get_file(self, file_id: str) -> StoredFile:
        stored = self.files.get(file_id)
        if stored is None:
            raise ApiFailure(404, f"No such File object: {file_id}", param="id")
        return stored

    def list_files(self, purpose: str | None, limit: int, order: str, after: str | None) -> dict[str, Any]:
        rows = sorted(
            (f for f in self.files.values() if not purpose or f.purpose == purpose),
            key=lambda f: (f.created_at, f.seq),
            reverse=(order != "asc"),
        )
        return _page([f.public() for f in rows], limit, after)

    def delete_file(self, file_id: str) -> dict[str, Any]:
        self.get_file(file_id)
        with self.lock:
            del self.files[file_id]
        return _dump(FileDeleted(id=file_id, object="file", deleted=True))

    # --- fine-tuning -----------------------------------------------------------------------
    def create_job(self, body: dict[str, Any]) -> dict[str, Any]:
        model = body.get("model")
        tunable = {name for name, _ in self.model_ids() if name.startswith("ft:")} | {
            name for name in (self.controls.knobs.models or list(chat.DEFAULT_MODELS)) if _fine_tunable(name)
        }
        if not isinstance(model, str) or model not in tunable:
            raise ApiFailure(
                400,
                f"Model {model} is not available for fine-tuning or does not exist.",
                param="model",
                code="model_not_available",
            )
        training = self._job_file(body.get("training_file"), "training_file")
        validation_id = body.get("validation_file")
        validation = self._job_file(validation_id, "validation_file") if validation_id else None
        suffix = body.get("suffix")
        if suffix is not None and (not isinstance(suffix, str) or len(suffix) > 64):
            raise ApiFailure(400, "suffix must be a string of at most 64 characters", param="suffix")
        metadata = body.get("metadata")
        if metadata is not None and (not isinstance(metadata, dict) or len(metadata) > 16):
            raise ApiFailure(400, "metadata must be an object with at most 16 keys", param="metadata")
        method = _resolve_method(body)
        seed = body.get("seed")
        job = Job(
            id=self._new_id("ftjob-"),
            model=model,
            training_file=training.id,
            validation_file=validation.id if validation else None,
            method=method,
            suffix=suffix,
            seed=int(seed) if isinstance(seed, int) else 42,
            metadata=metadata,
            created_at=int(time.time()),
            created_sim=self.sim_now(),
            seq=self._next_seq(),
        )
        check_training_data(job, training, validation, method["type"])
        with self.lock:
            self.jobs[job.id] = job
        return self.job_object(job)

    def _job_file(self, file_id: Any, param: str) -> StoredFile:
        stored = self.files.get(file_id) if isinstance(file_id, str) else None
        if stored is None:
            raise ApiFailure(400, f"invalid {param}: {file_id}", param=param, code="invalid_request_error")
        if stored.purpose != "fine-tune":
            raise ApiFailure(
                400,
                f"File {file_id} has purpose '{stored.purpose}', expected 'fine-tune'.",
                param=param,
                code="invalid_file_purpose",
            )
        return stored

    def get_job(self, job_id: str) -> Job:
        job = self.jobs.get(job_id)
        if job is None:
            raise ApiFailure(
                404, f"Could not find fine tune: {job_id}", param="fine_tune_id", code="fine_tune_not_found"
            )
        self._refresh(job)
        return job

    def list_jobs_raw(self) -> list[Job]:
        with self.lock:
            jobs = list(self.jobs.values())
        for job in jobs:
            self._refresh(job)
        return sorted(jobs, key=lambda j: (j.created_sim, j.seq), reverse=True)

    def list_jobs(self, limit: int, after: str | None, metadata: dict[str, str] | None) -> dict[str, Any]:
        jobs = self.list_jobs_raw()
        if metadata:
            jobs = [j for j in jobs if all((j.metadata or {}).get(k) == v for k, v in metadata.items())]
        return _page([self.job_object(j) for j in jobs], limit, after)

    def cancel_job(self, job_id: str) -> dict[str, Any]:
        job = self.get_job(job_id)
        if job.status in ("succeeded", "failed", "cancelled"):
            raise ApiFailure(400, f"Job has already {job.status} and cannot be cancelled.", param="fine_tune_id")
        job.cancelled_sim = self.sim_now()
        self._refresh(job)
        return self.job_object(job)

    def pause_job(self, job_id: str) -> dict[str, Any]:
        job = self.get_job(job_id)
        if job.status != "running":
            raise ApiFailure(400, f"Only running jobs can be paused; this job is {job.status}.", param="fine_tune_id")
        job.paused_sim = self.sim_now()
        self._refresh(job)
        return self.job_object(job)

    def resume_job(self, job_id: str) -> dict[str, Any]:
        job = self.get_job(job_id)
        if job.paused_sim is None:
            raise ApiFailure(400, f"Only paused jobs can be resumed; this job is {job.status}.", param="fine_tune_id")
        job.paused_total += self.sim_now() - job.paused_sim
        job.paused_sim = None
        self._refresh(job)
        return self.job_object(job)

    def _plan(self, job: Job) -> tuple[int, int, int]:
        """(epochs, batch size, total steps) as OpenAI would pick them for ``auto``."""
        hyper = job.method.get(job.method["type"], {}).get("hyperparameters", {})
        epochs = hyper.get("n_epochs")
        epochs = epochs if isinstance(epochs, int) else 3
        batch = hyper.get("batch_size")
        batch = batch if isinstance(batch, int) else max(1, min(256, round(job.n_examples * 0.002)))
        steps = max(1, math.ceil(job.n_examples / batch)) * epochs
        return epochs, batch, steps

    def _progress(self, job: Job) -> float:
        """Simulated seconds the job has been alive, not counting pauses."""
        end = job.cancelled_sim if job.cancelled_sim is not None else self.sim_now()
        if job.paused_sim is not None:
            end = min(end, job.paused_sim)
        return max(0.0, end - job.created_sim - job.paused_total)

    def _steps_done(self, job: Job) -> int:
        _, _, steps = self._plan(job)
        return max(0, min(steps, int((self._progress(job) - VALIDATING_S - QUEUED_S) // STEP_S)))

    def _refresh(self, job: Job) -> None:
        alive = self._progress(job)
        _, _, steps = self._plan(job)
        if job.problem and alive >= VALIDATING_S:
            job.status = "failed"
        elif alive < VALIDATING_S:
            job.status = "validating_files"
        elif alive < VALIDATING_S + QUEUED_S:
            job.status = "queued"
        elif alive < VALIDATING_S + QUEUED_S + steps * STEP_S:
            job.status = "running"
        else:
            job.status = "succeeded"
        if job.cancelled_sim is not None and job.status not in ("succeeded", "failed"):
            job.status = "cancelled"
        if job.status == "succeeded" and not job.trained_answers:
            job.trained_answers = self._trained_answers(job)

    def _trained_answers(self, job: Job) -> dict[str, str]:
        answers: dict[str, str] = {}
        for record in _jsonl(self.files[job.training_file].content if job.training_file in self.files else b""):
            messages = record.get("messages") or (record.get("input") or {}).get("messages") or []
            user = next(
                (
                    chat._content_text(m.get("content"))
                    for m in reversed(messages)
                    if isinstance(m, dict) and m.get("role") == "user"
                ),
                None,
            )
            reply = next(
                (
                    chat._content_text(m.get("content"))
                    for m in reversed(messages)
                    if isinstance(m, dict) and m.get("role") == "assistant"
                ),
                None,
            )
            if reply is None and record.get("preferred_output"):
                reply = chat._content_text(record["preferred_output"][0].get("content"))
            if user and reply:
                answers[user.strip()] = reply
        return answers

    def fine_tuned_name(self, job: Job) -> str:
        return f"ft:{job.model}:{self.controls.knobs.organization_id}:{job.suffix or ''}:{job.id[-8:]}"

    def _metrics(self, job: Job, step: int) -> dict[str, float]:
        _, _, steps = self._plan(job)
        noise = (int(_short_hash(job.id, step, length=6), 16) % 1000) / 1000 - 0.5
        train_loss = round(0.15 + 1.9 * math.exp(-3.0 * step / steps) + 0.08 * noise, 4)
        metrics: dict[str, float] = {
            "step": step,
            "train_loss": train_loss,
            "train_mean_token_accuracy": round(min(0.99, 1 - train_loss / 2.6), 4),
        }
        if job.validation_file:
            valid_loss = round(train_loss * 1.08 + 0.05, 4)
            metrics["valid_loss"] = valid_loss
            metrics["valid_mean_token_accuracy"] = round(min(0.99, 1 - valid_loss / 2.6), 4)
            if step == steps:
                metrics["full_valid_loss"] = round(valid_loss * 1.01, 4)
                metrics["full_valid_mean_token_accuracy"] = round(min(0.99, 1 - valid_loss * 1.01 / 2.6), 4)
        return metrics

    def job_object(self, job: Job) -> dict[str, Any]:
        self._refresh(job)
        epochs, batch, steps = self._plan(job)
        method = json.loads(json.dumps(job.method))
        block = method.setdefault(method["type"], {}).setdefault("hyperparameters", {})
        finished = None
        if job.status in ("validating_files", "queued"):
            block.update(
                {
                    k: "auto" if block.get(k) in (None, "auto") else block[k]
                    for k in ("n_epochs", "batch_size", "learning_rate_multiplier")
                }
            )
        else:
            block.update(
                {
                    "n_epochs": epochs,
                    "batch_size": batch,
                    "learning_rate_multiplier": block.get("learning_rate_multiplier")
                    if isinstance(block.get("learning_rate_multiplier"), (int, float))
                    else 1.8,
                }
            )
        if job.status == "succeeded":
            finished = self._wall(
                job.created_at,
                job.created_sim,
                job.created_sim + job.paused_total + VALIDATING_S + QUEUED_S + steps * STEP_S,
            )
        elif job.status == "failed":
            finished = self._wall(job.created_at, job.created_sim, job.created_sim + VALIDATING_S)
        elif job.status == "cancelled" and job.cancelled_sim is not None:
            finished = self._wall(job.created_at, job.created_sim, job.cancelled_sim)
        data: dict[str, Any] = {
            "id": job.id,
            "object": "fine_tuning.job",
            "created_at": job.created_at,
            "error": (
                {"code": "invalid_training_file", "message": job.problem, "param": job.problem_param}
                if job.status == "failed"
                else None
            ),
            "fine_tuned_model": self.fine_tuned_name(job) if job.status == "succeeded" else None,
            "finished_at": finished,
            "hyperparameters": {k: block[k] for k in ("n_epochs", "batch_size", "learning_rate_multiplier")},
            "model": job.model,
            "organization_id": self.controls.knobs.organization_id,
            "result_files": [self._result_file(job)] if job.status == "succeeded" else [],
            "seed": job.seed,
            "status": job.status,
            "trained_tokens": job.example_tokens * epochs if job.status == "succeeded" else None,
            "training_file": job.training_file,
            "validation_file": job.validation_file,
            "estimated_finish": None,
            "integrations": None,
            "metadata": job.metadata,
            "method": method,
            "user_provided_suffix": job.suffix,
        }
        if job.paused_sim is not None and job.status == "running":
            # The spec's enum lacks "paused", but the real API (and the spec's own example) returns it.
            data["status"] = "paused"
            return _dump(FineTuningJob.model_construct(**data), JOB_NULLABLE)
        return _dump(FineTuningJob.model_validate(data), JOB_NULLABLE)

    def _result_file(self, job: Job) -> str:
        key = f"{job.id}-results"
        existing = next((f for f in self.files.values() if f.filename == f"{key}.csv"), None)
        if existing is not None:
            return existing.id
        _, _, steps = self._plan(job)
        lines = ["step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"]
        for step in range(1, steps + 1):
            m = self._metrics(job, step)
            lines.append(
                f"{step},{m['train_loss']},{m['train_mean_token_accuracy']},"
                f"{m.get('valid_loss', '')},{m.get('valid_mean_token_accuracy', '')}"
            )
        content = ("\n".join(lines) + "\n").encode()
        if self.controls.knobs.result_csv_base64:
            content = base64.b64encode(content)  # real result files sometimes arrive base64-encoded
        return self._store_file(f"{key}.csv", "fine-tune-results", content).id

    def checkpoints_raw(self, job: Job) -> list[dict[str, Any]]:
        epochs, _, steps = self._plan(job)
        per_epoch = steps // epochs
        done = self._steps_done(job) if job.status != "failed" else 0
        rows = []
        for epoch in range(max(1, epochs - 2), epochs + 1):  # OpenAI keeps the last three epochs
            step = per_epoch * epoch
            if step > done or job.status not in ("running", "succeeded", "cancelled"):
                continue
            metrics = self._metrics(job, step)
            if job.validation_file:
                metrics.setdefault("full_valid_loss", metrics["valid_loss"])
                metrics.setdefault("full_valid_mean_token_accuracy", metrics["valid_mean_token_accuracy"])
            rows.append(
                _dump(
                    FineTuningJobCheckpoint.model_validate(
                        {
                            "id": f"ftckpt-{_short_hash(job.id, step)}",
                            "object": "fine_tuning.job.checkpoint",
                            "created_at": self._wall(
                                job.created_at,
                                job.created_sim,
                                job.created_sim + VALIDATING_S + QUEUED_S + step * STEP_S,
                            ),
                            "fine_tuned_model_checkpoint": f"{self.fine_tuned_name(job)}:ckpt-step-{step}",
                            "fine_tuning_job_id": job.id,
                            "metrics": metrics,
                            "step_number": step,
                        }
                    )
                )
            )
        return sorted(rows, key=lambda r: r["step_number"], reverse=True)

    def list_checkpoints(self, job_id: str, limit: int, after: str | None) -> dict[str, Any]:
        job = self.get_job(job_id)
        return _page(self.checkpoints_raw(job), limit, after)

    def events(self, job_id: str, limit: int, after: str | None) -> dict[str, Any]:
        job = self.get_job(job_id)
        _, _, steps = self._plan(job)
        start = job.created_sim
        rows: list[tuple[float, str, str, str, dict[str, Any] | None]] = []

        def add(
            at: float, message: str, kind: str = "message", data: dict[str, Any] | None = None, level: str = "info"
        ) -> None:
            rows.append((at, level, message, kind, data))

        add(start, f"Created fine-tuning job: {job.id}")
        add(
            start + 1,
            f"Validating training file: {job.training_file}"
            + (f" and validation file: {job.validation_file}" if job.validation_file else ""),
        )
        if job.status == "failed":
            add(
                start + VALIDATING_S,
                f"Training file {job.training_file} failed validation: {job.problem}",
                level="error",
            )
            add(start + VALIDATING_S + 0.5, "The job failed due to an invalid training file.", level="error")
        elif self._progress(job) >= VALIDATING_S:
            add(start + VALIDATING_S, "Files validated, moving job to queued state")
            if self._progress(job) >= VALIDATING_S + QUEUED_S:
                add(start + VALIDATING_S + QUEUED_S, "Fine-tuning job started")
                for step in range(1, self._steps_done(job) + 1):
                    metrics = self._metrics(job, step)
                    text = f"Step {step}/{steps}: training loss={metrics['train_loss']:.2f}"
                    if "valid_loss" in metrics:
                        text += f", validation loss={metrics['valid_loss']:.2f}"
                    add(
                        start + VALIDATING_S + QUEUED_S + step * STEP_S,
                        text,
                        "metrics",
                        {**metrics, "total_steps": steps},
                    )
                for checkpoint in self.checkpoints_raw(job):
                    add(
                        start + VALIDATING_S + QUEUED_S + checkpoint["step_number"] * STEP_S + 0.1,
                        f"Checkpoint created at step {checkpoint['step_number']}",
                    )
        if job.paused_sim is not None:
            add(job.paused_sim, "Fine-tuning job paused")
        if job.status == "succeeded":
            end = start + job.paused_total + VALIDATING_S + QUEUED_S + steps * STEP_S
            add(end + 0.2, f"New fine-tuned model created: {self.fine_tuned_name(job)}")
            add(end + 0.3, "The job has successfully completed")
        if job.status == "cancelled" and job.cancelled_sim is not None:
            add(job.cancelled_sim, "Fine-tuning job cancelled")
        events = []
        for index, (at, level, message, kind, data) in enumerate(sorted(rows, key=lambda r: r[0])):
            events.append(
                _dump(
                    FineTuningJobEvent.model_validate(
                        {
                            "id": f"ftevent-{_short_hash(job.id, index, message)}",
                            "object": "fine_tuning.job.event",
                            "created_at": self._wall(job.created_at, job.created_sim, at),
                            "level": level,
                            "message": message,
                            "type": kind,
                            "data": data or {},
                        }
                    )
                )
            )
        events.reverse()  # newest first, as OpenAI lists them
        return _page(events, limit, after)

    # --- batches ---------------------------------------------------------------------------
    def create_batch(self, body: dict[str, Any]) -> dict[str, Any]:
        endpoint = body.get("endpoint")
        if endpoint not in ("/v1/chat/completions", "/v1/responses", "/v1/embeddings", "/v1/completions"):
            raise ApiFailure(400, f"Invalid endpoint: {endpoint}", param="endpoint", code="invalid_value")
        if body.get("completion_window") != "24h":
            raise ApiFailure(400, "completion_window must be '24h'", param="completion_window", code="invalid_value")
        stored = self.files.get(body.get("input_file_id") or "")
        if stored is None:
            raise ApiFailure(400, f"invalid input_file_id: {body.get('input_file_id')}", param="input_file_id")
        if stored.purpose != "batch":
            raise ApiFailure(
                400,
                f"File {stored.id} has purpose '{stored.purpose}', expected 'batch'.",
                param="input_file_id",
                code="invalid_file_purpose",
            )
        lines, errors = parse_batch_lines(stored.content, endpoint)
        batch = StoredBatch(
            id=self._new_id("batch_"),
            input_file_id=stored.id,
            endpoint=endpoint,
            completion_window="24h",
            metadata=body.get("metadata"),
            created_at=int(time.time()),
            created_sim=self.sim_now(),
            lines=lines,
            errors=errors,
            seq=self._next_seq(),
        )
        with self.lock:
            self.batches[batch.id] = batch
        return self.batch_object(batch)

    def get_batch(self, batch_id: str) -> StoredBatch:
        batch = self.batches.get(batch_id)
        if batch is None:
            raise ApiFailure(404, f"No batch found with id '{batch_id}'.", param="batch_id")
        return batch

    def cancel_batch(self, batch_id: str) -> dict[str, Any]:
        batch = self.get_batch(batch_id)
        if self._batch_status(batch)[0] in ("completed", "failed", "cancelled", "expired"):
            raise ApiFailure(409, f"Cannot cancel a batch with status '{self._batch_status(batch)[0]}'.")
        batch.cancelled_sim = self.sim_now()
        return self.batch_object(batch)

    def list_batches(self, limit: int, after: str | None) -> dict[str, Any]:
        rows = sorted(self.batches.values(), key=lambda b: (b.created_sim, b.seq), reverse=True)
        return _page([self.batch_object(b) for b in rows], limit, after)

    def _batch_status(self, batch: StoredBatch) -> tuple[str, float]:
        """(status, simulated moment it began) for a batch right now."""
        now, start = self.sim_now(), batch.created_sim
        if batch.errors:
            return (
                ("failed", start + BATCH_VALIDATING_S) if now >= start + BATCH_VALIDATING_S else ("validating", start)
            )
        run_end = start + BATCH_VALIDATING_S + BATCH_PER_REQUEST_S * len(batch.lines)
        if batch.cancelled_sim is not None and batch.cancelled_sim < run_end + BATCH_FINALIZING_S:
            cancelled_at = batch.cancelled_sim + BATCH_FINALIZING_S
            return ("cancelled", cancelled_at) if now >= cancelled_at else ("cancelling", batch.cancelled_sim)
        if now < start + BATCH_VALIDATING_S:
            return "validating", start
        if now < run_end:
            return "in_progress", start + BATCH_VALIDATING_S
        if now < run_end + BATCH_FINALIZING_S:
            return "finalizing", run_end
        return "completed", run_end + BATCH_FINALIZING_S

    def batch_object(self, batch: StoredBatch) -> dict[str, Any]:
        status, since = self._batch_status(batch)
        wall = lambda sim: self._wall(batch.created_at, batch.created_sim, sim)  # noqa: E731
        total = len(batch.lines)
        done_lines = self._lines_done(batch, status)
        failed = [line for line in done_lines if self._line_fails(line)]
        data: dict[str, Any] = {
            "id": batch.id,
            "object": "batch",
            "endpoint": batch.endpoint,
            "input_file_id": batch.input_file_id,
            "completion_window": batch.completion_window,
            "status": status,
            "created_at": batch.created_at,
            "expires_at": batch.created_at + 24 * 3600,
            "metadata": batch.metadata,
            "request_counts": {"total": total, "completed": len(done_lines) - len(failed), "failed": len(failed)},
        }
        if status == "failed":
            data["errors"] = {"object": "list", "data": batch.errors}
            data["failed_at"] = wall(since)
            data["request_counts"] = {"total": 0, "completed": 0, "failed": 0}
        if status not in ("validating", "failed"):
            data["in_progress_at"] = wall(batch.created_sim + BATCH_VALIDATING_S)
        if status in ("finalizing", "completed"):
            data["finalizing_at"] = wall(batch.created_sim + BATCH_VALIDATING_S + BATCH_PER_REQUEST_S * total)
        if status in ("cancelling", "cancelled") and batch.cancelled_sim is not None:
            data["cancelling_at"] = wall(batch.cancelled_sim)
        if status in ("completed", "cancelled"):
            data[f"{status}_at"] = wall(since)
            self._write_batch_files(batch, done_lines)
            data["output_file_id"] = batch.output_file_id
            data["error_file_id"] = batch.error_file_id
        return _dump(Batch.model_validate(data))

    def _lines_done(self, batch: StoredBatch, status: str) -> list[dict[str, Any]]:
        if status in ("validating", "failed"):
            return []
        end = batch.cancelled_sim if batch.cancelled_sim is not None else self.sim_now()
        done = int((end - batch.created_sim - BATCH_VALIDATING_S) // BATCH_PER_REQUEST_S)
        return batch.lines[: max(0, min(len(batch.lines), done))]

    def _line_fails(self, line: dict[str, Any]) -> bool:
        if line["custom_id"] in self.controls.knobs.batch_fail_custom_ids:
            return True
        try:
            model, _ = chat.validate_chat_request(line.get("body"))
            self.check_chat_model(model)
        except ApiFailure:
            return True
        return False

    def _write_batch_files(self, batch: StoredBatch, done_lines: list[dict[str, Any]]) -> None:
        if batch.output_file_id is not None or batch.error_file_id is not None:
            return
        outputs, errors = [], []
        for line in done_lines:
            request_id = f"req_{_short_hash(batch.id, line['custom_id'])}"
            row_id = f"batch_req_{_short_hash(batch.id, line['custom_id'], 'row')}"
            try:
                if line["custom_id"] in self.controls.knobs.batch_fail_custom_ids:
                    raise ApiFailure(
                        500, "The server had an error while processing your request.", type_="server_error"
                    )
                model, messages = chat.validate_chat_request(line.get("body"))
                self.check_chat_model(model)
                body = line["body"]
                texts = [self.answer(model, messages, i, body.get("seed")) for i in range(int(body.get("n") or 1))]
                response = chat.completion(
                    model, texts[0], messages, body.get("max_completion_tokens") or body.get("max_tokens"), texts
                )
                outputs.append(
                    {
                        "id": row_id,
                        "custom_id": line["custom_id"],
                        "error": None,
                        "response": {"status_code": 200, "request_id": request_id, "body": response},
                    }
                )
            except ApiFailure as failure:
                errors.append(
                    {
                        "id": row_id,
                        "custom_id": line["custom_id"],
                        "error": None,
                        "response": {"status_code": failure.status, "request_id": request_id, "body": failure.body},
                    }
                )
        if outputs:
            batch.output_file_id = self._store_file(f"{batch.id}_output.jsonl", "batch_output", _to_jsonl(outputs)).id
        if errors:
            batch.error_file_id = self._store_file(f"{batch.id}_error.jsonl", "batch_output", _to_jsonl(errors)).id


# --- helpers -------------------------------------------------------------------------------
def _fine_tunable(model: str) -> bool:
    """Like OpenAI today: a known base whose training hasn't ended (shut-down bases are refused)."""
    known = model in MODELS or model in {m.family for m in MODELS.values()}
    return known and model_lifecycle.can_start_job(model, model_lifecycle.PROVIDER_OPENAI)


def _page(rows: list[dict[str, Any]], limit: int, after: str | None) -> dict[str, Any]:
    """OpenAI's cursor pagination: items after the one with id ``after``, at most ``limit``."""
    if after:
        ids = [row["id"] for row in rows]
        rows = rows[ids.index(after) + 1 :] if after in ids else []
    page = rows[:limit]
    result: dict[str, Any] = {"object": "list", "data": page, "has_more": len(rows) > limit}
    if page:
        result["first_id"], result["last_id"] = page[0]["id"], page[-1]["id"]
    return result


def _jsonl(content: bytes) -> list[dict[str, Any]]:
    records = []
    for line in content.decode("utf-8", errors="replace").splitlines():
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            records.append(value)
    return records


def _to_jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()


def _resolve_method(body: dict[str, Any]) -> dict[str, Any]:
    """The ``method`` block, folding the legacy top-level ``hyperparameters`` into it."""
    method = body.get("method")
    if method is None:
        hyper = body.get("hyperparameters") or {}
        return {"type": "supervised", "supervised": {"hyperparameters": dict(hyper)}}
    if not isinstance(method, dict) or method.get("type") not in ("supervised", "dpo"):
        raise ApiFailure(400, "method.type must be 'supervised' or 'dpo'", param="method.type", code="invalid_value")
    method = json.loads(json.dumps(method))
    block = method.setdefault(method["type"], {})
    block.setdefault("hyperparameters", {})
    if method["type"] == "dpo":
        block["hyperparameters"].setdefault("beta", "auto")
    return method
