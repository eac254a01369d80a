"""Background work belongs to the key that started it: fingerprints, refusals, take-over and kept poll failures."""

from __future__ import annotations

import asyncio
import json

import pytest

from core.data.store import NewExample, Store
from core.dataset.sample import create_sample_project
from core.providers.client import ConnectionSettings
from core.providers.finetuning import registry as finetune_providers
from core.providers.request_runner import engine_client
from core.workflows import batch, finetune, generation, job_keys, runner
from tests.fake_finetune import FakeFineTuning
from tests.workspace_text import workspace_text

KEY_A, KEY_B = "sk-team-a-0000000000000001", "sk-visitor-b-00000000000002"
A = ConnectionSettings(api_key=KEY_A, base_url="http://fake/v1")
B = ConnectionSettings(api_key=KEY_B, base_url="http://fake/v1")


def test_a_fingerprint_is_salted_per_workspace_and_never_the_key(store, tmp_path):
    first = job_keys.fingerprint(store, KEY_A)
    assert first == job_keys.fingerprint(store, KEY_A) != job_keys.fingerprint(store, KEY_B)
    assert KEY_A not in first and KEY_A[-8:] not in first
    assert job_keys.fingerprint(store, None) is None
    with Store(tmp_path / "other.sqlite3") as other:
        assert job_keys.fingerprint(other, KEY_A) != first  # another workspace, another salt
    dump = workspace_text(store)
    assert KEY_A not in dump


def test_only_the_starting_key_or_the_unlocked_owner_controls_a_run_until_taken_over(store):
    project = create_sample_project(store)
    run_id = generation.create_run(
        store, project, generation.GenSettings(), generation.target_ids(store, project, "all")
    )
    assert generation.claim(store, run_id, A)
    name = generation.job_name(run_id)
    fp_a, fp_b = job_keys.fingerprint(store, KEY_A), job_keys.fingerprint(store, KEY_B)
    assert job_keys.access(store, name, fp_a) == job_keys.ACCESS_OWN
    assert job_keys.access(store, name, fp_b) == job_keys.ACCESS_OTHER
    assert job_keys.access(store, name, fp_b, owner_unlocked=True) == job_keys.ACCESS_OWNER
    assert job_keys.access(store, name, None) == job_keys.ACCESS_NO_KEY
    assert generation.pause_run(store, run_id, B) is False
    assert generation.cancel_run(store, run_id, B) is False
    assert generation.get_run(store, run_id).status == generation.STATUS_RUNNING
    assert generation.pause_run(store, run_id, A) is True
    assert generation.start_run(store, run_id, B) is False  # B's resume sends nothing
    assert not runner.is_running(name)
    job_keys.take_over(store, name, fp_b)
    assert job_keys.access(store, name, fp_b) == job_keys.ACCESS_OWN
    assert job_keys.access(store, name, fp_a) == job_keys.ACCESS_OTHER


@pytest.fixture
def fake(monkeypatch):
    api = FakeFineTuning()
    monkeypatch.setattr(finetune_providers, "make_client", api.client)
    return api


@pytest.fixture
def ft_project(store):
    pid = store.create_project("ft")
    store.add_examples(pid, [NewExample(f"Question {i}?", f"Answer {i}.", status="approved") for i in range(20)])
    return pid


def _begin(store, project_id):
    request = finetune.LaunchRequest(finetune.METHOD_SUPERVISED, "gpt-4.1-mini-2025-04-14")
    return finetune.begin_launch(store, project_id, request, "openai")


def test_a_visitor_opening_fine_tune_never_resumes_a_launch_started_with_another_key(store, ft_project, fake):
    row = _begin(store, ft_project)
    job_keys.record(
        store, finetune.job_key_name(row.id), job_keys.KIND_FINETUNE, ft_project, job_keys.fingerprint(store, KEY_A)
    )
    assert finetune.resume_own_launches(store, B, ft_project) == []
    assert not runner.is_running(finetune.launch_worker_name(row.id))
    assert fake.requests == []  # nothing was sent with B's key
    with pytest.raises(finetune.LaunchError):
        finetune.job_action(store, B, row.id, "cancel")


def test_the_monitor_polls_only_its_own_key_s_jobs_and_keeps_a_failed_poll_on_the_job(store, ft_project, fake):
    row = finetune.run_launch(store, A, _begin(store, ft_project).id, sleep=lambda _s: None)
    job_keys.record(
        store, finetune.job_key_name(row.id), job_keys.KIND_FINETUNE, ft_project, job_keys.fingerprint(store, KEY_A)
    )
    before = len(fake.requests)
    assert finetune.poll_project(store, B, ft_project)  # nothing of B's to watch
    assert len(fake.requests) == before
    fake.jobs.clear()  # the provider no longer knows the job: the poll fails
    assert not finetune.poll_project(store, A, ft_project)
    stored = job_keys.last_error(store, finetune.job_key_name(row.id))
    assert stored and json.loads(stored)["kind"]
    assert finetune.monitor_name(ft_project, "a" * 64) != finetune.monitor_name(ft_project, "b" * 64)


def test_after_a_restart_another_key_never_polls_or_fails_a_batch(store, standin):
    project = create_sample_project(store)
    settings = generation.GenSettings(mode=generation.MODE_BATCH, max_tokens=50)
    run_id = generation.create_run(store, project, settings, generation.target_ids(store, project, "missing"))
    owner = standin.connection(api_key=KEY_A)
    stranger = standin.connection(api_key=KEY_B)
    standin.configure(clock_speed=0.001, valid_keys=[KEY_A])
    assert generation.claim(store, run_id, owner)

    async def submit():
        client = engine_client(owner)
        try:
            await batch.submit(store, run_id, owner, client)
        finally:
            await client.close()

    asyncio.run(submit())
    assert batch.resume_polling(store, project, stranger) == []
    assert generation.get_run(store, run_id).status == generation.STATUS_RUNNING
    assert not batch.cancel(store, run_id, stranger)
    assert generation.get_run(store, run_id).status == generation.STATUS_RUNNING


def test_a_failed_batch_poll_is_kept_on_the_run_and_does_not_fail_the_batch(store, standin):
    project = create_sample_project(store)
    settings = generation.GenSettings(mode=generation.MODE_BATCH, max_tokens=50)
    run_id = generation.create_run(store, project, settings, generation.target_ids(store, project, "missing"))
    owner = standin.connection(api_key=KEY_A)
    standin.configure(clock_speed=0.001, valid_keys=[KEY_A])
    assert generation.claim(store, run_id, owner)

    async def submit_then_poll_with_a_revoked_key():
        client = engine_client(owner)
        try:
            await batch.submit(store, run_id, owner, client)
        finally:
            await client.close()
        standin.configure(valid_keys=["sk-someone-else"])  # the key was revoked meanwhile
        client = engine_client(owner)
        try:
            return await batch.submit_and_poll(store.path, run_id, owner, client=client, poll_interval_s=0.01)
        finally:
            await client.close()

    assert asyncio.run(submit_then_poll_with_a_revoked_key()) == "poll_failed"
    assert generation.get_run(store, run_id).status == generation.STATUS_RUNNING
    problem = generation.problem_from_text(job_keys.last_error(store, generation.job_name(run_id)))
    assert problem is not None and problem.kind == "invalid_key"
