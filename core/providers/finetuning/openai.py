"""OpenAI's fine-tuning API behind ``FineTuningProvider``; Azure OpenAI and OpenAI-compatible servers too.

They share the SDK (the client comes from ``core.providers.client.make_client``,
which picks ``AzureOpenAI`` for Azure and enforces the owner-key rules). What
differs for Azure lives in ``AzureOpenAIFineTuning`` alone.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from core.providers.finetuning.base import LAUNCH_TAG_KEY, Capabilities, FineTuningProvider, Job, JobSpec

# The launch tag travels as job metadata: the API stores it and lists it back (and can filter by it).
METADATA_TAG = LAUNCH_TAG_KEY
METADATA_PROJECT = "studio_project"
RECONCILE_SCAN_LIMIT = 100
EVENTS_PAGE = 100
CHECKPOINTS_PAGE = 100
SUFFIX_MAX = 64


def _plain(item: Any) -> dict[str, Any]:
    return item.model_dump(mode="json")


class OpenAIFineTuning(FineTuningProvider):
    """Files and fine-tuning jobs through an OpenAI SDK client (``client.files``, ``client.fine_tuning.jobs``)."""

    name = "openai"
    capabilities = Capabilities(
        pause_resume=True, checkpoints=True, server_tag_filter=True, methods=frozenset({"supervised", "dpo"})
    )

    def __init__(self, client: Any) -> None:
        self.client = client

    def upload_file(self, name: str, content: bytes) -> str:
        return str(self.client.files.create(file=(name, content, "application/jsonl"), purpose="fine-tune").id)

    def create_job(self, spec: JobSpec, launch_tag: str) -> Job:
        metadata = {METADATA_TAG: launch_tag}
        if spec.project_label is not None:
            metadata[METADATA_PROJECT] = spec.project_label
        kwargs: dict[str, Any] = {
            # Azure too fine-tunes a base model by its model name; deployments only serve models.
            "model": spec.base_model,
            "training_file": spec.training_file,
            "method": dict(spec.method),
            "metadata": metadata,
        }
        if spec.validation_file:
            kwargs["validation_file"] = spec.validation_file
        if spec.suffix:
            kwargs["suffix"] = spec.suffix[:SUFFIX_MAX]
        if spec.seed is not None:
            kwargs["seed"] = int(spec.seed)
        return _plain(self.client.fine_tuning.jobs.create(**kwargs))

    def find_job_by_tag(self, launch_tag: str, training_file: str | None = None) -> Job | None:
        def ours(job: Mapping[str, Any]) -> bool:
            return (job.get("metadata") or {}).get(METADATA_TAG) == launch_tag or (
                bool(training_file) and job.get("training_file") == training_file
            )

        if self.capabilities.server_tag_filter:
            try:
                page = self.client.fine_tuning.jobs.list(metadata={METADATA_TAG: launch_tag}, limit=10)
                found = next((job for job in map(_plain, page.data) if ours(job)), None)
                if found is not None:
                    return found
            except Exception:  # noqa: BLE001 - a server without the metadata filter: the scan below decides
                pass
        # The filter may be ignored or unsupported: scan the newest jobs ourselves.
        page = self.client.fine_tuning.jobs.list(limit=RECONCILE_SCAN_LIMIT)
        return next((job for job in map(_plain, page.data) if ours(job)), None)

    def get_job(self, job_id: str) -> Job:
        return _plain(self.client.fine_tuning.jobs.retrieve(job_id))

    def list_jobs(self, limit: int = 50) -> list[Job]:
        return [_plain(job) for job in self.client.fine_tuning.jobs.list(limit=limit).data]

    def list_events(self, job_id: str, known_ids: Collection[str] = ()) -> list[dict[str, Any]]:
        known = set(known_ids)
        fresh: list[dict[str, Any]] = []
        after: str | None = None
        while True:  # events come newest first: page back until we reach one we already have
            params: dict[str, Any] = {"limit": EVENTS_PAGE, **({"after": after} if after else {})}
            page = self.client.fine_tuning.jobs.list_events(job_id, **params)
            batch = [_plain(event) for event in page.data]
            new = [event for event in batch if event["id"] not in known]
            fresh.extend(new)
            if not batch or len(new) < len(batch) or not getattr(page, "has_more", False):
                return fresh
            after = batch[-1]["id"]

    def list_checkpoints(self, job_id: str) -> list[dict[str, Any]]:
        return [_plain(c) for c in self.client.fine_tuning.jobs.checkpoints.list(job_id, limit=CHECKPOINTS_PAGE).data]

    def metrics(self, job: Mapping[str, Any]) -> str | None:
        result_files = job.get("result_files") or []
        if not result_files:
            return None
        content: bytes = self.client.files.content(result_files[0]).read()
        return content.decode("utf-8", errors="replace")

    def has_metrics(self, job: Mapping[str, Any]) -> bool:
        return bool(job.get("result_files"))

    def cancel(self, job_id: str) -> Job:
        return _plain(self.client.fine_tuning.jobs.cancel(job_id))

    def pause(self, job_id: str) -> Job:
        return _plain(self.client.fine_tuning.jobs.pause(job_id))

    def resume(self, job_id: str) -> Job:
        return _plain(self.client.fine_tuning.jobs.resume(job_id))


class AzureOpenAIFineTuning(OpenAIFineTuning):
    """Azure OpenAI: the same SDK and paths under ``/openai`` with an ``api-version`` (the client handles both).

    Azure does not filter the job list by metadata, so reconciling scans the newest jobs.
    """

    name = "azure"
    capabilities = Capabilities(
        pause_resume=True, checkpoints=True, server_tag_filter=False, methods=frozenset({"supervised", "dpo"})
    )
