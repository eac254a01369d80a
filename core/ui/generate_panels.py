"""Generate page panels: live progress of the latest run, and synthetic questions.

Drawing and dispatch only; the logic is in ``core.gen_runs``, ``core.batch``
and ``core.synthetic``. Progress is read from the store every second by a
fragment, so it shows the truth whatever thread or restart wrote it.
"""

from __future__ import annotations

import math

import streamlit as st

from core import api_errors, batch, gen_runs, synthetic, ui
from core.client import ConnectionSettings
from core.store import Store

POLL_S = 1.0
SS_WATCHED = "generate_watched_run"  # the run last seen running: a full rerun when it ends
W = "_w_gen_"
# Look-alike search compares every pair: a few hundred questions keep it under a second.
MAX_COMPARED = 300


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ui.tr("generate.unknown")
    minutes, rest = divmod(int(round(seconds)), 60)
    return ui.tr("generate.minutes", minutes=minutes, seconds=rest) if minutes else ui.tr("generate.seconds",
                                                                                            seconds=rest)


def _problem_text(run: gen_runs.GenRun) -> str:
    problem = gen_runs.problem_from_text(run.error)
    if problem is None:
        return ""
    if problem.kind.startswith("batch_"):
        return ui.tr("generate.batch_failed", detail=problem.detail or problem.kind)
    return api_errors.explain(problem, ui.lang())


def progress_panel(store: Store, project_id: int, connection: ConnectionSettings) -> None:
    """The latest run's progress; refreshes itself every second while the run is going on."""
    run = gen_runs.latest_run(store, project_id)
    if run is None:
        return
    live = run.status == gen_runs.STATUS_RUNNING
    st.fragment(run_every=POLL_S if live else None)(_progress)(project_id, run.id, connection)


def _progress(project_id: int, run_id: int, connection: ConnectionSettings) -> None:
    tr = ui.tr
    with ui.open_store() as store:
        progress = gen_runs.run_progress(store, run_id)
        external_status, counts = batch.batch_state(store, run_id)
    if progress is None:
        return
    run, status = progress.run, progress.status
    if status == gen_runs.STATUS_RUNNING:
        st.session_state[SS_WATCHED] = run_id
    elif st.session_state.pop(SS_WATCHED, None) == run_id:
        st.rerun()  # the run just ended: redraw the whole page (Start button, estimate)
    with st.container(border=True):
        st.markdown(f"**{tr('generate.progress_title')}**")
        st.progress(progress.fraction, text=tr("generate.progress", done=progress.done, failed=progress.failed,
                                                remaining=progress.remaining, total=progress.total))
        if progress.waiting_s is not None:
            st.info(tr("generate.waiting_rate_limit" if progress.waiting_reason == "rate_limited"
                       else "generate.waiting_other", seconds=math.ceil(progress.waiting_s),
                       reason=progress.waiting_reason or ""), icon=":material/hourglass_top:")
        rate, eta, cost = st.columns(3)
        rate.metric(tr("generate.rate"), tr("generate.rate_value", rate=progress.rate_per_min)
                    if progress.rate_per_min else tr("generate.unknown"))
        eta.metric(tr("generate.eta"), _duration(progress.eta_s) if progress.eta_s is not None or not progress.waiting_s
                   else tr("generate.eta_paused"))
        cost.metric(tr("generate.cost_so_far"), f"${progress.cost_usd:.4f}")
        if run.mode == gen_runs.MODE_BATCH and status == gen_runs.STATUS_RUNNING:
            if not connection.has_key:
                st.warning(tr("generate.batch_waiting_key"))
            elif run.external_id:
                st.info(tr("generate.batch_status", id=run.external_id, status=external_status or "…",
                           completed=counts.get("completed", 0), total=counts.get("total", progress.total),
                           failed=counts.get("failed", 0)))
            else:
                st.info(tr("generate.batch_submitting"))
        elif status == gen_runs.STATUS_FAILED:
            st.error(f"{tr('generate.status_failed')} {_problem_text(run)}")
        elif status == gen_runs.STATUS_INTERRUPTED:
            st.warning(tr("generate.status_interrupted"))
        elif status != gen_runs.STATUS_RUNNING:
            st.caption(tr(f"generate.status_{status}"))
        _controls(run, status, connection)
        st.page_link("pages/3_Curate.py", label=tr("generate.see_curate"), icon=":material/edit_note:")


