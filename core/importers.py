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
import csv
import io
import json
import re
import sqlite3
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from xml.etree.ElementTree import iterparse

from core.i18n import t
from core.store import NewExample, Store, normalise_tags

# Our own limit sits below Streamlit's (``server.maxUploadSize`` = 200 MB in
# .streamlit/config.toml) so that users normally see this friendly message and
# not Streamlit's generic one.
MAX_IMPORT_MB = 100
MAX_IMPORT_BYTES = MAX_IMPORT_MB * 1024 * 1024
# Longer cells are almost always a paste accident (a whole document in a cell);
# such rows are skipped and listed rather than silently truncated.
MAX_CELL_CHARS = 100_000
PREVIEW_ROWS = 50
MAX_LISTED_LINES = 50
MAX_LISTED_PROBLEMS = 200
SNIFF_BYTES = 64 * 1024
HEADER_SEARCH_ROWS = 10
DECODE_CHUNK = 1024 * 1024
JSON_SNIFF_BYTES = 2 * 1024 * 1024

KIND_CSV = "csv"
KIND_XLSX = "xlsx"
KIND_JSONL = "jsonl"
KIND_TEXT = "text"

SEVERITY_ERROR = "error"      # blocks the import
SEVERITY_WARNING = "warning"  # the import works, but the user should know
SEVERITY_NOTE = "note"        # something we fixed for them

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

CHAT_ROLES = frozenset({"system", "user", "assistant", "tool"})
# Top-level keys of a chat line kept with the example (core/export.py writes them back).
CHAT_EXTRA_KEYS: tuple[str, ...] = ("tools", "parallel_tool_calls")
EXCEL_ERROR_VALUES = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!"})
CSV_DELIMITERS: tuple[str, ...] = (",", ";", "\t")
# A delimiter that never occurs in text: a header without any real delimiter
# means a one-column file whose questions may contain unquoted commas.
SINGLE_COLUMN_DELIMITER = "\x1f"
JSONL_EXTENSIONS = (".jsonl", ".json", ".ndjson")
TABLE_EXTENSIONS = (".csv", ".tsv", ".txt", ".tab")

# Column-name guesses, compared after lower-casing and removing spaces and
# punctuation. Korean users' Excel files typically say 번호, 질문, 답변…
QUESTION_ALIASES: tuple[str, ...] = (
    "question", "questions", "q", "prompt", "prompts", "query", "input", "instruction", "user", "usermessage",
    "userquestion", "질문", "질문내용", "질의", "질의내용", "문의", "문의내용", "물음", "문항", "프롬프트",
    "입력", "사용자질문", "고객질문", "고객문의")
ANSWER_ALIASES: tuple[str, ...] = (
    "answer", "answers", "a", "response", "responses", "reply", "completion", "output", "assistant",
    "expectedanswer", "답변", "답", "응답", "대답", "회신", "답변내용", "정답", "모범답안", "모범답변", "출력",
    "어시스턴트")
SYSTEM_ALIASES: tuple[str, ...] = (
    "system", "systemprompt", "systemmessage", "instructions", "persona", "시스템", "시스템프롬프트",
    "시스템메시지", "지시문", "지침", "페르소나")
TAGS_ALIASES: tuple[str, ...] = (
    "tags", "tag", "category", "categories", "label", "labels", "topic", "topics", "태그", "분류", "카테고리",
    "주제", "라벨", "유형", "구분")
# Shorter aliases ("q", "a", "답") only count as exact matches, never inside a longer name.
MIN_CONTAINED_ALIAS = 2

# csv's default field limit (128 KiB) would turn one long cell into a parse
# error; long cells are handled by MAX_CELL_CHARS instead.
csv.field_size_limit(max(csv.field_size_limit(), MAX_IMPORT_BYTES))


