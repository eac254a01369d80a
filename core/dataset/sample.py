"""The sample project: the café-founder adviser from the blog post this app grew from."""

from __future__ import annotations

import csv
from pathlib import Path

from core.data.store import NewExample, Store

SAMPLE_CSV = Path(__file__).resolve().parent / "sample_data" / "cafe_questions.csv"
SAMPLE_PROJECT_NAME = "Café founder adviser"
GENERATION_SYSTEM_PROMPT = "당신은 카페 창업 컨설턴트입니다. 실용적이고 현실적인 조언을 제공합니다."
TRAINING_SYSTEM_PROMPT = "당신은 카페 창업 컨설턴트입니다."
# Project-setting keys that later slices read.
SETTING_GENERATION_PROMPT = "generation_system_prompt"
SETTING_TRAINING_PROMPT = "training_system_prompt"


def sample_questions() -> list[str]:
    with SAMPLE_CSV.open(encoding="utf-8", newline="") as handle:
        return [row["question"].strip() for row in csv.DictReader(handle) if row.get("question", "").strip()]


def create_sample_project(store: Store, owner_session: str | None = None) -> int:
    """Create a fresh copy of the sample project (with a unique name) and return its id.

    With ``owner_session`` the copy belongs to that browser session (a visitor's own copy).
    """
    project_id = store.create_project(
        store.unique_project_name(SAMPLE_PROJECT_NAME),
        settings={SETTING_GENERATION_PROMPT: GENERATION_SYSTEM_PROMPT, SETTING_TRAINING_PROMPT: TRAINING_SYSTEM_PROMPT},
        owner_session=owner_session,
        examples=[NewExample(question=q) for q in sample_questions()],
        source="sample",
    )
    return project_id
