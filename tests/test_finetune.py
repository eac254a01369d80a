"""Launching exactly once, refusals, Azure, and monitoring, against an exact fake of the API."""

from __future__ import annotations

import pytest

from core.data import jobs as job_store
from core.data.store import NewExample
from core.i18n import t
from core.providers import api_errors, metrics
from core.providers.client import PROVIDER_AZURE, ConnectionSettings
from core.providers.finetuning import registry as finetune_providers
from core.providers.finetuning.openai import OpenAIFineTuning
from core.workflows import finetune, job_keys
from core.workflows.finetune import monitor as finetune_monitor
from tests.fake_finetune import FakeFineTuning

SETTINGS = ConnectionSettings(api_key="sk-test-key-1234", base_url="http://fake/v1")
AZURE = ConnectionSettings(
    provider=PROVIDER_AZURE,
    api_key="azure-key-5678",
    azure_endpoint="http://azure.fake",
    api_version="2025-04-01-preview",
)


class Crash(BaseException):
    """Stands for the server process dying in the middle of a launch."""


@pytest.fixture
def fake(monkeypatch):
    api = FakeFineTuning()
    monkeypatch.setattr(finetune_providers, "make_client", api.client)
    return api


@pytest.fixture
def project_id(store):
    pid = store.create_project("ft", settings={"training_system_prompt": "You are a café adviser."})
    store.add_examples(pid, [NewExample(f"Question {i}?", f"Answer {i}.", status="approved") for i in range(100)])
    return pid


def _launch(store, project_id, settings=SETTINGS, **request):
    fields = {"method": finetune.METHOD_SUPERVISED, "base_model": "gpt-4.1-mini-2025-04-14", **request}
    row = finetune.begin_launch(store, project_id, finetune.LaunchRequest(**fields), settings.provider)
    return finetune.run_launch(store, settings, row.id, sleep=lambda _s: None)


def test_launch_sends_method_hyperparameters_metadata_and_records_lineage(store, project_id, fake):
    row = _launch(
        store,
        project_id,
        hyperparameters={"n_epochs": 2, "batch_size": "auto", "learning_rate_multiplier": 0.5, "beta": 0.3},
        suffix="cafe",
        seed=11,
    )
    [create] = fake.creates()
    assert "hyperparameters" not in create  # never the deprecated top-level field
    assert create["method"] == {
        "type": "supervised",
        "supervised": {"hyperparameters": {"n_epochs": 2, "learning_rate_multiplier": 0.5}},
    }
    assert create["metadata"][finetune.METADATA_TAG] == row.launch_tag
    assert (create["suffix"], create["seed"]) == ("cafe", 11)
    assert row.job_id == "ftjob-1" and row.status == "validating_files"
    assert row.lineage["training_file"] == create["training_file"]
    assert row.lineage["validation_file"] == create["validation_file"]
    assert (row.lineage["train_examples"], row.lineage["valid_examples"]) == (90, 10)
    assert row.split_id == row.lineage["split_id"] and len(row.lineage["dataset_hash"]) == 64
    uploaded = fake.files[create["training_file"]].decode()
    assert uploaded.count("\n") == row.lineage["train_examples"]
    assert "You are a café adviser." in uploaded


def test_a_create_that_timed_out_but_succeeded_is_not_repeated(store, project_id, fake):
    fake.create_faults = ["timeout_after_create"]
    row = _launch(store, project_id)
    assert len(fake.jobs) == 1
    assert len(fake.creates()) == 1  # the reconcile found the job: no second create
    assert row.job_id == "ftjob-1" and row.error is None


def test_a_create_that_timed_out_before_landing_is_retried_once(store, project_id, fake):
    fake.create_faults = ["timeout_before_create"]
    row = _launch(store, project_id)
    assert len(fake.creates()) == 2 and len(fake.jobs) == 1
    assert row.job_id == "ftjob-1"


def test_reconcile_scans_the_jobs_when_the_server_ignores_the_metadata_filter(store, project_id, fake):
    fake.ignore_metadata_filter = True
    # Somebody else's job on the same account must not be taken for ours.
    fake.jobs["ftjob-other"] = {
        "id": "ftjob-other",
        "created_at": 1,
        "status": "running",
        "metadata": {},
        "training_file": "file-x",
        "model": "gpt-4o-mini-2024-07-18",
    }
    fake.create_faults = ["timeout_after_create"]
    row = _launch(store, project_id)
    assert len(fake.creates()) == 1 and row.job_id != "ftjob-other"
    assert fake.jobs[row.job_id]["metadata"][finetune.METADATA_TAG] == row.launch_tag


