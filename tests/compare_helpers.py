"""What the compare tests share: a project with tagged questions, contenders, a comparison, a fake engine."""

from __future__ import annotations

import httpx2
import pytest
from openai import AsyncOpenAI

import core.providers.request_runner as engine
from core.data.store import NewExample
from core.dataset.sample import SETTING_GENERATION_PROMPT, SETTING_TRAINING_PROMPT
from core.workflows import compare

BASE = "gpt-4o-mini-2024-07-18"
FINE_TUNED = "ft:gpt-4o-mini-2024-07-18:acme:cafe:abc123"


# --------------------------------------------------------------- helpers
@pytest.fixture
def project(store):
    project_id = store.create_project(
        "Café", settings={SETTING_GENERATION_PROMPT: "LONG generation prompt", SETTING_TRAINING_PROMPT: "short prompt"}
    )
    store.add_examples(
        project_id,
        [
            NewExample(
                question=f"Question {n}?",
                answer=f"Reference {n}.",
                tags=("rent",) if n % 2 else ("menu",),
                status="approved",
            )
            for n in range(6)
        ],
    )
    return project_id


def contenders_of(store, project_id, order=(BASE, FINE_TUNED)):
    return [compare.make_contender(store, project_id, model) for model in order]


def new_comparison(store, project_id, order=(BASE, FINE_TUNED)) -> compare.Comparison:
    items = compare.items_from_examples(store.iter_examples(project_id))
    comparison_id = compare.create_comparison(store, project_id, "run", contenders_of(store, project_id, order), items)
    return compare.load_comparison(store, comparison_id)


def answer_all(store, comparison):
    for item in comparison.items:
        for index, contender in enumerate(comparison.contenders):
            compare.save_answer(
                store,
                comparison.id,
                item.key,
                index,
                answer=f"{contender.model} says {item.key}",
                prompt_tokens=10,
                completion_tokens=5,
            )


def fake_engine_client(monkeypatch, handler):
    """Route the engine's AsyncOpenAI through ``handler`` (an httpx2 MockTransport)."""
    seen_settings = []

    def fake_client(settings):
        seen_settings.append(settings)
        return AsyncOpenAI(
            api_key=settings.api_key or "k",
            base_url="http://fake.test/v1",
            max_retries=0,
            http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
        )

    monkeypatch.setattr(engine, "engine_client", fake_client)
    return seen_settings
