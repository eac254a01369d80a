"""Reading the files people import: what kind of file it is, its encoding, delimiter, sheets and header.

Nothing here parses a whole file up front: ``open_table`` looks at the first
bytes and rows (encoding, delimiter, the header row, an Excel sheet's merged
ranges and uncalculated formulas) and hands back a ``TableSource`` whose rows
are read again, lazily, each time ``data_rows()`` is called. Problems come
back as ``ImportProblem`` values, never as exceptions. core/dataset/importers.py turns
the rows into a preview and commits them.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from xml.etree.ElementTree import iterparse

from core.i18n import t

# Our own limit sits below Streamlit's (``server.maxUploadSize`` = 200 MB in
# .streamlit/config.toml) so that users normally see this friendly message and
# not Streamlit's generic one.
MAX_IMPORT_MB = 100
MAX_IMPORT_BYTES = MAX_IMPORT_MB * 1024 * 1024
SNIFF_BYTES = 64 * 1024
HEADER_SEARCH_ROWS = 10
DECODE_CHUNK = 1024 * 1024
# A text file with at most this many broken byte sequences (or one per 10 kB)
# is read with "�" in their place; more means we picked the wrong encoding.
MAX_DAMAGED_SPOTS = 20

KIND_CSV = "csv"
KIND_XLSX = "xlsx"
KIND_JSONL = "jsonl"
KIND_TEXT = "text"

SEVERITY_ERROR = "error"      # blocks the import
SEVERITY_WARNING = "warning"  # the import works, but the user should know
SEVERITY_NOTE = "note"        # something we fixed for them

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
# error; long cells are skipped by core/dataset/importers.py (MAX_CELL_CHARS) instead.
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


class StopReading(Exception):
    """Raised inside a row generator when the rest of the file can't be read."""

    def __init__(self, problem: ImportProblem) -> None:
        super().__init__(problem.key)
        self.problem = problem


def make_problem(code: str, file_name: str, line: int | None = None, severity: str = SEVERITY_ERROR,
                 **details: Any) -> ImportProblem:
    """A problem whose message is ``questions.problem.<code>``."""
    return ImportProblem(f"questions.problem.{code}", file_name, line, details, severity)


# ------------------------------------------------------------------ file kind
# Documents are told apart by their content, not their name: the member that
# makes a zip a Word/PowerPoint/HWPX file, and the stream names (UTF-16 in the
# directory) or header text of the OLE2 formats (HWP 5, .doc, .ppt).
PDF_SIGNATURE_WINDOW = 1024
ZIP_DOCUMENT_MEMBERS: tuple[tuple[str, str], ...] = (
    ("word/document.xml", "Word"), ("ppt/presentation.xml", "PowerPoint"), ("Contents/content.hpf", "HWPX"))
OLE_SNIFF_BYTES = 1 << 20
OLE_DOCUMENT_MARKERS: tuple[tuple[bytes, str], ...] = (
    (b"HWP Document File", "HWP"), ("WordDocument".encode("utf-16-le"), "Word"),
    ("PowerPoint Document".encode("utf-16-le"), "PowerPoint"))
_BLANK = re.compile(rb"[ \t\r\n\x00\xef\xbb\xbf\xff\xfe]*")
_FIRST_VISIBLE = re.compile(rb"[ \t\r\n\xef\xbb\xbf]*(.)", re.DOTALL)


def check_size(file_name: str, size: int) -> ImportProblem | None:
    """A friendly refusal for files over ``MAX_IMPORT_MB``."""
    if size > MAX_IMPORT_BYTES:
        return make_problem("too_large", file_name, size_mb=f"{size / 1024 / 1024:.0f}", limit_mb=MAX_IMPORT_MB)
    return None


