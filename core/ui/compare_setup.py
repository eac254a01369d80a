"""Compare page, first half: the contenders (models, prompts, prices, other endpoints) and ad-hoc questions.

Drawing and dispatch only; everything it computes comes from ``core.workflows.compare``.
"""

from __future__ import annotations

import secrets

import streamlit as st

from core import ui
from core.providers.api_errors import explain_exception
from core.ui import chat_models
from core.ui.compare_review import act
from core.ui.spend import spend_button
from core.ui.state import (
    SS_COMPARE_ADHOC,
    SS_COMPARE_ADHOC_ASKED,
    SS_COMPARE_ADHOC_JOB,
    SS_COMPARE_ENDPOINT_KEYS,
    W_COMPARE_ADHOC_ASK,
    W_COMPARE_ADHOC_QUESTION,
    W_COMPARE_ADHOC_STOP,
    W_COMPARE_CONTENDER,
    W_COMPARE_CUSTOM,
    W_COMPARE_CUSTOM_ADD,
    W_COMPARE_CUSTOM_KEY,
    W_COMPARE_MODELS,
)
from core.workflows import compare, runner, spending

ADHOC_POLL_S = 0.3  # how often the streaming answers are redrawn
ADHOC_ITEM = "adhoc"  # the item key an ad-hoc question is priced under
tr = ui.tr


def contender_editor(project_id: int, contender: compare.Contender) -> None:
    known = contender.input_price_per_1m is not None and contender.output_price_per_1m is not None
    price = (
        tr("compare.price", input=f"{contender.input_price_per_1m:g}", output=f"{contender.output_price_per_1m:g}")
        if known
        else tr("compare.price_unknown")
    )
    key = f"{W_COMPARE_CONTENDER}{contender.uid}_"
    where = tr("together.where.together") if compare.is_together(contender) else tr(f"compare.kind.{contender.kind}")
    with st.expander(f"**{contender.name}** · {where} · {price}"):

        @ui.refusable_write
        def edit(field: str, widget: str) -> None:
            act(compare.edit_contender, project_id, contender.uid, **{field: st.session_state[widget]})

        st.text_area(
            tr("compare.system_prompt"),
            contender.system_prompt,
            key=key + "prompt",
            height=90,
            help=tr("compare.system_prompt_help"),
            on_change=edit,
            args=("system_prompt", key + "prompt"),
        )
        left, right, remove = st.columns([2, 2, 1], vertical_alignment="bottom")
        for column, field, label in (
            (left, "input_price_per_1m", "compare.input_price"),
            (right, "output_price_per_1m", "compare.output_price"),
        ):
            column.number_input(
                tr(label),
                value=getattr(contender, field),
                min_value=0.0,
                format="%.4f",
                key=key + field,
                on_change=edit,
                args=(field, key + field),
                help=tr(label + "_help"),
            )
        if contender.kind == compare.KIND_CUSTOM:
            remove.button(
                tr("compare.remove"),
                key=key + "remove",
                on_click=ui.refusable_write(act),
                args=(compare.remove_contender, project_id, contender.uid),
            )


@ui.refusable_write
def choose_models(project_id: int) -> None:
    """The multiselect's choice becomes the picked contenders."""
    act(compare.choose_models, project_id, st.session_state[W_COMPARE_MODELS])


