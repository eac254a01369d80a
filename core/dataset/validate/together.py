"""Together AI's rules for a training file: its models' context lengths and the message order it requires.

The message rules (checked 2026-11-29) come from https://docs.together.ai/docs/fine-tuning/data-preparation
("the conversation must start with system or user and alternate user and assistant afterwards"; roles
system, user and assistant) and the official SDK's checker (``together-py``,
``src/together/lib/utils/files.py``: one optional system message first, then user/assistant turns that never
repeat a role; a preference input must not end with the assistant). On top of that a supervised example must
end with the assistant's answer: a question left unanswered at the end teaches the model nothing.

The file is the one ``core.dataset.trainer_formats`` writes for Together, so ``developer`` counts as ``system``
(that file renames it). Token counts come from OpenAI's tokenizer, so for Together's models (Llama, Qwen,
gpt-oss …) they are estimates; the context check flags what is clearly too long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from core.dataset.upload_plan import PROVIDER_TOGETHER

__all__ = ["PROVIDER_TOGETHER", "TOGETHER_MODELS", "context_length", "order_problems"]

TABLE_AS_OF = date(2026, 11, 29)
TABLE_SOURCE = "https://docs.together.ai/docs/fine-tuning/supported-models"


@dataclass(frozen=True)
class TogetherModel:
    """One base model Together fine-tunes (LoRA), with its context length per method, in tokens."""

    name: str
    context_sft: int
    context_dpo: int


# From Together's "Supported models" table (LoRA fine-tuning: "Context Length (SFT)" and "(DPO)"), as of
# TABLE_AS_OF. The fewest examples a file may hold is the same for every model (one: ``MIN_SAMPLES`` in the
# official SDK) and lives with the other providers' minimums in ``core.dataset.upload_plan``. A model not
# listed here is still checked for message order; Together checks its length when the file is uploaded.
TOGETHER_MODELS: dict[str, TogetherModel] = {
    m.name: m
    for m in (
        TogetherModel("openai/gpt-oss-20b", 16384, 8192),
        TogetherModel("openai/gpt-oss-120b", 16384, 8192),
        TogetherModel("deepseek-ai/DeepSeek-R1-0528", 131072, 32768),
        TogetherModel("zai-org/GLM-4.6", 128000, 64000),
        TogetherModel("zai-org/GLM-4.7", 128000, 64000),
        TogetherModel("moonshotai/Kimi-K2-Instruct", 65536, 32768),
    )
}
DEFAULT_TOGETHER_MODEL = "openai/gpt-oss-20b"

ROLES: frozenset[str] = frozenset({"system", "user", "assistant"})
ROLE_ALIASES: dict[str, str] = {"developer": "system"}

# Blocking: Together refuses the file (or the example would teach the wrong turn).
ORDER_ROLE = "together_role"
ORDER_SYSTEM_NOT_FIRST = "together_system_not_first"
ORDER_STARTS_WITH_ASSISTANT = "together_starts_with_assistant"
ORDER_NOT_ALTERNATING = "together_not_alternating"
ORDER_ENDS_WITH_USER = "together_ends_with_user"
ORDER_PROMPT_ENDS_WITH_ASSISTANT = "together_prompt_ends_with_assistant"
TOO_FEW = "together_too_few_examples"
ERROR_CATEGORIES: tuple[str, ...] = (
    ORDER_ROLE,
    ORDER_SYSTEM_NOT_FIRST,
    ORDER_STARTS_WITH_ASSISTANT,
    ORDER_NOT_ALTERNATING,
    ORDER_ENDS_WITH_USER,
    ORDER_PROMPT_ENDS_WITH_ASSISTANT,
    TOO_FEW,
)
# Not blocking: the example is cut to the context, or the model's context isn't in the table.
OVER_CONTEXT = "together_over_context"
UNKNOWN_MODEL = "together_unknown_model"
WARNING_CATEGORIES: tuple[str, ...] = (OVER_CONTEXT, UNKNOWN_MODEL)


def context_length(model: str, method_dpo: bool = False) -> int | None:
    """The model's context in tokens on Together (SFT or DPO), or None when it isn't in the table."""
    row = TOGETHER_MODELS.get(model.strip())
    if row is None:
        return None
    return row.context_dpo if method_dpo else row.context_sft


def _role(message: Any) -> Any:
    if not isinstance(message, dict):
        return None
    if message.get("tool_calls") or message.get("function_call"):
        return "tool_calls"  # Together's chat format has no tool calls
    role = message.get("role")
    return ROLE_ALIASES.get(role, role) if isinstance(role, str) else role


def _has_non_text(message: Any) -> bool:
    """A content part that isn't text (an image): Together's file carries text only, so it would vanish."""
    content = message.get("content") if isinstance(message, dict) else None
    return isinstance(content, list) and any(not isinstance(p, dict) or p.get("type") != "text" for p in content)


def order_problems(messages: Any, *, prompt_only: bool = False) -> list[str]:
    """Which of Together's message rules ``messages`` breaks (empty: none).

    ``prompt_only`` is a preference example's input: it ends with the user's turn, not the assistant's.
    """
    if not isinstance(messages, list) or not messages:
        return []  # the format checks already report a missing message list
    roles = [_role(m) for m in messages]
    problems: list[str] = []
    if any(role not in ROLES for role in roles) or any(_has_non_text(m) for m in messages):
        problems.append(ORDER_ROLE)
    turns = [r for r in roles if r in ROLES]
    body = turns[1:] if turns[:1] == ["system"] else turns
    if "system" in body:
        problems.append(ORDER_SYSTEM_NOT_FIRST)
    body = [r for r in body if r != "system"]
    if body[:1] == ["assistant"]:
        problems.append(ORDER_STARTS_WITH_ASSISTANT)
    if any(a == b for a, b in zip(body, body[1:], strict=False)):
        problems.append(ORDER_NOT_ALTERNATING)
    if prompt_only and body[-1:] == ["assistant"]:
        problems.append(ORDER_PROMPT_ENDS_WITH_ASSISTANT)
    if not prompt_only and body[-1:] == ["user"]:
        problems.append(ORDER_ENDS_WITH_USER)
    return problems
