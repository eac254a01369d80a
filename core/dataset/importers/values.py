"""What every importer shares: the limits, the file kinds, a problem to tell the user, a mapping, a lazy table.

Problems come back as ``ImportProblem`` values (a translation key, the file, the line and the
values for the message), never as exceptions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

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

SEVERITY_ERROR = "error"  # blocks the import
SEVERITY_WARNING = "warning"  # the import works, but the user should know
SEVERITY_NOTE = "note"  # something we fixed for them

EXCEL_ERROR_VALUES = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!"})
CSV_DELIMITERS: tuple[str, ...] = (",", ";", "\t")
# A delimiter that never occurs in text: a header without any real delimiter
# means a one-column file whose questions may contain unquoted commas.
SINGLE_COLUMN_DELIMITER = "\x1f"
JSONL_EXTENSIONS = (".jsonl", ".json", ".ndjson")
TABLE_EXTENSIONS = (".csv", ".tsv", ".txt", ".tab")


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
        return t(
            self.key, lang, file=escape(self.file_name), line=self.line if self.line is not None else "", **details
        )


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
        return {
            name: column
            for name, column in (
                ("question", self.question),
                ("answer", self.answer),
                ("system", self.system),
                ("tags", self.tags),
            )
            if column
        }


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


def make_problem(
    code: str, file_name: str, line: int | None = None, severity: str = SEVERITY_ERROR, **details: Any
) -> ImportProblem:
    """A problem whose message is ``questions.problem.<code>``."""
    return ImportProblem(f"questions.problem.{code}", file_name, line, details, severity)
