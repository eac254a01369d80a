"""Where this user can still fine-tune, and the model table with its dates (Connection and Fine-tune pages)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core import model_lifecycle, ui
from core.providers import where_to_train


def show_advice(advice: tuple[where_to_train.Advice, ...]) -> None:
    """The places to train, best first: the first is marked as the recommendation."""
    st.markdown(f"**{ui.tr('lifecycle.where')}**")
    lang = ui.lang()
    lines = [f"- **{ui.tr('lifecycle.recommended')}:** {advice[0].text(lang)}"] if advice else []
    lines += [f"- {item.text(lang)}" for item in advice[1:]]
    st.markdown("\n".join(lines))
    st.page_link("pages/4_Preview.py", label=ui.tr("nav.preview"), icon=":material/fact_check:")


def show_model_table(provider: str, day: Any) -> None:
    """Every base this provider's calendar lists, retired ones marked, and where the dates come from."""
    cal = model_lifecycle.calendar(provider)
    title = ui.tr(
        "lifecycle.table",
        date=model_lifecycle.TABLE_AS_OF.isoformat(),
        provider=ui.tr(f"settings.provider_{cal.provider}"),
    )
    with st.expander(title):
        st.dataframe(
            pd.DataFrame(where_to_train.table_rows(provider, day, ui.lang())), hide_index=True, width="stretch"
        )
        st.caption(
            ui.tr("lifecycle.source", title=cal.source.title, url=cal.source.url, date=cal.source.checked.isoformat())
        )


def show_for_finetune(preflight: Any, provider: str) -> None:
    """On the Fine-tune page: this provider's dates and where to train; the Connection check decides access."""
    day = model_lifecycle.today()
    checked = preflight is not None and getattr(preflight, "provider", None) == provider
    access = preflight.access if checked else where_to_train.ACCESS_UNKNOWN
    st.info(where_to_train.dates_note(provider, day, ui.lang()), icon=":material/event:")
    show_advice(where_to_train.where_to_train(provider, access, day))
