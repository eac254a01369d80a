"""Questions: import a CSV / Excel / JSONL file or pasted text, see a preview, then add the rows.

Reading and checking live in core/dataset/importers/; the source choices and the
preview cache are in core/ui/import_sources.py. This page draws and dispatches.
"""

import streamlit as st

from core import ui
from core.data.store import Project, Store
from core.dataset import importers
from core.ui import import_preview, import_sources
from core.ui.state import (
    SS_QUESTIONS_CACHE,
    SS_QUESTIONS_DONE,
    SS_QUESTIONS_NONCE,
    W_IMPORT,
    W_QUESTIONS_SOURCE,
)

SOURCES = ("file", "paste")


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
        preview = import_sources.pasted_preview(store, project, nonce)
    else:
        preview = import_sources.file_preview(store, project, nonce)
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
