"""The Fine-tune page's refusal notice: the account can't fine-tune here, why, and what to do instead."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core import ui
from core.providers.connection import ACCESS_NO
from core.workflows import finetune
from core.workflows import finetune_view as view

ALTERNATIVES = (
    ("pages/7_Settings.py", "finetune.alt_azure", ":material/cloud:"),
    ("pages/4_Preview.py", "finetune.alt_export", ":material/download:"),
    ("pages/6_Compare.py", "finetune.alt_compare", ":material/compare:"),
)


def show_refusal(rows: list[finetune.JobRow], preflight: Any) -> None:
    """The account can't fine-tune (a refused create, or the preflight says so): why, and what instead."""
    latest_refused = bool(rows) and rows[0].status == finetune.STATUS_REFUSED
    if latest_refused:
        st.warning(view.error_text(rows[0], ui.lang()) or "", icon=":material/block:")
    elif preflight is not None and preflight.access == ACCESS_NO:
        st.warning(preflight.verdict(ui.lang()), icon=":material/block:")
    else:
        return
    st.markdown(ui.tr("finetune.alternatives"))
    for column, (path, key, icon) in zip(st.columns(3), ALTERNATIVES, strict=True):
        column.page_link(path, label=ui.tr(key), icon=icon)
