"""The API-error mapping: real SDK exceptions (built through httpx2.MockTransport) → plain sentences."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx2
import openai
import pytest

from core.providers import api_errors
from core.providers.api_errors import ApiProblem, backoff_seconds, classify, explain, retry_after_seconds

KEY = "sk-proj-secretsecretsecret1234"


def _client(status: int, body: object, headers: dict[str, str] | None = None) -> openai.OpenAI:
    """An SDK client whose every request gets ``status``/``body`` from a mock transport (no retries)."""

    def handler(request: httpx2.Request) -> httpx2.Response:
        if isinstance(body, (dict, list)):
            return httpx2.Response(status, json=body, headers=headers or {})
        return httpx2.Response(status, text=str(body), headers={"content-type": "text/html", **(headers or {})})

    return openai.OpenAI(
        api_key=KEY,
        base_url="http://example.test/v1",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
    )


def _error(status: int, body: object, headers: dict[str, str] | None = None, call: str = "chat") -> BaseException:
    client = _client(status, body, headers)
    with pytest.raises(openai.OpenAIError) as caught:
        if call == "models":
            client.models.list()
        elif call == "ft_create":
            client.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18", training_file="file-abc")
        else:
            client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    return caught.value


def _openai_error(message: str, type_: str, code: str | None, param: str | None = None) -> dict:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def test_invalid_key_stops_the_run_and_never_repeats_the_key() -> None:
    exc = _error(
        401,
        _openai_error(
            f"Incorrect API key provided: {KEY[:8]}****{KEY[-4:]}.", "invalid_request_error", "invalid_api_key"
        ),
    )
    assert isinstance(exc, openai.AuthenticationError)
    problem = classify(exc)
    assert (problem.kind, problem.retryable, problem.stops_run, problem.status) == ("invalid_key", False, True, 401)
    assert KEY[-4:] not in (problem.detail or "") and "sk-proj" not in (problem.detail or "")
    for lang in ("en", "ko"):
        assert KEY[-4:] not in explain(problem, lang)


def test_insufficient_quota_is_not_a_rate_limit() -> None:
    exc = _error(
        429,
        _openai_error(
            "You exceeded your current quota, please check your plan and billing details.",
            "insufficient_quota",
            "insufficient_quota",
        ),
    )
    problem = classify(exc)
    assert isinstance(exc, openai.RateLimitError)
    assert (problem.kind, problem.retryable, problem.stops_run) == ("no_quota", False, True)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"retry-after": "7"}, 7.0),
        ({}, None),
    ],
)
def test_rate_limit_reads_the_wait_the_server_asks_for(headers: dict[str, str], expected: float | None) -> None:
    exc = _error(429, _openai_error("Rate limit reached for requests", "requests", "rate_limit_exceeded"), headers)
    problem = classify(exc)
    assert (problem.kind, problem.retryable, problem.stops_run) == ("rate_limited", True, False)
    assert problem.retry_after_s == expected
    if expected is not None:
        assert f"{expected:.0f}" in explain(problem, "en")


def test_retry_after_as_http_date() -> None:
    now = datetime(2026, 11, 25, 10, 0, 0, tzinfo=UTC)
    assert retry_after_seconds({"Retry-After": "Wed, 25 Nov 2026 10:00:30 GMT"}, now=now) == 30.0
    assert retry_after_seconds({"retry-after": "not a date"}) is None


def test_fine_tuning_refused_for_the_organisation() -> None:
    exc = _error(
        403,
        _openai_error("Fine-tuning is not available for this organization.", "invalid_request_error", None),
        call="ft_create",
    )
    assert isinstance(exc, openai.PermissionDeniedError)
    problem = classify(exc)
    assert (problem.kind, problem.stops_run, problem.retryable) == ("ft_not_available", True, False)
    assert "Azure" in explain(problem, "en") and "Azure" in explain(problem, "ko")


def test_other_403_is_forbidden() -> None:
    problem = classify(
        _error(
            403,
            _openai_error(
                "You are not allowed to sample from this model", "invalid_request_error", "model_not_allowed"
            ),
        )
    )
    assert (problem.kind, problem.stops_run) == ("forbidden", True)


def test_html_404_means_a_wrong_base_url() -> None:
    exc = _error(404, "<html><body><h1>Not Found</h1></body></html>", call="models")
    assert isinstance(exc, openai.NotFoundError)
    assert classify(exc).kind == "wrong_base_url"
    assert classify(exc).stops_run


def test_json_404_on_models_listing_is_a_wrong_base_url_but_a_missing_model_is_not_found() -> None:
    body = _openai_error("Invalid URL (GET /v1/v1/models)", "invalid_request_error", None)
    assert classify(_error(404, body, call="models")).kind == "wrong_base_url"
    missing = _error(
        404,
        _openai_error(
            "The model `gpt-9` does not exist or you do not have access to it.",
            "invalid_request_error",
            "model_not_found",
        ),
    )
    problem = classify(missing)
    assert (problem.kind, problem.stops_run, problem.code) == ("not_found", False, "model_not_found")
    assert "gpt-9" in explain(problem, "en")


def test_bad_request_keeps_the_servers_reason() -> None:
    problem = classify(
        _error(
            400,
            _openai_error(
                "Invalid file format for Fine-Tuning API. Must be .jsonl",
                "invalid_request_error",
                "invalid_file_format",
                "training_file",
            ),
        )
    )
    assert (problem.kind, problem.retryable, problem.stops_run) == ("bad_request", False, False)
    assert "Must be .jsonl" in explain(problem, "ko")


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retryable(status: int) -> None:
    exc = _error(status, _openai_error("The server had an error while processing your request.", "server_error", None))
    assert isinstance(exc, openai.InternalServerError)
    problem = classify(exc)
    assert (problem.kind, problem.retryable, problem.stops_run, problem.status) == ("server_error", True, False, status)


def test_timeout_and_connection_errors() -> None:
    def slow(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ReadTimeout("timed out", request=request)

    def refused(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("connection refused", request=request)

    for handler, kind, exc_type in (
        (slow, "timeout", openai.APITimeoutError),
        (refused, "unreachable", openai.APIConnectionError),
    ):
        client = openai.OpenAI(
            api_key=KEY,
            base_url="http://example.test/v1",
            max_retries=0,
            http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
        )
        with pytest.raises(exc_type) as caught:
            client.models.list()
        problem = classify(caught.value)
        assert (problem.kind, problem.retryable, problem.stops_run) == (kind, True, False)


def test_non_openai_exceptions() -> None:
    assert classify(TimeoutError()).kind == "timeout"
    assert classify(ConnectionRefusedError()).kind == "unreachable"
    assert classify(RuntimeError("boom")).kind == "unknown"


def test_every_kind_has_a_sentence_in_both_languages() -> None:
    for kind in api_errors.KINDS:
        problem = ApiProblem(kind=kind, retryable=False, stops_run=False)
        english, korean = explain(problem, "en"), explain(problem, "ko")
        assert english != f"api_errors.{kind}" and korean != f"api_errors.{kind}"
        assert english != korean and any("\uac00" <= ch <= "\ud7a3" for ch in korean)


def test_redact_hides_key_fragments() -> None:
    assert api_errors.redact(f"key {KEY} and sk-abc***wxyz") == "key sk-… and sk-…"
    assert json.dumps(classify(_error(400, _openai_error(f"bad {KEY}", "x", None))).detail).count("secret") == 0


def test_backoff_grows_with_jitter_is_capped_and_honours_retry_after(monkeypatch) -> None:
    monkeypatch.setattr(api_errors.random, "random", lambda: 1.0)
    assert [backoff_seconds(n, 2.0, 30.0) for n in (1, 2, 3, 4, 5)] == [2.0, 4.0, 8.0, 16.0, 30.0]
    monkeypatch.setattr(api_errors.random, "random", lambda: 0.0)
    assert backoff_seconds(3, 2.0, 30.0) == 4.0  # jitter: half the step at least
    assert backoff_seconds(3, 2.0, 30.0, retry_after_s=20.0) == 20.0
    assert backoff_seconds(3, 2.0, 30.0, retry_after_s=0.1) == 2.0  # a tiny retry-after still waits the base
