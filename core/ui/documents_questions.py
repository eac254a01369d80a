"""The Documents page's question panel: which chunks, which style, how many, the cost first, then the job.

Drawing and dispatch only; writing the questions lives in ``core.workflows.grounded``.
"""

from __future__ import annotations

import streamlit as st

from core import ui
from core.data.store import Project, Store
from core.dataset.documents.sources import SourceChunk, stored_sources
from core.ui import documents_question_runs as question_runs
from core.ui.chat_models import model_choices
from core.ui.job_outcome import finished_result
from core.ui.spend import spend_button
from core.ui.state import (
    W_DOCUMENTS_ALL_CHUNKS,
    W_DOCUMENTS_CHUNKS,
    W_DOCUMENTS_GO,
    W_DOCUMENTS_MODEL,
    W_DOCUMENTS_PER_CHUNK,
    W_DOCUMENTS_STYLE,
)
from core.workflows import generation, grounded, question_batch, runner
from core.workflows.spending import ACTION_DOCUMENT_QUESTIONS, ACTION_DOCUMENT_QUESTIONS_BATCH

POLL_S = 1.0
DEFAULT_PER_CHUNK = 3
GENERATE_PAGE = "pages/2_Generate.py"
CURATE_PAGE = "pages/3_Curate.py"


def _chosen(chunks: list[SourceChunk]) -> list[SourceChunk]:
    if st.checkbox(
        ui.tr("documents.all_chunks"), value=True, key=W_DOCUMENTS_ALL_CHUNKS, help=ui.tr("documents.all_chunks_help")
    ):
        return chunks
    names = {index: f"{c.document} · {c.position + 1} · {c.heading or '-'}" for index, c in enumerate(chunks)}
    picked = st.multiselect(
        ui.tr("documents.pick_chunks"),
        list(names),
        format_func=lambda index: names.get(index, str(index)),
        key=W_DOCUMENTS_CHUNKS,
        placeholder=ui.tr("documents.pick_chunks_placeholder"),
        help=ui.tr("documents.pick_chunks_help"),
    )
    return [chunks[index] for index in picked if index < len(chunks)]


def questions_panel(store: Store, project: Project) -> None:
    """Choose stored chunks, style and count; the highest cost; the button; what the last job added."""
    tr = ui.tr
    st.subheader(tr("documents.questions_title"))
    st.caption(tr("documents.questions_how"))
    stored = stored_sources(store, project.id)
    connection = ui.connection_settings()
    models, _why = model_choices(connection)
    # The project's Generate model first: the one the person already chose for this project.
    preferred = generation.load_options(store, project.id).model
    index = models.index(preferred) if preferred in models else 0
    model = st.selectbox(
        tr("documents.model"), models, index=index, key=W_DOCUMENTS_MODEL, help=tr("documents.model_help")
    )
    chosen = _chosen(stored)
    style = st.radio(
        tr("documents.style"),
        grounded.STYLES,
        horizontal=True,
        key=ui.choice_key(W_DOCUMENTS_STYLE),
        format_func=ui.labels("documents.style_"),
        help=tr("documents.style_help"),
    )
    per_chunk = int(
        st.number_input(
            tr("documents.per_chunk"),
            1,
            grounded.MAX_PER_CHUNK,
            DEFAULT_PER_CHUNK,
            key=W_DOCUMENTS_PER_CHUNK,
            help=tr("documents.per_chunk_help"),
        )
    )
    is_batch = question_runs.batch_choice()
    remaining, done = grounded.still_to_ask(store, project.id, chosen, style)
    question_runs.done_note(done, len(chosen))
    overrides = generation.price_overrides(store, project.id)
    highest = grounded.highest_cost_usd(model, remaining, style, per_chunk, overrides=overrides, batch=is_batch)
    job = grounded.job_name(project.id, ui.session_id())
    batch_open = question_runs.batch_open(store, project.id, connection)
    if batch_open:
        st.caption(tr("docq.batch_open"))
    label = "docq.batch_go" if is_batch else "documents.questions_go"
    all_done = bool(chosen) and not remaining  # said above; no button that would send nothing
    if not all_done and spend_button(
        ACTION_DOCUMENT_QUESTIONS_BATCH if is_batch else ACTION_DOCUMENT_QUESTIONS,
        highest,
        tr(label, count=per_chunk * len(remaining), chunks=len(remaining)),
        key=W_DOCUMENTS_GO,
        type="primary",
        disabled=not connection.has_key or not remaining or runner.is_running(job) or batch_open,
        agreed_to={"model": model, "chunks": len(remaining), "style": style, "per_chunk": per_chunk, "batch": is_batch},
    ):
        if is_batch:
            question_batch.start(
                store, project.id, connection, model, remaining, style=style, per_chunk=per_chunk, lang=ui.lang()
            )
        else:
            grounded.start(
                store,
                project.id,
                connection,
                model,
                remaining,
                style=style,
                per_chunk=per_chunk,
                lang=ui.lang(),
                session_id=ui.session_id(),
            )
        st.rerun()
    if not connection.has_key:
        st.caption(tr("documents.needs_key"))
    running = runner.is_running(job)
    if running:
        question_runs.stop_button(project.id, job)
    st.fragment(run_every=POLL_S if running else None)(outcome)(job, running)
    question_runs.batch_panel(store, project.id, connection)


def outcome(job: str, was_running: bool) -> None:
    """What this session's last job wrote; polled while it runs."""
    tr = ui.tr
    result: grounded.ChunkQuestions | None = finished_result(job, was_running, "documents.writing")
    if result is None:
        return
    if result.error:
        st.error(result.error)
    if result.candidates:
        flagged = sum(candidate.near_duplicate for _, candidate in result.candidates)
        st.success(tr("documents.questions_added", count=len(result.candidates), flagged=flagged))
        st.page_link(GENERATE_PAGE, label=tr("documents.go_generate"), icon=":material/auto_awesome:")
        st.page_link(CURATE_PAGE, label=tr("documents.go_curate"), icon=":material/edit_note:")
    elif not result.error and not result.stopped:
        st.warning(tr("documents.questions_none"))
    if result.failed:
        st.warning(tr("documents.questions_failed", count=result.failed))
    question_runs.live_result(result)