def detect_kind(file_name: str, data: bytes) -> str | ImportProblem:
    """``KIND_XLSX``, ``KIND_JSONL`` or ``KIND_CSV`` from the content first, the name second."""
    too_large = check_size(file_name, len(data))
    if too_large:
        return too_large
    if _BLANK.fullmatch(data):  # a regex, not data.strip(): no copy of a big file
        return make_problem("empty_file", file_name)
    head = data[:8]
    if data[:PDF_SIGNATURE_WINDOW].find(b"%PDF-") != -1:  # a PDF may have a few bytes before its header
        return make_problem("document_file", file_name, kind="PDF")
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file_name, data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE2: an HWP or old Word/PowerPoint document, an old .xls workbook, or a password-protected .xlsx.
        for marker, kind in OLE_DOCUMENT_MARKERS:
            if marker in data[:OLE_SNIFF_BYTES]:
                return make_problem("document_file", file_name, kind=kind)
        return make_problem("old_excel", file_name)
    if _looks_binary(data[:SNIFF_BYTES]):
        return make_problem("binary_file", file_name)
    lower = file_name.lower()
    if lower.endswith(JSONL_EXTENSIONS):
        return KIND_JSONL
    if not lower.endswith(TABLE_EXTENSIONS):
        first = _FIRST_VISIBLE.match(data)
        if first and first.group(1) in (b"{", b"["):
            return KIND_JSONL
    return KIND_CSV


def _zip_kind(file_name: str, data: bytes) -> str | ImportProblem:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return make_problem("xlsx_unreadable", file_name)
    if "xl/workbook.xml" in names:
        return KIND_XLSX
    for member, kind in ZIP_DOCUMENT_MEMBERS:
        if member in names:
            return make_problem("document_file", file_name, kind=kind)
    if "mimetype" in names or "content.xml" in names:
        return make_problem("ods_file", file_name)
    return make_problem("zip_file", file_name)


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