def test_reload_mid_launch_reconciles_instead_of_creating_again(store, project_id, fake):
    fake.create_faults = ["timeout_after_create"]
    request = finetune.LaunchRequest(finetune.METHOD_SUPERVISED, "gpt-4.1-mini-2025-04-14")
    row = finetune.begin_launch(store, project_id, request, "openai")

    def die(_seconds):
        raise Crash

    with pytest.raises(Crash):
        finetune.run_launch(store, SETTINGS, row.id, sleep=die)
    half_done = finetune.get_job(store, row.id)
    assert half_done.status == finetune.STATUS_CREATING and half_done.job_id is None
    assert [r.id for r in finetune.stale_launches(store, project_id)] == [row.id]
    resumed = finetune.run_launch(store, SETTINGS, row.id, sleep=lambda _s: None)
    assert resumed.job_id == "ftjob-1"
    assert len(fake.jobs) == 1 and len(fake.creates()) == 1
    uploads = [r for r in fake.requests if r[1] == "/files"]
    assert len(uploads) == 2  # train + validation, uploaded once
    assert finetune.stale_launches(store, project_id) == []


def test_refused_create_is_stored_with_a_plain_explanation(store, project_id, fake):
    fake.create_faults = ["403"]
    row = _launch(store, project_id)
    assert row.status == finetune.STATUS_REFUSED and row.job_id is None and row.is_final
    assert row.problem is not None and row.problem.kind == api_errors.KIND_FT_NOT_AVAILABLE
    assert len(fake.creates()) == 1  # a refusal is not retried
    text = api_errors.explain(row.problem, "ko")
    assert text and "sk-" not in text
    assert "sk-test-key" not in str(row.error) and "sk-test-key" not in str(row.settings)


def test_azure_launch_uses_azure_paths_and_api_version(store, project_id, fake):
    row = _launch(store, project_id, settings=AZURE)
    assert row.provider == PROVIDER_AZURE and row.job_id == "ftjob-1"
    assert len(fake.creates()) == 1
    # The fake only answered because the client sent Azure's /openai/… paths; check the api-version too.
    transport_paths = [p for _m, p, _b in fake.requests]
    assert "/fine_tuning/jobs" in transport_paths


def test_azure_requests_carry_api_version(store, project_id, monkeypatch):
    seen = []
    api = FakeFineTuning()
    original = api.handle

    def spy(request):
        seen.append((request.url.path, request.url.params.get("api-version")))
        return original(request)

    api.handle = spy
    monkeypatch.setattr(finetune_providers, "make_client", api.client)
    _launch(store, project_id, settings=AZURE)
    assert seen and all(path.startswith("/openai/") and version == "2025-04-01-preview" for path, version in seen)


