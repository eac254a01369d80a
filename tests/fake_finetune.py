"""An in-process fake of the files and fine-tuning endpoints over ``httpx2.MockTransport``.

For tests that need exact control (a create that times out *after* the job was
made, a 403 refusal, a server that ignores the metadata filter). Paths are
accepted both as OpenAI forms them (``/v1/fine_tuning/jobs``) and as Azure does
(``/openai/fine_tuning/jobs?api-version=…``).
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from typing import Any

import httpx2
from openai import AzureOpenAI, OpenAI

from core.providers.client import PROVIDER_AZURE, ConnectionSettings

RESULT_CSV = (
    "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy,full_valid_loss\n"
    "1,2.0,0.4,2.1,0.38,\n2,1.5,0.5,,,\n3,1.0,0.6,1.9,0.45,1.8\n"
)


def error_response(status: int, code: str | None, message: str) -> httpx2.Response:
    return httpx2.Response(
        status, json={"error": {"message": message, "type": code or "error", "code": code, "param": None}}
    )


@dataclass
class FakeFineTuning:
    # "timeout_after_create" / "timeout_before_create" / "403" for the next N create calls
    create_faults: list[str] = field(default_factory=list)
    ignore_metadata_filter: bool = False
    steps_per_poll: int = 1
    total_steps: int = 3
    files: dict[str, bytes] = field(default_factory=dict)
    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    progress: dict[str, int] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    # ---------------------------------------------------------------- client
    def client(self, settings: ConnectionSettings) -> OpenAI:
        """What ``core.providers.client.make_client`` builds, with this fake as its transport."""
        http = httpx2.Client(transport=httpx2.MockTransport(self.handle))
        common = {
            "api_key": settings.api_key or "missing",
            "max_retries": settings.max_retries,
            "http_client": http,
            "timeout": 5,
        }
        if settings.provider == PROVIDER_AZURE:
            return AzureOpenAI(
                azure_endpoint=settings.azure_endpoint or "http://azure.fake",
                api_version=settings.api_version or "2025-04-01-preview",
                **common,
            )
        return OpenAI(base_url=settings.base_url or "http://fake/v1", **common)

    def creates(self) -> list[dict[str, Any]]:
        return [body for method, path, body in self.requests if method == "POST" and path == "/fine_tuning/jobs"]

    # --------------------------------------------------------------- server
    def handle(self, request: httpx2.Request) -> httpx2.Response:
        path = request.url.path
        for prefix in ("/openai", "/v1"):
            if path.startswith(prefix + "/"):
                path = path[len(prefix) :]
        body: dict[str, Any] = {}
        if request.method == "POST" and request.headers.get("content-type", "").startswith("application/json"):
            body = json.loads(request.content or b"{}")
        self.requests.append((request.method, path, body))
        query = dict(request.url.params)
        if request.method == "POST" and path == "/files":
            return self._upload(request)
        if path == "/fine_tuning/jobs":
            return self._create(body) if request.method == "POST" else self._list(query)
        match = re.fullmatch(r"/files/([^/]+)/content", path)
        if match:
            return httpx2.Response(200, content=self.files.get(match.group(1), b""))
        match = re.fullmatch(r"/fine_tuning/jobs/([^/]+)(?:/(\w+))?", path)
        if match:
            job_id, action = match.groups()
            if job_id not in self.jobs:
                return error_response(404, "not_found", "No such job")
            if action is None:
                return httpx2.Response(200, json=self._advance(job_id))
            if action == "events":
                return httpx2.Response(
                    200, json={"object": "list", "data": list(reversed(self.events[job_id])), "has_more": False}
                )
            if action == "checkpoints":
                return httpx2.Response(
                    200, json={"object": "list", "data": self._checkpoints(job_id), "has_more": False}
                )
            if action in ("cancel", "pause", "resume"):
                self.jobs[job_id]["status"] = {"cancel": "cancelled", "pause": "paused", "resume": "running"}[action]
                return httpx2.Response(200, json=self.jobs[job_id])
        return error_response(404, "not_found", f"unknown path {path}")

    def _upload(self, request: httpx2.Request) -> httpx2.Response:
        file_id = f"file-{len(self.files) + 1}"
        content = request.content
        # The multipart body holds the JSONL between the part headers and the boundary.
        start = content.find(b"\r\n\r\n", content.find(b'name="file"')) + 4
        end = content.find(b"\r\n--", start)
        self.files[file_id] = content[start:end]
        return httpx2.Response(
            200,
            json={
                "id": file_id,
                "object": "file",
                "bytes": end - start,
                "created_at": 1,
                "filename": "train.jsonl",
                "purpose": "fine-tune",
                "status": "processed",
            },
        )

    def _create(self, body: dict[str, Any]) -> httpx2.Response:
        fault = self.create_faults.pop(0) if self.create_faults else None
        if fault == "403":
            return error_response(403, "model_not_available", "Fine-tuning is not available for this organization.")
        if fault == "timeout_before_create":
            raise httpx2.ReadTimeout("timed out")
        job_id = f"ftjob-{len(self.jobs) + 1}"
        self.jobs[job_id] = {
            "id": job_id,
            "object": "fine_tuning.job",
            "created_at": 1_700_000_000 + len(self.jobs),
            "model": body["model"],
            "training_file": body["training_file"],
            "validation_file": body.get("validation_file"),
            "status": "validating_files",
            "fine_tuned_model": None,
            "finished_at": None,
            "organization_id": "org-fake",
            "result_files": [],
            "seed": body.get("seed") or 7,
            "trained_tokens": None,
            "metadata": body.get("metadata"),
            "method": body.get("method"),
            "hyperparameters": {"n_epochs": 3, "batch_size": 1, "learning_rate_multiplier": 1.8},
            "estimated_finish": None,
            "error": None,
        }
        self.events[job_id] = [self._event(job_id, "Validating training file", "message", None)]
        self.progress[job_id] = 0
        if fault == "timeout_after_create":
            raise httpx2.ReadTimeout("timed out after the job was made")
        return httpx2.Response(200, json=self.jobs[job_id])

    def _list(self, query: dict[str, str]) -> httpx2.Response:
        jobs = sorted(self.jobs.values(), key=lambda j: j["created_at"], reverse=True)
        filters = {k[len("metadata[") : -1]: v for k, v in query.items() if k.startswith("metadata[")}
        if filters and not self.ignore_metadata_filter:
            jobs = [j for j in jobs if all((j.get("metadata") or {}).get(k) == v for k, v in filters.items())]
        return httpx2.Response(200, json={"object": "list", "data": jobs, "has_more": False})

    def _event(self, job_id: str, message: str, kind: str, data: dict | None, level: str = "info") -> dict:
        number = sum(len(v) for v in self.events.values()) + 1
        return {
            "id": f"ftevent-{number}",
            "object": "fine_tuning.job.event",
            "created_at": 1_700_000_000 + number,
            "level": level,
            "message": message,
            "type": kind,
            "data": data,
        }

    def _advance(self, job_id: str) -> dict[str, Any]:
        """Each retrieve moves the job on: running, metrics steps, then succeeded with a result file."""
        job = self.jobs[job_id]
        if job["status"] in ("succeeded", "failed", "cancelled", "paused"):
            return job
        job["status"] = "running"
        for _ in range(self.steps_per_poll):
            if self.progress[job_id] >= self.total_steps:
                break
            self.progress[job_id] += 1
            step = self.progress[job_id]
            self.events[job_id].append(
                self._event(
                    job_id,
                    f"Step {step}/{self.total_steps}",
                    "metrics",
                    {"step": step, "train_loss": 2.5 - step * 0.5, "total_steps": self.total_steps},
                )
            )
        if self.progress[job_id] >= self.total_steps:
            result_id = f"file-result-{job_id}"
            self.files[result_id] = base64.b64encode(RESULT_CSV.encode())
            job.update(
                status="succeeded",
                fine_tuned_model=f"ft:{job['model']}:org:studio:{job_id[-4:]}",
                finished_at=1_700_000_999,
                trained_tokens=3000,
                result_files=[result_id],
            )
            self.events[job_id].append(self._event(job_id, "The job has successfully completed", "message", None))
        return job

    def _checkpoints(self, job_id: str) -> list[dict[str, Any]]:
        return [
            {
                "id": f"ftckpt-{job_id}-{step}",
                "object": "fine_tuning.job.checkpoint",
                "created_at": 1_700_000_000 + step,
                "fine_tuned_model_checkpoint": (
                    f"ft:{self.jobs[job_id]['model']}:org:studio:{job_id[-4:]}:ckpt-step-{step}"
                ),
                "fine_tuning_job_id": job_id,
                "step_number": step,
                "metrics": {"step": step, "train_loss": 2.5 - step * 0.5, "full_valid_loss": 2.0 - step * 0.1},
            }
            for step in range(1, self.progress[job_id] + 1)
        ]
