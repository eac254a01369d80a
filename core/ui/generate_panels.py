"""Generate page panels: live progress of the latest run, and synthetic questions.

Drawing and dispatch only; the logic is in ``core.workflows.generation``, ``core.workflows.batch``
and ``core.workflows.synthetic``. Progress is read from the store every second by a
fragment, so it shows the truth whatever thread or restart wrote it.
"""

from __future__ import annotations

import math

import streamlit as st

from core import ui
from core.data.store import Store
from core.providers import api_errors
from core.providers.client import ConnectionSettings
from core.ui.job_outcome import finished_result
from core.ui.spend import spend_button
from core.ui.state import SS_GENERATE_WATCHED as SS_WATCHED
from core.ui.state import W_GEN, W_GEN_CANCEL, W_GEN_FIND_DUPLICATES, W_GEN_PAUSE, W_GEN_RESUME, W_GEN_SYNTHETIC_GO
from core.workflows import batch, generation, runner, synthetic
from core.workflows.spending import ACTION_GENERATE, ACTION_SYNTHETIC

POLL_S = 1.0
SYNTHETIC_POLL_S = 1.0
W = W_GEN
# The example picker offers this many questions; a longer list is hard to scroll.
MAX_EXAMPLE_CHOICES = 300


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ui.tr("generate.unknown")
    minutes, rest = divmod(int(round(seconds)), 60)
    return (
        ui.tr("generate.minutes", minutes=minutes, seconds=rest) if minutes else ui.tr("generate.seconds", seconds=rest)
    )


def problem_text(run: generation.GenRun, batch_failed_key: str = "generate.batch_failed") -> str:
    """Why a run failed, in the reader's language ("" when it stored no problem).

    A batch's own failure reads with ``batch_failed_key`` (what the batch was to bring back); any
    other problem is the provider's error, explained.
    """
    problem = generation.problem_from_text(run.error)
    if problem is None:
        return ""
    if problem.kind.startswith("batch_"):
        return ui.tr(batch_failed_key, detail=problem.detail or problem.kind)
    return api_errors.explain(problem, ui.lang())


def progress_panel(store: Store, project_id: int, connection: ConnectionSettings) -> None:
    """The latest run's progress; refreshes itself every second while the run is going on."""
    run = generation.latest_run(store, project_id)
    if run is None:
        return
    live = run.status == generation.STATUS_RUNNING
    st.fragment(run_every=POLL_S if live else None)(_progress)(project_id, run.id, connection)


def _progress(project_id: int, run_id: int, connection: ConnectionSettings) -> None:
    tr = ui.tr
    with ui.open_store() as store:
        progress = generation.run_progress(store, run_id)
        external_status, counts = batch.batch_state(store, run_id)
    if progress is None:
        return
    run, status = progress.run, progress.status
    if status == generation.STATUS_RUNNING:
        st.session_state[SS_WATCHED] = run_id
    elif st.session_state.pop(SS_WATCHED, None) == run_id:
        st.rerun()  # the run just ended: redraw the whole page (Start button, estimate)
    with st.container(border=True):
        st.markdown(f"**{tr('generate.progress_title')}**")
        st.progress(
            progress.fraction,
            text=tr(
                "generate.progress",
                done=progress.done,
                failed=progress.failed,
                remaining=progress.remaining,
                total=progress.total,
            ),
        )
        if progress.waiting_s is not None:
            st.info(
                tr(
                    "generate.waiting_rate_limit"
                    if progress.waiting_reason == "rate_limited"
                    else "generate.waiting_other",
                    seconds=math.ceil(progress.waiting_s),
                    reason=progress.waiting_reason or "",
                ),
                icon=":material/hourglass_top:",
            )
        rate, eta, cost = st.columns(3)
        rate.metric(
            tr("generate.rate"),
            tr("generate.rate_value", rate=progress.rate_per_min) if progress.rate_per_min else tr("generate.unknown"),
        )
        eta.metric(
            tr("generate.eta"),
            _duration(progress.eta_s)
            if progress.eta_s is not None or not progress.waiting_s
            else tr("generate.eta_paused"),
        )
        cost.metric(tr("generate.cost_so_far"), f"${progress.cost_usd:.4f}")
        if run.mode == generation.MODE_BATCH and status == generation.STATUS_RUNNING:
            if not connection.has_key:
                st.warning(tr("generate.batch_waiting_key"))
            elif run.external_id:
                st.info(
                    tr(
                        "generate.batch_status",
                        id=run.external_id,
                        status=external_status or "…",
                        completed=counts.get("completed", 0),
                        total=counts.get("total", progress.total),
                        failed=counts.get("failed", 0),
                    )
                )
            else:
                st.info(tr("generate.batch_submitting"))
        elif status == generation.STATUS_FAILED:
            st.error(f"{tr('generate.status_failed')} {problem_text(run)}")
        elif status == generation.STATUS_INTERRUPTED:
            st.warning(tr("generate.status_interrupted"))
        elif status != generation.STATUS_RUNNING:
            st.caption(tr(f"generate.status_{status}"))
        with ui.open_store() as store:
            from core.ui import safety

            live_left = run.mode == generation.MODE_LIVE and status != generation.STATUS_COMPLETED
            left_usd = generation.remaining_cost_usd(store, run.id) if live_left else None
            may = status in (generation.STATUS_COMPLETED, generation.STATUS_CANCELLED) or safety.job_control(
                store, generation.job_name(run.id), left_usd
            )
        _controls(run, status, connection, may)
        st.page_link("pages/3_Curate.py", label=tr("generate.see_curate"), icon=":material/edit_note:")


