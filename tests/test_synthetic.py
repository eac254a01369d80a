"""Synthetic questions: parsing the reply, flagging near-duplicates, landing as draft rows."""

from __future__ import annotations

import asyncio
import json

import httpx2

from core.dataset.sample import create_sample_project, sample_questions
from core.workflows import synthetic
from tests.fake_openai import FakeChat, completion_body

# The shipped sample before it became 40 distinct questions: it held its look-alikes side by side.
OLD_SAMPLE = [
    "카페를 열려면 어떤 준비가 필요할까?",
    "창업 비용은 어느 정도 들지?",
    "입지는 어떻게 고르면 좋을까?",
    "혼자 해도 될까?",
    "브랜드 창업이 좋을까, 개인 창업이 좋을까?",
    "카페 창업에 필요한 준비는?",
    "카페 입지는 어떻게 고르면 좋을까?",
    "개인 창업이랑 브랜드 창업 중 뭐가 나아?",
    "혼자 창업하면 힘들까?",
    "마케팅은 어떻게 시작해야 할까?",
]
ENGLISH = [
    "How do I pick a location?",
    "How do I pick a good location for my cafe?",
    "What does it cost to open a cafe?",
    "How much does it cost to open a cafe?",
    "Should I hire staff or work alone?",
    "Is it better to work alone or hire staff?",
    "How do I price my coffee?",
    "How do I train my staff?",
    "What should I do to attract customers?",
    "How much should I pay for rent?",
    "What licence do I need to sell coffee?",
    "How do I pick an espresso machine?",
]


def _flagged(questions: list[str]) -> set[tuple[str, str]]:
    return {(questions[a], questions[b]) for a, b, _ in synthetic.near_duplicate_pairs(list(enumerate(questions)))}


def test_the_old_samples_look_alikes_are_found_and_nothing_else():
    # "혼자 해도 될까?" / "혼자 창업하면 힘들까?" and "카페를 열려면 어떤 준비가 필요할까?" / "카페 창업에 필요한
    # 준비는?" are paraphrases sharing one or two words (they score 0.17 and 0.29). Distinct questions share as
    # much ("일회용품 규제에는 어떻게 대응해야 할까?" / "고객 불만이 생기면 어떻게 대응해야 할까?": 0.34; "How do I
    # price my coffee?" / "What licence do I need to sell coffee?": 0.41), so no comparison of the wording can
    # flag those two without flagging distinct questions too; that takes a model of meaning.
    assert _flagged(OLD_SAMPLE) == {
        ("입지는 어떻게 고르면 좋을까?", "카페 입지는 어떻게 고르면 좋을까?"),
        ("브랜드 창업이 좋을까, 개인 창업이 좋을까?", "개인 창업이랑 브랜드 창업 중 뭐가 나아?"),
    }


def test_the_shipped_sample_has_no_look_alikes_although_its_questions_share_endings():
    questions = sample_questions()
    assert len(questions) >= 40 and len(set(questions)) == len(questions)
    assert _flagged(questions) == set()
    # Both end in "…해야 할까?", which is most of what they share.
    assert (
        synthetic.similarity("마케팅은 어떻게 시작해야 할까?", "원가율은 어느 정도로 관리해야 할까?", questions)
        < synthetic.NEAR_DUPLICATE_THRESHOLD
    )
    assert synthetic.similarity("창업 비용은 어느 정도 들지?", "마케팅은 어떻게 시작해야 할까?") == 0.0


def test_english_look_alikes_are_found_and_questions_sharing_only_how_do_i_are_not():
    assert _flagged(ENGLISH) == {
        ("How do I pick a location?", "How do I pick a good location for my cafe?"),
        ("What does it cost to open a cafe?", "How much does it cost to open a cafe?"),
        ("Should I hire staff or work alone?", "Is it better to work alone or hire staff?"),
    }


