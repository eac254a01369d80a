"""What the Together stand-in remembers: uploaded files and fine-tuning jobs, on the shared simulated clock.

The clock, ids and reset come from the OpenAI stand-in's ``World`` (a job's state
is worked out from the clock whenever someone looks, so ``clock_speed=0`` plus
``advance`` makes a test deterministic). Everything here answers in Together's
shapes (``../shared/together-openapi/openapi.yaml``): ISO-8601 times, statuses
``pending → queued → running → uploading → completed``, events with every field
the spec requires, checkpoints, and per-step metrics (``train/loss`` …).
"""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tests.openai_standin import chat
from tests.openai_standin.chat import ApiFailure
from tests.openai_standin.knobs import Controls
from tests.openai_standin.world import World

USER_ID = "user_standin0000000000000001"
OWNER_ADDRESS = "standin@example.com"
NAMESPACE = "standin-user"
# Base models this stand-in fine-tunes (a few of Together's real names), with their context length.
SUPPORTED_MODELS: dict[str, int] = {
    "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference": 131_072,
    "meta-llama/Llama-3.2-3B-Instruct": 131_072,
    "Qwen/Qwen3-8B": 40_960,
    "meta-llama/Llama-3.3-70B-Instruct-Reference": 131_072,
}
# Models served only from a dedicated endpoint once fine-tuned (Compare must say so before spending).
DEDICATED_ONLY = frozenset({"meta-llama/Llama-3.3-70B-Instruct-Reference"})
FULL_TRAINING = frozenset({"meta-llama/Meta-Llama-3.1-8B-Instruct-Reference", "Qwen/Qwen3-8B"})
# Dollars per million trained tokens (LoRA; full training and large models cost more).
PRICE_PER_M = {"small": 0.48, "large": 2.90}
FULL_FACTOR = 1.125
DPO_FACTOR = 2.5
MIN_EXAMPLES = 1
# Simulated seconds of each phase.
PENDING_S = 5
QUEUED_S = 20
STEP_S = 10
UPLOADING_S = 15
BATCH_SIZE_MAX = 8
FT_PREFIX = "[together fine-tune {suffix}] "


def iso(unix: float) -> str:
    return datetime.fromtimestamp(unix, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def model_limits(model: str) -> dict[str, Any]:
    """The limits object: every field Together's spec requires and every field the SDK requires."""
    context = SUPPORTED_MODELS[model]
    limits: dict[str, Any] = {
        "model_name": model,
        "max_num_epochs": 20,
        "max_num_evals": 100,
        "max_num_checkpoints": 20,
        "max_learning_rate": 1.0,
        "min_learning_rate": 0.0,
        "max_seq_length_sft": context,
        "max_seq_length_dpo": context // 2,
        "min_max_seq_length": 512,
        "default_gradient_accumulation_steps": 1,
        "supports_vision": False,
        "supports_tools": True,
        "supports_reasoning": model.startswith("Qwen/Qwen3"),
        "supports_full_training": model in FULL_TRAINING,
        "merge_output_lora": model in DEDICATED_ONLY,
        "lora_training": {
            "max_batch_size": BATCH_SIZE_MAX * 4,
            "max_batch_size_dpo": BATCH_SIZE_MAX * 2,
            "min_batch_size": 1,
            "max_rank": 64,
            "default_rank": 16,
            "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
        },
    }
    if model in FULL_TRAINING:
        limits["full_training"] = {
            "max_batch_size": BATCH_SIZE_MAX * 2,
            "max_batch_size_dpo": BATCH_SIZE_MAX,
            "min_batch_size": 1,
        }
    return limits


@dataclass
class StoredFile:
    id: str
    filename: str
    purpose: str
    content: bytes
    created_at: int

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "file",
            "created_at": self.created_at,
            "filename": self.filename,
            "bytes": len(self.content),
            "purpose": self.purpose,
            "FileType": "jsonl",
            "Processed": True,
        }


