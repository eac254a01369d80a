"""Curation logic: the paged table, its edits, bulk actions and the conversation editor.

The Curate page only draws and dispatches; everything it decides lives here so
that it can be tested without Streamlit. The table shows ONE page of examples
(LIMIT/OFFSET in SQLite), never the whole project, so it stays quick with
10,000 examples. Every edit is written to the store at once, field by field,
so two sessions editing different fields of one example never overwrite each
other and the answer history keeps every version.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from core.data.store import STATUSES, Example, ExampleFilter, NewExample, Store, normalise_tags
from core.dataset import message_format
from core.i18n import t, tables
from core.i18n.timefmt import shown_time

PAGE_SIZES: tuple[int, ...] = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50
ROLES: tuple[str, ...] = message_format.EDITOR_ROLES
# Roles the editor can name in both languages (a message may carry any of them).
KNOWN_ROLES: frozenset[str] = message_format.ROLES

# Table columns. The data frame's index is the example id (hidden: the grid
# shows a row number; the id is shown in the one-example editor).
COL_ROW = "row"
COL_SELECT = "select"
COL_QUESTION = "question"
COL_ANSWER = "answer"
COL_STATUS = "status"
COL_TAGS = "tags"
COL_TURNS = "turns"
COL_ERROR = "error"
COL_WAITING = "waiting"  # a newer machine answer waits among the variants
WAITING_MARK = "⏳"
# The waiting marker sits right after the answer it concerns, where a reviewer looks.
TABLE_COLUMNS: tuple[str, ...] = (
    COL_ROW,
    COL_SELECT,
    COL_QUESTION,
    COL_ANSWER,
    COL_WAITING,
    COL_STATUS,
    COL_TAGS,
    COL_TURNS,
    COL_ERROR,
)
EDITABLE_COLUMNS: tuple[str, ...] = (COL_QUESTION, COL_ANSWER, COL_STATUS, COL_TAGS)
READ_ONLY_COLUMNS: tuple[str, ...] = (COL_ROW, COL_TURNS, COL_ERROR, COL_WAITING)


# ---------------------------------------------------------------- filter/paging
def make_filter(
    statuses: Sequence[str] = (),
    tag: str | None = None,
    text: str = "",
    only_errors: bool = False,
    only_waiting: bool = False,
    document_id: int | None = None,
    only_unsupported: bool = False,
    *,
    chunk_id: int | None = None,
) -> ExampleFilter:
    """The store filter for what the user picked; unknown statuses are dropped."""
    return ExampleFilter(
        statuses=tuple(s for s in statuses if s in STATUSES),
        tag=(tag or None),
        text=text or "",
        only_errors=only_errors,
        only_waiting=only_waiting,
        document_id=document_id,
        only_unsupported=only_unsupported,
        chunk_id=chunk_id if document_id is not None else None,
    )


def page_count(total: int, page_size: int) -> int:
    """How many pages ``total`` rows fill; at least 1 so the pager always has a page."""
    return max(1, math.ceil(max(total, 0) / max(page_size, 1)))


def clamp_page(page: int, pages: int) -> int:
    """A valid 1-based page number (the filter may have shrunk the result)."""
    return min(max(int(page or 1), 1), max(pages, 1))


@dataclass(frozen=True)
class TablePage:
    """One page of the Curate table: the rows to show and where they sit in the whole."""

    examples: list[Example]
    total: int
    page: int
    pages: int
    page_size: int

    @property
    def ids(self) -> list[int]:
        return [example.id for example in self.examples]

    @property
    def first_row(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.examples else 0

    @property
    def last_row(self) -> int:
        return (self.page - 1) * self.page_size + len(self.examples)


def load_page(store: Store, project_id: int, where: ExampleFilter, page: int, page_size: int) -> TablePage:
    """Count the filtered rows and fetch only the requested page of them."""
    size = page_size if page_size in PAGE_SIZES else DEFAULT_PAGE_SIZE
    if where.text.strip() or where.only_errors:
        # These read every row's text anyway: scan once for the matching ids
        # (count and page from one pass), then fetch only the page's rows.
        ids = store.filtered_ids(project_id, where)
        total = len(ids)
        pages = page_count(total, size)
        current = clamp_page(page, pages)
        examples = list(store.iter_examples(project_id, ids=ids[(current - 1) * size : current * size]))
        return TablePage(examples, total, current, pages, size)
    # Index-only count, then LIMIT/OFFSET: only this page's rows leave SQLite.
    total = store.count_examples(project_id, where)
    pages = page_count(total, size)
    current = clamp_page(page, pages)
    examples = store.query_examples(project_id, where, offset=(current - 1) * size, limit=size)
    return TablePage(examples, total, current, pages, size)


def table_frame(
    examples: Sequence[Example], selected: set[int] | frozenset[int] = frozenset(), first_row: int = 1
) -> pd.DataFrame:
    """The data frame the editor shows: one row per example, indexed by example id.

    ``first_row`` numbers the rows (1, 2, … across pages) for people to refer to.
    """
    frame = pd.DataFrame(
        {
            COL_ROW: list(range(first_row, first_row + len(examples))),
            COL_SELECT: [example.id in selected for example in examples],
            COL_QUESTION: [example.question for example in examples],
            COL_ANSWER: [example.answer for example in examples],
            COL_STATUS: [example.status for example in examples],
            COL_TAGS: [", ".join(example.tags) for example in examples],
            # Multi-turn rows say how many messages they have; they open in the
            # conversation editor for anything beyond first question/last answer.
            COL_TURNS: [str(len(example.messages)) if example.messages is not None else "" for example in examples],
            COL_ERROR: [example.error or "" for example in examples],
            COL_WAITING: [WAITING_MARK if example.answer_waiting else "" for example in examples],
        },
        index=pd.Index([example.id for example in examples], name="id", dtype="int64"),
        columns=list(TABLE_COLUMNS),
    )
    # Explicit types so that an empty page still matches the column editors.
    text = {
        column: "str" for column in (COL_QUESTION, COL_ANSWER, COL_STATUS, COL_TAGS, COL_TURNS, COL_ERROR, COL_WAITING)
    }
    return frame.astype({COL_ROW: "int64", COL_SELECT: "bool", **text})


# ---------------------------------------------------------------- table edits
@dataclass
class TableChanges:
    """What applying one editor change did."""

    updated: int = 0
    added: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    select: set[int] = field(default_factory=set)
    unselect: set[int] = field(default_factory=set)
    pending_new_rows: int = 0

    @property
    def wrote(self) -> bool:
        """True when the store changed, so the editor must be redrawn from it."""
        return bool(self.updated or self.added)


def _clean_cell(column: str, value: Any) -> Any:
    if column == COL_TAGS:
        return ",".join(normalise_tags(None if _is_blank(value) else str(value)))
    if column == COL_STATUS:
        return value if value in STATUSES else None
    return "" if _is_blank(value) else str(value)


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def changed_fields(example: Example, edits: Mapping[str, Any]) -> dict[str, Any]:
    """Only the editable fields in ``edits`` whose cleaned value differs from the store's."""
    current = {
        COL_QUESTION: example.question,
        COL_ANSWER: example.answer,
        COL_STATUS: example.status,
        COL_TAGS: ",".join(example.tags),
    }
    changes: dict[str, Any] = {}
    for column, raw in edits.items():
        if column not in EDITABLE_COLUMNS:
            continue
        value = _clean_cell(column, raw)
        if value is None:  # an invalid status: keep what is stored
            continue
        if value != current[column]:
            changes[column] = value
    return changes


