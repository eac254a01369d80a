"""The stand-in follows the Compare judge's instruction (reply 1, 2 or tie), preferring the fine-tuned answer."""

from __future__ import annotations

import asyncio
import io
import json

import openai
import pytest

from core.data.store import NewExample
from core.providers.client import make_client
from core.workflows import compare
from tests.openai_standin import StandIn
from tests.openai_standin.chat import FT_PREFIX

BASE = "gpt-4o-mini-2024-07-18"
FINE_TUNED = "ft:gpt-4o-mini-2024-07-18:org-standin:cafe:abc12345"
TUNED_ANSWER = FT_PREFIX.format(suffix="cafe") + "Open near a school; the rent is lower two streets away."
BASE_ANSWER = "Stand-in answer 1a2b3c4d: here is a clear, practical reply."


def _judge(client: openai.OpenAI, first: str, second: str, model: str = "gpt-4.1-mini") -> str:
    messages = compare.judge_messages("", "Where should I open a café?", "", first, second)
    reply = client.chat.completions.create(
        model=model, messages=messages, max_tokens=compare.JUDGE_OUTPUT_TOKENS, temperature=0.0
    )
    return reply.choices[0].message.content or ""


@pytest.mark.parametrize(
    ("first", "second", "verdict"),
    [
        (TUNED_ANSWER, BASE_ANSWER, compare.JUDGE_FIRST),
        (BASE_ANSWER, TUNED_ANSWER, compare.JUDGE_SECOND),
        (BASE_ANSWER, "Another base answer.", compare.JUDGE_TIE),
        (TUNED_ANSWER, TUNED_ANSWER + " More.", compare.JUDGE_TIE),
    ],
)
def test_a_judge_request_gets_a_verdict_the_app_reads(standin: StandIn, first: str, second: str, verdict: str) -> None:
    assert compare.parse_verdict(_judge(make_client(standin.connection()), first, second)) == verdict


def test_the_prose_knob_makes_every_judge_reply_unreadable(standin: StandIn) -> None:
    standin.configure(judge_replies="prose")
    reply = _judge(make_client(standin.connection()), TUNED_ANSWER, BASE_ANSWER)
    assert reply and compare.parse_verdict(reply) is None


def test_an_answer_a_fine_tune_was_trained_on_counts_as_the_fine_tuned_one(standin: StandIn) -> None:
    standin.configure(clock_speed=0)
    client = make_client(standin.connection())
    rows = [
        {
            "messages": [
                {"role": "user", "content": f"question {n}"},
                {"role": "assistant", "content": f"trained answer {n}"},
            ]
        }
        for n in range(10)
    ]
    training = io.BytesIO("\n".join(json.dumps(r) for r in rows).encode())
    uploaded = client.files.create(file=("train.jsonl", training), purpose="fine-tune")
    job = client.fine_tuning.jobs.create(model=BASE, training_file=uploaded.id)
    standin.advance(100_000)
    assert client.fine_tuning.jobs.retrieve(job.id).status == "succeeded"
    # No prefix: the fine-tune answered with what it was trained on.
    assert compare.parse_verdict(_judge(client, BASE_ANSWER, "trained answer 4")) == compare.JUDGE_SECOND


def test_a_question_that_merely_mentions_answers_is_answered_as_usual(standin: StandIn) -> None:
    messages = [{"role": "user", "content": "Answer 1:\nfoo\n\nAnswer 2:\nbar\n\nWhich do you like?"}]
    reply = make_client(standin.connection()).chat.completions.create(model="gpt-4.1-mini", messages=messages)
    assert reply.choices[0].message.content.startswith("Stand-in answer")


@pytest.fixture
def judged(store, standin: StandIn):
    """A comparison of the base model against its fine-tune, answered as the stand-in's models answer."""

    def run(replies: str = "verdict"):
        standin.configure(judge_replies=replies)
        project_id = store.create_project("Judge")
        store.add_examples(
            project_id, [NewExample(question=f"Question {n}?", answer=f"Reference {n}.") for n in range(3)]
        )
        contenders = [compare.make_contender(store, project_id, model) for model in (BASE, FINE_TUNED)]
        items = compare.items_from_examples(store.iter_examples(project_id))
        comparison_id = compare.create_comparison(store, project_id, "run", contenders, items)
        for item in items:
            compare.save_answer(store, comparison_id, item.key, 0, answer=BASE_ANSWER)
            compare.save_answer(store, comparison_id, item.key, 1, answer=TUNED_ANSWER)
        judge = compare.make_contender(store, project_id, "gpt-4.1-mini")
        asyncio.run(compare.run_judge(str(store.path), comparison_id, "", judge, standin.connection()))
        return compare.list_votes(store, comparison_id, compare.VOTER_JUDGE)

    return run


def test_on_the_stand_in_the_judge_prefers_the_fine_tune_in_both_orders(judged) -> None:
    verdicts = judged()
    assert len(verdicts) == 3
    assert all(v.winner == 1 and v.data["consistent"] for v in verdicts)
    assert compare.win_rates(verdicts, 2)[1].wins == 3


def test_on_the_stand_in_a_judge_talking_prose_gives_no_verdict(judged) -> None:
    verdicts = judged("prose")
    assert {v.choice for v in verdicts} == {compare.CHOICE_NO_VERDICT}
    assert [(group.code, group.count) for group in compare.no_verdicts(verdicts)] == [(compare.REASON_UNREADABLE, 3)]
