"""Home: what the app does, where the user stands, and the first step."""

import streamlit as st

from core import ui
from core.sample import create_sample_project


def _open_sample() -> None:
    with ui.open_store() as store:
        ui.select_project(create_sample_project(store))
    ui.flash(ui.tr("sidebar.sample_opened"))


def main() -> None:
    store, project = ui.page_setup("home.title")
    st.write(ui.tr("home.intro"))
    st.markdown(ui.tr("home.workflow"))
    if project is None:
        st.subheader(ui.tr("home.start_title"))
        st.markdown(ui.tr("home.start_sample"))
        st.button(ui.tr("sidebar.open_sample"), on_click=_open_sample, type="primary", key="home_open_sample")
        st.markdown(ui.tr("home.start_import"))
        return
    counts = store.count_by_status(project.id)
    st.subheader(ui.tr("home.where_you_are", name=project.name))
    columns = st.columns(4)
    columns[0].metric(ui.tr("home.total"), sum(counts.values()))
    for column, status in zip(columns[1:], ("draft", "approved", "rejected"), strict=True):
        column.metric(ui.tr(f"status.{status}"), counts[status])
    st.subheader(ui.tr("home.next_step"))
    if not sum(counts.values()):
        st.page_link("pages/1_Questions.py", label=ui.tr("home.next_import"), icon=":material/upload_file:")
    elif counts["approved"] < 10:
        st.page_link("pages/3_Curate.py", label=ui.tr("home.next_curate"), icon=":material/edit_note:")
    else:
        st.page_link("pages/4_Preview.py", label=ui.tr("home.next_preview"), icon=":material/fact_check:")


main()