def apply_table_changes(
    store: Store, project_id: int, row_ids: Sequence[int], editor_state: Mapping[str, Any]
) -> TableChanges:
    """Write the data editor's pending changes to the store, field by field.

    ``editor_state`` is what Streamlit keeps under the editor's key:
    ``edited_rows`` ({row position: {column: value}}), ``added_rows`` and
    ``deleted_rows``. Positions refer to ``row_ids``, the page that was shown.
    The select column is not data: it is returned as a selection change.
    New rows are written once they have a question or an answer; a blank new
    row stays pending in the editor.
    """
    result = TableChanges()
    for position, edits in (editor_state.get("edited_rows") or {}).items():
        index = int(position)
        if not 0 <= index < len(row_ids):
            continue
        example_id = row_ids[index]
        if COL_SELECT in edits:
            (result.select if edits[COL_SELECT] else result.unselect).add(example_id)
        if not any(column in EDITABLE_COLUMNS for column in edits):
            continue
        example = store.get_example(example_id)
        if example is None or example.project_id != project_id:
            result.missing.append(example_id)
            continue
        fields = changed_fields(example, edits)
        if fields and store.update_example(example_id, **fields):
            result.updated += 1
    new_rows: list[NewExample] = []
    for row in editor_state.get("added_rows") or []:
        question = _clean_cell(COL_QUESTION, row.get(COL_QUESTION))
        answer = _clean_cell(COL_ANSWER, row.get(COL_ANSWER))
        if not question.strip() and not answer.strip():
            result.pending_new_rows += 1
            continue
        status = row.get(COL_STATUS) if row.get(COL_STATUS) in STATUSES else "draft"
        new_rows.append(
            NewExample(
                question=question,
                answer=answer,
                status=status,
                tags=tuple(normalise_tags(_clean_cell(COL_TAGS, row.get(COL_TAGS)))),
            )
        )
    if new_rows:
        result.added = store.add_examples(project_id, new_rows, source="manual")
    return result