def _controls(run: generation.GenRun, status: str, connection: ConnectionSettings, may: bool = True) -> None:
    """Pause, resume and cancel; only for the key that started the run (or the unlocked owner)."""
    tr = ui.tr
    pause, resume, cancel = st.columns(3)
    live_running = status == generation.STATUS_RUNNING and run.mode == generation.MODE_LIVE
    if pause.button(
        tr("generate.pause"), key=f"{W_GEN_PAUSE}{run.id}", disabled=not (live_running and may), icon=":material/pause:"
    ):
        with ui.open_store() as store:
            generation.pause_run(store, run.id, connection, ui.owner_unlocked())
        st.rerun()
    resumable = generation.can_resume(run) and connection.has_key and may
    with ui.open_store() as store:
        remaining = generation.remaining_cost_usd(store, run.id) if resumable else 0.0
    with resume:
        if spend_button(
            ACTION_GENERATE,
            remaining,
            tr("generate.resume"),
            key=f"{W_GEN_RESUME}{run.id}",
            help=tr("generate.resume_help"),
            disabled=not resumable,
            icon=":material/play_arrow:",
        ):
            with ui.open_store() as store:
                generation.start_run(store, run.id, connection, ui.owner_unlocked())
            st.rerun()
    if cancel.button(
        tr("generate.cancel"),
        key=f"{W_GEN_CANCEL}{run.id}",
        icon=":material/stop:",
        disabled=status in (generation.STATUS_COMPLETED, generation.STATUS_CANCELLED) or not may,
    ):
        with ui.open_store() as store:
            if run.mode == generation.MODE_BATCH:
                batch.cancel(store, run.id, connection, ui.owner_unlocked())
            else:
                generation.cancel_run(store, run.id, connection, ui.owner_unlocked())
        st.rerun()


def synthetic_panel(store: Store, project_id: int, connection: ConnectionSettings, model: str) -> None:
    """New questions from a topic and examples, or paraphrases; added as drafts with near-duplicate flags."""
    tr = ui.tr
    existing = synthetic.existing_questions(store, project_id)
    with st.expander(tr("generate.synthetic"), icon=":material/add_comment:"):
        st.caption(tr("generate.synthetic_intro"))
        if st.button(
            tr("generate.find_duplicates"), key=W_GEN_FIND_DUPLICATES, help=tr("generate.find_duplicates_help")
        ):
            with st.spinner(tr("generate.find_duplicates")):  # every pair: seconds for thousands of questions
                pairs = synthetic.near_duplicate_pairs(existing)
            texts = dict(existing)
            st.caption(tr("generate.near_duplicates", count=len(pairs)))
            st.markdown(
                "\n".join(f"- #{a} “{texts[a]}” ↔ #{b} “{texts[b]}” ({score:.2f})" for a, b, score in pairs[:20])
            )
        mode = st.radio(
            tr("generate.synthetic_mode"),
            synthetic.MODES,
            horizontal=True,
            key=ui.choice_key(W + "syn_mode"),
            format_func=ui.labels("generate.synthetic_"),
            help=tr("generate.synthetic_mode_help"),
        )
        topic = st.text_input(
            tr("generate.synthetic_topic"), key=W + "syn_topic", help=tr("generate.synthetic_topic_help")
        )
        labels = dict(existing[:MAX_EXAMPLE_CHOICES])
        examples = st.multiselect(
            tr("generate.synthetic_examples"),
            list(labels),
            default=list(labels)[:5],
            format_func=lambda i: labels.get(i, str(i)),
            key=W + "syn_examples",
            help=tr("generate.synthetic_examples_help"),
            placeholder=tr("generate.synthetic_examples_placeholder"),
            select_all=False,
        )
        count = st.number_input(
            tr("generate.synthetic_count"),
            1,
            synthetic.MAX_QUESTIONS,
            10,
            key=W + "syn_count",
            help=tr("generate.synthetic_count_help"),
        )
        chosen_examples = [labels[i] for i in examples if i in labels]
        highest = synthetic.highest_cost_usd(
            model,
            mode=mode,
            topic=topic,
            examples=chosen_examples,
            count=int(count),
            overrides=generation.price_overrides(store, project_id),
        )
        job = synthetic.job_name(project_id, ui.session_id())
        if spend_button(
            ACTION_SYNTHETIC,
            highest,
            tr("generate.synthetic_go"),
            key=W_GEN_SYNTHETIC_GO,
            disabled=not connection.has_key or runner.is_running(job),
        ):
            synthetic.start(
                store,
                project_id,
                connection,
                model,
                mode=mode,
                topic=topic,
                examples=chosen_examples,
                count=int(count),
                lang=ui.lang(),
                session_id=ui.session_id(),
            )
            st.rerun()
        running = runner.is_running(job)
        st.fragment(run_every=SYNTHETIC_POLL_S if running else None)(synthetic_outcome)(job, running)


def synthetic_outcome(job: str, was_running: bool) -> None:
    """What the last "more questions" job of this session did; polled while it runs."""
    tr = ui.tr
    result = finished_result(job, was_running, "runner.synthetic_working")
    if result is None:
        return
    if result.error:
        st.error(result.error)
    elif not result.candidates:
        st.warning(tr("generate.synthetic_none"))
    else:
        flagged = sum(c.near_duplicate for c in result.candidates)
        st.success(tr("generate.synthetic_added", count=len(result.candidates), flagged=flagged))
        for candidate in result.candidates:
            similar = tr("generate.similar_to", question=candidate.similar_to)
            note = f" — {similar}" if candidate.near_duplicate else ""
            st.markdown(f"- {candidate.question}{note}")
