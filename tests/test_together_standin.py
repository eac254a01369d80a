"""The Together stand-in answers like Together: the official SDK parses every answer strictly, and every
request and answer matches Together's official OpenAPI spec (openapi-core), with a drift test for the
operations the app uses. Its knobs (clock, faults, latency, request log) work as the OpenAI stand-in's do."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
import together
from together import Together
from together.lib.resources.fine_tuning import create_finetune_request
from together.lib.types.fine_tuning import FinetuneResponse
from together.types import FileResponse

from core.providers.client import together_api_root
from tests.together_standin import TogetherStandIn, contract

MODEL = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference"


def _strict(standin: TogetherStandIn) -> Together:
    """The official SDK, refusing any answer that doesn't match its types."""
    return Together(api_key=standin.api_key, base_url=standin.root_url, max_retries=0, _strict_response_validation=True)


def _jsonl(count: int) -> bytes:
    rows = (
        {"messages": [{"role": "user", "content": f"질문 {i}"}, {"role": "assistant", "content": f"답변 {i}"}]}
        for i in range(count)
    )
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()


def _upload(client: Together, name: str, content: bytes) -> str:
    answer = client.post(
        "/v1/files/upload",
        body={"purpose": "fine-tune", "file_name": name, "file_type": "jsonl"},
        files=[("file", (name, content, "application/jsonl"))],
        options={"headers": {"Content-Type": "multipart/form-data"}},
        cast_to=FileResponse,
    )
    return answer.id


def _create(client: Together, training_file: str, validation_file: str | None = None, **extra) -> FinetuneResponse:
    limits = client.fine_tuning.model_limits(model_name=MODEL)
    request, _, _ = create_finetune_request(
        model_limits=limits,
        training_file=training_file,
        model=MODEL,
        validation_file=validation_file or "",
        n_evals=2 if validation_file else 0,
        n_checkpoints=2,
        **extra,
    )
    return client.post("/v1/fine-tunes", body=request.model_dump(exclude_none=True), cast_to=FinetuneResponse)


def _operations(standin: TogetherStandIn) -> set[tuple[str, str]]:
    return {
        (entry["method"].lower(), contract.spec_path(entry["method"], entry["api_path"]) or entry["api_path"])
        for entry in standin.requests
        if "api_path" in entry and entry.get("status") == 200
    }


def test_every_answer_parses_strictly_and_matches_the_spec(together_standin):
    together_standin.configure(clock_speed=0)
    client = _strict(together_standin)
    train = _upload(client, "train.jsonl", _jsonl(24))
    valid = _upload(client, "valid.jsonl", _jsonl(4))
    assert client.fine_tuning.estimate_price(training_file=train, model=MODEL, n_epochs=2).estimated_total_price > 0
    assert MODEL in client.get("/v1/fine-tunes/models/supported", cast_to=object)["models"]
    job = _create(client, train, valid, suffix="cafe-run")
    assert job.status == "pending" and job.output_name
    together_standin.advance(10_000)
    done = client.fine_tuning.retrieve(job.id)
    assert done.status == "completed"
    assert [j.id for j in client.fine_tuning.list().data] == [job.id]
    events = client.fine_tuning.list_events(job.id).data
    assert events[0].type == "job_pending" and events[-1].type == "job_complete"
    assert [c.checkpoint_type for c in client.fine_tuning.list_checkpoints(job.id).data][0] == "Final"
    metrics = client.fine_tuning.list_metrics(job.id).metrics
    losses = [row["train/loss"] for row in metrics]
    assert losses == sorted(losses, reverse=True) and any("eval/loss" in row for row in metrics)
    answer = client.chat.completions.create(model=job.output_name, messages=[{"role": "user", "content": "질문 3"}])
    assert answer.choices[0].message.content == "답변 3"  # the fine-tune repeats what it was trained on
    base = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "질문 3"}])
    assert base.choices[0].message.content != "답변 3"
    second = _create(client, train)
    assert client.fine_tuning.cancel(second.id).status == "cancelled"
    assert contract.contract_problems(together_standin.requests) == []
    missing = set(contract.APP_OPERATIONS) - _operations(together_standin)
    assert not missing, f"operations the app uses that this test never drove: {missing}"


