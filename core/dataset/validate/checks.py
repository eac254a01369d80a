"""The per-line checks: ``Validator.add`` takes one record at a time and keeps only small per-example numbers."""

from __future__ import annotations

import hashlib
import json
from array import array
from typing import Any

from core.dataset import message_format
from core.dataset.upload_plan import PROVIDER_OPENAI, minimum_examples
from core.dataset.validate import together
from core.dataset.validate.report import (
    DPO_KEYS,
    ERROR_CATEGORIES,
    MESSAGE_KEYS,
    ROLES,
    SFT_KEYS,
    ExampleRef,
    Problem,
    Report,
    _content_text,
    _has_special_tokens,
    first_user_text,
    question_key,
)
from core.pricing import (
    DEFAULT_MODEL,
    MAX_UPLOAD_BYTES,
    estimate_cost,
    model_info,
)
from core.tokens import BATCH_EXAMPLES, MEMO_LIMIT, TokenCounter


class Validator:
    """Feed records one by one (``add``), then ``finish()`` for the report."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        overrides: dict[str, Any] | None = None,
        valid_questions: dict[str, ExampleRef] | None = None,
        min_examples: int | None = None,
        provider: str = PROVIDER_OPENAI,
    ) -> None:
        """``min_examples``: the fewest training examples; None is ``provider``'s minimum for supervised."""
        info = model_info(model, overrides) or model_info(DEFAULT_MODEL, overrides)
        assert info is not None
        self.model = model
        self.overrides = overrides
        self.limit = info.max_example_tokens
        self.min_examples = minimum_examples(provider) if min_examples is None else min_examples
        self.provider = provider
        # Together's own rules: its model's context (0 when the table doesn't know the model) and message order.
        self.together = provider == together.PROVIDER_TOGETHER
        if self.together:
            self.limit = together.context_length(model) or 0
            self._dpo_limit = together.context_length(model, method_dpo=True) or 0
        self.counter = TokenCounter(model)
        self.problems: dict[str, Problem] = {}
        self.n_examples = 0
        self.kinds: set[str] = set()
        self.tokens = array("l")
        self.assistant_tokens = array("l")
        self.messages = array("l")
        self.billed_mask = array("b")
        self._pending: list[list[dict[str, Any]]] = []
        self._seen_hashes: set[int] = set()
        self._memo: dict[str, int] = {}  # text → tokens, shared by batches (roles, system prompts)
        self.billed_bytes = 0  # size of the training file these records make (one JSON line each)
        self._valid_questions = valid_questions or {}
        self._pending_refs: list[ExampleRef] = []

    # ------------------------------------------------------------------ problems
    def flag(self, code: str, ref: ExampleRef | None) -> None:
        severity = "error" if code in ERROR_CATEGORIES else "warning"
        self.problems.setdefault(code, Problem(code, severity)).add(ref)

    # ------------------------------------------------------------------ records
    def add_invalid_line(self, line: int) -> None:
        """A line that is not JSON: counted as an example with an error, so line numbers stay honest."""
        ref = ExampleRef(self.n_examples, line)
        self.n_examples += 1
        self.flag("invalid_json", ref)
        self._append_counts([], ref, billed=True)

    def add(self, record: Any, line: int | None = None, example_id: int | None = None, billed: bool = True) -> None:
        """Check one example; ``billed`` False for validation-split examples (not trained on)."""
        ref = ExampleRef(self.n_examples, line, example_id)
        self.n_examples += 1
        if not isinstance(record, dict):
            self.flag("data_type", ref)
            self._append_counts([], ref, billed)
            return
        if "input" in record or "preferred_output" in record or "non_preferred_output" in record:
            self.kinds.add("dpo")
            counted = self._check_dpo(record, ref)
        else:
            self.kinds.add("chat")
            counted = self._check_chat(record, ref)
        if len(self.kinds) > 1:
            self.flag("mixed_formats", ref)
        if _has_special_tokens(record):
            self.flag("special_tokens", ref)
        self._check_duplicate(record, ref, billed)
        if billed:  # leakage is a training example whose question is also in validation
            self._check_leakage(record, ref)
        self._append_counts(counted, ref, billed)

    def _check_messages(self, messages: Any, ref: ExampleRef, *, need_assistant: bool) -> list[dict[str, Any]]:
        """The cookbook's message checks plus today's keys; returns the messages fit to count."""
        if not messages or not isinstance(messages, list):
            self.flag("missing_messages_list", ref)
            return []
        usable = []
        for message in messages:
            if not isinstance(message, dict):
                self.flag("message_missing_key", ref)
                continue
            usable.append(message)
            self._check_message(message, ref)
        roles = [m.get("role") for m in usable]
        if need_assistant and "assistant" not in roles:
            self.flag("example_missing_assistant_message", ref)
        if not message_format.INSTRUCTION_ROLES.intersection(roles):
            self.flag("missing_system", ref)
        if "user" not in roles:
            self.flag("missing_user", ref)
        return usable

    def _check_message(self, message: dict[str, Any], ref: ExampleRef) -> None:
        role = message.get("role")
        tool_calls = message.get("tool_calls")
        has_call = bool(tool_calls) or bool(message.get("function_call"))
        if "role" not in message or ("content" not in message and not has_call):
            self.flag("message_missing_key", ref)
        if role == "tool" and "tool_call_id" not in message:
            self.flag("message_missing_key", ref)
        if any(key not in MESSAGE_KEYS for key in message):
            self.flag("message_unrecognized_key", ref)
        if role not in ROLES:
            self.flag("unrecognized_role", ref)
        content = message.get("content")
        text = _content_text(content)
        if not has_call and (text is None or not text.strip()):
            self.flag("missing_content", ref)
        elif content is not None and text is None:
            self.flag("missing_content", ref)
        if "weight" in message:
            weight = message["weight"]
            if role != "assistant" or isinstance(weight, bool) or weight not in (0, 1):
                self.flag("invalid_weight", ref)
        if "name" in message and (not isinstance(message["name"], str) or not message["name"].strip()):
            self.flag("invalid_name", ref)
        if tool_calls is not None:
            self._check_tool_calls(tool_calls, role, ref)

    def _check_tool_calls(self, tool_calls: Any, role: Any, ref: ExampleRef) -> None:
        if role != "assistant" or not isinstance(tool_calls, list):
            self.flag("invalid_tool_calls", ref)
            return
        for call in tool_calls:
            function = call.get("function") if isinstance(call, dict) else None
            if not isinstance(function, dict) or not isinstance(function.get("name"), str) or "id" not in call:
                self.flag("invalid_tool_calls", ref)
                continue
            arguments = function.get("arguments")
            try:
                if not isinstance(arguments, str):
                    raise TypeError
                json.loads(arguments)
            except (TypeError, ValueError):
                self.flag("tool_call_arguments_not_json", ref)

    def _check_tools(self, record: dict[str, Any], ref: ExampleRef) -> None:
        tools = record.get("tools")
        if tools is not None:
            ok = isinstance(tools, list) and all(
                isinstance(t, dict)
                and t.get("type") == "function"
                and isinstance(t.get("function"), dict)
                and isinstance(t["function"].get("name"), str)
                for t in tools
            )
            if not ok:
                self.flag("invalid_tools", ref)
        if "parallel_tool_calls" in record and not isinstance(record["parallel_tool_calls"], bool):
            self.flag("invalid_parallel_tool_calls", ref)

    def _check_chat(self, record: dict[str, Any], ref: ExampleRef) -> list[dict[str, Any]]:
        if any(key not in SFT_KEYS for key in record):
            self.flag("unrecognized_example_key", ref)
        self._check_tools(record, ref)
        if self.together:
            for code in together.order_problems(record.get("messages")):
                self.flag(code, ref)
        return self._check_messages(record.get("messages"), ref, need_assistant=True)

    def _check_dpo(self, record: dict[str, Any], ref: ExampleRef) -> list[dict[str, Any]]:
        if any(key not in DPO_KEYS for key in record):
            self.flag("unrecognized_example_key", ref)
        source = record.get("input")
        if not isinstance(source, dict) or "messages" not in source:
            self.flag("dpo_missing_input", ref)
            usable: list[dict[str, Any]] = []
        else:
            self._check_tools(source, ref)
            if self.together:
                for code in together.order_problems(source.get("messages"), prompt_only=True):
                    self.flag(code, ref)
            usable = self._check_messages(source.get("messages"), ref, need_assistant=False)
        for side in ("preferred_output", "non_preferred_output"):
            output = record.get(side)
            if (
                not isinstance(output, list)
                or len(output) != 1
                or not isinstance(output[0], dict)
                or output[0].get("role") != "assistant"
            ):
                self.flag("dpo_invalid_output", ref)
                continue
            self._check_message(output[0], ref)
            usable = usable + [output[0]]
        return usable

    def _check_duplicate(self, record: dict[str, Any], ref: ExampleRef, billed: bool) -> None:
        canonical = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
        if billed:  # same length as the exported line: key order doesn't change the size
            self.billed_bytes += len(canonical) + 1
        digest = int.from_bytes(hashlib.blake2b(canonical, digest_size=8).digest(), "big")
        if digest in self._seen_hashes:
            self.flag("duplicate_examples", ref)
        else:
            self._seen_hashes.add(digest)

    def _check_leakage(self, record: dict[str, Any], ref: ExampleRef) -> None:
        if not self._valid_questions:
            return
        question = first_user_text(record)
        if question is not None and question_key(question) in self._valid_questions:
            self.flag("leakage", ref)

    # ------------------------------------------------------------------ tokens
    def _append_counts(self, messages: list[dict[str, Any]], ref: ExampleRef, billed: bool) -> None:
        self.messages.append(len(messages))
        self.billed_mask.append(1 if billed else 0)
        self._pending.append(messages)
        self._pending_refs.append(ref)
        if len(self._pending) >= BATCH_EXAMPLES:
            self._flush()

    def _flush(self) -> None:
        if self.together and self.kinds == {"dpo"}:
            self.limit = self._dpo_limit  # Together's preference jobs have a shorter context
        for messages, ref, count in zip(
            self._pending, self._pending_refs, self.counter.count_batch(self._pending, self._memo), strict=True
        ):
            total = count.total if messages else 0
            self.tokens.append(total)
            self.assistant_tokens.append(count.assistant if messages else 0)
            if self.limit and total > self.limit:
                self.flag(together.OVER_CONTEXT if self.together else "over_token_limit", ref)
        self._pending, self._pending_refs = [], []
        if len(self._memo) > MEMO_LIMIT:
            self._memo.clear()

    # ------------------------------------------------------------------ report
    def finish(self, epochs: int | None = None, file_bytes: int | None = None) -> Report:
        """Close the stream: dataset-level checks, token totals and the cost."""
        self._flush()
        n_billed = sum(self.billed_mask)
        if n_billed < self.min_examples:
            self.flag(together.TOO_FEW if self.together else "too_few_examples", None)
        if self.together and not self.limit:
            self.flag(together.UNKNOWN_MODEL, None)
        if file_bytes is not None and file_bytes > MAX_UPLOAD_BYTES:
            self.flag("file_too_large", None)
        billed = [t for t, keep in zip(self.tokens, self.billed_mask, strict=True) if keep]
        cost = estimate_cost(billed, self.model, self.overrides, epochs)
        kind = "empty" if not self.kinds else ("dpo" if self.kinds == {"dpo"} else "chat")
        return Report(
            self.model,
            self.n_examples,
            kind,
            self.problems,
            self.tokens,
            self.assistant_tokens,
            self.messages,
            self.counter.encoding_name,
            self.counter.exact,
            self.limit,
            cost,
            self.provider,
            self.min_examples,
        )
