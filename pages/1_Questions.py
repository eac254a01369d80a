"""Questions: import a CSV / Excel / JSONL file or pasted text, see a preview, then add the rows.

Reading and checking live in core/dataset/importers/; this page draws the choices
and dispatches. A preview is kept in the session only as a cache (keyed by the
file, the choices and the project's state), so a rerun doesn't re-read a big file.
"""

from collections.abc import Callable
from typing import Any

import streamlit as st

from core import ui
from core.data.store import Project, Store
from core.dataset import importers
from core.ui import import_preview
from core.ui.state import (
    SS_QUESTIONS_CACHE,
    SS_QUESTIONS_DONE,
    SS_QUESTIONS_NONCE,
    W_HEADER,
    W_IMPORT,
    W_PASTE,
    W_QUESTIONS_SOURCE,
    W_SHEET,
    W_UPLOAD,
)

SOURCES = ("file", "paste")


def cached(signature: tuple, compute: Callable[[], Any]) -> Any:
    """One slot per kind of value; recomputed only when its signature changes."""
    cache = st.session_state.setdefault(SS_QUESTIONS_CACHE, {})
    slot = signature[0]
    if slot not in cache or cache[slot][0] != signature:
        cache[slot] = (signature, compute())
    return cache[slot][1]


def store_state(store: Store, project: Project) -> tuple:
    """Changes whenever rows are added or removed, so duplicate checks are redone."""
    return project.id, project.updated_at, store.count_examples(project.id)


def file_preview(store: Store, project: Project, nonce: int) -> importers.ImportPreview | None:
    uploaded = st.file_uploader(
        ui.tr("questions.upload"),
        key=f"{W_UPLOAD}{nonce}",
        help=ui.tr("questions.upload_help", limit=importers.MAX_IMPORT_MB),
    )
    if uploaded is None:
        return None
    # detect_kind refuses files over MAX_IMPORT_MB with its own message.
    return data_preview(store, project, uploaded.name, uploaded.file_id, uploaded.getvalue())


def data_preview(store: Store, project: Project, name: str, file_id: str, data: bytes) -> importers.ImportPreview:
    """Sheet, header and column choices for a file (or pasted spreadsheet cells), then its preview."""
    state = store_state(store, project)
    kind = cached(("kind", file_id), lambda: importers.detect_kind(name, data))
    if isinstance(kind, importers.ImportProblem):
        return importers.ImportPreview(name, importers.KIND_CSV, problems=[kind])
    if kind == importers.KIND_JSONL:
        return cached(
            ("preview", file_id, state), lambda: importers.preview_jsonl(name, data, store.existing_keys(project.id))
        )
    sheet = None
    first = cached(("first", file_id), lambda: importers.open_table(name, data))
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
        else cached(("headed", file_id, sheet), lambda: importers.open_table(name, data, sheet=sheet))
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
        else cached(("plain", file_id, sheet), lambda: importers.open_table(name, data, sheet=sheet, has_header=False))
    )
    facts = importers.describe_table(table, ui.lang())
    if facts:
        st.caption(facts)
    widget_id = f"{file_id}_{sheet}_{has_header}"
    mapping = import_preview.mapping_widgets(table, widget_id) if table.usable else importers.ColumnMapping()
    return cached(
        ("preview", file_id, sheet, has_header, mapping, state),
        lambda: importers.preview_table(table, mapping, store.existing_keys(project.id)),
    )


def pasted_preview(store: Store, project: Project, nonce: int) -> importers.ImportPreview | None:
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
        return data_preview(store, project, ui.tr("questions.paste_source"), importers.content_id(data), data)
    return cached(
        ("preview", "paste", text, store_state(store, project)),
        lambda: importers.preview_pasted(text, store.existing_keys(project.id), ui.tr("questions.paste_source")),
    )


def run_import(store: Store, project: Project, preview: importers.ImportPreview) -> None:
    result = importers.commit_import(store, project.id, preview)
    if result.problem is not None:
        st.error(result.problem.message(ui.lang(), markdown=True))
        return
    st.session_state[SS_QUESTIONS_DONE] = {
        "file": importers.markdown_safe(preview.file_name),
        "added": result.added,
        "skipped": sum(result.skipped.values()),
        "pairs": result.preference_pairs,
    }
    st.session_state[SS_QUESTIONS_NONCE] = st.session_state.get(SS_QUESTIONS_NONCE, 0) + 1
    st.session_state.pop(SS_QUESTIONS_CACHE, None)
    st.rerun()


def show_last_import() -> None:
    done = st.session_state.pop(SS_QUESTIONS_DONE, None)
    if not done:
        return
    st.success(ui.tr("questions.imported", file=done["file"], added=done["added"], skipped=done["skipped"]))
    if done["pairs"]:
        st.caption(ui.tr("questions.imported_pairs", count=done["pairs"]))
    st.page_link("pages/3_Curate.py", label=ui.tr("questions.go_curate"), icon=":material/edit_note:")
    st.page_link("pages/2_Generate.py", label=ui.tr("questions.go_generate"), icon=":material/auto_awesome:")


def main() -> None:
    store, project = ui.page_setup("nav.questions")
    project = ui.require_project(project)
    st.caption(ui.tr("questions.how_it_works"))
    show_last_import()
    st.caption(ui.tr("questions.in_project", count=store.count_examples(project.id)))
    if ui.read_only_notice(project):
        return
    nonce = st.session_state.get(SS_QUESTIONS_NONCE, 0)
    # Labels are looked up now: a format_func must not depend on the session (AppTest calls it outside).
    labels = {name: ui.tr(f"questions.source_{name}") for name in SOURCES}
    source = st.radio(
        ui.tr("questions.source"),
        SOURCES,
        key=ui.choice_key(W_QUESTIONS_SOURCE),
        horizontal=True,
        format_func=labels.get,
        help=ui.tr("questions.source_help"),
    )
    if source == "paste":
        preview = pasted_preview(store, project, nonce)
    else:
        preview = file_preview(store, project, nonce)
    if preview is None:
        return
    import_preview.show_summary(preview)
    # The button sits above the (long) table so that it is in view without scrolling.
    if st.button(
        ui.tr("questions.import_button", count=preview.to_add),
        type="primary",
        key=W_IMPORT,
        disabled=not preview.can_import,
        help=ui.tr("questions.import_help"),
    ):
        run_import(store, project, preview)
    import_preview.show_rows(preview)


main()
