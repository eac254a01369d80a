"""Compare: ask several models the same questions, vote blind, let a judge vote, feed verdicts back."""

import streamlit as st

from core import ui
from core.ui import compare_review as review
from core.ui.compare_runs import run_view, set_tab
from core.ui.compare_setup import adhoc_tab, contenders_section
from core.ui.compare_together import together_section
from core.ui.state import SS_COMPARE_ENDPOINT_KEYS, SS_COMPARE_SHOWN, W_COMPARE_CURRENT, W_COMPARE_TAB
from core.ui.together_keys import together_settings
from core.workflows import compare

TABS = ("adhoc", "set", "review", "results")
tr = ui.tr


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

    together = together_settings()  # models on Together answer with the session's Together key

    def settings_for(contender):
        return compare.connection_for(contender, session, endpoint_keys, together)

    st.caption(tr("compare.intro"))
    if not session.has_key:
        st.info(tr("compare.no_key"))
        st.page_link("pages/7_Settings.py", label=tr("compare.go_settings"), icon=":material/settings:")
    contenders = contenders_section(store, project.id, session)
    together_section(store, project.id, contenders)  # Together's fine-tunes; a dedicated endpoint said first
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
