"""Home's "next step": where a project stands, derived from its counts alone.

No answers yet → Generate; answers waiting for review → Curate; approved
examples and nothing left to do → Preview. Questions still without an answer
are generated before previewing, so a half-answered project isn't sent on.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.data import examples
from core.data.store import Store

STEP_QUESTIONS = "questions"
STEP_GENERATE = "generate"
STEP_CURATE = "curate"
STEP_PREVIEW = "preview"


@dataclass(frozen=True)
class Progress:
    """A project's examples by what still has to happen to them."""

    total: int
    unanswered: int  # not rejected and no answer yet
    to_review: int  # drafts with an answer
    approved: int


def project_progress(store: Store, project_id: int) -> Progress:
    return Progress(*examples.progress_counts(store, project_id))


def next_step(progress: Progress) -> str:
    """The one page to go to next (a STEP_* name)."""
    if progress.total == 0:
        return STEP_QUESTIONS
    if progress.to_review:
        return STEP_CURATE
    if progress.unanswered:
        return STEP_GENERATE
    if progress.approved:
        return STEP_PREVIEW
    return STEP_QUESTIONS  # everything was rejected: new questions are the way on
