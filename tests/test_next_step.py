"""Home's next step, derived from the project's counts."""

from __future__ import annotations

import pytest

from core.data.store import NewExample
from core.dataset.next_step import (
    STEP_CURATE,
    STEP_GENERATE,
    STEP_PREVIEW,
    STEP_QUESTIONS,
    Progress,
    next_step,
    project_progress,
)


@pytest.mark.parametrize(
    ("progress", "step"),
    [
        (Progress(total=0, unanswered=0, to_review=0, approved=0), STEP_QUESTIONS),
        (Progress(total=40, unanswered=40, to_review=0, approved=0), STEP_GENERATE),  # the fresh sample
        (Progress(total=40, unanswered=30, to_review=10, approved=0), STEP_CURATE),  # answers arriving
        (Progress(total=40, unanswered=0, to_review=5, approved=35), STEP_CURATE),
        (Progress(total=40, unanswered=20, to_review=0, approved=20), STEP_GENERATE),
        (Progress(total=40, unanswered=0, to_review=0, approved=38), STEP_PREVIEW),
        (Progress(total=3, unanswered=0, to_review=0, approved=0), STEP_QUESTIONS),  # all rejected
    ],
)
def test_next_step(progress, step):
    assert next_step(progress) == step


def test_progress_is_counted_from_the_store(store):
    pid = store.create_project("steps")
    store.add_examples(
        pid,
        [
            NewExample("Q1?"),
            NewExample("Q2?", "A2."),
            NewExample("Q3?", "A3.", status="approved"),
            NewExample("Q4?", "", status="rejected"),
            NewExample("Q5?", "  "),
        ],
    )
    assert project_progress(store, pid) == Progress(total=5, unanswered=2, to_review=1, approved=1)
