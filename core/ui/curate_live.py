"""Curate while a generation runs: a progress line, and new answers shown as they arrive.

A fragment polls the store (as the Generate page's progress panel does). It
redraws the page only when what the grid shows changed since it was drawn: a
row of its page, or which rows match the filter (``curate_grid.refresh_due``).
The redraw gives the grid its new data under the same key, so saved edits stay
and a cell being typed in stays open with its text (see ``curate_table.grid_key``;
a new key would be a new widget, and the browser would close that cell). An
answer arriving on another page changes nothing on screen, so it costs no redraw.
"""

from __future__ import annotations

import streamlit as st

from core import ui
from core.data.store import Store
from core.dataset import curate_grid
from core.ui.curate_table import SS_GRID_SEEN
from core.ui.generate_panels import POLL_S
from core.ui.state import SS_CURATE_LIVE_RUN as SS_LIVE_RUN
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
    if changed:
        st.rerun()