@dataclass
class TogetherJob:
    id: str
    body: dict[str, Any]
    created_at: int  # Unix seconds (wall)
    created_sim: float
    n_examples: int
    tokens: int
    trained_answers: dict[str, str] = field(default_factory=dict)
    problem: str | None = None
    cancelled_sim: float | None = None
    status: str = "pending"

    @property
    def model(self) -> str:
        return str(self.body["model"])

    @property
    def suffix(self) -> str | None:
        return self.body.get("suffix")

    @property
    def epochs(self) -> int:
        return int(self.body.get("n_epochs") or 1)

    @property
    def method(self) -> str:
        return str((self.body.get("training_method") or {}).get("method") or "sft")

    @property
    def total_steps(self) -> int:
        batch = self.body.get("batch_size")
        size = BATCH_SIZE_MAX if batch in (None, "max") else max(1, int(batch))
        return max(1, math.ceil(self.n_examples / size)) * self.epochs

    @property
    def output_name(self) -> str:
        base = self.model.split("/")[-1]
        tail = f"-{self.suffix}" if self.suffix else ""
        return f"{NAMESPACE}/{base}{tail}-{self.id[-8:]}"


class TogetherWorld(World):
    """Files and fine-tuning jobs of one Together stand-in (clock, ids and lock from the OpenAI ``World``)."""

    def __init__(self, controls: Controls) -> None:
        super().__init__(controls)
        self.together_files: dict[str, StoredFile] = {}
        self.together_jobs: dict[str, TogetherJob] = {}

    def reset(self) -> None:
        with self.lock:
            super().reset()
            self.together_files.clear()
            self.together_jobs.clear()

    def now_wall(self, job: TogetherJob, sim: float) -> int:
        return self._wall(job.created_at, job.created_sim, sim)

    # --- files -----------------------------------------------------------------------------
    def upload(self, filename: str, purpose: str, content: bytes) -> dict[str, Any]:
        if not filename.lower().endswith((".jsonl", ".csv", ".parquet")):
            raise ApiFailure(400, "Only .jsonl, .parquet and .csv files are supported.", param="file_name")
        stored = StoredFile(self._new_id("file-"), filename, purpose, content, int(datetime.now(UTC).timestamp()))
        with self.lock:
            self.together_files[stored.id] = stored
        return stored.public()

    def get_file(self, file_id: str) -> StoredFile:  # type: ignore[override]
        with self.lock:
            found = self.together_files.get(file_id)
        if found is None:
            raise ApiFailure(404, f"File {file_id} not found", type_="not_found")
        return found

    # --- models ----------------------------------------------------------------------------
    def supported(self) -> dict[str, Any]:
        return {"models": list(SUPPORTED_MODELS)}

    def limits(self, model: str | None) -> dict[str, Any]:
        if model not in SUPPORTED_MODELS:
            raise ApiFailure(404, f"Model {model} is not available for fine-tuning", type_="not_found")
        return model_limits(model)

    # --- price -----------------------------------------------------------------------------
    def estimate(self, body: dict[str, Any]) -> dict[str, Any]:
        training = self.get_file(str(body.get("training_file") or ""))
        _, tokens, _ = _examples(training.content)
        model = str(body.get("model") or "")
        epochs = int(body.get("n_epochs") or 1)
        eval_tokens = 0
        if body.get("validation_file"):
            eval_tokens = _examples(self.get_file(str(body["validation_file"])).content)[1] * int(
                body.get("n_evals") or 0
            )
        rate = PRICE_PER_M["large"] if "70B" in model else PRICE_PER_M["small"]
        if (body.get("training_type") or {}).get("type") == "Full":
            rate *= FULL_FACTOR
        if (body.get("training_method") or {}).get("method") == "dpo":
            rate *= DPO_FACTOR
        price = round((tokens * epochs + eval_tokens) * rate / 1_000_000, 6)
        return {
            "estimation_available": True,
            "estimated_total_price": price,
            "allowed_to_proceed": True,
            "user_limit": 100.0,
            "estimated_train_token_count": tokens * epochs,
            "estimated_eval_token_count": eval_tokens,
        }

    # --- jobs ------------------------------------------------------------------------------
    def create_job(self, body: dict[str, Any]) -> dict[str, Any]:  # type: ignore[override]
        model = body.get("model")
        if model not in SUPPORTED_MODELS:
            raise ApiFailure(400, f"Model {model} is not supported for fine-tuning", param="model")
        suffix = body.get("suffix")
        if suffix is not None and len(str(suffix)) > 40:
            raise ApiFailure(400, "Suffix must be at most 40 characters", param="suffix")
        training = self.get_file(str(body.get("training_file") or ""))
        if body.get("validation_file"):
            self.get_file(str(body["validation_file"]))
        count, tokens, problem = _examples(training.content)
        job = TogetherJob(
            f"ft-{uuid.uuid4()}",
            dict(body),
            int(datetime.now(UTC).timestamp()),
            self.sim_now(),
            count,
            tokens,
            trained_answers=_answers(training.content),
            problem=problem,
        )
        with self.lock:
            self.together_jobs[job.id] = job
        return self.job_object(job)

    def get_job(self, job_id: str) -> TogetherJob:  # type: ignore[override]
        with self.lock:
            found = self.together_jobs.get(job_id)
        if found is None:
            raise ApiFailure(404, f"Fine-tune job {job_id} not found", type_="not_found")
        return found

    def list_jobs(self) -> dict[str, Any]:  # type: ignore[override]
        with self.lock:
            jobs = sorted(self.together_jobs.values(), key=lambda j: j.created_sim, reverse=True)
        return {"data": [self.job_object(job) for job in jobs]}

    def cancel_job(self, job_id: str) -> dict[str, Any]:
        job = self.get_job(job_id)
        self._refresh(job)
        if job.status not in ("completed", "error", "cancelled"):
            job.cancelled_sim = self.sim_now()
        return self.job_object(job)

    def _timeline(self, job: TogetherJob) -> tuple[float, float, float, float]:
        """Simulated moments: queued, running, uploading, completed."""
        queued = job.created_sim + PENDING_S
        running = queued + QUEUED_S
        uploading = running + job.total_steps * STEP_S
        return queued, running, uploading, uploading + UPLOADING_S

    def _refresh(self, job: TogetherJob) -> None:
        now = self.sim_now()
        queued, running, uploading, done = self._timeline(job)
        if job.cancelled_sim is not None:
            job.status = "cancelled"
        elif now < queued:
            job.status = "pending"
        elif job.problem:
            job.status = "error"
        elif now < running:
            job.status = "queued"
        elif now < uploading:
            job.status = "running"
        elif now < done:
            job.status = "uploading"
        else:
            job.status = "completed"

    def steps_done(self, job: TogetherJob) -> int:
        self._refresh(job)
        _, running, _, _ = self._timeline(job)
        end = job.cancelled_sim if job.cancelled_sim is not None else self.sim_now()
        return max(0, min(job.total_steps, int((end - running) // STEP_S)))

    def job_object(self, job: TogetherJob) -> dict[str, Any]:  # type: ignore[override]
        self._refresh(job)
        body = job.body
        _, running, _, _ = self._timeline(job)
        data: dict[str, Any] = {
            "id": job.id,
            "status": job.status,
            "created_at": iso(job.created_at),
            "updated_at": iso(self.now_wall(job, self.sim_now())),
            "user_id": USER_ID,
            "owner_address": OWNER_ADDRESS,
            "model": job.model,
            "model_output_name": job.output_name,
            "adapter_output_name": None,  # the SDK's create answer requires the key (null for a merged model)
            "training_file": body["training_file"],
            "n_epochs": job.epochs,
            "n_checkpoints": int(body.get("n_checkpoints") or 1),
            "n_evals": int(body.get("n_evals") or 0),
            "batch_size": BATCH_SIZE_MAX if body.get("batch_size") in (None, "max") else int(body["batch_size"]),
            "learning_rate": float(body.get("learning_rate") or 0.00001),
            "warmup_ratio": float(body.get("warmup_ratio") or 0.0),
            "max_grad_norm": float(body.get("max_grad_norm", 1.0)),
            "weight_decay": float(body.get("weight_decay") or 0.0),
            "packing": bool(body.get("packing", True)),
            "token_count": job.tokens * job.epochs,
            "total_price": int(round(self.estimate_for(job) * 1_000_000_000)),  # Together reports nano-dollars
            "events": [],
            "training_method": body.get("training_method") or {"method": "sft", "train_on_inputs": "auto"},
            "training_type": body.get("training_type") or {"type": "Lora", "lora_r": 16, "lora_alpha": 32},
        }
        for name in ("validation_file", "suffix", "wandb_project_name"):
            if body.get(name):
                data[name] = body[name]
        if body.get("random_seed") is not None:
            data["random_seed"] = int(body["random_seed"])
        if self.sim_now() >= running:
            data["started_at"] = iso(self.now_wall(job, running))
        return data

    def estimate_for(self, job: TogetherJob) -> float:
        rate = PRICE_PER_M["large"] if "70B" in job.model else PRICE_PER_M["small"]
        return job.tokens * job.epochs * rate / 1_000_000

    def loss_at(self, job: TogetherJob, step: int) -> float:
        return round(2.2 * math.exp(-step / max(4.0, job.total_steps / 3)) + 0.35, 4)

    def metrics(self, job_id: str) -> dict[str, Any]:
        job = self.get_job(job_id)
        rows: list[dict[str, float]] = []
        n_evals = int(job.body.get("n_evals") or 0)
        eval_every = max(1, job.total_steps // n_evals) if n_evals and job.body.get("validation_file") else 0
        for step in range(1, self.steps_done(job) + 1):
            row = {
                "train/loss": self.loss_at(job, step),
                "train/learning_rate": float(job.body.get("learning_rate") or 0.00001),
                "train/global_step": float(step),
            }
            if eval_every and step % eval_every == 0:
                row["eval/loss"] = round(self.loss_at(job, step) + 0.08, 4)
            rows.append(row)
        return {"metrics": rows}

    def checkpoint_steps(self, job: TogetherJob) -> list[int]:
        wanted = max(1, int(job.body.get("n_checkpoints") or 1))
        every = max(1, job.total_steps // wanted)
        done = self.steps_done(job)
        steps = [step for step in range(every, job.total_steps, every) if step <= done][: wanted - 1]
        if job.status == "completed":
            steps.append(job.total_steps)
        return steps

    def checkpoints(self, job_id: str) -> dict[str, Any]:
        job = self.get_job(job_id)
        _, running, _, _ = self._timeline(job)
        rows = []
        for step in self.checkpoint_steps(job):
            final = job.status == "completed" and step == job.total_steps
            rows.append(
                {
                    "step": step,
                    "created_at": iso(self.now_wall(job, running + step * STEP_S)),
                    "path": f"s3://standin/{job.id}/checkpoint-{step}",
                    "checkpoint_type": "Final" if final else "Intermediate",
                }
            )
        return {"data": list(reversed(rows))}

    def events(self, job_id: str) -> dict[str, Any]:
        job = self.get_job(job_id)
        self._refresh(job)
        queued, running, uploading, done = self._timeline(job)
        now = self.sim_now() if job.cancelled_sim is None else job.cancelled_sim
        rows: list[dict[str, Any]] = []

        def add(at: float, kind: str, message: str, level: str = "info", step: int = 0, **extra: Any) -> None:
            if at <= now:
                rows.append(_event(self.now_wall(job, at), kind, message, level, step, job, len(rows), **extra))

        add(job.created_sim, "job_pending", "Fine tune request created")
        if job.problem:
            add(queued, "job_error", job.problem, level="error")
        else:
            add(queued, "job_start", "Job started")
            add(running, "training_start", "Training started")
            for step in self.checkpoint_steps(job):
                add(running + step * STEP_S, "checkpoint_save", f"New checkpoint saved at step {step}", step=step)
            add(uploading, "training_complete", "Training completed")
            add(uploading, "model_uploading", "Uploading model")
            add(done, "model_upload_complete", "Model uploaded")
            add(done, "job_complete", f"Fine-tuning job completed: {job.output_name}")
        if job.cancelled_sim is not None:
            rows.append(
                _event(self.now_wall(job, job.cancelled_sim), "job_stopped", "Job cancelled", "info", 0, job, len(rows))
            )
        return {"data": rows}

    # --- chat ------------------------------------------------------------------------------
    def chat_job(self, model: str) -> TogetherJob | None:
        with self.lock:
            jobs = list(self.together_jobs.values())
        for job in jobs:
            self._refresh(job)
            if job.status == "completed" and model == job.output_name:
                return job
        return None

    def check_chat(self, model: str) -> None:
        if model in SUPPORTED_MODELS or self.chat_job(model) is not None:
            return
        raise ApiFailure(
            404,
            f"Unable to access model {model}. Please visit https://api.together.ai/models",
            code="model_not_available",
        )

    def reply(self, model: str, messages: list[dict[str, Any]], index: int, seed: Any) -> str:
        job = self.chat_job(model)
        if job is None:
            return chat.base_answer(model, messages, index, seed)
        question = next((str(m.get("content") or "") for m in reversed(messages) if m.get("role") == "user"), "")
        trained = job.trained_answers.get(question.strip())
        if trained is not None and index == 0:
            return trained
        return FT_PREFIX.format(suffix=job.suffix or job.id[-8:]) + chat.base_answer(job.model, messages, index, seed)


def _event(
    unix: int, kind: str, message: str, level: str, step: int, job: TogetherJob, index: int, **extra: Any
) -> dict[str, Any]:
    """One event with every field Together's spec requires (it requires them all, empty or not)."""
    checkpoint = f"s3://standin/{job.id}/checkpoint-{step}" if kind == "checkpoint_save" else ""
    return {
        "object": "fine-tune-event",
        "created_at": iso(unix),
        "level": level,
        "message": message,
        "type": kind,
        "param_count": 8_030_261_248,
        "token_count": job.tokens * job.epochs,
        "total_steps": job.total_steps,
        "wandb_url": "",
        "step": step,
        "checkpoint_path": checkpoint,
        "model_path": job.output_name if kind == "job_complete" else "",
        "training_offset": 0,
        "hash": f"{job.id}-{index:04d}-{kind}",
        **extra,
    }


def _examples(content: bytes) -> tuple[int, int, str | None]:
    """(examples, tokens, first problem or None) of a JSONL training file (chat or preference rows)."""
    count, tokens = 0, 0
    for number, raw in enumerate(content.decode("utf-8", errors="replace").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError:
            return count, tokens, f"Invalid JSON on line {number}"
        messages = record.get("messages") or (record.get("input") or {}).get("messages")
        if not isinstance(messages, list) or not messages:
            return count, tokens, f"Line {number}: no 'messages'"
        count += 1
        tokens += chat.prompt_tokens(messages) + sum(
            chat.prompt_tokens(record.get(key) or []) for key in ("preferred_output", "non_preferred_output")
        )
    if count < MIN_EXAMPLES:
        return count, tokens, "The training file has no examples"
    return count, tokens, None


def _answers(content: bytes) -> dict[str, str]:
    """Question → trained answer of each chat example, so the fine-tune repeats what it was trained on."""
    found: dict[str, str] = {}
    for raw in content.decode("utf-8", errors="replace").splitlines():
        try:
            messages = json.loads(raw).get("messages") or []
        except (json.JSONDecodeError, AttributeError):
            continue
        users = [m for m in messages if m.get("role") == "user"]
        answers = [m for m in messages if m.get("role") == "assistant"]
        if users and answers:
            found[str(users[-1].get("content") or "").strip()] = str(answers[-1].get("content") or "")
    return found
