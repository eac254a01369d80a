"""Curate's groundedness check: the judge model, how many answers, the highest cost first, then the job.

Drawing and dispatch only; the check lives in ``core.workflows.groundedness``
and its results in ``core.data.grounding``.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from core import ui
from core.data import documents as stored_documents
from core.data import grounding
from core.data.store import Example, ExampleFilter, Project, Store
from core.ui.chat_models import model_choices
from core.ui.curate_example import plain
from core.ui.job_outcome import finished_result
from core.ui.spend import spend_button
from core.ui.state import W_CURATE_GROUNDING_GO, W_CURATE_GROUNDING_MODEL
from core.workflows import generation, groundedness, runner
from core.workflows.spending import ACTION_GROUNDEDNESS

POLL_S = 1.0


def needs_check(example: Example, check: grounding.GroundingCheck | None) -> bool:
    """A row with a chunk and an answer that has no verdict on its current answer (a failed check is retried)."""
    if not groundedness.checkable(example):
        return False
    return check is None or check.verdict == grounding.VERDICT_FAILED or check.answer != example.answer


def check_line(check: grounding.GroundingCheck | None, answer: str) -> None:
    """The row's last check, in words: supported, not supported and why, failed and why, or about an older answer."""
    tr = ui.tr
    if check is None:
        return
    if check.answer != answer:
        st.caption(tr("docreview.check_stale", model=check.model))
    elif check.verdict == grounding.VERDICT_SUPPORTED:
        st.success(tr("docreview.check_supported", model=check.model), icon=":material/verified:")
    elif check.verdict == grounding.VERDICT_UNSUPPORTED:
        st.warning(
            tr("docreview.check_unsupported", model=check.model, reason=plain(check.reason)), icon=":material/report:"
        )
    else:
        reason = (
            tr("docreview.check_unreadable") if check.reason == groundedness.REASON_UNREADABLE else plain(check.reason)
        )
        st.error(tr("docreview.check_failed", reason=reason), icon=":material/error:")


def grounding_panel(store: Store, project: Project, where: ExampleFilter) -> None:
    """Check the filtered rows' answers against their chunks (only once the project has documents)."""
    if not stored_documents.list_documents(store, project.id):
        return
    tr = ui.tr
    with st.expander(tr("docreview.check_title"), icon=":material/fact_check:"):
        st.caption(tr("docreview.check_how"))
        # Only the rows that need a check leave the store (SQL picks them), not every filtered row on each rerun.
        due_ids = store.filtered_ids(project.id, replace(where, needs_grounding_check=True))
        examples = list(store.iter_examples(project.id, due_ids))
        checks = grounding.checks_for(store, due_ids)
        due = [e for e in examples if needs_check(e, checks.get(e.id))]
        connection = ui.connection_settings()
        models, _why = model_choices(connection)
        preferred = generation.load_options(store, project.id).model
        model = st.selectbox(
            tr("docreview.check_model"),
            models,
            index=models.index(preferred) if preferred in models else 0,
            key=W_CURATE_GROUNDING_MODEL,
            help=tr("docreview.check_model_help"),
        )
        highest = groundedness.highest_cost_usd(model, due, overrides=generation.price_overrides(store, project.id))
        job = groundedness.job_name(project.id, ui.session_id())
        if spend_button(
            ACTION_GROUNDEDNESS,
            highest,
            tr("docreview.check_go", count=len(due)),
            key=W_CURATE_GROUNDING_GO,
            disabled=not connection.has_key or not due or runner.is_running(job),
            agreed_to={"model": model, "rows": len(due)},
        ):
            groundedness.start(store, project.id, connection, model, due, lang=ui.lang(), session_id=ui.session_id())
            st.rerun()
        if not connection.has_key:
            st.caption(tr("docreview.check_needs_key"))
        elif not due:
            st.caption(tr("docreview.check_nothing_due"))
        running = runner.is_running(job)
        st.fragment(run_every=POLL_S if running else None)(outcome)(job, running)


def outcome(job: str, was_running: bool) -> None:
    """What this session's last check found; polled while it runs."""
    tr = ui.tr
    result: groundedness.CheckOutcome | None = finished_result(job, was_running, "docreview.check_running")
    if result is None:
        return
    if result.error:
        st.error(result.error)
    if result.checked:
        st.success(tr("docreview.check_done", checked=result.checked, unsupported=result.unsupported))
    if result.failed:
        st.warning(tr("docreview.check_some_failed", count=result.failed))
