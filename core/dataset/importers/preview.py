"""The preview: what an import would add and what it would skip and why, computed without touching the store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from core.data.store import NewExample
from core.dataset import message_format
from core.dataset.importers.values import KIND_JSONL, SEVERITY_ERROR, ImportProblem, StopReading, make_problem
from core.i18n import t

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
REASONS: tuple[str, ...] = (
    REASON_EMPTY,
    REASON_DUP_PROJECT,
    REASON_DUP_FILE,
    REASON_TOO_LONG,
    REASON_FORMULA,
    REASON_EXCEL_ERROR,
    REASON_BROKEN,
)

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


def _existing_or_empty(existing: tuple[set[str], set[str]] | None) -> tuple[set[str], set[str]]:
    return existing if existing is not None else (set(), set())


def _judge(
    candidates: Iterable[_Candidate], existing: tuple[set[str], set[str]]
) -> Iterator[tuple[_Candidate, str | None]]:
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
        assistant = next(
            (str(m.get("content") or "") for m in reversed(example.messages) if m.get("role") == "assistant"), ""
        )
        system = next((str(m.get("content") or "") for m in example.messages if m.get("role") == "system"), "")
        return PreviewRow(
            candidate.line, user, assistant, system, ", ".join(example.tags), len(example.messages), reason
        )
    if example is not None:
        return PreviewRow(
            candidate.line,
            example.question,
            example.answer,
            example.system_prompt or "",
            ", ".join(example.tags),
            0,
            reason,
        )
    shown = display or {}
    return PreviewRow(
        candidate.line,
        shown.get("question", ""),
        shown.get("answer", ""),
        shown.get("system", ""),
        shown.get("tags", ""),
        0,
        reason,
    )


def _build_preview(
    file_name: str,
    kind: str,
    candidates: Callable[[], Iterator[_Candidate]],
    existing: tuple[set[str], set[str]] | None,
    problems: list[ImportProblem],
) -> ImportPreview:
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


def preview_table_rows(preview: ImportPreview, lang: str) -> list[dict[str, Any]]:
    """The preview's rows with translated column names, ready for ``st.dataframe``."""
    chat = preview.kind == KIND_JSONL
    rows: list[dict[str, Any]] = []
    for row in preview.rows:
        shown: dict[str, Any] = {
            t("questions.col_line", lang): row.line,
            t("questions.col_question", lang): row.question,
            t("questions.col_answer", lang): row.answer,
            t("questions.col_system", lang): row.system,
        }
        if chat:
            shown[t("questions.col_turns", lang)] = row.turns
        else:
            shown[t("questions.col_tags", lang)] = row.tags
        shown[t("questions.col_outcome", lang)] = (
            t("questions.outcome_add", lang)
            if row.skip_reason is None
            else t(f"questions.reason.{row.skip_reason}", lang)
        )
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
        summary.append(
            t("questions.skipped_line", lang, reason=t(f"questions.reason.{reason}", lang), count=count, lines=lines)
        )
    return summary
