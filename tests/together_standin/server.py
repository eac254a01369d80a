"""The Together stand-in's HTTP side: Together's routes on the OpenAI stand-in's server.

Life cycle, knobs (latency, faults, clock speed), the request log and the
``/_standin/`` control endpoints are the OpenAI stand-in's own (``StandIn``);
only the routes under ``/v1`` and the remembered objects (``TogetherWorld``)
differ. Errors keep the body Together's spec names ``ErrorData``
(``{"error": {"message", "type", "param", "code"}}``), the same shape as OpenAI's.
"""

from __future__ import annotations

import math
from typing import Any

from core.providers.client import PROVIDER_TOGETHER, ConnectionSettings
from tests.openai_standin import chat
from tests.openai_standin.chat import ApiFailure
from tests.openai_standin.server import DEFAULT_API_KEY, StandIn, _Handler, _maybe_json, _require_object, _sse
from tests.together_standin.world import TogetherWorld

TOGETHER_API_KEY = "tgp_v1_standin-local-test-key-0000"
__all__ = ["DEFAULT_API_KEY", "TOGETHER_API_KEY", "TogetherStandIn"]


class _TogetherHandler(_Handler):
    def _route(
        self, method: str, path: str, query: dict[str, str], raw: bytes, deployment: str | None
    ) -> tuple[int, Any, dict[str, str], str | None]:
        world: TogetherWorld = self.server.standin.world  # type: ignore[assignment]
        parts = [p for p in path.split("/") if p]
        body = _maybe_json(raw, self.headers.get("Content-Type", ""))

        def ok(payload: Any) -> tuple[int, Any, dict[str, str], str | None]:
            return 200, payload, {}, None

        if parts == ["chat", "completions"] and method == "POST":
            return self._together_chat(body)
        if parts == ["files", "upload"] and method == "POST":
            return ok(self._upload(raw))
        if len(parts) == 2 and parts[0] == "files" and method == "GET":
            return ok(world.get_file(parts[1]).public())
        if parts == ["fine-tunes"] and method == "POST":
            return ok(world.create_job(_require_object(body)))
        if parts == ["fine-tunes"] and method == "GET":
            return ok(world.list_jobs())
        if parts == ["fine-tunes", "estimate-price"] and method == "POST":
            return ok(world.estimate(_require_object(body)))
        if parts == ["fine-tunes", "models", "supported"] and method == "GET":
            return ok(world.supported())
        if parts == ["fine-tunes", "models", "limits"] and method == "GET":
            return ok(world.limits(query.get("model_name")))
        if len(parts) == 2 and parts[0] == "fine-tunes" and method == "GET":
            return ok(world.job_object(world.get_job(parts[1])))
        if len(parts) == 3 and parts[0] == "fine-tunes":
            job_id, action = parts[1], parts[2]
            if action == "cancel" and method == "POST":
                return ok(world.cancel_job(job_id))
            if action == "events" and method == "GET":
                return ok(world.events(job_id))
            if action == "checkpoints" and method == "GET":
                return ok(world.checkpoints(job_id))
            if action == "metrics" and method == "GET":
                return ok(world.metrics(job_id))
        raise ApiFailure(404, f"Invalid URL ({method} /v1{path})", type_="not_found")

    def _together_chat(self, body: Any) -> tuple[int, Any, dict[str, str], str | None]:
        standin = self.server.standin
        world: TogetherWorld = standin.world  # type: ignore[assignment]
        model, messages = chat.validate_chat_request(body)
        world.check_chat(model)
        max_tokens = body.get("max_tokens") or body.get("max_completion_tokens")
        allowed, wait, headers = standin.controls.admit(chat.prompt_tokens(messages) + int(max_tokens or 0))
        if not allowed:
            raise ApiFailure(
                429,
                "Rate limit exceeded",
                type_="rate_limit",
                code="rate_limit_exceeded",
                headers={**headers, "retry-after": str(max(1, math.ceil(wait)))},
            )
        n = int(body.get("n") or 1)
        texts = [world.reply(model, messages, index, body.get("seed")) for index in range(n)]
        result = chat.completion(model, texts[0], messages, max_tokens, texts)
        result["prompt"] = []  # Together always sends it (the echoed prompt; empty unless ``echo``)
        for choice in result["choices"]:  # Together's message has no "refusal"; logprobs only when asked for
            choice["message"].pop("refusal", None)
            if choice.get("logprobs") is None:
                choice.pop("logprobs", None)
        if body.get("stream"):  # server-sent chunks, as Together streams them (the OpenAI stand-in's framing)
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            return 200, _sse(result, include_usage), headers, "text/event-stream"
        return 200, result, headers, None


class TogetherStandIn(StandIn):
    """A local Together API (``/v1/files/upload``, ``/v1/fine-tunes…``, ``/v1/chat/completions``)."""

    handler_class = _TogetherHandler

    def __init__(self, port: int = 0, host: str = "127.0.0.1", api_key: str = TOGETHER_API_KEY) -> None:
        super().__init__(port=port, host=host, api_key=api_key)
        self.world = TogetherWorld(self.controls)

    def connection(self, **overrides: Any) -> ConnectionSettings:
        """Settings that reach this stand-in as Together. No SDK retries: faults reach the caller."""
        settings = ConnectionSettings(
            provider=PROVIDER_TOGETHER, api_key=self.api_key, base_url=self.base_url, timeout_s=10.0, max_retries=0
        )
        return settings.with_overrides(**overrides) if overrides else settings
