"""The Fine-tune page's Together form: connect, pick a base model within its limits, set Together's
hyperparameters, see Together's own price, and launch through the one spend gate."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core import ui
from core.data.store import Project, Store
from core.providers import api_errors, credentials
from core.providers.client import PROVIDER_TOGETHER, ConnectionSettings
from core.providers.finetuning.together import HYPERPARAMETERS, TRAINING_FULL, TRAINING_LORA
from core.ui import finetune_jobs
from core.ui.finetune_jobs import focus_new_job
from core.ui.spend import spend_button
from core.ui.state import (
    SS_TOGETHER_CATALOG,
    SS_TOGETHER_QUOTE,
    W_FINETUNE_PROVIDER,
    W_FINETUNE_SEED,
    W_FINETUNE_SUFFIX,
    W_FINETUNE_VALID,
    W_TOGETHER_HP,
    W_TOGETHER_LAUNCH,
    W_TOGETHER_MODEL,
    W_TOGETHER_QUOTE,
    W_TOGETHER_TEST,
    W_TOGETHER_TYPE,
)
from core.ui.together_keys import together_resolved_key, together_settings, together_spend_status
from core.workflows import finetune, job_keys, spending
from core.workflows.finetune import together as tw

WHERE_CONNECTION = "connection"
WHERE_TOGETHER = "together"
HP_COLUMNS = 4


def where_to_train(connection_provider: str) -> str:
    """Where this launch trains: the connection's provider, or Together AI."""
    labels = {
        WHERE_CONNECTION: ui.tr("together.where.connection", provider=connection_provider),
        WHERE_TOGETHER: ui.tr("together.where.together"),
    }
    chosen = st.segmented_control(
        ui.tr("together.where_label"),
        list(labels),
        key=W_FINETUNE_PROVIDER,
        default=WHERE_CONNECTION,
        format_func=labels.__getitem__,
        help=ui.tr("together.where_help"),
    )
    return chosen or WHERE_CONNECTION


def _catalog(store: Store, settings: ConnectionSettings) -> list[tw.CatalogModel] | None:
    """Together's base models for this key: fetched once per key in this session, again on the test button."""
    fingerprint = job_keys.fingerprint(store, settings.api_key)
    cached = st.session_state.get(SS_TOGETHER_CATALOG)
    tested = st.button(ui.tr("together.test_button"), key=W_TOGETHER_TEST)
    if tested or not cached or cached[0] != fingerprint:
        try:
            cached = (fingerprint, tw.catalog(settings))
        except Exception as exc:  # noqa: BLE001 - explained in plain words, never a traceback
            st.session_state.pop(SS_TOGETHER_CATALOG, None)
            st.error(ui.tr("together.test_failed", reason=api_errors.explain_exception(exc, ui.lang())))
            return None
        st.session_state[SS_TOGETHER_CATALOG] = cached
    models: list[tw.CatalogModel] = cached[1]
    if tested:
        st.success(ui.tr("together.test_ok", count=len(models)))
    with st.expander(ui.tr("together.models_header")):
        st.dataframe(tw.catalog_table(models, ui.lang()), hide_index=True, width="stretch")
    return models


def _hyperparameter_boxes(method: str) -> dict[str, str]:
    names = [name for name in HYPERPARAMETERS[method] if name != "training_type"]
    texts: dict[str, str] = {}
    with st.expander(ui.tr("together.hp_header")):
        columns = st.columns(HP_COLUMNS)
        for index, name in enumerate(names):
            texts[name] = columns[index % HP_COLUMNS].text_input(
                ui.tr(f"together.hp.{name}"),
                value=str(tw.DEFAULTS[name]),
                key=W_TOGETHER_HP + name,
                help=ui.tr(f"together.hp.{name}_help"),
            )
    return texts


