"""The Together adapter behind ``FineTuningProvider``, driven through the fine-tune workflow on the Together
stand-in: exactly-once launches (the tag rides in the suffix), status, events, checkpoints and loss in the
shapes the OpenAI monitor and charts use, and every request and answer on Together's spec."""

from __future__ import annotations

import json

import pytest
from together import Together

from core.data import jobs as job_store
from core.data.store import NewExample
from core.providers import metrics
from core.providers.finetuning import JobSpec, registry
from core.providers.finetuning import together as together_ft
from core.providers.finetuning.together import TogetherFineTuning
from core.workflows import finetune
from core.workflows import finetune_view as view
from tests.together_standin import contract

MODEL = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference"
TAG = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def project_id(store):
    pid = store.create_project("together", settings={"training_system_prompt": "당신은 카페 창업 컨설턴트입니다."})
    store.add_examples(
        pid,
        [NewExample(f"질문 {i}: 임대료는?", f"답변 {i}: 지역마다 다릅니다.", status="approved") for i in range(120)],
    )
    return pid


def _launch(store, project_id, settings, **hyperparameters):
    request = finetune.LaunchRequest(finetune.METHOD_SUPERVISED, MODEL, hyperparameters, suffix="카페 v1")
    row = finetune.begin_launch(store, project_id, request, settings.provider)
    return finetune.run_launch(store, settings, row.id, sleep=lambda _s: None)


def _creates(standin):
    return [r for r in standin.requests if r["method"] == "POST" and r.get("api_path") == "/fine-tunes"]


def test_the_launch_tag_rides_in_the_suffix_and_comes_back():
    short = TAG[: together_ft.TAG_LENGTH]
    assert together_ft.tagged_suffix(None, TAG) == short
    assert together_ft.tagged_suffix("my run!", TAG) == f"my-run-{short}"
    long = together_ft.tagged_suffix("a-very-long-name-for-a-fine-tuned-model", TAG)
    assert len(long) == together_ft.SUFFIX_MAX and long.endswith(f"-{short}")
    assert together_ft.tagged_suffix("카페", TAG) == short  # nothing Together accepts is left of the words
    assert together_ft.tag_of(long) == short and together_ft.same_tag(short, TAG)
    assert together_ft.tag_of("someone-elses-model") is None
    assert not together_ft.same_tag(short, "f" * 32) and not together_ft.same_tag("0123", TAG)


def test_a_launch_on_together_is_watched_like_an_openai_job(store, project_id, together_standin):
    together_standin.configure(clock_speed=0)
    settings = together_standin.connection()
    row = _launch(store, project_id, settings, n_epochs=2, learning_rate=0.0002, lora_r=8, n_evals=4, n_checkpoints=3)
    assert row.provider == "together" and row.status == "validating_files"
    body = _creates(together_standin)[0]["json"]
    assert body["suffix"] == f"v1-{row.launch_tag[:12]}" and body["n_epochs"] == 2 and body["learning_rate"] == 0.0002
    assert body["training_type"]["type"] == "Lora" and body["training_type"]["lora_r"] == 8
    assert body["validation_file"] and body["training_method"]["method"] == "sft"

    together_standin.advance(5 + 20 + 3 * 10)  # pending, queued, then three training steps
    assert finetune.poll_project(store, settings, project_id) is False
    running = finetune.get_job(store, row.id)
    assert running.status == "running"
    table = view.job_metrics(store, running)
    assert list(table[metrics.STEP]) == [1, 2, 3]  # the loss chart fills while the job runs
    assert table[metrics.TRAIN_LOSS].is_monotonic_decreasing

    together_standin.advance(10_000)
    assert finetune.poll_project(store, settings, project_id) is True
    done = finetune.get_job(store, row.id)
    assert done.status == "succeeded" and done.fine_tuned_model.startswith("standin-user/")
    assert done.job["trained_tokens"] > 0 and done.job["metadata"] == {finetune.METADATA_TAG: row.launch_tag[:12]}
    assert finetune.result_csv(store, row.id).startswith("step,")
    charged = together_standin.world.estimate_for(together_standin.world.get_job(row.job_id))
    assert finetune.trained_cost_usd(done, None) == pytest.approx(charged, abs=1e-9)  # what Together reports
    full = view.job_metrics(store, done)
    assert full[metrics.FULL_VALID_LOSS].notna().any()  # Together's eval/loss: the whole validation file
    checkpoints = finetune.job_checkpoints(store, row.id)
    assert checkpoints[-1]["fine_tuned_model_checkpoint"] == done.fine_tuned_model
    assert checkpoints[-1]["metrics"]["train_loss"] == full[metrics.TRAIN_LOSS].iloc[-1]  # its loss at that step
    assert checkpoints[0]["fine_tuned_model_checkpoint"] is None  # an intermediate one isn't served by name
    assert [r.id for r in finetune.together_fine_tunes(store, project_id)] == [row.id]  # Compare asks it on Together
    assert [e["message"] for e in finetune.job_events(store, row.id) if e["type"] == "message"][0].startswith(
        "Fine-tuning job completed"
    )
    assert contract.contract_problems(together_standin.requests) == []


