"""Importing questions: CSV, Excel, JSONL or pasted text → a preview → the store.

The flow is always the same three steps, and none of them raises on bad input:

1. Read: ``detect_kind`` / ``open_table`` look at the bytes (encoding,
   delimiter, sheets, the header row) without parsing the whole file.
2. Preview: ``preview_table`` / ``preview_jsonl`` / ``preview_pasted`` walk the
   file once and count what would be added and what would be skipped and why.
   Only the first ``PREVIEW_ROWS`` rows and the duplicate keys stay in memory,
   so a 50 MB CSV costs little more than its own bytes.
3. Commit: ``commit_import`` walks the file again and writes the rows that
   survive in one transaction, checking duplicates against the project as it is
   *now* (another session may have added rows since the preview).

Everything the user must hear about comes back as ``ImportProblem`` values
(a translation key, the file, the line and the values for the message, which
always ends with what to do), never as an exception.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from core.dataset import message_format
from core.i18n import t
# Re-exported: the page and other slices use these through ``core.dataset.importers``.
from core.dataset.readers import (
    EXCEL_ERROR_VALUES, KIND_CSV, KIND_JSONL, KIND_TEXT, KIND_XLSX, MAX_IMPORT_BYTES, MAX_IMPORT_MB,
    SEVERITY_ERROR, SEVERITY_NOTE, SEVERITY_WARNING, SINGLE_COLUMN_DELIMITER, ColumnMapping, ImportProblem,
    TableSource, StopReading, check_size, damaged_text_encoding, describe_table, detect_encoding, detect_kind,
    guess_mapping,
    guess_table_mapping, header_likely, make_problem, markdown_safe, open_table,
)
from core.data.store import NewExample, Store, normalise_tags

__all__ = [
    # reading (core/dataset/readers.py)
    "EXCEL_ERROR_VALUES", "KIND_CSV", "KIND_JSONL", "KIND_TEXT", "KIND_XLSX", "MAX_IMPORT_BYTES", "MAX_IMPORT_MB",
    "SEVERITY_ERROR", "SEVERITY_NOTE", "SEVERITY_WARNING", "SINGLE_COLUMN_DELIMITER", "ColumnMapping",
    "ImportProblem", "TableSource", "check_size", "describe_table", "detect_encoding", "detect_kind",
    "guess_mapping", "guess_table_mapping", "header_likely", "markdown_safe", "open_table",
    # previews and commit (here)
    "MAX_CELL_CHARS", "PREVIEW_ROWS", "REASONS", "ImportPreview", "ImportResult", "PreviewRow", "commit_import",
    "content_id", "looks_like_spreadsheet_paste", "preview_file", "preview_jsonl", "preview_pasted",
    "preview_table", "preview_table_rows", "skipped_summary",
]

# Longer cells are almost always a paste accident (a whole document in a cell);
# such rows are skipped and listed rather than silently truncated.
MAX_CELL_CHARS = 100_000
PREVIEW_ROWS = 50
MAX_LISTED_LINES = 50
MAX_LISTED_PROBLEMS = 200
JSON_SNIFF_BYTES = 2 * 1024 * 1024


# Why a row is not added (translation keys are "questions.reason.<reason>").
REASON_EMPTY = "empty_question"
REASON_DUP_PROJECT = "duplicate_in_project"
REASON_DUP_FILE = "duplicate_in_file"
REASON_TOO_LONG = "cell_too_long"
REASON_FORMULA = "formula_not_calculated"
REASON_EXCEL_ERROR = "excel_error_value"
REASON_BROKEN = "broken_line"
REASONS: tuple[str, ...] = (REASON_EMPTY, REASON_DUP_PROJECT, REASON_DUP_FILE, REASON_TOO_LONG,
                            REASON_FORMULA, REASON_EXCEL_ERROR, REASON_BROKEN)

CHAT_ROLES = message_format.ROLES
CHAT_EXTRA_KEYS = message_format.EXAMPLE_EXTRA_KEYS


@dataclass
class PreviewRow:
    """One row as the preview table shows it; ``skip_reason`` is None when it will be added."""

    line: int
    question: str
    answer: str = ""
    system: str = ""
    tags: str = ""
    turns: int = 0
    skip_reason: str | None = None


@dataclass
class _Candidate:
    line: int
    example: NewExample | None = None
    reason: str | None = None
    # DPO lines: (input messages, preferred answer, non-preferred answer)
    pair: tuple[tuple[dict[str, Any], ...], str, str] | None = None
    problem: ImportProblem | None = None
    # What the preview shows for a row that never became an example.
    display: dict[str, str] | None = None
    # Imported, but worth a word (a conversation without a user message…).
    warning: ImportProblem | None = None


@dataclass
class ImportPreview:
    """What an import would do, computed without touching the store."""

    file_name: str
    kind: str
    rows: list[PreviewRow] = field(default_factory=list)
    to_add: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    skipped_lines: dict[str, list[int]] = field(default_factory=dict)
    broken_lines: list[ImportProblem] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    preference_pairs: int = 0
    _candidates: Callable[[], Iterator[_Candidate]] | None = field(default=None, repr=False)

    @property
    def blocked(self) -> bool:
        return any(p.severity == SEVERITY_ERROR for p in self.problems)

    @property
    def can_import(self) -> bool:
        return not self.blocked and self.to_add > 0 and self._candidates is not None

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: dict[str, int]
    preference_pairs: int
    example_ids: list[int]
    problem: ImportProblem | None = None


# ----------------------------------------------------------------- previews
def _existing_or_empty(existing: tuple[set[str], set[str]] | None) -> tuple[set[str], set[str]]:
    return existing if existing is not None else (set(), set())


def _judge(candidates: Iterable[_Candidate],
           existing: tuple[set[str], set[str]]) -> Iterator[tuple[_Candidate, str | None]]:
    """Each candidate with the reason it is skipped, or None when it is added."""
    full_keys, question_keys = existing
    seen: set[str] = set()
    for candidate in candidates:
        if candidate.reason is not None or candidate.example is None:
            yield candidate, candidate.reason or REASON_BROKEN
            continue
        example = candidate.example
        key = example.key()
        # A question without an answer is already there when the same question is.
        if key in full_keys or (not example.answer and example.messages is None and key in question_keys):
            yield candidate, REASON_DUP_PROJECT
        elif key in seen:
            yield candidate, REASON_DUP_FILE
        else:
            seen.add(key)
            yield candidate, None


def _preview_row(candidate: _Candidate, reason: str | None, display: Mapping[str, str] | None = None) -> PreviewRow:
    example = candidate.example
    if example is not None and example.messages is not None:
        user = next((str(m.get("content") or "") for m in example.messages if m.get("role") == "user"), "")
        assistant = next((str(m.get("content") or "") for m in reversed(example.messages)
                          if m.get("role") == "assistant"), "")
        system = next((str(m.get("content") or "") for m in example.messages if m.get("role") == "system"), "")
        return PreviewRow(candidate.line, user, assistant, system, ", ".join(example.tags),
                          len(example.messages), reason)
    if example is not None:
        return PreviewRow(candidate.line, example.question, example.answer, example.system_prompt or "",
                          ", ".join(example.tags), 0, reason)
    shown = display or {}
    return PreviewRow(candidate.line, shown.get("question", ""), shown.get("answer", ""), shown.get("system", ""),
                      shown.get("tags", ""), 0, reason)


def _build_preview(file_name: str, kind: str, candidates: Callable[[], Iterator[_Candidate]],
                   existing: tuple[set[str], set[str]] | None, problems: list[ImportProblem]) -> ImportPreview:
    preview = ImportPreview(file_name, kind, problems=list(problems), _candidates=candidates)
    if preview.blocked:
        preview._candidates = None
        return preview
    try:
        for candidate, reason in _judge(candidates(), _existing_or_empty(existing)):
            if len(preview.rows) < PREVIEW_ROWS:
                preview.rows.append(_preview_row(candidate, reason, candidate.display))
            if reason is None:
                preview.to_add += 1
                if candidate.warning is not None and len(preview.problems) < MAX_LISTED_PROBLEMS:
                    preview.problems.append(candidate.warning)
                if candidate.pair is not None:
                    preview.preference_pairs += 1
                continue
            preview.skipped[reason] = preview.skipped.get(reason, 0) + 1
            lines = preview.skipped_lines.setdefault(reason, [])
            if len(lines) < MAX_LISTED_LINES:
                lines.append(candidate.line)
            if candidate.problem is not None and len(preview.broken_lines) < MAX_LISTED_PROBLEMS:
                preview.broken_lines.append(candidate.problem)
    except StopReading as stop:
        preview.problems.append(stop.problem)
        preview._candidates = None
    except Exception as error:  # noqa: BLE001 - never a traceback on the page
        preview.problems.append(make_problem("unreadable", file_name, error=type(error).__name__))
        preview._candidates = None
    if not preview.blocked and preview.to_add == 0 and not preview.skipped_total:
        preview.problems.append(make_problem("no_data_rows", file_name))
    return preview


def _clean_text(value: str) -> str:
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def preview_table(table: TableSource, mapping: ColumnMapping,
                  existing: tuple[set[str], set[str]] | None = None) -> ImportPreview:
    """What importing this CSV or sheet with this column mapping would add and skip."""
    problems = list(table.problems)
    if table.usable and not mapping.question:
        problems.append(make_problem("no_question_column", table.file_name,
                                     columns=", ".join(table.columns) or "—"))
    unknown = [column for column in mapping.used().values() if column not in table.columns]
    if table.usable and unknown:
        problems.append(make_problem("unknown_column", table.file_name, column=", ".join(unknown)))
    if not table.usable or any(p.severity == SEVERITY_ERROR for p in problems):
        return ImportPreview(table.file_name, table.kind, problems=problems)
    positions = {name: table.columns.index(column) for name, column in mapping.used().items()}
    source = f"{table.file_name}" + (f" [{table.sheet}]" if table.sheet else "")

    def candidates() -> Iterator[_Candidate]:
        for line, cells in table.data_rows():
            values = {name: (cells[index] if index < len(cells) else "") for name, index in positions.items()}
            if not any(str(c).strip() for c in cells):
                continue  # blank rows are not worth a mention
            yield _table_candidate(table, line, values, positions, source)

    if table.uncalculated:
        mapped_columns = {index + 1 for index in positions.values()}
        relevant = sorted((row, col) for row, col in table.uncalculated
                          if col in mapped_columns and row > table.header_line)
        if relevant:
            from openpyxl.utils.cell import get_column_letter

            row, col = relevant[0]
            problems.append(make_problem("formulas_not_calculated", table.file_name, row, SEVERITY_WARNING,
                                         count=len(relevant), cell=f"{get_column_letter(col)}{row}",
                                         sheet=table.sheet or ""))
    return _build_preview(table.file_name, table.kind, candidates, existing, problems)


def _table_candidate(table: TableSource, line: int, values: dict[str, str], positions: dict[str, int],
                     source: str) -> _Candidate:
    candidate = _Candidate(line)
    question = _clean_text(values.get("question", ""))
    if any(len(str(value)) > MAX_CELL_CHARS for value in values.values()):
        candidate.reason = REASON_TOO_LONG
    elif table.uncalculated and any((line, index + 1) in table.uncalculated for index in positions.values()):
        candidate.reason = REASON_FORMULA
    elif question in EXCEL_ERROR_VALUES and table.kind == KIND_XLSX:
        candidate.reason = REASON_EXCEL_ERROR
    elif not question:
        candidate.reason = REASON_EMPTY
    if candidate.reason is not None:
        # Only rows that never become an example need their cells kept for the preview.
        candidate.display = {name: _clean_text(value[:1000])[:500] for name, value in values.items()}
        return candidate
    system = _clean_text(values.get("system", ""))
    candidate.example = NewExample(
        question=question, answer=_clean_text(values.get("answer", "")), system_prompt=system or None,
        tags=tuple(normalise_tags(values.get("tags", ""))), extra={"import": {"file": source, "line": line}})
    return candidate


def looks_like_spreadsheet_paste(text: str) -> bool:
    """Every non-empty line has a tab: cells copied from Excel or Google Sheets, not a list of questions."""
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and all("\t" in line for line in lines)


def content_id(data: bytes) -> str:
    """A short, stable name for some content (what the page caches a paste's preview under)."""
    return "paste-" + hashlib.sha1(data).hexdigest()[:16]


def preview_pasted(text: str, existing: tuple[set[str], set[str]] | None = None,
                   source_name: str = "paste") -> ImportPreview:
    """Pasted text: one question per line; blank lines are ignored."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").split("\n")

    def candidates() -> Iterator[_Candidate]:
        for number, raw in enumerate(lines, start=1):
            question = raw.strip()
            if not question:
                continue
            candidate = _Candidate(number)
            if len(question) > MAX_CELL_CHARS:
                candidate.reason = REASON_TOO_LONG
                candidate.display = {"question": question[:500]}
            else:
                candidate.example = NewExample(question=question,
                                               extra={"import": {"file": source_name, "line": number}})
            yield candidate

    problems: list[ImportProblem] = []
    if not text.strip():
        problems.append(make_problem("empty_paste", source_name))
    return _build_preview(source_name, KIND_TEXT, candidates, existing, problems)


# --------------------------------------------------------------------- JSONL
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
            return _broken(file_name, line, "bad_role", index=position, role=str(role),
                           allowed=", ".join(sorted(CHAT_ROLES)))
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
    if (isinstance(output, list) and len(output) == 1 and isinstance(output[0], dict)
            and output[0].get("role") == "assistant" and isinstance(output[0].get("content"), str)):
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
        preferred = _single_answer(record.get("preferred_output"))
        non_preferred = _single_answer(record.get("non_preferred_output"))
        if preferred is None or non_preferred is None:
            return _broken(file_name, line, "dpo_outputs")
        prompt = tuple(dict(m) for m in messages)
        example = NewExample(question="", messages=prompt + ({"role": "assistant", "content": preferred},),
                             extra=source)
        return _Candidate(line, example=example, pair=(prompt, preferred, non_preferred))
    messages = record.get("messages")
    bad = _check_messages(messages, file_name, line, "messages")
    if bad is not None:
        return bad
    extra = {**source, **{key: record[key] for key in CHAT_EXTRA_KEYS if key in record}}
    candidate = _Candidate(line, example=NewExample(question="", messages=tuple(dict(m) for m in messages),
                                                    extra=extra))
    if not any(m.get("role") == "user" and str(m.get("content") or "").strip() for m in messages):
        # Kept as written (the file is someone's data); the Preview page's checks flag it.
        candidate.warning = ImportProblem("questions.warning.no_user_message", file_name, line, {},
                                          SEVERITY_WARNING)
    elif messages[-1].get("role") != "assistant":
        candidate.warning = ImportProblem("questions.warning.no_final_answer", file_name, line, {},
                                          SEVERITY_WARNING)
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


def preview_jsonl(file_name: str, data: bytes,
                  existing: tuple[set[str], set[str]] | None = None) -> ImportPreview:
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
        problems.append(make_problem("damaged_bytes", file_name, damaged[2], SEVERITY_WARNING, count=damaged[1],
                                     encoding=encoding.upper()))
    # Only the head is needed to tell a pretty-printed file; the lines are streamed.
    head = data[:JSON_SNIFF_BYTES].decode(encoding, errors="ignore").replace("\x00", "")
    first_line = next((line for line in head.split("\n") if line.strip()), "")
    if not _parses(first_line) or first_line.lstrip().startswith("["):
        first, count, multi_line = _leading_documents(head)
        if isinstance(first, list):
            return ImportPreview(file_name, KIND_JSONL, problems=[make_problem("json_array", file_name)])
        if isinstance(first, dict) and multi_line:
            return ImportPreview(file_name, KIND_JSONL, problems=[
                make_problem("json_pretty_printed", file_name, count=count)])

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


def preview_file(file_name: str, data: bytes, existing: tuple[set[str], set[str]] | None = None,
                 sheet: str | None = None, mapping: ColumnMapping | None = None,
                 has_header: bool = True) -> tuple[TableSource | None, ImportPreview]:
    """One call for any file: the table (None for JSONL) and the preview.

    Without a ``mapping`` the guessed one is used.
    """
    kind = detect_kind(file_name, data)
    if isinstance(kind, ImportProblem):
        return None, ImportPreview(file_name, KIND_CSV, problems=[kind])
    if kind == KIND_JSONL:
        return None, preview_jsonl(file_name, data, existing)
    table = open_table(file_name, data, sheet=sheet, has_header=has_header)
    chosen = mapping if mapping is not None else guess_table_mapping(table)
    return table, preview_table(table, chosen, existing)


# -------------------------------------------------------------------- commit
def commit_import(store: Store, project_id: int, preview: ImportPreview, source: str = "import") -> ImportResult:
    """Write the rows that survive, in one transaction; duplicates are checked against the store now.

    DPO lines also get their preference pair, linked to the new example.
    """
    if not preview.can_import or preview._candidates is None:
        return ImportResult(0, dict(preview.skipped), 0, [],
                            preview.problems[0] if preview.problems else make_problem("nothing_to_import",
                                                                                      preview.file_name))
    skipped: dict[str, int] = {}
    pairs: list[tuple[int, tuple[tuple[dict[str, Any], ...], str, str]]] = []

    def surviving() -> Iterator[NewExample]:
        position = 0
        for candidate, reason in _judge(preview._candidates(), store.existing_keys(project_id)):
            if reason is not None:
                skipped[reason] = skipped.get(reason, 0) + 1
                continue
            assert candidate.example is not None
            if candidate.pair is not None:
                pairs.append((position, candidate.pair))
            position += 1
            yield candidate.example

    ids: list[int] = []
    try:
        ids = store.add_examples(project_id, surviving(), source=source)
        for position, (prompt, preferred, non_preferred) in pairs:
            store.add_preference_pair(project_id, prompt, preferred, non_preferred, source=source,
                                      example_id=ids[position])
    except StopReading as stop:
        return ImportResult(0, skipped, 0, [], stop.problem)
    except sqlite3.Error as error:
        if ids:
            # The pairs go in after the examples (the store writes each pair in its
            # own transaction); undo the examples so the import is all or nothing.
            store.purge_examples(ids)
        return ImportResult(0, skipped, 0, [], make_problem("save_failed", preview.file_name,
                                                            error=type(error).__name__))
    return ImportResult(len(ids), skipped, len(pairs), ids)


# -------------------------------------------------------------- page helpers
def preview_table_rows(preview: ImportPreview, lang: str) -> list[dict[str, Any]]:
    """The preview's rows with translated column names, ready for ``st.dataframe``."""
    chat = preview.kind == KIND_JSONL
    rows: list[dict[str, Any]] = []
    for row in preview.rows:
        shown: dict[str, Any] = {t("questions.col_line", lang): row.line,
                                 t("questions.col_question", lang): row.question,
                                 t("questions.col_answer", lang): row.answer,
                                 t("questions.col_system", lang): row.system}
        if chat:
            shown[t("questions.col_turns", lang)] = row.turns
        else:
            shown[t("questions.col_tags", lang)] = row.tags
        shown[t("questions.col_outcome", lang)] = (t("questions.outcome_add", lang) if row.skip_reason is None
                                                   else t(f"questions.reason.{row.skip_reason}", lang))
        rows.append(shown)
    return rows


def skipped_summary(preview: ImportPreview, lang: str) -> list[str]:
    """One line per skip reason: the reason, how many, and the first line numbers."""
    summary = []
    for reason in REASONS:
        count = preview.skipped.get(reason, 0)
        if not count:
            continue
        listed = preview.skipped_lines.get(reason, [])
        lines = ", ".join(map(str, listed)) + ("…" if count > len(listed) else "")
        summary.append(t("questions.skipped_line", lang, reason=t(f"questions.reason.{reason}", lang),
                         count=count, lines=lines))
    return summary
