"""Connection page panels: the key row, the address fields, the connection test and the fine-tuning preflight."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import model_lifecycle, ui
from core.data.store import Store
from core.providers import connection
from core.providers.client import DEFAULT_AZURE_API_VERSION, PROVIDER_AZURE, PROVIDER_COMPATIBLE, PROVIDER_OPENAI
from core.providers.credentials import mask_key
from core.ui import training_outlook

# Plain session keys for results (they hold model names and plain sentences, never the key).
from core.ui.state import (
    SS_PREFLIGHT,
    W_SETTINGS_FORGET_KEY,
    W_SETTINGS_FORGET_REFUSAL,
    W_SETTINGS_PREFLIGHT,
    W_SETTINGS_TEST,
)
from core.ui.state import SS_SETTINGS_CHECK as SS_CHECK
from core.ui.state import W_SETTINGS as W_PREFIX

# Text fields: (plain session key the connection reads, label key, help key, providers that show it).
FIELDS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (ui.SS_BASE_URL, "settings.base_url", "settings.base_url_help", (PROVIDER_OPENAI, PROVIDER_COMPATIBLE)),
    (ui.SS_ORGANIZATION, "settings.organization", "settings.organization_help", (PROVIDER_OPENAI,)),
    (ui.SS_OPENAI_PROJECT, "settings.project", "settings.project_help", (PROVIDER_OPENAI,)),
    (ui.SS_AZURE_ENDPOINT, "settings.azure_endpoint", "settings.azure_endpoint_help", (PROVIDER_AZURE,)),
    (ui.SS_AZURE_API_VERSION, "settings.azure_api_version", "settings.azure_api_version_help", (PROVIDER_AZURE,)),
)


def copy_text(plain_key: str) -> None:
    """Widget → plain key (widget state is dropped on a page switch); results of old checks go stale."""
    st.session_state[plain_key] = (st.session_state.get(W_PREFIX + plain_key) or "").strip() or None
    st.session_state.pop(SS_CHECK, None)
    st.session_state.pop(SS_PREFLIGHT, None)


def _copy_deployments() -> None:
    mapping, _ = connection.parse_deployments(st.session_state.get(W_PREFIX + ui.SS_AZURE_DEPLOYMENTS) or "")
    st.session_state[ui.SS_AZURE_DEPLOYMENTS] = mapping
    st.session_state.pop(SS_CHECK, None)


def _forget_key() -> None:
    st.session_state.pop(ui.SS_TYPED_KEY, None)
    st.session_state[W_PREFIX + ui.SS_TYPED_KEY] = ""
    ui.flash(ui.tr("settings.key_forgotten"))


def show_key_row() -> None:
    """The key field for this session, a Forget button for a typed key, and where the key in use comes from."""
    key = ui.resolved_key()
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.text_input(
        ui.tr("settings.key"),
        type="password",
        key=W_PREFIX + ui.SS_TYPED_KEY,
        autocomplete="off",
        on_change=copy_text,
        args=(ui.SS_TYPED_KEY,),
        help=ui.tr("settings.key_help"),
    )
    right.button(
        ui.tr("settings.key_forget"), on_click=_forget_key, disabled=key.source != "session", key=W_SETTINGS_FORGET_KEY
    )
    st.caption(
        ui.tr(f"sidebar.key_from_{key.source}", masked=mask_key(key.key)) if key.present else ui.tr("sidebar.key_none")
    )


def show_address_fields(provider: str) -> None:
    """The provider's address fields (and Azure deployments), each flagging a malformed address at once."""
    # What the app uses when a field is left empty (secrets / environment), shown as the
    # field's placeholder so a user can see that e.g. OPENAI_BASE_URL is in force.
    inherited = ui.connection_settings()
    inherited_values = {
        ui.SS_BASE_URL: inherited.base_url,
        ui.SS_ORGANIZATION: inherited.organization,
        ui.SS_OPENAI_PROJECT: inherited.project,
        ui.SS_AZURE_ENDPOINT: inherited.azure_endpoint,
    }
    for plain_key, label_key, help_key, providers in FIELDS:
        if provider not in providers:
            continue
        default = DEFAULT_AZURE_API_VERSION if plain_key == ui.SS_AZURE_API_VERSION else ""
        st.text_input(
            ui.tr(label_key),
            value=st.session_state.get(plain_key) or default,
            key=W_PREFIX + plain_key,
            on_change=copy_text,
            args=(plain_key,),
            help=ui.tr(help_key),
            placeholder=inherited_values.get(plain_key) or None,
        )
        typed = st.session_state.get(plain_key)
        if plain_key in (ui.SS_BASE_URL, ui.SS_AZURE_ENDPOINT) and not connection.validate_base_url(typed):
            st.error(ui.tr("settings.bad_url", url=typed))
    if provider == PROVIDER_AZURE:
        text = st.text_area(
            ui.tr("settings.azure_deployments"),
            key=W_PREFIX + ui.SS_AZURE_DEPLOYMENTS,
            value=connection.format_deployments(st.session_state.get(ui.SS_AZURE_DEPLOYMENTS) or {}),
            on_change=_copy_deployments,
            help=ui.tr("settings.azure_deployments_help"),
        )
        _, bad_lines = connection.parse_deployments(text)
        if bad_lines:
            st.warning(ui.tr("settings.azure_bad_lines", lines=", ".join(map(str, bad_lines))))


