"""The Curate grid's edit bookkeeping and live refresh, without Streamlit.

The grid widget keeps one stable identity per page and filter, so a rerun never
rebuilds it under the cursor. Its state (``edited_rows``) therefore grows over
a visit: each callback saves only the cells that changed since the last save,
and the widget is rebuilt only when a cell it still overlays no longer matches
the store (someone else, or a generation, changed that very cell).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from typing import Any

from core.data import examples as example_rows
from core.data.store import Example, ExampleFilter, Store
from core.dataset.curate import (
    COL_ANSWER,
    COL_QUESTION,
    COL_SELECT,
    COL_STATUS,
    COL_TAGS,
    EDITABLE_COLUMNS,
    changed_fields,
)

Cells = dict[str, dict[str, Any]]


def editor_identity(
    project_id: int, page: int, page_size: int, where: ExampleFilter, epoch: int, row_ids: Sequence[int] = ()
) -> str:
    """The grid's identity (the UI prefixes it to make the widget key): the same for every rerun
    of one page, filter and set of rows (no save changes it).

    The rows are part of it because the widget restarts anyway when they change
    (rows added or deleted), and its bookkeeping must restart with it.
    """
    shown = (
        where.statuses,
        where.tag,
        where.text,
        where.only_errors,
        where.document_id,
        where.chunk_id,
        where.only_unsupported,
    )
    filter_code = zlib.crc32(repr(shown).encode())
    rows_code = zlib.crc32(repr(tuple(row_ids)).encode())
    return f"{project_id}_{page}_{page_size}_{filter_code:08x}_{rows_code:08x}_{epoch}"


def new_cell_edits(applied: Mapping[str, Mapping[str, Any]], current: Mapping[str, Mapping[str, Any]]) -> Cells:
    """The cells of ``current`` (the widget's ``edited_rows``) that were not saved yet.

    A cell counts when it is new or holds another value than at the last save.
    """
    fresh: Cells = {}
    for position, edits in (current or {}).items():
        before = (applied or {}).get(str(position), {})
        changed = {column: value for column, value in edits.items() if column not in before or before[column] != value}
        if changed:
            fresh[str(position)] = changed
    return fresh


def remember_applied(applied: Mapping[str, Mapping[str, Any]], cells: Mapping[str, Mapping[str, Any]]) -> Cells:
    """``applied`` plus ``cells``: what the widget overlays and the store already has."""
    merged: Cells = {str(position): dict(edits) for position, edits in (applied or {}).items()}
    for position, edits in cells.items():
        merged.setdefault(str(position), {}).update(edits)
    return merged


def overlay_is_stale(
    applied: Mapping[str, Mapping[str, Any]], examples: Sequence[Example], selected: set[int] | frozenset[int]
) -> bool:
    """True when a saved cell the widget still overlays no longer matches the store.

    The widget shows its own edits over the data it is given; if the store has
    since changed such a cell (another session, a bulk action, a regenerated
    answer), the widget must be rebuilt so that it shows the truth. Cells not
    saved yet are not looked at: they are the user's typing and stay.
    """
    for position, edits in (applied or {}).items():
        index = int(position)
        if not 0 <= index < len(examples):
            return True
        example = examples[index]
        if COL_SELECT in edits and bool(edits[COL_SELECT]) != (example.id in selected):
            return True
        if changed_fields(example, {c: v for c, v in edits.items() if c in EDITABLE_COLUMNS}):
            return True
    return False


def project_fingerprint(store: Store, project_id: int) -> tuple[int, str]:
    """How many examples the project has and when the latest one changed: cheap, read every second."""
    return example_rows.project_fingerprint(store, project_id)


def refresh_due(seen: tuple[int, str] | None, current: tuple[int, str]) -> bool:
    """Whether the page must be redrawn to show what changed in the store since the grid was drawn.

    ``seen`` is None before the grid was drawn (nothing to refresh yet).
    """
    return seen is not None and tuple(seen) != tuple(current)


def base_rows(examples: Sequence[Example]) -> list[dict[str, Any]]:
    """The editable values a grid is created with (what it shows until it is rebuilt, besides its own edits)."""
    return [
        {COL_QUESTION: e.question, COL_ANSWER: e.answer, COL_STATUS: e.status, COL_TAGS: ",".join(e.tags)}
        for e in examples
    ]


def grid_shows_the_store(
    base: Sequence[Mapping[str, Any]], applied: Mapping[str, Mapping[str, Any]], examples: Sequence[Example]
) -> bool:
    """Whether the grid (its first values plus its saved edits) still shows what the store has.

    In the browser a grid that keeps its identity keeps showing the values it
    was created with, overlaid with the user's edits; when the store changed
    otherwise (a generated answer, a bulk action, another session), the grid
    must be rebuilt to show it.
    """
    if len(base) != len(examples):
        return False
    for position, example in enumerate(examples):
        shown = {
            **base[position],
            **{c: v for c, v in (applied or {}).get(str(position), {}).items() if c in EDITABLE_COLUMNS},
        }
        if changed_fields(example, shown):
            return False
    return True
