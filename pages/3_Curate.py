"""Curate: a paged table of examples, bulk actions and a one-example (conversation) editor,
or a review mode that shows one example at a time.

Only one page of rows reaches the browser. Every edit goes to the store in an
on_change callback. The table keeps one widget per page and filter, so saves and
the live refresh during a generation never rebuild it under the cursor; the
one-example editor is redrawn from the store after structural changes (its
keys carry a revision number that those bump).
"""

import streamlit as st

from core import ui
from core.data.connection import WRITE_REFUSED
from core.data.store import Example, Project, Store
from core.dataset import curate
from core.ui import curate_bulk, curate_example, curate_live, curate_review, documents_grounding, safety
from core.ui.curate_table import SS_GRID_SEEN, bump, filters, selected, table
from core.ui.state import SS_CURATE_OPEN as SS_OPEN
from core.ui.state import SS_CURATE_REV as SS_REV
from core.ui.state import W_CURATE_REVIEW_MODE as W_REVIEW

QP_EXAMPLE = "example"


def open_example(example_id: int | None) -> None:
    """Open (or close, with None) the one-example editor; the URL follows so a reload keeps it."""
    st.session_state[SS_OPEN] = example_id
    if example_id is None:
        st.query_params.pop(QP_EXAMPLE, None)
    else:
        st.query_params[QP_EXAMPLE] = str(example_id)
    bump()


def open_from_link(store: Store, project: Project) -> None:
    """``?example=<id>`` (from Preview) opens that example, switching project if needed."""
    wanted = curate.parse_example_id(st.query_params.get(QP_EXAMPLE))
    if wanted is None or wanted == st.session_state.get(SS_OPEN):
        return
    example = store.get_example(wanted)
    target = store.get_project(example.project_id) if example is not None else None
    if target is None or target.owner_session not in (None, ui.session_id()):  # gone, trashed or not ours
        st.warning(ui.tr("curate.not_found", id=wanted))
        st.query_params.pop(QP_EXAMPLE, None)
        return
    st.session_state[SS_OPEN] = wanted
    if example.project_id != project.id:
        ui.select_project(example.project_id)
        ui.flash(ui.tr("curate.moved_project", id=wanted, name=target.name), "info")
        st.rerun()


def generation_actions(store: Store, project: Project, example: Example) -> None:
    """Room in the one-example editor for the Generate slice: regenerate, repair, pick a variant."""
    from core.ui import generate_curate  # regenerate, repair, pick a variant (logic in core.workflows.generation)

    generate_curate.actions(store, example, selected(project.id), bump)


def on_review_toggle() -> None:
    curate_review.set_on(bool(st.session_state[W_REVIEW]))


def draw() -> None:
    store, project = ui.page_setup("nav.curate")
    project = ui.require_project(project)
    open_from_link(store, project)
    intro, mode = st.columns([3, 1], vertical_alignment="center")
    intro.caption(ui.tr("curate.intro"))
    st.session_state[W_REVIEW] = curate_review.is_on()
    reviewing = mode.toggle(
        ui.tr("curate.mode_review"), key=W_REVIEW, on_change=on_review_toggle, help=ui.tr("curate.mode_review_help")
    )
    live = st.container()  # review mode's progress line; the table's sits under the grid (see table_mode)
    if not store.count_examples(project.id):
        st.info(ui.tr("curate.empty_project"))
        st.page_link("pages/1_Questions.py", label=ui.tr("curate.go_import"), icon=":material/upload_file:")
    read_only = ui.read_only_notice(project)
    where = filters(store, project)
    if not read_only:
        documents_grounding.grounding_panel(store, project, where)
    if reviewing:
        st.session_state.pop(SS_GRID_SEEN, None)  # no grid to refresh: the answer box keeps its own typing
        curate_review.review_view(store, project, where, st.session_state.get(SS_REV, 0), bump, editable=not read_only)
        with live:
            curate_live.live_panel(store, project.id)
    else:
        table_mode(store, project, where, read_only)


def table_mode(store: Store, project: Project, where, read_only: bool) -> None:
    """The paged grid, the bulk actions, the rows' trash and the one-example editor below them."""
    page = table(
        store, project, where, editable=not read_only, below_grid=lambda: curate_live.live_panel(store, project.id)
    )
    if not read_only:
        curate_bulk.bulk_actions(store, project.id, where, page, selected(project.id), bump)
    safety.rows_trash(store, project.id, not read_only, bump)
    st.subheader(ui.tr("curate.editor_title"))
    curate_example.picker(store, page, st.session_state.get(SS_OPEN), st.session_state.get(SS_REV, 0), open_example)
    opened = st.session_state.get(SS_OPEN)
    if opened is not None and getattr(store.get_example(opened), "project_id", project.id) != project.id:
        opened = st.session_state[SS_OPEN] = None  # left open in the project the user switched away from
        st.query_params.pop(QP_EXAMPLE, None)
    if opened is not None and not read_only:
        example = store.get_example(opened)
        safety.waiting_answer_note(store, opened, bool(example and example.answer_waiting), bump)
        curate_example.editor(
            store,
            opened,
            revision=st.session_state.get(SS_REV, 0),
            refresh=bump,
            on_close=lambda: open_example(None),
            extra_actions=lambda example: generation_actions(store, project, example),
        )


def main() -> None:
    try:
        draw()
    except WRITE_REFUSED as refused:  # locked past the busy timeout, or the database went away mid-run
        st.error(ui.refusal_message(refused))


main()
