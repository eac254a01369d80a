"""The API key and the app password: which key this session uses, whether it may spend, and who may change a project.

The key comes typed > secrets > environment (``core.providers.credentials``).
When an app password is set, the owner's key and the team's projects are locked
until this session types it; only a session flag is kept, never the password.
The connection settings are built fresh on every call, never cached across sessions.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from typing import Any

import streamlit as st

from core.data.store import Project
from core.providers import credentials
from core.providers.client import PROVIDER_OPENAI, ConnectionSettings, endpoint_address
from core.ui.language import tr
from core.ui.session import open_store
from core.ui.state import (
    SS_AZURE_API_VERSION,
    SS_AZURE_DEPLOYMENTS,
    SS_AZURE_ENDPOINT,
    SS_BASE_URL,
    SS_OPENAI_PROJECT,
    SS_ORGANIZATION,
    SS_PASSWORD_WRONG,
    SS_PROVIDER,
    SS_SPEND_UNLOCKED,
    SS_TYPED_KEY,
    SS_VISITOR_SESSION,
    W_APP_PASSWORD,
    W_LOCK_SPENDING,
    W_TYPED_KEY,
)


def secrets_mapping() -> Mapping[str, Any]:
    """``st.secrets`` as a plain mapping; empty when there is no secrets file (it raises then)."""
    try:
        return {key: st.secrets[key] for key in st.secrets}
    except Exception:  # noqa: BLE001 - FileNotFoundError / StreamlitSecretNotFoundError
        return {}


def resolved_key() -> credentials.ResolvedKey:
    """The API key this session would use, by precedence typed > secrets > environment."""
    credentials.load_dotenv_once()
    return credentials.resolve_api_key(st.session_state.get(SS_TYPED_KEY), secrets_mapping(), os.environ)


def app_password() -> str | None:
    """The ``app_password`` secret (or ``$APP_PASSWORD``) that guards the owner's key."""
    return credentials.configured_app_password(secrets_mapping(), os.environ)


def _spend_unlocked() -> bool:
    return bool(st.session_state.get(SS_SPEND_UNLOCKED))


def spend_status() -> str:
    """``credentials.SPEND_OK`` / ``SPEND_NO_KEY`` / ``SPEND_LOCKED`` for this session."""
    return credentials.spend_status(resolved_key(), app_password(), _spend_unlocked())


def can_spend() -> bool:
    """True when this session may run anything that costs money (generate, launch, compare…).

    Pages call this before spending and disable the action otherwise; the key
    is also withheld from ``connection_settings()`` while locked, as a backstop.
    """
    return spend_status() == credentials.SPEND_OK


def spend_blocked_notice() -> None:
    """Say why spending is not possible right now and what to do (pages show this next to the action)."""
    status = spend_status()
    if status == credentials.SPEND_LOCKED:
        st.warning(tr("share.locked_notice"), icon=":material/lock:")
    elif status == credentials.SPEND_NO_KEY:
        st.info(tr("share.no_key_notice"), icon=":material/key:")


def visitor() -> credentials.Visitor:
    """This browser session (a random id kept in its state) and the address it connects from."""
    session = session_id()
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - no browser context (AppTest, bare mode)
        address = None
    return credentials.Visitor(session, address)


def _on_app_password() -> None:
    typed = st.session_state.get(W_APP_PASSWORD) or ""
    # Clear the box at once so the password doesn't linger in widget state.
    st.session_state[W_APP_PASSWORD] = ""
    who = visitor()
    if not credentials.PASSWORD_THROTTLE.allowed(who):
        st.session_state[SS_PASSWORD_WRONG] = "share.password_throttled_you"
    elif credentials.password_matches(typed, app_password()):
        st.session_state[SS_SPEND_UNLOCKED] = True
        st.session_state.pop(SS_PASSWORD_WRONG, None)
    else:
        credentials.PASSWORD_THROTTLE.record_failure(who)
        st.session_state[SS_PASSWORD_WRONG] = "share.password_wrong"


def session_id() -> str:
    """A random id for this browser session (never shown): it owns the visitor's own projects,
    and wrong passwords are counted against it."""
    if SS_VISITOR_SESSION not in st.session_state:
        st.session_state[SS_VISITOR_SESSION] = secrets.token_hex(16)
    return st.session_state[SS_VISITOR_SESSION]


def owner_unlocked() -> bool:
    """True when an app password is set and this session typed it (the owner, or someone they trust)."""
    return bool(app_password()) and _spend_unlocked()


def team_locked() -> bool:
    """True when the team's projects are read-only for this session (a password is set and not typed)."""
    return bool(app_password()) and not _spend_unlocked()


def may_change(project: Project | None) -> bool:
    """May this session create, edit, import into, delete or launch in ``project``?"""
    return project is None or not team_locked() or project.owner_session == session_id()


def may_change_id(project_id: int) -> bool:
    """``may_change`` for a project known by id (callbacks get only the id)."""
    if not team_locked():
        return True
    with open_store() as store:
        return may_change(store.get_project(project_id))


def new_project_owner() -> str | None:
    """Who a project made now belongs to: this session while the team's projects are locked, else the team."""
    return session_id() if team_locked() else None


def read_only_notice(project: Project | None) -> bool:
    """Say that the team's project can only be looked at; True when it is read-only for this session."""
    if may_change(project):
        return False
    st.info(tr("safety.team_read_only"), icon=":material/visibility:")
    return True