def test_a_chat_for_an_unfinished_fine_tune_is_refused(together_standin):
    together_standin.configure(clock_speed=0)
    client = _strict(together_standin)
    job = _create(client, _upload(client, "t.jsonl", _jsonl(10)))
    with pytest.raises(together.NotFoundError):
        client.chat.completions.create(model=job.output_name, messages=[{"role": "user", "content": "hi"}])


def test_the_contract_check_catches_a_broken_answer_and_an_unknown_path(together_standin):
    client = _strict(together_standin)
    _create(client, _upload(client, "t.jsonl", _jsonl(10)))
    entry = next(e for e in together_standin.requests if e["method"] == "POST" and e.get("api_path") == "/fine-tunes")
    broken = {**entry, "response_json": {k: v for k, v in entry["response_json"].items() if k != "status"}}
    assert any("status" in problem for problem in contract.validate_entry(broken))
    assert contract.contract_problems([{**entry, "api_path": "/fine-tunes/x/pause"}]) == [
        "POST /fine-tunes/x/pause is not in Together's spec"
    ]


def test_drift_every_operation_the_app_uses_is_in_the_spec():
    assert contract.missing_operations() == []


def test_drift_check_names_an_operation_that_left_the_spec(monkeypatch):
    spec = contract.spec_dict()
    trimmed = {**spec, "paths": {p: ops for p, ops in spec["paths"].items() if p != "/fine-tunes/{id}/metrics"}}
    monkeypatch.setattr(contract, "spec_dict", lambda: trimmed)
    assert contract.missing_operations() == ["GET /fine-tunes/{id}/metrics"]


def test_the_simulated_clock_moves_a_job_through_its_states(together_standin):
    together_standin.configure(clock_speed=0)
    client = _strict(together_standin)
    job = _create(client, _upload(client, "t.jsonl", _jsonl(40)))
    seen = []
    for _ in range(40):
        seen.append(client.fine_tuning.retrieve(job.id).status)
        together_standin.advance(10)
    states = list(dict.fromkeys(seen))
    assert states == ["pending", "queued", "running", "uploading", "completed"]
    assert len(client.fine_tuning.list_metrics(job.id).metrics) == 5  # 40 examples, batch "max" (8), 1 epoch


def test_faults_latency_and_the_request_log(together_standin):
    client = _strict(together_standin)
    together_standin.fault("500", path_prefix="/fine-tunes/models/supported")
    with pytest.raises(together.InternalServerError):
        client.get("/v1/fine-tunes/models/supported", cast_to=object)
    assert client.get("/v1/fine-tunes/models/supported", cast_to=object)["models"]  # one fault, then well again
    together_standin.configure(latency_s=0.2)
    started = time.monotonic()
    client.get("/v1/fine-tunes/models/supported", cast_to=object)
    assert time.monotonic() - started >= 0.2
    together_standin.configure(valid_keys=["tgp_v1_right"])
    with pytest.raises(together.AuthenticationError):
        client.fine_tuning.list()
    logged = [(e["method"], e.get("api_path"), e.get("status")) for e in together_standin.requests]
    assert logged == [
        ("GET", "/fine-tunes/models/supported", 500),
        ("GET", "/fine-tunes/models/supported", 200),
        ("GET", "/fine-tunes/models/supported", 200),
        ("GET", "/fine-tunes", 401),
    ]


def test_run_by_hand_prints_its_base_url():
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.together_standin", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline().strip()
        assert line.startswith("http://127.0.0.1:") and line.endswith("/v1")
        root = together_api_root(line)  # the SDK writes /v1 into every path itself
        client = Together(api_key="tgp_v1_any", base_url=root, max_retries=0, _strict_response_validation=True)
        assert client.get("/v1/fine-tunes/models/supported", cast_to=object)["models"]
    finally:
        process.terminate()
        process.wait(timeout=10)
