"""Contract test: the stand-in's answers (and the SDK's requests) must match OpenAI's official spec.

Every endpoint is driven through the real openai SDK; each logged request and
its 2xx response is then validated with openapi-core against
``../shared/openai-openapi/openapi.yaml``. If the stand-in drifts from the real
API (a missing field, a wrong type, an unknown status), a test here fails.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest, MockResponse

from core.client import make_client
from tests.openai_standin import StandIn

SPEC_PATH = Path(__file__).resolve().parent.parent.parent / "shared" / "openai-openapi" / "openapi.yaml"
OPENAI_HOST = "https://api.openai.com"
# Operations the stand-in must serve (method, spec path); the test fails if one is never exercised.
REQUIRED_OPERATIONS = {
    ("GET", "/models"), ("GET", "/models/{model}"), ("POST", "/chat/completions"),
    ("POST", "/files"), ("GET", "/files"), ("GET", "/files/{file_id}"), ("GET", "/files/{file_id}/content"),
    ("DELETE", "/files/{file_id}"),
    ("POST", "/fine_tuning/jobs"), ("GET", "/fine_tuning/jobs"), ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}"),
    ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/cancel"), ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/pause"),
    ("POST", "/fine_tuning/jobs/{fine_tuning_job_id}/resume"),
    ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/events"),
    ("GET", "/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints"),
    ("POST", "/batches"), ("GET", "/batches"), ("GET", "/batches/{batch_id}"), ("POST", "/batches/{batch_id}/cancel"),
}


@pytest.fixture(scope="session")
def spec_dict() -> dict[str, Any]:
    """The official spec, parsed once per session (3 MB; the C loader takes about a second)."""
    if not SPEC_PATH.is_file():
        pytest.skip(f"the shared OpenAPI spec is missing at {SPEC_PATH}")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with SPEC_PATH.open(encoding="utf-8") as handle:
        spec = yaml.load(handle, Loader=loader)
    # The spec's own pause example returns status "paused" (as the real API does) but its enum omits it;
    # accept exactly that one documented value so the contract checks everything else.
    status = spec["components"]["schemas"]["FineTuningJob"]["properties"]["status"]
    status["enum"] = [*status["enum"], "paused"]
    _normalise_for_openapi_31(spec)
    return spec


def _normalise_for_openapi_31(node: Any) -> None:
    """Read three OpenAPI-3.0 idioms the spec still uses the way its authors meant them under 3.1.

    - ``exclusiveMinimum: true`` (3.0) is a *number* in 3.1: ``True`` would mean "> 1" (DPO beta 0.1 fails);
    - a ``discriminator`` without ``mapping`` makes the validator look for ``#/components/schemas/<role>``,
      which doesn't exist; the ``oneOf`` with each branch's ``role`` enum already discriminates;
    - ``format: binary`` multipart parts arrive as bytes, not ``str``: keep the format, drop the type.
    """
    if isinstance(node, dict):
        for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            if node.get(bound) is True and limit in node:
                node[bound] = node.pop(limit)
            elif node.get(bound) is False:
                del node[bound]
        if isinstance(node.get("discriminator"), dict) and "mapping" not in node["discriminator"]:
            del node["discriminator"]
        if node.get("format") == "binary" and node.get("type") == "string":
            del node["type"]
        for value in node.values():
            _normalise_for_openapi_31(value)
    elif isinstance(node, list):
        for value in node:
            _normalise_for_openapi_31(value)


@pytest.fixture(scope="session")
def openapi(spec_dict: dict[str, Any]) -> OpenAPI:
    return OpenAPI.from_dict(spec_dict, config=Config(spec_validator_cls=None))


def _spec_path(spec_dict: dict[str, Any], method: str, api_path: str) -> str | None:
    """The spec's templated path for a concrete one ("/files/file-1" → "/files/{file_id}")."""
    parts = [p for p in api_path.split("/") if p]
    for template, operations in spec_dict["paths"].items():
        if method.lower() not in operations:
            continue
        pattern = [p for p in template.split("/") if p]
        if len(pattern) == len(parts) and all(a == b or a.startswith("{") for a, b in zip(pattern, parts)):
            literal = sum(1 for a in pattern if not a.startswith("{"))
            if literal == sum(1 for a, b in zip(pattern, parts) if a == b):
                return template
    return None


def _mock_request(entry: dict[str, Any]) -> MockRequest:
    headers = {k: v for k, v in entry["headers"].items() if k not in ("content-length", "host")}
    return MockRequest(OPENAI_HOST, entry["method"].lower(), "/v1" + entry["api_path"], args=entry["query"],
                       headers=headers, data=entry["raw"] or None,
                       content_type=entry["headers"].get("content-type", "application/json"))


def _mock_response(entry: dict[str, Any]) -> MockResponse:
    if "response_json" in entry:
        return MockResponse(json.dumps(entry["response_json"]).encode(), status_code=entry["status"])
    return MockResponse(entry["response_body"], status_code=entry["status"], content_type="application/octet-stream")


def _validate(openapi: OpenAPI, entry: dict[str, Any]) -> list[str]:
    problems = []
    request = _mock_request(entry)
    where = f"{entry['method']} {entry['api_path']}"
    try:
        openapi.validate_request(request)
    except Exception as error:  # noqa: BLE001 - collect every contract breach, not just the first
        problems.append(f"request {where}: {_why(error)}")
    # Streams are not JSON; /content returns the file's own bytes (the spec calls it a JSON string).
    if entry.get("status") == 200 and "response_json" in entry:
        try:
            openapi.validate_response(request, _mock_response(entry))
        except Exception as error:  # noqa: BLE001
            problems.append(f"response {where}: {_why(error)}")
    return problems


