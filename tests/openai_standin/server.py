"""The stand-in's HTTP side: routing, auth, latency, faults, rate limits and the request log.

A stdlib ``ThreadingHTTPServer`` on 127.0.0.1 speaking the OpenAI REST API
under ``/v1`` and the Azure OpenAI paths under ``/openai`` (``api-key``
header, ``?api-version=``, ``/openai/deployments/{name}/chat/completions``).
Anything else answers like an unrelated web server (an HTML 404), which is
what a wrong base URL looks like in real life. Control endpoints live under
``/_standin/`` so a stand-in in another process can be driven too.
"""

from __future__ import annotations

import json
import math
import re
import socket
import threading
import time
from email.parser import BytesParser
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from core.providers.client import PROVIDER_AZURE, PROVIDER_OPENAI, ConnectionSettings
from tests.openai_standin import chat
from tests.openai_standin.chat import ApiFailure
from tests.openai_standin.knobs import FT_FORBIDDEN_MESSAGE, Controls
from tests.openai_standin.world import World

DEFAULT_API_KEY = "sk-standin-local-test-key-0000"
AZURE_API_VERSION = "2025-04-01-preview"
_DEPLOYMENT_PATH = re.compile(r"^/openai/deployments/([^/]+)(/.*)$")
_HTML_404 = b"<!doctype html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"


