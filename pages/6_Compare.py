"""Compare: ask several models the same questions, vote blind, let a judge vote, feed verdicts back."""

import pandas as pd
import streamlit as st

from core import compare, ui, worker
from core.api_errors import explain_exception
from core.store import STATUSES, ExampleFilter
from views import compare_review as review
from views.compare_review import act

SS_ENDPOINT_KEYS = "compare_endpoint_keys"  # other endpoints' keys: this session's memory only, never stored
SS_ACCOUNT_MODELS = "compare_account_models"
SS_ADHOC = "compare_adhoc_answers"
W_MODELS, W_COMPARISON, W_TAB = "_w_compare_models", "_w_compare_current", "_w_compare_tab"
TABS = ("adhoc", "set", "review", "results")
tr = ui.tr


def contender_editor(project_id: int, contender: compare.Contender) -> None:
    known = contender.input_price_per_1m is not None and contender.output_price_per_1m is not None
    price = (tr("compare.price", input=f"{contender.input_price_per_1m:g}", output=f"{contender.output_price_per_1m:g}")
             if known else tr("compare.price_unknown"))
    key = f"_w_contender_{contender.uid}_"
    with st.expander(f"**{contender.name}** · {tr(f'compare.kind.{contender.kind}')} · {price}"):
        def edit(field: str, widget: str) -> None:
            act(compare.edit_contender, project_id, contender.uid, **{field: st.session_state[widget]})
        st.text_area(tr("compare.system_prompt"), contender.system_prompt, key=key + "prompt", height=90,
                     help=tr("compare.system_prompt_help"), on_change=edit, args=("system_prompt", key + "prompt"))
        left, right, remove = st.columns([2, 2, 1], vertical_alignment="bottom")
        for column, field, label in ((left, "input_price_per_1m", "compare.input_price"),
                                     (right, "output_price_per_1m", "compare.output_price")):
            column.number_input(tr(label), value=getattr(contender, field), min_value=0.0, format="%.4f",
                                key=key + field, on_change=edit, args=(field, key + field))
        if contender.kind == compare.KIND_CUSTOM:
            remove.button(tr("compare.remove"), key=key + "remove",
                          on_click=lambda: act(compare.remove_contender, project_id, contender.uid))


def contenders_section(store, project_id: int, session) -> list[compare.Contender]:
    st.subheader(tr("compare.contenders"))
    contenders = compare.saved_contenders(store, project_id)
    picked = [c.model for c in contenders if c.kind != compare.KIND_CUSTOM]
    options = list(dict.fromkeys(compare.model_choices(store, project_id, st.session_state.get(SS_ACCOUNT_MODELS, []))
                                 + picked))
    st.multiselect(tr("compare.pick"), options, default=picked, key=W_MODELS, help=tr("compare.pick_help"),
                   on_change=lambda: act(compare.choose_models, project_id, st.session_state[W_MODELS]))
    find, custom = st.columns(2)
    if find.button(tr("compare.find_models"), disabled=not session.has_key, icon=":material/search:"):
        try:
            st.session_state[SS_ACCOUNT_MODELS] = compare.account_fine_tuned_models(session)
            ui.flash(tr("compare.found_models", count=len(st.session_state[SS_ACCOUNT_MODELS])))
            st.rerun()
        except Exception as error:  # noqa: BLE001 - any API failure becomes one plain sentence
            st.error(explain_exception(error, ui.lang()))
    with custom.popover(tr("compare.add_custom"), icon=":material/add_link:"):
        st.caption(tr("compare.custom_help"))
        values = [st.text_input(tr(f"compare.custom_{name}"), key=f"_w_custom_{name}") for name in ("label", "url", "model")]
        secret = st.text_input(tr("compare.custom_key"), type="password", key="_w_custom_key", autocomplete="off")
        if st.button(tr("compare.custom_add"), key="_w_custom_add"):
            added = act(compare.add_custom_contender, project_id, values[2], values[1], values[0])
            if added is not None:
                st.session_state.setdefault(SS_ENDPOINT_KEYS, {})[added.endpoint_id] = secret.strip()
            st.rerun()
    for contender in contenders:
        contender_editor(project_id, contender)
    if len(contenders) < 2:
        st.info(tr("compare.need_two"))
    return contenders


def adhoc_entry(stats: compare.AnswerStats) -> dict:
    """What stays on screen after the stream: the answer, or a plain error, and its tokens/latency/cost."""
    if stats.error is not None:
        return {"text": stats.text, "error": explain_exception(stats.error, ui.lang())}
    cost = f"${stats.cost_usd:.5f}" if stats.cost_usd is not None else tr("compare.cost_unknown")
    return {"text": stats.text, "caption": tr("compare.stats", prompt=stats.prompt_tokens, cost=cost,
                                              completion=stats.completion_tokens, latency=stats.latency_s or 0.0)}


def adhoc_tab(contenders, settings_for) -> None:
    question = st.text_area(tr("compare.adhoc_question"), key="_w_adhoc_question")
    # Not disabled while the box is empty: a typed question only reaches the script when the box loses focus.
    asked = st.button(tr("compare.adhoc_ask"), type="primary", disabled=not contenders) and bool(question.strip())
    previous, shown = st.session_state.get(SS_ADHOC, {}), {}
    for column, contender in zip(st.columns(max(1, len(contenders))), contenders, strict=False):
        with column:
            st.markdown(f"**{contender.name}**")
            if asked:  # streamed into the page as it is generated
                stats = compare.AnswerStats()
                st.write_stream(compare.stream_answer(settings_for(contender), contender, question, stats))
                entry = shown[contender.uid] = adhoc_entry(stats)
            else:
                entry = previous.get(contender.uid, {})
                st.markdown(entry.get("text", ""))
            if entry.get("error"):
                st.error(entry["error"])
            if entry.get("caption"):
                st.caption(entry["caption"])
    if asked:
        st.session_state[SS_ADHOC] = shown


