"""Curate: a paged table of examples, bulk actions and a one-example (conversation) editor.

Only one page of rows reaches the browser. Every edit goes to the store in an
on_change callback; the editor is then redrawn from the store (its key carries
a revision number that each write bumps), so what you see is what is saved.
"""

import sqlite3

import streamlit as st

from core import curate, ui
from core.store import STATUSES, Example, ExampleFilter, Project, Store
from core.ui import curate_bulk, curate_example

SS_STATUSES, SS_TAG, SS_TEXT, SS_ERRORS = "curate_statuses", "curate_tag", "curate_text", "curate_errors"
SS_PAGE, SS_PAGE_SIZE, SS_REV = "curate_page", "curate_page_size", "curate_rev"
SS_SELECTED, SS_OPEN = "curate_selected", "curate_open_example"
QP_EXAMPLE = "example"
LAST_PAGE = 10**9  # clamped to the real last page when the table loads
# Filter widgets and the plain keys that keep their values across page switches.
BOUND = {"_w_curate_statuses": (SS_STATUSES, []), "_w_curate_tag": (SS_TAG, ""), "_w_curate_text": (SS_TEXT, ""),
         "_w_curate_errors": (SS_ERRORS, False), "_w_curate_page_size": (SS_PAGE_SIZE, curate.DEFAULT_PAGE_SIZE)}


def bump() -> None:
    """Redraw every keyed editor from the store on the next run."""
    st.session_state[SS_REV] = st.session_state.get(SS_REV, 0) + 1


def selected(project_id: int) -> set[int]:
    """This session's ticked rows in the project (kept across pages and filters)."""
    return st.session_state.setdefault(SS_SELECTED, {}).setdefault(project_id, set())


def on_filter(widget_key: str) -> None:
    st.session_state[BOUND[widget_key][0]] = st.session_state[widget_key]
    st.session_state[SS_PAGE] = 1
    bump()


def on_page(pager_key: str) -> None:
    st.session_state[SS_PAGE] = st.session_state[pager_key]


def bound(widget_key: str, options: list | None = None) -> dict:
    """Widget kwargs that restore the value from its plain key (widget state dies on a page switch)."""
    plain, default = BOUND[widget_key]
    st.session_state.setdefault(widget_key, st.session_state.get(plain, default))
    if options is not None and st.session_state[widget_key] not in options:
        # e.g. a tag of the previous project: fall back instead of failing.
        st.session_state[widget_key] = default
    return {"key": widget_key, "on_change": on_filter, "args": (widget_key,)}


def on_table_change(project_id: int, row_ids: list[int], editor_key: str) -> None:
    """Save the grid's edits at once; ``row_ids`` are the ids of the page the grid showed."""
    try:
        with ui.open_store() as store:
            result = curate.apply_table_changes(store, project_id, row_ids, st.session_state[editor_key])
    except sqlite3.OperationalError:
        # Not bumping the revision keeps the user's typing in the grid to retry.
        ui.flash(ui.tr("curate.save_failed"), "error")
        return
    chosen = selected(project_id)
    chosen |= result.select
    chosen -= result.unselect
    if result.missing:
        ui.flash(ui.tr("curate.rows_gone", count=len(result.missing)), "warning")
    if result.added:
        # New rows get the highest ids, so they sit on the last page: show it.
        st.session_state[SS_PAGE] = LAST_PAGE
        ui.flash(ui.tr("curate.row_added", count=len(result.added)), "info")
    if result.wrote:
        bump()


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
    if example is None:
        st.warning(ui.tr("curate.not_found", id=wanted))
        st.query_params.pop(QP_EXAMPLE, None)
        return
    st.session_state[SS_OPEN] = wanted
    if example.project_id != project.id:
        ui.select_project(example.project_id)
        ui.flash(ui.tr("curate.moved_project", id=wanted, name=store.get_project(example.project_id).name), "info")
        st.rerun()


def filters(store: Store, project: Project) -> ExampleFilter:
    """The filter row; what the widgets show is what filters (and is kept for the next visit)."""
    columns = st.columns([2, 2, 3, 2])
    statuses = columns[0].multiselect(ui.tr("curate.filter_status"), STATUSES, help=ui.tr("curate.filter_status_help"),
                                      format_func=lambda s: ui.tr(f"status.{s}"), **bound("_w_curate_statuses"),
                                      placeholder=ui.tr("curate.filter_status_any"))
    tags = ["", *store.all_tags(project.id)]
    tag = columns[1].selectbox(ui.tr("curate.filter_tag"), tags, **bound("_w_curate_tag", tags),
                               help=ui.tr("curate.help_filter_tag"),
                               format_func=lambda t: t or ui.tr("curate.filter_tag_any"))
    text = columns[2].text_input(ui.tr("curate.filter_text"), help=ui.tr("curate.filter_text_help"),
                                 **bound("_w_curate_text"))
    only_errors = columns[3].toggle(ui.tr("curate.filter_errors"), **bound("_w_curate_errors"),
                                    help=ui.tr("curate.help_filter_errors"))
    st.session_state.update({SS_STATUSES: statuses, SS_TAG: tag, SS_TEXT: text, SS_ERRORS: only_errors})
    return curate.make_filter(statuses, tag, text, only_errors)


