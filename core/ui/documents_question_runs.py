"""The Documents page's question runs: what is done already, Stop for a live run, and the questions batch.

Drawing and dispatch only; the logic lives in ``core.workflows.grounded`` (live, resume) and
``core.workflows.question_batch`` (Batch mode). A batch's state is read from the store, so it
shows the truth whatever thread or restart wrote it.
"""

from __future__ import annotations

import streamlit as st

from core import ui
from core.data.store import Store
from core.providers.client import ConnectionSettings
from core.ui.generate_panels import POLL_S, problem_text
from core.ui.state import W_DOCUMENTS_BATCH, W_DOCUMENTS_BATCH_CANCEL, W_DOCUMENTS_STOP
from core.workflows import batch, generation, grounded, question_batch, runner


def batch_choice() -> bool:
    """The "Batch mode" tick box; True when the questions go through the Batch API."""
    return st.checkbox(ui.tr("docq.batch"), key=W_DOCUMENTS_BATCH, help=ui.tr("docq.batch_help"))


def done_note(done: int, total: int) -> None:
    """Say how many chosen chunks are done already in this style, so only the rest are sent (and priced)."""
    if done and done == total:
        st.info(ui.tr("docq.all_done"), icon=":material/task_alt:")
    elif done:
        st.info(ui.tr("docq.already_done", done=done, total=total, rest=total - done), icon=":material/task_alt:")


def stop_button(project_id: int, job: str) -> None:
    """Stop the live run of this session; what arrived stays."""
    if st.button(
        ui.tr("docq.stop"),
        key=W_DOCUMENTS_STOP,
        icon=":material/stop:",
        disabled=not runner.is_running(job) or runner.stop_requested(job),
        help=ui.tr("docq.stop_help"),
    ):
        grounded.stop(project_id, ui.session_id())
        st.rerun()


def live_result(result: grounded.ChunkQuestions) -> None:
    """How a live run ended, beyond the questions it added: chunks left out as done, or a stop."""
    if result.skipped:
        st.caption(ui.tr("docq.skipped", count=result.skipped))
    if result.stopped:
        st.info(ui.tr("docq.stopped", count=len(result.candidates)), icon=":material/stop_circle:")


def batch_open(store: Store, project_id: int, connection: ConnectionSettings) -> bool:
    """Pick up this key's open questions batches after a restart; True while the latest one is open."""
    question_batch.resume_polling(store, project_id, connection)
    run = question_batch.latest(store, project_id)
    return run is not None and run.status == generation.STATUS_RUNNING


def batch_panel(store: Store, project_id: int, connection: ConnectionSettings) -> None:
    """The latest questions batch, polled while it is open."""
    run = question_batch.latest(store, project_id)
    if run is None:
        return
    live = run.status == generation.STATUS_RUNNING
    st.fragment(run_every=POLL_S if live else None)(_batch_state)(run.id, live, connection)


def _batch_state(run_id: int, was_open: bool, connection: ConnectionSettings) -> None:
    tr = ui.tr
    with ui.open_store() as store:
        run = generation.get_run(store, run_id)
        external_status, detail = batch.batch_state(store, run_id)
    if run is None:
        return
    if was_open and run.status != generation.STATUS_RUNNING:
        st.rerun()  # it just ended: redraw the page (its button, the done chunks)
    with st.container(border=True):
        st.markdown(f"**{tr('docq.batch_title')}**")
        if run.status == generation.STATUS_RUNNING:
            _open_batch(run, external_status, detail, connection)
        elif run.status == generation.STATUS_COMPLETED:
            count = int(detail.get(question_batch.DETAIL_QUESTIONS) or 0)
            st.success(tr("docq.batch_done", count=count, flagged=int(detail.get(question_batch.DETAIL_FLAGGED) or 0)))
        elif run.status == generation.STATUS_CANCELLED:
            st.caption(tr("docq.batch_cancelled"))
        else:
            st.error(
                problem_text(run, "docq.batch_failed") or tr("docq.batch_failed", detail=external_status or run.status)
            )
        failed = int(detail.get(question_batch.DETAIL_CHUNKS_FAILED) or 0)
        if failed:
            why = tr(
                "docq.chunk_failed",
                status=detail.get(question_batch.DETAIL_FIRST_STATUS) or "-",
                detail=detail.get(question_batch.DETAIL_FIRST_ERROR) or "",
            )
            st.warning(tr("docq.batch_chunks_failed", count=failed, detail=why))


def _open_batch(
    run: generation.GenRun, external_status: str | None, detail: dict[str, object], connection: ConnectionSettings
) -> None:
    tr = ui.tr
    if not connection.has_key:
        st.warning(tr("docq.batch_waiting_key"))
        return
    if run.external_id:
        st.info(
            tr(
                "docq.batch_status",
                id=run.external_id,
                status=external_status or "…",
                completed=detail.get("completed", 0),
                total=detail.get("total", "?"),
                failed=detail.get("failed", 0),
            )
        )
    else:
        st.info(tr("docq.batch_submitting"))
    with ui.open_store() as store:
        from core.ui import safety

        may = safety.job_control(store, generation.job_name(run.id))
    if st.button(
        tr("docq.batch_cancel"), key=f"{W_DOCUMENTS_BATCH_CANCEL}{run.id}", icon=":material/stop:", disabled=not may
    ):
        with ui.open_store() as store:
            question_batch.cancel(store, run.id, connection, ui.owner_unlocked())
        st.rerun()