def test_every_pair_of_a_large_set_is_compared():
    # Distinct filler questions, with one look-alike pair as far apart as the set allows.
    filler = [f"{word}?" for word in _distinct_words(1200)]
    questions = ["카페 이름과 로고는 어떻게 정하면 좋을까?", *filler, "카페 이름이랑 로고는 어떻게 정하면 좋을까요?"]
    pairs = synthetic.near_duplicate_pairs(list(enumerate(questions)))
    assert [(a, b) for a, b, _ in pairs] == [(0, len(questions) - 1)]


def _distinct_words(count: int) -> list[str]:
    """Made-up three-syllable Korean words; no syllable is used twice, so no two of them look alike."""
    return ["".join(chr(0xAC00 + 3 * i + k) for k in range(3)) for i in range(count)]


def test_reordered_phrases_count_as_near_duplicates():
    assert (
        synthetic.similarity("브랜드 창업이 좋을까, 개인 창업이 좋을까?", "개인 창업이랑 브랜드 창업 중 뭐가 나아?")
        >= synthetic.NEAR_DUPLICATE_THRESHOLD
    )
    assert synthetic.similarity("How do I pick a location?", "how do i pick a location") == 1.0


def test_parse_questions_accepts_json_objects_fences_and_lines():
    assert synthetic.parse_questions('["a?", "b?", "a?"]') == ["a?", "b?"]
    assert synthetic.parse_questions('{"questions": ["x?"]}') == ["x?"]
    assert synthetic.parse_questions('```json\n["y?"]\n```') == ["y?"]
    assert synthetic.parse_questions("1. first?\n2) second?\n- third?\n") == ["first?", "second?", "third?"]


def test_candidates_flag_existing_and_each_other():
    existing = [(7, "카페 입지는 어떻게 고르면 좋을까?")]
    flagged = synthetic.flag_candidates(
        ["입지는 어떻게 고르면 좋을까?", "메뉴 가격은 어떻게 정할까?", "메뉴 가격은 어떻게 정하지?"], existing
    )
    assert flagged[0].near_duplicate and flagged[0].similar_id == 7
    assert not flagged[1].near_duplicate
    assert flagged[2].near_duplicate and flagged[2].similar_to == "메뉴 가격은 어떻게 정할까?"


def test_generate_and_add_as_tagged_drafts(store):
    project = create_sample_project(store)
    reply = json.dumps(["카페 인테리어 비용은 얼마나 들까?", "입지는 어떻게 고르면 좋을까요?"], ensure_ascii=False)
    fake = FakeChat(always=lambda: httpx2.Response(200, json=completion_body("gpt-4.1-mini-2025-04-14", reply)))
    existing = synthetic.existing_questions(store, project)
    result = asyncio.run(
        synthetic.generate_questions(
            fake.settings(),
            "gpt-4.1-mini-2025-04-14",
            mode=synthetic.MODE_NEW,
            topic="카페 창업",
            examples=[q for _, q in existing[:3]],
            count=2,
            existing=existing,
            client=fake.client(),
        )
    )
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
    result = asyncio.run(
        synthetic.generate_questions(
            fake.settings(),
            "gpt-4.1-mini-2025-04-14",
            mode=synthetic.MODE_PARAPHRASE,
            topic="",
            examples=["q?"],
            count=3,
            existing=[],
            client=fake.client(),
        )
    )
    assert result.error and not result.candidates and len(fake.calls) == 1


def test_more_questions_run_in_the_background_and_land_as_drafts(store, standin):
    """The page starts the job and returns at once; the runner's outcome says what was added."""
    from core.workflows import runner

    project = store.create_project("Background questions")
    job = synthetic.job_name(project, "session-a")
    assert synthetic.start(
        store,
        project,
        standin.connection(),
        "gpt-4.1-mini-2025-04-14",
        mode=synthetic.MODE_NEW,
        topic="카페 창업",
        examples=[],
        count=3,
        lang="ko",
        session_id="session-a",
    )
    assert runner.wait(job, timeout=30)
    result = runner.outcome(job).result
    assert runner.last_error(job) is None and result.error is None and result.candidates
    stored = [e.question for e in store.iter_examples(project)]
    assert stored == [c.question for c in result.candidates]
    assert any(r["path"] == "/v1/chat/completions" for r in standin.requests)