# --------------------------------------------------------------------- values
@dataclass(frozen=True)
class ImportProblem:
    """Something to tell the user about a file; ``key`` is a translation key.

    The message names the file (and the line or row when there is one) and
    says what to do about it.
    """

    key: str
    file_name: str
    line: int | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    severity: str = SEVERITY_ERROR

    def message(self, lang: str, markdown: bool = False) -> str:
        """The sentence for the user; ``markdown=True`` escapes the file's own text (names, columns)."""
        escape = markdown_safe if markdown else str
        details = {key: escape(value) if isinstance(value, str) else value for key, value in self.details.items()}
        return t(self.key, lang, file=escape(self.file_name), line=self.line if self.line is not None else "",
                 **details)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")


def markdown_safe(text: str) -> str:
    """``text`` with Markdown's special characters escaped, for names that come from a user's file.

    Streamlit renders messages as Markdown (and ``$…$`` as LaTeX), so a column
    called ``*total*`` or a file called ``$5_menu.csv`` must not turn into formatting.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds what; only ``question`` is required."""

    question: str | None = None
    answer: str | None = None
    system: str | None = None
    tags: str | None = None

    def used(self) -> dict[str, str]:
        """The mapped fields → column name, without the unmapped ones."""
        return {name: column for name, column in (("question", self.question), ("answer", self.answer),
                                                  ("system", self.system), ("tags", self.tags)) if column}


@dataclass
class TableSource:
    """A CSV or a sheet of an Excel file, read lazily.

    ``columns`` are the header's names (made unique); ``data_rows()`` yields
    ``(line or row number, cells)`` for every row below the header, reading
    the file again on each call so that nothing big is kept.
    """

    file_name: str
    kind: str
    columns: list[str] = field(default_factory=list)
    header_line: int = 0
    encoding: str | None = None
    delimiter: str | None = None
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None
    has_header: bool = True
    problems: list[ImportProblem] = field(default_factory=list)
    # Excel only: cells whose formula Excel never calculated, as (row, column).
    uncalculated: frozenset[tuple[int, int]] = frozenset()
    _records: Callable[[], Iterator[tuple[int, list[str]]]] | None = field(default=None, repr=False)

    @property
    def usable(self) -> bool:
        return self._records is not None and not any(p.severity == SEVERITY_ERROR for p in self.problems)

    def data_rows(self) -> Iterator[tuple[int, list[str]]]:
        if self._records is None:
            return
        for line, cells in self._records():
            if line > self.header_line:
                yield line, cells


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


class _StopReading(Exception):
    """Raised inside a row generator when the rest of the file can't be read."""

    def __init__(self, problem: ImportProblem) -> None:
        super().__init__(problem.key)
        self.problem = problem


def _problem(code: str, file_name: str, line: int | None = None, severity: str = SEVERITY_ERROR,
             **details: Any) -> ImportProblem:
    return ImportProblem(f"questions.problem.{code}", file_name, line, details, severity)


# ------------------------------------------------------------------ file kind
def check_size(file_name: str, size: int) -> ImportProblem | None:
    """A friendly refusal for files over ``MAX_IMPORT_MB``."""
    if size > MAX_IMPORT_BYTES:
        return _problem("too_large", file_name, size_mb=f"{size / 1024 / 1024:.0f}", limit_mb=MAX_IMPORT_MB)
    return None


def detect_kind(file_name: str, data: bytes) -> str | ImportProblem:
    """``KIND_XLSX``, ``KIND_JSONL`` or ``KIND_CSV`` from the content first, the name second."""
    too_large = check_size(file_name, len(data))
    if too_large:
        return too_large
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        return _problem("empty_file", file_name)
    head = data[:8]
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file_name, data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE2: an old .xls workbook, or an .xlsx protected with a password.
        return _problem("old_excel", file_name)
    if _looks_binary(data[:SNIFF_BYTES]):
        return _problem("binary_file", file_name)
    lower = file_name.lower()
    if lower.endswith(JSONL_EXTENSIONS):
        return KIND_JSONL
    if not lower.endswith(TABLE_EXTENSIONS):
        first = data.lstrip(b" \t\r\n\xef\xbb\xbf")[:1]
        if first in (b"{", b"["):
            return KIND_JSONL
    return KIND_CSV