class StandIn:
    """A running (or stopped) stand-in: knobs, faults, request log and the remembered objects."""

    # Another provider's stand-in reuses this life cycle, these knobs and this log with its own routes.
    handler_class: type[BaseHTTPRequestHandler]

    def __init__(self, port: int = 0, host: str = "127.0.0.1", api_key: str = DEFAULT_API_KEY) -> None:
        self.host, self.port, self.api_key = host, port, api_key
        self.controls = Controls()
        self.world = World(self.controls)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    # --- life cycle --------------------------------------------------------------------------
    def start(self) -> StandIn:
        """Listen (again, on the same port after a ``stop``), keeping all state."""
        if self._server is not None:
            return self
        self.controls.stopping.clear()
        server = _Server((self.host, self.port), self.handler_class)
        server.standin = self
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"standin-{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and drop open connections (a crashed server, as clients see it)."""
        if self._server is None:
            return
        self.controls.stopping.set()  # releases handlers hanging in a "timeout" fault
        self._server.shutdown()
        self._server.server_close()
        with self._connections_lock:
            for connection in list(self._connections):
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self._connections.clear()
        self._server = None

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1"

    # --- what tests use ------------------------------------------------------------------------
    def connection(self, **overrides: Any) -> ConnectionSettings:
        """Settings that reach this stand-in like OpenAI. No SDK retries: faults reach the caller."""
        settings = ConnectionSettings(
            provider=PROVIDER_OPENAI, api_key=self.api_key, base_url=self.base_url, timeout_s=10.0, max_retries=0
        )
        return settings.with_overrides(**overrides) if overrides else settings

    def azure_connection(self, **overrides: Any) -> ConnectionSettings:
        """Settings that reach this stand-in like Azure OpenAI (``/openai/…`` paths, ``api-key`` header)."""
        settings = ConnectionSettings(
            provider=PROVIDER_AZURE,
            api_key=self.api_key,
            azure_endpoint=self.root_url,
            api_version=AZURE_API_VERSION,
            timeout_s=10.0,
            max_retries=0,
        )
        return settings.with_overrides(**overrides) if overrides else settings

    def configure(self, **knobs: Any) -> None:
        """Set knobs: latency_s, rpm, tpm, rate_window_s, hang_s, clock_speed, result_csv_base64,
        valid_keys, organization_id, models, batch_fail_custom_ids, azure_deployments,
        judge_replies ("verdict" | "prose")."""
        self.controls.configure(**knobs)

    def fault(
        self,
        kind: str,
        on_call: int | None = None,
        rate: float | None = None,
        path_prefix: str | None = None,
        count: int | None = None,
        method: str | None = None,
    ) -> None:
        """Inject a fault: "500", "503", "timeout", "lost_response", "invalid_api_key", "insufficient_quota",
        "ft_forbidden" ("lost_response" carries the request out, then hangs like "timeout").

        ``path_prefix`` is an API path without ``/v1`` (e.g. "/chat/completions").
        """
        self.controls.add_fault(kind, on_call=on_call, rate=rate, path_prefix=path_prefix, count=count, method=method)

    def advance(self, seconds: float) -> None:
        """Move the simulated clock (fine-tuning jobs, batches) forward."""
        self.world.advance(seconds)

    @property
    def requests(self) -> list[dict[str, Any]]:
        """The request log: method, path, query, headers, json, status (oldest first)."""
        with self.controls.lock:
            return list(self.controls.requests)

    def clear_requests(self) -> None:
        with self.controls.lock:
            self.controls.requests.clear()

    def reset(self) -> None:
        """Forget knobs, faults, the log and every file, job and batch."""
        self.controls.reset()
        self.world.reset()

    def track(self, connection: socket.socket, alive: bool) -> None:
        with self._connections_lock:
            (self._connections.add if alive else self._connections.discard)(connection)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    standin: StandIn


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep test output quiet
        return

    def setup(self) -> None:
        super().setup()
        self.server.standin.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.standin.track(self.connection, False)

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_DELETE(self) -> None:  # noqa: N802
        self._handle("DELETE")

    # --- plumbing ----------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-request-id", f"req_standin_{time.monotonic_ns()}")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json", headers)

    def _handle(self, method: str) -> None:
        standin = self.server.standin
        split = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if split.path.startswith("/_standin/"):
            self._control(method, split.path, raw)
            return
        entry: dict[str, Any] = {
            "method": method,
            "path": split.path,
            "query": query,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "json": _maybe_json(raw, self.headers.get("Content-Type", "")),
            "raw": raw,
            "time": time.time(),
        }
        standin.controls.log(entry)
        try:
            status, payload, headers, content_type = self._api(method, split.path, query, raw, entry)
        except ApiFailure as failure:
            status, payload, headers, content_type = failure.status, failure.body, failure.headers, None
        except _Hang:
            standin.controls.stopping.wait(standin.controls.knobs.hang_s)
            entry["status"] = None
            self.close_connection = True
            return
        entry["status"] = status
        entry["response_headers"] = headers
        if isinstance(payload, (bytes, bytearray)):
            entry["response_body"] = bytes(payload)
            self._send(status, bytes(payload), content_type or "application/octet-stream", headers)
        else:
            entry["response_json"] = payload
            self._send_json(status, payload, headers)

    def _control(self, method: str, path: str, raw: bytes) -> None:
        standin = self.server.standin
        body = _maybe_json(raw, "application/json") or {}
        try:
            if path == "/_standin/health":
                self._send_json(200, {"ok": True, "base_url": standin.base_url})
            elif path == "/_standin/configure" and method == "POST":
                standin.configure(**body)
                self._send_json(200, {"ok": True})
            elif path == "/_standin/fault" and method == "POST":
                standin.fault(**body)
                self._send_json(200, {"ok": True})
            elif path == "/_standin/advance" and method == "POST":
                standin.advance(float(body.get("seconds", 0)))
                self._send_json(200, {"ok": True})
            elif path == "/_standin/reset" and method == "POST":
                standin.reset()
                self._send_json(200, {"ok": True})
            elif path == "/_standin/requests" and method == "GET":
                rows = [{k: v for k, v in row.items() if k not in ("raw", "response_body")} for row in standin.requests]
                self._send_json(200, {"requests": rows})
            elif path == "/_standin/requests" and method == "DELETE":
                standin.clear_requests()
                self._send_json(200, {"ok": True})
            else:
                self._send_json(404, {"error": f"unknown control endpoint {method} {path}"})
        except (TypeError, ValueError) as error:
            self._send_json(400, {"error": str(error)})

    # --- the API ---------------------------------------------------------------------------
    def _api(
        self, method: str, path: str, query: dict[str, str], raw: bytes, entry: dict[str, Any]
    ) -> tuple[int, Any, dict[str, str], str | None]:
        standin = self.server.standin
        knobs = standin.controls.knobs
        deployment, api_path, azure = None, None, False
        if path.startswith("/v1/") or path == "/v1":
            api_path = path[3:] or "/"
        elif (match := _DEPLOYMENT_PATH.match(path)) is not None:
            deployment, api_path, azure = match.group(1), match.group(2), True
        elif path.startswith("/openai/"):
            api_path, azure = path[len("/openai") :], True
        if api_path is None:
            # Not an API path at all: answer like whatever web server really sits at a wrong base URL.
            return 404, _HTML_404, {}, "text/html; charset=utf-8"
        entry["api_path"], entry["azure"] = api_path, azure
        if knobs.latency_s:
            standin.controls.stopping.wait(knobs.latency_s)
        fault = standin.controls.pick_fault(method, api_path)
        if fault is not None and fault.kind != "lost_response":
            _raise_fault(fault.kind, knobs.organization_id)
        self._check_key(azure)
        if azure and "api-version" not in query:
            raise ApiFailure(404, "Resource not found", code="404")
        answer = self._route(method, api_path, query, raw, deployment)
        if fault is not None:  # "lost_response": the work is done, but the client never hears of it
            raise _Hang()
        return answer

    def _check_key(self, azure: bool) -> None:
        knobs = self.server.standin.controls.knobs
        key = self.headers.get("api-key") if azure else None
        authorization = self.headers.get("Authorization", "")
        if not key and authorization.lower().startswith("bearer "):
            key = authorization[7:].strip()
        if not key:
            raise ApiFailure(
                401,
                "You didn't provide an API key. You need to provide your API key in an "
                "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            )
        if knobs.valid_keys is not None and key not in knobs.valid_keys:
            raise ApiFailure(
                401,
                f"Incorrect API key provided: {_mask(key)}. You can find your API key at "
                "https://platform.openai.com/account/api-keys.",
                code="invalid_api_key",
            )

    def _route(
        self, method: str, path: str, query: dict[str, str], raw: bytes, deployment: str | None
    ) -> tuple[int, Any, dict[str, str], str | None]:
        world = self.server.standin.world
        parts = [p for p in path.split("/") if p]
        body = _maybe_json(raw, self.headers.get("Content-Type", ""))
        limit = _int(query.get("limit"), 20)
        after = query.get("after")
        ok = lambda payload: (200, payload, {}, None)  # noqa: E731
        if parts == ["chat", "completions"] and method == "POST":
            return self._chat(body, deployment)
        if parts == ["models"] and method == "GET":
            return ok({"object": "list", "data": [chat.model_object(n, o) for n, o in world.model_ids()]})
        if len(parts) >= 2 and parts[0] == "models" and method == "GET":
            return ok(world.find_model("/".join(parts[1:])))
        if parts == ["files"] and method == "POST":
            return ok(self._upload(raw))
        if parts == ["files"] and method == "GET":
            return ok(
                world.list_files(
                    query.get("purpose"), _int(query.get("limit"), 10_000), query.get("order", "desc"), after
                )
            )
        if len(parts) == 2 and parts[0] == "files":
            if method == "GET":
                return ok(world.get_file(parts[1]).public())
            if method == "DELETE":
                return ok(world.delete_file(parts[1]))
        if len(parts) == 3 and parts[0] == "files" and parts[2] == "content" and method == "GET":
            return 200, world.get_file(parts[1]).content, {}, "application/octet-stream"
        if parts[:2] == ["fine_tuning", "jobs"]:
            return ok(self._jobs(method, parts[2:], query, body, limit, after))
        if parts == ["batches"] and method == "POST":
            return ok(world.create_batch(_require_object(body)))
        if parts == ["batches"] and method == "GET":
            return ok(world.list_batches(limit, after))
        if len(parts) == 2 and parts[0] == "batches" and method == "GET":
            return ok(world.batch_object(world.get_batch(parts[1])))
        if len(parts) == 3 and parts[0] == "batches" and parts[2] == "cancel" and method == "POST":
            return ok(world.cancel_batch(parts[1]))
        raise ApiFailure(404, f"Invalid URL ({method} /v1{path})")

    def _jobs(
        self, method: str, rest: list[str], query: dict[str, str], body: Any, limit: int, after: str | None
    ) -> dict[str, Any]:
        world = self.server.standin.world
        if not rest and method == "POST":
            return world.create_job(_require_object(body))
        if not rest and method == "GET":
            metadata = {k[len("metadata[") : -1]: v for k, v in query.items() if k.startswith("metadata[")}
            return world.list_jobs(limit, after, metadata or None)
        if len(rest) == 1 and method == "GET":
            return world.job_object(world.get_job(rest[0]))
        if len(rest) == 2:
            job_id, action = rest
            if method == "POST" and action == "cancel":
                return world.cancel_job(job_id)
            if method == "POST" and action == "pause":
                return world.pause_job(job_id)
            if method == "POST" and action == "resume":
                return world.resume_job(job_id)
            if method == "GET" and action == "events":
                return world.events(job_id, limit, after)
            if method == "GET" and action == "checkpoints":
                return world.list_checkpoints(job_id, _int(query.get("limit"), 10), after)
        raise ApiFailure(404, f"Invalid URL ({method} /v1/fine_tuning/jobs/{'/'.join(rest)})")

    def _chat(self, body: Any, deployment: str | None) -> tuple[int, Any, dict[str, str], str | None]:
        standin = self.server.standin
        world, knobs = standin.world, standin.controls.knobs
        if deployment is not None:
            body = {**(body or {}), "model": deployment} if isinstance(body, dict) else body
        model, messages = chat.validate_chat_request(body)
        if deployment is not None:
            model = knobs.azure_deployments.get(deployment, deployment)
            if not any(name == model for name, _ in world.model_ids()):
                raise ApiFailure(
                    404,
                    "The API deployment for this resource does not exist. If you created the "
                    "deployment within the last 5 minutes, please wait a moment and try again.",
                    code="DeploymentNotFound",
                )
        else:
            world.check_chat_model(model)
        max_tokens = body.get("max_completion_tokens") or body.get("max_tokens")
        needed = chat.prompt_tokens(messages) + int(max_tokens or 0)
        allowed, wait, headers = standin.controls.admit(needed)
        if not allowed:
            unit = "requests per min (RPM)" if (knobs.rpm and not knobs.tpm) else "tokens per min (TPM)"
            raise ApiFailure(
                429,
                f"Rate limit reached for {model} in organization {knobs.organization_id} on "
                f"{unit}. Please try again in {wait:.3f}s.",
                type_="requests",
                code="rate_limit_exceeded",
                headers={
                    **headers,
                    "retry-after": str(max(1, math.ceil(wait))),
                    "retry-after-ms": str(int(wait * 1000)),
                },
            )
        n = int(body.get("n") or 1)
        texts = [world.answer(model, messages, index, body.get("seed"), knobs.judge_replies) for index in range(n)]
        result = chat.completion(model, texts[0], messages, max_tokens, texts)
        if body.get("stream"):
            return (
                200,
                _sse(result, bool((body.get("stream_options") or {}).get("include_usage"))),
                headers,
                "text/event-stream",
            )
        return 200, result, headers, None

    def _upload(self, raw: bytes) -> dict[str, Any]:
        content_type = self.headers.get("Content-Type", "")
        if not content_type.startswith("multipart/form-data"):
            raise ApiFailure(400, "Expected multipart/form-data with 'file' and 'purpose'.", param="file")
        message = BytesParser(policy=email_policy).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
        fields: dict[str, Any] = {}
        filename = "upload"
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name == "file":
                filename = part.get_filename() or filename
                fields["file"] = part.get_payload(decode=True) or b""
            elif name:
                fields[name] = (part.get_payload(decode=True) or b"").decode()
        if "file" not in fields:
            raise ApiFailure(
                400, "Missing required parameter: 'file'.", param="file", code="missing_required_parameter"
            )
        if "purpose" not in fields:
            raise ApiFailure(
                400, "Missing required parameter: 'purpose'.", param="purpose", code="missing_required_parameter"
            )
        return self.server.standin.world.upload(filename, fields["purpose"], fields["file"])


class _Hang(Exception):
    """Raised to make a request hang past the client's timeout."""


def _raise_fault(kind: str, organization: str) -> None:
    if kind == "timeout":
        raise _Hang()
    if kind == "500":
        raise ApiFailure(
            500, "The server had an error while processing your request. Sorry about that!", type_="server_error"
        )
    if kind == "503":
        raise ApiFailure(503, "The engine is currently overloaded, please try again later.", type_="server_error")
    if kind == "invalid_api_key":
        raise ApiFailure(
            401,
            "Incorrect API key provided: sk-stand*****0000. You can find your API key at "
            "https://platform.openai.com/account/api-keys.",
            code="invalid_api_key",
        )
    if kind == "insufficient_quota":
        raise ApiFailure(
            429,
            "You exceeded your current quota, please check your plan and billing details. "
            "For more information on this error, read the docs: "
            "https://platform.openai.com/docs/guides/error-codes/api-errors.",
            type_="insufficient_quota",
            code="insufficient_quota",
        )
    if kind == "ft_forbidden":
        raise ApiFailure(403, FT_FORBIDDEN_MESSAGE, code=None)


def _sse(result: dict[str, Any], include_usage: bool) -> bytes:
    """A completion as server-sent ``chat.completion.chunk`` events."""
    events = []
    for choice in result["choices"]:
        delta = {"role": "assistant", "content": choice["message"]["content"]}
        events.append(
            {
                "id": result["id"],
                "object": "chat.completion.chunk",
                "created": result["created"],
                "model": result["model"],
                "choices": [{"index": choice["index"], "delta": delta, "finish_reason": choice["finish_reason"]}],
            }
        )
    if include_usage:
        events.append(
            {
                "id": result["id"],
                "object": "chat.completion.chunk",
                "created": result["created"],
                "model": result["model"],
                "choices": [],
                "usage": result["usage"],
            }
        )
    text = "".join(f"data: {json.dumps(event, ensure_ascii=False)}\n\n" for event in events) + "data: [DONE]\n\n"
    return text.encode()


def _mask(key: str) -> str:
    return f"{key[:3]}*****{key[-4:]}" if len(key) > 8 else "*****"


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, int(value)) if value is not None else default
    except ValueError:
        return default


def _maybe_json(raw: bytes, content_type: str) -> Any:
    if not raw or "json" not in content_type:
        return None
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _require_object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ApiFailure(400, "We could not parse the JSON body of your request.")
    return body


StandIn.handler_class = _Handler