# ---------------------------------------------------------------- bulk actions
def bulk_set_status(store: Store, project_id: int, where: ExampleFilter, status: str) -> int:
    """Set ``status`` on every example the filter matches (all pages, not only the visible one)."""
    return store.set_status(store.filtered_ids(project_id, where), status)


def delete_examples(store: Store, project_id: int, example_ids: Sequence[int]) -> int:
    """Delete these examples if they belong to the project; returns how many were deleted."""
    own = set(store.filtered_ids(project_id)) if example_ids else set()
    return store.delete_examples([example_id for example_id in example_ids if example_id in own])


# ---------------------------------------------------------------- single example
def save_field(store: Store, example_id: int, name: str, value: Any) -> bool:
    """Save one field of one example if it changed; False if the example is gone."""
    example = store.get_example(example_id)
    if example is None:
        return False
    current: dict[str, Any] = {
        "question": example.question,
        "answer": example.answer,
        "system_prompt": example.system_prompt or "",
        "status": example.status,
        "tags": ",".join(example.tags),
    }
    if name == "tags":
        value = ",".join(normalise_tags(value))
    elif name == "status" and value not in STATUSES:
        return True
    else:
        value = "" if value is None else str(value)
    if current.get(name) == value:
        return True
    if name == "system_prompt":
        return store.update_example(example_id, system_prompt=value or None)
    return store.update_example(example_id, **{name: value})


def parse_example_id(raw: Any) -> int | None:
    """An example id from a query parameter (``?example=12``), or None if it isn't one."""
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def source_label(source: str, lang: str) -> str:
    """Where an answer came from, in words (an unknown source is shown as it is)."""
    key = f"curate.source_{source}"
    return t(key, lang) if key in tables() else source


def history_rows(store: Store, example_id: int, lang: str = "en") -> list[dict[str, Any]]:
    """The answer history, newest first, as rows for a small read-only table."""
    return [
        {
            "time": shown_time(version.created_at),
            "source": source_label(version.source, lang),
            "model": version.model or "",
            "answer": version.answer,
        }
        for version in reversed(store.answer_history(example_id))
    ]


