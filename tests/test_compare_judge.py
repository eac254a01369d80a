"""The judge: its prompt and replies, both orders, no verdict, its cost."""

from __future__ import annotations

import asyncio
import json

import httpx2
import pytest

from core.pricing import model_info
from core.providers.client import ConnectionSettings
from core.workflows import compare
from core.workflows.compare import CHOICE_A, CHOICE_B, CHOICE_TIE, BlindPair
from tests import compare_helpers
from tests.compare_helpers import BASE, answer_all, fake_engine_client, new_comparison
from tests.fake_openai import completion_body

project = compare_helpers.project  # the shared fixture: a project with six tagged questions


# ---------------------------------------------------- judge
@pytest.mark.parametrize(
    ("ab_verdict", "ba_verdict", "expected"),
    [
        ("first", "second", CHOICE_A),  # A won in both orders
        ("second", "first", CHOICE_B),  # B won in both orders
        ("first", "first", CHOICE_TIE),  # always the first one: position bias cancels
        ("second", "second", CHOICE_TIE),
        ("tie", "tie", CHOICE_TIE),
        ("first", "tie", CHOICE_TIE),
        ("first", None, compare.CHOICE_NO_VERDICT),  # an unreadable verdict is no verdict, never a tie
        (None, None, compare.CHOICE_NO_VERDICT),
    ],
)
def test_judge_verdicts_from_both_orders_are_combined(ab_verdict, ba_verdict, expected):
    assert compare.aggregate_judge(ab_verdict, ba_verdict) == expected


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("1", "first"),
        (" 2.", "second"),
        ("**1**", "first"),
        ("Tie", "tie"),
        ("Answer 2 is better", "second"),
        ("I cannot decide between", None),
    ],
)
def test_judge_replies_are_read(text, verdict):
    assert compare.parse_verdict(text) == verdict


def _judge_handler(biased: bool):
    """A judge that prefers the fine-tuned answer wherever it is, or (biased) always answer 1."""

    async def handle(request):
        body = json.loads(request.content)
        prompt = body["messages"][-1]["content"]
        first = prompt.split("Answer 1:\n", 1)[1].split("\n\nAnswer 2:", 1)[0]
        verdict = "1" if biased or first.startswith("ft:") else "2"
        return httpx2.Response(200, json=completion_body(body["model"], verdict, 100, 1))

    return handle


@pytest.mark.parametrize("biased", [False, True])
def test_judge_run_sees_both_orders_and_is_stored_apart_from_people(store, project, monkeypatch, biased):
    comparison = new_comparison(store, project)
    answer_all(store, comparison)
    human_vote = compare.record_vote(store, comparison.id, BlindPair(comparison.items[0].key, 0, 1), CHOICE_A)
    fake_engine_client(monkeypatch, _judge_handler(biased))
    judge = compare.make_contender(store, project, BASE)
    asyncio.run(
        compare.run_judge(
            str(store.path), comparison.id, "Prefer the tuned voice.", judge, ConnectionSettings(api_key="sk-test")
        )
    )
    verdicts = compare.list_votes(store, comparison.id, compare.VOTER_JUDGE)
    assert len(verdicts) == len(comparison.items)
    expected = CHOICE_TIE if biased else CHOICE_B  # contender 1 is the fine-tuned model
    assert {v.choice for v in verdicts} == {expected}
    assert all(v.data["ab"] and v.data["ba"] for v in verdicts)
    assert [v.id for v in compare.list_votes(store, comparison.id, compare.VOTER_HUMAN)] == [human_vote]
    # Nothing left to judge: a second run sends nothing.
    assert compare.judge_pairs(store, comparison) == []


def _garbage_judge(reply: str):
    async def handle(request):
        body = json.loads(request.content)
        return httpx2.Response(200, json=completion_body(body["model"], reply, 100, 1))

    return handle


@pytest.mark.parametrize(
    ("reply", "code"), [("Both answers have merits", compare.REASON_UNREADABLE), ("", compare.REASON_EMPTY)]
)
def test_an_unreadable_judge_gives_no_verdict_counted_apart_from_the_rates(store, project, monkeypatch, reply, code):
    comparison = new_comparison(store, project)
    answer_all(store, comparison)
    human_vote = compare.record_vote(store, comparison.id, BlindPair(comparison.items[0].key, 0, 1), CHOICE_A)
    fake_engine_client(monkeypatch, _garbage_judge(reply))
    judge = compare.make_contender(store, project, BASE)
    settings = ConnectionSettings(api_key="sk-test")
    asyncio.run(compare.run_judge(str(store.path), comparison.id, "rubric", judge, settings))
    verdicts = compare.list_votes(store, comparison.id, compare.VOTER_JUDGE)
    assert len(verdicts) == len(comparison.items)
    assert {v.choice for v in verdicts} == {compare.CHOICE_NO_VERDICT}
    assert {v.data["reason"]["code"] for v in verdicts} == {code}
    # Not a 50/50: the judge's series has no votes at all, and people's votes are untouched.
    assert all(rate.votes == 0 and rate.ties == 0 for rate in compare.win_rates(verdicts, 2))
    [human] = compare.win_rates(compare.list_votes(store, comparison.id, compare.VOTER_HUMAN), 2)[:1]
    assert (human.wins, human.votes) == (1, 1) and human_vote
    [group] = compare.no_verdicts(verdicts)
    assert (group.code, group.count, group.example_reply) == (code, len(comparison.items), reply)
    # Asking again (a judge that now answers) replaces the no-verdicts instead of adding to them.
    assert len(compare.judge_pairs(store, comparison)) == len(comparison.items)
    fake_engine_client(monkeypatch, _judge_handler(False))
    asyncio.run(compare.run_judge(str(store.path), comparison.id, "rubric", judge, settings))
    again = compare.list_votes(store, comparison.id, compare.VOTER_JUDGE)
    assert len(again) == len(comparison.items) and {v.choice for v in again} == {CHOICE_B}
    assert compare.no_verdicts(again) == []


def test_a_judge_vote_no_verdict_is_only_for_the_judge(store, project):
    comparison = new_comparison(store, project)
    with pytest.raises(compare.VoteError):
        compare.record_vote(store, comparison.id, BlindPair(comparison.items[0].key, 0, 1), compare.CHOICE_NO_VERDICT)


def test_judge_cost_is_estimated_for_both_orders(store, project):
    comparison = new_comparison(store, project)
    answer_all(store, comparison)
    judge = compare.make_contender(store, project, BASE)
    estimate = compare.estimate_judge_cost(store, comparison, "rubric", judge)
    assert estimate.requests == 2 * len(comparison.items)
    info = model_info(BASE)
    assert estimate.usd == pytest.approx(
        (estimate.prompt_tokens * info.input_price_per_1m + estimate.completion_tokens * info.output_price_per_1m) / 1e6
    )
