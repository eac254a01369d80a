"""The chat models a connection offers, asked once per session and connection (Generate and Compare share it).

Only this session's memory holds the list (never ``st.cache_*``, which is shared
across sessions and would mix keys); the fingerprint carries the key's last four
characters only.
"""

from __future__ import annotations

import streamlit as st

from core import ui
from core.pricing import serving_models
from core.providers import api_errors
from core.providers.client import ConnectionSettings
from core.providers.credentials import mask_key
from core.ui.state import SS_CHAT_MODELS as SS_MODELS  # compare_setup reads it as chat_models.SS_MODELS
from core.workflows import generation


def model_choices(connection: ConnectionSettings) -> tuple[list[str], str | None]:
    """The connection's chat models, else the table's models that still answer, and why the listing failed."""
    fingerprint = f"{connection.provider}|{connection.base_url}|{mask_key(connection.api_key)}"
    cached = st.session_state.get(SS_MODELS)
    if not cached or cached[0] != fingerprint:
        try:
            found, reason = generation.chat_models(connection), None
        except Exception as error:  # noqa: BLE001 - any failure: explain it and fall back to the table
            found, reason = [], api_errors.explain_exception(error, ui.lang())
        cached = (fingerprint, found or serving_models(connection.provider), reason)
        st.session_state[SS_MODELS] = cached
    return list(cached[1]), cached[2]
