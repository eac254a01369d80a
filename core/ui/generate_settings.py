"""Generate: the settings form (model, sampling, prompts, mode, limits), each choice saved at once.

Drawn for pages/2_Generate.py.
"""

from __future__ import annotations

import streamlit as st

from core import ui
from core.data.store import Store
from core.providers.client import ConnectionSettings
from core.ui import prompt_fields
from core.ui.chat_models import model_choices
from core.ui.state import W_GEN
from core.workflows import generation


@ui.refusable_write
def on_option(project_id: int, name: str) -> None:
    """Save one choice to the project the moment it changes."""
    value = st.session_state[W_GEN + name]
    if name == "mode":
        value = generation.MODE_BATCH if value else generation.MODE_LIVE
    with ui.open_store() as store:
        generation.save_option(store, project_id, name, value)


def bind(project_id: int, name: str) -> dict:
    """Widget keyword arguments that save an option on change, with its help text."""
    return {
        "key": W_GEN + name,
        "on_change": on_option,
        "args": (project_id, name),
        "help": ui.tr(f"generate.{name}_help"),
    }


def settings_form(store: Store, project_id: int, connection: ConnectionSettings) -> generation.GenSettings:
    """Model, sampling, prompts, batch mode and rate limits; returns the options as now saved."""
    tr, options = ui.tr, generation.load_options(store, project_id, ui.lang())
    models, reason = model_choices(connection)
    if reason:
        st.caption(tr("generate.models_fallback", reason=reason))
    if options.model not in models:
        models.insert(0, options.model)
    left, right = st.columns(2)
    left.selectbox(tr("generate.model"), models, index=models.index(options.model), **bind(project_id, "model"))
    left.slider(
        tr("generate.temperature"), 0.0, 2.0, float(options.temperature), 0.1, **bind(project_id, "temperature")
    )
    left.number_input(
        tr("generate.max_tokens"), 16, 16_384, int(options.max_tokens), 50, **bind(project_id, "max_tokens")
    )
    left.number_input(tr("generate.variants"), 1, 5, int(options.variants), **bind(project_id, "variants"))
    right.text_area(
        tr("generate.prompt"),
        options.system_prompt,
        height=160,
        key=W_GEN + "system_prompt",
        on_change=on_option,
        args=(project_id, "system_prompt"),
        help=tr("generate.prompt_help"),
    )
    prompt_fields.training_prompt_field(right, store, project_id)
    right.toggle(
        tr("generate.batch"),
        options.mode == generation.MODE_BATCH,
        key=W_GEN + "mode",
        on_change=on_option,
        args=(project_id, "mode"),
        help=tr("generate.batch_help"),
    )
    with right.expander(tr("generate.limits")):
        st.number_input(
            tr("generate.rpm"),
            1,
            1_000_000,
            int(options.requests_per_minute),
            key=W_GEN + "requests_per_minute",
            on_change=on_option,
            args=(project_id, "requests_per_minute"),
            help=tr("generate.rpm_help"),
        )
        st.number_input(
            tr("generate.tpm"),
            1_000,
            1_000_000_000,
            int(options.tokens_per_minute),
            key=W_GEN + "tokens_per_minute",
            on_change=on_option,
            args=(project_id, "tokens_per_minute"),
            help=tr("generate.tpm_help"),
        )
    return generation.load_options(store, project_id, ui.lang())
