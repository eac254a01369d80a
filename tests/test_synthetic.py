"""Synthetic questions: parsing the reply, flagging near-duplicates, landing as draft rows."""

from __future__ import annotations

import asyncio
import json

import httpx2

from core.workflows import synthetic
from core.dataset.sample import create_sample_project, sample_questions
from tests.fake_openai import FakeChat, completion_body


def test_the_sample_files_two_near_duplicate_pairs_are_found():
    questions = list(enumerate(sample_questions()))
    pairs = {(questions[a][1], questions[b][1]) for a, b, _ in synthetic.near_duplicate_pairs(questions)}
    assert ("입지는 어떻게 고르면 좋을까?", "카페 입지는 어떻게 고르면 좋을까?") in pairs
    assert ("혼자 해도 될까?", "혼자 창업하면 힘들까?") in pairs
    # Distinct questions are not flagged.
    assert ("창업 비용은 어느 정도 들지?", "마케팅은 어떻게 시작해야 할까?") not in pairs
    assert synthetic.similarity("창업 비용은 어느 정도 들지?", "마케팅은 어떻게 시작해야 할까?") < 0.4


def test_reordered_phrases_count_as_near_duplicates():
    assert synthetic.similarity("브랜드 창업이 좋을까, 개인 창업이 좋을까?", "개인 창업이랑 브랜드 창업 중 뭐가 나아?") >= 0.4
    assert synthetic.similarity("How do I pick a location?", "how do i pick a location") == 1.0


def test_parse_questions_accepts_json_objects_fences_and_lines():
    assert synthetic.parse_questions('["a?", "b?", "a?"]') == ["a?", "b?"]
    assert synthetic.parse_questions('{"questions": ["x?"]}') == ["x?"]
    assert synthetic.parse_questions('```json\n["y?"]\n```') == ["y?"]
    assert synthetic.parse_questions("1. first?\n2) second?\n- third?\n") == ["first?", "second?", "third?"]


def test_candidates_flag_existing_and_each_other():
    existing = [(7, "카페 입지는 어떻게 고르면 좋을까?")]
    flagged = synthetic.flag_candidates(["입지는 어떻게 고르면 좋을까?", "메뉴 가격은 어떻게 정할까?",
                                         "메뉴 가격은 어떻게 정하지?"], existing)
    assert flagged[0].near_duplicate and flagged[0].similar_id == 7
    assert not flagged[1].near_duplicate
    assert flagged[2].near_duplicate and flagged[2].similar_to == "메뉴 가격은 어떻게 정할까?"


def test_generate_and_add_as_tagged_drafts(store):
    project = create_sample_project(store)
    reply = json.dumps(["카페 인테리어 비용은 얼마나 들까?", "입지는 어떻게 고르면 좋을까요?"], ensure_ascii=False)
    fake = FakeChat(always=lambda: httpx2.Response(200, json=completion_body("gpt-4.1-mini-2025-04-14", reply)))
    existing = synthetic.existing_questions(store, project)
    result = asyncio.run(synthetic.generate_questions(fake.settings(), "gpt-4.1-mini-2025-04-14", mode=synthetic.MODE_NEW,
                                          topic="카페 창업", examples=[q for _, q in existing[:3]], count=2,
                                          existing=existing, client=fake.client()))
    assert result.error is None and len(result.candidates) == 2
    assert "카페 창업" in fake.calls[0]["messages"][0]["content"]
    assert [c.near_duplicate for c in result.candidates] == [False, True]
    ids = synthetic.add_candidates(store, project, result.candidates)
    rows = [store.get_example(i) for i in ids]
    assert all(r.status == "draft" and r.answer == "" and "synthetic" in r.tags for r in rows)
    assert "near-duplicate" in rows[1].tags and rows[1].extra["near_duplicate_of"] in dict(existing)


def test_a_fatal_error_is_one_plain_message(store):
    from tests.fake_openai import error_response
    fake = FakeChat(always=lambda: error_response(401, "invalid_api_key"))
    result = asyncio.run(synthetic.generate_questions(fake.settings(), "gpt-4.1-mini-2025-04-14", mode=synthetic.MODE_PARAPHRASE,
                                          topic="", examples=["q?"], count=3, existing=[], client=fake.client()))
    assert result.error and not result.candidates and len(fake.calls) == 1


def test_more_questions_run_in_the_background_and_land_as_drafts(store, standin):
    """The page starts the job and returns at once; the runner's outcome says what was added."""
    from core.workflows import runner

    project = store.create_project("Background questions")
    job = synthetic.job_name(project, "session-a")
    assert synthetic.start(store, project, standin.connection(), "gpt-4.1-mini-2025-04-14",
                           mode=synthetic.MODE_NEW, topic="카페 창업", examples=[], count=3, lang="ko",
                           session_id="session-a")
    assert runner.wait(job, timeout=30)
    result = runner.outcome(job).result
    assert runner.last_error(job) is None and result.error is None and result.candidates
    stored = [e.question for e in store.iter_examples(project)]
    assert stored == [c.question for c in result.candidates]
    assert any(r["path"] == "/v1/chat/completions" for r in standin.requests)