def table(store: Store, project: Project, where: ExampleFilter) -> curate.TablePage:
    """The editable grid with one page of rows, then the pager and the page size."""
    size = st.session_state.get(SS_PAGE_SIZE, curate.DEFAULT_PAGE_SIZE)
    page = curate.load_page(store, project.id, where, st.session_state.get(SS_PAGE, 1), size)
    st.session_state[SS_PAGE] = page.page
    revision = f"{project.id}_{page.page}_{st.session_state.get(SS_REV, 0)}"
    editor_key, pager_key = f"_w_curate_editor_{revision}", f"_w_curate_page_{revision}"
    tr = ui.tr
    st.data_editor(
        curate.table_frame(page.examples, selected(project.id)), key=editor_key, num_rows="add",
        disabled=list(curate.READ_ONLY_COLUMNS), on_change=on_table_change, args=(project.id, page.ids, editor_key),
        column_config={
            "_index": st.column_config.NumberColumn("#", disabled=True, format="%d"),
            curate.COL_SELECT: st.column_config.CheckboxColumn(tr("curate.col_select"), help=tr("curate.col_select_help"), width=40),
            curate.COL_QUESTION: st.column_config.TextColumn(tr("curate.col_question"), width="medium"),
            curate.COL_ANSWER: st.column_config.TextColumn(tr("curate.col_answer"), width="large"),
            curate.COL_STATUS: st.column_config.SelectboxColumn(tr("curate.col_status"), options=STATUSES, required=True,
                                                               default="draft", format_func=lambda s: tr(f"status.{s}")),
            curate.COL_TAGS: st.column_config.TextColumn(tr("curate.col_tags"), help=tr("curate.col_tags_help")),
            curate.COL_TURNS: st.column_config.TextColumn(tr("curate.col_turns"), help=tr("curate.col_turns_help"),
                                                          width="small"),
            curate.COL_ERROR: st.column_config.TextColumn(tr("curate.col_error")),
        })
    st.caption(tr("curate.table_help"))
    left, middle, right = st.columns([4, 2, 2], vertical_alignment="center")
    with left:
        st.pagination(page.pages, default=page.page, key=pager_key, on_change=on_page, args=(pager_key,))
    middle.caption(tr("curate.showing", first=page.first_row, last=page.last_row, total=page.total,
                      all=sum(store.count_by_status(project.id).values())))
    right.selectbox(tr("curate.page_size"), curate.PAGE_SIZES, **bound("_w_curate_page_size", list(curate.PAGE_SIZES)),
                    help=tr("curate.help_page_size"))
    return page


def generation_actions(store: Store, project: Project, example: Example) -> None:
    """Room in the one-example editor for the Generate slice: regenerate, repair, pick a variant."""
    # --- generation actions (issue #5) ---
    from core.ui import generate_curate  # regenerate, repair, pick a variant (logic in core.gen_runs)

    generate_curate.actions(store, example, selected(project.id), bump)
    # --- end of generation actions (issue #5) ---


def draw() -> None:
    store, project = ui.page_setup("nav.curate")
    project = ui.require_project(project)
    open_from_link(store, project)
    st.caption(ui.tr("curate.intro"))
    if not store.count_examples(project.id):
        st.info(ui.tr("curate.empty_project"))
        st.page_link("pages/1_Questions.py", label=ui.tr("curate.go_import"), icon=":material/upload_file:")
    where = filters(store, project)
    page = table(store, project, where)
    curate_bulk.bulk_actions(store, project.id, where, page, selected(project.id), bump)
    st.subheader(ui.tr("curate.editor_title"))
    curate_example.picker(store, page, st.session_state.get(SS_OPEN), st.session_state.get(SS_REV, 0), open_example)
    opened = st.session_state.get(SS_OPEN)
    if opened is not None and getattr(store.get_example(opened), "project_id", project.id) != project.id:
        opened = st.session_state[SS_OPEN] = None  # left open in the project the user switched away from
        st.query_params.pop(QP_EXAMPLE, None)
    if opened is not None:
        curate_example.editor(store, opened, revision=st.session_state.get(SS_REV, 0), refresh=bump,
                              on_close=lambda: open_example(None),
                              extra_actions=lambda example: generation_actions(store, project, example))


def main() -> None:
    try:
        draw()
    except sqlite3.OperationalError:  # the workspace stayed locked past the busy timeout
        st.error(ui.tr("curate.save_failed"))


main()
