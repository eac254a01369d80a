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

from core.data import variants
from core.data.store import Example, Store
from core.dataset import message_format
from core.dataset.sample import SETTING_TRAINING_PROMPT

# Characters that make a spreadsheet treat a cell as a formula (or, for tab and
# CR, that some spreadsheet apps strip before checking): OWASP's CSV-injection list.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
TABLE_COLUMNS: tuple[str, ...] = ("id", "status", "question", "answer", "system_prompt", "tags", "source", "messages")
EXAMPLE_EXTRA_KEYS = message_format.EXAMPLE_EXTRA_KEYS
HF_MESSAGE_KEYS = message_format.HF_MESSAGE_KEYS


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


def iter_dpo_jsonl(store: Store, project_id: int) -> Iterator[str]:
    """The DPO file, one line per preference pair (each ends in ``\\n``); built by ``core.dataset.preference_pairs``.

    Pairs come from the approved examples: explicit pairs, the first generated
    version against the reviewed answer, or an unpicked variant.
    """
    from core.dataset.preference_pairs import build_pairs

    for pair in build_pairs(store, project_id).pairs:
        yield chat_line(pair.record())


def has_preference_data(store: Store, project_id: int) -> bool:
    """Whether the project has material for a DPO file: recorded pairs, edited answers or variants.

    One query, so the Preview page can ask on every change of a large dataset;
    a candidate may still turn out to be no real difference (``core.dataset.preference_pairs`` leaves it out).
    """
    return variants.has_preference_data(store, project_id)


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
    raw = [
        example.id,
        example.status,
        example.question,
        example.answer,
        example.system_prompt or "",
        ", ".join(example.tags),
        example.source,
        messages,
    ]
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