def _choices(models: list[tw.CatalogModel]) -> tuple[finetune.LaunchRequest, list[str], tw.CatalogModel]:
    method = finetune_jobs.method_picker()
    by_name = {m.name: m for m in models}
    left, right = st.columns([3, 1])
    name = left.selectbox(
        ui.tr("finetune.base_model"), list(by_name), key=W_TOGETHER_MODEL, help=ui.tr("together.base_model_help")
    )
    chosen = by_name[name]
    kind = right.segmented_control(
        ui.tr("together.training_type"),
        (TRAINING_LORA, TRAINING_FULL),
        key=W_TOGETHER_TYPE,
        default=TRAINING_LORA,
        format_func=ui.labels("together.training_type."),
        help=ui.tr("together.training_type_help"),
    )
    if kind == TRAINING_FULL and not chosen.full_training:
        st.info(ui.tr("together.no_full"))
        kind = TRAINING_LORA
    if chosen.dedicated_endpoint or kind == TRAINING_FULL:
        st.warning(ui.tr("together.dedicated_notice", model=name), icon=":material/dns:")
    texts = _hyperparameter_boxes(method)
    left, middle, right = st.columns(3)
    suffix = left.text_input(
        ui.tr("finetune.suffix"), max_chars=40, key=W_FINETUNE_SUFFIX, help=ui.tr("finetune.suffix_help")
    )
    seed = middle.text_input(ui.tr("finetune.seed"), key=W_FINETUNE_SEED, help=ui.tr("finetune.seed_help"))
    use_valid = right.checkbox(
        ui.tr("finetune.use_validation"), value=True, key=W_FINETUNE_VALID, help=ui.tr("finetune.use_validation_help")
    )
    request, bad = tw.read_request(method, name, kind or TRAINING_LORA, texts, suffix, seed, use_valid)
    for box in bad:
        label = ui.tr(f"together.hp.{box}") if box in texts else ui.tr("finetune.seed")
        st.error(ui.tr("together.hp_invalid", name=label))
    return request, bad, chosen


def _quote(store: Store, project: Project, request: Any, settings: ConnectionSettings) -> tw.TogetherQuote | None:
    """Together's price for exactly this launch: asked on the button, shown only while nothing changed."""
    if st.button(ui.tr("together.quote_button"), key=W_TOGETHER_QUOTE, help=ui.tr("together.quote_help")):
        try:
            st.session_state[SS_TOGETHER_QUOTE] = tw.quote(store, project.id, request, settings)
        except finetune.LaunchError as error:
            st.warning(error.message(ui.lang()))
            return None
        except Exception as exc:  # noqa: BLE001 - explained in plain words
            st.error(ui.tr("together.quote_failed", reason=api_errors.explain_exception(exc, ui.lang())))
            return None
    found: tw.TogetherQuote | None = st.session_state.get(SS_TOGETHER_QUOTE)
    if found is None:
        st.caption(ui.tr("together.quote_first"))
        return None
    if found.choices != tw.choices_key(store, project.id, request):
        st.info(ui.tr("together.quote_stale"))
        return None
    if found.usd is None:
        st.info(ui.tr("together.quote_unavailable"))
        return None
    st.markdown(
        ui.tr(
            "together.quote_line",
            usd=f"**${found.usd:,.4f}**",
            tokens=f"{found.train_tokens or 0:,}",
            train=found.train_examples,
            valid=found.valid_examples,
        )
    )
    if not found.allowed:
        st.warning(ui.tr("together.quote_not_allowed", limit=f"${found.user_limit_usd or 0:,.2f}"))
        return None
    return found


def launch_form(store: Store, project: Project, busy: bool) -> None:
    """Connect to Together, choose, see Together's price, launch (the price is always shown before the button)."""
    if ui.read_only_notice(project):
        return
    if together_spend_status() == credentials.SPEND_LOCKED:
        st.warning(ui.tr("together.locked"), icon=":material/lock:")
        return
    settings = together_settings()
    if not settings.has_key:
        st.info(ui.tr("together.need_key"), icon=":material/key:")
        return
    models = _catalog(store, settings)
    if not models:
        return
    request, bad, _chosen = _choices(models)
    quote = None if bad else _quote(store, project, request, settings)
    if quote is None:
        return
    if busy:
        st.caption(ui.tr("finetune.launch_running"))
    if spend_button(
        spending.ACTION_FINETUNE,
        quote.usd,
        ui.tr("together.launch_button"),
        type="primary",
        disabled=busy,
        key=W_TOGETHER_LAUNCH,
        cost_shown=True,
        agreed_to={"action": "together", "choices": quote.choices},
        on_owner=together_resolved_key().is_owner_key,
    ):
        try:
            row = finetune.begin_launch(store, project.id, request, PROVIDER_TOGETHER)
            finetune.start_launch(store, settings, row.id, ui.owner_unlocked())
        except finetune.LaunchError:
            st.warning(ui.tr("finetune.launch_running"))
            return
        st.session_state.pop(SS_TOGETHER_QUOTE, None)  # a quote prices one launch
        focus_new_job(row.id)
        ui.flash(ui.tr("finetune.launch_started"))
        st.rerun()
