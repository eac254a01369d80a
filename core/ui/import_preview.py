"""Questions page panels: the column mapping and the import preview (drawing only; logic in core.dataset.importers)."""

from __future__ import annotations

import streamlit as st

from core import ui
from core.dataset import importers
from core.ui.state import W_MAP

SEVERITY_BOX = {
    importers.SEVERITY_ERROR: st.error,
    importers.SEVERITY_WARNING: st.warning,
    importers.SEVERITY_NOTE: st.info,
}


def mapping_widgets(table: importers.TableSource, widget_id: str) -> importers.ColumnMapping:
    """Four pickers preset to the guessed mapping; ``widget_id`` resets them for a new file or sheet."""
    st.subheader(ui.tr("questions.mapping_title"))
    guess = importers.guess_table_mapping(table)
    columns = table.columns
    chosen: dict[str, str | None] = {}
    cells = st.columns(4)
    chosen["question"] = cells[0].selectbox(
        ui.tr("questions.map_question"),
        columns,
        key=f"{W_MAP}question_{widget_id}",
        index=columns.index(guess.question) if guess.question in columns else None,
        placeholder=ui.tr("questions.map_pick"),
        help=ui.tr("questions.map_question_help"),
    )
    for cell, name in zip(cells[1:], ("answer", "system", "tags"), strict=True):
        guessed = getattr(guess, name)
        options = ["", *columns]
        chosen[name] = (
            cell.selectbox(
                ui.tr(f"questions.map_{name}"),
                options,
                key=ui.choice_key(f"{W_MAP}{name}_{widget_id}"),
                index=options.index(guessed) if guessed in options else 0,
                format_func=ui.labels(empty_key="questions.map_none"),
                help=ui.tr(f"questions.map_{name}_help"),
            )
            or None
        )
    return importers.ColumnMapping(**chosen)


# A document uploaded as questions: the Documents step is where it belongs.
DOCUMENT_PROBLEM = "questions.problem.document_file"
DOCUMENTS_PAGE = "pages/1_Documents.py"


def show_summary(preview: importers.ImportPreview) -> None:
    """Problems first, then what will be added and skipped (with reasons and line numbers)."""
    lang = ui.lang()
    for problem in preview.problems:
        SEVERITY_BOX.get(problem.severity, st.info)(problem.message(lang, markdown=True))
        if problem.key == DOCUMENT_PROBLEM:
            st.page_link(DOCUMENTS_PAGE, label=ui.tr("documents.go_documents"), icon=":material/description:")
    if preview.blocked:
        return
    st.subheader(ui.tr("questions.preview_title"))
    added, skipped = st.columns(2)
    added.metric(ui.tr("questions.will_add"), preview.to_add)
    skipped.metric(ui.tr("questions.will_skip"), preview.skipped_total)
    for line in importers.skipped_summary(preview, lang):
        st.markdown(f"- {line}")
    if preview.broken_lines:
        with st.expander(
            ui.tr("questions.broken_title", count=preview.skipped.get(importers.REASON_BROKEN, 0)), expanded=True
        ):
            st.markdown("\n".join(f"- {problem.message(lang, markdown=True)}" for problem in preview.broken_lines))
    if preview.preference_pairs:
        st.caption(ui.tr("questions.pairs", count=preview.preference_pairs))


def show_rows(preview: importers.ImportPreview) -> None:
    """The first rows of the file and what happens to each."""
    if preview.rows:
        st.caption(ui.tr("questions.preview_caption", shown=len(preview.rows)))
        st.dataframe(
            importers.preview_table_rows(preview, ui.lang()),
            hide_index=True,
            width="stretch",
            placeholder=ui.EMPTY_CELL,
        )
