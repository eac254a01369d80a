"""Check logged Together stand-in traffic against Together's official OpenAPI spec (openapi-core).

``contract_problems(standin.requests)`` validates each request the app (or the SDK)
sent and each JSON 2xx answer the stand-in gave; ``APP_OPERATIONS`` lists the
operations the app uses, and the drift test fails when one leaves the spec.
The spec's 3.0 idioms are read as the OpenAI contract reads them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from tests.openai_standin.contract import _normalise_for_openapi_31, _why

SPEC_PATH = Path(__file__).resolve().parents[3] / "shared" / "together-openapi" / "openapi.yaml"
TOGETHER_HOST = "https://api.together.ai"
# (method, templated path) of every Together operation the app calls; a drift test keeps them in the spec.
APP_OPERATIONS: tuple[tuple[str, str], ...] = (
    ("post", "/files/upload"),
    ("post", "/fine-tunes"),
    ("get", "/fine-tunes"),
    ("get", "/fine-tunes/{id}"),
    ("post", "/fine-tunes/{id}/cancel"),
    ("get", "/fine-tunes/{id}/events"),
    ("get", "/fine-tunes/{id}/checkpoints"),
    ("get", "/fine-tunes/{id}/metrics"),
    ("post", "/fine-tunes/estimate-price"),
    ("get", "/fine-tunes/models/supported"),
    ("get", "/fine-tunes/models/limits"),
    ("post", "/chat/completions"),
)


@lru_cache(maxsize=1)
def spec_dict() -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with SPEC_PATH.open(encoding="utf-8") as handle:
        spec = yaml.load(handle, Loader=loader)
    _read_as_meant(spec["components"]["schemas"])
    _normalise_for_openapi_31(spec)
    return spec


def _read_as_meant(schemas: dict[str, Any]) -> None:
    """Three places where Together's spec contradicts itself; each is read the way its own text means it.

    - ``TrainingMethodSFT.train_on_inputs`` is ``oneOf: [boolean, "auto"]`` with default ``auto``, but a
      stray sibling ``type: boolean`` would refuse that very default (which the SDK sends);
    - ``LRScheduler.lr_scheduler_args`` is a ``oneOf`` of two argument objects that both accept the
      cosine arguments the SDK sends, so "exactly one" can never hold: any one of them is meant;
    - ``FinetuneResponse.id`` says ``format: uuid`` while every path parameter says "a string that starts
      with ``ft-``" and every example is ``ft-…``: the ``ft-`` form is kept.
    Everything else is checked as written.
    """
    schemas["TrainingMethodSFT"]["properties"]["train_on_inputs"].pop("type", None)
    scheduler_args = schemas["LRScheduler"]["properties"]["lr_scheduler_args"]
    scheduler_args["anyOf"] = scheduler_args.pop("oneOf")
    schemas["FinetuneResponse"]["properties"]["id"].pop("format", None)


@lru_cache(maxsize=1)
def openapi() -> Any:
    from openapi_core import Config, OpenAPI

    return OpenAPI.from_dict(spec_dict(), config=Config(spec_validator_cls=None))


def spec_path(method: str, api_path: str) -> str | None:
    """The spec's templated path for a concrete one ("/fine-tunes/ft-1" → "/fine-tunes/{id}")."""
    parts = [p for p in api_path.split("/") if p]
    best: tuple[int, str] | None = None
    for template, operations in spec_dict()["paths"].items():
        if method.lower() not in operations:
            continue
        pattern = [p for p in template.split("/") if p]
        if len(pattern) != len(parts) or not all(
            a == b or a.startswith("{") for a, b in zip(pattern, parts, strict=True)
        ):
            continue
        literal = sum(1 for a in pattern if not a.startswith("{"))
        if best is None or literal > best[0]:  # "/fine-tunes/estimate-price" beats "/fine-tunes/{id}"
            best = (literal, template)
    return best[1] if best else None


def validate_entry(entry: dict[str, Any]) -> list[str]:
    """Breaches of the spec by one logged request and (if a JSON 2xx) its response."""
    from openapi_core.testing import MockRequest, MockResponse

    headers = {k: v for k, v in entry["headers"].items() if k not in ("content-length", "host")}
    request = MockRequest(
        TOGETHER_HOST,
        entry["method"].lower(),
        "/v1" + entry["api_path"],
        args=entry["query"],
        headers=headers,
        data=entry["raw"] or None,
        content_type=entry["headers"].get("content-type", "application/json"),
    )
    where = f"{entry['method']} {entry['api_path']}"
    problems = []
    try:
        openapi().validate_request(request)
    except Exception as error:  # noqa: BLE001 - collect every breach, not just the first
        problems.append(f"request {where}: {_why(error)}")
    if entry.get("status") == 200 and "response_json" in entry:
        response = MockResponse(json.dumps(entry["response_json"]).encode(), status_code=200)
        try:
            openapi().validate_response(request, response)
        except Exception as error:  # noqa: BLE001
            problems.append(f"response {where}: {_why(error)}")
    return problems


def contract_problems(entries: list[dict[str, Any]]) -> list[str]:
    """Every breach in ``entries`` (a Together stand-in's request log)."""
    problems: list[str] = []
    for entry in entries:
        if "api_path" not in entry:
            continue
        if spec_path(entry["method"], entry["api_path"]) is None:
            problems.append(f"{entry['method']} {entry['api_path']} is not in Together's spec")
            continue
        problems.extend(validate_entry(entry))
    return problems


def missing_operations() -> list[str]:
    """The app's operations that Together's spec no longer has (the drift test wants none)."""
    paths = spec_dict()["paths"]
    return [f"{method.upper()} {path}" for method, path in APP_OPERATIONS if method not in (paths.get(path) or {})]
