"""Per-session plumbing every page uses: a store connection for this run and a message shown once after a rerun."""

from __future__ import annotations

import streamlit as st

from core.data.store import Store
from core.ui.state import SS_FLASH


def open_store() -> Store:
    """A connection to the workspace for this script run (cheap; never shared across sessions)."""
    from core.ui.database import configure_from_secrets  # the sidebar imports this module first

    configure_from_secrets()
    return Store()


def flash(message: str, kind: str = "success") -> None:
    """Show ``message`` once on the next run (survives the rerun a button causes)."""
    st.session_state[SS_FLASH] = (kind, message)


def show_flash() -> None:
    """Show the message ``flash`` left for this run, once."""
    kind, message = st.session_state.pop(SS_FLASH, (None, None))
    if message:
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(message)
