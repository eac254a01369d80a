"""Documents: upload manuals, PDFs or web pages, see each file's problems and a live preview of its chunks.

Converting and chunking live in core/dataset/documents/; the uploader, the
settings and the preview are in core/ui/documents_panel.py. This page draws and dispatches.
"""

import streamlit as st

from core import ui
from core.ui import documents_panel, documents_questions, documents_scope, documents_stored
from core.ui.state import SS_DOCUMENTS_NONCE


def main() -> None:
    store, project = ui.page_setup("nav.documents")
    project = ui.require_project(project)
    st.caption(ui.tr("documents.how_it_works"))
    if ui.read_only_notice(project):
        return
    read = documents_panel.uploaded_documents(st.session_state.get(SS_DOCUMENTS_NONCE, 0))
    documents_panel.show_problems(read)
    if any(item.document for item in read):
        size, overlap = documents_panel.chunk_settings()
        documents = documents_panel.chunked(read, size, overlap)
        # Above the (long) preview, so that it is in view without scrolling.
        documents_panel.save_button(store, project, documents, size, overlap)
        for document, chunks in documents:
            documents_panel.show_preview(document, chunks)
    if documents_stored.show(store, project):
        documents_questions.questions_panel(store, project)
        documents_scope.scope_panel(store, project)


main()
