"""The stand-in's own behaviour: answers, knobs, faults, clock, files, fine-tuning, batches, Azure."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
import time

import httpx2
import openai
import pytest

from core.providers.client import make_client
from tests.openai_standin import StandIn

MESSAGES = [
    {"role": "system", "content": "You are a café adviser."},
    {"role": "user", "content": "How much rent can a small café afford?"},
]


def _ask(client: openai.OpenAI, model: str = "gpt-4o-mini", messages: list | None = None, **kwargs):
    return client.chat.completions.create(model=model, messages=messages or MESSAGES, **kwargs)


def _training_jsonl(count: int = 12, bad_line: int | None = None) -> bytes:
    rows = []
    for index in range(count):
        if bad_line is not None and index + 1 == bad_line:
            rows.append(json.dumps({"messages": [{"role": "user", "content": f"question {index}"}]}))
        else:
            rows.append(
                json.dumps(
                    {
                        "messages": [
                            {"role": "system", "content": "You are a café adviser."},
                            {"role": "user", "content": f"question {index}"},
                            {"role": "assistant", "content": f"trained answer {index}"},
                        ]
                    },
                    ensure_ascii=False,
                )
            )
    return ("\n".join(rows) + "\n").encode()


# --- chat and models -----------------------------------------------------------------------------
def test_chat_answers_are_deterministic_with_usage_and_rate_headers(standin: StandIn) -> None:
    client = make_client(standin.connection())
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MESSAGES)
    first = raw.parse()
    second = _ask(client)
    assert first.choices[0].message.content == second.choices[0].message.content
    assert "How much rent" in first.choices[0].message.content
    other = _ask(client, messages=[{"role": "user", "content": "Another question"}])
    assert other.choices[0].message.content != first.choices[0].message.content
    assert first.usage.prompt_tokens > 0 and first.usage.completion_tokens > 0
    assert first.usage.total_tokens == first.usage.prompt_tokens + first.usage.completion_tokens
    for header in (
        "x-ratelimit-limit-requests",
        "x-ratelimit-remaining-requests",
        "x-ratelimit-limit-tokens",
        "x-ratelimit-remaining-tokens",
        "x-ratelimit-reset-requests",
        "x-ratelimit-reset-tokens",
    ):
        assert header in raw.headers


def test_max_tokens_truncates_with_finish_reason_length(standin: StandIn) -> None:
    result = _ask(make_client(standin.connection()), max_tokens=3)
    assert result.choices[0].finish_reason == "length"
    assert len(result.choices[0].message.content.split()) == 3


def test_n_choices_differ(standin: StandIn) -> None:
    result = _ask(make_client(standin.connection()), n=3)
    assert len({c.message.content for c in result.choices}) == 3


def test_models_list_and_retrieve(standin: StandIn) -> None:
    client = make_client(standin.connection())
    ids = [m.id for m in client.models.list()]
    assert "gpt-4o-mini-2024-07-18" in ids and "gpt-5-mini" in ids
    assert client.models.retrieve("gpt-4o-mini").id == "gpt-4o-mini"
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("gpt-99")
    with pytest.raises(openai.NotFoundError):
        _ask(client, model="gpt-99")
    standin.configure(models=["gpt-4o-mini"])
    assert [m.id for m in client.models.list()] == ["gpt-4o-mini"]


def test_streaming_chat(standin: StandIn) -> None:
    client = make_client(standin.connection())
    chunks = list(
        client.chat.completions.create(
            model="gpt-4o-mini", messages=MESSAGES, stream=True, stream_options={"include_usage": True}
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == _ask(client).choices[0].message.content
    assert chunks[-1].usage is not None


# --- knobs -----------------------------------------------------------------------------------------
def test_latency_knob(standin: StandIn) -> None:
    client = make_client(standin.connection())
    standin.configure(latency_s=0.3)
    started = time.monotonic()
    _ask(client)
    assert time.monotonic() - started >= 0.3


def test_rpm_limit_gives_429_with_retry_after(standin: StandIn) -> None:
    client = make_client(standin.connection())
    standin.configure(rpm=2, rate_window_s=1.0)
    _ask(client)
    _ask(client)
    with pytest.raises(openai.RateLimitError) as caught:
        _ask(client)
    assert caught.value.code == "rate_limit_exceeded"
    headers = caught.value.response.headers
    assert 0 < float(headers["retry-after-ms"]) <= 1000 and int(headers["retry-after"]) >= 1
    time.sleep(float(headers["retry-after-ms"]) / 1000 + 0.05)
    assert _ask(client).choices  # the window moved on


def test_tpm_limit(standin: StandIn) -> None:
    client = make_client(standin.connection())
    standin.configure(tpm=40, rate_window_s=30)
    _ask(client, max_tokens=10)
    with pytest.raises(openai.RateLimitError) as caught:
        _ask(client, max_tokens=10)
    assert "TPM" in caught.value.message and caught.value.code == "rate_limit_exceeded"


@pytest.mark.parametrize(
    ("kind", "exc_type", "code"),
    [
        ("500", openai.InternalServerError, None),
        ("503", openai.InternalServerError, None),
        ("invalid_api_key", openai.AuthenticationError, "invalid_api_key"),
        ("insufficient_quota", openai.RateLimitError, "insufficient_quota"),
    ],
)
def test_faults_fire_once_by_default(standin: StandIn, kind: str, exc_type: type, code: str | None) -> None:
    client = make_client(standin.connection())
    standin.fault(kind)
    with pytest.raises(exc_type) as caught:
        _ask(client)
    assert caught.value.code == code
    assert _ask(client).choices  # next call is fine


def test_fault_on_the_nth_call_and_path_prefix(standin: StandIn) -> None:
    client = make_client(standin.connection())
    standin.fault("503", on_call=3, path_prefix="/chat/completions")
    client.models.list()  # does not count: other path
    _ask(client)
    _ask(client)
    with pytest.raises(openai.InternalServerError) as caught:
        _ask(client)
    assert caught.value.status_code == 503
    _ask(client)


def test_fault_rate_is_roughly_respected(standin: StandIn) -> None:
    client = make_client(standin.connection())
    standin.fault("500", rate=0.5)
    failures = 0
    for _ in range(20):
        try:
            _ask(client)
        except openai.InternalServerError:
            failures += 1
    assert 4 <= failures <= 16


def test_timeout_fault_hangs_past_the_client_timeout(standin: StandIn) -> None:
    standin.configure(hang_s=5)
    standin.fault("timeout")
    client = make_client(standin.connection(timeout_s=0.4))
    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        _ask(client)
    assert time.monotonic() - started < 3
    assert _ask(client).choices


def test_ft_forbidden_only_hits_job_creation(standin: StandIn) -> None:
    client = make_client(standin.connection())
    standin.fault("ft_forbidden", count=None)
    client.fine_tuning.jobs.list(limit=1)  # listing still works
    uploaded = client.files.create(file=("train.jsonl", io.BytesIO(_training_jsonl())), purpose="fine-tune")
    with pytest.raises(openai.PermissionDeniedError) as caught:
        client.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=uploaded.id)
    assert "not available for this organization" in caught.value.message


def test_valid_keys_knob_rejects_other_keys(standin: StandIn) -> None:
    standin.configure(valid_keys=[standin.api_key])
    assert make_client(standin.connection()).models.list().data
    with pytest.raises(openai.AuthenticationError) as caught:
        make_client(standin.connection(api_key="sk-wrong-key-9999")).models.list()
    assert caught.value.code == "invalid_api_key"
    assert "sk-wrong-key-9999" not in caught.value.message


def test_request_log_and_reset(standin: StandIn) -> None:
    client = make_client(standin.connection())
    _ask(client, temperature=0.2)
    entry = standin.requests[-1]
    assert (entry["method"], entry["path"], entry["status"]) == ("POST", "/v1/chat/completions", 200)
    assert entry["json"]["temperature"] == 0.2 and entry["headers"]["authorization"].endswith(standin.api_key)
    standin.configure(latency_s=1)
    standin.reset()
    assert standin.requests == [] and standin.controls.knobs.latency_s == 0


def test_stop_and_start_on_the_same_port_keeps_state(standin: StandIn) -> None:
    client = make_client(standin.connection())
    uploaded = client.files.create(file=("train.jsonl", io.BytesIO(_training_jsonl())), purpose="fine-tune")
    port = standin.port
    standin.stop()
    with pytest.raises(openai.APIConnectionError):
        client.models.list()
    standin.start()
    assert standin.port == port
    assert client.files.retrieve(uploaded.id).filename == "train.jsonl"


def test_wrong_base_url_gets_an_html_404(standin: StandIn) -> None:
    client = make_client(standin.connection(base_url=standin.root_url))
    with pytest.raises(openai.NotFoundError) as caught:
        client.models.list()
    assert "text/html" in caught.value.response.headers["content-type"]


def test_control_endpoints_drive_a_separate_process() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.openai_standin", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/v1")
        root = base_url[:-3]
        httpx2.post(f"{root}/_standin/fault", json={"kind": "503"}).raise_for_status()
        client = openai.OpenAI(api_key="sk-any", base_url=base_url, max_retries=0)
        with pytest.raises(openai.InternalServerError):
            client.models.list()
        assert client.models.list().data
        log = httpx2.get(f"{root}/_standin/requests").json()["requests"]
        assert [row["status"] for row in log] == [503, 200]
        assert httpx2.post(f"{root}/_standin/configure", json={"no_such_knob": 1}).status_code == 400
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- files ---------------------------------------------------------------------------------------
def test_files_upload_list_retrieve_content_delete(standin: StandIn) -> None:
    client = make_client(standin.connection())
    data = _training_jsonl()
    uploaded = client.files.create(file=("train.jsonl", io.BytesIO(data)), purpose="fine-tune")
    batch_file = client.files.create(file=("batch.jsonl", io.BytesIO(b"{}\n")), purpose="batch")
    assert (uploaded.bytes, uploaded.purpose, uploaded.status) == (len(data), "fine-tune", "processed")
    assert {f.id for f in client.files.list()} == {uploaded.id, batch_file.id}
    assert [f.id for f in client.files.list(purpose="batch")] == [batch_file.id]
    assert client.files.content(uploaded.id).content == data
    assert client.files.delete(uploaded.id).deleted
    with pytest.raises(openai.NotFoundError):
        client.files.retrieve(uploaded.id)


def test_non_jsonl_upload_is_refused_like_openai(standin: StandIn) -> None:
    client = make_client(standin.connection())
    with pytest.raises(openai.BadRequestError) as caught:
        client.files.create(file=("train.csv", io.BytesIO(b"a,b\n")), purpose="fine-tune")
    assert "Must be .jsonl" in caught.value.message


# --- fine-tuning ---------------------------------------------------------------------------------
def _job(standin: StandIn, client: openai.OpenAI, data: bytes | None = None, **kwargs):
    uploaded = client.files.create(file=("train.jsonl", io.BytesIO(data or _training_jsonl())), purpose="fine-tune")
    return client.fine_tuning.jobs.create(
        model=kwargs.pop("model", "gpt-4o-mini-2024-07-18"), training_file=uploaded.id, **kwargs
    )


def test_job_moves_through_the_simulated_clock_to_a_model(standin: StandIn) -> None:
    standin.configure(clock_speed=0)
    client = make_client(standin.connection())
    valid = client.files.create(file=("valid.jsonl", io.BytesIO(_training_jsonl())), purpose="fine-tune")
    job = _job(
        standin,
        client,
        suffix="cafe",
        seed=7,
        validation_file=valid.id,
        metadata={"project": "p1"},
        method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 2, "batch_size": 4}}},
    )
    seen = [job.status]
    for _ in range(12):
        standin.advance(10)
        status = client.fine_tuning.jobs.retrieve(job.id).status
        if status != seen[-1]:
            seen.append(status)
    standin.advance(10_000)
    done = client.fine_tuning.jobs.retrieve(job.id)
    seen.append(done.status)
    assert seen == ["validating_files", "queued", "running", "succeeded"]
    assert done.fine_tuned_model == f"ft:gpt-4o-mini-2024-07-18:org-standin:cafe:{job.id[-8:]}"
    assert done.trained_tokens and done.trained_tokens > 0 and done.seed == 7
    assert done.hyperparameters.n_epochs == 2 and done.hyperparameters.batch_size == 4
    csv_text = client.files.content(done.result_files[0]).text
    assert csv_text.splitlines()[0] == "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"
    assert len(csv_text.splitlines()) == 1 + 6  # 12 examples / batch 4 × 2 epochs
    events = client.fine_tuning.jobs.list_events(job.id, limit=100).data
    assert events[0].message == "The job has successfully completed"  # newest first
    metrics = [e for e in events if e.type == "metrics"]
    assert len(metrics) == 6 and {
        "step",
        "train_loss",
        "train_mean_token_accuracy",
        "valid_loss",
        "valid_mean_token_accuracy",
    } <= set(metrics[0].data)
    assert "full_valid_loss" in metrics[0].data  # the last step carries the full-validation figures
    checkpoints = client.fine_tuning.jobs.checkpoints.list(job.id).data
    assert [c.step_number for c in checkpoints] == [6, 3]
    models = {m.id for m in client.models.list()}
    assert done.fine_tuned_model in models and checkpoints[0].fine_tuned_model_checkpoint in models
    trained = _ask(client, model=done.fine_tuned_model, messages=[{"role": "user", "content": "question 3"}])
    assert trained.choices[0].message.content == "trained answer 3"
    unseen = _ask(client, model=done.fine_tuned_model).choices[0].message.content
    assert unseen.startswith("[fine-tuned cafe]") and unseen != _ask(client).choices[0].message.content


def test_bad_training_file_fails_the_job_with_openais_kind_of_error(standin: StandIn) -> None:
    standin.configure(clock_speed=0)
    client = make_client(standin.connection())
    job = _job(standin, client, _training_jsonl(bad_line=4))
    assert job.status == "validating_files"
    standin.advance(60)
    failed = client.fine_tuning.jobs.retrieve(job.id)
    assert failed.status == "failed" and failed.error.code == "invalid_training_file"
    assert "Example 4" in failed.error.message and failed.error.param == "training_file"
    few = client.fine_tuning.jobs.retrieve(_job(standin, client, _training_jsonl(count=5)).id)
    standin.advance(60)
    few = client.fine_tuning.jobs.retrieve(few.id)
    assert "at least 10 examples" in few.error.message


def test_dpo_job_and_bad_model(standin: StandIn) -> None:
    client = make_client(standin.connection())
    rows = [
        json.dumps(
            {
                "input": {"messages": [{"role": "user", "content": f"q{i}"}]},
                "preferred_output": [{"role": "assistant", "content": f"good {i}"}],
                "non_preferred_output": [{"role": "assistant", "content": f"bad {i}"}],
            }
        )
        for i in range(10)
    ]
    job = _job(
        standin, client, ("\n".join(rows)).encode(), method={"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.2}}}
    )
    assert job.method.type == "dpo" and job.method.dpo.hyperparameters.beta == 0.2
    with pytest.raises(openai.BadRequestError) as caught:
        _job(standin, client, model="gpt-5-mini")
    assert caught.value.code == "model_not_available"


def test_job_list_pagination_metadata_cancel_pause_resume(standin: StandIn) -> None:
    standin.configure(clock_speed=0)
    client = make_client(standin.connection())
    jobs = [_job(standin, client, metadata={"project": "a" if i % 2 else "b"}) for i in range(5)]
    first = client.fine_tuning.jobs.list(limit=2)
    assert [j.id for j in first.data] == [jobs[4].id, jobs[3].id] and first.has_more
    second = client.fine_tuning.jobs.list(limit=2, after=first.data[-1].id)
    assert [j.id for j in second.data] == [jobs[2].id, jobs[1].id]
    assert [j.id for j in client.fine_tuning.jobs.list(limit=10, after=jobs[1].id)] == [jobs[0].id]
    only_a = client.fine_tuning.jobs.list(metadata={"project": "a"})
    assert {j.id for j in only_a.data} == {jobs[1].id, jobs[3].id}
    standin.advance(100)  # running
    assert client.fine_tuning.jobs.pause(jobs[0].id).status == "paused"
    assert client.fine_tuning.jobs.cancel(jobs[1].id).status == "cancelled"
    standin.advance(1000)
    assert client.fine_tuning.jobs.retrieve(jobs[0].id).status == "paused"
    assert client.fine_tuning.jobs.resume(jobs[0].id).status == "running"
    standin.advance(10_000)
    assert client.fine_tuning.jobs.retrieve(jobs[1].id).status == "cancelled"
    assert client.fine_tuning.jobs.retrieve(jobs[0].id).status == "succeeded"
    with pytest.raises(openai.BadRequestError):
        client.fine_tuning.jobs.cancel(jobs[0].id)


def test_result_csv_can_come_base64_encoded(standin: StandIn) -> None:
    standin.configure(clock_speed=0, result_csv_base64=True)
    client = make_client(standin.connection())
    job = _job(standin, client)
    standin.advance(100_000)
    done = client.fine_tuning.jobs.retrieve(job.id)
    raw = client.files.content(done.result_files[0]).content
    assert base64.b64decode(raw).decode().startswith("step,train_loss,")


# --- batches -------------------------------------------------------------------------------------
def _batch_input(ids: list[str], model: str = "gpt-4o-mini") -> bytes:
    return "".join(
        json.dumps(
            {
                "custom_id": cid,
                "method": "POST",
                "url": "/v1/chat/completions",
                "body": {"model": model, "messages": [{"role": "user", "content": f"q {cid}"}]},
            }
        )
        + "\n"
        for cid in ids
    ).encode()


def test_batch_runs_and_writes_output_and_error_files(standin: StandIn) -> None:
    standin.configure(clock_speed=0, batch_fail_custom_ids=["c2"])
    client = make_client(standin.connection())
    uploaded = client.files.create(file=("in.jsonl", io.BytesIO(_batch_input(["c1", "c2", "c3"]))), purpose="batch")
    batch = client.batches.create(
        input_file_id=uploaded.id, endpoint="/v1/chat/completions", completion_window="24h", metadata={"project": "p"}
    )
    assert batch.status == "validating"
    standin.advance(21)
    assert client.batches.retrieve(batch.id).status == "in_progress"
    standin.advance(1000)
    done = client.batches.retrieve(batch.id)
    assert done.status == "completed"
    assert (done.request_counts.total, done.request_counts.completed, done.request_counts.failed) == (3, 2, 1)
    outputs = [json.loads(line) for line in client.files.content(done.output_file_id).text.splitlines()]
    assert [row["custom_id"] for row in outputs] == ["c1", "c3"]
    assert outputs[0]["response"]["body"]["choices"][0]["message"]["content"]
    errors = [json.loads(line) for line in client.files.content(done.error_file_id).text.splitlines()]
    assert [row["custom_id"] for row in errors] == ["c2"] and errors[0]["response"]["status_code"] == 500
    assert [b.id for b in client.batches.list()] == [batch.id]


def test_batch_with_bad_lines_fails_and_cancel(standin: StandIn) -> None:
    standin.configure(clock_speed=0)
    client = make_client(standin.connection())
    bad = client.files.create(file=("in.jsonl", io.BytesIO(b"not json\n" + _batch_input(["a", "a"]))), purpose="batch")
    batch = client.batches.create(input_file_id=bad.id, endpoint="/v1/chat/completions", completion_window="24h")
    standin.advance(30)
    failed = client.batches.retrieve(batch.id)
    assert failed.status == "failed"
    assert [e.code for e in failed.errors.data] == ["invalid_json_line", "duplicate_custom_id"]
    good = client.files.create(file=("in.jsonl", io.BytesIO(_batch_input(["x", "y"]))), purpose="batch")
    running = client.batches.create(input_file_id=good.id, endpoint="/v1/chat/completions", completion_window="24h")
    standin.advance(22)
    assert client.batches.cancel(running.id).status == "cancelling"
    standin.advance(100)
    assert client.batches.retrieve(running.id).status == "cancelled"


# --- Azure OpenAI --------------------------------------------------------------------------------
def test_azure_paths_and_api_key_header(standin: StandIn) -> None:
    standin.configure(azure_deployments={"my-mini": "gpt-4o-mini"})
    settings = standin.azure_connection(azure_deployments={"gpt-4o-mini": "my-mini"})
    client = make_client(settings)
    answer = client.chat.completions.create(model=settings.deployment_for("gpt-4o-mini"), messages=MESSAGES)
    assert answer.choices[0].message.content
    uploaded = client.files.create(file=("train.jsonl", io.BytesIO(_training_jsonl())), purpose="fine-tune")
    client.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=uploaded.id)
    paths = [(r["path"], r["query"].get("api-version"), "api-key" in r["headers"]) for r in standin.requests]
    assert paths[0] == ("/openai/deployments/my-mini/chat/completions", settings.api_version, True)
    assert paths[1][0] == "/openai/files" and paths[2][0] == "/openai/fine_tuning/jobs"
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="no-such-deployment", messages=MESSAGES)
    assert caught.value.code == "DeploymentNotFound"
