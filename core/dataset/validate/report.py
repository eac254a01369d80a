"""What validation finds: the categories, a problem with the examples it names, and the report that counts them."""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from typing import Any

from core.dataset import message_format
from core.dataset.upload_plan import PROVIDER_OPENAI, minimum_examples
from core.dataset.validate import together
from core.errors import StudioError
from core.pricing import (
    TrainingCostEstimate,
)

# A file checked on its own (the CLI) is held to OpenAI's rules for supervised fine-tuning.
MIN_TRAINING_EXAMPLES = minimum_examples(PROVIDER_OPENAI)

COOKBOOK_CATEGORIES: tuple[str, ...] = (
    "data_type",
    "missing_messages_list",
    "message_missing_key",
    "message_unrecognized_key",
    "unrecognized_role",
    "missing_content",
    "example_missing_assistant_message",
)
# Blocking problems beyond the cookbook's (OpenAI rejects the file or the job fails).
EXTRA_ERROR_CATEGORIES: tuple[str, ...] = (
    "invalid_json",
    "invalid_tool_calls",
    "tool_call_arguments_not_json",
    "invalid_tools",
    "invalid_parallel_tool_calls",
    "invalid_weight",
    "invalid_name",
    "dpo_missing_input",
    "dpo_invalid_output",
    "mixed_formats",
    "special_tokens",
    "too_few_examples",
    "file_too_large",
)
ERROR_CATEGORIES: tuple[str, ...] = COOKBOOK_CATEGORIES + EXTRA_ERROR_CATEGORIES + together.ERROR_CATEGORIES
ALWAYS_REPORTED_WARNINGS: tuple[str, ...] = ("missing_system", "missing_user")
WARNING_CATEGORIES: tuple[str, ...] = (
    ALWAYS_REPORTED_WARNINGS
    + (
        "over_token_limit",
        "duplicate_examples",
        "leakage",
        "unrecognized_example_key",
        "blank_lines",
    )
    + together.WARNING_CATEGORIES
)

ROLES = message_format.ROLES
MESSAGE_KEYS = message_format.MESSAGE_KEYS
SFT_KEYS = message_format.SFT_KEYS
DPO_KEYS = message_format.DPO_KEYS
# Token strings tiktoken treats as special; a training job fails on text that contains them.
SPECIAL_TOKEN_RE = re.compile(
    r"<\|(?:endoftext|fim_prefix|fim_middle|fim_suffix|endofprompt|im_start|im_end|im_sep)\|>"
)
MAX_REFS_PER_PROBLEM = 200
_SPACE = re.compile(r"\s+")


class UnreadableFile(StudioError):
    """The file is not JSONL we can read at all (CLI exit code 2); ``code`` names why."""

    KEY_PREFIX = "validate.unreadable."


@dataclass(frozen=True)
class ExampleRef:
    """Where a problem is: 0-based example index, 1-based file line, store id (when store-backed)."""

    index: int
    line: int | None = None
    example_id: int | None = None


@dataclass
class Problem:
    code: str
    severity: str  # "error" or "warning"
    count: int = 0
    refs: list[ExampleRef] = field(default_factory=list)

    def add(self, ref: ExampleRef | None) -> None:
        self.count += 1
        if ref is not None and len(self.refs) < MAX_REFS_PER_PROBLEM and (not self.refs or self.refs[-1] != ref):
            self.refs.append(ref)


@dataclass
class Report:
    """Everything the Preview page and the CLI show."""

    model: str
    n_examples: int
    kind: str  # "chat", "dpo" or "empty"
    problems: dict[str, Problem]
    tokens_per_example: array
    assistant_tokens_per_example: array
    messages_per_example: array
    encoding: str
    exact: bool
    example_token_limit: int
    cost: TrainingCostEstimate
    provider: str = PROVIDER_OPENAI  # whose rules the checks followed
    minimum: int = MIN_TRAINING_EXAMPLES  # the fewest training examples that provider takes

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems.values() if p.severity == "error" and p.count]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems.values() if p.severity == "warning" and p.count]

    @property
    def ready(self) -> bool:
        return not self.errors

    @property
    def n_errors(self) -> int:
        return sum(p.count for p in self.errors)

    @property
    def n_warnings(self) -> int:
        return sum(p.count for p in self.warnings)

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` object: its field names are a contract with scripts that read it, so keep them."""
        format_errors = {c: self.problems[c].count if c in self.problems else 0 for c in COOKBOOK_CATEGORIES}
        format_errors.update({p.code: p.count for p in self.errors if p.code not in format_errors})
        warnings = {c: self.problems[c].count if c in self.problems else 0 for c in ALWAYS_REPORTED_WARNINGS}
        warnings.update({p.code: p.count for p in self.warnings if p.code not in warnings})
        return {
            "n_examples": self.n_examples,
            "format_errors": format_errors,
            "warnings": warnings,
            "tokens": {
                "per_example": list(self.tokens_per_example),
                "total": sum(self.tokens_per_example),
                "assistant_per_example": list(self.assistant_tokens_per_example),
                "encoding": self.encoding,
                "exact": self.exact,
            },
            "n_epochs": self.cost.n_epochs,
            "billed_tokens": self.cost.billed_tokens,
            "estimated_cost_usd": self.cost.cost_usd,
            "ready": self.ready,
        }


def question_key(text: str) -> str:
    """A user question as leakage sees it: case and spacing ignored."""
    return _SPACE.sub(" ", text.strip()).casefold()


def first_user_text(record: Any) -> str | None:
    """The first user message's text of a chat or DPO record, if any."""
    if not isinstance(record, dict):
        return None
    messages = record.get("messages")
    if messages is None and isinstance(record.get("input"), dict):
        messages = record["input"].get("messages")
    if not isinstance(messages, list):
        return None
    for message in messages:
        if isinstance(message, dict) and message.get("role") == "user" and isinstance(message.get("content"), str):
            return message["content"]
    return None


def _content_text(content: Any) -> str | None:
    """Text of a message's content: a string, or the text parts of a content-part list."""
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(p, dict) and "type" in p for p in content):
        texts = [p.get("text") for p in content if p.get("type") == "text"]
        if not all(isinstance(t, str) for t in texts):
            return None
        return "".join(texts) if texts else " "  # image-only parts still count as content
    return None


def _has_special_tokens(value: Any) -> bool:
    if isinstance(value, str):
        return "<|" in value and SPECIAL_TOKEN_RE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_special_tokens(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_special_tokens(v) for v in value)
    return False
