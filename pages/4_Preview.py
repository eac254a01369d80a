"""Preview & export: is the dataset ready, what it costs, what the model sees; the split and the downloads."""

import pandas as pd
import streamlit as st

from core import pricing as cost
from core import ui
from core.dataset import preview
from core.dataset.split import DEFAULT_SEED, DEFAULT_VALID_RATIO, MAX_VALID_RATIO, make_split
from core.dataset.validate import cost_text, dataset_fingerprint, headline, problem_text
from core.i18n import timefmt
from core.pricing import DEFAULT_MODEL, fine_tunable_models
from core.ui import preview_panels as panels
from core.ui.state import SS_PREVIEW_PRICES_REV as SS_PRICES_REV
from core.ui.state import W_PREVIEW_APPROVED as W_APPROVED
from core.ui.state import W_PREVIEW_EPOCHS as W_EPOCHS
from core.ui.state import W_PREVIEW_MAKE_SPLIT
from core.ui.state import W_PREVIEW_MODEL as W_MODEL
from core.ui.state import W_PREVIEW_PRICES as W_PRICES
from core.ui.state import W_PREVIEW_RATIO as W_RATIO
from core.ui.state import W_PREVIEW_SEED as W_SEED

CURATE_PAGE = "pages/3_Curate.py"
MAX_LINKS = 20


@st.cache_data(max_entries=16, show_spinner=False)
def analysis(
    workspace: str, project_id: int, fingerprint: str, model: str, epochs: int, provider: str
) -> preview.Analysis:
    """Cached per dataset version (``fingerprint``), model, epochs and provider: a rerun never re-counts."""
    return preview.analyse(workspace, project_id, model, epochs or None, provider)


def save_setting(project_id: int, widget_key: str, setting: str) -> None:
    if not ui.may_change_id(project_id):
        return  # the team's project without the password: look, don't save
    with ui.open_store() as store:
        store.set_setting(project_id, setting, st.session_state[widget_key])


def save_prices(project_id: int, rows: list[dict]) -> None:
    if not ui.may_change_id(project_id):
        return
    edits = st.session_state.get(f"{W_PRICES}_{st.session_state.get(SS_PRICES_REV, 0)}", {})
    for index, changes in edits.get("edited_rows", {}).items():
        rows[int(index)].update(changes)
    with ui.open_store() as store:
        cost.save_price_rows(store, project_id, rows)
    st.session_state[SS_PRICES_REV] = st.session_state.get(SS_PRICES_REV, 0) + 1
    ui.flash(ui.tr("preview.prices_saved"))


def draw_split(project_id: int, found: preview.Analysis) -> None:
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


def draw_problems(report) -> None:  # noqa: ANN001 - core.dataset.validate.Report
    for problem in report.errors + report.warnings:
        text = problem_text(problem, ui.lang(), report.example_token_limit)
        label = f"{ui.tr('validate.count', count=problem.count)} {text}"
        (st.error if problem.severity == "error" else st.warning)(label)
        refs = [r for r in problem.refs if r.example_id is not None]
        if refs:
            with st.expander(ui.tr("preview.show_examples", n=problem.count)):
                for ref in refs[:MAX_LINKS]:
                    st.page_link(
                        CURATE_PAGE,
                        label=ui.tr("preview.open_in_curate", id=ref.example_id),
                        query_params={"example": str(ref.example_id)},
                        icon=":material/edit:",
                    )
                if problem.count > MAX_LINKS:
                    st.caption(ui.tr("preview.more_refs", n=problem.count - MAX_LINKS))


def draw_prices(project_id: int, overrides: dict) -> None:
    with st.expander(ui.tr("preview.prices"), icon=":material/payments:"):
        st.caption(ui.tr("preview.prices_caption"))
        rows = cost.price_rows(overrides)
        st.data_editor(
            pd.DataFrame(rows, columns=list(cost.PRICE_COLUMNS)),
            hide_index=True,
            placeholder=ui.EMPTY_CELL,
            key=f"{W_PRICES}_{st.session_state.get(SS_PRICES_REV, 0)}",
            disabled=[c for c in cost.PRICE_COLUMNS if c not in cost.EDITABLE_PRICE_COLUMNS],
            column_config={c: ui.tr(f"preview.col_{c}") for c in cost.PRICE_COLUMNS},
            on_change=save_prices,
            args=(project_id, rows),
        )
        st.caption(
            ui.tr(
                "preview.sources",
                prices=cost.source_text(rows[0]["price_source"], ui.lang()),
                limits=cost.source_text(rows[0]["limit_source"], ui.lang()),
            )
        )


