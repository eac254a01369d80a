"""The Documents page's out-of-scope panel: the refusal answer written once, and questions the documents don't answer.

Drawing and dispatch only; the rows are made in ``core.dataset.documents.out_of_scope``.
No model is asked, so nothing is spent.
"""

from __future__ import annotations

import streamlit as st

from core import ui
from core.data.store import Project, Store
from core.dataset.documents import out_of_scope
from core.ui.state import (
    SS_DOCUMENTS_SCOPE_NONCE,
    W_DOCUMENTS_REFUSAL,
    W_DOCUMENTS_SCOPE_ADD,
    W_DOCUMENTS_SCOPE_QUESTIONS,
)


def _refusal_key(project_id: int) -> str:
    return f"{W_DOCUMENTS_REFUSAL}{project_id}"


def _questions_key() -> str:
    return f"{W_DOCUMENTS_SCOPE_QUESTIONS}{st.session_state.get(SS_DOCUMENTS_SCOPE_NONCE, 0)}"


@ui.refusable_write
def save_refusal(project_id: int) -> None:
    with ui.open_store() as store:
        store.set_setting(project_id, out_of_scope.SETTING_REFUSAL, st.session_state[_refusal_key(project_id)].strip())


@ui.refusable_write
def add(project_id: int) -> None:
    """Read both boxes now (text typed just before the click is in them, not in the last run's values)."""
    questions = out_of_scope.parse_questions(st.session_state.get(_questions_key(), ""))
    refusal = st.session_state.get(_refusal_key(project_id), "")
    with ui.open_store() as store:
        store.set_setting(project_id, out_of_scope.SETTING_REFUSAL, refusal.strip())
        added = out_of_scope.add_out_of_scope(store, project_id, questions, refusal)
    skipped = len(questions) - len(added)
    ui.flash(ui.tr("docscope.added", count=len(added), skipped=skipped), "success" if added else "warning")
    st.session_state[SS_DOCUMENTS_SCOPE_NONCE] = st.session_state.get(SS_DOCUMENTS_SCOPE_NONCE, 0) + 1


def scope_panel(store: Store, project: Project) -> None:
    """The refusal (kept in the project) and the questions, then "add" — rows with that answer, for review."""
    tr = ui.tr
    st.subheader(tr("docscope.title"))
    st.caption(tr("docscope.how"))
    refusal_key = _refusal_key(project.id)
    st.session_state.setdefault(refusal_key, store.get_setting(project.id, out_of_scope.SETTING_REFUSAL, "") or "")
    refusal = st.text_area(
        tr("docscope.refusal"),
        key=refusal_key,
        height=80,
        placeholder=tr("docscope.refusal_placeholder"),
        on_change=save_refusal,
        args=(project.id,),
        help=tr("docscope.refusal_help"),
    )
    typed = st.text_area(
        tr("docscope.questions"),
        key=_questions_key(),
        height=140,
        placeholder=tr("docscope.questions_placeholder"),
        help=tr("docscope.questions_help"),
    )
    questions = out_of_scope.parse_questions(typed)
    st.button(
        tr("docscope.add", count=len(questions)),
        key=W_DOCUMENTS_SCOPE_ADD,
        disabled=not questions or not refusal.strip(),
        on_click=add,
        args=(project.id,),
        help=tr("docscope.add_help"),
    )
    if questions and not refusal.strip():
        st.caption(tr("docscope.needs_refusal"))
