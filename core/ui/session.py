"""Per-session plumbing every page uses: a store connection for this run, a message shown once after a rerun,
and the guard every widget callback that reaches the store wears (``refusable_write``)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

from core.data.connection import WRITE_REFUSED, DatabaseUnavailable
from core.data.store import Store
from core.ui.language import tr
from core.ui.state import SS_FLASH

P = ParamSpec("P")
R = TypeVar("R")


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


def refusal_message(refused: BaseException) -> str:
    """What the user reads when the store refused a write: the database is away, or the file stayed locked."""
    return tr("database.save_refused" if isinstance(refused, DatabaseUnavailable) else "curate.save_failed")


def refusable_write(callback: Callable[P, R]) -> Callable[P, R | None]:
    """Wear this on every widget callback that reaches the store.

    Streamlit runs callbacks before the page script, outside the page's own
    check that the database answers; a write refused there (the team database
    away, the SQLite file locked past its busy timeout) rolled back whole, so
    the user is told it was not saved (on the next run) instead of seeing a
    traceback. The callback stops where it was refused: whatever it would have
    remembered after the write is not remembered. Anything else still raises.
    """

    @functools.wraps(callback)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return callback(*args, **kwargs)
        except WRITE_REFUSED as refused:
            flash(refusal_message(refused), "error")
            return None

    return guarded
