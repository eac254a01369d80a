"""The two prompts side by side on the Generate page: the generation prompt and the training system prompt.

The generation prompt instructs the model that drafts answers; the training
prompt is the short system message the fine-tuned model is trained with. Both
are project settings, saved as you type (``core.workflows.generation``, ``core.dataset.training_prompt``).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from core import ui
from core.data.store import Store
from core.dataset import training_prompt
from core.ui.state import W_GENERATION_PROMPT, W_TRAINING_PROMPT
from core.workflows import generation


@ui.refusable_write
def _save_training_prompt(project_id: int) -> None:
    with ui.open_store() as store:
        training_prompt.set_prompt(store, project_id, st.session_state[W_TRAINING_PROMPT])


@ui.refusable_write
def _save_generation_prompt(project_id: int) -> None:
    with ui.open_store() as store:
        generation.save_option(store, project_id, "system_prompt", st.session_state[W_GENERATION_PROMPT])


def training_prompt_field(where: Any, store: Store, project_id: int) -> None:
    """The training system prompt's text area in ``where`` (a column or the page)."""
    where.text_area(
        ui.tr("trainprompt.label"),
        training_prompt.get_prompt(store, project_id),
        height=80,
        key=W_TRAINING_PROMPT,
        on_change=_save_training_prompt,
        args=(project_id,),
        help=ui.tr("trainprompt.help"),
    )


def both_prompts(store: Store, project_id: int) -> None:
    """Both prompts, for when the rest of the settings can't be shown (no key yet): they don't need one."""
    options = generation.load_options(store, project_id, ui.lang())
    left, right = st.columns(2)
    left.text_area(
        ui.tr("generate.prompt"),
        options.system_prompt,
        height=160,
        key=W_GENERATION_PROMPT,
        on_change=_save_generation_prompt,
        args=(project_id,),
        help=ui.tr("generate.prompt_help"),
    )
    training_prompt_field(right, store, project_id)
