"""Compare page, second half: blind review, results with intervals, the judge, verdicts into data, export.

Drawing and dispatch only; everything it computes comes from ``core.workflows.compare``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core import ui
from core.data.store import Store
from core.pricing import DEFAULT_MODEL
from core.providers.client import ConnectionSettings
from core.ui import chat_models
from core.ui.spend import spend_button
from core.ui.state import (
    SS_COMPARE_CONFIRM_REPLACE,
    SS_COMPARE_REVEALED,
    W_COMPARE_ANSWER,
    W_COMPARE_COMMENT,
    W_COMPARE_DECISIVE,
    W_COMPARE_EXPORT_CSV,
    W_COMPARE_EXPORT_XLSX,
    W_COMPARE_JUDGE_MODEL,
    W_COMPARE_JUDGE_RUN,
    W_COMPARE_REPLACE_NO,
    W_COMPARE_REPLACE_YES,
    W_COMPARE_RUBRIC,
    W_COMPARE_TO_DPO,
    W_COMPARE_TO_ROW,
    W_COMPARE_VOTE,
    W_COMPARE_WIN_RATES,
)
from core.workflows import compare
from core.workflows.spending import ACTION_JUDGE

ROW_MESSAGES = {
    compare.ROW_ADD: "compare.added_row_new",
    compare.ROW_UPDATE: "compare.updated_row",
    compare.ROW_CONFIRM: "compare.updated_row",
    compare.ROW_SAME: "compare.same_row",
}
SHORTCUTS = dict(zip(compare.CHOICES, ("1", "2", "3", "4"), strict=True))
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


@ui.refusable_write
def _vote(comparison_id: int, pair: compare.BlindPair, choice: str, comment_key: str) -> None:
    st.session_state[SS_COMPARE_REVEALED] = act(
        compare.record_vote, comparison_id, pair, choice, once=True, comment=st.session_state.get(comment_key)
    )


@ui.refusable_write
def _to_data(vote_id: int, dpo: bool) -> None:
    st.session_state.pop(SS_COMPARE_CONFIRM_REPLACE, None)
    if dpo:
        made = act(compare.vote_to_preference_pair, vote_id)
        if made:
            ui.flash(tr("compare.saved_pair", id=made[0], pair=made[1]))
        return
    plan = act(compare.training_row_plan, vote_id)
    if plan is not None and plan.action == compare.ROW_CONFIRM:
        st.session_state[SS_COMPARE_CONFIRM_REPLACE] = vote_id  # a person's answer is never replaced without asking
    elif plan is not None:
        _write_row(vote_id, plan.action, False)


@ui.refusable_write
def _write_row(vote_id: int, action: str, replace: bool) -> None:
    st.session_state.pop(SS_COMPARE_CONFIRM_REPLACE, None)
    if (example_id := act(compare.vote_to_training_row, vote_id, replace_persons_answer=replace)) is not None:
        ui.flash(tr(ROW_MESSAGES[action], id=example_id))


def _confirm_replace(vote: compare.Vote, where: str) -> None:
    """The question is already a row with a person's answer: show both answers and ask."""
    with ui.open_store() as opened:
        plan = compare.training_row_plan(opened, vote.id)
    with st.container(border=True):
        st.warning(tr("compare.confirm_replace", id=plan.example_id))
        current, winner = st.columns(2)
        current.caption(tr("compare.current_answer", id=plan.example_id))
        current.markdown(plan.current_answer)
        winner.caption(tr("compare.winning_answer"))
        winner.markdown(plan.winner_answer)
        yes, no = st.columns(2)
        yes.button(
            tr("compare.confirm_replace_yes"),
            key=W_COMPARE_REPLACE_YES + where,
            type="primary",
            on_click=_write_row,
            args=(vote.id, plan.action, True),
        )
        no.button(
            tr("compare.confirm_replace_no"),
            key=W_COMPARE_REPLACE_NO + where,
            on_click=lambda: st.session_state.pop(SS_COMPARE_CONFIRM_REPLACE, None),
        )


