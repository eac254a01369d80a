"""Curate page: the filter row and the paged, editable table, plus the session state they share.

Only one page of rows reaches the browser. Every grid edit goes to the store in
an on_change callback. The grid's key stays the same for one page, filter and
set of rows, whatever the store holds: a save, a bulk action or an arriving
answer reaches the grid through its data, so it is never rebuilt under the
cursor (a new key would close the cell being typed in). Only the cells changed
since the last report are written (see ``core.dataset.curate_grid``).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from core import ui
from core.data import documents as stored_documents
from core.data.store import STATUSES, ExampleFilter, NewExample, Project, Store
from core.dataset import curate, curate_grid
from core.ui.state import SS_CURATE_CHUNK as SS_CHUNK
from core.ui.state import SS_CURATE_DOCUMENT as SS_DOCUMENT
from core.ui.state import SS_CURATE_ERRORS as SS_ERRORS
from core.ui.state import SS_CURATE_GRID_APPLIED as SS_GRID_APPLIED
from core.ui.state import SS_CURATE_GRID_SEEN as SS_GRID_SEEN
from core.ui.state import SS_CURATE_PAGE as SS_PAGE
from core.ui.state import SS_CURATE_PAGE_SIZE as SS_PAGE_SIZE
from core.ui.state import SS_CURATE_REV as SS_REV
from core.ui.state import SS_CURATE_SELECTED as SS_SELECTED
from core.ui.state import SS_CURATE_STATUSES as SS_STATUSES
from core.ui.state import SS_CURATE_TAG as SS_TAG
from core.ui.state import SS_CURATE_TEXT as SS_TEXT
from core.ui.state import SS_CURATE_UNSUPPORTED as SS_UNSUPPORTED
from core.ui.state import SS_CURATE_WAITING as SS_WAITING
from core.ui.state import (
    W_CURATE_CHUNK,
    W_CURATE_DOCUMENT,
    W_CURATE_EDITOR,
    W_CURATE_ERRORS,
    W_CURATE_PAGE_SIZE,
    W_CURATE_PAGER,
    W_CURATE_STATUSES,
    W_CURATE_TAG,
    W_CURATE_TEXT,
    W_CURATE_UNSUPPORTED,
    W_CURATE_WAITING,
)

ANY_DOCUMENT = 0  # the source-document and chunk filters' "any" (stored ids start at 1)
LAST_PAGE = 10**9  # clamped to the real last page when the table loads
# Filter widgets and the plain keys that keep their values across page switches.
BOUND = {
    W_CURATE_STATUSES: (SS_STATUSES, []),
    W_CURATE_TAG: (SS_TAG, ""),
    W_CURATE_TEXT: (SS_TEXT, ""),
    W_CURATE_ERRORS: (SS_ERRORS, False),
    W_CURATE_PAGE_SIZE: (SS_PAGE_SIZE, curate.DEFAULT_PAGE_SIZE),
    W_CURATE_WAITING: (SS_WAITING, False),
    W_CURATE_DOCUMENT: (SS_DOCUMENT, ANY_DOCUMENT),
    W_CURATE_CHUNK: (SS_CHUNK, ANY_DOCUMENT),
    W_CURATE_UNSUPPORTED: (SS_UNSUPPORTED, False),
}


def bump() -> None:
    """Redraw every keyed editor from the store on the next run."""
    st.session_state[SS_REV] = st.session_state.get(SS_REV, 0) + 1


def selected(project_id: int) -> set[int]:
    """This session's ticked rows in the project (kept across pages and filters)."""
    return st.session_state.setdefault(SS_SELECTED, {}).setdefault(project_id, set())


def on_filter(widget_key: str) -> None:
    st.session_state[BOUND[widget_key][0]] = st.session_state[widget_key]
    st.session_state[SS_PAGE] = 1
    bump()


def on_page(pager_key: str) -> None:
    st.session_state[SS_PAGE] = st.session_state[pager_key]


def bound(widget_key: str, options: list | None = None) -> dict:
    """Widget kwargs that restore the value from its plain key (widget state dies on a page switch)."""
    plain, default = BOUND[widget_key]
    st.session_state.setdefault(widget_key, st.session_state.get(plain, default))
    if options is not None and st.session_state[widget_key] not in options:
        # e.g. a tag of the previous project: fall back instead of failing.
        st.session_state[widget_key] = default
    return {"key": ui.choice_key(widget_key), "on_change": on_filter, "args": (widget_key,)}


@ui.refusable_write
def on_table_change(project_id: int, row_ids: list[int], editor_key: str) -> None:
    """Save the cells changed since the last save; ``row_ids`` are the ids of the page the grid showed."""
    applied = st.session_state.setdefault(SS_GRID_APPLIED, {}).get(editor_key, {})
    report = st.session_state[editor_key].get("edited_rows") or {}
    fresh = curate_grid.new_cell_edits(applied, report)
    result = None
    if fresh:
        with ui.open_store() as store:
            result = curate.apply_table_changes(store, project_id, row_ids, {"edited_rows": fresh})
    # Only once saved (a refused write raises above, so it is not remembered and the next edit retries it),
    # and also when nothing is new: the browser dropped the cells its data now shows, and a cell typed
    # there again later must count as new.
    st.session_state[SS_GRID_APPLIED][editor_key] = curate_grid.saved_report(report)
    if result is None:
        return
    chosen = selected(project_id)
    chosen |= result.select
    chosen -= result.unselect
    if result.missing:
        ui.flash(ui.tr("curate.rows_gone", count=len(result.missing)), "warning")


