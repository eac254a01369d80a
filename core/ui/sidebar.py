"""The sidebar's project picker: which project is open (the URL first), and making, renaming and deleting one."""

from __future__ import annotations

import streamlit as st

from core.data.connection import WRITE_REFUSED
from core.data.store import TRASH_DAYS, Project, Store, StoreError
from core.dataset.sample import create_sample_project
from core.ui.keys import may_change, new_project_owner, session_id, team_locked
from core.ui.language import QP_LANG, tr
from core.ui.session import flash, open_store, refusable_write
from core.ui.state import (
    SS_PROJECT_ID,
    W_CREATE_PROJECT,
    W_DELETE_BUTTON,
    W_DELETE_CONFIRM,
    W_NEW_NAME,
    W_OPEN_SAMPLE,
    W_PROJECT,
    W_RENAME,
    W_RENAME_BUTTON,
)

# The open project lives in the URL, so a reload, a shared link and a deep link keep it.
QP_PROJECT = "project"


def current_project(store: Store) -> Project | None:
    """The project this session works on: the URL's ``?project=`` first, then this session's choice,
    then (a first visit) the most recently used one.

    A ``?project=`` that names no project gives None (``page_setup`` says so),
    never a silent switch to another project.
    """
    wanted = st.query_params.get(QP_PROJECT)
    if wanted is not None:
        project = _visible(store, int(wanted)) if wanted.strip().isdigit() else None
        st.session_state[SS_PROJECT_ID] = project.id if project else None
        return project
    project_id = st.session_state.get(SS_PROJECT_ID)
    project = _visible(store, project_id) if project_id is not None else None
    if project is None:
        projects = store.list_projects(session_id())
        project = projects[0] if projects else None
    select_project(project.id if project else None)
    return project


def _visible(store: Store, project_id: int) -> Project | None:
    """The project if this session may see it: not in the trash, and not another visitor's own project."""
    project = store.get_project(project_id)
    if project is not None and project.owner_session not in (None, session_id()):
        return None
    return project


def select_project(project_id: int | None) -> None:
    """Open ``project_id`` in this session and put it in the URL (or take it out)."""
    st.session_state[SS_PROJECT_ID] = project_id
    if project_id is None:
        st.query_params.pop(QP_PROJECT, None)
    elif st.query_params.get(QP_PROJECT) != str(project_id):
        st.query_params[QP_PROJECT] = str(project_id)


def carried_params() -> dict[str, str]:
    """The query parameters every link to another page keeps: the open project and the language."""
    return {name: st.query_params[name] for name in (QP_PROJECT, QP_LANG) if name in st.query_params}


def _on_project_change() -> None:
    select_project(st.session_state.get(W_PROJECT))


def project_picker(store: Store, project: Project | None) -> Project | None:
    """The sidebar's project area: pick, create, rename, delete; returns the project now open."""
    st.subheader(tr("sidebar.project"))
    projects = store.list_projects(session_id())
    if projects:
        ids = [p.id for p in projects]
        names = {p.id: p.name for p in projects}
        # The open project can change outside the picker (a link, an import): the picker follows it.
        st.session_state[W_PROJECT] = project.id if project else None
        st.selectbox(
            tr("sidebar.project_pick"),
            ids,
            placeholder=tr("urlstate.project_pick_placeholder"),
            format_func=lambda pid: names.get(pid, str(pid)),
            key=W_PROJECT,
            on_change=_on_project_change,
            help=tr("sidebar.project_pick_help"),
        )
    else:
        st.caption(tr("sidebar.no_projects"))
    with st.popover(tr("sidebar.new_project"), icon=":material/add:", width="stretch"):
        st.text_input(tr("sidebar.new_project_name"), key=W_NEW_NAME, help=tr("sidebar.new_project_help"))
        if team_locked():
            st.caption(tr("safety.new_is_own"))
        st.button(tr("sidebar.create"), key=W_CREATE_PROJECT, type="primary", on_click=_create_project)
        st.button(
            tr("sidebar.open_sample"), key=W_OPEN_SAMPLE, on_click=_open_sample, help=tr("sidebar.open_sample_help")
        )
    if project is not None and not may_change(project):
        with st.popover(tr("sidebar.manage_project"), icon=":material/tune:", width="stretch"):
            st.caption(tr("safety.manage_locked"))
    elif project is not None:
        with st.popover(tr("sidebar.manage_project"), icon=":material/tune:", width="stretch"):
            new_name = st.text_input(
                tr("sidebar.rename_to"), value=project.name, key=W_RENAME, help=tr("sidebar.rename_help")
            )
            if st.button(tr("sidebar.rename"), key=W_RENAME_BUTTON):
                _rename_project(store, project, new_name)
            st.divider()
            confirm = st.checkbox(
                tr("sidebar.delete_confirm", name=project.name),
                key=W_DELETE_CONFIRM,
                help=tr("safety.delete_confirm_help", days=TRASH_DAYS),
            )
            if st.button(tr("sidebar.delete"), key=W_DELETE_BUTTON, disabled=not confirm, type="primary"):
                store.delete_project(project.id)
                select_project(None)
                flash(tr("safety.moved_to_trash", name=project.name, days=TRASH_DAYS))
                st.rerun()
    return project


@refusable_write
def _create_project() -> None:
    name = st.session_state.get(W_NEW_NAME) or ""
    try:
        with open_store() as store:
            project_id = store.create_project(name, owner_session=new_project_owner())
    except WRITE_REFUSED:
        raise  # not the name's fault: refusable_write says the project was not made
    except StoreError as error:
        flash(tr(f"store.{error.code}", **error.details), "error")
        return
    select_project(project_id)
    flash(tr("sidebar.created", name=name.strip()))


@refusable_write
def _open_sample() -> None:
    with open_store() as store:
        select_project(create_sample_project(store, new_project_owner()))
    flash(tr("sidebar.sample_opened"))


def _rename_project(store: Store, project: Project, new_name: str) -> None:
    if not may_change(project):
        return
    try:
        store.rename_project(project.id, new_name)
    except StoreError as error:
        st.error(tr(f"store.{error.code}", **error.details))
        return
    flash(tr("sidebar.renamed", name=new_name.strip()))
    st.rerun()