def to_data_buttons(vote: compare.Vote, where: str) -> None:
    """One click: the winning answer into the question's row (or a new one), or winner/loser as a DPO pair."""
    row, pair = st.columns(2)
    row.button(
        tr("compare.to_training"),
        key=W_COMPARE_TO_ROW + where,
        on_click=_to_data,
        args=(vote.id, False),
        icon=":material/playlist_add:",
    )
    pair.button(
        tr("compare.to_dpo"),
        key=W_COMPARE_TO_DPO + where,
        on_click=_to_data,
        args=(vote.id, True),
        icon=":material/compare_arrows:",
    )
    if st.session_state.get(SS_COMPARE_CONFIRM_REPLACE) == vote.id:
        _confirm_replace(vote, where)
    st.caption(tr("compare.heldout_note"))
    if row_id := vote.data.get("example_id") or vote.data.get("pair_example_id"):
        st.page_link(
            "pages/3_Curate.py",
            label=tr("compare.open_row", id=row_id),
            query_params={"example": str(row_id)},
            icon=":material/edit_note:",
        )


def _revealed(store: Store, comparison: compare.Comparison) -> None:
    vote = compare.get_vote(store, st.session_state.get(SS_COMPARE_REVEALED) or 0)
    if vote is None or vote.comparison_id != comparison.id:
        return
    names = [c.name for c in comparison.contenders]
    st.success(
        tr(
            "compare.revealed_choice",
            choice=tr(f"compare.choice.{vote.choice}"),
            a=names[vote.contender_a],
            b=names[vote.contender_b],
        )
    )
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
    if item is None:  # the set changed under this pair: nothing to show for it
        st.info(tr("compare.review_done"))
        return
    st.caption(tr("compare.review_intro"))
    st.markdown(f"**{tr('compare.col_question')}:** {item.question}")
    for column, side, index in zip(st.columns(2), ("a", "b"), (pair.left, pair.right), strict=True):
        with column.container(border=True, key=W_COMPARE_ANSWER + side):  # the side only, never the model
            label = f"compare.answer_{side}"
            st.markdown(f"**{tr(label)}**")
            st.markdown(answers[(pair.item_key, index)].answer or "")
    # The widget key must not reveal the placement (Streamlit puts keys into the page's HTML).
    comment_key = f"{W_COMPARE_COMMENT}{len(compare.list_votes(store, comparison.id))}"
    st.text_input(tr("compare.comment"), key=comment_key, help=tr("compare.help_comment"))
    for column, choice in zip(st.columns(4), compare.CHOICES, strict=True):
        column.button(
            tr(f"compare.choice.{choice}"),
            key=W_COMPARE_VOTE + choice,
            shortcut=SHORTCUTS[choice],
            on_click=_vote,
            args=(comparison.id, pair, choice, comment_key),
            width="stretch",
            type="primary" if choice in (compare.CHOICE_A, compare.CHOICE_B) else "secondary",
        )
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
    people = compare.list_votes(store, comparison.id, compare.VOTER_HUMAN)
    judge_votes = compare.list_votes(store, comparison.id, compare.VOTER_JUDGE)
    judged = [v for v in judge_votes if v.choice != compare.CHOICE_NO_VERDICT]
    st.caption(tr("compare.votes_count", people=len(people), judge=len(judged)))
    for group in compare.no_verdicts(judge_votes):
        st.warning(
            tr(
                "compare.no_verdict",
                count=group.count,
                reason=tr(f"compare.no_verdict_reason.{group.code}", reply=group.example_reply),
            )
        )
    if not people and not judged:
        st.info(tr("compare.no_votes"))
        return
    series = {tr("compare.people"): compare.win_rates(people, count)}
    if judged:
        series[tr("compare.judge")] = compare.win_rates(judged, count)
    st.plotly_chart(compare.win_rate_figure(series, names, tr("compare.win_rate")), key=W_COMPARE_WIN_RATES)
    st.caption(tr("compare.rates_note"))
    st.dataframe(pd.DataFrame(compare.rates_rows(series, names, ui.lang())), hide_index=True, placeholder=ui.EMPTY_CELL)
    by_tag = compare.win_rates_by_tag(people, {i.key: i.tags for i in comparison.items}, count)
    if by_tag:
        with st.expander(tr("compare.by_tag")):
            rows = [
                row
                for tag, rates in by_tag.items()
                for row in compare.rates_rows({tr("compare.people"): rates}, names, ui.lang(), tag=tag)
            ]
            st.dataframe(pd.DataFrame(rows), hide_index=True, placeholder=ui.EMPTY_CELL)
    decisive = [v for v in people if v.winner is not None]
    if decisive:
        questions = {i.key: i.question for i in comparison.items}
        chosen = st.selectbox(
            tr("compare.decisive_votes"),
            decisive,
            format_func=lambda v: tr(
                "compare.vote_label",
                id=v.id,
                question=questions.get(v.item_key, "")[:60],
                winner=names[v.winner],
                loser=names[v.loser],
            ),
            key=ui.choice_key(W_COMPARE_DECISIVE),
            help=tr("compare.help_decisive_votes"),
        )
        to_data_buttons(chosen, "results")


