"""Curate: a paged table of examples, bulk actions and a one-example (conversation) editor.

Only one page of rows reaches the browser. Every edit goes to the store in an
on_change callback; the editor is then redrawn from the store (its key carries
a revision number that each write bumps), so what you see is what is saved.
"""

import json
import sqlite3

import streamlit as st

from core import curate, ui
from core.store import STATUSES

SS_STATUSES, SS_TAG, SS_TEXT, SS_ERRORS = "curate_statuses", "curate_tag", "curate_text", "curate_errors"
SS_PAGE, SS_PAGE_SIZE, SS_REV = "curate_page", "curate_page_size", "curate_rev"
SS_SELECTED, SS_OPEN, SS_PENDING_DELETE = "curate_selected", "curate_open_example", "curate_pending_delete"
QP_EXAMPLE = "example"
LAST_PAGE = 10**9  # clamped to the real last page when the table loads
# Filter widgets and the plain keys that keep their values across page switches.
BOUND = {"_w_curate_statuses": (SS_STATUSES, []), "_w_curate_tag": (SS_TAG, ""), "_w_curate_text": (SS_TEXT, ""),
         "_w_curate_errors": (SS_ERRORS, False), "_w_curate_page_size": (SS_PAGE_SIZE, curate.DEFAULT_PAGE_SIZE)}


def bump() -> None:
    """Redraw every keyed editor from the store on the next run."""
    st.session_state[SS_REV] = st.session_state.get(SS_REV, 0) + 1


def selected(project_id: int) -> set[int]:
    return st.session_state.setdefault(SS_SELECTED, {}).setdefault(project_id, set())


def on_filter(widget_key: str) -> None:
    st.session_state[BOUND[widget_key][0]] = st.session_state[widget_key]
    st.session_state[SS_PAGE] = 1
    bump()


def on_page(pager_key: str) -> None:
    st.session_state[SS_PAGE] = st.session_state[pager_key]


def bound(widget_key: str, options: list | None = None) -> dict:
    plain, default = BOUND[widget_key]
    st.session_state.setdefault(widget_key, st.session_state.get(plain, default))
    if options is not None and st.session_state[widget_key] not in options:
        # e.g. a tag of the previous project: fall back instead of failing.
        st.session_state[widget_key] = default
    return {"key": widget_key, "on_change": on_filter, "args": (widget_key,)}


def on_table_change(project_id: int, row_ids: list[int], editor_key: str) -> None:
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
    st.session_state[SS_OPEN] = example_id
    if example_id is None:
        st.query_params.pop(QP_EXAMPLE, None)
    else:
        st.query_params[QP_EXAMPLE] = str(example_id)
    bump()


def open_from_link(store, project) -> None:
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


def filters(store, project):
    """The filter row; what the widgets show is what filters (and is kept for the next visit)."""
    columns = st.columns([2, 2, 3, 2])
    statuses = columns[0].multiselect(ui.tr("curate.filter_status"), STATUSES, help=ui.tr("curate.filter_status_help"),
                                      format_func=lambda s: ui.tr(f"status.{s}"), **bound("_w_curate_statuses"),
                                      placeholder=ui.tr("curate.filter_status_any"))
    tags = ["", *store.all_tags(project.id)]
    tag = columns[1].selectbox(ui.tr("curate.filter_tag"), tags, **bound("_w_curate_tag", tags),
                               format_func=lambda t: t or ui.tr("curate.filter_tag_any"))
    text = columns[2].text_input(ui.tr("curate.filter_text"), help=ui.tr("curate.filter_text_help"),
                                 **bound("_w_curate_text"))
    only_errors = columns[3].toggle(ui.tr("curate.filter_errors"), **bound("_w_curate_errors"))
    st.session_state.update({SS_STATUSES: statuses, SS_TAG: tag, SS_TEXT: text, SS_ERRORS: only_errors})
    return curate.make_filter(statuses, tag, text, only_errors)


def table(store, project, where) -> curate.TablePage:
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
    right.selectbox(tr("curate.page_size"), curate.PAGE_SIZES, **bound("_w_curate_page_size", list(curate.PAGE_SIZES)))
    return page


