"""Fine-tune: launch a job exactly once, then watch it live with charts and plain notes."""

import streamlit as st

from core import charts, finetune, training_notes, ui
from core.api_errors import explain_exception
from core import finetune_view as view
from core.metrics import total_steps
from core.models import DEFAULT_MODEL

W_METHOD, W_MODEL, W_CONFIRM, W_CHART_JOBS = "ft_w_method", "ft_w_model", "ft_w_confirm", "ft_w_chart_jobs"
SS_ACCOUNT_JOBS = "ft_account_jobs"
HP_NAMES = ("n_epochs", "batch_size", "learning_rate_multiplier", "beta")


def show_refusal(rows: list[finetune.JobRow]) -> None:
    refused = next((r for r in rows if r.status == finetune.STATUS_REFUSED), None)
    if refused is None or (rows and rows[0].status != finetune.STATUS_REFUSED):
        return
    st.warning(view.error_text(refused, ui.lang()) or "", icon=":material/block:")
    st.markdown(ui.tr("finetune.alternatives"))
    cols = st.columns(3)
    cols[0].page_link("pages/7_Settings.py", label=ui.tr("finetune.alt_azure"), icon=":material/cloud:")
    cols[1].page_link("pages/4_Preview.py", label=ui.tr("finetune.alt_export"), icon=":material/download:")
    cols[2].page_link("pages/6_Compare.py", label=ui.tr("finetune.alt_compare"), icon=":material/compare:")


def launch_form(store, project, settings, busy: bool) -> None:
    method = st.segmented_control(ui.tr("finetune.method_label"), finetune.METHODS, key=W_METHOD,
                                  default=finetune.METHOD_SUPERVISED, help=ui.tr("finetune.method_help"),
                                  format_func=lambda m: ui.tr(f"finetune.method.{m}")) or finetune.METHOD_SUPERVISED
    models = view.base_models(method)
    model = st.selectbox(ui.tr("finetune.base_model"), models, key=W_MODEL, help=ui.tr("finetune.base_model_help"),
                         index=models.index(DEFAULT_MODEL) if DEFAULT_MODEL in models else 0)
    names = [n for n in HP_NAMES if n in finetune.HYPERPARAMETERS[method]]
    hyper, bad = {}, []
    for column, name in zip(st.columns(len(names)), names, strict=True):
        text = column.text_input(ui.tr(f"finetune.hp.{name}"), value="auto", key=f"ft_w_hp_{name}",
                                 help=ui.tr(f"finetune.hp.{name}_help"))
        try:
            hyper[name] = view.parse_hyperparameter(name, text)
        except ValueError:
            bad.append(ui.tr(f"finetune.hp.{name}"))
    left, middle, right = st.columns(3)
    suffix = left.text_input(ui.tr("finetune.suffix"), max_chars=40, key="ft_w_suffix", help=ui.tr("finetune.suffix_help"))
    seed_text = middle.text_input(ui.tr("finetune.seed"), key="ft_w_seed", help=ui.tr("finetune.seed_help"))
    use_valid = right.checkbox(ui.tr("finetune.use_validation"), value=True, key="ft_w_valid",
                               help=ui.tr("finetune.use_validation_help"))
    if seed_text.strip() and not seed_text.strip().isdigit():
        bad.append(ui.tr("finetune.seed"))
    for name in bad:
        st.error(ui.tr("finetune.hp_invalid", name=name))
    epochs = hyper.get("n_epochs", "auto")
    preview = view.launch_preview(store, project.id, method, model, epochs, use_valid)
    key = "finetune.preview_dpo" if method == finetune.METHOD_DPO else "finetune.preview_sft"
    st.info(ui.tr(key, train=preview.train_count, valid=preview.valid_count))
    if not preview.has_split:
        st.caption(ui.tr("finetune.no_split"))
    if preview.valid_skipped:
        st.caption(ui.tr("finetune.valid_too_small", count=preview.valid_skipped, minimum=finetune.MIN_VALIDATION_EXAMPLES))
    if preview.left_out:
        st.caption(ui.tr("finetune.dpo_left_out", count=preview.left_out))
    if preview.estimate is None:
        st.warning(ui.tr("finetune.no_data"))
        return
    est = preview.estimate
    st.markdown(ui.tr("finetune.cost", cost=f"{est.cost_usd:,.2f}", tokens=f"{est.billed_tokens:,}",
                      epochs=est.n_epochs, date=est.price_date))
    if not settings.has_key:
        st.info(ui.tr("finetune.need_key"))
        return
    confirmed = st.checkbox(ui.tr("finetune.confirm", cost=f"{est.cost_usd:,.2f}"), key=W_CONFIRM)
    if busy:
        st.caption(ui.tr("finetune.launch_running"))
    if st.button(ui.tr("finetune.launch_button"), type="primary", disabled=busy or bad != [] or not confirmed,
                 key="ft_w_launch"):
        request = finetune.LaunchRequest(method, model, hyper, suffix.strip() or None,
                                         int(seed_text) if seed_text.strip() else None, use_valid)
        row = finetune.begin_launch(store, project.id, request, settings.provider)
        finetune.start_launch(store, settings, row.id)
        st.session_state.pop(W_CONFIRM, None)
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
    st.dataframe(view.jobs_table(rows, ui.lang()), hide_index=True, width="stretch")
    labels = {r.id: view.job_label(r) for r in rows if r.job_id}
    if not [i for i in st.session_state.get(W_CHART_JOBS) or [] if i in labels]:
        st.session_state[W_CHART_JOBS] = list(labels)[:1]  # nothing picked yet: the newest job with an id
    picked = st.multiselect(ui.tr("finetune.chart_jobs"), list(labels), format_func=labels.get, key=W_CHART_JOBS)
    left, right = st.columns([3, 1])
    smoothing = left.slider(ui.tr("finetune.smoothing"), 0.0, 0.95, 0.0, 0.05, key="ft_w_smooth",
                            help=ui.tr("finetune.smoothing_help"))
    log_scale = right.checkbox(ui.tr("finetune.log_scale"), key="ft_w_log")
    by_id = {r.id: r for r in rows}
    tables = {labels[i]: view.job_metrics(store, by_id[i]) for i in picked}
    if not charts.has_data(tables, charts.KIND_LOSS):
        st.caption(ui.tr("finetune.chart_waiting"))
    else:
        for kind in (charts.KIND_LOSS, charts.KIND_ACCURACY):
            if charts.has_data(tables, kind):
                st.plotly_chart(charts.metric_figure(tables, kind, ui.lang(), smoothing, log_scale), key=f"ft_{kind}")
    for job_id in picked:
        row = by_id[job_id]
        events = finetune.job_events(store, row.id, newest_first=False)
        for note in training_notes.notes(tables[labels[job_id]], finetune.job_checkpoints(store, row.id),
                                         row.job, total_steps(events), ui.lang()):
            getattr(st, note.level)(note.text)
    job_detail(store, project, settings, rows)
    if not active and st.session_state.get("ft_polling"):
        st.session_state["ft_polling"] = False
        st.rerun()  # everything is final: a full rerun redraws the panel without the timer