@ui.refusable_write
def on_add_row(project_id: int, key: str) -> None:
    """Add the row typed in the "add a row" form; it is saved at once and the table shows the last page."""
    question, answer = st.session_state[key + "q"].strip(), st.session_state[key + "a"].strip()
    if not question and not answer:
        return
    with ui.open_store() as store:
        added = store.add_examples(project_id, [NewExample(question=question, answer=answer)], source="manual")
    st.session_state[key + "q"] = st.session_state[key + "a"] = ""
    # New rows get the highest ids, so they sit on the last page: show it.
    st.session_state[SS_PAGE] = LAST_PAGE
    ui.flash(ui.tr("curate.row_added", count=len(added)), "info")


def add_row_form(project_id: int) -> None:
    """A small form for a new example (the grid itself keeps a fixed set of rows, so it is never rebuilt)."""
    key = f"_w_curate_add_{project_id}_"
    with st.popover(ui.tr("curate.add_row"), icon=":material/add:"):
        st.text_area(ui.tr("curate.col_question"), key=key + "q", help=ui.tr("curate.add_row_question_help"))
        st.text_area(ui.tr("curate.col_answer"), key=key + "a", help=ui.tr("curate.add_row_answer_help"))
        st.button(
            ui.tr("curate.add_row_save"), key=key + "save", on_click=on_add_row, args=(project_id, key), type="primary"
        )


def grid_key(store: Store, project: Project, page: curate.TablePage, where: ExampleFilter) -> str:
    """The grid's key: one per page, filter and set of rows, never changed by what the store holds."""
    key = W_CURATE_EDITOR + curate_grid.editor_identity(project.id, page.page, page.page_size, where, page.ids)
    applied = st.session_state.setdefault(SS_GRID_APPLIED, {})
    if key not in st.session_state:  # a new widget: its bookkeeping starts empty
        applied.pop(key, None)
    st.session_state[SS_GRID_SEEN] = curate_grid.grid_view(store, project.id, where, page.ids)
    return key


def filters(store: Store, project: Project) -> ExampleFilter:
    """The filter row; what the widgets show is what filters (and is kept for the next visit)."""
    columns = st.columns([2, 2, 3, 2, 2])
    statuses = columns[0].multiselect(
        ui.tr("curate.filter_status"),
        STATUSES,
        help=ui.tr("curate.filter_status_help"),
        format_func=ui.labels("status."),
        **bound(W_CURATE_STATUSES),
        placeholder=ui.tr("curate.filter_status_any"),
        select_all=False,
    )
    tags = ["", *store.all_tags(project.id)]
    tag = columns[1].selectbox(
        ui.tr("curate.filter_tag"),
        tags,
        **bound(W_CURATE_TAG, tags),
        help=ui.tr("curate.help_filter_tag"),
        format_func=ui.labels(empty_key="curate.filter_tag_any"),
    )
    text = columns[2].text_input(
        ui.tr("curate.filter_text"), help=ui.tr("curate.filter_text_help"), **bound(W_CURATE_TEXT)
    )
    only_errors = columns[3].toggle(
        ui.tr("curate.filter_errors"), **bound(W_CURATE_ERRORS), help=ui.tr("curate.help_filter_errors")
    )
    only_waiting = columns[4].toggle(
        ui.tr("safety.filter_waiting"), **bound(W_CURATE_WAITING), help=ui.tr("safety.filter_waiting_help")
    )
    st.session_state.update(
        {SS_STATUSES: statuses, SS_TAG: tag, SS_TEXT: text, SS_ERRORS: only_errors, SS_WAITING: only_waiting}
    )
    document_id, chunk_id, only_unsupported = source_filters(store, project)
    return curate.make_filter(
        statuses, tag, text, only_errors, only_waiting, document_id, only_unsupported, chunk_id=chunk_id
    )


def _chunk_filter(store: Store, project: Project, document_id: int, column: DeltaGenerator) -> int | None:
    """The chunk of the picked document to filter by (None: any of its chunks)."""
    chunks = stored_documents.document_chunks(store, project.id, [document_id])
    labels = {ANY_DOCUMENT: ui.tr("docreview.filter_chunk_any")}
    labels |= {c.id: ui.tr("docreview.filter_chunk_label", n=c.position + 1, heading=c.heading or "—") for c in chunks}
    options = list(labels)
    picked = column.selectbox(
        ui.tr("docreview.filter_chunk"),
        options,
        **bound(W_CURATE_CHUNK, options),
        help=ui.tr("docreview.filter_chunk_help"),
        format_func=lambda i: labels.get(i, str(i)),
    )
    st.session_state[SS_CHUNK] = picked
    return picked or None