def _judge(store: Store, comparison: compare.Comparison, session: ConnectionSettings, running: bool) -> None:
    st.subheader(tr("compare.judge_title"))
    st.caption(tr("compare.judge_intro"))
    rubric = st.text_area(
        tr("compare.rubric"),
        comparison.judge.get("rubric") or tr("compare.rubric_default"),
        key=W_COMPARE_RUBRIC,
        help=tr("compare.help_rubric"),
    )
    models = [m for m in chat_models.model_choices(session)[0] if not m.startswith("ft:")] or [DEFAULT_MODEL]
    model = st.selectbox(
        tr("compare.judge_model"),
        models,
        key=W_COMPARE_JUDGE_MODEL,
        help=tr("compare.help_judge_model"),
        index=models.index(DEFAULT_MODEL) if DEFAULT_MODEL in models else 0,
    )
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
    st.caption(tr("compare.judge_estimate", pairs=estimate.requests // 2, requests=estimate.requests, usd=estimate.usd))
    highest = None if estimate.unknown_price else estimate.usd
    if spend_button(
        ACTION_JUDGE,
        highest,
        tr("compare.judge_run"),
        key=W_COMPARE_JUDGE_RUN,
        disabled=not session.has_key,
        icon=":material/gavel:",
    ):
        compare.save_judge_settings(store, comparison.id, rubric, judge)
        compare.start_judge(str(store.path), comparison.id, rubric, judge, session, ui.lang(), ui.owner_unlocked())
        ui.flash(tr("compare.judge_started"))
        st.rerun()


def _export(comparison_id: int) -> None:
    lang = ui.lang()

    def rows() -> list[dict[str, Any]]:  # built only when the user downloads
        with ui.open_store() as opened:
            comparison = compare.load_comparison(opened, comparison_id)
            return compare.results_rows(opened, comparison, lang) if comparison is not None else []

    st.subheader(tr("compare.export"))
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(
        tr("compare.export_csv"),
        lambda: compare.results_csv(rows()),
        key=W_COMPARE_EXPORT_CSV,
        file_name=f"comparison-{comparison_id}.csv",
        mime="text/csv",
        on_click="ignore",
    )
    xlsx_column.download_button(
        tr("compare.export_xlsx"),
        lambda: compare.results_xlsx(rows()),
        key=W_COMPARE_EXPORT_XLSX,
        file_name=f"comparison-{comparison_id}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
    )
