"""Questions from a document's chunks and answers grounded in them, end to end against the stand-in."""

from __future__ import annotations

import asyncio

from core.data.store import NewExample
from core.dataset.documents import chunk_text
from core.workflows import generation, grounded, runner, synthetic
from core.workflows.generation import GenSettings
from tests import document_fixtures as fx

MODEL = "gpt-4.1-mini-2025-04-14"


def manual_chunks() -> list[grounded.SourceChunk]:
    return [
        grounded.SourceChunk("카페 매뉴얼.md", c.position, c.heading, c.text)
        for c in chunk_text(fx.manual_markdown(), size=400, overlap=0)
    ]


def test_questions_from_chunks_land_as_drafts_that_keep_their_chunk(store, standin):
    project = store.create_project("Manual")
    chunks = manual_chunks()
    job = grounded.job_name(project, "s1")
    started = grounded.start(
        store,
        project,
        standin.connection(),
        MODEL,
        chunks,
        style=grounded.STYLE_CUSTOMER,
        per_chunk=2,
        lang="ko",
        session_id="s1",
    )
    assert started and runner.wait(job, timeout=60)
    outcome = runner.outcome(job).result
    assert outcome.error is None and outcome.failed == 0
    rows = list(store.iter_examples(project))
    assert len(rows) == 2 * len(chunks)
    for row in rows:
        source = grounded.source_of(row.extra)
        assert source is not None and row.source == grounded.SOURCE_DOCUMENT and grounded.TAG_DOCUMENT in row.tags
        assert source.heading and source.text in {c.text for c in chunks}
        # The stand-in writes each question from a sentence of the chunk it was given.
        assert any(sentence.rstrip(".") in row.question for sentence in fx.KNOWN_SENTENCES if sentence in source.text)
    sent = [r["json"]["messages"][0]["content"] for r in standin.requests if r["path"] == "/v1/chat/completions"]
    assert len(sent) == len(chunks) and all("<passage" in prompt for prompt in sent)


def test_repeated_questions_across_chunks_are_flagged_before_they_are_added(store, standin):
    project = store.create_project("Dups")
    chunk = manual_chunks()[0]
    existing = store.add_examples(project, [NewExample(question="전혀 다른 질문: 주차는 어디에 하나요?")])
    # The same chunk twice: the second copy's questions repeat the first's.
    outcome = asyncio.run(
        grounded.write_questions(
            standin.connection(),
            MODEL,
            [chunk, chunk],
            style=grounded.STYLE_FACTS,
            per_chunk=2,
            existing=[(existing[0], "전혀 다른 질문: 주차는 어디에 하나요?")],
        )
    )
    flags = [candidate.near_duplicate for _, candidate in outcome.candidates]
    assert flags == [False, False, True, True]
    grounded.add_questions(store, project, outcome.candidates)
    tagged = [e for e in store.iter_examples(project) if synthetic.TAG_NEAR_DUPLICATE in e.tags]
    # Each points at the question it repeats (written moments before, so by its text).
    first_two = {candidate.question for _, candidate in outcome.candidates[:2]}
    assert len(tagged) == 2 and {e.extra["similar_question"] for e in tagged} == first_two


def test_the_cost_is_known_before_anything_is_sent():
    chunks = manual_chunks()
    one = grounded.highest_cost_usd(MODEL, chunks[:1], grounded.STYLE_FACTS, 3)
    every = grounded.highest_cost_usd(MODEL, chunks, grounded.STYLE_FACTS, 3)
    more = grounded.highest_cost_usd(MODEL, chunks, grounded.STYLE_FACTS, 6)
    assert 0 < one < every < more


def test_answers_to_rows_from_a_chunk_are_grounded_in_it(store, standin):
    project = store.create_project("Grounded")
    chunk = next(c for c in manual_chunks() if "환불" in c.heading)
    extra = {grounded.EXTRA_SOURCE: chunk.to_json()}
    ids = store.add_examples(
        project,
        [
            NewExample(question="영수증이 없어도 음료를 다시 만들어 주나요?", extra=extra),
            NewExample(question="Is there parking for customers?", extra=extra),
            NewExample(question="아무 행도 아닌 일반 질문"),  # no source: answered as before
        ],
    )
    settings = GenSettings(model=MODEL, system_prompt="친절하게 답하세요.", max_tokens=200)
    estimate = generation.estimate_cost(store, project, ids, settings)
    plain = generation.estimate_cost(store, project, ids[2:], settings)
    assert estimate.per_request_tokens[0] > plain.per_request_tokens[0]  # the chunk is in the prompt it prices
    run_id = generation.create_run(store, project, settings, ids)
    assert generation.start_run(store, run_id, standin.connection())
    assert runner.wait(generation.job_name(run_id), 30)
    answers = [store.get_example(i).answer for i in ids]
    assert answers[0] == "음료가 잘못 나온 경우 영수증이 없어도 즉시 다시 만들어 드립니다."
    assert answers[1] == "The document does not cover this."
    assert answers[2].startswith("Stand-in answer")
    sent = {r["json"]["messages"][-1]["content"]: r["json"]["messages"] for r in standin.requests if "json" in r}
    grounded_request = next(m for content, m in sent.items() if content.endswith("다시 만들어 주나요?"))
    assert grounded_request[0]["content"].startswith(grounded.GROUNDING_RULES)
    assert "친절하게 답하세요." in grounded_request[0]["content"] and chunk.text in grounded_request[1]["content"]
    # The training data keeps the question alone: the chunk is only in what the generating model saw.
    assert store.get_example(ids[0]).question == "영수증이 없어도 음료를 다시 만들어 주나요?"
