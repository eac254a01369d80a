"""Review mode: read and decide one example at a time, within the Curate filter.

No Streamlit here: the queue, the position, the "37 / 120 reviewed" count, the
system prompt a reviewer should see, and restoring an older answer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from core.data.store import STATUSES, Example, ExampleFilter, Store

REVIEWED_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s != "draft")
SOURCE_RESTORE = "restore"
# Where a source passage is kept in an example's ``extra`` once documents exist.
PASSAGE_KEYS: tuple[str, ...] = ("source_passage", "passage", "context")


@dataclass(frozen=True)
class ReviewPosition:
    """Where the reviewer is in the filtered examples."""

    example_id: int | None
    index: int  # 0-based place in the filtered list
    total: int  # examples in the filter
    reviewed: int  # of those, how many are no longer drafts
    previous_id: int | None
    next_id: int | None


def reviewed_count(store: Store, project_id: int, where: ExampleFilter) -> int:
    """How many examples in the filter are reviewed (any status but draft)."""
    wanted = [s for s in (where.statuses or STATUSES) if s in REVIEWED_STATUSES]
    if not wanted:
        return 0
    reviewed = replace(where, statuses=tuple(wanted))
    if where.text.strip() or where.only_errors:
        return len(store.filtered_ids(project_id, reviewed))
    return store.count_examples(project_id, reviewed)


def locate(store: Store, project_id: int, where: ExampleFilter, wanted: int | None) -> ReviewPosition:
    """The reviewer's position: ``wanted`` if it is in the filter, else the first draft in it."""
    ids = store.filtered_ids(project_id, where)
    if wanted not in ids:
        drafts = (
            store.filtered_ids(project_id, replace(where, statuses=("draft",)))
            if (not where.statuses or "draft" in where.statuses)
            else []
        )
        wanted = drafts[0] if drafts else (ids[0] if ids else None)
    index = ids.index(wanted) if wanted is not None else 0
    return ReviewPosition(
        example_id=wanted,
        index=index,
        total=len(ids),
        reviewed=reviewed_count(store, project_id, where),
        previous_id=ids[index - 1] if wanted is not None and index > 0 else None,
        next_id=ids[index + 1] if wanted is not None and index + 1 < len(ids) else None,
    )


def system_prompt_for(example: Example, training_prompt: str | None) -> tuple[str, str]:
    """The system prompt the model trains with for this example, and whose it is.

    Returns ``(text, "own")`` for the example's own prompt, ``(text, "project")``
    for the project's training prompt, ``("", "none")`` when there is neither.
    A conversation's own system message counts as its own prompt.
    """
    if example.messages is not None:
        own = next((str(m.get("content") or "") for m in example.messages if m.get("role") == "system"), "")
    else:
        own = example.system_prompt or ""
    if own.strip():
        return own, "own"
    if (training_prompt or "").strip():
        return str(training_prompt), "project"
    return "", "none"


def source_passage(example: Example) -> str | None:
    """The document passage the example was written from, when it has one (else None: nothing is shown)."""
    extra: dict[str, Any] = example.extra or {}
    for key in PASSAGE_KEYS:
        value = extra.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def restore_version(store: Store, example_id: int, version_id: int) -> bool:
    """Make an older answer the current one again, as a NEW version (the history keeps every version).

    Returns False when the example or that version is gone.
    """
    version = next((v for v in store.answer_history(example_id) if v.id == version_id), None)
    example = store.get_example(example_id)
    if version is None or example is None:
        return False
    if example.answer == version.answer:
        return True
    return store.update_example(example_id, answer=version.answer, source=SOURCE_RESTORE, model=version.model)
