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

The package is split by file kind: ``detect`` (what kind of file, documents we
can't read), ``text`` (encodings, pasted text), ``csv_table``, ``xlsx``,
``jsonl``; and by step: ``table`` (opening a table, its header), ``mapping``
(which column is which, the table preview), ``preview`` and ``commit``.
``values`` holds what they share. The names below are the public ones.
"""

from __future__ import annotations

from core.dataset.importers.commit import ImportResult, commit_import
from core.dataset.importers.detect import check_size, detect_kind
from core.dataset.importers.jsonl import preview_jsonl
from core.dataset.importers.mapping import guess_mapping, guess_table_mapping, header_likely, preview_table
from core.dataset.importers.preview import (
    MAX_CELL_CHARS,
    PREVIEW_ROWS,
    REASON_BROKEN,
    REASON_DUP_FILE,
    REASON_DUP_PROJECT,
    REASON_EMPTY,
    REASON_EXCEL_ERROR,
    REASON_FORMULA,
    REASON_TOO_LONG,
    REASONS,
    ImportPreview,
    PreviewRow,
    preview_table_rows,
    skipped_summary,
)
from core.dataset.importers.table import describe_table, open_table
from core.dataset.importers.text import (
    content_id,
    damaged_text_encoding,
    detect_encoding,
    looks_like_spreadsheet_paste,
    preview_pasted,
)
from core.dataset.importers.values import (
    EXCEL_ERROR_VALUES,
    KIND_CSV,
    KIND_JSONL,
    KIND_TEXT,
    KIND_XLSX,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_MB,
    SEVERITY_ERROR,
    SEVERITY_NOTE,
    SEVERITY_WARNING,
    SINGLE_COLUMN_DELIMITER,
    ColumnMapping,
    ImportProblem,
    StopReading,
    TableSource,
    make_problem,
    markdown_safe,
)

__all__ = [
    "EXCEL_ERROR_VALUES",
    "KIND_CSV",
    "KIND_JSONL",
    "KIND_TEXT",
    "KIND_XLSX",
    "MAX_CELL_CHARS",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_MB",
    "PREVIEW_ROWS",
    "REASONS",
    "REASON_BROKEN",
    "REASON_DUP_FILE",
    "REASON_DUP_PROJECT",
    "REASON_EMPTY",
    "REASON_EXCEL_ERROR",
    "REASON_FORMULA",
    "REASON_TOO_LONG",
    "SEVERITY_ERROR",
    "SEVERITY_NOTE",
    "SEVERITY_WARNING",
    "SINGLE_COLUMN_DELIMITER",
    "ColumnMapping",
    "ImportPreview",
    "ImportProblem",
    "ImportResult",
    "PreviewRow",
    "StopReading",
    "TableSource",
    "check_size",
    "commit_import",
    "content_id",
    "damaged_text_encoding",
    "describe_table",
    "detect_encoding",
    "detect_kind",
    "guess_mapping",
    "guess_table_mapping",
    "header_likely",
    "looks_like_spreadsheet_paste",
    "make_problem",
    "markdown_safe",
    "open_table",
    "preview_file",
    "preview_jsonl",
    "preview_pasted",
    "preview_table",
    "preview_table_rows",
    "skipped_summary",
]


def preview_file(
    file_name: str,
    data: bytes,
    existing: tuple[set[str], set[str]] | None = None,
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    has_header: bool = True,
) -> tuple[TableSource | None, ImportPreview]:
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