def _why(error: BaseException) -> str:
    details = [str(error)]
    for inner in getattr(error, "schema_errors", None) or getattr(error.__cause__, "schema_errors", None) or []:
        details.append(f"  - {list(inner.path)}: {inner.message[:200]}")
    return "\n".join(details)


def _training(count: int = 10) -> bytes:
    return "".join(json.dumps({"messages": [{"role": "user", "content": f"q{i}"},
                                            {"role": "assistant", "content": f"a{i}"}]}) + "\n"
                   for i in range(count)).encode()


def _dpo(count: int = 10) -> bytes:
    return "".join(json.dumps({"input": {"messages": [{"role": "user", "content": f"q{i}"}]},
                               "preferred_output": [{"role": "assistant", "content": f"good {i}"}],
                               "non_preferred_output": [{"role": "assistant", "content": f"bad {i}"}]}) + "\n"
                   for i in range(count)).encode()


def _exercise_every_endpoint(standin: StandIn) -> None:
    """Drive each endpoint the app uses, the way the app calls it."""
    standin.configure(clock_speed=0)
    client = make_client(standin.connection())
    client.models.list()
    client.models.retrieve("gpt-4o-mini-2024-07-18")
    client.chat.completions.create(model="gpt-4o-mini", temperature=0.7, max_tokens=200, seed=1,
                                   messages=[{"role": "system", "content": "Be brief."},
                                             {"role": "user", "content": "카페 창업 비용은?"}])
    client.chat.completions.create(model="gpt-4o-mini", n=2, max_completion_tokens=5,
                                   messages=[{"role": "user", "content": "hello"}])
    training = client.files.create(file=("train.jsonl", io.BytesIO(_training())), purpose="fine-tune")
    validation = client.files.create(file=("valid.jsonl", io.BytesIO(_training())), purpose="fine-tune")
    dpo_file = client.files.create(file=("dpo.jsonl", io.BytesIO(_dpo())), purpose="fine-tune")
    client.files.list()
    client.files.list(purpose="fine-tune")
    client.files.retrieve(training.id)
    client.files.content(training.id)
    job = client.fine_tuning.jobs.create(
        model="gpt-4o-mini-2024-07-18", training_file=training.id, validation_file=validation.id, suffix="cafe",
        seed=3, metadata={"project": "7"},
        method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 2, "batch_size": 2,
                                                                          "learning_rate_multiplier": 1.5}}})
    legacy = client.fine_tuning.jobs.create(model="gpt-4.1-mini-2025-04-14", training_file=training.id,
                                            hyperparameters={"n_epochs": 1})
    dpo = client.fine_tuning.jobs.create(model="gpt-4.1-mini-2025-04-14", training_file=dpo_file.id,
                                         method={"type": "dpo", "dpo": {"hyperparameters": {"beta": 0.1}}})
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
    lines = "".join(json.dumps({"custom_id": f"r{i}", "method": "POST", "url": "/v1/chat/completions",
                                "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"q{i}"}]}})
                    + "\n" for i in range(3)).encode()
    batch_input = client.files.create(file=("batch.jsonl", io.BytesIO(lines)), purpose="batch")
    batch = client.batches.create(input_file_id=batch_input.id, endpoint="/v1/chat/completions",
                                  completion_window="24h", metadata={"project": "7"})
    other = client.batches.create(input_file_id=batch_input.id, endpoint="/v1/chat/completions",
                                  completion_window="24h")
    standin.advance(22)
    client.batches.cancel(other.id)
    standin.advance(1000)
    client.batches.retrieve(batch.id)
    client.batches.retrieve(other.id)
    client.batches.list(limit=5)
    client.files.delete(validation.id)


def test_every_endpoint_matches_the_official_spec(standin: StandIn, openapi: OpenAPI,
                                                  spec_dict: dict[str, Any]) -> None:
    _exercise_every_endpoint(standin)
    problems: list[str] = []
    covered: set[tuple[str, str]] = set()
    for entry in standin.requests:
        assert entry["status"] == 200, f"{entry['method']} {entry['path']} → {entry['status']}: " \
                                       f"{entry.get('response_json')}"
        template = _spec_path(spec_dict, entry["method"], entry["api_path"])
        assert template is not None, f"{entry['method']} {entry['api_path']} is not in the official spec"
        covered.add((entry["method"], template))
        problems.extend(_validate(openapi, entry))
    assert not problems, "\n".join(problems)
    assert REQUIRED_OPERATIONS <= covered, REQUIRED_OPERATIONS - covered


def test_error_bodies_match_the_spec_error_shape(standin: StandIn, spec_dict: dict[str, Any]) -> None:
    import openai

    required = set(spec_dict["components"]["schemas"]["Error"]["required"])
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


def test_the_contract_check_catches_drift(standin: StandIn, openapi: OpenAPI) -> None:
    """A response that lost a required field, or gained a wrong type, must fail validation."""
    client = make_client(standin.connection())
    client.models.retrieve("gpt-4o-mini")
    client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    model_entry, chat_entry = standin.requests
    assert _validate(openapi, model_entry) == [] and _validate(openapi, chat_entry) == []
    broken_model = {**model_entry, "response_json": {k: v for k, v in model_entry["response_json"].items()
                                                     if k != "owned_by"}}
    assert _validate(openapi, broken_model)
    broken_chat = json.loads(json.dumps(chat_entry["response_json"]))
    broken_chat["usage"]["prompt_tokens"] = "ten"
    assert _validate(openapi, {**chat_entry, "response_json": broken_chat})
    bad_request = {**chat_entry, "raw": json.dumps({"model": "gpt-4o-mini"}).encode()}  # no messages
    assert _validate(openapi, bad_request)
