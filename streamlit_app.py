"""Home: what the app does, where the user stands, and the first step."""

import streamlit as st

from core import ui
from core.data.store import Store, StoreError
from core.dataset import project_file
from core.dataset.next_step import STEP_CURATE, STEP_GENERATE, STEP_PREVIEW, STEP_QUESTIONS, next_step, project_progress
from core.dataset.sample import create_sample_project
from core.ui import hosting, safety
from core.ui.state import (
    SS_HOME_IMPORTS,
    W_HOME_EXPORT,
    W_HOME_GUIDE_CREATE,
    W_HOME_GUIDE_NAME,
    W_HOME_IMPORT_BUTTON,
    W_HOME_IMPORT_FILE,
    W_HOME_OPEN_SAMPLE,
)

NEXT_STEP_LINKS = {  # step → (page, label, icon)
    STEP_QUESTIONS: ("pages/1_Questions.py", "home.next_import", ":material/upload_file:"),
    STEP_GENERATE: ("pages/2_Generate.py", "home.next_generate", ":material/auto_awesome:"),
    STEP_CURATE: ("pages/3_Curate.py", "home.next_curate", ":material/edit_note:"),
    STEP_PREVIEW: ("pages/4_Preview.py", "home.next_preview", ":material/fact_check:"),
}


def _open_sample() -> None:
    with ui.open_store() as store:
        ui.select_project(create_sample_project(store, ui.new_project_owner()))
    ui.flash(ui.tr("sidebar.sample_opened"))


def _create_and_import(store: Store) -> None:
    """Guided start, step 2: a project for the user's own file, then the Questions page to import it."""
    name = st.session_state.get(W_HOME_GUIDE_NAME) or ui.tr("share.guide_project_default")
    try:
        project_id = store.create_project(store.unique_project_name(name), owner_session=ui.new_project_owner())
    except StoreError as error:
        st.error(ui.tr(f"store.{error.code}", **error.details))
        return
    ui.select_project(project_id)
    st.switch_page("pages/1_Questions.py", query_params=ui.carried_params())


def _first_run_guide(store: Store) -> None:
    """No project yet: the two ways to start, each saying what it is for."""
    st.subheader(ui.tr("home.start_title"))
    st.caption(ui.tr("share.guide_intro"))
    sample, own_file = st.columns(2, border=True)
    with sample:
        st.markdown(f"**{ui.tr('share.guide_sample_title')}**")
        st.write(ui.tr("share.guide_sample_why"))
        st.button(
            ui.tr("sidebar.open_sample"),
            on_click=_open_sample,
            type="primary",
            key=W_HOME_OPEN_SAMPLE,
            help=ui.tr("sidebar.open_sample_help"),
        )
    with own_file:
        st.markdown(f"**{ui.tr('share.guide_import_title')}**")
        st.write(ui.tr("share.guide_import_why"))
        st.text_input(
            ui.tr("share.guide_project_name"),
            key=W_HOME_GUIDE_NAME,
            placeholder=ui.tr("share.guide_project_default"),
            help=ui.tr("share.guide_project_name_help"),
        )
        if st.button(ui.tr("share.guide_create_and_import"), key=W_HOME_GUIDE_CREATE):
            _create_and_import(store)
    if not ui.resolved_key().present:
        st.markdown(f"**{ui.tr('share.guide_key_title')}**")
        st.caption(ui.tr("share.guide_key_why"))


def main() -> None:
    store, project = ui.page_setup("home.title")
    st.write(ui.tr("home.intro"))
    st.markdown(ui.tr("home.workflow"))
    if project is None:
        _first_run_guide(store)
        _keep_your_work(store, None)
        safety.project_trash(store)
        return
    counts = store.count_by_status(project.id)
    st.subheader(ui.tr("home.where_you_are", name=project.name))
    columns = st.columns(4)
    columns[0].metric(ui.tr("home.total"), sum(counts.values()))
    for column, status in zip(columns[1:], ("draft", "approved", "rejected"), strict=True):
        column.metric(ui.tr(f"status.{status}"), counts[status])
    st.subheader(ui.tr("home.next_step"))
    page, label, icon = NEXT_STEP_LINKS[next_step(project_progress(store, project.id))]
    st.page_link(page, label=ui.tr(label), icon=icon)
    _keep_your_work(store, project)
    safety.project_trash(store)


def _keep_your_work(store: Store, project: ui.Project | None) -> None:
    """Download the whole project as one file (a backup, a hand-over), or import one as a new project."""
    st.subheader(ui.tr("projectfile.title"))
    st.caption(ui.tr("hosting.keep_intro"))
    if hosting.on_community_cloud():
        st.info(ui.tr("hosting.cloud_notice"), icon=":material/cloud:")
    if project is not None:
        path, project_id = store.path, project.id

        def build() -> bytes:  # runs on click, in its own thread: its own connection
            with Store(path) as own:
                return project_file.export_project(own, project_id)

        st.download_button(
            ui.tr("projectfile.download", name=project.name),
            build,
            key=W_HOME_EXPORT,
            file_name=project_file.export_file_name(project.name),
            mime="application/zip",
            help=ui.tr("projectfile.download_help"),
            icon=":material/download:",
            on_click="ignore",
        )
        st.caption(ui.tr("hosting.file_leaves_out"))
    # A new uploader key after each import empties it, so one click can't import twice.
    upload_key = f"{W_HOME_IMPORT_FILE}{st.session_state.get(SS_HOME_IMPORTS, 0)}"
    upload = st.file_uploader(
        ui.tr("projectfile.upload"), type=["zip", "json"], key=upload_key, help=ui.tr("projectfile.upload_help")
    )
    if upload is not None and st.button(ui.tr("projectfile.import_button"), key=W_HOME_IMPORT_BUTTON, type="primary"):
        try:
            result = project_file.import_project(store, upload.getvalue())
        except project_file.ProjectFileError as error:
            st.error(
                ui.tr(
                    "projectfile.error",
                    file=upload.name,
                    reason=ui.tr(f"projectfile.error_{error.code}", **error.details),
                )
            )
            return
        if owner := ui.new_project_owner():
            store.set_project_owner(result.project_id, owner)  # without the password: the visitor's own project
        message = ui.tr("projectfile.imported", name=result.name, examples=result.examples, history=result.history)
        if result.renamed_from:
            message += " " + ui.tr("projectfile.renamed", old=result.renamed_from, name=result.name)
        ui.select_project(result.project_id)
        st.session_state[SS_HOME_IMPORTS] = st.session_state.get(SS_HOME_IMPORTS, 0) + 1
        ui.flash(message)
        st.rerun()


main()
