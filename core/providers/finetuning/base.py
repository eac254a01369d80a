"""What a fine-tuning provider does, as one small interface the fine-tune workflow uses.

Each provider gets one adapter (``openai.py`` for OpenAI, Azure OpenAI and
OpenAI-compatible servers); ``core.providers.finetuning.for_connection`` picks it.
The workflow (``core.workflows.finetune``) never calls an SDK itself.

Jobs, events and checkpoints cross this interface as plain dicts in one shape,
OpenAI's, because that is what the store keeps and the page reads:

- job: ``id``, ``status`` (validating_files, queued, running, paused,
  succeeded, failed, cancelled), ``metadata`` (``{LAUNCH_TAG_KEY: <tag>}`` for
  jobs this app launched, wherever the provider really keeps the tag),
  ``model``, ``fine_tuned_model``, ``created_at``, ``finished_at``,
  ``estimated_finish`` (Unix seconds), ``trained_tokens``, ``training_file``,
  ``method`` (``{"type": …, <type>: {"hyperparameters": …}}``), and ``error``
  (``code``, ``message``, ``param``) when it failed;
- event: ``id``, ``created_at``, ``level``, ``type``, ``message``, ``data``
  (a ``metrics`` event's data holds ``step`` and the loss values);
- checkpoint: ``id``, ``created_at``, ``step_number``,
  ``fine_tuned_model_checkpoint`` and ``metrics``.

An adapter for a provider with another shape translates to this one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

Job = dict[str, Any]
# Where a job dict carries the launch tag it was created with (see ``create_job``).
LAUNCH_TAG_KEY = "studio_launch_tag"


@dataclass(frozen=True)
class Capabilities:
    """What a provider can do beyond the basics; the workflow asks before it offers or tries these."""

    pause_resume: bool = False
    checkpoints: bool = False
    # Whether ``list_jobs`` can ask the server for jobs carrying one tag (else the adapter scans).
    server_tag_filter: bool = False
    methods: frozenset[str] = field(default_factory=lambda: frozenset({"supervised"}))


@dataclass(frozen=True)
class JobSpec:
    """What to train: everything ``create_job`` sends, in provider-neutral words."""

    base_model: str
    training_file: str
    method: Mapping[str, Any]  # {"type": "supervised"|"dpo", <type>: {"hyperparameters": {...}}}
    validation_file: str | None = None
    suffix: str | None = None
    seed: int | None = None
    project_label: str | None = None


class FineTuningProvider(ABC):
    """One provider's files, jobs, events, checkpoints, metrics and controls.

    Exactly-once launching rests on two methods: ``create_job`` stores the launch
    tag with the job (and makes one attempt, no hidden retries), and
    ``find_job_by_tag`` finds that job again after a lost answer or a reload.
    """

    name: str = ""
    capabilities: Capabilities = Capabilities()

    @abstractmethod
    def upload_file(self, name: str, content: bytes) -> str:
        """Upload a JSONL training or validation file; its file id."""

    @abstractmethod
    def create_job(self, spec: JobSpec, launch_tag: str) -> Job:
        """Create the job once, with ``launch_tag`` stored on it where the provider lists it back."""

    @abstractmethod
    def find_job_by_tag(self, launch_tag: str, training_file: str | None = None) -> Job | None:
        """The account's job carrying ``launch_tag`` (or trained on ``training_file``), or None."""

    @abstractmethod
    def get_job(self, job_id: str) -> Job:
        """The job as it is now."""

    @abstractmethod
    def list_jobs(self, limit: int = 50) -> list[Job]:
        """The account's newest jobs (every project, other tools too), newest first."""

    @abstractmethod
    def list_events(self, job_id: str, known_ids: Collection[str] = ()) -> list[dict[str, Any]]:
        """The job's events not in ``known_ids``, newest first (paging stops at the first known one)."""

    @abstractmethod
    def list_checkpoints(self, job_id: str) -> list[dict[str, Any]]:
        """The job's checkpoints; empty when the provider keeps none."""

    @abstractmethod
    def metrics(self, job: Mapping[str, Any]) -> str | None:
        """A finished job's per-step metrics as result-file CSV text (``step,train_loss,…``), or None if there
        is none yet; ``core.providers.metrics.from_result_csv`` turns it into the chart's table."""

    def has_metrics(self, job: Mapping[str, Any]) -> bool:
        """Whether ``metrics`` has something to fetch for this job now (saves a request when not)."""
        return True

    @abstractmethod
    def cancel(self, job_id: str) -> Job:
        """Cancel the job; the job as it is now."""

    def pause(self, job_id: str) -> Job:
        """Pause a running job (only when ``capabilities.pause_resume``)."""
        raise NotImplementedError(f"{self.name} can't pause a job")

    def resume(self, job_id: str) -> Job:
        """Resume a paused job (only when ``capabilities.pause_resume``)."""
        raise NotImplementedError(f"{self.name} can't resume a job")
