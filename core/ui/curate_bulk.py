"""Curate's bulk actions: one status for every filtered example, and deletes that ask first.

Drawing and dispatch only; the logic lives in ``core.dataset.curate``.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core import ui
from core.data.store import STATUSES, TRASH_DAYS, ExampleFilter, Store
from core.dataset import curate
from core.ui.state import SS_CURATE_PENDING_DELETE as SS_PENDING_DELETE
from core.ui.state import (
    W_CURATE_BULK,
    W_CURATE_BULK_STATUS,
    W_CURATE_DELETE_FILTERED,
    W_CURATE_DELETE_NO,
    W_CURATE_DELETE_SELECTED,
    W_CURATE_DELETE_YES,
)


def bulk_actions(
    store: Store,
    project_id: int,
    where: ExampleFilter,
    page: curate.TablePage,
    selected_ids: set[int],
    refresh: Callable[[], None],
) -> None:
    """Set the status of every filtered example; delete the ticked or the filtered ones after a confirmation.

    ``selected_ids`` is the page's live selection (cleared after a delete);
    ``refresh`` makes the page redraw its editors from the store.
    """
    with st.container(border=True):
        st.markdown(f"**{ui.tr('curate.bulk_title')}**")
        status_col, apply_col, delete_sel_col, delete_all_col = st.columns([2, 3, 2, 2], vertical_alignment="bottom")
        status = status_col.selectbox(
            ui.tr("curate.bulk_status"),
            STATUSES,
            key=ui.choice_key(W_CURATE_BULK_STATUS),
            format_func=ui.labels("status."),
            help=ui.tr("curate.help_bulk_status"),
        )
        if apply_col.button(ui.tr("curate.bulk_apply", count=page.total), disabled=not page.total, key=W_CURATE_BULK):
            count = curate.bulk_set_status(store, project_id, where, status)
            ui.flash(ui.tr("curate.bulk_done", count=count, status=ui.tr(f"status.{status}")))
            refresh()
            st.rerun()
        chosen = sorted(selected_ids)
        if delete_sel_col.button(
            ui.tr("curate.delete_selected", count=len(chosen)), disabled=not chosen, key=W_CURATE_DELETE_SELECTED
        ):
            st.session_state[SS_PENDING_DELETE] = chosen
        if delete_all_col.button(
            ui.tr("curate.delete_filtered", count=page.total), disabled=not page.total, key=W_CURATE_DELETE_FILTERED
        ):
            st.session_state[SS_PENDING_DELETE] = store.filtered_ids(project_id, where)
        pending = st.session_state.get(SS_PENDING_DELETE)
        if pending:
            st.warning(
                ui.tr("safety.rows_delete_confirm", count=len(pending), days=TRASH_DAYS), icon=":material/warning:"
            )
            yes, no = st.columns(2)
            if yes.button(ui.tr("curate.delete_yes", count=len(pending)), type="primary", key=W_CURATE_DELETE_YES):
                count = curate.delete_examples(store, project_id, pending)
                st.session_state.pop(SS_PENDING_DELETE, None)
                selected_ids.clear()
                ui.flash(ui.tr("curate.deleted", count=count))
                refresh()
                st.rerun()
            if no.button(ui.tr("curate.delete_cancel"), key=W_CURATE_DELETE_NO):
                st.session_state.pop(SS_PENDING_DELETE, None)
                st.rerun()
