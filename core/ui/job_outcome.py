"""The end of a background job as a page shows it: "working…" while it runs, one redraw when it ends,
then its plain error or its result for a while."""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from core.providers import api_errors
from core.ui.language import lang, tr
from core.workflows import runner

# How long a page keeps showing what a finished job did.
SHOWN_S = 600


def finished_result(job: str, was_running: bool, working_key: str, shown_s: float = SHOWN_S) -> Any | None:
    """The result of ``job`` once it has ended (None while it runs, after an error, or long after).

    Call it in a fragment polled while the job runs: it says ``working_key`` meanwhile, reruns the
    whole page once when the job ends (so the page redraws with what it wrote), and shows a job
    that failed as a plain explanation instead of a result.
    """
    if runner.is_running(job):
        st.caption(tr(working_key))
        return None
    if was_running:
        st.rerun()
    ended = runner.outcome(job)
    if ended is None or time.time() - ended.ended_at > shown_s:
        return None
    if ended.error is not None:
        st.error(api_errors.explain_exception(ended.error, lang()))
        return None
    return ended.result
