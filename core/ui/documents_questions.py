"""The Documents page's question panel: which chunks, which style, how many, the cost first, then the job.

Drawing and dispatch only; writing the questions lives in ``core.workflows.grounded``.
"""

from __future__ import annotations

import streamlit as st

from core import ui
from core.data.store import Project, Store
from core.dataset.documents.sources import SourceChunk, stored_sources
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
from core.workflows import generation, grounded, runner
from core.workflows.spending import ACTION_DOCUMENT_QUESTIONS

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
    highest = grounded.highest_cost_usd(
        model, chosen, style, per_chunk, overrides=generation.price_overrides(store, project.id)
    )
    job = grounded.job_name(project.id, ui.session_id())
    if spend_button(
        ACTION_DOCUMENT_QUESTIONS,
        highest,
        tr("documents.questions_go", count=per_chunk * len(chosen), chunks=len(chosen)),
        key=W_DOCUMENTS_GO,
        type="primary",
        disabled=not connection.has_key or not chosen or runner.is_running(job),
        agreed_to={"model": model, "chunks": len(chosen), "style": style, "per_chunk": per_chunk},
    ):
        grounded.start(
            store,
            project.id,
            connection,
            model,
            chosen,
            style=style,
            per_chunk=per_chunk,
            lang=ui.lang(),
            session_id=ui.session_id(),
        )
        st.rerun()
    if not connection.has_key:
        st.caption(tr("documents.needs_key"))
    running = runner.is_running(job)
    st.fragment(run_every=POLL_S if running else None)(outcome)(job, running)


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
    elif not result.error:
        st.warning(tr("documents.questions_none"))
    if result.failed:
        st.warning(tr("documents.questions_failed", count=result.failed))