def contenders_section(store, project_id: int, session) -> list[compare.Contender]:
    st.subheader(tr("compare.contenders"))
    if preselected := compare.preselect_newest_fine_tune(store, project_id):
        st.info(tr("compare.preselected", fine_tuned=preselected[0], base=preselected[1]))
    contenders = compare.saved_contenders(store, project_id)
    picked = [c.model for c in contenders if c.kind != compare.KIND_CUSTOM]
    listed, reason = chat_models.model_choices(session)  # the server's own list, as on Generate
    if reason and session.has_key:
        st.caption(tr("compare.models_fallback", reason=reason))
    options = list(dict.fromkeys(compare.model_choices(store, project_id, listed) + picked))
    # Only models that exist: a typed id would be a model nobody serves (other servers: "other endpoint").
    st.multiselect(
        tr("compare.pick"),
        options,
        default=picked,
        key=W_COMPARE_MODELS,
        help=tr("compare.pick_help_listed"),
        placeholder=tr("compare.pick_placeholder_listed"),
        select_all=False,
        on_change=choose_models,
        args=(project_id,),
    )
    find, custom = st.columns(2)
    if find.button(tr("compare.refresh_models"), icon=":material/refresh:", help=tr("compare.refresh_models_help")):
        st.session_state.pop(chat_models.SS_MODELS, None)
        st.rerun()
    with custom.popover(tr("compare.add_custom"), icon=":material/add_link:"):
        st.caption(tr("compare.custom_help"))
        st.caption(tr("owner.custom_needs_key"))
        values = [
            st.text_input(
                tr(f"compare.custom_{name}"), key=W_COMPARE_CUSTOM + name, help=tr(f"compare.custom_{name}_help")
            )
            for name in ("label", "url", "model")
        ]
        secret = st.text_input(
            tr("compare.custom_key"),
            type="password",
            key=W_COMPARE_CUSTOM_KEY,
            autocomplete="off",
            help=tr("compare.custom_key_help"),
        )
        if st.button(tr("compare.custom_add"), key=W_COMPARE_CUSTOM_ADD):
            added = act(compare.add_custom_contender, project_id, values[2], values[1], values[0])
            if added is not None:
                st.session_state.setdefault(SS_COMPARE_ENDPOINT_KEYS, {})[added.endpoint_id] = secret.strip()
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
    return {
        "text": stats.text,
        "caption": tr(
            "compare.stats",
            prompt=stats.prompt_tokens,
            cost=cost,
            completion=stats.completion_tokens,
            latency=stats.latency_s or 0.0,
        ),
    }


def _draw_entry(entry: dict) -> None:
    st.markdown(entry.get("text", ""))
    if entry.get("error"):
        st.error(entry["error"])
    if entry.get("caption"):
        st.caption(entry["caption"])


def adhoc_tab(contenders: list[compare.Contender], settings_for, can_call: bool = True) -> None:
    """One question to every contender; the answers stream in side by side from one background job."""
    question = st.text_area(
        tr("compare.adhoc_question"), key=W_COMPARE_ADHOC_QUESTION, help=tr("compare.help_adhoc_question")
    )
    job = st.session_state.setdefault(SS_COMPARE_ADHOC_JOB, compare.adhoc_job_name(secrets.token_hex(8)))
    running = compare.adhoc_running(job)
    # Not disabled while the box is empty: a typed question only reaches the script when the box loses focus.
    total, mine = compare.session_key_cost(contenders, [compare.Item(key=ADHOC_ITEM, question=question)])
    asked = spend_button(
        spending.ACTION_COMPARE_ADHOC,
        total,
        tr("compare.adhoc_ask"),
        key=W_COMPARE_ADHOC_ASK,
        type="primary",
        owner_usd=mine,
        disabled=not (contenders and can_call) or running,
    ) and bool(question.strip())
    if asked:
        if compare.start_adhoc(job, [(settings_for(c), c) for c in contenders], question):
            st.session_state[SS_COMPARE_ADHOC_ASKED] = [c.uid for c in contenders]
            running = True
    adhoc_answers(contenders, job, running)


def adhoc_answers(contenders: list[compare.Contender], job: str, running: bool) -> None:
    """The answers side by side: growing while the job runs (this part reruns on its own), then kept."""

    @st.fragment(run_every=ADHOC_POLL_S if running else None)
    def answers() -> None:
        live, still = compare.adhoc_answers(job), compare.adhoc_running(job)
        if live is not None and not still:  # finished: keep the answers for this session, then stop polling
            asked = st.session_state.get(SS_COMPARE_ADHOC_ASKED, [])
            st.session_state[SS_COMPARE_ADHOC] = {
                uid: adhoc_entry(stats) for uid, stats in zip(asked, live, strict=False)
            }
            compare.forget_adhoc(job)
            if crash := compare.adhoc_failure(job):
                st.session_state[SS_COMPARE_ADHOC] = {
                    uid: {"error": explain_exception(crash, ui.lang())} for uid in asked
                }
            if running:
                st.rerun()
        growing = dict(zip(st.session_state.get(SS_COMPARE_ADHOC_ASKED, []), live or [], strict=False)) if still else {}
        if still:
            st.button(tr("compare.stop"), key=W_COMPARE_ADHOC_STOP, on_click=runner.request_stop, args=(job,))
        shown = st.session_state.get(SS_COMPARE_ADHOC, {})
        for column, contender in zip(st.columns(max(1, len(contenders))), contenders, strict=False):
            with column:
                st.markdown(f"**{contender.name}**")
                if contender.uid in growing:
                    st.markdown(growing[contender.uid].text + " ▌")
                else:
                    _draw_entry(shown.get(contender.uid, {}))

    answers()
