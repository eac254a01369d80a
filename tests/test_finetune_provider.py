"""The fine-tuning provider interface: adapters, the registry, and a workflow that only speaks through them.

A second provider is added by writing one adapter; the in-memory provider below
is such an adapter (no OpenAI shapes on the wire), and the whole launch and
monitor workflow runs on it unchanged.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import pytest

from core.data import jobs as job_store
from core.data.store import NewExample
from core.providers import connection
from core.providers.client import PROVIDER_AZURE, PROVIDER_COMPATIBLE, PROVIDER_OPENAI, ConnectionSettings
from core.providers.finetuning import LAUNCH_TAG_KEY, Capabilities, FineTuningProvider, Job, JobSpec, for_connection
from core.providers.finetuning import registry as finetune_providers
from core.providers.finetuning.openai import AzureOpenAIFineTuning, OpenAIFineTuning
from core.workflows import finetune, job_keys
from tests.conftest import ROOT
from tests.fake_finetune import RESULT_CSV, FakeFineTuning

MEMORY = "memory"
MODEL = "gpt-4.1-mini-2025-04-14"
SETTINGS = ConnectionSettings(provider=MEMORY, api_key="memory-key-0123456789")


class LostAnswer(TimeoutError):
    """The create reached the provider, its answer never came back."""


class MemoryFineTuning(FineTuningProvider):
    """A provider that keeps the launch tag in its own field (as Together could in ``suffix``)."""

    name = MEMORY
    capabilities = Capabilities(pause_resume=False, checkpoints=True)

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.jobs: dict[str, dict[str, Any]] = {}
        self.lose_answers = 0
        self.creates = 0
        self.ids = itertools.count(1)

    def upload_file(self, name: str, content: bytes) -> str:
        file_id = f"file-{next(self.ids)}"
        self.files[file_id] = content
        return file_id

    def _shape(self, raw: Mapping[str, Any]) -> Job:
        return {
            "id": raw["name"],
            "status": raw["state"],
            "model": raw["base"],
            "training_file": raw["train"],
            "fine_tuned_model": raw.get("output"),
            "metadata": {LAUNCH_TAG_KEY: raw["tag"]},
            "created_at": 1_700_000_000,
            "trained_tokens": raw.get("tokens"),
        }

    def create_job(self, spec: JobSpec, launch_tag: str) -> Job:
        self.creates += 1
        name = f"mem-{next(self.ids)}"
        self.jobs[name] = {
            "name": name,
            "state": "queued",
            "base": spec.base_model,
            "train": spec.training_file,
            "tag": launch_tag,
            "steps": 0,
        }
        if self.lose_answers:
            self.lose_answers -= 1
            raise LostAnswer("the answer was lost")
        return self._shape(self.jobs[name])

    def find_job_by_tag(self, launch_tag: str, training_file: str | None = None) -> Job | None:
        return next((self._shape(raw) for raw in self.jobs.values() if raw["tag"] == launch_tag), None)

    def get_job(self, job_id: str) -> Job:
        raw = self.jobs[job_id]
        raw["steps"] += 1
        if raw["steps"] >= 2:
            raw.update(state="succeeded", output=f"{raw['base']}:mem:{job_id}", tokens=1234)
        return self._shape(raw)

    def list_jobs(self, limit: int = 50) -> list[Job]:
        return [self._shape(raw) for raw in list(self.jobs.values())[:limit]]

    def list_events(self, job_id: str, known_ids: Collection[str] = ()) -> list[dict[str, Any]]:
        steps = self.jobs[job_id]["steps"]
        events = [
            {
                "id": f"{job_id}-ev-{step}",
                "created_at": 1_700_000_000 + step,
                "level": "info",
                "type": "metrics",
                "message": f"Step {step}",
                "data": {"step": step, "train_loss": 2.0 / step},
            }
            for step in range(1, steps + 1)
        ]
        return [event for event in reversed(events) if event["id"] not in known_ids]

    def list_checkpoints(self, job_id: str) -> list[dict[str, Any]]:
        return [
            {
                "id": f"{job_id}-cp-1",
                "created_at": 1_700_000_001,
                "step_number": 1,
                "fine_tuned_model_checkpoint": f"{job_id}:ckpt-1",
                "metrics": {"train_loss": 2.0},
            }
        ]

    def metrics(self, job: Mapping[str, Any]) -> str | None:
        return RESULT_CSV if job.get("status") == "succeeded" else None

    def cancel(self, job_id: str) -> Job:
        self.jobs[job_id]["state"] = "cancelled"
        return self._shape(self.jobs[job_id])


@pytest.fixture
def memory(monkeypatch) -> MemoryFineTuning:
    provider = MemoryFineTuning()
    monkeypatch.setitem(finetune_providers.ADAPTERS, MEMORY, lambda _settings: provider)
    return provider


@pytest.fixture
def project_id(store):
    pid = store.create_project("provider", settings={"training_system_prompt": "You are a café adviser."})
    store.add_examples(pid, [NewExample(f"Question {i}?", f"Answer {i}.", status="approved") for i in range(40)])
    return pid


def _launch(store, project_id, settings=SETTINGS):
    row = finetune.begin_launch(
        store, project_id, finetune.LaunchRequest(finetune.METHOD_SUPERVISED, MODEL), settings.provider
    )
    return finetune.run_launch(store, settings, row.id, sleep=lambda _s: None)


# -------------------------------------------------------------------- registry
@pytest.mark.parametrize(
    ("provider", "adapter"),
    [
        (PROVIDER_OPENAI, OpenAIFineTuning),
        (PROVIDER_COMPATIBLE, OpenAIFineTuning),
        (PROVIDER_AZURE, AzureOpenAIFineTuning),
    ],
)
def test_each_connection_gets_its_adapter(provider, adapter):
    chosen = for_connection(ConnectionSettings(provider=provider, api_key="sk-x", azure_endpoint="http://a.test"))
    assert type(chosen) is adapter and chosen.name == provider.replace(PROVIDER_COMPATIBLE, PROVIDER_OPENAI)


def test_an_unknown_provider_is_named_not_guessed():
    with pytest.raises(ValueError, match="nowhere"):
        for_connection(ConnectionSettings(provider="nowhere", api_key="sk-x"))


def test_adapters_get_their_client_from_the_factory(monkeypatch):
    built: list[ConnectionSettings] = []
    monkeypatch.setattr(finetune_providers, "make_client", lambda settings: built.append(settings) or object())
    settings = ConnectionSettings(api_key="sk-x", max_retries=0)
    for_connection(settings)
    assert built == [settings]


# ------------------------------------------------------- the workflow's seams
def _workflow_files() -> list[Path]:
    workflows = ROOT / "core/workflows"
    return [*sorted(workflows.glob("finetune*.py")), *sorted(workflows.glob("finetune/*.py"))]


def test_the_fine_tune_workflow_makes_no_sdk_call_and_builds_no_client():
    """Every provider call goes through the interface, so a second provider needs no change here."""
    sdk_parts = {"fine_tuning", "make_client", "make_async_client", "engine_client", "client"}
    found = []
    for path in _workflow_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
            file_call = (
                isinstance(node, ast.Attribute)
                and node.attr in ("create", "content")
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "files"
            )
            sdk_import = (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").split(".")[0] == "openai"
                or isinstance(node, ast.Import)
                and any(alias.name.split(".")[0] == "openai" for alias in node.names)
            )
            if name in sdk_parts or file_call or sdk_import:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}:{name}")
    assert found == []


def test_no_sql_in_the_fine_tune_workflow_and_no_upward_import_in_connection():
    """Rows are read and written in core/data/jobs.py; the connection check reads refusals there too."""
    sql = ("SELECT ", "INSERT ", "UPDATE ", "DELETE FROM")
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in _workflow_files()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and any(word in node.value.upper() for word in sql)
    ]
    assert offenders == []
    tree = ast.parse((ROOT / "core/providers/connection.py").read_text(encoding="utf-8"))
    imported = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert not [name for name in imported if name.startswith("core.workflows") or name.startswith("core.ui")]


# ---------------------------------------------------- a provider of our own
def test_a_lost_create_answer_on_another_provider_leaves_exactly_one_job(store, project_id, memory):
    memory.lose_answers = 1
    row = _launch(store, project_id)
    assert memory.creates == 1 and len(memory.jobs) == 1
    assert row.job_id == next(iter(memory.jobs)) and row.status == "queued"
    assert memory.files[row.lineage["training_file"]].count(b"\n") == row.lineage["train_examples"]


def test_a_reload_mid_create_on_another_provider_adopts_the_job(store, project_id, memory):
    row = finetune.begin_launch(store, project_id, finetune.LaunchRequest(finetune.METHOD_SUPERVISED, MODEL), MEMORY)
    memory.lose_answers = 1
    with pytest.raises(LostAnswer):  # what the create does when the page goes away in the middle
        memory.create_job(JobSpec(MODEL, "file-x", {"type": "supervised"}), row.launch_tag)
    job_store.update(store, row.id, status=finetune.STATUS_CREATING, lineage={"training_file": "file-x"})
    resumed = finetune.run_launch(store, SETTINGS, row.id, sleep=lambda _s: None)
    assert resumed.job_id == next(iter(memory.jobs)) and memory.creates == 1


def test_monitoring_another_provider_fills_events_checkpoints_and_metrics(store, project_id, memory):
    row = _launch(store, project_id)
    job_keys.record(
        store,
        finetune.job_key_name(row.id),
        job_keys.KIND_FINETUNE,
        project_id,
        job_keys.fingerprint(store, SETTINGS.api_key),
    )
    assert finetune.poll_project(store, SETTINGS, project_id) is False  # still running after one poll
    assert finetune.poll_project(store, SETTINGS, project_id) is True  # succeeded on the second
    done = finetune.get_job(store, row.id)
    assert done.status == "succeeded" and done.fine_tuned_model == f"{MODEL}:mem:{row.job_id}"
    assert [e["message"] for e in finetune.job_events(store, row.id, newest_first=False)] == ["Step 1", "Step 2"]
    assert [c["step_number"] for c in finetune.job_checkpoints(store, row.id)] == [1]
    assert finetune.result_csv(store, row.id) == RESULT_CSV
    assert finetune.fine_tuned_models(store, project_id) == [done.fine_tuned_model, f"{row.job_id}:ckpt-1"]


def test_pause_is_refused_where_the_provider_cannot_pause(store, project_id, memory):
    row = _launch(store, project_id)
    job_store.update(store, row.id, status="running")
    with pytest.raises(finetune.LaunchError) as refused:
        finetune.job_action(store, SETTINGS, row.id, "pause")
    assert refused.value.code == "action_not_allowed" and memory.jobs[row.job_id]["state"] == "queued"
    assert finetune.job_action(store, SETTINGS, row.id, "cancel").status == "cancelled"


def test_account_jobs_on_another_provider_are_adopted_by_their_tag(store, project_id, memory):
    row = _launch(store, project_id)
    job_store.update(store, row.id, job_id=None, status=finetune.STATUS_CREATING)  # its answer never stored
    others = finetune.merge_account_jobs(store, project_id, finetune.account_jobs(SETTINGS))
    assert others == [] and finetune.get_job(store, row.id).job_id == next(iter(memory.jobs))


# -------------------------------------------------------------------- azure
def test_azure_reconciles_by_scanning_without_the_metadata_filter(store, project_id, monkeypatch):
    api = FakeFineTuning(create_faults=["timeout_after_create"])
    queries: list[dict[str, str]] = []
    original = api.handle

    def spy(request):
        if request.method == "GET" and request.url.path.endswith("/fine_tuning/jobs"):
            queries.append(dict(request.url.params))
        return original(request)

    api.handle = spy
    monkeypatch.setattr(finetune_providers, "make_client", api.client)
    azure = ConnectionSettings(
        provider=PROVIDER_AZURE,
        api_key="azure-key-5678",
        azure_endpoint="http://azure.fake",
        api_version="2025-04-01-preview",
    )
    row = _launch(store, project_id, settings=azure)
    assert row.job_id == "ftjob-1" and len(api.creates()) == 1
    assert queries and not any(name.startswith("metadata[") for query in queries for name in query)


# ---------------------------------------------------------------- the store
def test_refused_launches_are_read_per_provider_and_since_a_time(store, project_id):
    request = finetune.LaunchRequest(finetune.METHOD_SUPERVISED, MODEL)
    first = finetune.begin_launch(store, project_id, request, PROVIDER_OPENAI)
    job_store.update(
        store,
        first.id,
        status=finetune.STATUS_REFUSED,
        error={"kind": "ft_not_available", "detail": "not for this org"},
    )
    stamp = finetune.get_job(store, first.id).updated_at
    assert [r["id"] for r in job_store.refused(store, project_id, PROVIDER_OPENAI)] == [first.id]
    assert job_store.refused(store, project_id, PROVIDER_AZURE) == []
    assert job_store.refused(store, project_id, PROVIDER_OPENAI, since=stamp) == []
    refusal = connection.project_refusal(store, project_id, ConnectionSettings(api_key="sk-x"))
    assert refusal is not None and refusal.message == "not for this org" and refusal.at == stamp


def test_an_update_names_only_real_columns(store, project_id):
    row = finetune.begin_launch(
        store, project_id, finetune.LaunchRequest(finetune.METHOD_SUPERVISED, MODEL), PROVIDER_OPENAI
    )
    with pytest.raises(ValueError, match="status; DROP"):
        job_store.update(store, row.id, **{"status; DROP": "x"})
    assert finetune.get_job(store, row.id).status == finetune.STATUS_PREPARING


def test_send_to_compare_adds_each_model_once_and_keeps_the_others(store, project_id):
    store.set_setting(project_id, finetune.SETTING_COMPARE_CANDIDATES, ["kept:model"])
    finetune.send_to_compare(store, project_id, "ft:a")
    finetune.send_to_compare(store, project_id, "ft:a")
    finetune.send_to_compare(store, project_id, "ft:b")
    assert store.get_setting(project_id, finetune.SETTING_COMPARE_CANDIDATES) == ["kept:model", "ft:a", "ft:b"]
