"""CSV and other delimited text: the delimiter, the rows, read lazily."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence

from core.dataset.importers.mapping import _question_match
from core.dataset.importers.text import damaged_text_encoding, detect_encoding
from core.dataset.importers.values import (
    CSV_DELIMITERS,
    HEADER_SEARCH_ROWS,
    KIND_CSV,
    MAX_IMPORT_BYTES,
    SEVERITY_NOTE,
    SEVERITY_WARNING,
    SINGLE_COLUMN_DELIMITER,
    SNIFF_BYTES,
    StopReading,
    TableSource,
    make_problem,
)

# csv's default field limit (128 KiB) would turn one long cell into a parse
# error; long cells are skipped by the preview (MAX_CELL_CHARS) instead.
csv.field_size_limit(max(csv.field_size_limit(), MAX_IMPORT_BYTES))


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
    return [line for line in lines if line.strip()][: HEADER_SEARCH_ROWS + 1]


def _csv_records(
    file_name: str, data: bytes, encoding: str, delimiter: str, skip_first: bool = False
) -> Callable[[], Iterator[tuple[int, list[str]]]]:
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


def _open_csv(file_name: str, data: bytes) -> TableSource:
    encoding, damage = detect_encoding(data), None
    if encoding is None:
        damaged = damaged_text_encoding(data)
        if damaged is None:
            return TableSource(file_name, KIND_CSV, problems=[make_problem("unknown_encoding", file_name)])
        encoding, spots, line = damaged
        damage = make_problem(
            "damaged_bytes", file_name, line, SEVERITY_WARNING, count=spots, encoding=encoding.upper()
        )
    lines = _sample_lines(data, encoding)
    # Excel's "sep=;" first line names the delimiter and is not data.
    directive = re.fullmatch(r"\s*sep=(.)\s*", lines[0], flags=re.IGNORECASE) if lines else None
    delimiter = directive.group(1) if directive else _choose_delimiter(lines)
    table = TableSource(
        file_name,
        KIND_CSV,
        encoding=encoding,
        delimiter=delimiter,
        _records=_csv_records(file_name, data, encoding, delimiter, skip_first=bool(directive)),
    )
    if damage is not None:
        table.problems.append(damage)
    nul_count = data.count(b"\x00") if not encoding.startswith("utf-16") else 0
    if nul_count:
        table.problems.append(make_problem("nul_removed", file_name, severity=SEVERITY_NOTE, count=nul_count))
    return table
