"""Excel workbooks: the sheet, merged ranges and formulas Excel never calculated, the rows, read lazily."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from typing import Any
from xml.etree.ElementTree import iterparse

from core.dataset.importers.mapping import _matches_question
from core.dataset.importers.values import HEADER_SEARCH_ROWS, KIND_XLSX, SEVERITY_NOTE, TableSource, make_problem


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
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries

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
        chosen = sheet if sheet is not None and sheet in sheets else _default_sheet(workbook, sheets)
        merges, uncalculated = _scan_sheet_xml(workbook, workbook[chosen])
    finally:
        workbook.close()
    table = TableSource(
        file_name,
        KIND_XLSX,
        sheets=sheets,
        sheet=chosen,
        uncalculated=frozenset(uncalculated),
        _records=_xlsx_records(data, chosen, merges),
    )
    if merges:
        table.problems.append(
            make_problem("merged_cells", file_name, severity=SEVERITY_NOTE, sheet=chosen, count=len(merges))
        )
    return table


def _default_sheet(workbook: Any, sheets: list[str]) -> str:
    """The first sheet whose first rows name a question column, else the first sheet."""
    for name in sheets:
        worksheet = workbook[name]
        for cells in worksheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS, values_only=True):
            if _matches_question([_excel_text(v) for v in cells]):
                return name
    return sheets[0]


def _xlsx_records(
    data: bytes, sheet: str, merges: list[tuple[int, int, int, int]]
) -> Callable[[], Iterator[tuple[int, list[str]]]]:
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