def job_detail(store, project, settings, rows: list[finetune.JobRow]) -> None:
    st.subheader(ui.tr("finetune.detail_header"))
    by_id = {r.id: r for r in rows}  # ids as options: the row itself is re-read on every run
    row = by_id[st.selectbox(ui.tr("finetune.pick_job"), list(by_id), format_func=lambda i: view.job_label(by_id[i]),
                             key="ft_w_detail")]
    st.markdown(view.status_label(row.status, ui.lang()))
    if error := view.error_text(row, ui.lang()):
        st.error(error)
    cols = st.columns(3)
    for column, action in zip(cols, finetune.ACTIONS, strict=True):
        if row.allowed(action) and settings.has_key and column.button(ui.tr(f"finetune.action.{action}"),
                                                                      key=f"ft_w_{action}_{row.id}"):
            finetune.job_action(store, settings, row.id, action)
            st.rerun()
    with st.expander(ui.tr("finetune.hyperparameters_used")):
        st.json(view.used_hyperparameters(row))
    with st.expander(ui.tr("finetune.events"), expanded=not row.is_final):
        st.dataframe(view.events_table(store, row, ui.lang()), hide_index=True, width="stretch")
    checkpoints = view.checkpoints_table(store, row, ui.lang())
    if not checkpoints.empty:
        st.markdown(f"**{ui.tr('finetune.checkpoints')}**")
        st.dataframe(checkpoints, hide_index=True, width="stretch")
        models = [c["fine_tuned_model_checkpoint"] for c in finetune.job_checkpoints(store, row.id)]
        chosen = st.selectbox(ui.tr("finetune.checkpoint_pick"), models, key=f"ft_w_ckpt_{row.id}")
        if st.button(ui.tr("finetune.send_to_compare"), key=f"ft_w_send_{row.id}"):
            finetune.send_to_compare(store, project.id, chosen)
            st.toast(ui.tr("finetune.sent_to_compare", model=chosen))


store, project = ui.page_setup("nav.finetune")
project = ui.require_project(project)
settings = ui.connection_settings()
if settings.has_key:
    for stale in finetune.stale_launches(store, project.id):
        finetune.start_launch(store, settings, stale.id)  # a reload or restart mid-launch: reconcile, then go on
rows = finetune.list_project_jobs(store, project.id)
show_refusal(rows)
busy = any(r.status in finetune.LAUNCHING_STATUSES for r in rows)
with st.expander(ui.tr("finetune.launch_header"), expanded=not rows):
    launch_form(store, project, settings, busy)
st.subheader(ui.tr("finetune.jobs_header"))
if settings.has_key and (SS_ACCOUNT_JOBS not in st.session_state or st.button(ui.tr("finetune.refresh_account"))):
    try:  # the account's own list: adopts this project's tagged jobs, lists the others
        st.session_state[SS_ACCOUNT_JOBS] = finetune.merge_account_jobs(store, project.id, finetune.account_jobs(settings))
    except Exception as error:  # noqa: BLE001 - shown in plain words, never as a traceback
        st.session_state[SS_ACCOUNT_JOBS] = []
        st.caption(ui.tr("finetune.account_error", reason=explain_exception(error, ui.lang())))
if others := st.session_state.get(SS_ACCOUNT_JOBS):
    with st.expander(ui.tr("finetune.other_jobs", count=len(others))):
        st.dataframe(view.account_jobs_table(others, ui.lang()), hide_index=True, width="stretch")
polling = finetune.has_active_jobs(store, project.id)
st.session_state["ft_polling"] = polling
st.fragment(run_every=finetune.POLL_INTERVAL_S if polling else None)(jobs_panel)(store, project, settings)
