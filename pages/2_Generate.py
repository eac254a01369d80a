"""Generate: model, prompt and rows; the cost before starting; live progress; synthetic questions.

Every choice is saved to the project at once (on_change), the run goes on in
the background (core.workflows.generation / core.workflows.batch) and the progress panel reads the
store, so leaving or reloading this page never stops or hides a run.
"""

import streamlit as st

from core import ui
from core.ui import generate_panels as panels
from core.ui import prompt_fields
from core.ui.chat_models import model_choices
from core.ui.spend import spend_button
from core.ui.state import SS_CURATE_SELECTED, SS_GENERATE_SCOPE, W_GEN, W_GEN_START
from core.workflows import batch, generation, spending


def on_option(project_id: int, name: str) -> None:
    value = st.session_state[W_GEN + name]
    if name == "mode":
        value = generation.MODE_BATCH if value else generation.MODE_LIVE
    with ui.open_store() as store:
        generation.save_option(store, project_id, name, value)


def on_scope() -> None:
    st.session_state[SS_GENERATE_SCOPE] = st.session_state[W_GEN + "scope"]


def bind(project_id: int, name: str) -> dict:
    return {
        "key": W_GEN + name,
        "on_change": on_option,
        "args": (project_id, name),
        "help": ui.tr(f"generate.{name}_help"),
    }


def settings_form(store, project_id: int, connection) -> generation.GenSettings:
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


def start_section(store, project_id: int, options: generation.GenSettings, connection) -> None:
    tr = ui.tr
    scope = st.radio(
        tr("generate.scope"),
        generation.SCOPES,
        horizontal=True,
        key=ui.choice_key(W_GEN + "scope"),
        on_change=on_scope,
        index=generation.SCOPES.index(st.session_state.get(SS_GENERATE_SCOPE, generation.SCOPE_MISSING)),
        format_func=ui.labels("generate.scope_"),
        help=tr("generate.scope_help"),
    )
    selected = sorted(st.session_state.get(SS_CURATE_SELECTED, {}).get(project_id, set()))
    ids = generation.target_ids(store, project_id, scope, selected)
    if not ids:
        st.info(tr("generate.rows_none"))
        return
    estimate = generation.estimate_cost(store, project_id, ids, options)
    st.caption(tr("generate.rows", count=len(ids)))
    requests_col, cost_col = st.columns(2)
    requests_col.metric(tr("generate.requests"), estimate.requests)
    batch_note = tr("generate.estimate_batch") if options.mode == generation.MODE_BATCH else ""
    cost_col.metric(
        tr("generate.estimate"),
        f"${estimate.usd:.4f}",
        help=tr(
            "generate.estimate_help",
            prompt=estimate.prompt_tokens,
            completion=estimate.completion_tokens,
            exact=tr("generate.estimate_exact" if estimate.exact_tokens else "generate.estimate_rough"),
            batch=batch_note,
        ),
    )
    busy = generation.active_run(store, project_id) is not None
    if busy:
        st.caption(tr("generate.busy"))
    is_batch = options.mode == generation.MODE_BATCH
    agreed_to = {
        "action": options.mode,
        "model": options.model,
        "rows": tuple(ids),
        "tokens": (estimate.prompt_tokens, estimate.completion_tokens),
        "cost": estimate.usd,
    }
    if spend_button(
        spending.ACTION_BATCH if is_batch else spending.ACTION_GENERATE,
        estimate.usd,
        tr("generate.start_batch" if is_batch else "generate.start"),
        type="primary",
        key=W_GEN_START,
        disabled=busy,
        cost_shown=True,
        agreed_to=agreed_to,
        icon=":material/auto_awesome:",
    ):
        run_id = generation.create_run(store, project_id, options, ids)
        (batch.start if is_batch else generation.start_run)(store, run_id, connection)
        ui.flash(tr("generate.started", count=estimate.requests))
        st.rerun()


def main() -> None:
    store, project = ui.page_setup("nav.generate")
    project = ui.require_project(project)
    connection = ui.connection_settings()
    st.caption(ui.tr("generate.intro"))
    batch.resume_polling(store, project.id, connection)  # a batch started yesterday is picked up again
    panels.progress_panel(store, project.id, connection)
    if not connection.has_key:
        prompt_fields.both_prompts(store, project.id)  # prompts need no key: set them before you have one
        st.info(ui.tr("generate.no_key"))
        st.page_link("pages/7_Settings.py", label=ui.tr("generate.go_settings"), icon=":material/settings:")
        return
    if ui.read_only_notice(project):
        return
    st.subheader(ui.tr("generate.settings"))
    options = settings_form(store, project.id, connection)
    start_section(store, project.id, options, connection)
    panels.synthetic_panel(store, project.id, connection, options.model)


main()
