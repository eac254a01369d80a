"""The Curate grid's edit bookkeeping and live refresh, without Streamlit.

The grid keeps one widget per page, filter and set of rows: a save or a live
refresh never gives it a new key. Streamlit's keyed, fixed-rows editor takes
new values through its data on every run, and its browser side drops an edit
once the data holds that value (and reports the shorter ``edited_rows``). A new
key would instead remount the widget, closing the cell editor the user is
typing in and dropping an edit whose report had not gone out yet.

So the widget's ``edited_rows`` only holds cells the store does not show yet:
each callback saves the cells that are new or changed since the previous
report (the one the last save was made from).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.data import examples as example_rows
from core.data.store import ExampleFilter, Store

Cells = dict[str, dict[str, Any]]


def editor_identity(
    project_id: int, page: int, page_size: int, where: ExampleFilter, row_ids: Sequence[int] = ()
) -> str:
    """The grid's identity (the UI prefixes it to make the widget key): the same for every rerun
    of one page, filter and set of rows. Nothing the store holds is part of it, so no save,
    bulk action or arriving answer rebuilds the grid under the cursor.

    The rows are part of it because the widget restarts anyway when they change
    (Streamlit's identity includes the row index), and its bookkeeping must restart with it.
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
    return f"{project_id}_{page}_{page_size}_{filter_code:08x}_{rows_code:08x}"


def new_cell_edits(applied: Mapping[str, Mapping[str, Any]], current: Mapping[str, Mapping[str, Any]]) -> Cells:
    """The cells of ``current`` (the widget's ``edited_rows``) that were not saved yet.

    ``applied`` is the report the last save was made from (see ``saved_report``).
    A cell counts when it is new or holds another value than in that report.
    """
    fresh: Cells = {}
    for position, edits in (current or {}).items():
        before = (applied or {}).get(str(position), {})
        changed = {column: value for column, value in edits.items() if column not in before or before[column] != value}
        if changed:
            fresh[str(position)] = changed
    return fresh


def saved_report(current: Mapping[str, Mapping[str, Any]]) -> Cells:
    """What to remember once every cell of ``current`` is in the store: the report itself.

    Not the union of all saves: the browser drops an edit from its report once
    the grid's data shows it, so a cell that comes back later (even with a value
    saved before, after someone else changed it) is a new edit and must be saved.
    """
    return {str(position): dict(edits) for position, edits in (current or {}).items() if edits}


@dataclass(frozen=True)
class GridView:
    """What one drawing of the grid showed: its filter, its rows and their fingerprint then."""

    project_id: int
    where: ExampleFilter
    ids: tuple[int, ...]
    fingerprint: tuple[int, str]


def view_fingerprint(store: Store, project_id: int, where: ExampleFilter, ids: Sequence[int]) -> tuple[int, str]:
    """How many rows match the filter, and when the latest of the shown rows changed.

    Cheap enough to read every second. Only what the grid shows counts: each
    redraw is a whole run of the page, and an answer arriving for a row on
    another page changes nothing on this one. A row entering or leaving the
    filter changes the count, and with it which rows this page shows.
    """
    return store.count_examples(project_id, where), example_rows.rows_changed_at(store, project_id, ids)


def grid_view(store: Store, project_id: int, where: ExampleFilter, ids: Sequence[int]) -> GridView:
    return GridView(project_id, where, tuple(ids), view_fingerprint(store, project_id, where, ids))


def refresh_due(seen: GridView | None, store: Store, project_id: int) -> bool:
    """Whether the page must be redrawn to show what changed in the store since the grid was drawn.

    ``seen`` is None before the grid was drawn (nothing to refresh yet), and a
    grid of another project is not this one's business.
    """
    if seen is None or seen.project_id != project_id:
        return False
    return view_fingerprint(store, project_id, seen.where, seen.ids) != seen.fingerprint
