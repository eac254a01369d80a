"""Curate's review mode: one example at a time, made for reading; and the answer history with "restore".

Drawing and dispatch only; the logic is in ``core.dataset.review``. The position is in
the URL (``?review=<example id>``) so a reload or a shared link keeps it. The
answer autosaves (on_change, with history); approve, reject, skip and back each
have a key shown on their button (ignored while typing in a text field).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core import ui
from core.data.store import ExampleFilter, Project, Store
from core.dataset import curate, review
from core.dataset.sample import SETTING_TRAINING_PROMPT
from core.ui import documents_review
from core.ui.curate_example import history, plain, save
from core.ui.state import SS_CURATE_REVIEW_TARGET as SS_REVIEW_TARGET

QP_REVIEW = "review"
# Where a button sent the reviewer; the script (not the callback) writes it to the URL,
# because a query parameter changed in a callback reached the browser one step late.
SHORTCUTS = {"approve": "A", "reject": "X", "back": "Left", "skip": "Right"}


def is_on() -> bool:
    """Review mode is on when the URL says so (a reload keeps it)."""
    return QP_REVIEW in st.query_params


def set_on(on: bool) -> None:
    if on:
        st.query_params[QP_REVIEW] = st.query_params.get(QP_REVIEW, "")
    else:
        st.query_params.pop(QP_REVIEW, None)


def go_to(example_id: int | None) -> None:
    st.session_state[SS_REVIEW_TARGET] = example_id


@ui.refusable_write
def decide(example_id: int, status: str, then: int | None) -> None:
    """Set the status and move on (to the example after it in the filter as it was shown)."""
    with ui.open_store() as store:
        store.set_status([example_id], status)
    go_to(then if then is not None else example_id)


def review_view(
    store: Store,
    project: Project,
    where: ExampleFilter,
    revision: int,
    refresh: Callable[[], None],
    editable: bool = True,
) -> None:
    """One example of the filtered list, its prompt and (when it has one) its source passage.

    ``editable=False`` (a visitor without the app password on the team's project): read, don't change.
    """
    tr = ui.tr
    wanted = st.session_state.pop(SS_REVIEW_TARGET, None) or curate.parse_example_id(st.query_params.get(QP_REVIEW))
    position = review.locate(store, project.id, where, wanted)
    if position.example_id is None:
        st.info(tr("curate.no_match"))
        return
    example = store.get_example(position.example_id)
    if example is None:  # deleted between the lookup and now
        st.info(tr("curate.no_match"))
        return
    st.query_params[QP_REVIEW] = str(position.example_id)
    eid, key = example.id, f"_w_review_{example.id}_{revision}_"
    st.progress(
        position.reviewed / position.total if position.total else 0.0,
        text=tr("curate.review_reviewed", reviewed=position.reviewed, total=position.total),
    )
    head, status = st.columns([4, 1], vertical_alignment="center")
    head.markdown(f"**{tr('curate.review_position', n=position.index + 1, total=position.total, id=eid)}**")
    status.markdown(f"{tr('curate.status')}: **{tr(f'status.{example.status}')}**")
    back, approve, reject, skip = st.columns(4)
    back.button(
        tr("curate.review_back"),
        key=key + "back",
        shortcut=SHORTCUTS["back"],
        width="stretch",
        icon=":material/arrow_back:",
        disabled=position.previous_id is None,
        on_click=go_to,
        args=(position.previous_id,),
    )
    approve.button(
        tr("curate.review_approve"),
        key=key + "approve",
        shortcut=SHORTCUTS["approve"],
        type="primary",
        width="stretch",
        icon=":material/check:",
        on_click=decide,
        disabled=not editable,
        args=(eid, "approved", position.next_id),
    )
    reject.button(
        tr("curate.review_reject"),
        key=key + "reject",
        shortcut=SHORTCUTS["reject"],
        width="stretch",
        icon=":material/close:",
        on_click=decide,
        args=(eid, "rejected", position.next_id),
        disabled=not editable,
    )
    skip.button(
        tr("curate.review_skip"),
        key=key + "skip",
        shortcut=SHORTCUTS["skip"],
        width="stretch",
        icon=":material/arrow_forward:",
        disabled=position.next_id is None,
        on_click=go_to,
        args=(position.next_id,),
    )
    st.caption(tr("curate.review_keys", **SHORTCUTS))
    with st.container(border=True):
        st.markdown(f"**{tr('curate.question')}**")
        st.markdown(plain(example.question))
    prompt, whose = review.system_prompt_for(example, store.get_setting(project.id, SETTING_TRAINING_PROMPT))
    st.caption(tr(f"curate.review_prompt_{whose}"))
    if prompt:
        st.markdown(plain(prompt))
    sourced = documents_review.has_source(example)
    answer_col, source_col = st.columns(2) if sourced else (st.container(), st.container())
    answer_col.text_area(
        tr("curate.answer"),
        example.answer,
        height=320,
        key=key + "answer",
        disabled=not editable,
        on_change=save,
        args=(eid, "answer", key + "answer"),
        help=tr("curate.review_answer_help"),
    )
    with source_col:
        documents_review.source_panel(store, example)
    history(store, eid, refresh, key, editable)
