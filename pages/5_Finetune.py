"""Fine-tune: launch a job exactly once, then watch it live with charts and plain notes."""

import streamlit as st

from core import ui
from core.pricing import DEFAULT_MODEL
from core.ui import finetune_jobs, finetune_refusal, together_launch, training_outlook
from core.ui.spend import spend_button
from core.ui.state import (
    SS_FINETUNE_ACCOUNT_JOBS,
    SS_FINETUNE_POLLING,
    SS_PREFLIGHT,
    W_FINETUNE_HP,
    W_FINETUNE_LAUNCH,
    W_FINETUNE_MODEL,
    W_FINETUNE_SEED,
    W_FINETUNE_SUFFIX,
    W_FINETUNE_VALID,
)
from core.ui.together_keys import together_settings
from core.workflows import finetune, spending
from core.workflows import finetune_view as view

HP_NAMES = ("n_epochs", "batch_size", "learning_rate_multiplier", "beta")


def launch_form(store, project, settings, busy: bool, preflight) -> None:
    if ui.read_only_notice(project):
        return
    method = finetune_jobs.method_picker()
    models = view.base_models(method, view.preflight_models(preflight), settings.provider)
    if not models:
        st.info(ui.tr("lifecycle.no_base"))
        return
    model = st.selectbox(
        ui.tr("finetune.base_model"),
        models,
        key=W_FINETUNE_MODEL,
        help=ui.tr("finetune.base_model_help"),
        index=models.index(DEFAULT_MODEL) if DEFAULT_MODEL in models else 0,
    )
    names = [n for n in HP_NAMES if n in finetune.HYPERPARAMETERS[method]]
    texts = {
        name: column.text_input(
            ui.tr(f"finetune.hp.{name}"), value="auto", key=W_FINETUNE_HP + name, help=ui.tr(f"finetune.hp.{name}_help")
        )
        for column, name in zip(st.columns(len(names)), names, strict=True)
    }
    left, middle, right = st.columns(3)
    suffix = left.text_input(
        ui.tr("finetune.suffix"), max_chars=40, key=W_FINETUNE_SUFFIX, help=ui.tr("finetune.suffix_help")
    )
    seed = middle.text_input(ui.tr("finetune.seed"), key=W_FINETUNE_SEED, help=ui.tr("finetune.seed_help"))
    use_valid = right.checkbox(
        ui.tr("finetune.use_validation"), value=True, key=W_FINETUNE_VALID, help=ui.tr("finetune.use_validation_help")
    )
    request, bad = view.read_request(method, model, texts, suffix, seed, use_valid)
    for name in bad:
        st.error(ui.tr("finetune.hp_invalid", name=ui.tr(f"finetune.hp.{name}" if name in texts else "finetune.seed")))
    preview = view.launch_preview(
        store, project.id, method, model, request.hyperparameters.get("n_epochs"), use_valid, settings.provider
    )
    for kind, text in view.preview_lines(preview, ui.lang()):
        getattr(st, kind)(text)
    if preview.estimate is None or preview.blocked:
        return  # nothing to pay for, or a file the provider would refuse: no confirmation, no launch
    if not settings.has_key:
        st.info(ui.tr("finetune.need_key"))
        return
    if busy:
        st.caption(ui.tr("finetune.launch_running"))
    # The preview holds the model, the counts, the tokens, the epochs and the cost; the request all the choices.
    if spend_button(
        spending.ACTION_FINETUNE,
        preview.estimate.cost_usd,
        ui.tr("finetune.launch_button"),
        type="primary",
        disabled=busy or bad != [],
        key=W_FINETUNE_LAUNCH,
        agreed_to={"action": "launch", "preview": preview, "request": request},
    ):
        try:
            row = finetune.begin_launch(store, project.id, request, settings.provider)
            finetune.start_launch(store, settings, row.id)
        except finetune.LaunchError:
            st.warning(ui.tr("finetune.launch_running"))
            return
        finetune_jobs.focus_new_job(row.id)
        ui.flash(ui.tr("finetune.launch_started"))
        st.rerun()


store, project = ui.page_setup("nav.finetune")
project = ui.require_project(project)
st.caption(ui.tr("share.howto_finetune"))
settings = ui.connection_settings()
finetune.resume_own_launches(store, settings, project.id, ui.owner_unlocked())  # only with the key that started them
rows = finetune.list_project_jobs(store, project.id)
preflight = (st.session_state.get(SS_PREFLIGHT) or (None,))[0]  # the Connection page's last check, if any
finetune_refusal.show_refusal(rows, preflight)
training_outlook.show_for_finetune(preflight, settings.provider)
together = together_settings()  # Together's own key, under the same owner-key rules
finetune.resume_own_launches(store, together, project.id, ui.owner_unlocked())
busy = any(r.status in finetune.LAUNCHING_STATUSES for r in rows)
with st.expander(ui.tr("finetune.launch_header"), expanded=not rows):
    where = together_launch.where_to_train(ui.tr(f"settings.provider_{settings.provider}"))
    if where == together_launch.WHERE_TOGETHER:
        together_launch.launch_form(store, project, busy)
    else:
        launch_form(store, project, settings, busy, preflight)
st.subheader(ui.tr("finetune.jobs_header"))
account_key = f"{SS_FINETUNE_ACCOUNT_JOBS}_{project.id}"
if settings.has_key and (st.button(ui.tr("finetune.refresh_account")) or account_key not in st.session_state):
    # The account's own list: adopts this project's tagged jobs, lists the others.
    st.session_state[account_key], problem = view.account_overview(store, project.id, settings, ui.lang())
    if problem:
        st.caption(problem)
if others := st.session_state.get(account_key):
    with st.expander(ui.tr("finetune.other_jobs", count=len(others))):
        st.dataframe(view.account_jobs_table(others, ui.lang()), hide_index=True, width="stretch", placeholder="")
polling = finetune.has_active_jobs(store, project.id)
st.session_state[SS_FINETUNE_POLLING] = polling
panel = st.fragment(run_every=finetune.poll_interval_s() if polling else None)(finetune_jobs.jobs_panel)
panel(store, project, settings, together)
