"""OpenAI's checks of uploaded JSONL: fine-tuning training/validation files and batch input files.

A problem in a training file doesn't fail the upload: it fails the job
during ``validating_files`` with an ``invalid_training_file`` error, as the
real API does. A bad batch input file fails the batch with per-line errors.
"""

from __future__ import annotations

import json
from typing import Any

from tests.openai_standin import chat

MIN_EXAMPLES = 10
MAX_EXAMPLE_TOKENS = 65_536
ROLES = ("system", "developer", "user", "assistant", "tool", "function")


def check_training_data(job: Any, training: Any, validation: Any | None, kind: str) -> None:
    """OpenAI's file checks; a problem fails the job during ``validating_files`` (as the real API does)."""
    for stored, param in ((training, "training_file"), (validation, "validation_file")):
        if stored is None:
            continue
        problem, count, tokens, _ = _file_problem(stored.content, kind)
        if param == "training_file":
            job.n_examples, job.example_tokens = count, tokens
        if problem and not job.problem:
            job.problem, job.problem_param = problem, param


def _file_problem(content: bytes, kind: str) -> tuple[str | None, int, int, int]:
    """(first problem or None, examples, tokens, lines) for a fine-tuning JSONL file."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return "Invalid file format. The file must be UTF-8 encoded JSONL.", 0, 0, 0
    count, tokens, lines = 0, 0, 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        lines += 1
        try:
            record = json.loads(raw)
        except json.JSONDecodeError:
            return f"Invalid file format. Line {number} is not valid JSON.", count, tokens, lines
        if not isinstance(record, dict):
            return f"Invalid file format. Line {number}: expected a JSON object.", count, tokens, lines
        problem = _dpo_problem(record, number) if kind == "dpo" else _sft_problem(record, number)
        if problem:
            return problem, count, tokens, lines
        messages = record.get("messages") or (record.get("input") or {}).get("messages") or []
        example_tokens = chat.prompt_tokens(messages)
        if example_tokens > MAX_EXAMPLE_TOKENS:
            return (
                (
                    f"Example {number} has {example_tokens} tokens, more than the maximum of "
                    f"{MAX_EXAMPLE_TOKENS} tokens per example."
                ),
                count,
                tokens,
                lines,
            )
        count += 1
        tokens += example_tokens
    if count < MIN_EXAMPLES:
        return (
            f"Training file has {count} example(s), but must have at least {MIN_EXAMPLES} examples.",
            count,
            tokens,
            lines,
        )
    return None, count, tokens, lines


def _messages_problem(messages: Any, number: int, need_assistant: bool) -> str | None:
    if not isinstance(messages, list) or not messages:
        return f"Invalid file format. Example {number}: 'messages' must be a non-empty list."
    for index, message in enumerate(messages):
        if not isinstance(message, dict):
            return f"Invalid file format. Example {number}, message {index + 1}: expected an object."
        if message.get("role") not in ROLES:
            return (
                f"Invalid file format. Example {number}, message {index + 1}: "
                f"unrecognized role '{message.get('role')}'."
            )
        content = message.get("content")
        if not isinstance(content, (str, list)) and not message.get("tool_calls"):
            return f"Invalid file format. Example {number}, message {index + 1}: missing or invalid 'content'."
    if need_assistant and not any(m.get("role") == "assistant" for m in messages):
        return f"Invalid file format. Example {number}: contains no assistant messages."
    return None


def _sft_problem(record: dict[str, Any], number: int) -> str | None:
    if "messages" not in record:
        return f"Invalid file format. Example {number}: missing key 'messages'."
    return _messages_problem(record["messages"], number, need_assistant=True)


def _dpo_problem(record: dict[str, Any], number: int) -> str | None:
    for key in ("input", "preferred_output", "non_preferred_output"):
        if key not in record:
            return f"Invalid file format. Example {number}: missing key '{key}'."
    problem = _messages_problem((record.get("input") or {}).get("messages"), number, need_assistant=False)
    if problem:
        return problem
    for key in ("preferred_output", "non_preferred_output"):
        output = record[key]
        if not (
            isinstance(output, list)
            and len(output) == 1
            and isinstance(output[0], dict)
            and output[0].get("role") == "assistant"
        ):
            return f"Invalid file format. Example {number}: '{key}' must be a list with one assistant message."
    return None


def parse_batch_lines(content: bytes, endpoint: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Lines of a batch input file, and the validation errors that fail the whole batch."""
    lines, errors, seen = [], [], set()
    for number, raw in enumerate(content.decode("utf-8", errors="replace").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except json.JSONDecodeError:
            errors.append(
                {
                    "code": "invalid_json_line",
                    "line": number,
                    "param": None,
                    "message": "This line is not parseable as valid JSON.",
                }
            )
            continue
        if not isinstance(line, dict) or not isinstance(line.get("custom_id"), str):
            errors.append(
                {
                    "code": "missing_required_parameter",
                    "line": number,
                    "param": "custom_id",
                    "message": "Missing required parameter: 'custom_id'.",
                }
            )
            continue
        if line["custom_id"] in seen:
            errors.append(
                {
                    "code": "duplicate_custom_id",
                    "line": number,
                    "param": "custom_id",
                    "message": "The custom_id for this request is a duplicate of another request.",
                }
            )
            continue
        if line.get("url") != endpoint or line.get("method") != "POST":
            errors.append(
                {
                    "code": "mismatched_endpoint",
                    "line": number,
                    "param": "url",
                    "message": f"The provided url does not match the batch endpoint {endpoint}.",
                }
            )
            continue
        seen.add(line["custom_id"])
        lines.append(line)
    if not lines and not errors:
        errors.append({"code": "empty_file", "line": None, "param": None, "message": "The batch input file is empty."})
    return lines, errors
