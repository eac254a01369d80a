"""The UI language: which one this session uses, the translation helper, and the sidebar's language switch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from core.i18n import LANGUAGE_NAMES, LANGUAGES, language_from_locale, t
from core.ui.choices import option_labels, retranslate_choices
from core.ui.state import SS_LANG, W_LANG

# The language lives in the URL too, so a shared link opens in the sender's language.
QP_LANG = "lang"


def lang() -> str:
    """The UI language: chosen in the sidebar, else ?lang=, else the browser's locale."""
    if SS_LANG not in st.session_state:
        from_url = st.query_params.get(QP_LANG)
        if from_url in LANGUAGES:
            st.session_state[SS_LANG] = from_url
        else:
            try:
                locale = st.context.locale
            except Exception:  # noqa: BLE001 - no browser context (AppTest, bare mode)
                locale = None
            st.session_state[SS_LANG] = language_from_locale(locale)
    return st.session_state[SS_LANG]


def tr(key: str, **values: Any) -> str:
    """Translate ``key`` into the session's language."""
    return t(key, lang(), **values)


def labels(prefix: str = "", empty_key: str | None = None, known: Any = None) -> Callable[[Any], str]:
    """A widget ``format_func`` for canonical values, in the session's language (``choices.option_labels``)."""
    return option_labels(lang(), prefix, empty_key, known)


def _on_language_change() -> None:
    chosen = st.session_state.get(W_LANG)
    if chosen in LANGUAGES:
        st.session_state[SS_LANG] = chosen
        st.query_params[QP_LANG] = chosen
        retranslate_choices()


def language_switch() -> None:
    """The sidebar's language switch (it also puts ``?lang=`` in the URL)."""
    current = lang()
    st.segmented_control(
        tr("sidebar.language"),
        LANGUAGES,
        default=current,
        key=W_LANG,
        format_func=lambda code: LANGUAGE_NAMES.get(code, code),
        on_change=_on_language_change,
        help=tr("sidebar.language_help"),
    )