def test_dpo_launch_sends_pairs_and_beta(store, project_id, fake):
    for example in store.iter_examples(project_id):
        store.update_example(example.id, answer=example.answer + " With more detail about costs.")
    row = _launch(store, project_id, method=finetune.METHOD_DPO, hyperparameters={"beta": 0.2, "n_epochs": "auto"})
    [create] = fake.creates()
    assert create["method"] == {"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.2}}}
    first_line = fake.files[create["training_file"]].decode().splitlines()[0]
    assert '"preferred_output"' in first_line and '"non_preferred_output"' in first_line
    assert row.lineage["left_out"] == 0


@pytest.mark.parametrize(
    ("approved", "reason"), [(10, "small_dataset"), (12, "small_dataset"), (30, "valid_below_minimum")]
)
def test_examples_a_validation_file_cant_hold_are_trained_on_not_dropped(store, fake, approved, reason):
    # Ten approved examples used to be split 9/1; the 1 was dropped and OpenAI refused 9.
    pid = store.create_project("small")
    store.add_examples(pid, [NewExample(f"Q{i}?", f"A{i}.", status="approved") for i in range(approved)])
    row = _launch(store, pid)
    [create] = fake.creates()
    assert "validation_file" not in create
    assert fake.files[create["training_file"]].decode().count("\n") == approved
    assert (row.lineage["train_examples"], row.lineage["valid_examples"]) == (approved, 0)
    assert row.lineage["validation"] == reason


def test_unticking_validation_trains_on_every_example(store, project_id, fake):
    row = _launch(store, project_id, use_validation=False)
    [create] = fake.creates()
    assert "validation_file" not in create
    assert (row.lineage["train_examples"], row.lineage["valid_examples"]) == (100, 0)


@pytest.mark.parametrize("provider_settings", [SETTINGS, AZURE], ids=["openai", "azure"])
def test_a_training_file_under_the_providers_minimum_is_never_sent(store, fake, provider_settings):
    pid = store.create_project("nine")
    store.add_examples(pid, [NewExample(f"Q{i}?", f"A{i}.", status="approved") for i in range(9)])
    row = _launch(store, pid, settings=provider_settings)
    assert row.status == finetune.STATUS_LAUNCH_FAILED and row.error == {"kind": "launch.too_few_examples"}
    assert fake.requests == []
    assert t("finetune.error.too_few_examples", "ko") in finetune_view_error(row)


def test_dpo_with_three_pairs_is_never_sent(store, fake):
    pid = store.create_project("dpo3")
    ids = store.add_examples(pid, [NewExample(f"Q{i}?", f"A{i}.", status="approved") for i in range(12)])
    for example_id in ids[:3]:
        store.update_example(example_id, answer="A much longer, reviewed answer with rent and staff costs.")
    row = _launch(store, pid, method=finetune.METHOD_DPO)
    assert row.status == finetune.STATUS_LAUNCH_FAILED and row.error == {"kind": "launch.too_few_examples"}
    assert fake.requests == []


def finetune_view_error(row) -> str:
    from core.workflows.finetune_view import error_text

    return error_text(row, "ko") or ""


def test_no_approved_examples_is_a_plain_launch_failure(store, fake):
    pid = store.create_project("empty")
    row = _launch(store, pid)
    assert row.status == finetune.STATUS_LAUNCH_FAILED and row.error == {"kind": "launch.no_training_data"}
    assert fake.requests == []


def test_polling_stores_events_checkpoints_and_the_result_until_final(store, project_id, fake):
    row = _launch(store, project_id)
    rounds = 0
    while not finetune.poll_project(store, SETTINGS, project_id):
        rounds += 1
        assert rounds < 10
    done = finetune.get_job(store, row.id)
    assert done.status == "succeeded" and done.fine_tuned_model.startswith("ft:gpt-4.1-mini")
    events = finetune.job_events(store, row.id)
    assert events[0]["message"] == "The job has successfully completed"  # newest first
    assert len([e for e in events if e["type"] == "metrics"]) == 3
    table = metrics.merge(
        {
            "event": metrics.from_events(finetune.job_events(store, row.id, newest_first=False)),
            "checkpoint": metrics.from_checkpoints(finetune.job_checkpoints(store, row.id)),
            "csv": metrics.from_result_csv(finetune.result_csv(store, row.id)),
        }
    )
    assert list(table[metrics.STEP]) == [1, 2, 3]
    assert table.loc[2, metrics.FULL_VALID_LOSS] == 1.8  # from the base64 result CSV
    models = finetune.fine_tuned_models(store, project_id)
    assert models[0] == done.fine_tuned_model and any("ckpt-step-2" in m for m in models)
    assert finetune.trained_cost_usd(done, None) == pytest.approx(3000 * 5.00 / 1_000_000)
    assert not finetune.has_active_jobs(store, project_id)
    # Polling again adds nothing twice.
    finetune.poll_job(store, OpenAIFineTuning(fake.client(SETTINGS)), done)
    assert len(finetune.job_events(store, row.id)) == len(events)


def test_actions_follow_the_status(store, project_id, fake):
    row = _launch(store, project_id)
    assert row.allowed("cancel") and not row.allowed("resume")
    with pytest.raises(finetune.LaunchError):
        finetune.job_action(store, SETTINGS, row.id, "resume")
    fake.steps_per_poll = 0
    finetune.poll_project(store, SETTINGS, project_id)  # → running
    paused = finetune.job_action(store, SETTINGS, row.id, "pause")
    assert paused.status == "paused" and paused.allowed("resume")
    cancelled = finetune.job_action(store, SETTINGS, row.id, "cancel")
    assert cancelled.status == "cancelled" and not cancelled.allowed("cancel")


def test_account_jobs_are_merged_and_a_tagged_job_is_adopted(store, project_id, fake):
    request = finetune.LaunchRequest(finetune.METHOD_SUPERVISED, "gpt-4.1-mini-2025-04-14")
    orphan = finetune.begin_launch(store, project_id, request, "openai")
    account = [
        {"id": "ftjob-9", "status": "running", "metadata": {finetune.METADATA_TAG: orphan.launch_tag}},
        {"id": "ftjob-elsewhere", "status": "succeeded", "metadata": None},
    ]
    others = finetune.merge_account_jobs(store, project_id, account)
    assert [job["id"] for job in others] == ["ftjob-elsewhere"]
    adopted = finetune.get_job(store, orphan.id)
    assert adopted.job_id == "ftjob-9" and adopted.status == "running"


def test_send_to_compare_offers_the_model(store, project_id):
    finetune.send_to_compare(store, project_id, "ft:gpt-4o-mini:org:x:ckpt-step-5")
    finetune.send_to_compare(store, project_id, "ft:gpt-4o-mini:org:x:ckpt-step-5")
    assert finetune.fine_tuned_models(store, project_id) == ["ft:gpt-4o-mini:org:x:ckpt-step-5"]


@pytest.mark.parametrize(
    ("n", "chosen", "epochs"), [(10, "auto", 10), (50, "auto", 3), (20_000, "auto", 1), (10, 4, 4)]
)
def test_expected_epochs_follows_openais_auto_rule(n, chosen, epochs):
    assert finetune.expected_epochs(n, chosen) == epochs


def test_a_failed_job_keeps_the_reason_in_plain_words(store, project_id, fake):
    from core.workflows import finetune_view

    row = _launch(store, project_id)
    fake.jobs[row.job_id].update(
        status="failed",
        error={
            "code": "invalid_training_file",
            "message": "Example 3 has no assistant message.",
            "param": "training_file",
        },
    )
    failed = finetune.poll_job(store, OpenAIFineTuning(fake.client(SETTINGS)), row)
    assert failed.status == "failed" and failed.is_final
    text = finetune_view.error_text(failed, "en")
    assert "Example 3 has no assistant message." in text and text.startswith("The training job failed")
    assert "Example 3" in finetune_view.error_text(failed, "ko")


def test_a_second_launch_while_one_is_in_flight_is_refused(store, project_id):
    request = finetune.LaunchRequest(finetune.METHOD_SUPERVISED, "gpt-4.1-mini-2025-04-14")
    first = finetune.begin_launch(store, project_id, request, "openai")
    with pytest.raises(finetune.LaunchError) as refused:
        finetune.begin_launch(store, project_id, request, "openai")
    assert refused.value.code == "launch_in_progress"
    job_store.update(store, first.id, status="queued", job_id="ftjob-1")
    assert finetune.begin_launch(store, project_id, request, "openai").id != first.id


def test_an_action_the_api_rejects_comes_back_in_plain_words(store, project_id, fake):
    from core.workflows import finetune_view

    row = _launch(store, project_id)
    del fake.jobs[row.job_id]  # gone on the server: the API answers 404
    problem = finetune_view.run_action(store, SETTINGS, row.id, "cancel", "en")
    assert problem and "Traceback" not in problem
    assert finetune_view.run_action(store, SETTINGS, row.id, "resume", "en") == t(
        "finetune.error.action_not_allowed", "en"
    )


def test_the_monitor_reads_its_poll_interval_when_it_starts(store, project_id, fake, monkeypatch):
    from core.workflows import runner

    waits: list[float] = []
    real_sleep = finetune_monitor.asyncio.sleep

    async def recorded_sleep(seconds: float) -> None:
        waits.append(seconds)
        await real_sleep(0)

    row = _launch(store, project_id)
    monkeypatch.setattr(finetune_monitor.asyncio, "sleep", recorded_sleep)
    monkeypatch.setenv(finetune.POLL_INTERVAL_ENV, "0.25")  # set after the module was imported
    assert finetune.poll_interval_s() == 0.25
    assert finetune.start_monitor(store, SETTINGS, project_id)
    assert runner.wait(finetune.monitor_name(project_id, job_keys.fingerprint(store, SETTINGS.api_key)), timeout=10)
    assert finetune.get_job(store, row.id).status == "succeeded"
    assert waits and set(waits) == {0.25}
    monkeypatch.setenv(finetune.POLL_INTERVAL_ENV, "not a number")
    assert finetune.poll_interval_s() == finetune.DEFAULT_POLL_INTERVAL_S
    monkeypatch.delenv(finetune.POLL_INTERVAL_ENV)
    assert finetune.poll_interval_s() == finetune.DEFAULT_POLL_INTERVAL_S
