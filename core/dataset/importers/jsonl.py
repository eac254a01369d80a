"""JSONL files: chat conversations, prompt/completion lines and preference pairs.

Read line by line; a broken line is skipped and named, never a reason to refuse the whole file.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from typing import Any

from core.data.store import NewExample
from core.dataset.importers.detect import detect_kind
from core.dataset.importers.preview import (
    CHAT_EXTRA_KEYS,
    CHAT_ROLES,
    JSON_SNIFF_BYTES,
    MAX_CELL_CHARS,
    REASON_BROKEN,
    REASON_TOO_LONG,
    ImportPreview,
    _build_preview,
    _Candidate,
)
from core.dataset.importers.text import damaged_text_encoding, detect_encoding
from core.dataset.importers.values import KIND_JSONL, SEVERITY_WARNING, ImportProblem, make_problem


def _broken(file_name: str, line: int, code: str, **details: Any) -> _Candidate:
    problem = ImportProblem(f"questions.broken.{code}", file_name, line, details, SEVERITY_WARNING)
    return _Candidate(line, reason=REASON_BROKEN, problem=problem)


def _check_messages(messages: Any, file_name: str, line: int, field_name: str) -> _Candidate | None:
    """A broken-line candidate when ``messages`` isn't a usable chat, else None."""
    if not isinstance(messages, list) or not messages:
        return _broken(file_name, line, "no_messages", field=field_name)
    for position, message in enumerate(messages, start=1):
        if not isinstance(message, dict):
            return _broken(file_name, line, "message_not_object", index=position)
        role = message.get("role")
        if role not in CHAT_ROLES:
            return _broken(
                file_name, line, "bad_role", index=position, role=str(role), allowed=", ".join(sorted(CHAT_ROLES))
            )
        content = message.get("content")
        calls_tools = role == "assistant" and content is None and isinstance(message.get("tool_calls"), list)
        if not isinstance(content, str) and not calls_tools:
            return _broken(file_name, line, "content_not_text", index=position)
        if len(content or "") > MAX_CELL_CHARS:
            candidate = _Candidate(line, reason=REASON_TOO_LONG)
            return candidate
        weight = message.get("weight")
        if weight is not None and weight not in (0, 1):
            return _broken(file_name, line, "bad_weight", index=position)
    return None


def _single_answer(output: Any) -> str | None:
    if (
        isinstance(output, list)
        and len(output) == 1
        and isinstance(output[0], dict)
        and output[0].get("role") == "assistant"
        and isinstance(output[0].get("content"), str)
    ):
        return output[0]["content"]
    return None


def _jsonl_candidate(file_name: str, line: int, text: str) -> _Candidate:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        return _broken(file_name, line, "bad_json", column=error.colno)
    except (RecursionError, ValueError):
        return _broken(file_name, line, "bad_json", column=1)
    if not isinstance(record, dict):
        return _broken(file_name, line, "not_object")
    source = {"import": {"file": file_name, "line": line}}
    if "input" in record or "preferred_output" in record:
        chat = record.get("input")
        messages = chat.get("messages") if isinstance(chat, dict) else None
        bad = _check_messages(messages, file_name, line, "input.messages")
        if bad is not None:
            return bad
        assert isinstance(messages, list)  # _check_messages refused anything else
        preferred = _single_answer(record.get("preferred_output"))
        non_preferred = _single_answer(record.get("non_preferred_output"))
        if preferred is None or non_preferred is None:
            return _broken(file_name, line, "dpo_outputs")
        prompt = tuple(dict(m) for m in messages)
        example = NewExample(
            question="", messages=prompt + ({"role": "assistant", "content": preferred},), extra=source
        )
        return _Candidate(line, example=example, pair=(prompt, preferred, non_preferred))
    messages = record.get("messages")
    bad = _check_messages(messages, file_name, line, "messages")
    if bad is not None:
        return bad
    assert isinstance(messages, list)  # _check_messages refused anything else
    extra = {**source, **{key: record[key] for key in CHAT_EXTRA_KEYS if key in record}}
    candidate = _Candidate(
        line, example=NewExample(question="", messages=tuple(dict(m) for m in messages), extra=extra)
    )
    if not any(m.get("role") == "user" and str(m.get("content") or "").strip() for m in messages):
        # Kept as written (the file is someone's data); the Preview page's checks flag it.
        candidate.warning = ImportProblem("questions.warning.no_user_message", file_name, line, {}, SEVERITY_WARNING)
    elif messages[-1].get("role") != "assistant":
        candidate.warning = ImportProblem("questions.warning.no_final_answer", file_name, line, {}, SEVERITY_WARNING)
    return candidate


