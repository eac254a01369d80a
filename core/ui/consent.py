"""The cost-consent checkbox: a tick belongs to one cost estimate and is used up by one action.

The checkbox's widget key carries a fingerprint of the estimate (model, method,
tokens, epochs, cost, action) and a round number that ``consent_used`` bumps
after the action ran. So a changed estimate shows an unticked box, and a second
paid action, even an identical one, needs a fresh tick.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import streamlit as st

from core.ui.state import SS_CONSENT_ROUNDS


def estimate_fingerprint(parts: Mapping[str, Any]) -> str:
    """A short, stable digest of everything the user agreed to pay for."""
    text = "|".join(f"{name}={parts[name]!r}" for name in sorted(parts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def consent_key(scope: str, parts: Mapping[str, Any]) -> str:
    """The widget key of ``scope``'s consent box for this estimate and round."""
    rounds = st.session_state.get(SS_CONSENT_ROUNDS, {})
    return f"{scope}@{estimate_fingerprint(parts)}#{rounds.get(scope, 0)}"


def cost_consent(scope: str, parts: Mapping[str, Any], label: str, help_text: str) -> bool:
    """The consent checkbox for this exact estimate; True only when ticked for it."""
    return st.checkbox(label, value=False, key=consent_key(scope, parts), help=help_text)


def consent_used(scope: str) -> None:
    """The paid action ran: the next one needs a fresh tick (drops the old box's state too)."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(f"{scope}@")]:
        del st.session_state[key]
    rounds = dict(st.session_state.get(SS_CONSENT_ROUNDS, {}))
    rounds[scope] = rounds.get(scope, 0) + 1
    st.session_state[SS_CONSENT_ROUNDS] = rounds
