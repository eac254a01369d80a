"""Generate: model, prompt and rows; the cost before starting; live progress; synthetic questions.

Every choice is saved to the project at once (on_change), the run goes on in
the background (core.workflows.generation / core.workflows.batch) and the progress panel reads the
store, so leaving or reloading this page never stops or hides a run.
"""

import streamlit as st

from core import ui
from core.ui import generate_panels as panels
from core.ui import prompt_fields
from core.ui.generate_settings import settings_form
from core.ui.spend import spend_button
from core.ui.state import SS_CURATE_SELECTED, SS_GENERATE_SCOPE, W_GEN, W_GEN_START
from core.workflows import batch, generation, spending


def on_scope() -> None:
    st.session_state[SS_GENERATE_SCOPE] = st.session_state[W_GEN + "scope"]


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
