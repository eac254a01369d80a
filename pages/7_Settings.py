"""Connection: provider, key and addresses for this session; Test connection; fine-tuning preflight."""

from __future__ import annotations

import streamlit as st

from core import ui
from core.providers.client import PROVIDERS
from core.ui import connection_panels
from core.ui.state import W_SETTINGS as W_PREFIX

store, project = ui.page_setup("nav.settings", icon=":material/settings:")
st.caption(ui.tr("settings.intro"))

current = st.session_state.get(ui.SS_PROVIDER) or ui.connection_settings().provider
provider = st.radio(
    ui.tr("settings.provider"),
    PROVIDERS,
    index=PROVIDERS.index(current) if current in PROVIDERS else 0,
    format_func=ui.labels("settings.provider_"),
    horizontal=True,
    key=ui.choice_key(W_PREFIX + ui.SS_PROVIDER),
    on_change=connection_panels.copy_text,
    args=(ui.SS_PROVIDER,),
    help=ui.tr("settings.provider_help"),
)
st.session_state[ui.SS_PROVIDER] = provider

connection_panels.show_key_row()
connection_panels.show_address_fields(provider)
connection_panels.show_connection_test()
connection_panels.show_preflight(store, project, provider)