def show_connection_test() -> None:
    """Test connection, and the last result (its model list folded away)."""
    ui.owner_key_elsewhere_notice()
    if st.button(
        ui.tr("settings.test"),
        type="primary",
        icon=":material/network_check:",
        help=ui.tr("settings.test_help"),
        key=W_SETTINGS_TEST,
    ):
        with st.spinner(ui.tr("settings.test")):
            st.session_state[SS_CHECK] = connection.check_connection(ui.connection_settings())
    check: connection.ConnectionCheck | None = st.session_state.get(SS_CHECK)
    if check is not None and not (check.missing_key and ui.owner_key_withheld()):  # the warning above says why
        (st.success if check.ok else st.error)(check.message(ui.lang()))
        if check.models:
            with st.expander(ui.tr("settings.models_list", count=len(check.models))):
                st.write(", ".join(check.models))


@ui.refusable_write
def _run_preflight(store: Store, project: ui.Project | None) -> None:
    settings = ui.connection_settings()
    refusal = connection.project_refusal(store, project.id, settings) if project else None
    st.session_state[SS_PREFLIGHT] = (connection.preflight(settings, refusal), connection.checked_at())


@ui.refusable_write
def _forget_refusal(store: Store, project: ui.Project | None) -> None:
    if project is not None:
        connection.clear_refusal(store, project.id)
    _run_preflight(store, project)


def _offered_table(pre: connection.Preflight) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                ui.tr("settings.pre_col_model"): offer.name,
                ui.tr("settings.pre_col_dpo"): "✓" if offer.supports_dpo else "—",
                ui.tr("lifecycle.col_training_ends"): offer.training_ends.isoformat() if offer.training_ends else "—",
                ui.tr("settings.pre_col_retirement"): offer.retirement.isoformat()
                if offer.retirement
                else ui.tr("settings.pre_no_retirement"),
                ui.tr("settings.pre_col_days"): str(offer.days_left) if offer.days_left is not None else "—",
            }
            for offer in pre.offered
        ]
    )


def show_preflight(store: Store, project: ui.Project | None, provider: str) -> None:
    """Fine-tuning preflight: may this key train here, which bases are offered, and until when."""
    st.divider()
    st.subheader(ui.tr("settings.preflight"))
    st.caption(ui.tr("settings.preflight_intro"))
    st.button(
        ui.tr("settings.preflight_run"),
        icon=":material/fact_check:",
        help=ui.tr("settings.preflight_help"),
        key=W_SETTINGS_PREFLIGHT,
        on_click=_run_preflight,
        args=(store, project),
    )
    result = st.session_state.get(SS_PREFLIGHT)
    if result is not None:
        pre, when = result
        lang = ui.lang()
        show = (
            st.success
            if pre.access == connection.ACCESS_YES and pre.offered
            else (st.error if pre.access == connection.ACCESS_NO else st.warning)
        )
        show(pre.verdict(lang))
        st.caption(ui.tr("settings.checked_at", when=when))
        if pre.refusal is not None:
            st.button(
                ui.tr("settings.refusal_forget"),
                on_click=_forget_refusal,
                args=(store, project),
                key=W_SETTINGS_FORGET_REFUSAL,
            )
        if pre.offered:
            st.markdown(f"**{ui.tr('settings.pre_models')}**")
            st.dataframe(_offered_table(pre), hide_index=True, width="stretch")
        if pre.check.ok and pre.not_offered:
            st.caption(ui.tr("settings.pre_not_offered", models=", ".join(pre.not_offered)))
        st.info(pre.dates_note(lang), icon=":material/event:")
        training_outlook.show_advice(pre.advice)
        st.page_link("pages/6_Compare.py", label=ui.tr("nav.compare"), icon=":material/compare:")
    training_outlook.show_model_table(provider, result[0].today if result else model_lifecycle.today())