def _leading_documents(text: str) -> tuple[Any, int, bool]:
    """The first JSON value of ``text``, how many values follow one another from the start, and
    whether the first one spans several lines. (None, 0, False) when the text doesn't start with JSON.

    Lenient on purpose (``strict=False`` allows raw line breaks inside strings, as hand-edited
    pretty-printed files often have): this only tells the user what kind of file it is.
    """
    decoder = json.JSONDecoder(strict=False)
    position, count, first, multi_line = 0, 0, None, False
    length = len(text)
    while count < 1000:
        while position < length and text[position] in " \t\r\n\ufeff":
            position += 1
        if position >= length:
            break
        try:
            value, end = decoder.raw_decode(text, position)
        except (json.JSONDecodeError, RecursionError):
            break
        if count == 0:
            first, multi_line = value, "\n" in text[position:end]
        count += 1
        position = end
    return first, count, multi_line


def preview_jsonl(file_name: str, data: bytes, existing: tuple[set[str], set[str]] | None = None) -> ImportPreview:
    """An OpenAI chat JSONL (multi-turn included) or a DPO JSONL, line by line.

    Broken lines are skipped and listed with their line number and reason;
    a pretty-printed JSON file (one object over many lines) or a JSON array is
    refused as a whole, because its "lines" are not examples.
    """
    kind = detect_kind(file_name, data)
    if isinstance(kind, ImportProblem):
        return ImportPreview(file_name, KIND_JSONL, problems=[kind])
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else (detect_encoding(data) or "")
    problems: list[ImportProblem] = []
    if not encoding:
        damaged = damaged_text_encoding(data)
        if damaged is None:
            return ImportPreview(file_name, KIND_JSONL, problems=[make_problem("unknown_encoding", file_name)])
        encoding = damaged[0]
        problems.append(
            make_problem(
                "damaged_bytes", file_name, damaged[2], SEVERITY_WARNING, count=damaged[1], encoding=encoding.upper()
            )
        )
    # Only the head is needed to tell a pretty-printed file; the lines are streamed.
    head = data[:JSON_SNIFF_BYTES].decode(encoding, errors="ignore").replace("\x00", "")
    first_line = next((line for line in head.split("\n") if line.strip()), "")
    if not _parses(first_line) or first_line.lstrip().startswith("["):
        first, count, multi_line = _leading_documents(head)
        if isinstance(first, list):
            return ImportPreview(file_name, KIND_JSONL, problems=[make_problem("json_array", file_name)])
        if isinstance(first, dict) and multi_line:
            return ImportPreview(
                file_name, KIND_JSONL, problems=[make_problem("json_pretty_printed", file_name, count=count)]
            )

    def candidates() -> Iterator[_Candidate]:
        # Universal newlines only: str.splitlines() would also split on U+2028,
        # which JSON allows raw inside strings.
        stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="replace")
        for number, line in enumerate(stream, start=1):
            if line.strip():
                text = line.rstrip("\r\n").replace("\x00", "")
                candidate = _jsonl_candidate(file_name, number, text)
                if candidate.example is None:
                    # Show the start of the raw line, so the user recognises it.
                    candidate.display = {"question": text[:200]}
                yield candidate

    return _build_preview(file_name, KIND_JSONL, candidates, existing, problems)


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except (ValueError, RecursionError):
        return False
    return True
