"""Which column holds the question, the answer, the system prompt and the tags, and the table preview through it.

Column names are guessed from common English and Korean names (질문, 답변…); the same
guesses find the header row under a title row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from core.data.store import NewExample, normalise_tags
from core.dataset.importers.preview import (
    MAX_CELL_CHARS,
    REASON_EMPTY,
    REASON_EXCEL_ERROR,
    REASON_FORMULA,
    REASON_TOO_LONG,
    ImportPreview,
    _build_preview,
    _Candidate,
    _clean_text,
)
from core.dataset.importers.values import (
    EXCEL_ERROR_VALUES,
    HEADER_SEARCH_ROWS,
    KIND_XLSX,
    SEVERITY_ERROR,
    SEVERITY_WARNING,
    ColumnMapping,
    TableSource,
    make_problem,
)

# Column-name guesses, compared after lower-casing and removing spaces and
# punctuation. Korean users' Excel files typically say 번호, 질문, 답변…
QUESTION_ALIASES: tuple[str, ...] = (
    "question",
    "questions",
    "q",
    "prompt",
    "prompts",
    "query",
    "input",
    "instruction",
    "user",
    "usermessage",
    "userquestion",
    "질문",
    "질문내용",
    "질의",
    "질의내용",
    "문의",
    "문의내용",
    "물음",
    "문항",
    "프롬프트",
    "입력",
    "사용자질문",
    "고객질문",
    "고객문의",
)
ANSWER_ALIASES: tuple[str, ...] = (
    "answer",
    "answers",
    "a",
    "response",
    "responses",
    "reply",
    "completion",
    "output",
    "assistant",
    "expectedanswer",
    "답변",
    "답",
    "응답",
    "대답",
    "회신",
    "답변내용",
    "정답",
    "모범답안",
    "모범답변",
    "출력",
    "어시스턴트",
)
SYSTEM_ALIASES: tuple[str, ...] = (
    "system",
    "systemprompt",
    "systemmessage",
    "instructions",
    "persona",
    "시스템",
    "시스템프롬프트",
    "시스템메시지",
    "지시문",
    "지침",
    "페르소나",
)
TAGS_ALIASES: tuple[str, ...] = (
    "tags",
    "tag",
    "category",
    "categories",
    "label",
    "labels",
    "topic",
    "topics",
    "태그",
    "분류",
    "카테고리",
    "주제",
    "라벨",
    "유형",
    "구분",
)
# Shorter aliases ("q", "a", "답") only count as exact matches, never inside a longer name.
MIN_CONTAINED_ALIAS = 2


def _normalise_name(name: str) -> str:
    return re.sub(r"[\s_\-./()\[\]:·]+", "", str(name).lower())


_ALIASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("question", QUESTION_ALIASES),
    ("answer", ANSWER_ALIASES),
    ("system", SYSTEM_ALIASES),
    ("tags", TAGS_ALIASES),
)


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
                match = next(
                    (
                        i
                        for i, name in enumerate(normalised)
                        if i not in taken and name and (name == alias if exact else alias in name)
                    ),
                    None,
                )
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


def preview_table(
    table: TableSource, mapping: ColumnMapping, existing: tuple[set[str], set[str]] | None = None
) -> ImportPreview:
    """What importing this CSV or sheet with this column mapping would add and skip."""
    problems = list(table.problems)
    if table.usable and not mapping.question:
        problems.append(make_problem("no_question_column", table.file_name, columns=", ".join(table.columns) or "—"))
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
        relevant = sorted(
            (row, col) for row, col in table.uncalculated if col in mapped_columns and row > table.header_line
        )
        if relevant:
            from openpyxl.utils.cell import get_column_letter

            row, col = relevant[0]
            problems.append(
                make_problem(
                    "formulas_not_calculated",
                    table.file_name,
                    row,
                    SEVERITY_WARNING,
                    count=len(relevant),
                    cell=f"{get_column_letter(col)}{row}",
                    sheet=table.sheet or "",
                )
            )
    return _build_preview(table.file_name, table.kind, candidates, existing, problems)


def _table_candidate(
    table: TableSource, line: int, values: dict[str, str], positions: dict[str, int], source: str
) -> _Candidate:
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
        question=question,
        answer=_clean_text(values.get("answer", "")),
        system_prompt=system or None,
        tags=tuple(normalise_tags(values.get("tags", ""))),
        extra={"import": {"file": source, "line": line}},
    )
    return candidate