def _lock_spending() -> None:
    st.session_state.pop(SS_SPEND_UNLOCKED, None)


def spend_gate() -> None:
    """The password box for the owner's key (sidebar key area); nothing when it doesn't apply."""
    if not app_password():
        return
    if _spend_unlocked():
        st.caption(tr("share.unlocked"))
        st.button(
            tr("share.lock_again"), key=W_LOCK_SPENDING, on_click=_lock_spending, help=tr("share.lock_again_help")
        )
        return
    # On the owner's key the password unlocks spending; a visitor's own key spends freely,
    # and the password is still what unlocks the team's projects.
    st.caption(tr("share.locked_caption" if resolved_key().is_owner_key else "safety.password_for_projects"))
    st.text_input(
        tr("share.password"),
        type="password",
        key=W_APP_PASSWORD,
        on_change=_on_app_password,
        help=tr("share.password_help"),
        autocomplete="off",
    )
    if st.session_state.get(SS_PASSWORD_WRONG):
        st.error(tr(st.session_state[SS_PASSWORD_WRONG]))


def _owner_and_session_settings() -> tuple[ConnectionSettings, ConnectionSettings]:
    """The endpoint as the deployer configured it (secrets, environment) and as this session chose it."""
    configured = secrets_mapping()

    def owner(secret_name: str) -> str | None:
        value = configured.get(secret_name) or os.environ.get(secret_name)
        return str(value).strip() if value else None

    def pick(state_key: str, secret_name: str) -> str | None:
        value = st.session_state.get(state_key)
        return str(value).strip() if value else owner(secret_name)

    deployed = ConnectionSettings(
        provider=owner("OPENAI_PROVIDER") or PROVIDER_OPENAI,
        base_url=owner("OPENAI_BASE_URL"),
        azure_endpoint=owner("AZURE_OPENAI_ENDPOINT"),
    )
    chosen = ConnectionSettings(
        provider=st.session_state.get(SS_PROVIDER) or deployed.provider,
        base_url=pick(SS_BASE_URL, "OPENAI_BASE_URL"),
        organization=pick(SS_ORGANIZATION, "OPENAI_ORG_ID"),
        project=pick(SS_OPENAI_PROJECT, "OPENAI_PROJECT_ID"),
        azure_endpoint=pick(SS_AZURE_ENDPOINT, "AZURE_OPENAI_ENDPOINT"),
        api_version=pick(SS_AZURE_API_VERSION, "OPENAI_API_VERSION"),
        azure_deployments=dict(st.session_state.get(SS_AZURE_DEPLOYMENTS) or {}),
    )
    return deployed, chosen


def _bound_key() -> tuple[credentials.BoundKey, ConnectionSettings]:
    deployed, chosen = _owner_and_session_settings()
    resolved = resolved_key()
    bound = credentials.bind_key(
        credentials.usable_key(resolved, app_password(), _spend_unlocked()),
        resolved,
        endpoint_address(deployed),
        endpoint_address(chosen),
    )
    return bound, chosen


def connection_settings() -> ConnectionSettings:
    """This session's connection, built fresh on every call (never cached across sessions).

    Secrets may preset the provider and endpoints (``OPENAI_BASE_URL``,
    ``AZURE_OPENAI_ENDPOINT``…); what the user set on the Settings page wins.
    The deployer's key comes only with the deployer's endpoint, and is bound to
    it, so the client factory refuses to carry it anywhere else.
    """
    bound, chosen = _bound_key()
    return chosen.with_overrides(api_key=bound.key, key_bound_to=bound.bound_to)


def owner_key_withheld() -> bool:
    """True when the owner's key is not used because this session points at another endpoint."""
    return _bound_key()[0].withheld_elsewhere


def owner_key_elsewhere_notice() -> None:
    """One line saying the owner's key stays with the owner's endpoint, when that is why there is no key."""
    if owner_key_withheld():
        st.warning(tr("owner.key_elsewhere"), icon=":material/key_off:")


def _keep_typed_key(widget_key: str, state_key: str) -> None:
    st.session_state[state_key] = (st.session_state.get(widget_key) or "").strip() or None


def typed_key_box(key: credentials.ResolvedKey, strings: str, widget_key: str, state_key: str) -> None:
    """Where a provider's key comes from, and a box to type one for this session (kept in this tab's memory).

    ``strings`` is the prefix of the provider's texts (``key_from_<source>``, ``key_none``, ``type_key``…).
    """
    if key.present:
        st.caption(tr(f"{strings}.key_from_{key.source}", masked=key.masked))
    else:
        st.caption(tr(f"{strings}.key_none"))
    st.text_input(
        tr(f"{strings}.type_key"),
        type="password",
        key=widget_key,
        on_change=_keep_typed_key,
        args=(widget_key, state_key),
        value=st.session_state.get(state_key) or "",
        help=tr(f"{strings}.type_key_help"),
        autocomplete="off",
    )


def key_status() -> None:
    """The sidebar's key area: where the key comes from, a box to type one, the password box, today's spend."""
    typed_key_box(resolved_key(), "sidebar", W_TYPED_KEY, SS_TYPED_KEY)
    spend_gate()
    # Imported here: core.ui.spend uses the whole core.ui package, which imports this module first.
    from core.ui.spend import today_line

    today_line()
