"""Home: keep your work — download the whole project as one file, or import one as a new project."""

from __future__ import annotations

import streamlit as st

from core import ui
from core.data.store import Store
from core.dataset import project_file
from core.ui import database, hosting
from core.ui.state import SS_HOME_IMPORTS, W_HOME_EXPORT, W_HOME_IMPORT_BUTTON, W_HOME_IMPORT_FILE


def show(store: Store, project: ui.Project | None) -> None:
    """Download the whole project as one file (a backup, a hand-over), or import one as a new project."""
    st.subheader(ui.tr("projectfile.title"))
    st.caption(ui.tr("hosting.keep_intro"))
    database.where_work_is_kept()
    if hosting.on_community_cloud() and not database.on_team_database():
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
