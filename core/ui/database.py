"""The workspace database as the user sees it: which one, what happens when it's away, moving into it.

The team database is named in the app's secrets the way Streamlit names SQL
connections (``[connections.sql] url = …``) or as ``$DATABASE_URL``; without
either, the workspace is the local SQLite file. Its address is shown only
through ``redacted()``: the password never reaches the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from core.data.connection import DatabaseUnavailable, configure_database, default_location, workspace_path
from core.data.engine import is_sqlite, redacted, sql_secrets
from core.data.store import Store
from core.data.workspace_cli import EXIT_COPIED, run_copy
from core.ui.keys import secrets_mapping, team_locked
from core.ui.language import lang, tr
from core.ui.state import W_HOME_COPY_WORKSPACE

# How often a page that lost the database tries again by itself.
RETRY_EVERY_S = 5


def configure_from_secrets(secrets: Mapping[str, Any] | None = None) -> None:
    """Hand the ``[connections.sql]`` secret (if any) to the store; cheap, so every run does it."""
    section = sql_secrets(secrets if secrets is not None else secrets_mapping())
    configure_database(str(section.get("url") or "") or None)


def on_team_database() -> bool:
    """True when the workspace lives on a database server rather than in the local file."""
    return not is_sqlite(default_location())


def open_or_explain() -> Store:
    """The store for this run; when the database can't be reached, a plain message and a retry, never a traceback."""
    configure_from_secrets()
    try:
        store = Store()
        store.ping()
        return store
    except DatabaseUnavailable as away:
        unreachable(away)
        st.stop()
        raise  # st.stop() ends the run; this only tells type checkers so


def unreachable(away: DatabaseUnavailable) -> None:
    """Say what happened and that nothing was lost; try again every few seconds and carry on when it's back."""
    st.error(tr("database.unreachable", where=away.details.get("where", "")), icon=":material/cloud_off:")
    st.caption(tr("database.unreachable_what_now"))

    @st.fragment(run_every=RETRY_EVERY_S)
    def _retry() -> None:
        try:
            Store().ping()
        except DatabaseUnavailable:
            st.caption(tr("database.still_trying"))
            return
        st.rerun(scope="app")

    _retry()


def where_work_is_kept() -> None:
    """Home: one line on where the workspace lives, and for the owner, moving the local file into the team database."""
    location = default_location()
    if is_sqlite(location):
        st.caption(tr("database.on_file"))
        return
    st.caption(tr("database.on_server", where=redacted(location)))
    local = workspace_path()
    if team_locked() or not local.is_file():
        return
    with st.expander(tr("database.copy_title"), icon=":material/move_up:"):
        st.write(tr("database.copy_explain", path=str(local)))
        if st.button(tr("database.copy_button"), key=W_HOME_COPY_WORKSPACE, help=tr("database.copy_help")):
            lines: list[str] = []
            code = run_copy(local, location, lang(), out=lines.append, err=lines.append)
            (st.success if code == EXIT_COPIED else st.error)(
                tr("database.copy_done" if code == EXIT_COPIED else "database.copy_failed")
            )
            st.code("\n".join(lines), language=None)