def _zip_kind(file_name: str, data: bytes) -> str | ImportProblem:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return _problem("xlsx_unreadable", file_name)
    if "xl/workbook.xml" in names:
        return KIND_XLSX
    if "mimetype" in names or "content.xml" in names:
        return _problem("ods_file", file_name)
    return _problem("zip_file", file_name)


def _looks_binary(sample: bytes) -> bool:
    """Many NULs or control bytes, and not UTF-16 text."""
    if not sample or _utf16_encoding(sample):
        return False
    control = sum(1 for byte in sample if byte < 9 or 13 < byte < 32 and byte != 27)
    return control / len(sample) > 0.10


def _utf16_encoding(sample: bytes) -> str | None:
    """'utf-16' with a BOM (Excel's "Unicode text"), or a BOM-less guess from the NUL pattern."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    window = sample[:4096]
    if len(window) < 4:
        return None
    window = window[: len(window) // 2 * 2]
    even_nul = window[0::2].count(0) / len(window[0::2])
    odd_nul = window[1::2].count(0) / len(window[1::2])
    # ASCII characters (digits, commas, line breaks) put a NUL on one side only;
    # Korean characters put none, so a small share already tells.
    for encoding, nul_side, other_side in (("utf-16-le", odd_nul, even_nul), ("utf-16-be", even_nul, odd_nul)):
        if nul_side >= 0.15 and other_side <= 0.01 and _plain_text(window, encoding):
            return encoding
    return None


def _plain_text(sample: bytes, encoding: str) -> bool:
    """Decodes without errors and without control characters other than tab and line breaks."""
    try:
        text = sample.decode(encoding)
    except UnicodeDecodeError:
        return False
    return not any(ord(char) < 32 and char not in "\t\r\n" for char in text)


# ------------------------------------------------------------------ encodings
def _decodes(data: bytes, encoding: str) -> bool:
    """Whether all of ``data`` decodes strictly, checked in chunks (no giant string)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    view = memoryview(data)
    try:
        for start in range(0, len(view), DECODE_CHUNK):
            decoder.decode(view[start:start + DECODE_CHUNK], final=False)
        decoder.decode(b"", final=True)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def detect_encoding(data: bytes) -> str | None:
    """The text encoding of a CSV, or None when no candidate reads it.

    Order matters: the BOMs first (Excel's "CSV UTF-8" and "Unicode text"),
    then strict UTF-8, then CP949 (a superset of EUC-KR: what Korean Excel
    writes), and only then charset-normalizer's statistical guess.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    utf16 = _utf16_encoding(data[:SNIFF_BYTES])
    if utf16:
        return utf16 if _decodes(data, utf16) else None
    for encoding in ("utf-8", "cp949"):
        if _decodes(data, encoding):
            return encoding
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:SNIFF_BYTES]).best()
    except Exception:  # noqa: BLE001 - a guessing library must never break an import
        best = None
    if best is not None and best.encoding and _decodes(data, best.encoding):
        return best.encoding
    return None


# --------------------------------------------------------------------- tables
def _normalise_name(name: str) -> str:
    return re.sub(r"[\s_\-./()\[\]:·]+", "", str(name).lower())


_ALIASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("question", QUESTION_ALIASES), ("answer", ANSWER_ALIASES), ("system", SYSTEM_ALIASES), ("tags", TAGS_ALIASES))


def guess_mapping(columns: Sequence[str]) -> ColumnMapping:
    """Guess which column is which from common English and Korean names.

    Exact names win over names that merely contain an alias ("질문 (한국어)");
    each column is used at most once.
    """
    normalised = [_normalise_name(column) for column in columns]
    chosen: dict[str, str] = {}
    taken: set[int] = set()
    for exact in (True, False):
        for target, aliases in _ALIASES:
            if target in chosen:
                continue
            for alias in aliases:
                if not exact and len(alias) < MIN_CONTAINED_ALIAS:
                    continue
                match = next((i for i, name in enumerate(normalised) if i not in taken and name
                              and (name == alias if exact else alias in name)), None)
                if match is not None:
                    chosen[target] = columns[match]
                    taken.add(match)
                    break
    return ColumnMapping(**chosen)


def _question_match(cells: Sequence[str]) -> int:
    """2 when a cell is exactly a question name ("질문"), 1 when one contains it ("카페 질문 목록"), else 0."""
    names = {_normalise_name(str(c)) for c in cells if str(c).strip()}
    if names & set(QUESTION_ALIASES):
        return 2
    return 1 if guess_mapping(list(names)).question is not None else 0


def _matches_question(cells: Sequence[str]) -> bool:
    return _question_match(cells) > 0


def _header_index(records: Sequence[tuple[int, list[str]]]) -> int:
    """Which of the first records holds the column names.

    Usually the first non-empty one; but a title row above the names ("질문
    목록", merged across the sheet) is common in Korean Excel files, so a
    later row with a recognisable question column wins.
    """
    non_empty = [i for i, (_, cells) in enumerate(records) if any(str(c).strip() for c in cells)]
    for strength in (2, 1):  # an exact "질문" beats a title that merely mentions 질문
        for index in non_empty[:HEADER_SEARCH_ROWS]:
            if _question_match(records[index][1]) >= strength:
                return index
    return non_empty[0] if non_empty else 0


def _unique_columns(cells: Sequence[str], file_name: str, line: int) -> tuple[list[str], list[ImportProblem]]:
    """Header names made unique and non-empty; duplicates are renamed and reported."""
    columns: list[str] = []
    problems: list[ImportProblem] = []
    seen: dict[str, int] = {}
    for position, raw in enumerate(cells, start=1):
        name = str(raw).strip() or f"#{position}"
        if name in seen:
            seen[name] += 1
            renamed = f"{name} ({seen[name]})"
            problems.append(_problem("duplicate_header", file_name, line, SEVERITY_WARNING,
                                     column=name, renamed=renamed))
            name = renamed
        else:
            seen[name] = 1
        columns.append(name)
    return columns, problems


def _split_line(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter, strict=False), [])
    except csv.Error:
        return [line]


def _outside_quotes(line: str) -> str:
    return re.sub(r'"[^"]*"', "", line)


def _choose_delimiter(lines: Sequence[str]) -> str:
    """The delimiter of the header line; a line with a known question name wins."""
    for strength in (2, 1):
        for line in lines:
            for delimiter in CSV_DELIMITERS:
                if delimiter in _outside_quotes(line) and _question_match(_split_line(line, delimiter)) >= strength:
                    return delimiter
    header = next((line for line in lines if line.strip()), "")
    counts = {d: _outside_quotes(header).count(d) for d in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: (counts[d], d == "\t", d == ";"))
    return best if counts[best] else SINGLE_COLUMN_DELIMITER


def _sample_lines(data: bytes, encoding: str) -> list[str]:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(data[:SNIFF_BYTES], final=len(data) <= SNIFF_BYTES)
    lines = [line.replace("\x00", "") for line in text.splitlines()]
    if len(data) > SNIFF_BYTES and lines:
        lines.pop()  # the last line may be cut in half
    return [line for line in lines if line.strip()][:HEADER_SEARCH_ROWS + 1]


def _csv_records(file_name: str, data: bytes, encoding: str, delimiter: str,
                 skip_first: bool = False) -> Callable[[], Iterator[tuple[int, list[str]]]]:
    may_hold_nul = encoding.startswith("utf-16") or b"\x00" in data

    def records() -> Iterator[tuple[int, list[str]]]:
        stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="replace", newline="")
        # NUL characters are removed: they are invisible and break exports.
        lines = (line.replace("\x00", "") for line in stream) if may_hold_nul else stream
        reader = csv.reader(lines, delimiter=delimiter, strict=False)
        previous_end = 0
        try:
            for cells in reader:
                start = previous_end + 1
                previous_end = reader.line_num
                if start == 1 and skip_first:
                    continue
                yield start, cells
        except csv.Error as error:
            raise _StopReading(_problem("csv_broken", file_name, previous_end + 1, detail=str(error))) from None
    return records


def open_table(file_name: str, data: bytes, sheet: str | None = None, has_header: bool = True) -> TableSource:
    """Read a CSV or an Excel sheet just enough to know its columns and header row."""
    kind = detect_kind(file_name, data)
    if isinstance(kind, ImportProblem):
        return TableSource(file_name, KIND_CSV, problems=[kind])
    if kind == KIND_JSONL:
        return TableSource(file_name, KIND_JSONL, problems=[_problem("jsonl_not_table", file_name)])
    try:
        if kind == KIND_XLSX:
            table = _open_xlsx(file_name, data, sheet)
        else:
            table = _open_csv(file_name, data)
        if table._records is not None:
            _locate_header(table, has_header)
    except _StopReading as stop:
        return TableSource(file_name, kind, problems=[stop.problem])
    except Exception as error:  # noqa: BLE001 - a broken file must become a message, never a traceback
        return TableSource(file_name, kind, problems=[_problem("unreadable", file_name, error=type(error).__name__)])
    return table


def _open_csv(file_name: str, data: bytes) -> TableSource:
    encoding = detect_encoding(data)
    if encoding is None:
        return TableSource(file_name, KIND_CSV, problems=[_problem("unknown_encoding", file_name)])
    lines = _sample_lines(data, encoding)
    # Excel's "sep=;" first line names the delimiter and is not data.
    directive = re.fullmatch(r"\s*sep=(.)\s*", lines[0], flags=re.IGNORECASE) if lines else None
    delimiter = directive.group(1) if directive else _choose_delimiter(lines)
    table = TableSource(file_name, KIND_CSV, encoding=encoding, delimiter=delimiter,
                        _records=_csv_records(file_name, data, encoding, delimiter, skip_first=bool(directive)))
    nul_count = data.count(b"\x00") if not encoding.startswith("utf-16") else 0
    if nul_count:
        table.problems.append(_problem("nul_removed", file_name, severity=SEVERITY_NOTE, count=nul_count))
    return table


def _locate_header(table: TableSource, has_header: bool) -> None:
    assert table._records is not None
    sample: list[tuple[int, list[str]]] = []
    for record in table._records():
        sample.append(record)
        if len(sample) >= HEADER_SEARCH_ROWS * 3:
            break
    table.has_header = has_header
    if not any(any(str(c).strip() for c in cells) for _, cells in sample):
        table.problems.append(_problem("empty_file", table.file_name))
        return
    if has_header:
        index = _header_index(sample)
        line, cells = sample[index]
        table.header_line = line
        table.columns, duplicates = _unique_columns(cells, table.file_name, line)
        table.problems.extend(duplicates)
        skipped_above = [number for number, row in sample[:index] if any(str(c).strip() for c in row)]
        if skipped_above:
            table.problems.append(_problem("rows_above_header", table.file_name, line, SEVERITY_NOTE,
                                           rows=", ".join(map(str, skipped_above))))
    else:
        table.header_line = 0
        width = max(len(cells) for _, cells in sample)
        table.columns = [f"#{i}" for i in range(1, width + 1)]
    if not any(any(str(c).strip() for c in cells) for line, cells in sample if line > table.header_line):
        table.problems.append(_problem("no_data_rows", table.file_name))


# ---------------------------------------------------------------------- Excel
def _excel_text(value: Any) -> str:
    """An Excel cell as the text a user sees (1 not 1.0, dates without 00:00)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def _load_workbook(data: bytes) -> Any:
    import openpyxl

    # read_only streams the sheet; data_only gives formulas' last calculated values.
    return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)