def main() -> None:
    store, project = ui.page_setup("nav.preview")
    project = ui.require_project(project)
    st.caption(ui.tr("share.howto_preview"))
    settings = store.get_settings(project.id)
    # Bases some provider still trains today; the default only counts tokens once none is left.
    models = [m.name for m in fine_tunable_models()] or [DEFAULT_MODEL]
    chosen = (
        settings.get(preview.SETTING_MODEL)
        if settings.get(preview.SETTING_MODEL) in models
        else (DEFAULT_MODEL if DEFAULT_MODEL in models else models[0])
    )
    left, right = st.columns(2)
    model = left.selectbox(
        ui.tr("preview.model"),
        models,
        index=models.index(chosen),
        key=W_MODEL,
        help=ui.tr("preview.model_help"),
        on_change=save_setting,
        args=(project.id, W_MODEL, preview.SETTING_MODEL),
    )
    epochs = right.number_input(
        ui.tr("preview.epochs"),
        0,
        25,
        int(settings.get(preview.SETTING_EPOCHS) or 0),
        key=W_EPOCHS,
        help=ui.tr("preview.epochs_help"),
        on_change=save_setting,
        args=(project.id, W_EPOCHS, preview.SETTING_EPOCHS),
    )
    with st.spinner(ui.tr("preview.checking")):
        found = analysis(
            str(store.path),
            project.id,
            dataset_fingerprint(store, project.id),
            model,
            int(epochs),
            ui.connection_settings().provider,
        )
    report = found.report
    if report.n_examples == 0:
        st.info(ui.tr("preview.no_examples"))
        st.page_link(CURATE_PAGE, label=ui.tr("nav.curate"), icon=":material/edit_note:")
        if sum(store.count_by_status(project.id).values()):
            panels.downloads_panel(str(store.path), project.id, found)  # drafts still export as CSV/Excel
        draw_prices(project.id, cost.project_overrides(store, project.id))
        return
    (st.success if report.ready else st.error)(
        headline(report, ui.lang()), icon=":material/check_circle:" if report.ready else ":material/block:"
    )
    metrics = st.columns(4)
    metrics[0].metric(ui.tr("preview.metric_examples"), report.cost.n_examples)
    metrics[1].metric(ui.tr("preview.metric_tokens"), f"{sum(report.tokens_per_example):,}")
    metrics[2].metric(ui.tr("preview.metric_epochs"), report.cost.n_epochs)
    metrics[3].metric(ui.tr("preview.metric_cost"), f"${report.cost.cost_usd:,.2f}")
    st.caption(cost_text(report, ui.lang()))
    if not report.exact:
        st.warning(ui.tr("validate.estimate_flag"))
    panels.upload_plan_panel(found)
    draw_problems(report)

    st.subheader(ui.tr("preview.distributions"))
    for column, figure in zip(st.columns(3), preview.distribution_figures(report, ui.tr), strict=True):
        column.plotly_chart(figure)

    st.subheader(ui.tr("preview.sees"))
    st.caption(ui.tr("preview.sees_caption"))
    panels.training_prompt_panel(store, project.id)
    shown = preview.shown_examples(str(store.path), project.id, found.train_ids)
    for example_id, record, _line in shown:
        with st.container(border=True):
            st.caption(f"#{example_id}")
            for message in record["messages"]:
                # st.text, not markdown: the model sees the characters exactly as written.
                st.chat_message(message.get("role", "?")).text(preview.message_text(message))
    with st.expander(ui.tr("preview.jsonl_lines")):
        st.code("\n".join(line for _id, _record, line in shown), language="json", wrap_lines=True)

    draw_split(project.id, found)
    panels.downloads_panel(str(store.path), project.id, found)
    draw_prices(project.id, cost.project_overrides(store, project.id))


main()
