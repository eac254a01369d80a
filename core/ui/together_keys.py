"""The Together AI key: typed for this session, or ``TOGETHER_API_KEY`` from secrets or the environment.

The same rules as the OpenAI key (``core.ui.keys``): typed > secrets > environment; the
key lives only in this session's memory (never the store, a log, an export or the URL);
the deployer's key is locked behind the app password like theirs for OpenAI, and is bound
to the deployer's Together endpoint (``TOGETHER_BASE_URL`` or Together's own), so the
client factory refuses to carry it anywhere else. Settings are built on every call.
"""

from __future__ import annotations

import os

import streamlit as st

from core.providers import credentials
from core.providers.client import PROVIDER_TOGETHER, TOGETHER_BASE_URL_ENV, ConnectionSettings, endpoint_address
from core.ui.keys import app_password, secrets_mapping, typed_key_box
from core.ui.language import tr
from core.ui.state import SS_SPEND_UNLOCKED, SS_TOGETHER_TYPED_KEY, W_TOGETHER_TYPED_KEY

TOGETHER_KEY_NAME = "TOGETHER_API_KEY"


def together_resolved_key() -> credentials.ResolvedKey:
    """The Together key this session would use, by precedence typed > secrets > environment."""
    credentials.load_dotenv_once()
    return credentials.resolve_api_key(
        st.session_state.get(SS_TOGETHER_TYPED_KEY), secrets_mapping(), os.environ, name=TOGETHER_KEY_NAME
    )


def together_settings() -> ConnectionSettings:
    """This session's Together connection, fresh on every call; the deployer's key only to the deployer's endpoint."""
    configured = secrets_mapping().get(TOGETHER_BASE_URL_ENV) or os.environ.get(TOGETHER_BASE_URL_ENV)
    # There is no box to point Together elsewhere: the address is always the deployer's (or Together's own).
    settings = ConnectionSettings(provider=PROVIDER_TOGETHER, base_url=str(configured).strip() if configured else None)
    resolved = together_resolved_key()
    key = credentials.usable_key(resolved, app_password(), bool(st.session_state.get(SS_SPEND_UNLOCKED)))
    address = endpoint_address(settings)
    bound = credentials.bind_key(key, resolved, address, address)
    return settings.with_overrides(api_key=bound.key, key_bound_to=bound.bound_to)


def together_spend_status() -> str:
    """``credentials.SPEND_OK`` / ``SPEND_NO_KEY`` / ``SPEND_LOCKED`` for the Together key."""
    return credentials.spend_status(
        together_resolved_key(), app_password(), bool(st.session_state.get(SS_SPEND_UNLOCKED))
    )


def together_key_box() -> None:
    """The sidebar's Together key area: where the key comes from and a box to type one for this session."""
    with st.expander(tr("together.key_header"), expanded=False):
        typed_key_box(together_resolved_key(), "together", W_TOGETHER_TYPED_KEY, SS_TOGETHER_TYPED_KEY)