def example_label(example: Example, width: int = 70) -> str:
    """A one-line name for an example in a picker: its (first) question, shortened."""
    text = " ".join(example.question.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------- conversations
def normalise_message(message: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the message with a role and a 0/1 weight on assistant messages only.

    Everything else is kept as it is (``tool_calls``, ``tool_call_id``, a
    ``tool`` role, ``name``…): editing one message must never strip what an
    imported tool-calling conversation carries.
    """
    clean = dict(message)
    role = message.get("role")
    clean["role"] = role if isinstance(role, str) and role else "user"
    if "content" not in clean:
        clean["content"] = ""
    if "weight" in clean:
        if clean["role"] == "assistant":
            clean["weight"] = 0 if clean["weight"] in (0, "0", False) else 1
        else:
            del clean["weight"]
    return clean


def role_options(role: str) -> tuple[str, ...]:
    """The roles a message may be switched to (its own, e.g. ``tool``, stays possible)."""
    return ROLES if role in ROLES else (*ROLES, role)


def normalise_messages(messages: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every message normalised (see ``normalise_message``); the conversation is otherwise unchanged."""
    return [normalise_message(m) for m in messages]


def add_message(messages: Sequence[Mapping[str, Any]], role: str | None = None) -> list[dict[str, Any]]:
    """The conversation with one empty message appended (the role that naturally comes next)."""
    updated = [normalise_message(m) for m in messages]
    if role not in ROLES:
        role = "assistant" if updated and updated[-1]["role"] == "user" else "user"
    updated.append({"role": role, "content": ""})
    return updated


def remove_message(messages: Sequence[Mapping[str, Any]], index: int) -> list[dict[str, Any]]:
    return [normalise_message(m) for position, m in enumerate(messages) if position != index]


def move_message(messages: Sequence[Mapping[str, Any]], index: int, delta: int) -> list[dict[str, Any]]:
    """Swap a message with its neighbour (``delta`` -1 up, +1 down); out of range does nothing."""
    updated = [normalise_message(m) for m in messages]
    target = index + delta
    if 0 <= index < len(updated) and 0 <= target < len(updated):
        updated[index], updated[target] = updated[target], updated[index]
    return updated


def update_message(
    messages: Sequence[Mapping[str, Any]],
    index: int,
    *,
    role: str | None = None,
    content: str | None = None,
    weight: int | None = None,
) -> list[dict[str, Any]]:
    """Change one message's role, content or weight; a weight only stays on assistant messages."""
    updated = [normalise_message(m) for m in messages]
    if not 0 <= index < len(updated):
        return updated
    message = updated[index]
    if isinstance(role, str) and role:
        message["role"] = role
    if content is not None:
        message["content"] = content
    if weight is not None:
        message["weight"] = 1 if weight else 0
    updated[index] = normalise_message(message)
    return updated


def conversation_problems(messages: Sequence[Mapping[str, Any]]) -> list[str]:
    """What would make this conversation a poor training example (warnings, not blocks)."""
    problems: list[str] = []
    roles = [m.get("role") for m in messages]
    if "user" not in roles:
        problems.append("no_user")
    if "assistant" not in roles:
        problems.append("no_assistant")
    elif roles[-1] != "assistant":
        problems.append("last_not_assistant")
    if any(role == "system" for role in roles[1:]):
        problems.append("system_not_first")
    if any(not str(m.get("content") or "").strip() and not m.get("tool_calls") for m in messages):
        problems.append("empty_message")
    if "assistant" in roles and all(m.get("weight", 1) == 0 for m in messages if m.get("role") == "assistant"):
        problems.append("nothing_to_learn")
    return problems


def as_conversation(example: Example) -> list[dict[str, Any]]:
    """The messages to start a conversation from a single-turn example (its own prompt only)."""
    return [normalise_message(m) for m in example.conversation(None)]
