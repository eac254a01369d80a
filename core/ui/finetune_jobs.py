"""The Fine-tune page's jobs panel: charts of the picked jobs, their notes, and one job's detail.

The panel runs as an ``st.fragment`` that redraws on the monitor's poll
interval while a job is active. A job launched in this session is brought
into view once: the detail shows it at once, and the charts pick it as soon
as it has a job id (the launch thread gives it one a moment later).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from core import ui
from core.data.store import Project, Store
from core.pricing import project_overrides
from core.providers.client import PROVIDER_TOGETHER
from core.ui import safety
from core.ui.state import (
    SS_FINETUNE_FOCUS_CHART,
    SS_FINETUNE_FOCUS_DETAIL,
    SS_FINETUNE_POLLING,
    W_FINETUNE_ACTION,
    W_FINETUNE_CHART,
    W_FINETUNE_CHART_JOBS,
    W_FINETUNE_CHECKPOINT,
    W_FINETUNE_DETAIL,
    W_FINETUNE_LOG_SCALE,
    W_FINETUNE_METHOD,
    W_FINETUNE_SEND,
    W_FINETUNE_SMOOTHING,
)
from core.workflows import charts, compare, finetune
from core.workflows import finetune_view as view


def focus_new_job(row_id: int) -> None:
    """Show the launch ``row_id`` on the charts and in the job detail on the next runs."""
    st.session_state[SS_FINETUNE_FOCUS_CHART] = row_id
    st.session_state[SS_FINETUNE_FOCUS_DETAIL] = row_id


def _chart_picks(labels: dict[int, str]) -> None:
    """Settle the chart multiselect's value before it is drawn: the new job, else the picks, else the newest."""
    focus = st.session_state.get(SS_FINETUNE_FOCUS_CHART)
    picks = st.session_state.get(W_FINETUNE_CHART_JOBS) or []
    st.session_state[W_FINETUNE_CHART_JOBS] = view.chart_selection(picks, list(labels), focus)
    if focus in labels:
        st.session_state.pop(SS_FINETUNE_FOCUS_CHART, None)


def _settings_for(row: finetune.JobRow, settings: Any, together: Any) -> Any:
    """The connection a job is watched and controlled through: Together's for a Together job."""
    return together if together is not None and row.provider == PROVIDER_TOGETHER else settings


def jobs_panel(store: Store, project: Project, settings: Any, together: Any = None) -> None:
    rows = finetune.list_project_jobs(store, project.id)
    active = any(not r.is_final for r in rows)
    for connection in (settings, together):
        watched = [r for r in rows if _settings_for(r, settings, together) is connection]
        if connection is not None and connection.has_key and any(r.job_id and not r.is_final for r in watched):
            finetune.start_monitor(store, connection, project.id)
    if not rows:
        st.caption(ui.tr("finetune.no_jobs"))
        return
    if active:
        st.caption(ui.tr("finetune.live"))
    st.dataframe(
        view.jobs_table(rows, ui.lang(), project_overrides(store, project.id)), hide_index=True, width="stretch"
    )
    labels = {r.id: view.job_label(r) for r in rows if r.job_id}
    _chart_picks(labels)
    picked = st.multiselect(
        ui.tr("finetune.chart_jobs"),
        list(labels),
        format_func=lambda i: labels.get(i, str(i)),
        key=W_FINETUNE_CHART_JOBS,
        help=ui.tr("finetune.chart_jobs_help"),
        placeholder=ui.tr("finetune.chart_jobs_placeholder"),
    )
    left, right = st.columns([3, 1])
    smoothing = left.slider(
        ui.tr("finetune.smoothing"),
        0.0,
        0.95,
        0.0,
        0.05,
        key=W_FINETUNE_SMOOTHING,
        help=ui.tr("finetune.smoothing_help"),
    )
    log_scale = right.checkbox(
        ui.tr("finetune.log_scale"), key=W_FINETUNE_LOG_SCALE, help=ui.tr("finetune.log_scale_help")
    )
    by_id = {r.id: r for r in rows}
    tables = {i: view.job_metrics(store, by_id[i]) for i in picked}
    for message in view.empty_chart_messages([by_id[i] for i in picked], tables, ui.lang()):
        st.caption(message)
    named = {labels[i]: table for i, table in tables.items()}
    for kind in (charts.KIND_LOSS, charts.KIND_ACCURACY):
        if charts.has_data(named, kind):
            st.plotly_chart(
                charts.metric_figure(named, kind, ui.lang(), smoothing, log_scale), key=W_FINETUNE_CHART + kind
            )
    for job_id in picked:
        for note in view.job_notes(store, by_id[job_id], tables[job_id], ui.lang()):
            getattr(st, note.level)(note.text)
    job_detail(store, project, settings, rows, together)
    if not active and st.session_state.get(SS_FINETUNE_POLLING):
        st.session_state[SS_FINETUNE_POLLING] = False
        st.rerun()  # everything is final: a full rerun redraws the panel without the timer