def bulk_actions(store, project, where, page: curate.TablePage) -> None:
    with st.container(border=True):
        st.markdown(f"**{ui.tr('curate.bulk_title')}**")
        status_col, apply_col, delete_sel_col, delete_all_col = st.columns([2, 3, 2, 2], vertical_alignment="bottom")
        status = status_col.selectbox(ui.tr("curate.bulk_status"), STATUSES, key="_w_curate_bulk_status",
                                      format_func=lambda s: ui.tr(f"status.{s}"))
        if apply_col.button(ui.tr("curate.bulk_apply", count=page.total), disabled=not page.total, key="curate_bulk"):
            count = curate.bulk_set_status(store, project.id, where, status)
            ui.flash(ui.tr("curate.bulk_done", count=count, status=ui.tr(f"status.{status}")))
            bump()
            st.rerun()
        chosen = sorted(selected(project.id))
        if delete_sel_col.button(ui.tr("curate.delete_selected", count=len(chosen)), disabled=not chosen,
                                 key="curate_delete_selected"):
            st.session_state[SS_PENDING_DELETE] = chosen
        if delete_all_col.button(ui.tr("curate.delete_filtered", count=page.total), disabled=not page.total,
                                 key="curate_delete_filtered"):
            st.session_state[SS_PENDING_DELETE] = store.filtered_ids(project.id, where)
        pending = st.session_state.get(SS_PENDING_DELETE)
        if pending:
            st.warning(ui.tr("curate.delete_confirm", count=len(pending)), icon=":material/warning:")
            yes, no = st.columns(2)
            if yes.button(ui.tr("curate.delete_yes", count=len(pending)), type="primary", key="curate_delete_yes"):
                count = curate.delete_examples(store, project.id, pending)
                st.session_state.pop(SS_PENDING_DELETE, None)
                selected(project.id).clear()
                ui.flash(ui.tr("curate.deleted", count=count))
                bump()
                st.rerun()
            if no.button(ui.tr("curate.delete_cancel"), key="curate_delete_no"):
                st.session_state.pop(SS_PENDING_DELETE, None)
                st.rerun()


def picker(store, page: curate.TablePage) -> None:
    current = st.session_state.get(SS_OPEN)
    shown = list(page.examples)
    if current is not None and current not in page.ids and (opened := store.get_example(current)) is not None:
        shown.append(opened)
    labels = {e.id: ui.tr("curate.open_label", id=e.id, question=curate.example_label(e)) for e in shown}
    options = [None, *labels] + ([current] if current is not None and current not in labels else [])
    key = f"_w_curate_open_{st.session_state.get(SS_REV, 0)}"
    st.selectbox(ui.tr("curate.open_pick"), options, index=options.index(current), key=key,
                 format_func=lambda i: ui.tr("curate.open_none") if i is None else labels.get(i, f"#{i}"),
                 on_change=lambda: open_example(st.session_state[key]))


