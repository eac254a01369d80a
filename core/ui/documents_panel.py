"""The Documents page's parts: the uploader, the chunk settings and the live preview of the chunks.

Drawing and dispatch only; converting and chunking live in ``core.dataset.documents``.
A converted document is kept in the session only as a cache (keyed by the
uploaded file), so moving the size or overlap re-chunks without re-reading a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core import ui
from core.data.store import Project, Store
from core.dataset.documents import (
    DEFAULT_OVERLAP,
    DEFAULT_SIZE,
    MAX_DOCUMENT_MB,
    Chunk,
    ConvertedDocument,
    DocumentError,
    chunk_text,
    convert_document,
)
from core.dataset.documents.chunking import MAX_SIZE, MIN_SIZE
from core.dataset.documents.kinds import SUPPORTED_EXTENSIONS
from core.dataset.documents.sources import save_document
from core.dataset.importers import markdown_safe
from core.ui.state import (
    SS_DOCUMENTS_CACHE,
    SS_DOCUMENTS_NONCE,
    SS_DOCUMENTS_OVERLAP,
    SS_DOCUMENTS_SIZE,
    W_DOCUMENTS_OVERLAP,
    W_DOCUMENTS_SAVE,
    W_DOCUMENTS_SIZE,
    W_DOCUMENTS_UPLOAD,
)

# The uploader also takes Hangul files, so that they get their own message instead of being greyed out.
UPLOAD_TYPES = [extension.lstrip(".") for extension in (*SUPPORTED_EXTENSIONS, ".hwp", ".hwpx")]
# Chunks shown per document in the preview; the count says how many there are in all.
PREVIEW_CHUNKS = 12
SIZE_STEP = 100


@dataclass(frozen=True)
class ReadDocument:
    """One uploaded file: its text, or the problem that kept it from being read."""

    name: str
    document: ConvertedDocument | None = None
    problem: DocumentError | None = None


def uploaded_documents(nonce: int) -> list[ReadDocument]:
    """The uploader, then each file picked converted (from the cache when it was already)."""
    files = st.file_uploader(
        ui.tr("documents.upload"),
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=f"{W_DOCUMENTS_UPLOAD}{nonce}",
        help=ui.tr("documents.upload_help", limit=MAX_DOCUMENT_MB),
    )
    cache: dict[str, ReadDocument] = st.session_state.setdefault(SS_DOCUMENTS_CACHE, {})
    read = []
    for file in files or []:
        if file.file_id not in cache:
            with st.spinner(ui.tr("documents.reading", file=markdown_safe(file.name))):
                try:
                    cache[file.file_id] = ReadDocument(file.name, document=convert_document(file.name, file.getvalue()))
                except DocumentError as problem:
                    cache[file.file_id] = ReadDocument(file.name, problem=problem)
        read.append(cache[file.file_id])
    return read


def _remember(widget: str, plain: str) -> None:
    st.session_state[plain] = st.session_state[widget]


def chunk_settings() -> tuple[int, int]:
    """The size and overlap boxes (in characters), kept across page switches."""
    size_column, overlap_column = st.columns(2)
    size = size_column.number_input(
        ui.tr("documents.size"),
        min_value=MIN_SIZE,
        max_value=MAX_SIZE,
        step=SIZE_STEP,
        value=int(st.session_state.get(SS_DOCUMENTS_SIZE, DEFAULT_SIZE)),
        key=W_DOCUMENTS_SIZE,
        on_change=_remember,
        args=(W_DOCUMENTS_SIZE, SS_DOCUMENTS_SIZE),
        help=ui.tr("documents.size_help"),
    )
    overlap = overlap_column.number_input(
        ui.tr("documents.overlap"),
        min_value=0,
        max_value=MAX_SIZE // 2,
        step=10,
        value=int(st.session_state.get(SS_DOCUMENTS_OVERLAP, DEFAULT_OVERLAP)),
        key=W_DOCUMENTS_OVERLAP,
        on_change=_remember,
        args=(W_DOCUMENTS_OVERLAP, SS_DOCUMENTS_OVERLAP),
        help=ui.tr("documents.overlap_help"),
    )
    if overlap > size // 2:
        st.caption(ui.tr("documents.overlap_capped", overlap=size // 2))
    return int(size), int(overlap)


def show_problems(read: list[ReadDocument]) -> None:
    """One plain message per file that couldn't be read; the others go on."""
    for item in read:
        if item.problem is not None:
            details = {k: markdown_safe(v) if isinstance(v, str) else v for k, v in item.problem.details.items()}
            st.error(ui.tr(item.problem.key, **details), icon=":material/error:")


def _show_chunk(chunk: Chunk) -> None:
    with st.container(border=True):
        heading = markdown_safe(chunk.heading) if chunk.heading else ui.tr("documents.no_heading")
        st.caption(
            ui.tr("documents.chunk_caption", position=chunk.position + 1, heading=heading, length=len(chunk.text))
        )
        st.text(chunk.text)


def show_preview(document: ConvertedDocument, chunks: list[Chunk]) -> None:
    """A document's chunks as they will be stored: heading path, place and text."""
    title = ui.tr("documents.preview_title", file=markdown_safe(document.name), count=len(chunks))
    with st.expander(title, expanded=True):
        for chunk in chunks[:PREVIEW_CHUNKS]:
            _show_chunk(chunk)
        if len(chunks) > PREVIEW_CHUNKS:
            st.caption(ui.tr("documents.more_chunks", count=len(chunks) - PREVIEW_CHUNKS))


def chunked(read: list[ReadDocument], size: int, overlap: int) -> list[tuple[ConvertedDocument, list[Chunk]]]:
    """Each readable document with its chunks at these settings (fast: the text is already converted)."""
    return [(item.document, chunk_text(item.document.markdown, size, overlap)) for item in read if item.document]


def save_button(
    store: Store, project: Project, documents: list[tuple[ConvertedDocument, list[Chunk]]], size: int, overlap: int
) -> None:
    """Store every readable document with its chunks as previewed; then a fresh, empty uploader."""
    chunks = sum(len(found) for _, found in documents)
    if not st.button(
        ui.tr("documents.save", count=len(documents), chunks=chunks),
        type="primary",
        key=W_DOCUMENTS_SAVE,
        help=ui.tr("documents.save_help"),
    ):
        return
    for document, _ in documents:
        save_document(store, project.id, document, size, overlap)
    st.session_state[SS_DOCUMENTS_NONCE] = st.session_state.get(SS_DOCUMENTS_NONCE, 0) + 1
    st.session_state.pop(SS_DOCUMENTS_CACHE, None)
    ui.flash(ui.tr("documents.saved", count=len(documents), chunks=chunks))
    st.rerun()