def _scan_sheet_xml(workbook: Any, worksheet: Any) -> tuple[list[tuple[int, int, int, int]], set[tuple[int, int]]]:
    """Merged ranges and formula cells without a cached value, read from the sheet's XML.

    openpyxl's read-only mode reports neither, so we stream the XML once.
    """
    from openpyxl.utils.cell import coordinate_from_string, column_index_from_string, range_boundaries

    path = getattr(worksheet, "_worksheet_path", None)
    archive = getattr(workbook, "_archive", None)
    merges: list[tuple[int, int, int, int]] = []
    uncalculated: set[tuple[int, int]] = set()
    if path is None or archive is None:
        return merges, uncalculated
    with archive.open(path) as source:
        for _, element in iterparse(source, events=("end",)):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "mergeCell" and element.get("ref"):
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                merges.append((min_row, min_col, max_row, max_col))
            elif tag == "c":
                children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
                if "f" in children and (children.get("v") is None or children["v"].text in (None, "")):
                    column, row = coordinate_from_string(element.get("r", "A1"))
                    uncalculated.add((row, column_index_from_string(column)))
                element.clear()
            elif tag == "row":
                element.clear()
    return merges, uncalculated


def _open_xlsx(file_name: str, data: bytes, sheet: str | None) -> TableSource:
    workbook = _load_workbook(data)
    try:
        sheets = [ws.title for ws in workbook.worksheets]
        if not sheets:
            return TableSource(file_name, KIND_XLSX, problems=[_problem("xlsx_no_sheets", file_name)])
        chosen = sheet if sheet in sheets else _default_sheet(workbook, sheets)
        merges, uncalculated = _scan_sheet_xml(workbook, workbook[chosen])
    finally:
        workbook.close()
    table = TableSource(file_name, KIND_XLSX, sheets=sheets, sheet=chosen, uncalculated=frozenset(uncalculated),
                        _records=_xlsx_records(data, chosen, merges))
    if merges:
        table.problems.append(_problem("merged_cells", file_name, severity=SEVERITY_NOTE,
                                       sheet=chosen, count=len(merges)))
    return table


