"""Compare: ask several models the same questions, vote blind, let a judge vote, feed verdicts back."""

import pandas as pd
import streamlit as st

from core import ui
from core.data.store import STATUSES, ExampleFilter
from core.providers.api_errors import explain_exception
from core.ui import compare_review as review
from core.ui import safety
from core.ui.compare_review import act
from core.ui.compare_setup import adhoc_tab, contenders_section
from core.ui.spend import spend_button
from core.ui.state import (
    SS_COMPARE_ENDPOINT_KEYS,
    SS_COMPARE_SHOWN,
    W_COMPARE_CURRENT,
    W_COMPARE_NAME,
    W_COMPARE_RESUME,
    W_COMPARE_RUN,
    W_COMPARE_SOURCE,
    W_COMPARE_STATUSES,
    W_COMPARE_TAB,
    W_COMPARE_TAG,
)
from core.workflows import compare, runner, spending

TABS = ("adhoc", "set", "review", "results")
tr = ui.tr


def set_tab(store, project_id: int, contenders, settings_for, can_call: bool) -> None:
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


def run_view(store, comparison, settings_for, can_call: bool) -> None:
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


def current_comparison(store, project_id: int) -> compare.Comparison | None:
    """The comparison on screen: the newest, until the user picks another one in this session."""
    listing = compare.list_comparisons(store, project_id)
    if not listing:
        return None
    names = {cid: compare.comparison_label(cid, name, created, st.context.timezone) for cid, name, created in listing}
    ids, shown = list(names), st.session_state.setdefault(SS_COMPARE_SHOWN, {})
    newest_seen, picked = shown.get(project_id, (None, None))
    if newest_seen != ids[0] or picked not in ids:  # a new run (here or a teammate's) takes the screen
        picked = ids[0]
    shown[project_id] = (ids[0], picked)
    st.session_state[W_COMPARE_CURRENT] = picked  # set before the widget: the selectbox can't keep a stale run

    def remember() -> None:
        shown[project_id] = (ids[0], st.session_state[W_COMPARE_CURRENT])

    chosen = st.selectbox(
        tr("compare.pick_comparison"),
        ids,
        format_func=names.get,
        key=W_COMPARE_CURRENT,
        help=tr("compare.help_pick_comparison"),
        on_change=remember,
    )
    return compare.load_comparison(store, chosen)


def main() -> None:
    store, project = ui.page_setup("nav.compare")
    project = ui.require_project(project)
    session = ui.connection_settings()
    endpoint_keys = st.session_state.setdefault(SS_COMPARE_ENDPOINT_KEYS, {})

    def settings_for(contender):
        return compare.connection_for(contender, session, endpoint_keys)

    st.caption(tr("compare.intro"))
    if not session.has_key:
        st.info(tr("compare.no_key"))
        st.page_link("pages/7_Settings.py", label=tr("compare.go_settings"), icon=":material/settings:")
    contenders = contenders_section(store, project.id, session)
    can_call = bool(contenders) and all(c.kind == compare.KIND_CUSTOM or session.has_key for c in contenders)
    can_call = can_call and not ui.read_only_notice(project)
    comparison = current_comparison(store, project.id)
    # Tabs track which one is open so that only it runs (no estimates or vote shortcuts in hidden tabs).
    adhoc, on_set, blind, results = st.tabs(
        [tr(f"compare.tab_{name}") for name in TABS], key=W_COMPARE_TAB, on_change="rerun"
    )
    if adhoc.open:
        with adhoc:
            adhoc_tab(contenders, settings_for, can_call)
    if on_set.open:
        with on_set:
            set_tab(store, project.id, contenders, settings_for, can_call)
            if comparison is not None:
                run_view(store, comparison, settings_for, can_call)
    for tab, draw in ((blind, review.review_tab), (results, review.results_tab)):
        if tab.open:
            with tab:
                if comparison is None:
                    st.info(tr("compare.none_yet"))
                else:
                    draw(store, comparison, session)


main()
