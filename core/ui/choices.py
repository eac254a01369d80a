"""Choice widgets that survive a language switch.

Selectboxes, multiselects, radios, segmented controls and pills keep canonical
values ("draft", "split", "") as their options and translate only in
``format_func``. But the browser holds the *label* it last showed ("초안"), and
Streamlit keeps a keyed widget across reruns even when its labels change, so
after a switch to English the widget would still show the Korean label.
``retranslate_choices`` (called when the language changes) writes every
registered widget's canonical value back into it, which makes Streamlit send
the value again, labelled in the new language.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import streamlit as st

from core.i18n import t
from core.ui.state import SS_CHOICE_KEYS


def choice_key(key: str) -> str:
    """Register ``key`` as a widget with translated option labels; returns the key."""
    st.session_state.setdefault(SS_CHOICE_KEYS, set()).add(key)
    return key


def retranslate_choices() -> None:
    """Re-send each live registered widget's canonical value, to be labelled in the new language.

    Runs in the language widget's on_change callback, before the script: every
    value read here was decoded with the old labels, so it is canonical.
    """
    keys = st.session_state.get(SS_CHOICE_KEYS, set())
    for key in sorted(keys):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
        else:
            keys.discard(key)  # its widget is gone (another page, an old revision)


def option_labels(
    lang: str, prefix: str = "", empty_key: str | None = None, known: Collection[Any] | None = None
) -> Callable[[Any], str]:
    """A ``format_func`` that labels canonical values in ``lang`` (fixed now, not when Streamlit calls it).

    ``prefix + value`` is the translation key; an empty value (``""``/None)
    shows ``empty_key``; values outside ``known`` (when given) show as they are.
    """

    def label(value: Any) -> str:
        if value in (None, "") and empty_key:
            return t(empty_key, lang)
        if not prefix or (known is not None and value not in known):
            return str(value)
        return t(f"{prefix}{value}", lang)

    return label
