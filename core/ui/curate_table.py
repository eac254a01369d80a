"""Curate page: the filter row and the paged, editable table, plus the session state they share.

Only one page of rows reaches the browser. Every grid edit goes to the store in
an on_change callback; the grid's key carries a revision number that each
write bumps, so the grid is redrawn from the store and shows what is saved.
"""

from __future__ import annotations

import sqlite3

import streamlit as st

from core import ui
from core.data.store import STATUSES, ExampleFilter, Project, Store
from core.dataset import curate
from core.ui.state import SS_CURATE_ERRORS as SS_ERRORS
from core.ui.state import SS_CURATE_PAGE as SS_PAGE
from core.ui.state import SS_CURATE_PAGE_SIZE as SS_PAGE_SIZE
from core.ui.state import SS_CURATE_REV as SS_REV
from core.ui.state import SS_CURATE_SELECTED as SS_SELECTED
from core.ui.state import SS_CURATE_STATUSES as SS_STATUSES
from core.ui.state import SS_CURATE_TAG as SS_TAG
from core.ui.state import SS_CURATE_TEXT as SS_TEXT
from core.ui.state import SS_CURATE_WAITING as SS_WAITING
from core.ui.state import (
    W_CURATE_EDITOR,
    W_CURATE_ERRORS,
    W_CURATE_PAGE_SIZE,
    W_CURATE_PAGER,
    W_CURATE_STATUSES,
    W_CURATE_TAG,
    W_CURATE_TEXT,
    W_CURATE_WAITING,
)

LAST_PAGE = 10**9  # clamped to the real last page when the table loads
# Filter widgets and the plain keys that keep their values across page switches.
BOUND = {W_CURATE_STATUSES: (SS_STATUSES, []), W_CURATE_TAG: (SS_TAG, ""), W_CURATE_TEXT: (SS_TEXT, ""),
         W_CURATE_ERRORS: (SS_ERRORS, False), W_CURATE_PAGE_SIZE: (SS_PAGE_SIZE, curate.DEFAULT_PAGE_SIZE),
         W_CURATE_WAITING: (SS_WAITING, False)}


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


def on_table_change(project_id: int, row_ids: list[int], editor_key: str) -> None:
    """Save the grid's edits at once; ``row_ids`` are the ids of the page the grid showed."""
    try:
        with ui.open_store() as store:
            result = curate.apply_table_changes(store, project_id, row_ids, st.session_state[editor_key])
    except sqlite3.OperationalError:
        # Not bumping the revision keeps the user's typing in the grid to retry.
        ui.flash(ui.tr("curate.save_failed"), "error")
        return
    chosen = selected(project_id)
    chosen |= result.select
    chosen -= result.unselect
    if result.missing:
        ui.flash(ui.tr("curate.rows_gone", count=len(result.missing)), "warning")
    if result.added:
        # New rows get the highest ids, so they sit on the last page: show it.
        st.session_state[SS_PAGE] = LAST_PAGE
        ui.flash(ui.tr("curate.row_added", count=len(result.added)), "info")
    if result.wrote:
        bump()


def filters(store: Store, project: Project) -> ExampleFilter:
    """The filter row; what the widgets show is what filters (and is kept for the next visit)."""
    columns = st.columns([2, 2, 3, 2, 2])
    statuses = columns[0].multiselect(ui.tr("curate.filter_status"), STATUSES, help=ui.tr("curate.filter_status_help"),
                                      format_func=ui.labels("status."), **bound(W_CURATE_STATUSES),
                                      placeholder=ui.tr("curate.filter_status_any"), select_all=False)
    tags = ["", *store.all_tags(project.id)]
    tag = columns[1].selectbox(ui.tr("curate.filter_tag"), tags, **bound(W_CURATE_TAG, tags),
                               help=ui.tr("curate.help_filter_tag"),
                               format_func=ui.labels(empty_key="curate.filter_tag_any"))
    text = columns[2].text_input(ui.tr("curate.filter_text"), help=ui.tr("curate.filter_text_help"),
                                 **bound(W_CURATE_TEXT))
    only_errors = columns[3].toggle(ui.tr("curate.filter_errors"), **bound(W_CURATE_ERRORS),
                                    help=ui.tr("curate.help_filter_errors"))
    only_waiting = columns[4].toggle(ui.tr("safety.filter_waiting"), **bound(W_CURATE_WAITING),
                                     help=ui.tr("safety.filter_waiting_help"))
    st.session_state.update({SS_STATUSES: statuses, SS_TAG: tag, SS_TEXT: text, SS_ERRORS: only_errors,
                             SS_WAITING: only_waiting})
    return curate.make_filter(statuses, tag, text, only_errors, only_waiting)


def table(store: Store, project: Project, where: ExampleFilter, editable: bool = True) -> curate.TablePage:
    """The editable grid with one page of rows, then the pager and the page size (read-only: ``editable=False``)."""
    size = st.session_state.get(SS_PAGE_SIZE, curate.DEFAULT_PAGE_SIZE)
    page = curate.load_page(store, project.id, where, st.session_state.get(SS_PAGE, 1), size)
    st.session_state[SS_PAGE] = page.page
    revision = f"{project.id}_{page.page}_{st.session_state.get(SS_REV, 0)}"
    editor_key, pager_key = f"{W_CURATE_EDITOR}{revision}", f"{W_CURATE_PAGER}{revision}"
    tr = ui.tr
    st.data_editor(
        curate.table_frame(page.examples, selected(project.id)), key=editor_key, placeholder=ui.EMPTY_CELL,
        num_rows="add" if editable else "fixed", disabled=list(curate.READ_ONLY_COLUMNS) if editable else True,
        on_change=on_table_change, args=(project.id, page.ids, editor_key),
        column_config={
            "_index": st.column_config.NumberColumn("#", disabled=True, format="%d"),
            curate.COL_SELECT: st.column_config.CheckboxColumn(
                tr("curate.col_select"), help=tr("curate.col_select_help"), width=40),
            curate.COL_QUESTION: st.column_config.TextColumn(tr("curate.col_question"), width="medium"),
            curate.COL_ANSWER: st.column_config.TextColumn(tr("curate.col_answer"), width="large"),
            curate.COL_STATUS: st.column_config.SelectboxColumn(
                tr("curate.col_status"), options=STATUSES, required=True, default="draft",
                format_func=lambda s: tr(f"status.{s}")),
            curate.COL_TAGS: st.column_config.TextColumn(tr("curate.col_tags"), help=tr("curate.col_tags_help")),
            curate.COL_TURNS: st.column_config.TextColumn(tr("curate.col_turns"), help=tr("curate.col_turns_help"),
                                                          width="small"),
            curate.COL_ERROR: st.column_config.TextColumn(tr("curate.col_error")),
            curate.COL_WAITING: st.column_config.TextColumn(tr("safety.col_waiting"), width="small",
                                                            help=tr("safety.col_waiting_help")),
        })
    st.caption(tr("curate.table_help"))
    left, middle, right = st.columns([4, 2, 2], vertical_alignment="center")
    with left:
        st.pagination(page.pages, default=page.page, key=pager_key, on_change=on_page, args=(pager_key,))
    in_project = sum(store.count_by_status(project.id).values())
    middle.caption(tr("curate.showing", first=page.first_row, last=page.last_row, total=page.total, all=in_project)
                   if page.total else tr("plainfix.showing_none", all=in_project))
    right.selectbox(tr("curate.page_size"), curate.PAGE_SIZES, **bound(W_CURATE_PAGE_SIZE, list(curate.PAGE_SIZES)),
                    help=tr("curate.help_page_size"))
    return page
