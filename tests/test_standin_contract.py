"""Contract test: the stand-in's answers (and the SDK's requests) must match OpenAI's official spec.

Every endpoint is driven through the real openai SDK; each logged request and
its 2xx response is then validated with openapi-core against
``../shared/openai-openapi/openapi.yaml``. If the stand-in drifts from the real
API (a missing field, a wrong type, an unknown status), a test here fails.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from core.providers.client import make_client
from tests.openai_standin import StandIn, contract

# Operations the stand-in must serve (method, spec path); the test fails if one is never exercised.
REQUIRED_OPERATIONS = {
    ("GET", "/models"),
    ("GET", "/models/{model}"),
    ("POST", "/chat/completions"),
    ("POST", "/files"),
    ("GET", "/files"),
    ("GET", "/files/{file_id}"),
    ("GET", "/files/{file_id}/content"),
    ("DELETE", "/files/{file_id}"),
    ("POST", "/fine_tuning/jobs"),
    ("GET", "/fine_tuning/jobs"),
    ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}"),
    ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/cancel"),
    ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/pause"),
    ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/resume"),
    ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/events"),
    ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints"),
    ("POST", "/batches"),
    ("GET", "/batches"),
    ("GET", "/batches/{batch_id}"),
    ("POST", "/batches/{batch_id}/cancel"),
}


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    """The official spec, parsed once per session (3 MB; the C loader takes about a second)."""
    if not contract.SPEC_PATH.is_file():
        pytest.skip(f"the shared OpenAPI spec is missing at {contract.SPEC_PATH}")
    contract.openapi()
    return contract.spec_dict()


def _training(count: int = 10) -> bytes:
    return "".join(
        json.dumps({"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}]})
        + "\n"
        for i in range(count)
    ).encode()


def _dpo(count: int = 10) -> bytes:
    return "".join(
        json.dumps(
            {
                "input": {"messages": [{"role": "user", "content": f"q{i}"}]},
                "preferred_output": [{"role": "assistant", "content": f"good {i}"}],
                "non_preferred_output": [{"role": "assistant", "content": f"bad {i}"}],
            }
        )
        + "\n"
        for i in range(count)
    ).encode()


def _exercise_every_endpoint(standin: StandIn) -> None:
    """Drive each endpoint the app uses, the way the app calls it."""
    standin.configure(clock_speed=0)
    client = make_client(standin.connection())
    client.models.list()
    client.models.retrieve("gpt-4o-mini-2024-07-18")
    client.chat.completions.create(
        model="gpt-4o-mini",
        temperature=0.7,
        max_tokens=200,
        seed=1,
        messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "카페 창업 비용은?"}],
    )
    client.chat.completions.create(
        model="gpt-4o-mini", n=2, max_completion_tokens=5, messages=[{"role": "user", "content": "hello"}]
    )
    training = client.files.create(file=("train.jsonl", io.BytesIO(_training())), purpose="fine-tune")
    validation = client.files.create(file=("valid.jsonl", io.BytesIO(_training())), purpose="fine-tune")
    dpo_file = client.files.create(file=("dpo.jsonl", io.BytesIO(_dpo())), purpose="fine-tune")
    client.files.list()
    client.files.list(purpose="fine-tune")
    client.files.retrieve(training.id)
    client.files.content(training.id)
    job = client.fine_tuning.jobs.create(
        model="gpt-4o-mini-2024-07-18",
        training_file=training.id,
        validation_file=validation.id,
        suffix="cafe",
        seed=3,
        metadata={"project": "7"},
        method={
            "type": "supervised",
            "supervised": {"hyperparameters": {"n_epochs": 2, "batch_size": 2, "learning_rate_multiplier": 1.5}},
        },
    )
    legacy = client.fine_tuning.jobs.create(
        model="gpt-4.1-mini-2025-04-14", training_file=training.id, hyperparameters={"n_epochs": 1}
    )
    dpo = client.fine_tuning.jobs.create(
        model="gpt-4.1-mini-2025-04-14",
        training_file=dpo_file.id,
        method={"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.1}}},
    )
    client.fine_tuning.jobs.list(limit=2)
    client.fine_tuning.jobs.list(limit=2, after=dpo.id, metadata={"project": "7"})
    standin.advance(150)  # running, with metrics and a first checkpoint
    client.fine_tuning.jobs.pause(legacy.id)
    client.fine_tuning.jobs.retrieve(legacy.id)
    client.fine_tuning.jobs.resume(legacy.id)
    client.fine_tuning.jobs.cancel(dpo.id)
    standin.advance(10_000)
    done = client.fine_tuning.jobs.retrieve(job.id)
    client.fine_tuning.jobs.list_events(job.id, limit=50)
    client.fine_tuning.jobs.checkpoints.list(job.id)
    client.chat.completions.create(model=done.fine_tuned_model, messages=[{"role": "user", "content": "q1"}])
    client.files.content(done.result_files[0])
    lines = "".join(
        json.dumps(
            {
                "custom_id": f"r{i}",
                "method": "POST",
                "url": "/v1/chat/completions",
                "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"q{i}"}]},
            }
        )
        + "\n"
        for i in range(3)
    ).encode()
    batch_input = client.files.create(file=("batch.jsonl", io.BytesIO(lines)), purpose="batch")
    batch = client.batches.create(
        input_file_id=batch_input.id,
        endpoint="/v1/chat/completions",
        completion_window="24h",
        metadata={"project": "7"},
    )
    other = client.batches.create(
        input_file_id=batch_input.id, endpoint="/v1/chat/completions", completion_window="24h"
    )
    standin.advance(22)
    client.batches.cancel(other.id)
    standin.advance(1000)
    client.batches.retrieve(batch.id)
    client.batches.retrieve(other.id)
    client.batches.list(limit=5)
    client.files.delete(validation.id)


def test_every_endpoint_matches_the_official_spec(standin: StandIn, spec: dict[str, Any]) -> None:
    _exercise_every_endpoint(standin)
    covered: set[tuple[str, str]] = set()
    for entry in standin.requests:
        assert entry["status"] == 200, (
            f"{entry['method']} {entry['path']} → {entry['status']}: {entry.get('response_json')}"
        )
        covered.add((entry["method"], contract.spec_path(entry["method"], entry["api_path"])))
    problems = contract.contract_problems(standin.requests)
    assert not problems, "\n".join(problems)
    assert REQUIRED_OPERATIONS <= covered, REQUIRED_OPERATIONS - covered


def test_error_bodies_match_the_spec_error_shape(standin: StandIn, spec: dict[str, Any]) -> None:
    import openai

    required = set(spec["components"]["schemas"]["Error"]["required"])
    client = make_client(standin.connection())
    for kind in ("500", "503", "invalid_api_key", "insufficient_quota"):
        standin.fault(kind)
        with pytest.raises(openai.APIStatusError):
            client.models.list()
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("gpt-99")
    errors = [e for e in standin.requests if e["status"] != 200]
    assert len(errors) == 5
    for entry in errors:
        body = entry["response_json"]
        assert set(body) == {"error"} and required <= set(body["error"]), body


def test_the_contract_check_catches_drift(standin: StandIn, spec: dict[str, Any]) -> None:
    """A response that lost a required field, or gained a wrong type, must fail validation."""
    client = make_client(standin.connection())
    client.models.retrieve("gpt-4o-mini")
    client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    model_entry, chat_entry = standin.requests
    assert contract.validate_entry(model_entry) == [] and contract.validate_entry(chat_entry) == []
    broken_model = {
        **model_entry,
        "response_json": {k: v for k, v in model_entry["response_json"].items() if k != "owned_by"},
    }
    assert contract.validate_entry(broken_model)
    broken_chat = json.loads(json.dumps(chat_entry["response_json"]))
    broken_chat["usage"]["prompt_tokens"] = "ten"
    assert contract.validate_entry({**chat_entry, "response_json": broken_chat})
    bad_request = {**chat_entry, "raw": json.dumps({"model": "gpt-4o-mini"}).encode()}  # no messages
    assert contract.validate_entry(bad_request)


def test_the_apps_own_requests_match_the_spec(standin: StandIn, store: Any, spec: dict[str, Any]) -> None:
    """The generation engine, the fine-tune launch and its polling send requests the real API accepts."""
    import asyncio

    from core.data.store import NewExample
    from core.providers import request_runner
    from core.workflows import finetune

    settings = standin.connection()
    requests = [
        request_runner.ChatRequest(
            f"{i}:0",
            "gpt-4o-mini",
            [{"role": "system", "content": "Be kind."}, {"role": "user", "content": f"질문 {i}"}],
            temperature=0.7,
            max_tokens=300,
        )
        for i in range(3)
    ]
    results: list[Any] = []
    summary = asyncio.run(request_runner.run_requests(settings, requests, on_result=results.append))
    assert summary.succeeded == 3 and all(r.ok for r in results)

    standin.configure(clock_speed=100_000)
    project_id = store.create_project("contract", settings={"training_system_prompt": "카페 상담사입니다."})
    store.add_examples(project_id, [NewExample(f"질문 {i}", f"답변 {i}", status="approved") for i in range(30)])
    launch = finetune.LaunchRequest(
        finetune.METHOD_SUPERVISED, "gpt-4.1-mini-2025-04-14", hyperparameters={"n_epochs": 2}, suffix="cafe", seed=1
    )
    row = finetune.begin_launch(store, project_id, launch, settings.provider)
    row = finetune.run_launch(store, settings, row.id, sleep=lambda _s: None)
    assert row.job_id
    for _ in range(3):
        if finetune.poll_project(store, settings, project_id):
            break
    kinds = {(r["method"], r["api_path"].split("/")[1]) for r in standin.requests}
    assert {("POST", "chat"), ("POST", "files"), ("POST", "fine_tuning"), ("GET", "fine_tuning")} <= kinds
    problems = contract.contract_problems(standin.requests)
    assert not problems, "\n".join(problems)
