"""Preview & export: is the dataset ready, what it costs, what the model sees; the split and the downloads."""

import streamlit as st

from core import ui
from core.dataset import preview
from core.dataset.validate import cost_text, dataset_fingerprint, headline
from core.ui import preview_panels as panels
from core.ui import preview_rules as rules
from core.ui import preview_settings as settings

CURATE_PAGE = "pages/3_Curate.py"


def main() -> None:
    store, project = ui.page_setup("nav.preview")
    project = ui.require_project(project)
    provider = rules.rules_provider(store, project.id)
    st.caption(ui.tr(rules.howto_key(provider)))
    model, epochs = settings.model_and_epochs(store, project.id, provider)
    with st.spinner(ui.tr("preview.checking")):
        found = settings.analysis(
            str(store.path),
            project.id,
            dataset_fingerprint(store, project.id),
            model,
            epochs,
            provider,
        )
    report = found.report
    if report.n_examples == 0:
        st.info(ui.tr("preview.no_examples"))
        st.page_link(CURATE_PAGE, label=ui.tr("nav.curate"), icon=":material/edit_note:")
        if sum(store.count_by_status(project.id).values()):
            panels.downloads_panel(str(store.path), project.id, found)  # drafts still export as CSV/Excel
        settings.prices_panel(store, project.id)
        return
    (st.success if report.ready else st.error)(
        headline(report, ui.lang()), icon=":material/check_circle:" if report.ready else ":material/block:"
    )
    metrics = st.columns(4)
    metrics[0].metric(ui.tr("preview.metric_examples"), report.cost.n_examples)
    metrics[1].metric(ui.tr("preview.metric_tokens"), f"{sum(report.tokens_per_example):,}")
    if rules.follows_together(report):
        rules.together_rules_note(report)  # Together sets its own epochs and price; OpenAI's table would mislead
    else:
        metrics[2].metric(ui.tr("preview.metric_epochs"), report.cost.n_epochs)
        metrics[3].metric(ui.tr("preview.metric_cost"), f"${report.cost.cost_usd:,.2f}")
        st.caption(cost_text(report, ui.lang()))
    if not report.exact:
        st.warning(ui.tr("validate.estimate_flag"))
    panels.upload_plan_panel(found)
    panels.problems_panel(report)

    st.subheader(ui.tr("preview.distributions"))
    for column, figure in zip(st.columns(3), preview.distribution_figures(report, ui.tr), strict=True):
        column.plotly_chart(figure)

    panels.examples_panel(store, project.id, found)
    settings.split_panel(project.id, found)
    panels.downloads_panel(str(store.path), project.id, found)
    settings.prices_panel(store, project.id)


main()
