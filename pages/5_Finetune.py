"""Fine-tune: launch a job exactly once, then watch it live with charts and plain notes."""

import streamlit as st

from core import charts, finetune, ui
from core import finetune_view as view
from core.connection import ACCESS_NO
from core.models import DEFAULT_MODEL
from core.ui.consent import consent_used, cost_consent

W_METHOD, W_MODEL, W_CONFIRM, W_CHART_JOBS = "ft_w_method", "ft_w_model", "ft_w_confirm", "ft_w_chart_jobs"
SS_ACCOUNT_JOBS, SS_POLLING = "ft_account_jobs", "ft_polling"
SS_PREFLIGHT = "settings_preflight"  # written by the Connection page: (Preflight, checked at)
ALTERNATIVES = (("pages/7_Settings.py", "finetune.alt_azure", ":material/cloud:"),
                ("pages/4_Preview.py", "finetune.alt_export", ":material/download:"),
                ("pages/6_Compare.py", "finetune.alt_compare", ":material/compare:"))
HP_NAMES = ("n_epochs", "batch_size", "learning_rate_multiplier", "beta")


def show_refusal(rows: list[finetune.JobRow], preflight) -> None:
    """The account can't fine-tune (a refused create, or the preflight says so): why, and what instead."""
    latest_refused = bool(rows) and rows[0].status == finetune.STATUS_REFUSED
    if latest_refused:
        st.warning(view.error_text(rows[0], ui.lang()) or "", icon=":material/block:")
    elif preflight is not None and preflight.access == ACCESS_NO:
        st.warning(preflight.verdict(ui.lang()), icon=":material/block:")
    else:
        return
    st.markdown(ui.tr("finetune.alternatives"))
    for column, (path, key, icon) in zip(st.columns(3), ALTERNATIVES, strict=True):
        column.page_link(path, label=ui.tr(key), icon=icon)


def launch_form(store, project, settings, busy: bool, preflight) -> None:
    method = st.segmented_control(ui.tr("finetune.method_label"), finetune.METHODS, key=ui.choice_key(W_METHOD),
                                  default=finetune.METHOD_SUPERVISED, help=ui.tr("finetune.method_help"),
                                  format_func=ui.labels("finetune.method.")) or finetune.METHOD_SUPERVISED
    models = view.base_models(method, view.preflight_models(preflight))
    model = st.selectbox(ui.tr("finetune.base_model"), models, key=W_MODEL, help=ui.tr("finetune.base_model_help"),
                         index=models.index(DEFAULT_MODEL) if DEFAULT_MODEL in models else 0)
    names = [n for n in HP_NAMES if n in finetune.HYPERPARAMETERS[method]]
    texts = {name: column.text_input(ui.tr(f"finetune.hp.{name}"), value="auto", key=f"ft_w_hp_{name}",
                                     help=ui.tr(f"finetune.hp.{name}_help"))
             for column, name in zip(st.columns(len(names)), names, strict=True)}
    left, middle, right = st.columns(3)
    suffix = left.text_input(ui.tr("finetune.suffix"), max_chars=40, key="ft_w_suffix",
                             help=ui.tr("finetune.suffix_help"))
    seed = middle.text_input(ui.tr("finetune.seed"), key="ft_w_seed", help=ui.tr("finetune.seed_help"))
    use_valid = right.checkbox(ui.tr("finetune.use_validation"), value=True, key="ft_w_valid",
                               help=ui.tr("finetune.use_validation_help"))
    request, bad = view.read_request(method, model, texts, suffix, seed, use_valid)
    for name in bad:
        st.error(ui.tr("finetune.hp_invalid", name=ui.tr(f"finetune.hp.{name}" if name in texts else "finetune.seed")))
    preview = view.launch_preview(store, project.id, method, model, request.hyperparameters.get("n_epochs"), use_valid)
    for kind, text in view.preview_lines(preview, ui.lang()):
        getattr(st, kind)(text)
    if preview.estimate is None:
        return
    if not settings.has_key:
        st.info(ui.tr("finetune.need_key"))
        return
    # The preview holds the model, the counts, the tokens, the epochs and the cost; the request all the choices.
    confirmed = cost_consent(W_CONFIRM, {"action": "launch", "preview": preview, "request": request},
                             ui.tr("finetune.confirm", cost=f"{preview.estimate.cost_usd:,.2f}"),
                             ui.tr("finetune.confirm_help"))
    if busy:
        st.caption(ui.tr("finetune.launch_running"))
    if st.button(ui.tr("finetune.launch_button"), type="primary", disabled=busy or bad != [] or not confirmed,
                 key="ft_w_launch"):
        try:
            row = finetune.begin_launch(store, project.id, request, settings.provider)
            finetune.start_launch(store, settings, row.id)
        except finetune.LaunchError:
            st.warning(ui.tr("finetune.launch_running"))
            return
        consent_used(W_CONFIRM)
        ui.flash(ui.tr("finetune.launch_started"))
        st.rerun()