def test_a_create_that_times_out_is_retried_after_a_look_and_makes_one_job(store, project_id, together_standin):
    together_standin.configure(hang_s=1.0, clock_speed=0)
    together_standin.fault("timeout", path_prefix="/fine-tunes", method="POST", count=1)
    row = _launch(store, project_id, together_standin.connection(timeout_s=0.3))
    assert row.job_id and row.status == "validating_files"
    assert len(_creates(together_standin)) == 2
    assert len(together_standin.world.together_jobs) == 1
    calls = [(r["method"], r.get("api_path")) for r in together_standin.requests]
    first = calls.index(("POST", "/fine-tunes"))
    assert ("GET", "/fine-tunes") in calls[first + 1 :]  # looked for the tag before the second create


def test_a_create_whose_answer_is_lost_is_found_by_its_tag_not_repeated(store, project_id, together_standin):
    together_standin.configure(hang_s=1.0, clock_speed=0)
    together_standin.fault("lost_response", path_prefix="/fine-tunes", method="POST", count=1)
    row = _launch(store, project_id, together_standin.connection(timeout_s=0.3))
    assert len(_creates(together_standin)) == 1  # the job was made: no second create
    assert list(together_standin.world.together_jobs) == [row.job_id]


def test_a_reload_mid_launch_adopts_the_job_instead_of_creating_another(store, project_id, together_standin):
    together_standin.configure(clock_speed=0)
    settings = together_standin.connection()
    request = finetune.LaunchRequest(finetune.METHOD_SUPERVISED, MODEL, provider="together")
    row = finetune.begin_launch(store, project_id, request, "together")
    files = finetune.build_files(store, project_id, request, "together")
    adapter = registry.for_connection(settings)
    train = adapter.upload_file("t.jsonl", files.train)
    made = adapter.create_job(JobSpec(MODEL, train, request.method_payload()), row.launch_tag)
    job_store.update(store, row.id, status=finetune.STATUS_CREATING, lineage={**files.lineage, "training_file": train})
    together_standin.clear_requests()
    resumed = finetune.run_launch(store, settings, row.id, sleep=lambda _s: None)
    assert resumed.job_id == made["id"] and _creates(together_standin) == []


def test_preference_training_and_full_training_reach_together(together_standin):
    adapter = TogetherFineTuning(
        Together(api_key="tgp", base_url=together_standin.root_url, max_retries=0, _strict_response_validation=True)
    )
    pair = {
        "input": {"messages": [{"role": "user", "content": "질문"}]},
        "preferred_output": [{"role": "assistant", "content": "좋은 답"}],
        "non_preferred_output": [{"role": "assistant", "content": "나쁜 답"}],
    }
    train = adapter.upload_file("dpo.jsonl", (json.dumps(pair, ensure_ascii=False) + "\n").encode() * 12)
    method = {"type": "dpo", "dpo": {"hyperparameters": {"dpo_beta": 0.2, "training_type": "full"}}}
    quote = adapter.estimate_price(JobSpec(MODEL, train, method))
    lora_quote = adapter.estimate_price(JobSpec(MODEL, train, {"type": "dpo", "dpo": {"hyperparameters": {}}}))
    assert quote.usd > lora_quote.usd > 0  # full training costs more than LoRA
    job = adapter.create_job(JobSpec(MODEL, train, method), TAG)
    sent = _creates(together_standin)[0]["json"]
    assert sent["training_method"] == {**sent["training_method"], "method": "dpo", "dpo_beta": 0.2}
    assert sent["training_type"] == {"type": "Full"}
    assert job["method"]["type"] == "dpo" and job["method"]["dpo"]["hyperparameters"]["training_type"] == "full"
    assert adapter.find_job_by_tag(TAG)["id"] == job["id"]
    assert contract.contract_problems(together_standin.requests) == []


