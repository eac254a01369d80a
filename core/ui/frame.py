"""The page frame: page config, the navigation we draw ourselves, the sidebar, the title and the notices under it."""

from __future__ import annotations

import streamlit as st

from core.data.connection import DatabaseUnavailable
from core.data.store import Project, Store
from core.i18n import timefmt
from core.providers import credentials
from core.ui import database
from core.ui.keys import key_status, owner_key_elsewhere_notice, spend_blocked_notice, spend_status
from core.ui.language import language_switch, tr
from core.ui.session import show_flash
from core.ui.sidebar import QP_PROJECT, carried_params, current_project, project_picker
from core.ui.together_keys import together_key_box

# Pages whose actions cost money: they say at the top when the owner's key is locked.
SPENDING_PAGES = frozenset({"nav.generate", "nav.finetune", "nav.compare"})
# What a table shows for a missing value (Streamlit's default is the English "None").
EMPTY_CELL = ""

# The navigation we draw ourselves, so that its labels are translated.
# (Sidebar navigation from file names is switched off in .streamlit/config.toml;
# plain file-based routing keeps deep links working on a cold server.)
PAGES: tuple[tuple[str, str, str], ...] = (
    ("streamlit_app.py", "nav.home", ":material/home:"),
    ("pages/1_Questions.py", "nav.questions", ":material/upload_file:"),
    ("pages/1_Documents.py", "nav.documents", ":material/description:"),
    ("pages/2_Generate.py", "nav.generate", ":material/auto_awesome:"),
    ("pages/3_Curate.py", "nav.curate", ":material/edit_note:"),
    ("pages/4_Preview.py", "nav.preview", ":material/fact_check:"),
    ("pages/5_Finetune.py", "nav.finetune", ":material/model_training:"),
    ("pages/6_Compare.py", "nav.compare", ":material/compare:"),
    ("pages/7_Settings.py", "nav.settings", ":material/settings:"),
)


def page_setup(title_key: str, icon: str = ":material/school:") -> tuple[Store, Project | None]:
    """Configure the page, draw the sidebar and the title; return the store and the project."""
    st.set_page_config(page_title=f"{tr(title_key)} · Fine-tune Studio", page_icon=icon, layout="wide")
    timefmt.use_timezone(_browser_timezone())
    try:
        store = database.open_checked()
        project = current_project(store)
    except DatabaseUnavailable as away:
        # The page still has its frame: the user can read where they are and switch language while it retries.
        with st.sidebar:
            _navigation()
            st.divider()
            language_switch()
        st.title(tr(title_key))
        show_flash()  # e.g. "not saved" from a callback that ran into the same outage before this run
        database.unreachable(away)
        st.stop()
    with st.sidebar:
        _navigation()
        st.divider()
        project = project_picker(store, project)
        st.divider()
        language_switch()
        key_status()
        together_key_box()
    st.title(tr(title_key))
    if project is None and (missing := st.query_params.get(QP_PROJECT)) is not None:
        st.warning(tr("urlstate.project_missing", id=missing), icon=":material/link_off:")
    show_flash()
    if project is not None and project.owner_session is not None:
        st.caption(tr("safety.own_project"))
    if title_key in SPENDING_PAGES and spend_status() == credentials.SPEND_LOCKED:
        spend_blocked_notice()
    if title_key in SPENDING_PAGES:
        owner_key_elsewhere_notice()
    return store, project


def _browser_timezone() -> str | None:
    try:
        return st.context.timezone
    except Exception:  # noqa: BLE001 - no browser context (bare mode): UTC
        return None


def require_project(project: Project | None) -> Project:
    """Stop the page with a friendly pointer when no project is open yet."""
    if project is None:
        st.info(tr("common.no_project"))
        st.page_link(
            "streamlit_app.py", label=tr("common.go_home"), icon=":material/home:", query_params=carried_params()
        )
        st.stop()
    return project


def _navigation() -> None:
    for path, label_key, icon in PAGES:
        st.page_link(path, label=tr(label_key), icon=icon, query_params=carried_params())