def set_tab(store, project_id: int, contenders, settings_for, can_call: bool) -> None:
    held_out = compare.validation_split_ids(store, project_id)
    source = st.radio(tr("compare.source"), ("split", "filter"), format_func=lambda s: tr(f"compare.source_{s}"),
                      horizontal=True, key="_w_compare_source", index=0 if held_out else 1)
    if source == "split":
        ids = held_out
        if not ids:
            st.info(tr("compare.no_split"))
    else:
        status_column, tag_column = st.columns(2)
        statuses = status_column.multiselect(tr("compare.filter_status"), STATUSES, default=["approved"],
                                             format_func=lambda s: tr(f"status.{s}"), key="_w_compare_statuses")
        tag = tag_column.selectbox(tr("compare.filter_tag"), ["", *store.all_tags(project_id)], key="_w_compare_tag",
                                   format_func=lambda t: t or tr("compare.any_tag"))
        ids = store.filtered_ids(project_id, ExampleFilter(statuses=tuple(statuses), tag=tag or None))
    items = compare.items_from_examples(store.iter_examples(project_id, ids=ids))
    estimate = compare.estimate_run_cost(contenders, items)
    st.caption(tr("compare.estimate", items=len(items), models=len(contenders), requests=estimate.requests,
                  usd=estimate.usd))
    if estimate.unknown_price:
        st.caption(tr("compare.estimate_unknown", names=", ".join(estimate.unknown_price)))
    name = st.text_input(tr("compare.name"), key="_w_compare_name",
                         placeholder=" vs ".join(c.name for c in contenders)[:80])
    if st.button(tr("compare.run"), type="primary", disabled=not (can_call and len(contenders) >= 2 and items)):
        name = name.strip() or " vs ".join(c.name for c in contenders)[:80]
        comparison_id = act(compare.create_comparison, project_id, name, contenders, items)
        if comparison_id is not None:
            store.set_setting(project_id, compare.SETTING_CURRENT, comparison_id)
            compare.start_run(str(store.path), comparison_id, settings_for, ui.lang())
            ui.flash(tr("compare.started"))
        st.rerun()


def run_view(store, comparison, settings_for, can_call: bool) -> None:
    was_running = compare.is_running(comparison.id)

    @st.fragment(run_every=review.POLL_S if was_running else None)
    def live() -> None:
        if was_running and not compare.is_running(comparison.id):
            st.rerun()  # finished: redraw the whole page so review and results see every answer
        done = compare.progress(store, comparison.id)
        st.progress(done.answered / done.total if done.total else 0.0, text=tr(
            "compare.progress", answered=done.answered, total=done.total, failed=done.failed,
            spent=compare.spent_usd(store, comparison.id)))
        if problem := compare.run_problem(store, comparison.id):
            st.error(problem)
        if compare.is_running(comparison.id):
            st.button(tr("compare.stop"), on_click=worker.request_stop, args=(compare.worker_name(comparison.id),))
        elif done.pending and st.button(tr("compare.resume"), disabled=not can_call):
            compare.start_run(str(store.path), comparison.id, settings_for, ui.lang())
            st.rerun()
        rows = compare.results_rows(store, comparison)
        columns = {"question": tr("compare.col_question"), "reference": tr("compare.col_reference"),
                   **{f"answer: {c.name}": c.name for c in comparison.contenders}}
        st.dataframe(pd.DataFrame(rows, columns=list(columns)).rename(columns=columns), hide_index=True)
    live()


def current_comparison(store, project_id: int) -> compare.Comparison | None:
    """The comparison on screen: picked here, remembered in the project (newest by default)."""
    listing = compare.list_comparisons(store, project_id)
    if not listing:
        return None
    names = {cid: f"{name} · {created[:16].replace('T', ' ')}" for cid, name, created in listing}
    wanted = store.get_setting(project_id, compare.SETTING_CURRENT)
    ids = list(names)
    chosen = st.selectbox(tr("compare.pick_comparison"), ids, index=ids.index(wanted) if wanted in ids else 0,
                          format_func=names.get, key=W_COMPARISON, on_change=lambda: act(
                              lambda s: s.set_setting(project_id, compare.SETTING_CURRENT, st.session_state[W_COMPARISON])))
    return compare.load_comparison(store, chosen)


def main() -> None:
    store, project = ui.page_setup("nav.compare")
    project = ui.require_project(project)
    session = ui.connection_settings()
    endpoint_keys = st.session_state.setdefault(SS_ENDPOINT_KEYS, {})

    def settings_for(contender):
        return compare.connection_for(contender, session, endpoint_keys)

    st.caption(tr("compare.intro"))
    if not session.has_key:
        st.info(tr("compare.no_key"))
        st.page_link("pages/7_Settings.py", label=tr("compare.go_settings"), icon=":material/settings:")
    contenders = contenders_section(store, project.id, session)
    can_call = bool(contenders) and all(c.kind == compare.KIND_CUSTOM or session.has_key for c in contenders)
    comparison = current_comparison(store, project.id)
    # Tabs track which one is open so that only it runs (no estimates or vote shortcuts in hidden tabs).
    adhoc, on_set, blind, results = st.tabs([tr(f"compare.tab_{name}") for name in TABS], key=W_TAB,
                                             on_change="rerun")
    if adhoc.open:
        with adhoc:
            adhoc_tab(contenders, settings_for)
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
