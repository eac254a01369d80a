"""Preview page settings: the model and epochs, the cached analysis, the split and the price table.

Drawing and dispatch only; the logic is in ``core.dataset.preview``, ``core.dataset.split`` and ``core.pricing``.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import pricing as cost
from core import ui
from core.data.store import Store
from core.dataset import preview
from core.dataset.split import DEFAULT_SEED, DEFAULT_VALID_RATIO, MAX_VALID_RATIO, make_split
from core.i18n import timefmt
from core.ui.state import SS_PREVIEW_PRICES_REV as SS_PRICES_REV
from core.ui.state import W_PREVIEW_APPROVED as W_APPROVED
from core.ui.state import W_PREVIEW_EPOCHS as W_EPOCHS
from core.ui.state import W_PREVIEW_MAKE_SPLIT
from core.ui.state import W_PREVIEW_MODEL as W_MODEL
from core.ui.state import W_PREVIEW_PRICES as W_PRICES
from core.ui.state import W_PREVIEW_RATIO as W_RATIO
from core.ui.state import W_PREVIEW_SEED as W_SEED


@st.cache_data(max_entries=16, show_spinner=False)
def analysis(
    workspace: str, project_id: int, fingerprint: str, model: str, epochs: int, provider: str
) -> preview.Analysis:
    """Cached per dataset version (``fingerprint``), model, epochs and provider: a rerun never re-counts."""
    return preview.analyse(workspace, project_id, model, epochs or None, provider)


def _save_setting(project_id: int, widget_key: str, setting: str) -> None:
    if not ui.may_change_id(project_id):
        return  # the team's project without the password: look, don't save
    with ui.open_store() as store:
        store.set_setting(project_id, setting, st.session_state[widget_key])


def model_and_epochs(store: Store, project_id: int, provider: str | None = None) -> tuple[str, int]:
    """The base model and the epochs to count with, each saved with the project as soon as it changes.

    ``provider``: whose models to offer (default the connection's); Together's models have their own
    picker and setting, and no epochs box (Together sets its epochs and quotes its own price).
    """
    provider = provider or ui.connection_settings().provider
    settings = store.get_settings(project_id)
    models = preview.preview_models(provider)
    setting = preview.model_setting(provider)
    widget = W_MODEL if setting == preview.SETTING_MODEL else f"{W_MODEL}_{provider}"
    chosen = preview.chosen_model(settings.get(setting), models)
    left, right = st.columns(2)
    model = left.selectbox(
        ui.tr("preview.model"),
        models,
        index=models.index(chosen),
        key=widget,
        help=ui.tr("preview.model_help"),
        on_change=_save_setting,
        args=(project_id, widget, setting),
    )
    if setting != preview.SETTING_MODEL:
        return model, 0
    epochs = right.number_input(
        ui.tr("preview.epochs"),
        0,
        25,
        int(settings.get(preview.SETTING_EPOCHS) or 0),
        key=W_EPOCHS,
        help=ui.tr("preview.epochs_help"),
        on_change=_save_setting,
        args=(project_id, W_EPOCHS, preview.SETTING_EPOCHS),
    )
    return model, int(epochs)


def _save_prices(project_id: int, rows: list[dict]) -> None:
    if not ui.may_change_id(project_id):
        return
    edits = st.session_state.get(f"{W_PRICES}_{st.session_state.get(SS_PRICES_REV, 0)}", {})
    for index, changes in edits.get("edited_rows", {}).items():
        rows[int(index)].update(changes)
    with ui.open_store() as store:
        cost.save_price_rows(store, project_id, rows)
    st.session_state[SS_PRICES_REV] = st.session_state.get(SS_PRICES_REV, 0) + 1
    ui.flash(ui.tr("preview.prices_saved"))


def split_panel(project_id: int, found: preview.Analysis) -> None:
    """The saved train/validation split, whether it is still current, and the controls that make a new one."""
    st.subheader(ui.tr("preview.split"))
    split = found.split
    if split is None:
        st.caption(ui.tr("preview.no_split"))
    else:
        st.caption(
            ui.tr(
                "preview.split_current",
                id=split.id,
                date=timefmt.shown_time(split.created_at),
                train=len(split.train_ids),
                valid=len(split.valid_ids),
            )
        )
        if not found.split_current:
            st.warning(ui.tr("preview.split_stale"))
    left, middle, right = st.columns(3)
    ratio = left.slider(
        ui.tr("preview.valid_ratio"),
        0.0,
        MAX_VALID_RATIO,
        step=0.05,
        key=W_RATIO,
        value=split.valid_ratio if split else DEFAULT_VALID_RATIO,
        help=ui.tr("preview.valid_ratio_help"),
    )
    seed = middle.number_input(
        ui.tr("preview.seed"),
        0,
        2**31 - 1,
        split.seed if split else DEFAULT_SEED,
        key=W_SEED,
        help=ui.tr("preview.seed_help"),
    )
    approved_only = right.checkbox(
        ui.tr("preview.approved_only"),
        split.approved_only if split else True,
        key=W_APPROVED,
        help=ui.tr("preview.approved_only_help"),
    )
    if st.button(
        ui.tr("preview.make_split"),
        icon=":material/call_split:",
        key=W_PREVIEW_MAKE_SPLIT,
        disabled=not ui.may_change_id(project_id),
    ):
        with ui.open_store() as store:
            made = make_split(store, project_id, ratio, int(seed), approved_only)
        ui.flash(ui.tr("preview.split_saved", id=made.id, train=len(made.train_ids), valid=len(made.valid_ids)))
        st.rerun()


def prices_panel(store: Store, project_id: int) -> None:
    """The price table (the project's own prices editable), saved as soon as a cell changes."""
    with st.expander(ui.tr("preview.prices"), icon=":material/payments:"):
        st.caption(ui.tr("preview.prices_caption"))
        rows = cost.price_rows(cost.project_overrides(store, project_id))
        st.data_editor(
            pd.DataFrame(rows, columns=list(cost.PRICE_COLUMNS)),
            hide_index=True,
            placeholder=ui.EMPTY_CELL,
            key=f"{W_PRICES}_{st.session_state.get(SS_PRICES_REV, 0)}",
            disabled=[c for c in cost.PRICE_COLUMNS if c not in cost.EDITABLE_PRICE_COLUMNS],
            column_config={c: ui.tr(f"preview.col_{c}") for c in cost.PRICE_COLUMNS},
            on_change=_save_prices,
            args=(project_id, rows),
        )
        st.caption(
            ui.tr(
                "preview.sources",
                prices=cost.source_text(rows[0]["price_source"], ui.lang()),
                limits=cost.source_text(rows[0]["limit_source"], ui.lang()),
            )
        )