def damaged_text_encoding(data: bytes) -> tuple[str, int, int] | None:
    """For text that no encoding reads cleanly: (encoding, bad spots, line of the first one), when rare.

    A UTF-8 or CP949 file with a few broken bytes (a bad copy, two files
    glued together) is still worth importing, with those characters replaced
    by "�" and the user told where; a file full of errors is not.
    """
    best: tuple[str, int, int] | None = None
    for encoding in ("utf-8", "cp949"):
        errors, first_error = _decode_errors(data, encoding)
        if errors <= max(MAX_DAMAGED_SPOTS, len(data) // 10_000) and (best is None or errors < best[1]):
            best = (encoding, errors, data.count(b"\n", 0, first_error) + 1)
    return best


def _decode_errors(data: bytes, encoding: str) -> tuple[int, int]:
    """How many undecodable byte sequences ``data`` has, and where the first one starts."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    genuine = data.count("\ufffd".encode(encoding)) if encoding == "utf-8" else 0
    replaced, first, view = 0, -1, memoryview(data)
    for start in range(0, len(view), DECODE_CHUNK):
        text = decoder.decode(view[start:start + DECODE_CHUNK], final=start + DECODE_CHUNK >= len(view))
        count = text.count("\ufffd")
        if count and first < 0:
            first = start
        replaced += count
    if first >= 0:
        try:  # the exact position, within the first damaged chunk
            bytes(view[first:first + DECODE_CHUNK]).decode(encoding)
        except UnicodeDecodeError as error:
            first += error.start
    return replaced - genuine, max(first, 0)


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
            problems.append(make_problem("duplicate_header", file_name, line, SEVERITY_WARNING,
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
            raise StopReading(make_problem("csv_broken", file_name, previous_end + 1, detail=str(error))) from None
    return records


def open_table(file_name: str, data: bytes, sheet: str | None = None, has_header: bool = True) -> TableSource:
    """Read a CSV or an Excel sheet just enough to know its columns and header row."""
    kind = detect_kind(file_name, data)
    if isinstance(kind, ImportProblem):
        return TableSource(file_name, KIND_CSV, problems=[kind])
    if kind == KIND_JSONL:
        return TableSource(file_name, KIND_JSONL, problems=[make_problem("jsonl_not_table", file_name)])
    try:
        if kind == KIND_XLSX:
            table = _open_xlsx(file_name, data, sheet)
        else:
            table = _open_csv(file_name, data)
        if table._records is not None:
            _locate_header(table, has_header)
    except StopReading as stop:
        return TableSource(file_name, kind, problems=[stop.problem])
    except Exception as error:  # noqa: BLE001 - a broken file must become a message, never a traceback
        unreadable = make_problem("unreadable", file_name, error=type(error).__name__)
        return TableSource(file_name, kind, problems=[unreadable])
    return table


def _open_csv(file_name: str, data: bytes) -> TableSource:
    encoding, damage = detect_encoding(data), None
    if encoding is None:
        damaged = damaged_text_encoding(data)
        if damaged is None:
            return TableSource(file_name, KIND_CSV, problems=[make_problem("unknown_encoding", file_name)])
        encoding, spots, line = damaged
        damage = make_problem("damaged_bytes", file_name, line, SEVERITY_WARNING, count=spots,
                              encoding=encoding.upper())
    lines = _sample_lines(data, encoding)
    # Excel's "sep=;" first line names the delimiter and is not data.
    directive = re.fullmatch(r"\s*sep=(.)\s*", lines[0], flags=re.IGNORECASE) if lines else None
    delimiter = directive.group(1) if directive else _choose_delimiter(lines)
    table = TableSource(file_name, KIND_CSV, encoding=encoding, delimiter=delimiter,
                        _records=_csv_records(file_name, data, encoding, delimiter, skip_first=bool(directive)))
    if damage is not None:
        table.problems.append(damage)
    nul_count = data.count(b"\x00") if not encoding.startswith("utf-16") else 0
    if nul_count:
        table.problems.append(make_problem("nul_removed", file_name, severity=SEVERITY_NOTE, count=nul_count))
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
        table.problems.append(make_problem("empty_file", table.file_name))
        return
    if has_header:
        index = _header_index(sample)
        line, cells = sample[index]
        table.header_line = line
        table.columns, duplicates = _unique_columns(cells, table.file_name, line)
        table.problems.extend(duplicates)
        skipped_above = [number for number, row in sample[:index] if any(str(c).strip() for c in row)]
        if skipped_above:
            table.problems.append(make_problem("rows_above_header", table.file_name, line, SEVERITY_NOTE,
                                               rows=", ".join(map(str, skipped_above))))
    else:
        table.header_line = 0
        width = max(len(cells) for _, cells in sample)
        table.columns = [f"#{i}" for i in range(1, width + 1)]
    if not any(any(str(c).strip() for c in cells) for line, cells in sample if line > table.header_line):
        table.problems.append(make_problem("no_data_rows", table.file_name))


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
            return TableSource(file_name, KIND_XLSX, problems=[make_problem("xlsx_no_sheets", file_name)])
        chosen = sheet if sheet in sheets else _default_sheet(workbook, sheets)
        merges, uncalculated = _scan_sheet_xml(workbook, workbook[chosen])
    finally:
        workbook.close()
    table = TableSource(file_name, KIND_XLSX, sheets=sheets, sheet=chosen, uncalculated=frozenset(uncalculated),
                        _records=_xlsx_records(data, chosen, merges))
    if merges:
        table.problems.append(make_problem("merged_cells", file_name, severity=SEVERITY_NOTE,
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


def header_likely(table: TableSource) -> bool:
    """Whether the first row is probably column names (the default of the page's check box).

    A plain list of questions saved as CSV has no header: its only "column
    name" is then a question (ends with a question mark, or is a sentence).
    """
    if not table.has_header or len(table.columns) != 1 or guess_mapping(table.columns).question:
        return True
    name = table.columns[0].strip()
    return not (name.endswith(("?", "？")) or len(name) > 30)


def _first(items: Iterator[Any], count: int) -> list[Any]:
    taken = []
    for item in items:
        taken.append(item)
        if len(taken) >= count:
            break
    return taken


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
