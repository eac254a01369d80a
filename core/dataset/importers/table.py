"""Opening a CSV or an Excel sheet: its header row, unique column names, and the facts shown about it.

Nothing here parses a whole file up front: ``open_table`` looks at the first bytes and rows
(encoding, delimiter, the header row, an Excel sheet's merged ranges and uncalculated formulas)
and hands back a ``TableSource`` whose rows are read again, lazily, each time ``data_rows()`` is called.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.dataset.importers.csv_table import _open_csv
from core.dataset.importers.detect import detect_kind
from core.dataset.importers.mapping import _header_index
from core.dataset.importers.values import (
    HEADER_SEARCH_ROWS,
    KIND_CSV,
    KIND_JSONL,
    KIND_XLSX,
    SEVERITY_NOTE,
    SEVERITY_WARNING,
    SINGLE_COLUMN_DELIMITER,
    ImportProblem,
    StopReading,
    TableSource,
    make_problem,
)
from core.dataset.importers.xlsx import _open_xlsx
from core.i18n import t


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
            problems.append(
                make_problem("duplicate_header", file_name, line, SEVERITY_WARNING, column=name, renamed=renamed)
            )
            name = renamed
        else:
            seen[name] = 1
        columns.append(name)
    return columns, problems


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
            table.problems.append(
                make_problem(
                    "rows_above_header", table.file_name, line, SEVERITY_NOTE, rows=", ".join(map(str, skipped_above))
                )
            )
    else:
        table.header_line = 0
        width = max(len(cells) for _, cells in sample)
        table.columns = [f"#{i}" for i in range(1, width + 1)]
    if not any(any(str(c).strip() for c in cells) for line, cells in sample if line > table.header_line):
        table.problems.append(make_problem("no_data_rows", table.file_name))


_DELIMITER_KEYS = {",": "comma", ";": "semicolon", "\t": "tab", SINGLE_COLUMN_DELIMITER: "none"}


def describe_table(table: TableSource, lang: str) -> str:
    """ "Read as encoding cp949, separated by commas." for a CSV; empty for Excel."""
    if table.kind != KIND_CSV or not table.encoding:
        return ""
    facts = [t("questions.fact_encoding", lang, encoding=table.encoding.upper())]
    if table.delimiter in _DELIMITER_KEYS:
        facts.append(
            t(
                "questions.fact_delimiter",
                lang,
                delimiter=t(f"questions.delimiter_{_DELIMITER_KEYS[table.delimiter]}", lang),
            )
        )
    return t("questions.file_facts", lang, facts=", ".join(facts))
