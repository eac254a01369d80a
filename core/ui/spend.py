"""The one spend button every page uses: the highest cost first, one confirmation threshold, the owner's budget.

The decision itself is ``core.workflows.spending.decide`` (pure logic); this module draws it
and, when the button is pressed on the owner's key, books the highest cost against
today's budget before the page starts anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from core import ui
from core.ui.consent import consent_used, cost_consent
from core.workflows import spending


def policy() -> spending.SpendPolicy:
    """The owner's budget and confirmation threshold, from secrets."""
    return spending.policy_from(ui.secrets_mapping())


def on_owner_key() -> bool:
    """True when this session's paid calls go out on the owner's key (secrets or environment)."""
    return ui.resolved_key().is_owner_key and ui.connection_settings().has_key


def _money(usd: float | None) -> str:
    return "?" if usd is None else f"${usd:,.4f}" if usd < 1 else f"${usd:,.2f}"


def decision(
    action: str,
    usd_max: float | None,
    owner_usd: float | None | object = spending.WHOLE_COST,
    on_owner: bool | None = None,
) -> spending.SpendDecision:
    """What the gate says about ``action`` at ``usd_max`` for this session, right now.

    ``on_owner``: whether the key that pays is the owner's, when it is another provider's key (Together's);
    by default the connection's key decides."""
    owner = on_owner_key() if on_owner is None else on_owner
    spent = 0.0
    if owner:
        with ui.open_store() as store:
            spent = spending.spent_today(store)
    return spending.decide(action, usd_max, policy(), on_owner_key=owner, spent_today_usd=spent, owner_usd=owner_usd)


def spend_button(
    action: str,
    usd_max: float | None,
    label: str,
    *,
    key: str,
    disabled: bool = False,
    owner_usd: float | None | object = spending.WHOLE_COST,
    cost_shown: bool = False,
    agreed_to: Mapping[str, Any] | None = None,
    on_owner: bool | None = None,
    **button_args: Any,
) -> bool:
    """Show the highest cost, ask to confirm above the threshold, draw the button; True when it may start now.

    ``owner_usd``: the part of the cost that runs on this session's key, when other endpoints
    with their own keys take part (Compare); by default all of it. ``cost_shown``: the page already
    shows this same highest cost right above (Generate's metric), so it isn't repeated.
    ``agreed_to``: everything the confirmation is about (model, rows, tokens…); a tick belongs to
    that one estimate and is used up by the action, so a changed or second action needs a new tick.
    ``on_owner``: see ``decision`` (Together's launch pays with Together's key).
    On the owner's key the highest cost is charged to today's budget before this returns True;
    a charge that no longer fits (another action got there first) refuses with a plain message.
    """
    tr = ui.tr
    gate = decision(action, usd_max, owner_usd, on_owner)
    if not cost_shown:
        st.caption(tr("spend.highest_cost", usd=_money(usd_max)) if usd_max is not None else tr("spend.cost_unknown"))
    if gate.refused == spending.REFUSED_OVER_BUDGET:
        st.warning(
            tr("spend.over_budget", usd=_money(gate.owner_usd), left=_money(gate.budget_left_usd)),
            icon=":material/savings:",
        )
    elif gate.refused == spending.REFUSED_UNKNOWN_COST:
        st.warning(tr("spend.unknown_cost_refused"), icon=":material/savings:")
    confirmed = True
    if gate.allowed and gate.needs_confirmation:
        text = tr("spend.confirm", usd=_money(usd_max)) if usd_max is not None else tr("spend.confirm_unknown")
        parts = {"action": action, "usd": usd_max, **(agreed_to or {})}
        confirmed = cost_consent(f"{key}_confirm", parts, text, tr("spend.confirm_help"))
    pressed = st.button(label, key=key, disabled=disabled or not gate.allowed or not confirmed, **button_args)
    if not pressed:
        return False
    if gate.on_owner_key:
        with ui.open_store() as store:
            if not spending.charge(store, action, gate.charge_usd, policy().budget_usd):
                st.error(tr("spend.over_budget_now"))
                return False
    consent_used(f"{key}_confirm")
    return True


def today_line() -> None:
    """Sidebar: what the owner's key has been charged today (UTC), and of how much."""
    if not ui.resolved_key().is_owner_key:
        return
    with ui.open_store() as store:
        spent = spending.spent_today(store)
    budget = policy().budget_usd
    st.caption(tr_today(spent, budget))


def tr_today(spent: float, budget: float | None) -> str:
    if budget is None:
        return ui.tr("spend.today", usd=_money(spent))
    return ui.tr("spend.today_of", usd=_money(spent), budget=_money(budget))