def _default_sheet(workbook: Any, sheets: list[str]) -> str:
    """The first sheet whose first rows name a question column, else the first sheet."""
    for name in sheets:
        worksheet = workbook[name]
        for cells in worksheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS, values_only=True):
            if _matches_question([_excel_text(v) for v in cells]):
                return name
    return sheets[0]


def _xlsx_records(data: bytes, sheet: str,
                  merges: list[tuple[int, int, int, int]]) -> Callable[[], Iterator[tuple[int, list[str]]]]:
    def records() -> Iterator[tuple[int, list[str]]]:
        workbook = _load_workbook(data)
        try:
            worksheet = workbook[sheet]
            # The stored dimensions are often wrong in files written by other tools.
            worksheet.reset_dimensions()
            pending = sorted(merges)
            active: list[tuple[tuple[int, int, int, int], str]] = []
            for row_number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1):
                cells = [_excel_text(v) for v in values]
                while pending and pending[0][0] <= row_number:
                    merge = pending.pop(0)
                    top_left = cells[merge[1] - 1] if merge[1] - 1 < len(cells) else ""
                    active.append((merge, top_left))
                active = [(m, v) for m, v in active if m[2] >= row_number]
                for (_, min_col, _, max_col), value in active:
                    # A merged range shows its top-left value in every cell: copy it there.
                    if len(cells) < max_col:
                        cells.extend([""] * (max_col - len(cells)))
                    for column in range(min_col, max_col + 1):
                        cells[column - 1] = value
                yield row_number, cells
        finally:
            workbook.close()
    return records


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
    except _StopReading as stop:
        preview.problems.append(stop.problem)
        preview._candidates = None
    except Exception as error:  # noqa: BLE001 - never a traceback on the page
        preview.problems.append(_problem("unreadable", file_name, error=type(error).__name__))
        preview._candidates = None
    if not preview.blocked and preview.to_add == 0 and not preview.skipped_total:
        preview.problems.append(_problem("no_data_rows", file_name))
    return preview


