"""Curate while a generation runs: a progress line, and new answers shown as they arrive.

A fragment polls the store (as the Generate page's progress panel does). It
redraws the page only when what the grid shows changed since it was drawn: a
row of its page, or which rows match the filter (``curate_grid.refresh_due``).
The redraw gives the grid its new data under the same key, so saved edits stay
(see ``curate_table.grid_key``). Streamlit's grid still closes a cell that is
open but not yet confirmed with Enter when its data changes, which is why an
answer arriving on another page must not redraw this one, and why, for a
little while after this session's last cell edit, new answers wait for a click
("Show the new answers") instead of redrawing under the cursor.
"""

from __future__ import annotations

import time

import streamlit as st

from core import ui
from core.data.store import Store
from core.dataset import curate_grid
from core.ui.curate_table import SS_GRID_SEEN
from core.ui.generate_panels import POLL_S
from core.ui.state import SS_CURATE_LAST_GRID_EDIT as SS_LAST_GRID_EDIT
from core.ui.state import SS_CURATE_LIVE_RUN as SS_LIVE_RUN
from core.ui.state import W_CURATE_SHOW_NEW as W_SHOW_NEW
from core.workflows import generation


def live_panel(store: Store, project_id: int) -> None:
    """While a run of this project is going: its progress, refreshed every second (nothing otherwise)."""
    run = generation.active_run(store, project_id)
    if run is None:
        if st.session_state.pop(SS_LIVE_RUN, None) is not None:
            st.session_state.pop(SS_GRID_SEEN, None)
        return
    st.session_state[SS_LIVE_RUN] = run.id
    st.fragment(run_every=POLL_S)(_watch)(project_id, run.id)


def _watch(project_id: int, run_id: int) -> None:
    with ui.open_store() as store:
        progress = generation.run_progress(store, run_id)
        changed = curate_grid.refresh_due(st.session_state.get(SS_GRID_SEEN), store, project_id)
    if progress is None or progress.status != generation.STATUS_RUNNING:
        st.rerun()  # the run ended: redraw once with its last answers, and stop polling
    st.caption(
        ui.tr("curate.live_progress", done=progress.done + progress.failed, total=progress.total),
        help=ui.tr("curate.live_progress_help"),
    )
    if not changed:
        return
    if not curate_grid.hold_refresh(st.session_state.get(SS_LAST_GRID_EDIT), time.monotonic()):
        st.rerun()
    # Someone is editing the grid: a redraw now could close the cell they are typing in.
    note, show = st.columns([4, 1], vertical_alignment="center")
    note.caption(ui.tr("curate.live_held"))
    if show.button(ui.tr("curate.live_show_new"), key=W_SHOW_NEW, icon=":material/refresh:"):
        st.session_state.pop(SS_LAST_GRID_EDIT, None)
        st.rerun(scope="app")
