"""Questions page sources: a file or pasted text, with its sheet, header and column choices, read into a preview.

Drawing and dispatch only; reading and checking live in ``core.dataset.importers``. A preview is kept in the
session only as a cache (keyed by the file, the choices and the project's state), so a rerun doesn't re-read
a big file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from core import ui
from core.data.store import Project, Store
from core.dataset import importers
from core.ui import import_preview
from core.ui.state import SS_QUESTIONS_CACHE, W_HEADER, W_PASTE, W_SHEET, W_UPLOAD


def _cached(signature: tuple, compute: Callable[[], Any]) -> Any:
    """One slot per kind of value; recomputed only when its signature changes."""
    cache = st.session_state.setdefault(SS_QUESTIONS_CACHE, {})
    slot = signature[0]
    if slot not in cache or cache[slot][0] != signature:
        cache[slot] = (signature, compute())
    return cache[slot][1]


def _store_state(store: Store, project: Project) -> tuple:
    """Changes whenever rows are added or removed, so duplicate checks are redone."""
    return project.id, project.updated_at, store.count_examples(project.id)


def file_preview(store: Store, project: Project, nonce: int) -> importers.ImportPreview | None:
    """The uploader, then the preview of the file picked (None until there is one)."""
    uploaded = st.file_uploader(
        ui.tr("questions.upload"),
        key=f"{W_UPLOAD}{nonce}",
        help=ui.tr("questions.upload_help", limit=importers.MAX_IMPORT_MB),
    )
    if uploaded is None:
        return None
    # detect_kind refuses files over MAX_IMPORT_MB with its own message.
    return _data_preview(store, project, uploaded.name, uploaded.file_id, uploaded.getvalue())


def _data_preview(store: Store, project: Project, name: str, file_id: str, data: bytes) -> importers.ImportPreview:
    """Sheet, header and column choices for a file (or pasted spreadsheet cells), then its preview."""
    state = _store_state(store, project)
    kind = _cached(("kind", file_id), lambda: importers.detect_kind(name, data))
    if isinstance(kind, importers.ImportProblem):
        return importers.ImportPreview(name, importers.KIND_CSV, problems=[kind])
    if kind == importers.KIND_JSONL:
        return _cached(
            ("preview", file_id, state), lambda: importers.preview_jsonl(name, data, store.existing_keys(project.id))
        )
    sheet = None
    first = _cached(("first", file_id), lambda: importers.open_table(name, data))
    if first.sheets:
        sheet = st.selectbox(
            ui.tr("questions.sheet"),
            first.sheets,
            index=first.sheets.index(first.sheet),
            key=f"{W_SHEET}{file_id}",
            help=ui.tr("questions.sheet_help"),
        )
    headed = (
        first
        if sheet == first.sheet
        else _cached(("headed", file_id, sheet), lambda: importers.open_table(name, data, sheet=sheet))
    )
    has_header = st.checkbox(
        ui.tr("questions.has_header"),
        value=importers.header_likely(headed),
        key=f"{W_HEADER}{file_id}_{sheet}",
        help=ui.tr("questions.has_header_help"),
    )
    table = (
        headed
        if has_header
        else _cached(("plain", file_id, sheet), lambda: importers.open_table(name, data, sheet=sheet, has_header=False))
    )
    facts = importers.describe_table(table, ui.lang())
    if facts:
        st.caption(facts)
    widget_id = f"{file_id}_{sheet}_{has_header}"
    mapping = import_preview.mapping_widgets(table, widget_id) if table.usable else importers.ColumnMapping()
    return _cached(
        ("preview", file_id, sheet, has_header, mapping, state),
        lambda: importers.preview_table(table, mapping, store.existing_keys(project.id)),
    )


def pasted_preview(store: Store, project: Project, nonce: int) -> importers.ImportPreview | None:
    """The paste box, then the preview of what was pasted (None while it is empty)."""
    text = st.text_area(
        ui.tr("questions.paste_label"),
        key=f"{W_PASTE}{nonce}",
        height=200,
        placeholder=ui.tr("questions.paste_placeholder"),
        help=ui.tr("questions.paste_help"),
    )
    if not text.strip():
        return None
    if importers.looks_like_spreadsheet_paste(text):
        # Cells copied from Excel arrive tab-separated: read them like a file, with a column mapping.
        data = text.encode("utf-8")
        return _data_preview(store, project, ui.tr("questions.paste_source"), importers.content_id(data), data)
    return _cached(
        ("preview", "paste", text, _store_state(store, project)),
        lambda: importers.preview_pasted(text, store.existing_keys(project.id), ui.tr("questions.paste_source")),
    )
