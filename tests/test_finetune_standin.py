"""The fine-tune flow end to end against the local OpenAI stand-in (a real HTTP server)."""

from __future__ import annotations

import time

import pytest

from core.data import jobs as job_store
from core.data.store import NewExample
from core.providers import metrics
from core.providers.client import make_client
from core.workflows import finetune, runner
from core.workflows import finetune_view as view

MODEL = "gpt-4.1-mini-2025-04-14"


@pytest.fixture
def project_id(store):
    pid = store.create_project("ft standin", settings={"training_system_prompt": "당신은 카페 창업 컨설턴트입니다."})
    store.add_examples(
        pid,
        [
            NewExample(f"질문 {i}: 임대료는 얼마인가요?", f"답변 {i}: 지역마다 다릅니다.", status="approved")
            for i in range(40)
        ],
    )
    return pid


def _launch(store, project_id, settings, **request):
    fields = {"method": finetune.METHOD_SUPERVISED, "base_model": MODEL, **request}
    row = finetune.begin_launch(store, project_id, finetune.LaunchRequest(**fields), settings.provider)
    return finetune.run_launch(store, settings, row.id, sleep=lambda _s: None)


def _creates(standin):
    return [r for r in standin.requests if r["method"] == "POST" and r.get("api_path") == "/fine_tuning/jobs"]


def _account_jobs(standin):
    return standin.world.list_jobs_raw()


def test_create_timeout_is_retried_after_a_reconcile_and_makes_one_job(store, project_id, standin):
    standin.configure(hang_s=1.0)
    standin.fault("timeout", path_prefix="/fine_tuning/jobs", method="POST", count=1)
    row = _launch(store, project_id, standin.connection(timeout_s=0.3))
    assert row.job_id and row.status in finetune.ACTIVE_STATUSES
    assert len(_creates(standin)) == 2
    assert len(_account_jobs(standin)) == 1
    # The retry was preceded by a look for the tag in the account's jobs.
    paths = [(r["method"], r.get("api_path"), r["query"]) for r in standin.requests]
    first_create = next(i for i, p in enumerate(paths) if p[:2] == ("POST", "/fine_tuning/jobs"))
    looks = [p for p in paths[first_create + 1 :] if p[:2] == ("GET", "/fine_tuning/jobs")]
    assert looks and looks[0][2].get(f"metadata[{finetune.METADATA_TAG}]") == row.launch_tag


def test_reload_mid_launch_adopts_the_job_the_lost_response_created(store, project_id, standin):
    settings = standin.connection()
    request = finetune.LaunchRequest(finetune.METHOD_SUPERVISED, MODEL)
    row = finetune.begin_launch(store, project_id, request, "openai")
    # The launch got as far as uploading and sending the create; its answer was lost with the page.
    files = finetune.build_files(store, project_id, request)
    client = make_client(settings)
    train_id = client.files.create(file=("t.jsonl", files.train), purpose="fine-tune").id
    client.fine_tuning.jobs.create(
        model=MODEL, training_file=train_id, metadata={finetune.METADATA_TAG: row.launch_tag}
    )
    job_store.update(
        store, row.id, status=finetune.STATUS_CREATING, lineage={**files.lineage, "training_file": train_id}
    )
    standin.clear_requests()
    assert [r.id for r in finetune.stale_launches(store, project_id)] == [row.id]
    resumed = finetune.run_launch(store, settings, row.id, sleep=lambda _s: None)
    assert resumed.job_id == _account_jobs(standin)[0].id
    assert _creates(standin) == [] and len(_account_jobs(standin)) == 1


def test_forbidden_create_is_stored_as_refused(store, project_id, standin):
    standin.fault("ft_forbidden", path_prefix="/fine_tuning/jobs", method="POST", count=1)
    row = _launch(store, project_id, standin.connection())
    assert row.status == finetune.STATUS_REFUSED and row.job_id is None
    assert len(_creates(standin)) == 1 and _account_jobs(standin) == []
    assert view.error_text(row, "en") and view.error_text(row, "ko")


def test_azure_flow_runs_on_azure_paths_to_success(store, project_id, standin):
    standin.configure(clock_speed=100_000, result_csv_base64=True)
    settings = standin.azure_connection()
    row = _launch(store, project_id, settings)
    assert row.provider == "azure" and row.job_id
    deadline = time.monotonic() + 20
    while not finetune.poll_project(store, settings, project_id):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    done = finetune.get_job(store, row.id)
    assert done.status == "succeeded" and done.fine_tuned_model
    api_requests = [r for r in standin.requests if r.get("api_path")]
    assert api_requests and all(r["azure"] and r["query"].get("api-version") for r in api_requests)
    table = view.job_metrics(store, done)
    steps = done.job["method"]["supervised"]["hyperparameters"]
    assert len(table) >= 1 and table[metrics.TRAIN_LOSS].notna().all()
    assert steps["n_epochs"] >= 1
    stored = finetune.result_csv(store, done.id)
    assert stored and "step" not in stored.splitlines()[0]  # it came base64-encoded…
    assert len(metrics.from_result_csv(stored)) == len(table)  # …and was decoded step for step
    assert done.fine_tuned_model in finetune.fine_tuned_models(store, project_id)


def test_the_sample_project_trains_on_the_first_launch(store, standin):
    """The guided path as shipped: open the sample, generate, approve all, Preview's plan, launch: it succeeds."""
    from core.dataset.sample import create_sample_project, sample_questions
    from core.dataset.upload_plan import plan_upload
    from core.workflows import generation

    standin.configure(clock_speed=100_000)
    settings = standin.connection()
    project_id = create_sample_project(store)
    ids = generation.target_ids(store, project_id, generation.SCOPE_MISSING)
    assert len(ids) == len(sample_questions()) >= 30
    run_id = generation.create_run(store, project_id, generation.load_options(store, project_id), ids)
    assert generation.start_run(store, run_id, settings)
    assert runner.wait(generation.job_name(run_id), 60)
    assert generation.run_progress(store, run_id).done == len(ids)
    store.set_status(ids, "approved")
    plan = plan_upload(store, project_id, provider=settings.provider)  # what Preview shows
    assert not plan.blocked and plan.train_count == len(ids)
    row = _launch(store, project_id, settings)
    assert row.job_id, row.error
    deadline = time.monotonic() + 30
    while not finetune.poll_project(store, settings, project_id):
        assert time.monotonic() < deadline, "the job never finished"
        time.sleep(0.05)
    done = finetune.get_job(store, row.id)
    assert done.status == "succeeded", done.error
    assert done.lineage["train_examples"] == plan.train_count and done.fine_tuned_model


def test_ten_approved_examples_train_on_the_standin(store, standin):
    """OpenAI's minimum exactly: the launch sends all ten (it used to hold one out and send nine)."""
    standin.configure(clock_speed=100_000)
    settings = standin.connection()
    pid = store.create_project("ten")
    store.add_examples(pid, [NewExample(f"질문 {i}?", f"답변 {i}.", status="approved") for i in range(10)])
    row = _launch(store, pid, settings)
    deadline = time.monotonic() + 30
    while not finetune.poll_project(store, settings, pid):
        assert time.monotonic() < deadline, "the job never finished"
        time.sleep(0.05)
    done = finetune.get_job(store, row.id)
    assert done.status == "succeeded", done.error