def source_filters(store: Store, project: Project) -> tuple[int | None, int | None, bool]:
    """By source document, by its chunk and "not grounded": a second row, only once the project has documents."""
    documents = {d.id: d.name for d in stored_documents.list_documents(store, project.id)}
    if not documents:
        st.session_state.update({SS_DOCUMENT: ANY_DOCUMENT, SS_CHUNK: ANY_DOCUMENT, SS_UNSUPPORTED: False})
        return None, None, False
    columns = st.columns([3, 3, 2])
    # 0 stands for "any document": a selectbox set to None shows its placeholder instead of the option.
    labels = {ANY_DOCUMENT: ui.tr("docreview.filter_document_any"), **documents}
    options = list(labels)
    picked = columns[0].selectbox(
        ui.tr("docreview.filter_document"),
        options,
        **bound(W_CURATE_DOCUMENT, options),
        help=ui.tr("docreview.filter_document_help"),
        format_func=lambda i: labels.get(i, str(i)),
    )
    document_id = picked or None
    chunk_id = _chunk_filter(store, project, document_id, columns[1]) if document_id is not None else None
    only_unsupported = columns[2].toggle(
        ui.tr("docreview.filter_unsupported"),
        **bound(W_CURATE_UNSUPPORTED),
        help=ui.tr("docreview.filter_unsupported_help"),
    )
    st.session_state.update({SS_DOCUMENT: picked, SS_UNSUPPORTED: only_unsupported})
    return document_id, chunk_id, only_unsupported


def table(
    store: Store,
    project: Project,
    where: ExampleFilter,
    editable: bool = True,
    below_grid: Callable[[], None] | None = None,
) -> curate.TablePage:
    """The editable grid with one page of rows, then the pager and the page size (read-only: ``editable=False``).

    ``below_grid`` draws right under the grid: whatever comes and goes there (the
    live progress line) must not sit above it, or the grid moves under a cell
    being typed in while that cell's editor stays where it was.
    """
    size = st.session_state.get(SS_PAGE_SIZE, curate.DEFAULT_PAGE_SIZE)
    page = curate.load_page(store, project.id, where, st.session_state.get(SS_PAGE, 1), size)
    st.session_state[SS_PAGE] = page.page
    editor_key = grid_key(store, project, page, where)
    pager_key = f"{W_CURATE_PAGER}{project.id}_{page.page}_{st.session_state.get(SS_REV, 0)}"
    tr = ui.tr
    st.data_editor(
        curate.table_frame(page.examples, selected(project.id), page.first_row or 1),
        key=editor_key,
        placeholder=ui.EMPTY_CELL,
        num_rows="fixed",
        hide_index=True,
        disabled=list(curate.READ_ONLY_COLUMNS) if editable else True,
        on_change=on_table_change,
        args=(project.id, page.ids, editor_key),
        column_config={
            curate.COL_ROW: st.column_config.NumberColumn("#", help=tr("curate.col_row_help"), format="%d", width=50),
            curate.COL_SELECT: st.column_config.CheckboxColumn(
                tr("curate.col_select"), help=tr("curate.col_select_help"), width=40
            ),
            curate.COL_QUESTION: st.column_config.TextColumn(tr("curate.col_question"), width="medium"),
            curate.COL_ANSWER: st.column_config.TextColumn(tr("curate.col_answer"), width="large"),
            curate.COL_STATUS: st.column_config.SelectboxColumn(
                tr("curate.col_status"),
                options=STATUSES,
                required=True,
                default="draft",
                format_func=lambda s: tr(f"status.{s}"),
            ),
            curate.COL_TAGS: st.column_config.TextColumn(tr("curate.col_tags"), help=tr("curate.col_tags_help")),
            curate.COL_TURNS: st.column_config.TextColumn(
                tr("curate.col_turns"), help=tr("curate.col_turns_help"), width="small"
            ),
            curate.COL_ERROR: st.column_config.TextColumn(tr("curate.col_error")),
            curate.COL_WAITING: st.column_config.TextColumn(
                tr("safety.col_waiting"), width="small", help=tr("safety.col_waiting_help")
            ),
        },
    )
    if below_grid is not None:
        below_grid()
    help_col, add_col = st.columns([6, 1], vertical_alignment="center")
    help_col.caption(tr("curate.grid_help"))
    if editable:
        with add_col:
            add_row_form(project.id)
    left, middle, right = st.columns([4, 2, 2], vertical_alignment="center")
    with left:
        st.pagination(page.pages, default=page.page, key=pager_key, on_change=on_page, args=(pager_key,))
    in_project = sum(store.count_by_status(project.id).values())
    middle.caption(
        tr("curate.showing", first=page.first_row, last=page.last_row, total=page.total, all=in_project)
        if page.total
        else tr("plainfix.showing_none", all=in_project)
    )
    right.selectbox(
        tr("curate.page_size"),
        curate.PAGE_SIZES,
        **bound(W_CURATE_PAGE_SIZE, list(curate.PAGE_SIZES)),
        help=tr("curate.help_page_size"),
    )
    return page