def _controls(run: gen_runs.GenRun, status: str, connection: ConnectionSettings) -> None:
    tr = ui.tr
    pause, resume, cancel = st.columns(3)
    live_running = status == gen_runs.STATUS_RUNNING and run.mode == gen_runs.MODE_LIVE
    if pause.button(tr("generate.pause"), key=f"gen_pause_{run.id}", disabled=not live_running,
                    icon=":material/pause:"):
        with ui.open_store() as store:
            gen_runs.pause_run(store, run.id)
        st.rerun()
    if resume.button(tr("generate.resume"), key=f"gen_resume_{run.id}", help=tr("generate.resume_help"),
                     disabled=not (gen_runs.can_resume(run) and connection.has_key), icon=":material/play_arrow:"):
        with ui.open_store() as store:
            gen_runs.start_run(store, run.id, connection)
        st.rerun()
    if cancel.button(tr("generate.cancel"), key=f"gen_cancel_{run.id}", icon=":material/stop:",
                     disabled=status in (gen_runs.STATUS_COMPLETED, gen_runs.STATUS_CANCELLED)):
        with ui.open_store() as store:
            if run.mode == gen_runs.MODE_BATCH:
                batch.cancel(store, run.id, connection)
            else:
                gen_runs.cancel_run(store, run.id)
        st.rerun()


def synthetic_panel(store: Store, project_id: int, connection: ConnectionSettings, model: str) -> None:
    """New questions from a topic and examples, or paraphrases; added as drafts with near-duplicate flags."""
    tr = ui.tr
    existing = synthetic.existing_questions(store, project_id)
    with st.expander(tr("generate.synthetic"), icon=":material/add_comment:"):
        st.caption(tr("generate.synthetic_intro"))
        if st.button(tr("generate.find_duplicates"), key="gen_find_duplicates", help=tr("generate.find_duplicates_help")):
            pairs = synthetic.near_duplicate_pairs(existing[:MAX_COMPARED])
            texts = dict(existing)
            st.caption(tr("generate.near_duplicates", count=len(pairs)))
            st.markdown("\n".join(f"- #{a} “{texts[a]}” ↔ #{b} “{texts[b]}” ({score:.2f})" for a, b, score in pairs[:20]))
        mode = st.radio(tr("generate.synthetic_mode"), synthetic.MODES, horizontal=True, key=W + "syn_mode",
                        format_func=lambda m: tr(f"generate.synthetic_{m}"), help=tr("generate.synthetic_mode_help"))
        topic = st.text_input(tr("generate.synthetic_topic"), key=W + "syn_topic",
                              help=tr("generate.synthetic_topic_help"))
        labels = dict(existing[:MAX_COMPARED])
        examples = st.multiselect(tr("generate.synthetic_examples"), list(labels), default=list(labels)[:5],
                                  format_func=lambda i: labels.get(i, str(i)), key=W + "syn_examples",
                                  help=tr("generate.synthetic_examples_help"),
                                  placeholder=tr("generate.synthetic_examples_placeholder"))
        count = st.number_input(tr("generate.synthetic_count"), 1, synthetic.MAX_QUESTIONS, 10, key=W + "syn_count",
                                help=tr("generate.synthetic_count_help"))
        if st.button(tr("generate.synthetic_go"), key="gen_syn_go", disabled=not connection.has_key):
            with st.spinner(tr("generate.synthetic_go")):
                result = synthetic.generate_questions(connection, model, mode=mode, topic=topic,
                                                      examples=[labels[i] for i in examples if i in labels],
                                                      count=int(count), existing=existing, lang=ui.lang())
            if result.error:
                st.error(result.error)
            elif not result.candidates:
                st.warning(tr("generate.synthetic_none"))
            else:
                synthetic.add_candidates(store, project_id, result.candidates)
                flagged = sum(c.near_duplicate for c in result.candidates)
                st.success(tr("generate.synthetic_added", count=len(result.candidates), flagged=flagged))
                for candidate in result.candidates:
                    note = f" — {tr('generate.similar_to', question=candidate.similar_to)}" if candidate.near_duplicate else ""
                    st.markdown(f"- {candidate.question}{note}")
