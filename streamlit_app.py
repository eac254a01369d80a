"""Home: what the app does, where the user stands, and the first step."""

import streamlit as st

from core import ui
from core.data.store import Store, StoreError
from core.dataset.next_step import STEP_CURATE, STEP_GENERATE, STEP_PREVIEW, STEP_QUESTIONS, next_step, project_progress
from core.dataset.sample import create_sample_project
from core.ui import keep_your_work, safety
from core.ui.state import W_HOME_GUIDE_CREATE, W_HOME_GUIDE_NAME, W_HOME_OPEN_SAMPLE

NEXT_STEP_LINKS = {  # step → (page, label, icon)
    STEP_QUESTIONS: ("pages/1_Questions.py", "home.next_import", ":material/upload_file:"),
    STEP_GENERATE: ("pages/2_Generate.py", "home.next_generate", ":material/auto_awesome:"),
    STEP_CURATE: ("pages/3_Curate.py", "home.next_curate", ":material/edit_note:"),
    STEP_PREVIEW: ("pages/4_Preview.py", "home.next_preview", ":material/fact_check:"),
}


@ui.refusable_write
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
        keep_your_work.show(store, None)
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
    keep_your_work.show(store, project)
    safety.project_trash(store)


main()
