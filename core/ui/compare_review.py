"""Compare page, second half: blind review, results with intervals, the judge, verdicts into data, export.

Drawing and dispatch only; everything it computes comes from ``core.compare`` and ``core.ab``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core import ab, compare, ui
from core.client import ConnectionSettings
from core.models import DEFAULT_MODEL, MODELS
from core.store import Store

SS_REVEALED = "compare_revealed_vote"  # the vote just cast, whose names are now shown
SHORTCUTS = dict(zip(ab.CHOICES, ("1", "2", "3", "4"), strict=True))
POLL_S = 1.0
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
tr = ui.tr


def act(action, *args: Any, **kwargs: Any) -> Any:
    """Run a store action from a callback on its own connection; a fixable problem becomes a message."""
    with ui.open_store() as opened:
        try:
            return action(opened, *args, **kwargs)
        except compare.CompareError as error:
            ui.flash(tr(f"compare.error.{error.code}", **error.details), "error")
            return None


def _vote(comparison_id: int, pair: ab.BlindPair, choice: str, comment_key: str) -> None:
    st.session_state[SS_REVEALED] = act(ab.record_vote, comparison_id, pair, choice, once=True,
                                        comment=st.session_state.get(comment_key))


def _to_data(vote_id: int, dpo: bool) -> None:
    if dpo:
        made = act(compare.vote_to_preference_pair, vote_id)
        if made:
            ui.flash(tr("compare.added_pair", id=made[0], pair=made[1]))
    elif (example_id := act(compare.vote_to_training_row, vote_id)) is not None:
        ui.flash(tr("compare.added_row", id=example_id))


def to_data_buttons(vote: ab.Vote, where: str) -> None:
    """One click: the winning answer as a training row, or winner/loser as a DPO pair."""
    row, pair = st.columns(2)
    row.button(tr("compare.to_training"), key=f"_w_to_row_{where}", on_click=_to_data, args=(vote.id, False),
               icon=":material/playlist_add:")
    pair.button(tr("compare.to_dpo"), key=f"_w_to_dpo_{where}", on_click=_to_data, args=(vote.id, True),
                icon=":material/compare_arrows:")
    st.caption(tr("compare.heldout_note"))
    if vote.data.get("example_id"):
        st.page_link("pages/3_Curate.py", label=tr("compare.open_row", id=vote.data["example_id"]),
                     query_params={"example": str(vote.data["example_id"])}, icon=":material/edit_note:")


def _revealed(store: Store, comparison: compare.Comparison) -> None:
    vote = ab.get_vote(store, st.session_state.get(SS_REVEALED) or 0)
    if vote is None or vote.comparison_id != comparison.id:
        return
    names = [c.name for c in comparison.contenders]
    st.success(tr("compare.revealed", choice=tr(f"compare.choice.{vote.choice}"), a=names[vote.contender_a],
                  b=names[vote.contender_b]))
    if vote.winner is not None:
        to_data_buttons(vote, "revealed")
    st.divider()


def review_tab(store: Store, comparison: compare.Comparison, session: ConnectionSettings) -> None:
    _revealed(store, comparison)
    waiting = compare.pairs_to_review(store, comparison)
    if not waiting:
        st.info(tr("compare.review_done"))
        return
    pair = waiting[0]
    item, answers = comparison.item(pair.item_key), compare.stored_answers(store, comparison.id)
    st.caption(tr("compare.review_intro"))
    st.markdown(f"**{tr('compare.col_question')}:** {item.question}")
    for column, side, index in zip(st.columns(2), ("a", "b"), (pair.left, pair.right), strict=True):
        with column.container(border=True, key=f"compare_answer_{side}"):  # the side only, never the model
            label = f"compare.answer_{side}"
            st.markdown(f"**{tr(label)}**")
            st.markdown(answers[(pair.item_key, index)].answer or "")
    # The widget key must not reveal the placement (Streamlit puts keys into the page's HTML).
    comment_key = f"_w_compare_comment_{len(ab.list_votes(store, comparison.id))}"
    st.text_input(tr("compare.comment"), key=comment_key, help=tr("compare.help_comment"))
    for column, choice in zip(st.columns(4), ab.CHOICES, strict=True):
        column.button(tr(f"compare.choice.{choice}"), key=f"_w_vote_{choice}", shortcut=SHORTCUTS[choice],
                      on_click=_vote, args=(comparison.id, pair, choice, comment_key), width="stretch",
                      type="primary" if choice in (ab.CHOICE_A, ab.CHOICE_B) else "secondary")
    st.caption(tr("compare.review_left", left=len(waiting)))


def results_tab(store: Store, comparison: compare.Comparison, session: ConnectionSettings) -> None:
    running = compare.is_running(comparison.id, "judge")
    st.fragment(run_every=POLL_S if running else None)(_results)(store, comparison, running)
    _judge(store, comparison, session, running)
    _export(comparison.id)


def _results(store: Store, comparison: compare.Comparison, judge_was_running: bool = False) -> None:
    if judge_was_running and not compare.is_running(comparison.id, "judge"):
        st.rerun()  # the judge finished: redraw the page so its section stops saying "running"
    names, count = [c.name for c in comparison.contenders], len(comparison.contenders)
    people = ab.list_votes(store, comparison.id, ab.VOTER_HUMAN)
    judged = ab.list_votes(store, comparison.id, ab.VOTER_JUDGE)
    st.caption(tr("compare.votes_count", people=len(people), judge=len(judged)))
    if not people and not judged:
        st.info(tr("compare.no_votes"))
        return
    series = {tr("compare.people"): ab.win_rates(people, count)}
    if judged:
        series[tr("compare.judge")] = ab.win_rates(judged, count)
    st.plotly_chart(ab.win_rate_figure(series, names, tr("compare.win_rate")), key="compare_win_rates")
    st.caption(tr("compare.rates_note"))
    st.dataframe(pd.DataFrame(ab.rates_rows(series, names, ui.lang())), hide_index=True, placeholder=ui.EMPTY_CELL)
    by_tag = ab.win_rates_by_tag(people, {i.key: i.tags for i in comparison.items}, count)
    if by_tag:
        with st.expander(tr("compare.by_tag")):
            rows = [row for tag, rates in by_tag.items()
                    for row in ab.rates_rows({tr("compare.people"): rates}, names, ui.lang(), tag=tag)]
            st.dataframe(pd.DataFrame(rows), hide_index=True, placeholder=ui.EMPTY_CELL)
    decisive = [v for v in people if v.winner is not None]
    if decisive:
        questions = {i.key: i.question for i in comparison.items}
        chosen = st.selectbox(tr("compare.decisive_votes"), decisive, format_func=lambda v: tr(
            "compare.vote_label", id=v.id, question=questions.get(v.item_key, "")[:60], winner=names[v.winner],
            loser=names[v.loser]), key=ui.choice_key("_w_compare_decisive"),
            help=tr("compare.help_decisive_votes"))
        to_data_buttons(chosen, "results")


def _judge(store: Store, comparison: compare.Comparison, session: ConnectionSettings, running: bool) -> None:
    st.subheader(tr("compare.judge_title"))
    st.caption(tr("compare.judge_intro"))
    rubric = st.text_area(tr("compare.rubric"), comparison.judge.get("rubric") or tr("compare.rubric_default"),
                          key="_w_compare_rubric", help=tr("compare.help_rubric"))
    models = list(MODELS)
    model = st.selectbox(tr("compare.judge_model"), models, index=models.index(DEFAULT_MODEL), key="_w_judge_model",
                         help=tr("compare.help_judge_model"))
    judge = compare.make_contender(store, comparison.project_id, model, kind=compare.KIND_BASE, system_prompt="")
    if problem := compare.comparison_setting(store, comparison.id, "judge_problem"):
        st.error(problem)
    if running:
        st.info(tr("compare.judge_started"))
        return
    estimate = compare.estimate_judge_cost(store, comparison, rubric, judge)
    if not estimate.requests:
        st.caption(tr("compare.judge_nothing"))
        return
    st.caption(tr("compare.judge_estimate", pairs=estimate.requests // 2, requests=estimate.requests,
                  usd=estimate.usd))
    if st.button(tr("compare.judge_run"), disabled=not session.has_key, icon=":material/gavel:"):
        compare.save_judge_settings(store, comparison.id, rubric, judge)
        compare.start_judge(str(store.path), comparison.id, rubric, judge, session, ui.lang())
        ui.flash(tr("compare.judge_started"))
        st.rerun()


def _export(comparison_id: int) -> None:
    lang = ui.lang()

    def rows() -> list[dict[str, Any]]:  # built only when the user downloads
        with ui.open_store() as opened:
            return compare.results_rows(opened, compare.load_comparison(opened, comparison_id), lang)

    st.subheader(tr("compare.export"))
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(tr("compare.export_csv"), lambda: compare.results_csv(rows()), key="_w_export_csv",
                               file_name=f"comparison-{comparison_id}.csv", mime="text/csv", on_click="ignore")
    xlsx_column.download_button(tr("compare.export_xlsx"), lambda: compare.results_xlsx(rows()),
                                key="_w_export_xlsx", file_name=f"comparison-{comparison_id}.xlsx", mime=XLSX_MIME,
                                on_click="ignore")