def job_detail(
    store: Store, project: Project, settings: Any, rows: list[finetune.JobRow], together: Any = None
) -> None:
    st.subheader(ui.tr("finetune.detail_header"))
    by_id = {r.id: r for r in rows}  # ids as options: the row itself is re-read on every run
    st.session_state[W_FINETUNE_DETAIL] = view.detail_choice(
        st.session_state.get(W_FINETUNE_DETAIL), list(by_id), st.session_state.pop(SS_FINETUNE_FOCUS_DETAIL, None)
    )
    row = by_id[
        st.selectbox(
            ui.tr("finetune.pick_job"),
            list(by_id),
            format_func=lambda i: view.job_label(by_id[i]),
            key=W_FINETUNE_DETAIL,
            help=ui.tr("finetune.pick_job_help"),
        )
    ]
    settings = _settings_for(row, settings, together)
    st.markdown(view.status_label(row.status, ui.lang()))
    if error := view.error_text(row, ui.lang()):
        st.error(error)
    may = row.is_final or safety.job_control(store, finetune.job_key_name(row.id), view.takeover_cost_usd(store, row))
    for column, action in zip(st.columns(3), finetune.ACTIONS, strict=True):
        if (
            row.allowed(action)
            and settings.has_key
            and may
            and column.button(ui.tr(f"finetune.action.{action}"), key=f"{W_FINETUNE_ACTION}{action}_{row.id}")
        ):
            if (problem := view.run_action(store, settings, row.id, action, ui.lang(), ui.owner_unlocked())) is None:
                st.rerun()
            st.error(problem)
    with st.expander(ui.tr("finetune.hyperparameters_used")):
        st.json(view.used_hyperparameters(row))
    with st.expander(ui.tr("finetune.events"), expanded=not row.is_final):
        st.dataframe(view.events_table(store, row, ui.lang()), hide_index=True, width="stretch")
    checkpoints = view.checkpoints_table(store, row, ui.lang())
    if not checkpoints.empty:
        st.markdown(f"**{ui.tr('finetune.checkpoints')}**")
        st.dataframe(checkpoints, hide_index=True, width="stretch")
        # Only checkpoints served by name can go to Compare (Together serves its final model only).
        found = [c for c in finetune.job_checkpoints(store, row.id) if c.get("fine_tuned_model_checkpoint")]
        if not found:
            return
        models = [c["fine_tuned_model_checkpoint"] for c in found]
        best = view.best_checkpoint_index(found)
        # Keyed by the best one too: while a job runs a better checkpoint can appear, and the picker moves to it.
        chosen = st.selectbox(
            ui.tr("finetune.checkpoint_pick"),
            models,
            index=best,
            key=f"{W_FINETUNE_CHECKPOINT}{row.id}_{models[best]}",
            help=ui.tr("finetune.checkpoint_pick_help"),
            format_func=lambda m: ui.tr("finetune_view.checkpoint_best", model=m) if m == models[best] else m,
        )
        if st.button(ui.tr("finetune.send_to_compare"), key=f"{W_FINETUNE_SEND}{row.id}"):
            if row.provider == PROVIDER_TOGETHER:  # answered through Together, next to its base model there
                compare.add_together_contenders(store, project.id, [(chosen, True), (row.base_model, False)])
            else:
                finetune.send_to_compare(store, project.id, chosen)
            st.toast(ui.tr("finetune.sent_to_compare", model=chosen))


def method_picker() -> str:
    """Supervised or preference training: the same choice, under the same key, for every provider."""
    return (
        st.segmented_control(
            ui.tr("finetune.method_label"),
            finetune.METHODS,
            key=W_FINETUNE_METHOD,
            default=finetune.METHOD_SUPERVISED,
            help=ui.tr("finetune.method_help"),
            format_func=ui.labels("finetune.method."),
        )
        or finetune.METHOD_SUPERVISED
    )
