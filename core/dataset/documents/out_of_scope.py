"""Questions the user's documents don't answer, each with the one refusal answer the user wrote.

Trained next to the grounded rows, they teach the model where its knowledge
ends: asked about something the manual doesn't cover, it says so (in the
user's words) instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.data.store import NewExample, Store

SETTING_REFUSAL = "documents_refusal"  # the project's refusal answer, written once
TAG_OUT_OF_SCOPE = "out_of_scope"
SOURCE_OUT_OF_SCOPE = "out_of_scope"  # examples.source and the answer history's source of these rows
EXTRA_OUT_OF_SCOPE = "out_of_scope"  # extra["out_of_scope"] = True
# A list mark people type or paste in front of a question ("- ", "* ", "1. ", "2) ").
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def parse_questions(text: str) -> list[str]:
    """One question a line, list marks removed, blanks and repeats dropped, first-seen order kept."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        question = _LIST_MARK.sub("", line).strip()
        if question:
            seen.setdefault(question, None)
    return list(seen)


def new_questions(store: Store, project_id: int, questions: Iterable[str]) -> list[str]:
    """The questions that are not already a row of the project (compared as typed, ignoring case and spaces)."""

    def key(text: str) -> str:
        return " ".join(text.split()).casefold()

    existing = {key(example.question) for example in store.iter_examples(project_id)}
    return [q for q in questions if key(q) not in existing]


def add_out_of_scope(store: Store, project_id: int, questions: Iterable[str], refusal: str) -> list[int]:
    """Draft rows answered with ``refusal``, tagged; questions already in the project are skipped."""
    refusal = refusal.strip()
    if not refusal:
        return []
    rows = [
        NewExample(question=q, answer=refusal, tags=(TAG_OUT_OF_SCOPE,), extra={EXTRA_OUT_OF_SCOPE: True})
        for q in new_questions(store, project_id, questions)
    ]
    return store.add_examples(project_id, rows, source=SOURCE_OUT_OF_SCOPE) if rows else []