def _clean_text(value: str) -> str:
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def preview_table(table: TableSource, mapping: ColumnMapping,
                  existing: tuple[set[str], set[str]] | None = None) -> ImportPreview:
    """What importing this CSV or sheet with this column mapping would add and skip."""
    problems = list(table.problems)
    if table.usable and not mapping.question:
        problems.append(_problem("no_question_column", table.file_name,
                                 columns=", ".join(table.columns) or "—"))
    unknown = [column for column in mapping.used().values() if column not in table.columns]
    if table.usable and unknown:
        problems.append(_problem("unknown_column", table.file_name, column=", ".join(unknown)))
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
            problems.append(_problem("formulas_not_calculated", table.file_name, row, SEVERITY_WARNING,
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
        problems.append(_problem("empty_paste", source_name))
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
            return _broken(file_name, line, "bad_role", index=position, role=str(role))
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
    if not encoding:
        return ImportPreview(file_name, KIND_JSONL, problems=[_problem("unknown_encoding", file_name)])
    # Only the head is needed to tell a pretty-printed file; the lines are streamed.
    head = data[:JSON_SNIFF_BYTES].decode(encoding, errors="ignore").replace("\x00", "")
    first_line = next((line for line in head.split("\n") if line.strip()), "")
    if not _parses(first_line) or first_line.lstrip().startswith("["):
        first, count, multi_line = _leading_documents(head)
        if isinstance(first, list):
            return ImportPreview(file_name, KIND_JSONL, problems=[_problem("json_array", file_name)])
        if isinstance(first, dict) and multi_line:
            return ImportPreview(file_name, KIND_JSONL, problems=[
                _problem("json_pretty_printed", file_name, count=count)])

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

    return _build_preview(file_name, KIND_JSONL, candidates, existing, [])


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


def guess_table_mapping(table: TableSource) -> ColumnMapping:
    """The guessed mapping; a headerless table takes its first mostly-text column as the question."""
    if table.has_header:
        return guess_mapping(table.columns)
    for index, column in enumerate(table.columns):
        values = [cells[index] for _, cells in _first(table.data_rows(), 20) if index < len(cells)]
        texts = [v for v in values if v.strip() and not re.fullmatch(r"[\d.,\s-]+", v.strip())]
        if values and len(texts) * 2 >= len(values):
            return ColumnMapping(question=column)
    return ColumnMapping(question=table.columns[0] if table.columns else None)


def _first(items: Iterator[Any], count: int) -> list[Any]:
    taken = []
    for item in items:
        taken.append(item)
        if len(taken) >= count:
            break
    return taken


# -------------------------------------------------------------------- commit
def commit_import(store: Store, project_id: int, preview: ImportPreview, source: str = "import") -> ImportResult:
    """Write the rows that survive, in one transaction; duplicates are checked against the store now.

    DPO lines also get their preference pair, linked to the new example.
    """
    if not preview.can_import or preview._candidates is None:
        return ImportResult(0, dict(preview.skipped), 0, [],
                            preview.problems[0] if preview.problems else _problem("nothing_to_import",
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

    try:
        ids = store.add_examples(project_id, surviving(), source=source)
        for position, (prompt, preferred, non_preferred) in pairs:
            store.add_preference_pair(project_id, prompt, preferred, non_preferred, source=source,
                                      example_id=ids[position])
    except _StopReading as stop:
        return ImportResult(0, skipped, 0, [], stop.problem)
    except sqlite3.Error as error:
        return ImportResult(0, skipped, 0, [], _problem("save_failed", preview.file_name,
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


_DELIMITER_KEYS = {",": "comma", ";": "semicolon", "\t": "tab", SINGLE_COLUMN_DELIMITER: "none"}


def describe_table(table: TableSource, lang: str) -> str:
    """"Read as encoding cp949, separated by commas." for a CSV; empty for Excel."""
    if table.kind != KIND_CSV or not table.encoding:
        return ""
    facts = [t("questions.fact_encoding", lang, encoding=table.encoding.upper())]
    if table.delimiter in _DELIMITER_KEYS:
        facts.append(t("questions.fact_delimiter", lang,
                       delimiter=t(f"questions.delimiter_{_DELIMITER_KEYS[table.delimiter]}", lang)))
    return t("questions.file_facts", lang, facts=", ".join(facts))