def test_together_statuses_and_times_become_the_monitors():
    raw = {
        "id": "ft-1",
        "status": "error",
        "created_at": "2026-11-29T10:00:00.000Z",
        "updated_at": "2026-11-29T10:05:00Z",
        "suffix": f"x-{TAG[:12]}",
        "model_output_name": "me/model-x",
        "total_price": 1_500_000_000,
    }
    job = together_ft.normalise_job(raw)
    assert job["status"] == "failed" and job["fine_tuned_model"] is None
    assert job["created_at"] == 1795946400 and job["finished_at"] == 1795946400 + 300
    assert job["metadata"] == {finetune.METADATA_TAG: TAG[:12]} and job["total_price_usd"] == 1.5
    assert [
        together_ft.normalise_job({**raw, "status": s})["status"] for s in ("pending", "uploading", "completed")
    ] == [
        "validating_files",
        "running",
        "succeeded",
    ]


def test_a_together_job_is_polled_only_with_a_together_connection(store, project_id, together_standin, standin):
    together_standin.configure(clock_speed=0)
    _launch(store, project_id, together_standin.connection())
    together_standin.clear_requests()
    assert finetune.poll_project(store, standin.connection(), project_id) is True  # nothing of OpenAI's to watch
    assert together_standin.requests == [] and standin.requests == []


def test_together_errors_are_explained_like_openai_errors(together_standin):
    from core.providers import api_errors

    together_standin.configure(valid_keys=["tgp_v1_right"])
    adapter = registry.for_connection(together_standin.connection())
    with pytest.raises(Exception) as refused:
        adapter.list_jobs()
    assert api_errors.classify(refused.value).kind == api_errors.KIND_INVALID_KEY
    together_standin.configure(valid_keys=None)
    together_standin.fault("503", path_prefix="/fine-tunes")
    with pytest.raises(Exception) as busy:
        adapter.list_jobs()
    assert api_errors.classify(busy.value).retryable


def test_the_account_list_adopts_a_together_job_by_its_short_tag(store, project_id, together_standin):
    together_standin.configure(clock_speed=0)
    adapter = registry.for_connection(together_standin.connection())
    request = finetune.LaunchRequest(finetune.METHOD_SUPERVISED, MODEL, provider="together")
    row = finetune.begin_launch(store, project_id, request, "together")
    train = adapter.upload_file("t.jsonl", finetune.build_files(store, project_id, request, "together").train)
    made = adapter.create_job(JobSpec(MODEL, train, request.method_payload()), row.launch_tag)
    others = finetune.merge_account_jobs(store, project_id, adapter.list_jobs())
    assert others == [] and finetune.get_job(store, row.id).job_id == made["id"]


def test_the_file_sent_to_together_is_togethers_own_form(store):
    """A developer message becomes system and extra keys go: Together's upload check refuses both."""
    project = store.create_project("Dev roles")
    conversation = (
        {"role": "developer", "content": "Answer in one line."},
        {"role": "user", "content": "Open on Sunday?", "name": "guest"},
        {"role": "assistant", "content": "Yes, from 10."},
    )
    store.add_examples(project, [NewExample("", messages=conversation, status="approved")])
    store.add_examples(project, [NewExample(f"Q{n}?", f"A{n}.", status="approved") for n in range(11)])
    request = finetune.LaunchRequest(finetune.METHOD_SUPERVISED, "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference", {})
    lines = [json.loads(line) for line in finetune.build_files(store, project, request, "together").train.splitlines()]
    roles = [message["role"] for line in lines for message in line["messages"]]
    assert "developer" not in roles and "system" in roles
    assert all(set(message) <= {"role", "content", "weight"} for line in lines for message in line["messages"])
    # OpenAI still gets its own chat lines, developer role and all.
    openai_lines = finetune.build_files(store, project, request).train.decode()
    assert '"developer"' in openai_lines