def jobs_panel(store, project, settings) -> None:
    rows = finetune.list_project_jobs(store, project.id)
    active = any(not r.is_final for r in rows)
    if active and settings.has_key and any(r.job_id and not r.is_final for r in rows):
        finetune.start_monitor(store, settings, project.id)
    if not rows:
        st.caption(ui.tr("finetune.no_jobs"))
        return
    if active:
        st.caption(ui.tr("finetune.live"))
    st.dataframe(view.jobs_table(rows, ui.lang()), hide_index=True, width="stretch", placeholder=ui.EMPTY_CELL)
    labels = {r.id: view.job_label(r) for r in rows if r.job_id}
    if not [i for i in st.session_state.get(W_CHART_JOBS) or [] if i in labels]:
        st.session_state[W_CHART_JOBS] = list(labels)[:1]  # nothing picked yet: the newest job with an id
    picked = st.multiselect(ui.tr("finetune.chart_jobs"), list(labels), format_func=labels.get, key=W_CHART_JOBS,
                            help=ui.tr("finetune.chart_jobs_help"),
                            placeholder=ui.tr("finetune.chart_jobs_placeholder"), select_all=False)
    left, right = st.columns([3, 1])
    smoothing = left.slider(ui.tr("finetune.smoothing"), 0.0, 0.95, 0.0, 0.05, key="ft_w_smooth",
                            help=ui.tr("finetune.smoothing_help"))
    log_scale = right.checkbox(ui.tr("finetune.log_scale"), key="ft_w_log", help=ui.tr("finetune.log_scale_help"))
    by_id = {r.id: r for r in rows}
    tables = {labels[i]: view.job_metrics(store, by_id[i]) for i in picked}
    if not charts.has_data(tables, charts.KIND_LOSS):
        st.caption(ui.tr("finetune.chart_waiting"))
    else:
        for kind in (charts.KIND_LOSS, charts.KIND_ACCURACY):
            if charts.has_data(tables, kind):
                st.plotly_chart(charts.metric_figure(tables, kind, ui.lang(), smoothing, log_scale), key=f"ft_{kind}")
    for job_id in picked:
        for note in view.job_notes(store, by_id[job_id], tables[labels[job_id]], ui.lang()):
            getattr(st, note.level)(note.text)
    job_detail(store, project, settings, rows)
    if not active and st.session_state.get(SS_POLLING):
        st.session_state[SS_POLLING] = False
        st.rerun()  # everything is final: a full rerun redraws the panel without the timer


def job_detail(store, project, settings, rows: list[finetune.JobRow]) -> None:
    st.subheader(ui.tr("finetune.detail_header"))
    by_id = {r.id: r for r in rows}  # ids as options: the row itself is re-read on every run
    row = by_id[st.selectbox(ui.tr("finetune.pick_job"), list(by_id), format_func=lambda i: view.job_label(by_id[i]),
                             key="ft_w_detail", help=ui.tr("finetune.pick_job_help"))]
    st.markdown(view.status_label(row.status, ui.lang()))
    if error := view.error_text(row, ui.lang()):
        st.error(error)
    cols = st.columns(3)
    for column, action in zip(cols, finetune.ACTIONS, strict=True):
        if row.allowed(action) and settings.has_key and column.button(ui.tr(f"finetune.action.{action}"),
                                                                      key=f"ft_w_{action}_{row.id}"):
            if (problem := view.run_action(store, settings, row.id, action, ui.lang())) is None:
                st.rerun()
            st.error(problem)
    with st.expander(ui.tr("finetune.hyperparameters_used")):
        st.json(view.used_hyperparameters(row))
    with st.expander(ui.tr("finetune.events"), expanded=not row.is_final):
        st.dataframe(view.events_table(store, row, ui.lang()), hide_index=True, width="stretch", placeholder="")
    checkpoints = view.checkpoints_table(store, row, ui.lang())
    if not checkpoints.empty:
        st.markdown(f"**{ui.tr('finetune.checkpoints')}**")
        st.dataframe(checkpoints, hide_index=True, width="stretch", placeholder=ui.EMPTY_CELL)
        models = [c["fine_tuned_model_checkpoint"] for c in finetune.job_checkpoints(store, row.id)]
        chosen = st.selectbox(ui.tr("finetune.checkpoint_pick"), models, key=f"ft_w_ckpt_{row.id}",
                              help=ui.tr("finetune.checkpoint_pick_help"))
        if st.button(ui.tr("finetune.send_to_compare"), key=f"ft_w_send_{row.id}"):
            finetune.send_to_compare(store, project.id, chosen)
            st.toast(ui.tr("finetune.sent_to_compare", model=chosen))


store, project = ui.page_setup("nav.finetune")
project = ui.require_project(project)
st.caption(ui.tr("share.howto_finetune"))
settings = ui.connection_settings()
if settings.has_key:
    for stale in finetune.stale_launches(store, project.id):
        finetune.start_launch(store, settings, stale.id)  # a reload or restart mid-launch: reconcile, then go on
rows = finetune.list_project_jobs(store, project.id)
preflight = (st.session_state.get(SS_PREFLIGHT) or (None,))[0]  # the Connection page's last check, if any
show_refusal(rows, preflight)
with st.expander(ui.tr("finetune.launch_header"), expanded=not rows):
    launch_form(store, project, settings, any(r.status in finetune.LAUNCHING_STATUSES for r in rows), preflight)
st.subheader(ui.tr("finetune.jobs_header"))
account_key = f"{SS_ACCOUNT_JOBS}_{project.id}"
if settings.has_key and (st.button(ui.tr("finetune.refresh_account")) or account_key not in st.session_state):
    # The account's own list: adopts this project's tagged jobs, lists the others.
    st.session_state[account_key], problem = view.account_overview(store, project.id, settings, ui.lang())
    if problem:
        st.caption(problem)
if others := st.session_state.get(account_key):
    with st.expander(ui.tr("finetune.other_jobs", count=len(others))):
        st.dataframe(view.account_jobs_table(others, ui.lang()), hide_index=True, width="stretch", placeholder="")
polling = finetune.has_active_jobs(store, project.id)
st.session_state[SS_POLLING] = polling
st.fragment(run_every=finetune.POLL_INTERVAL_S if polling else None)(jobs_panel)(store, project, settings)
