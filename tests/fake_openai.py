"""A tiny in-process fake of the chat endpoint over ``httpx2.MockTransport``.

Used for engine tests that need exact control of each response (fault on call
N, headers); end-to-end behaviour is tested against the stand-in server.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2
from openai import AsyncOpenAI

from core.providers.client import ConnectionSettings


def completion_body(model: str, text: str, prompt_tokens: int = 10, completion_tokens: int = 5) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1,
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def error_response(
    status: int, code: str | None = None, message: str = "error", headers: dict | None = None, type_: str | None = None
) -> httpx2.Response:
    return httpx2.Response(
        status,
        headers=headers or {},
        json={"error": {"message": message, "type": type_ or code or "error", "code": code, "param": None}},
    )


@dataclass
class FakeChat:
    """Answers "answer: <last user message>"; ``script`` maps call number → response factory."""

    latency_s: float = 0.0
    script: dict[int, Callable[[], httpx2.Response]] = field(default_factory=dict)
    always: Callable[[], httpx2.Response] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    calls: list[dict[str, Any]] = field(default_factory=list)

    async def handle(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        self.calls.append(body)
        number = len(self.calls)
        if self.latency_s:
            await asyncio.sleep(self.latency_s)
        if number in self.script:
            return self.script[number]()
        if self.always is not None:
            return self.always()
        question = next(m["content"] for m in reversed(body["messages"]) if m["role"] == "user")
        return httpx2.Response(200, headers=self.headers, json=completion_body(body["model"], f"answer: {question}"))

    def client(self) -> AsyncOpenAI:
        return AsyncOpenAI(
            api_key="sk-test",
            base_url="http://fake.test/v1",
            max_retries=0,
            http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(self.handle)),
        )

    @staticmethod
    def settings() -> ConnectionSettings:
        return ConnectionSettings(api_key="sk-test", base_url="http://fake.test/v1")
