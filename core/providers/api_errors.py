"""Every error the API can throw at the app, turned into one plain sentence and a next step.

``classify`` looks at an exception from the openai SDK (or the HTTP layer
under it) and answers the questions a worker and a page need: what kind of
problem is it, is it worth retrying, must a whole run stop at once, and how
long does the server ask us to wait. ``explain`` turns that answer into a
sentence a non-programmer can act on, in English or Korean.

Nothing here ever repeats the API key: the server's own message (which for a
bad key quotes part of it) is redacted before it is kept.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp
import httpx2
import openai

from core.i18n import t
from core.providers.client import KeyBoundElsewhere

KIND_INVALID_KEY = "invalid_key"
KIND_NO_QUOTA = "no_quota"
KIND_RATE_LIMITED = "rate_limited"
KIND_FORBIDDEN = "forbidden"
KIND_FT_NOT_AVAILABLE = "ft_not_available"
KIND_NOT_FOUND = "not_found"
KIND_BAD_REQUEST = "bad_request"
KIND_SERVER_ERROR = "server_error"
KIND_TIMEOUT = "timeout"
KIND_UNREACHABLE = "unreachable"
KIND_WRONG_BASE_URL = "wrong_base_url"
KIND_UNKNOWN = "unknown"
KIND_KEY_BOUND_ELSEWHERE = "key_bound_elsewhere"
KINDS: tuple[str, ...] = (
    KIND_INVALID_KEY,
    KIND_NO_QUOTA,
    KIND_RATE_LIMITED,
    KIND_FORBIDDEN,
    KIND_FT_NOT_AVAILABLE,
    KIND_NOT_FOUND,
    KIND_BAD_REQUEST,
    KIND_SERVER_ERROR,
    KIND_TIMEOUT,
    KIND_UNREACHABLE,
    KIND_WRONG_BASE_URL,
    KIND_UNKNOWN,
    KIND_KEY_BOUND_ELSEWHERE,
)

# How far down an exception's chain of causes ``classify`` looks (a chain can loop back on itself).
MAX_CAUSES = 8
# Waiting helps with these; with the others the same request fails the same way again.
RETRYABLE_KINDS = frozenset({KIND_RATE_LIMITED, KIND_SERVER_ERROR, KIND_TIMEOUT, KIND_UNREACHABLE})
# These fail every request of a run, so a run stops at the first one instead of burning through the queue.
RUN_STOPPING_KINDS = frozenset(
    {
        KIND_INVALID_KEY,
        KIND_NO_QUOTA,
        KIND_FORBIDDEN,
        KIND_FT_NOT_AVAILABLE,
        KIND_WRONG_BASE_URL,
        KIND_KEY_BOUND_ELSEWHERE,
    }
)

CODE_INSUFFICIENT_QUOTA = "insufficient_quota"
MAX_DETAIL_CHARS = 300
# "sk-proj-abc…", "sk-abc***wxyz": anything that looks like a key or a piece of one.
_KEY_PATTERN = re.compile(r"\bsk-[A-Za-z0-9_\-\*\.]*")
_FT_WORDS = ("fine-tun", "fine_tun", "finetun")


@dataclass(frozen=True)
class ApiProblem:
    """What went wrong with one API call, in terms the app can act on."""

    kind: str
    retryable: bool
    stops_run: bool
    retry_after_s: float | None = None
    status: int | None = None
    code: str | None = None
    # The server's own message, redacted and shortened; shown only where it helps (bad requests).
    detail: str | None = None


def redact(text: str) -> str:
    """``text`` with anything that looks like an API key replaced by ``sk-…``."""
    return _KEY_PATTERN.sub("sk-…", text)


def make_problem(
    kind: str,
    *,
    retry_after_s: float | None = None,
    status: int | None = None,
    code: str | None = None,
    detail: str | None = None,
) -> ApiProblem:
    """An ``ApiProblem`` of ``kind`` with retry/stop flags from the kind; ``detail`` is redacted."""
    clean = redact(detail)[:MAX_DETAIL_CHARS] if detail else None
    return ApiProblem(
        kind=kind,
        retryable=kind in RETRYABLE_KINDS,
        stops_run=kind in RUN_STOPPING_KINDS,
        retry_after_s=retry_after_s,
        status=status,
        code=code,
        detail=clean,
    )


def backoff_seconds(attempt: int, base_s: float, max_s: float, retry_after_s: float | None = None) -> float:
    """How long to wait before retry ``attempt`` (1 = the first retry): exponential with jitter.

    Jitter spreads out clients that failed together; the server's ``retry-after``
    wins when it asks for longer.
    """
    exponential = min(max_s, base_s * (2 ** max(0, attempt - 1)))
    jittered = exponential * (0.5 + random.random() / 2)
    if retry_after_s is not None:
        return max(retry_after_s, min(jittered, base_s))
    return jittered


def retry_after_seconds(headers: Mapping[str, str] | None, now: datetime | None = None) -> float | None:
    """The wait the server asks for: ``retry-after-ms``, else ``retry-after`` (seconds or an HTTP date)."""
    if not headers:
        return None
    lowered = {str(k).lower(): str(v) for k, v in headers.items()}
    millis = lowered.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000.0)
        except ValueError:
            pass
    value = lowered.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _body_dict(exc: openai.APIError) -> dict[str, Any] | None:
    body = exc.body
    if isinstance(body, Mapping):
        inner = body.get("error", body)
        return dict(inner) if isinstance(inner, Mapping) else dict(body)
    return None


def _message_of(exc: openai.APIError) -> str:
    body = _body_dict(exc)
    if body and isinstance(body.get("message"), str):
        return body["message"]
    return str(getattr(exc, "message", "") or "")


def _looks_like_ft_refusal(message: str, code: str | None) -> bool:
    text = f"{message} {code or ''}".lower()
    return any(word in text for word in _FT_WORDS)


def _is_wrong_base_url(exc: openai.APIStatusError) -> bool:
    """A 404/405 that isn't OpenAI's JSON error: some other web server answered (HTML, plain text)."""
    if exc.status_code not in (404, 405):
        return False
    if _body_dict(exc) is None:
        return True
    # OpenAI answers an unknown *path* with a JSON 404 too; listing models can't 404 on a right base URL.
    return exc.request is not None and exc.request.url.path.rstrip("/").endswith("/models")


def _classify_status(exc: Any) -> ApiProblem:
    """An ``APIStatusError`` of either SDK (OpenAI's, or Together's, which keeps ``code``/``type`` in the body)."""
    status = exc.status_code
    body = _body_dict(exc) or {}
    code = getattr(exc, "code", None) or (str(body["code"]) if body.get("code") else None)
    message = _message_of(exc)
    retry_after = retry_after_seconds(exc.response.headers if exc.response is not None else None)
    common: dict[str, Any] = {"status": status, "code": code, "detail": message or None}
    if status == 401:
        return make_problem(KIND_INVALID_KEY, **common)
    if status == 429:
        if code == CODE_INSUFFICIENT_QUOTA or getattr(exc, "type", body.get("type")) == CODE_INSUFFICIENT_QUOTA:
            return make_problem(KIND_NO_QUOTA, **common)
        return make_problem(KIND_RATE_LIMITED, retry_after_s=retry_after, **common)
    if status == 403:
        kind = KIND_FT_NOT_AVAILABLE if _looks_like_ft_refusal(message, code) else KIND_FORBIDDEN
        return make_problem(kind, **common)
    if _is_wrong_base_url(exc):
        return make_problem(KIND_WRONG_BASE_URL, **common)
    if status == 404:
        return make_problem(KIND_NOT_FOUND, **common)
    if status in (408,):
        return make_problem(KIND_TIMEOUT, retry_after_s=retry_after, **common)
    if status >= 500:
        return make_problem(KIND_SERVER_ERROR, retry_after_s=retry_after, **common)
    if 400 <= status < 500:
        return make_problem(KIND_BAD_REQUEST, **common)
    return make_problem(KIND_UNKNOWN, **common)


def _dropped_connection(exc: BaseException) -> bool:
    """A "timeout" that was a refused, reset or dropped connection, nothing timing out.

    The SDK's aiohttp transport reports every aiohttp connection error as a connect
    timeout; its causes still say what happened. httpx2's own transport calls these
    connection errors, and so must we: a server that is gone stops a run, a slow one
    is waited for.
    """
    causes: list[BaseException] = []
    cause = exc.__cause__
    while cause is not None and len(causes) < MAX_CAUSES:
        causes.append(cause)
        cause = cause.__cause__
    if any(isinstance(c, TimeoutError) for c in causes):
        return False
    return any(isinstance(c, (aiohttp.ClientConnectionError, ConnectionError)) for c in causes)


def classify(exc: BaseException) -> ApiProblem:
    """What kind of problem ``exc`` is, whether to retry, whether a run must stop, how long to wait."""
    if isinstance(exc, KeyBoundElsewhere):
        return make_problem(KIND_KEY_BOUND_ELSEWHERE)
    if isinstance(exc, openai.APIStatusError):
        return _classify_status(exc)
    together_problem = _classify_together(exc)
    if together_problem is not None:
        return together_problem
    if isinstance(exc, openai.APITimeoutError):
        return make_problem(KIND_UNREACHABLE if _dropped_connection(exc) else KIND_TIMEOUT)
    if isinstance(exc, openai.APIConnectionError):
        return make_problem(KIND_UNREACHABLE)
    if isinstance(exc, openai.APIResponseValidationError):
        # A 200 whose body isn't OpenAI's shape: usually a web page at the base URL.
        return make_problem(KIND_WRONG_BASE_URL, status=exc.status_code)
    if isinstance(exc, (httpx2.TimeoutException, TimeoutError)):
        return make_problem(KIND_TIMEOUT)
    if isinstance(exc, (httpx2.TransportError, ConnectionError)):
        return make_problem(KIND_UNREACHABLE)
    if isinstance(exc, httpx2.InvalidURL) or (isinstance(exc, ValueError) and "url" in str(exc).lower()):
        return make_problem(KIND_WRONG_BASE_URL)
    return make_problem(KIND_UNKNOWN, detail=type(exc).__name__)


def _classify_together(exc: BaseException) -> ApiProblem | None:
    """Together's SDK raises its own exception classes (same shapes, its own ``httpx``); None for any other."""
    import together

    if isinstance(exc, together.APIStatusError):
        return _classify_status(exc)
    if isinstance(exc, together.APITimeoutError):
        return make_problem(KIND_TIMEOUT)
    if isinstance(exc, together.APIConnectionError):
        return make_problem(KIND_UNREACHABLE)
    if isinstance(exc, together.APIResponseValidationError):
        return make_problem(KIND_WRONG_BASE_URL, status=exc.status_code)
    return None


def explain(problem: ApiProblem, lang: str) -> str:
    """One plain sentence saying what is wrong, and what to do next, in ``lang``."""
    text = t(f"api_errors.{problem.kind}", lang)
    if problem.kind == KIND_RATE_LIMITED and problem.retry_after_s is not None:
        text += " " + t("api_errors.retry_after", lang, seconds=f"{problem.retry_after_s:.0f}")
    if problem.kind in (KIND_BAD_REQUEST, KIND_NOT_FOUND) and problem.detail:
        text += " " + t("api_errors.server_said", lang, detail=problem.detail)
    if problem.kind == KIND_UNKNOWN and problem.status:
        text += " " + t("api_errors.status_code", lang, status=problem.status)
    return text


def explain_exception(exc: BaseException, lang: str) -> str:
    """``explain(classify(exc), lang)`` in one call."""
    return explain(classify(exc), lang)
