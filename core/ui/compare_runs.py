"""Compare, "on a set" tab: pick the questions, start a run, watch it answer (drawn for pages/6_Compare.py)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from core import ui
from core.data.store import STATUSES, ExampleFilter, Store
from core.providers.api_errors import explain_exception
from core.providers.client import ConnectionSettings
from core.ui import compare_review as review
from core.ui import safety
from core.ui.compare_review import act
from core.ui.spend import spend_button
from core.ui.state import (
    W_COMPARE_NAME,
    W_COMPARE_RESUME,
    W_COMPARE_RUN,
    W_COMPARE_SOURCE,
    W_COMPARE_STATUSES,
    W_COMPARE_TAG,
)
from core.workflows import compare, runner, spending

SettingsFor = Callable[[compare.Contender], ConnectionSettings]
tr = ui.tr


def set_tab(
    store: Store,
    project_id: int,
    contenders: list[compare.Contender],
    settings_for: SettingsFor,
    can_call: bool,
) -> None:
    """Run every contender over a stored set (the held-out split or a filter), its cost shown first."""
    held_out = compare.validation_split_ids(store, project_id)
    source = st.radio(
        tr("compare.source"),
        ("split", "filter"),
        format_func=ui.labels("compare.source_"),
        horizontal=True,
        key=ui.choice_key(W_COMPARE_SOURCE),
        index=0 if held_out else 1,
        help=tr("compare.help_source"),
    )
    if source == "split":
        ids = held_out
        if not ids:
            st.info(tr("compare.no_split"))
    else:
        status_column, tag_column = st.columns(2)
        statuses = status_column.multiselect(
            tr("compare.filter_status"),
            STATUSES,
            default=["approved"],
            format_func=ui.labels("status."),
            key=ui.choice_key(W_COMPARE_STATUSES),
            help=tr("compare.help_filter_status"),
            placeholder=tr("compare.filter_status_any"),
            select_all=False,
        )
        tag = tag_column.selectbox(
            tr("compare.filter_tag"),
            ["", *store.all_tags(project_id)],
            key=ui.choice_key(W_COMPARE_TAG),
            format_func=ui.labels(empty_key="compare.any_tag"),
            help=tr("compare.help_filter_tag"),
        )
        ids = store.filtered_ids(project_id, ExampleFilter(statuses=tuple(statuses), tag=tag or None))
    items = compare.items_from_examples(store.iter_examples(project_id, ids=ids))
    estimate = compare.estimate_run_cost(contenders, items)
    st.caption(
        tr("compare.estimate", items=len(items), models=len(contenders), requests=estimate.requests, usd=estimate.usd)
    )
    if estimate.unknown_price:
        st.caption(tr("compare.estimate_unknown", names=", ".join(estimate.unknown_price)))
    name = st.text_input(
        tr("compare.name"),
        key=W_COMPARE_NAME,
        placeholder=" vs ".join(c.name for c in contenders)[:80],
        help=tr("compare.help_name"),
    )
    total, mine = compare.session_key_cost(contenders, items)
    if spend_button(
        spending.ACTION_COMPARE_RUN,
        total,
        tr("compare.run"),
        key=W_COMPARE_RUN,
        type="primary",
        owner_usd=mine,
        disabled=not (can_call and len(contenders) >= 2 and items),
    ):
        name = name.strip() or " vs ".join(c.name for c in contenders)[:80]
        comparison_id = act(compare.create_comparison, project_id, name, contenders, items)
        if comparison_id is not None:
            compare.start_run(
                str(store.path),
                comparison_id,
                settings_for,
                ui.lang(),
                safety.session_fingerprint(store),
                ui.owner_unlocked(),
            )
            ui.flash(tr("compare.started"))
        st.rerun()


def run_view(store: Store, comparison: compare.Comparison, settings_for: SettingsFor, can_call: bool) -> None:
    """Live progress of the comparison on screen, with stop or resume, and its answers so far."""
    was_running = compare.is_running(comparison.id)

    @st.fragment(run_every=review.POLL_S if was_running else None)
    def live() -> None:
        if was_running and not compare.is_running(comparison.id):
            st.rerun()  # finished: redraw the whole page so review and results see every answer
        done = compare.progress(store, comparison.id)
        st.progress(
            done.answered / done.total if done.total else 0.0,
            text=tr(
                "compare.progress",
                answered=done.answered,
                total=done.total,
                failed=done.failed,
                spent=compare.spent_usd(store, comparison.id),
            ),
        )
        if problem := compare.run_problem(store, comparison.id):
            st.error(problem)
        if crash := runner.last_error(compare.worker_name(comparison.id)):
            st.error(tr("compare.run_crashed", reason=explain_exception(crash, ui.lang())))
        cost = compare.estimate_run_cost(comparison.contenders, comparison.items).usd if done.pending else None
        may = not (done.pending or compare.is_running(comparison.id)) or safety.job_control(
            store, compare.worker_name(comparison.id), cost
        )
        if compare.is_running(comparison.id):
            st.button(
                tr("compare.stop"),
                on_click=runner.request_stop,
                args=(compare.worker_name(comparison.id),),
                disabled=not may,
            )
        elif done.pending:
            answered = [key for key, answer in compare.stored_answers(store, comparison.id).items() if answer.answer]
            total, mine = compare.session_key_cost(comparison.contenders, comparison.items, answered)
            if spend_button(
                spending.ACTION_COMPARE_RUN,
                total,
                tr("compare.resume"),
                key=W_COMPARE_RESUME,
                owner_usd=mine,
                disabled=not (can_call and may),
            ):
                compare.start_run(
                    str(store.path),
                    comparison.id,
                    settings_for,
                    ui.lang(),
                    safety.session_fingerprint(store),
                    ui.owner_unlocked(),
                )
                st.rerun()
        columns = [
            tr("compare.col_question"),
            tr("compare.col_reference"),
            *(tr("compare.col_answer", name=c.name) for c in comparison.contenders),
        ]
        st.dataframe(
            pd.DataFrame(compare.results_rows(store, comparison, ui.lang()), columns=columns),
            hide_index=True,
            placeholder=ui.EMPTY_CELL,
        )

    live()