def busy_is_not_a_crash(callback):
    """A locked workspace (another long write) becomes a message, never a traceback."""
    def guarded(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except sqlite3.OperationalError:
            ui.flash(ui.tr("curate.save_failed"), "error")
    return guarded


@busy_is_not_a_crash
def save(example_id: int, name: str, widget_key: str) -> None:
    with ui.open_store() as store:
        if not curate.save_field(store, example_id, name, st.session_state[widget_key]):
            ui.flash(ui.tr("curate.example_gone", id=example_id), "warning")


@busy_is_not_a_crash
def save_messages(example_id: int, change, *args, structural: bool = False, **kwargs) -> None:
    """Apply one conversation change to the stored messages (read fresh, so nothing is lost)."""
    with ui.open_store() as store:
        example = store.get_example(example_id)
        if example is None:
            return
        kwargs = {name: st.session_state[value] for name, value in kwargs.items()}
        store.set_messages(example_id, change(example.messages or curate.as_conversation(example), *args, **kwargs))
    if structural:
        bump()


def example_editor(store, example_id: int) -> None:
    example = store.get_example(example_id)
    if example is None:
        st.info(ui.tr("curate.example_gone", id=example_id))
        return
    tr, rev, eid = ui.tr, st.session_state.get(SS_REV, 0), example.id
    key = f"_w_ex_{eid}_{rev}_"
    with st.container(border=True):
        head, close = st.columns([6, 1])
        head.markdown(f"**{tr('curate.example_heading', id=eid)}**")
        close.button(tr("curate.close"), key=key + "close", on_click=open_example, args=(None,))
        if example.error:
            st.error(tr("curate.error_label", error=example.error))
        left, right = st.columns([1, 3])
        left.selectbox(tr("curate.status"), STATUSES, index=STATUSES.index(example.status), key=key + "status",
                       format_func=lambda s: tr(f"status.{s}"), on_change=save, args=(eid, "status", key + "status"))
        right.text_input(tr("curate.tags"), ", ".join(example.tags), key=key + "tags",
                         on_change=save, args=(eid, "tags", key + "tags"))
        if example.messages is None:
            for name, label, height in (("question", "curate.question", 100), ("answer", "curate.answer", 220)):
                st.text_area(tr(label), getattr(example, name), height=height, key=key + name,
                             on_change=save, args=(eid, name, key + name))
            st.text_area(tr("curate.system_prompt"), example.system_prompt or "", key=key + "system", height=80,
                         help=tr("curate.system_prompt_help"), on_change=save, args=(eid, "system_prompt", key + "system"))
            st.button(tr("curate.make_conversation"), key=key + "to_conv", help=tr("curate.make_conversation_help"),
                      on_click=save_messages, args=(eid, curate.normalise_messages), kwargs={"structural": True})
        else:
            conversation_editor(example, key)
        # --- generation actions (issue #5) ---
        history = curate.history_rows(store, eid, ui.lang())
        with st.expander(tr("curate.history", count=len(history))):
            if history:
                st.dataframe(history, hide_index=True, column_config={
                    "time": tr("curate.history_time"), "source": tr("curate.history_source"),
                    "model": tr("curate.history_model"), "answer": tr("curate.history_answer")})
            else:
                st.caption(tr("curate.history_empty"))


def conversation_editor(example, key: str) -> None:
    tr, eid, last = ui.tr, example.id, len(example.messages) - 1
    st.markdown(f"**{tr('curate.conversation')}**")
    for problem in curate.conversation_problems(example.messages):
        st.warning(tr(f"curate.problem_{problem}"))
    for index, message in enumerate(curate.normalise_messages(example.messages)):
        k = f"{key}m{index}_"
        role_col, text_col, tools_col = st.columns([2, 8, 2])
        roles = curate.role_options(message["role"])
        role_col.selectbox(tr("curate.role"), roles, index=roles.index(message["role"]), key=k + "role",
                           format_func=lambda r: tr(f"curate.role_{r}") if r in curate.ROLES else r,
                           on_change=save_messages, args=(eid, curate.update_message, index), kwargs={"role": k + "role"})
        text_col.text_area(tr("curate.content", n=index + 1), str(message.get("content") or ""), key=k + "content",
                           on_change=save_messages, args=(eid, curate.update_message, index),
                           kwargs={"content": k + "content"})
        if message.get("tool_calls"):
            text_col.code(json.dumps(message["tool_calls"], ensure_ascii=False, indent=1), language="json")
        if message.get("role") == "assistant":
            role_col.toggle(tr("curate.weight"), value=message.get("weight", 1) != 0, key=k + "weight",
                            help=tr("curate.weight_help"), on_change=save_messages,
                            args=(eid, curate.update_message, index), kwargs={"weight": k + "weight"})
        up, down, remove = tools_col.columns(3)
        up.button("", icon=":material/arrow_upward:", key=k + "up", help=tr("curate.move_up"), disabled=index == 0,
                  on_click=save_messages, args=(eid, curate.move_message, index, -1), kwargs={"structural": True})
        down.button("", icon=":material/arrow_downward:", key=k + "down", help=tr("curate.move_down"),
                    disabled=index == last, on_click=save_messages, args=(eid, curate.move_message, index, 1),
                    kwargs={"structural": True})
        remove.button("", icon=":material/delete:", key=k + "remove", help=tr("curate.remove"),
                      on_click=save_messages, args=(eid, curate.remove_message, index), kwargs={"structural": True})
    st.button(tr("curate.add_message"), icon=":material/add:", key=key + "add", on_click=save_messages,
              args=(eid, curate.add_message), kwargs={"structural": True})


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
    bulk_actions(store, project, where, page)
    st.subheader(ui.tr("curate.editor_title"))
    picker(store, page)
    opened = st.session_state.get(SS_OPEN)
    if opened is not None and getattr(store.get_example(opened), "project_id", project.id) != project.id:
        opened = st.session_state[SS_OPEN] = None  # left open in the project the user switched away from
        st.query_params.pop(QP_EXAMPLE, None)
    if opened is not None:
        example_editor(store, opened)


def main() -> None:
    try:
        draw()
    except sqlite3.OperationalError:  # the workspace stayed locked past the busy timeout
        st.error(ui.tr("curate.save_failed"))


main()
