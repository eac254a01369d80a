"""Check logged stand-in traffic against OpenAI's official OpenAPI spec (openapi-core).

``contract_problems(standin.requests)`` validates each request the SDK sent
and each JSON 2xx answer the stand-in gave, and returns the breaches as
readable lines. Any test that drove the stand-in can call it at its end.
The 3 MB spec is parsed once per process.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).resolve().parents[3] / "shared" / "openai-openapi" / "openapi.yaml"
OPENAI_HOST = "https://api.openai.com"


@lru_cache(maxsize=1)
def spec_dict() -> dict[str, Any]:
    """The official spec as a dict, with the few tool-compatibility fixes described below."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with SPEC_PATH.open(encoding="utf-8") as handle:
        spec = yaml.load(handle, Loader=loader)
    # The spec's own pause example returns status "paused" (as the real API does) but its enum omits it;
    # accept exactly that one documented value so the contract checks everything else.
    status = spec["components"]["schemas"]["FineTuningJob"]["properties"]["status"]
    status["enum"] = [*status["enum"], "paused"]
    _normalise_for_openapi_31(spec)
    return spec


@lru_cache(maxsize=1)
def openapi() -> Any:
    from openapi_core import Config, OpenAPI

    return OpenAPI.from_dict(spec_dict(), config=Config(spec_validator_cls=None))


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


def spec_path(method: str, api_path: str) -> str | None:
    """The spec's templated path for a concrete one ("/files/file-1" → "/files/{file_id}")."""
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
        if best is None or literal > best[0]:  # "/models/{model}" loses to a literal match
            best = (literal, template)
    return best[1] if best else None


def _mock_request(entry: dict[str, Any]) -> Any:
    from openapi_core.testing import MockRequest

    headers = {k: v for k, v in entry["headers"].items() if k not in ("content-length", "host")}
    return MockRequest(
        OPENAI_HOST,
        entry["method"].lower(),
        "/v1" + entry["api_path"],
        args=entry["query"],
        headers=headers,
        data=entry["raw"] or None,
        content_type=entry["headers"].get("content-type", "application/json"),
    )


def _why(error: BaseException) -> str:
    details = [str(error)[:500]]
    for inner in getattr(error, "schema_errors", None) or getattr(error.__cause__, "schema_errors", None) or []:
        details.append(f"  - {list(inner.path)}: {inner.message[:200]}")
    return "\n".join(details)


def validate_entry(entry: dict[str, Any]) -> list[str]:
    """Breaches of the spec by one logged request and (if a JSON 2xx) its response."""
    from openapi_core.testing import MockResponse

    problems = []
    request = _mock_request(entry)
    where = f"{entry['method']} {entry['api_path']}"
    try:
        openapi().validate_request(request)
    except Exception as error:  # noqa: BLE001 - collect every breach, not just the first
        problems.append(f"request {where}: {_why(error)}")
    # Streams are not JSON; /content returns the file's own bytes (the spec calls it a JSON string).
    if entry.get("status") == 200 and "response_json" in entry:
        response = MockResponse(json.dumps(entry["response_json"]).encode(), status_code=200)
        try:
            openapi().validate_response(request, response)
        except Exception as error:  # noqa: BLE001
            problems.append(f"response {where}: {_why(error)}")
    return problems


def contract_problems(entries: list[dict[str, Any]]) -> list[str]:
    """Every breach in ``entries`` (a stand-in request log); Azure-path calls are not OpenAI's spec."""
    problems: list[str] = []
    for entry in entries:
        if "api_path" not in entry or entry.get("azure"):
            continue
        if spec_path(entry["method"], entry["api_path"]) is None:
            problems.append(f"{entry['method']} {entry['api_path']} is not in the official spec")
            continue
        problems.extend(validate_entry(entry))
    return problems
