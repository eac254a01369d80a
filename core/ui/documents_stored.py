"""The Documents page's list of stored documents, each removable after a question (its rows always stay).

Drawing and dispatch only; the documents live in ``core.data.documents``.
"""

from __future__ import annotations

import streamlit as st

from core import ui
from core.data import documents
from core.data.store import Project, Store
from core.dataset.importers import markdown_safe
from core.ui.state import SS_DOCUMENTS_REMOVING, W_DOCUMENTS_REMOVE, W_DOCUMENTS_REMOVE_NO, W_DOCUMENTS_REMOVE_YES


def _ask(document_id: int) -> None:
    st.session_state[SS_DOCUMENTS_REMOVING] = document_id


def _confirm(store: Store, project: Project, document: documents.StoredDocument) -> None:
    """Removing asks first, and says that the questions written from it stay."""
    rows = documents.rows_written_from(store, project.id, document.id)
    question = "documents.remove_confirm" if rows else "documents.remove_confirm_unused"
    st.warning(ui.tr(question, file=markdown_safe(document.name), rows=rows))
    yes, no = st.columns(2)
    if yes.button(ui.tr("documents.remove_yes"), key=W_DOCUMENTS_REMOVE_YES, type="primary"):
        documents.delete_document(store, project.id, document.id)
        st.session_state.pop(SS_DOCUMENTS_REMOVING, None)
        ui.flash(ui.tr("documents.removed", file=markdown_safe(document.name), rows=rows))
        st.rerun()
    if no.button(ui.tr("documents.remove_no"), key=W_DOCUMENTS_REMOVE_NO):
        st.session_state.pop(SS_DOCUMENTS_REMOVING, None)
        st.rerun()


def show(store: Store, project: Project) -> list[documents.StoredDocument]:
    """The project's stored documents; returns them."""
    stored = documents.list_documents(store, project.id)
    st.subheader(ui.tr("documents.stored_title", count=len(stored)))
    if not stored:
        st.caption(ui.tr("documents.stored_none"))
        return stored
    removing = st.session_state.get(SS_DOCUMENTS_REMOVING)
    for document in stored:
        about, remove = st.columns([5, 1], vertical_alignment="center")
        about.markdown(
            ui.tr(
                "documents.stored_line",
                file=markdown_safe(document.name),
                chunks=document.chunk_count,
                size=document.chunk_size,
                overlap=document.chunk_overlap,
            )
        )
        remove.button(
            ui.tr("documents.remove"),
            key=f"{W_DOCUMENTS_REMOVE}{document.id}",
            on_click=_ask,
            args=(document.id,),
            help=ui.tr("documents.remove_help"),
        )
        if removing == document.id:
            _confirm(store, project, document)
    return stored
