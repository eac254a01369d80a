"""What leaves the app as files: training JSONL, DPO JSONL, CSV, XLSX and HF chat JSONL.

Every writer is a generator over the store (``Store.iter_examples`` pages
through SQLite), so a download of a dataset built from a 500 MB file never
holds it all in memory twice; the page builds a file only when its button is
clicked.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from core.sample import SETTING_TRAINING_PROMPT
from core.store import Example, Store

# Characters that make a spreadsheet treat a cell as a formula (or, for tab and
# CR, that some spreadsheet apps strip before checking): OWASP's CSV-injection list.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
TABLE_COLUMNS: tuple[str, ...] = ("id", "status", "question", "answer", "system_prompt", "tags", "source", "messages")
# Top-level keys an imported example may carry besides its messages.
EXAMPLE_EXTRA_KEYS: tuple[str, ...] = ("tools", "parallel_tool_calls")
HF_MESSAGE_KEYS: tuple[str, ...] = ("role", "content", "tool_calls", "tool_call_id", "name")


def training_system_prompt(store: Store, project_id: int) -> str | None:
    """The project's training system prompt (a single-turn example without its own prompt gets it)."""
    value = store.get_setting(project_id, SETTING_TRAINING_PROMPT)
    return str(value) if value else None


def chat_record(example: Example, training_system_prompt: str | None) -> dict[str, Any]:
    """The OpenAI chat fine-tuning object for one example: ``{"messages": [...]}`` (+ tools)."""
    record: dict[str, Any] = {"messages": example.conversation(training_system_prompt)}
    for key in EXAMPLE_EXTRA_KEYS:
        if key in example.extra:
            record[key] = example.extra[key]
    return record


def chat_line(record: dict[str, Any]) -> str:
    """One JSONL line (UTF-8 text as is, ``ensure_ascii=False``), ending in a newline."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def iter_chat_jsonl(store: Store, project_id: int, ids: Iterable[int]) -> Iterator[str]:
    """One line per example (each ends in ``\\n``; ``"".join(...)`` is the file), in id order."""
    system = training_system_prompt(store, project_id)
    for example in store.iter_examples(project_id, ids=ids):
        yield chat_line(chat_record(example, system))


def dpo_record(prompt_messages: list[dict[str, Any]], preferred: str, non_preferred: str) -> dict[str, Any]:
    """One DPO line: the prompt, and exactly one assistant message on each side."""
    prompt = [dict(m) for m in prompt_messages]
    # The prompt ends before the answer being compared.
    while prompt and prompt[-1].get("role") == "assistant":
        prompt.pop()
    return {"input": {"messages": prompt},
            "preferred_output": [{"role": "assistant", "content": preferred}],
            "non_preferred_output": [{"role": "assistant", "content": non_preferred}]}


def iter_dpo_records(store: Store, project_id: int) -> Iterator[dict[str, Any]]:
    """Preference pairs: the stored pairs, then picked-vs-not-picked answer variants."""
    seen: set[tuple[str, str, str]] = set()

    def fresh(record: dict[str, Any]) -> bool:
        key = (json.dumps(record["input"], ensure_ascii=False, sort_keys=True),
               record["preferred_output"][0]["content"], record["non_preferred_output"][0]["content"])
        if key in seen or key[1] == key[2] or not key[1].strip() or not key[2].strip():
            return False
        seen.add(key)
        return True

    for pair in store.list_preference_pairs(project_id):
        record = dpo_record(pair["messages"], pair["preferred"], pair["non_preferred"])
        if fresh(record):
            yield record
    system = training_system_prompt(store, project_id)
    rows = store.conn.execute(
        "SELECT DISTINCT v.example_id FROM answer_variants v JOIN examples e ON e.id = v.example_id"
        " WHERE e.project_id = ? AND v.chosen = 1 AND e.status != 'rejected' ORDER BY v.example_id",
        (project_id,)).fetchall()
    for example in store.iter_examples(project_id, ids=[r[0] for r in rows]):
        variants = store.list_variants(example.id)
        chosen = next((v for v in variants if v["chosen"]), None)
        if chosen is None:
            continue
        prompt = example.conversation(system)
        for other in variants:
            if not other["chosen"]:
                record = dpo_record(prompt, chosen["answer"], other["answer"])
                if fresh(record):
                    yield record


def iter_dpo_jsonl(store: Store, project_id: int) -> Iterator[str]:
    """The DPO file, one line per preference pair (empty when there are none)."""
    for record in iter_dpo_records(store, project_id):
        yield chat_line(record)


def has_preference_data(store: Store, project_id: int) -> bool:
    """Whether a DPO file would have at least one line."""
    return next(iter_dpo_records(store, project_id), None) is not None


def hf_record(record: dict[str, Any]) -> dict[str, Any]:
    """The chat-template form TRL, Unsloth and Together read: ``{"messages": [...]}`` only."""
    messages = [{k: v for k, v in m.items() if k in HF_MESSAGE_KEYS} for m in record["messages"]]
    return {"messages": messages}


def iter_hf_jsonl(store: Store, project_id: int, ids: Iterable[int]) -> Iterator[str]:
    system = training_system_prompt(store, project_id)
    for example in store.iter_examples(project_id, ids=ids):
        yield chat_line(hf_record(chat_record(example, system)))


def neutralise_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe; others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def table_row(example: Example) -> list[Any]:
    """One spreadsheet row for ``TABLE_COLUMNS``, formula-safe."""
    messages = json.dumps(example.messages, ensure_ascii=False) if example.messages is not None else ""
    raw = [example.id, example.status, example.question, example.answer, example.system_prompt or "",
           ", ".join(example.tags), example.source, messages]
    return [neutralise_cell(cell) for cell in raw]


def csv_bytes(store: Store, project_id: int, statuses: tuple[str, ...] = ()) -> bytes:
    """The dataset as CSV (UTF-8 with BOM, so Excel opens Korean text correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TABLE_COLUMNS)
    for example in store.iter_examples(project_id, statuses=statuses):
        writer.writerow(table_row(example))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(store: Store, project_id: int, statuses: tuple[str, ...] = ()) -> bytes:
    """The dataset as an Excel workbook, written row by row (openpyxl write-only mode)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("dataset")
    sheet.append(list(TABLE_COLUMNS))
    for example in store.iter_examples(project_id, statuses=statuses):
        sheet.append(table_row(example))
    with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as handle:
        workbook.save(handle)
        handle.seek(0)
        return handle.read()


def jsonl_bytes(lines: Iterable[str]) -> bytes:
    """Join generated lines into the bytes of a UTF-8 file."""
    return "".join(lines).encode("utf-8")
