"""Compare (#7): blind placement, win-rate maths, the both-orders judge, runs and verdicts back into the data."""

from __future__ import annotations

import asyncio
import io
import json
import math
import secrets
import threading

import httpx2
import pytest
from openai import AsyncOpenAI, OpenAI

import core.providers.request_runner as engine
from core.workflows import blind_votes
from core.workflows import compare
from core.workflows.blind_votes import CHOICE_A, CHOICE_B, CHOICE_BOTH_BAD, CHOICE_TIE, BlindPair
from core.providers.client import ConnectionSettings
from core.pricing import chat_cost_usd
from core.pricing import model_info
from core.dataset.sample import SETTING_GENERATION_PROMPT, SETTING_TRAINING_PROMPT
from core.data.store import NewExample
from tests.fake_openai import completion_body

BASE = "gpt-4o-mini-2024-07-18"
FINE_TUNED = "ft:gpt-4o-mini-2024-07-18:acme:cafe:abc123"


# --------------------------------------------------------------- helpers
@pytest.fixture
def project(store):
    project_id = store.create_project("Café", settings={SETTING_GENERATION_PROMPT: "LONG generation prompt",
                                                       SETTING_TRAINING_PROMPT: "short prompt"})
    store.add_examples(project_id, [
        NewExample(question=f"Question {n}?", answer=f"Reference {n}.", tags=("rent",) if n % 2 else ("menu",),
                   status="approved") for n in range(6)])
    return project_id


def _contenders(store, project_id, order=(BASE, FINE_TUNED)):
    return [compare.make_contender(store, project_id, model) for model in order]


def _comparison(store, project_id, order=(BASE, FINE_TUNED)) -> compare.Comparison:
    items = compare.items_from_examples(store.iter_examples(project_id))
    comparison_id = compare.create_comparison(store, project_id, "run", _contenders(store, project_id, order), items)
    return compare.load_comparison(store, comparison_id)


def _answer_all(store, comparison):
    for item in comparison.items:
        for index, contender in enumerate(comparison.contenders):
            compare.save_answer(store, comparison.id, item.key, index, answer=f"{contender.model} says {item.key}",
                                prompt_tokens=10, completion_tokens=5)


def _fake_engine_client(monkeypatch, handler):
    """Route the engine's AsyncOpenAI through ``handler`` (an httpx2 MockTransport)."""
    seen_settings = []

    def fake_client(settings):
        seen_settings.append(settings)
        return AsyncOpenAI(api_key=settings.api_key or "k", base_url="http://fake.test/v1", max_retries=0,
                           http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)))

    monkeypatch.setattr(engine, "engine_client", fake_client)
    return seen_settings


# ---------------------------------------------------- blind placement
def test_placement_is_a_fair_coin_per_item():
    salt = secrets.token_hex(16)
    trials = 4000
    first_on_left = sum(blind_votes.blind_pair(salt, f"ex{n}", 0, 1).left == 0 for n in range(trials))
    # 4 standard deviations of a fair coin: fails by chance about once in 15 000 runs.
    assert abs(first_on_left / trials - 0.5) < 4 * math.sqrt(0.25 / trials)


def test_pick_order_of_the_contenders_does_not_leak_into_the_placement():
    salt = secrets.token_hex(16)
    for n in range(200):
        assert blind_votes.blind_pair(salt, f"ex{n}", 0, 1) == blind_votes.blind_pair(salt, f"ex{n}", 1, 0)


def test_the_fine_tuned_model_is_on_the_left_half_the_time_whichever_order_it_was_picked(store, project):
    rates = []
    for order in ((BASE, FINE_TUNED), (FINE_TUNED, BASE)):
        hits = total = 0
        for _ in range(40):  # 40 comparisons × 6 items = 240 placements per order
            comparison = _comparison(store, project, order)
            ft_index = order.index(FINE_TUNED)
            for pair in blind_votes.review_queue(comparison.salt, [i.key for i in comparison.items], 2):
                hits += pair.left == ft_index
                total += 1
        rates.append(hits / total)
    for rate in rates:
        assert abs(rate - 0.5) < 4 * math.sqrt(0.25 / 240)


def test_neighbouring_placements_tell_nothing():
    salt = secrets.token_hex(16)
    queue = blind_votes.review_queue(salt, [f"ex{n}" for n in range(3000)], 2)
    lefts = [pair.left for pair in queue]
    same_as_previous = sum(a == b for a, b in zip(lefts, lefts[1:], strict=False)) / (len(lefts) - 1)
    assert abs(same_as_previous - 0.5) < 4 * math.sqrt(0.25 / len(lefts))
    # The review order is shuffled too: it is not the order of the items.
    assert [p.item_key for p in queue[:20]] != [f"ex{n}" for n in range(20)]


def test_each_comparison_has_its_own_secret_placement(store, project):
    one, two = _comparison(store, project), _comparison(store, project)
    assert one.salt != two.salt and len(one.salt) == 32
    keys = [f"ex{n}" for n in range(2000)]
    agree = sum(blind_votes.blind_pair(one.salt, k, 0, 1) == blind_votes.blind_pair(two.salt, k, 0, 1) for k in keys) / len(keys)
    assert abs(agree - 0.5) < 4 * math.sqrt(0.25 / len(keys))


def test_every_pair_of_three_contenders_is_queued_once_per_item():
    queue = blind_votes.review_queue("salt", ["x", "y"], 3)
    assert sorted((p.item_key, min(p.left, p.right), max(p.left, p.right)) for p in queue) == [
        (k, a, b) for k in ("x", "y") for a, b in ((0, 1), (0, 2), (1, 2))]


# ---------------------------------------------------- win rates
def test_wilson_interval_matches_hand_computed_values():
    # 8 of 10: centre (0.8 + z²/20)/(1 + z²/10), half-width z·√(0.016 + z²/400)/(1 + z²/10)
    low, high = blind_votes.wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4) and high == pytest.approx(0.9433, abs=1e-4)
    # 0 of 10: [0, z²/(n + z²)]
    low, high = blind_votes.wilson_interval(0, 10)
    assert low == pytest.approx(0.0, abs=1e-12) and high == pytest.approx(3.8415 / 13.8415, abs=1e-4)
    assert blind_votes.wilson_interval(0, 0) == (0.0, 1.0)


def _vote(choice, a=0, b=1, key="ex1", voter="human"):
    return blind_votes.Vote(0, 1, key, a, b, choice, voter, None, {}, "")


def test_win_rate_counts_ties_and_both_bad_as_half_a_win():
    votes = [_vote(CHOICE_A), _vote(CHOICE_A), _vote(CHOICE_B, a=1, b=0),  # contender 0 wins three
             _vote(CHOICE_B), _vote(CHOICE_TIE), _vote(CHOICE_BOTH_BAD)]
    zero, one = blind_votes.win_rates(votes, 2)
    assert (zero.wins, zero.losses, zero.ties, zero.both_bad, zero.votes) == (3, 1, 1, 1, 6)
    assert (one.wins, one.losses, one.ties, one.both_bad) == (1, 3, 1, 1)
    # (3 + ½ + ½) / 6 and its Wilson interval, computed by hand: centre 0.6016, half-width 0.3016.
    assert zero.rate == pytest.approx(4 / 6)
    assert zero.low == pytest.approx(0.3000, abs=1e-3) and zero.high == pytest.approx(0.9032, abs=1e-3)
    assert one.rate == pytest.approx(2 / 6)


def test_win_rates_per_tag():
    votes = [_vote(CHOICE_A, key="r1"), _vote(CHOICE_A, key="r2"), _vote(CHOICE_B, key="m1")]
    by_tag = blind_votes.win_rates_by_tag(votes, {"r1": ["rent"], "r2": ["rent"], "m1": ["menu", "rent"]}, 2)
    assert by_tag["rent"][0].wins == 2 and by_tag["rent"][0].losses == 1
    assert by_tag["menu"][1].wins == 1 and by_tag["menu"][0].votes == 1


def test_win_rate_figure_has_one_bar_per_contender_and_series_with_intervals():
    rates = blind_votes.win_rates([_vote(CHOICE_A), _vote(CHOICE_A), _vote(CHOICE_B)], 2)
    figure = blind_votes.win_rate_figure({"People": rates, "Judge": rates}, ["base", "tuned"], "Win rate")
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert [trace.name for trace in bars] == ["People", "Judge"]
    assert list(figure.layout.xaxis.ticktext) == ["base", "tuned"]
    assert bars[0].y[0] == pytest.approx(2 / 3)
    assert bars[0].error_y.array[0] == pytest.approx(rates[0].high - rates[0].rate)
    # The two series sit side by side within each contender's slot.
    assert bars[0].x[0] < 0 < bars[1].x[0] < 0.5 and bars[0].x[1] < 1 < bars[1].x[1]


def test_win_rate_labels_sit_above_the_whiskers_not_on_them():
    rates = blind_votes.win_rates([_vote(CHOICE_A), _vote(CHOICE_A), _vote(CHOICE_B)], 2)
    figure = blind_votes.win_rate_figure({"People": rates, "Judge": rates}, ["base", "tuned"], "Win rate")
    bars = [trace for trace in figure.data if trace.type == "bar"]
    labels = [trace for trace in figure.data if trace.type != "bar" and trace.text]
    assert all(not bar.text for bar in bars)  # a label on the bar top is crossed by the whisker
    assert len(labels) == len(bars)
    for bar, label in zip(bars, labels, strict=True):
        assert list(label.x) == list(bar.x) and label.textposition == "top center"
        tops = [y + up for y, up in zip(bar.y, bar.error_y.array, strict=True)]
        assert list(label.y) == pytest.approx(tops)
    assert list(labels[0].text) == ["67% (n=3)", "33% (n=3)"]


def test_the_rates_table_names_every_column():
    rates = blind_votes.win_rates([_vote(CHOICE_A)], 2)
    for lang in ("en", "ko"):
        [row, _other] = blind_votes.rates_rows({"People": rates}, ["base", "tuned"], lang)
        assert all(str(column).strip() for column in row)
        assert "People" in row.values()


# ---------------------------------------------------- judge
@pytest.mark.parametrize(("ab_verdict", "ba_verdict", "expected"), [
    ("first", "second", CHOICE_A),   # A won in both orders
    ("second", "first", CHOICE_B),   # B won in both orders
    ("first", "first", CHOICE_TIE),  # always the first one: position bias cancels
    ("second", "second", CHOICE_TIE),
    ("tie", "tie", CHOICE_TIE),
    ("first", "tie", CHOICE_TIE),
    ("first", None, blind_votes.CHOICE_NO_VERDICT),  # an unreadable verdict is no verdict, never a tie
    (None, None, blind_votes.CHOICE_NO_VERDICT),
])
def test_judge_verdicts_from_both_orders_are_combined(ab_verdict, ba_verdict, expected):
    assert blind_votes.aggregate_judge(ab_verdict, ba_verdict) == expected


@pytest.mark.parametrize(("text", "verdict"), [("1", "first"), (" 2.", "second"), ("**1**", "first"),
                                               ("Tie", "tie"), ("Answer 2 is better", "second"),
                                               ("I cannot decide between", None)])
def test_judge_replies_are_read(text, verdict):
    assert blind_votes.parse_verdict(text) == verdict


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
    comparison = _comparison(store, project)
    _answer_all(store, comparison)
    human_vote = blind_votes.record_vote(store, comparison.id, BlindPair(comparison.items[0].key, 0, 1), CHOICE_A)
    _fake_engine_client(monkeypatch, _judge_handler(biased))
    judge = compare.make_contender(store, project, BASE)
    asyncio.run(compare.run_judge(str(store.path), comparison.id, "Prefer the tuned voice.", judge,
                                  ConnectionSettings(api_key="sk-test")))
    verdicts = blind_votes.list_votes(store, comparison.id, blind_votes.VOTER_JUDGE)
    assert len(verdicts) == len(comparison.items)
    expected = CHOICE_TIE if biased else CHOICE_B  # contender 1 is the fine-tuned model
    assert {v.choice for v in verdicts} == {expected}
    assert all(v.data["ab"] and v.data["ba"] for v in verdicts)
    assert [v.id for v in blind_votes.list_votes(store, comparison.id, blind_votes.VOTER_HUMAN)] == [human_vote]
    # Nothing left to judge: a second run sends nothing.
    assert compare.judge_pairs(store, comparison) == []


def _garbage_judge(reply: str):
    async def handle(request):
        body = json.loads(request.content)
        return httpx2.Response(200, json=completion_body(body["model"], reply, 100, 1))
    return handle


@pytest.mark.parametrize(("reply", "code"), [("Both answers have merits", blind_votes.REASON_UNREADABLE),
                                             ("", blind_votes.REASON_EMPTY)])
def test_an_unreadable_judge_gives_no_verdict_counted_apart_from_the_rates(store, project, monkeypatch, reply, code):
    comparison = _comparison(store, project)
    _answer_all(store, comparison)
    human_vote = blind_votes.record_vote(store, comparison.id, BlindPair(comparison.items[0].key, 0, 1), CHOICE_A)
    _fake_engine_client(monkeypatch, _garbage_judge(reply))
    judge = compare.make_contender(store, project, BASE)
    settings = ConnectionSettings(api_key="sk-test")
    asyncio.run(compare.run_judge(str(store.path), comparison.id, "rubric", judge, settings))
    verdicts = blind_votes.list_votes(store, comparison.id, blind_votes.VOTER_JUDGE)
    assert len(verdicts) == len(comparison.items)
    assert {v.choice for v in verdicts} == {blind_votes.CHOICE_NO_VERDICT}
    assert {v.data["reason"]["code"] for v in verdicts} == {code}
    # Not a 50/50: the judge's series has no votes at all, and people's votes are untouched.
    assert all(rate.votes == 0 and rate.ties == 0 for rate in blind_votes.win_rates(verdicts, 2))
    [human] = blind_votes.win_rates(blind_votes.list_votes(store, comparison.id, blind_votes.VOTER_HUMAN), 2)[:1]
    assert (human.wins, human.votes) == (1, 1) and human_vote
    [group] = blind_votes.no_verdicts(verdicts)
    assert (group.code, group.count, group.example_reply) == (code, len(comparison.items), reply)
    # Asking again (a judge that now answers) replaces the no-verdicts instead of adding to them.
    assert len(compare.judge_pairs(store, comparison)) == len(comparison.items)
    _fake_engine_client(monkeypatch, _judge_handler(False))
    asyncio.run(compare.run_judge(str(store.path), comparison.id, "rubric", judge, settings))
    again = blind_votes.list_votes(store, comparison.id, blind_votes.VOTER_JUDGE)
    assert len(again) == len(comparison.items) and {v.choice for v in again} == {CHOICE_B}
    assert blind_votes.no_verdicts(again) == []


def test_a_judge_vote_no_verdict_is_only_for_the_judge(store, project):
    comparison = _comparison(store, project)
    with pytest.raises(blind_votes.VoteError):
        blind_votes.record_vote(store, comparison.id, BlindPair(comparison.items[0].key, 0, 1), blind_votes.CHOICE_NO_VERDICT)


def test_judge_cost_is_estimated_for_both_orders(store, project):
    comparison = _comparison(store, project)
    _answer_all(store, comparison)
    judge = compare.make_contender(store, project, BASE)
    estimate = compare.estimate_judge_cost(store, comparison, "rubric", judge)
    assert estimate.requests == 2 * len(comparison.items)
    info = model_info(BASE)
    assert estimate.usd == pytest.approx((estimate.prompt_tokens * info.input_price_per_1m
                                          + estimate.completion_tokens * info.output_price_per_1m) / 1e6)


# ---------------------------------------------------- contenders, runs
def test_contenders_get_their_own_prompt_and_price(store, project):
    base, tuned = _contenders(store, project)
    assert base.system_prompt == "LONG generation prompt" and tuned.system_prompt == "short prompt"
    info = model_info(BASE)
    assert (base.input_price_per_1m, base.output_price_per_1m) == (info.input_price_per_1m, info.output_price_per_1m)
    assert (tuned.input_price_per_1m, tuned.output_price_per_1m) == (info.ft_input_price_per_1m,
                                                                     info.ft_output_price_per_1m)
    assert compare.kind_of_model(FINE_TUNED + ":ckpt-step-88") == compare.KIND_CHECKPOINT
    custom = compare.make_contender(store, project, "llama3", kind=compare.KIND_CUSTOM,
                                    base_url="http://vllm.local/v1", endpoint_id="e1")
    assert custom.input_price_per_1m is None
    assert chat_cost_usd(custom.prices, 100, 100) is None
    session = ConnectionSettings(api_key="sk-main")
    assert compare.connection_for(base, session, {"e1": "sk-other"}) is session
    own = compare.connection_for(custom, session, {"e1": "sk-other"})
    assert own.api_key == "sk-other" and own.base_url == "http://vllm.local/v1"


def test_custom_endpoint_keys_are_never_stored(store, project):
    custom = compare.make_contender(store, project, "llama3", kind=compare.KIND_CUSTOM,
                                    base_url="http://vllm.local/v1", endpoint_id="e1")
    items = compare.items_from_examples(store.iter_examples(project))
    compare.create_comparison(store, project, "c", [_contenders(store, project)[0], custom], items)
    store.conn.execute("PRAGMA wal_checkpoint(FULL)")
    assert b"sk-" not in store.path.read_bytes()


def test_estimate_counts_only_what_is_still_missing(store, project):
    comparison = _comparison(store, project)
    full = compare.estimate_run_cost(comparison.contenders, comparison.items)
    assert full.requests == 12 and full.usd > 0 and full.unknown_price == ()
    done = {(comparison.items[0].key, 0), (comparison.items[0].key, 1)}
    partial = compare.estimate_run_cost(comparison.contenders, comparison.items, done)
    assert partial.requests == 10 and partial.usd < full.usd


def test_estimate_is_prompt_plus_reference_tokens_at_the_contenders_price(store, project):
    tuned = _contenders(store, project)[1]
    item = compare.Item(key="k", question="카페 창업 비용은?", reference="약 5천만 원이 듭니다.")
    [system, question, reference] = compare.token_lengths(["short prompt", item.question, item.reference], FINE_TUNED)
    estimate = compare.estimate_run_cost([tuned], [item])
    assert (estimate.prompt_tokens, estimate.completion_tokens) == (system + question + 2 * 4, reference)
    assert estimate.usd == pytest.approx(chat_cost_usd(tuned.prices, system + question + 8, reference))
    no_reference = compare.estimate_run_cost([tuned], [compare.Item(key="k", question="Q")])
    assert no_reference.completion_tokens == compare.EXPECTED_OUTPUT_TOKENS


def test_a_run_stores_every_answer_and_resumes_only_what_is_missing(store, project, monkeypatch):
    calls = []

    async def handle(request):
        body = json.loads(request.content)
        calls.append(body)
        return httpx2.Response(200, json=completion_body(body["model"], f"{body['model']}: {body['messages'][-1]['content']}",
                                                         20, 10))

    _fake_engine_client(monkeypatch, handle)
    comparison = _comparison(store, project)
    compare.save_answer(store, comparison.id, comparison.items[0].key, 1, answer="already here")
    asyncio.run(compare.run_comparison(str(store.path), comparison.id, lambda c: ConnectionSettings(api_key="sk")))
    assert len(calls) == 11
    answers = compare.stored_answers(store, comparison.id)
    assert answers[(comparison.items[0].key, 1)].answer == "already here"
    first = answers[(comparison.items[1].key, 0)]
    assert first.answer == f"{BASE}: Question 1?" and first.prompt_tokens == 20
    assert first.cost_usd == pytest.approx(chat_cost_usd(comparison.contenders[0].prices, 20, 10))
    # Each contender got its own system prompt.
    systems = {c["model"]: c["messages"][0]["content"] for c in calls}
    assert systems == {BASE: "LONG generation prompt", FINE_TUNED: "short prompt"}
    assert compare.progress(store, comparison.id) == compare.Progress(12, 12, 0)
    asyncio.run(compare.run_comparison(str(store.path), comparison.id, lambda c: ConnectionSettings(api_key="sk")))
    assert len(calls) == 11  # nothing left to do


def test_a_fatal_error_is_kept_as_a_plain_sentence(store, project, monkeypatch):
    async def handle(request):
        return httpx2.Response(429, json={"error": {"message": "You exceeded your current quota",
                                                    "type": "insufficient_quota", "code": "insufficient_quota"}})

    _fake_engine_client(monkeypatch, handle)
    comparison = _comparison(store, project)
    asyncio.run(compare.run_comparison(str(store.path), comparison.id, lambda c: ConnectionSettings(api_key="sk")))
    problem = compare.run_problem(store, comparison.id)
    assert problem and "Traceback" not in problem
    assert compare.progress(store, comparison.id).answered == 0


def test_next_blind_pair_skips_voted_and_unanswered_pairs(store, project):
    comparison = _comparison(store, project)
    assert compare.next_blind_pair(store, comparison) is None  # no answers yet
    _answer_all(store, comparison)
    seen = set()
    while (pair := compare.next_blind_pair(store, comparison)) is not None:
        blind_votes.record_vote(store, comparison.id, pair, CHOICE_A, comment="clearer")
        seen.add(pair.item_key)
    assert seen == {i.key for i in comparison.items}
    votes = blind_votes.list_votes(store, comparison.id)
    assert len(votes) == len(comparison.items) and votes[0].comment == "clearer"
    # A double click on the same pair stores one vote.
    first = blind_votes.record_vote(store, comparison.id, BlindPair("x", 0, 1), CHOICE_B, once=True)
    assert blind_votes.record_vote(store, comparison.id, BlindPair("x", 1, 0), CHOICE_A, once=True) == first
    assert blind_votes.get_vote(store, first).choice == CHOICE_B
    with pytest.raises(blind_votes.VoteError):
        blind_votes.record_vote(store, comparison.id, BlindPair("x", 0, 1), "maybe")


def test_streamed_ad_hoc_answer_reports_tokens_latency_and_cost(store, project, monkeypatch):
    def handle(request):
        body = json.loads(request.content)
        assert body["stream"] is True and body["messages"][0]["content"] == "short prompt"
        chunks = [{"id": "c", "object": "chat.completion.chunk", "created": 1, "model": body["model"],
                   "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                  for piece in ("Open ", "near ", "a school.")]
        chunks.append({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": body["model"],
                       "choices": [], "usage": {"prompt_tokens": 30, "completion_tokens": 3, "total_tokens": 33}})
        text = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
        return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=text.encode())

    monkeypatch.setattr(compare.runs, "make_client", lambda settings: OpenAI(
        api_key="sk", base_url="http://fake.test/v1", http_client=httpx2.Client(transport=httpx2.MockTransport(handle))))
    tuned = _contenders(store, project)[1]
    stats = compare.AnswerStats()
    pieces = list(compare.stream_answer(ConnectionSettings(api_key="sk"), tuned, "Where?", stats))
    assert pieces == ["Open ", "near ", "a school."] and stats.text == "Open near a school."
    assert (stats.prompt_tokens, stats.completion_tokens) == (30, 3)
    assert stats.cost_usd == pytest.approx(chat_cost_usd(tuned.prices, 30, 3)) and stats.latency_s >= 0


def test_ad_hoc_answers_stream_at_the_same_time(store, project, monkeypatch):
    barrier = threading.Barrier(2, timeout=5)  # each request waits for the other: sequential streaming would fail

    def handle(request):
        body = json.loads(request.content)
        barrier.wait()
        chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": body["model"],
                 "choices": [{"index": 0, "delta": {"content": f"hello from {body['model']}"}, "finish_reason": None}]}
        return httpx2.Response(200, headers={"content-type": "text/event-stream"},
                               content=f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode())

    monkeypatch.setattr(compare.runs, "make_client", lambda settings: OpenAI(
        api_key="sk", base_url="http://fake.test/v1", max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(handle))))
    base, tuned = _contenders(store, project)
    snapshots = list(compare.stream_side_by_side([(ConnectionSettings(api_key="sk"), c) for c in (base, tuned)], "Q",
                                                 refresh_s=0.01))
    final = snapshots[-1]
    assert [s.text for s in final] == [f"hello from {BASE}", f"hello from {FINE_TUNED}"]
    assert all(s.error is None for s in final)


def test_the_held_out_split_is_the_default_set(store):
    from core.dataset.split import make_split

    project = store.create_project("held out")
    store.add_examples(project, [NewExample(question=f"Q{n}?", answer=f"A{n}.", status="approved") for n in range(40)])
    split = make_split(store, project, valid_ratio=0.25, seed=1)
    assert compare.validation_split_ids(store, project) == list(split.valid_ids) and len(split.valid_ids) == 10


def test_examples_trained_on_are_never_offered_as_held_out(store, project):
    from core.dataset.split import make_split

    split = make_split(store, project, valid_ratio=0.34, seed=1)  # 2 of 6: too few for a validation file …
    assert split.valid_ids and compare.validation_split_ids(store, project) == []  # … so they were trained on


def test_a_failed_stream_is_reported_not_raised(store, project, monkeypatch):
    monkeypatch.setattr(compare.runs, "make_client", lambda settings: OpenAI(
        api_key="sk", base_url="http://fake.test/v1", max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(lambda r: httpx2.Response(
            401, json={"error": {"message": "Incorrect API key", "code": "invalid_api_key"}})))))
    stats = compare.AnswerStats()
    assert list(compare.stream_answer(ConnectionSettings(api_key="sk"), _contenders(store, project)[0], "Q", stats)) == []
    assert stats.error is not None and stats.cost_usd is None


# ---------------------------------------------------- back into the data
def _decisive_vote(store, project):
    comparison = _comparison(store, project)
    _answer_all(store, comparison)
    item = comparison.items[2]
    pair = blind_votes.blind_pair(comparison.salt, item.key, 0, 1)
    # The reviewer prefers the fine-tuned answer (contender 1), wherever it was shown.
    choice = CHOICE_A if pair.left == 1 else CHOICE_B
    return comparison, item, blind_votes.record_vote(store, comparison.id, pair, choice)


def test_a_question_no_longer_in_the_project_becomes_a_new_draft_row(store, project):
    comparison, item, vote_id = _decisive_vote(store, project)
    store.delete_examples([item.example_id])
    assert compare.training_row_plan(store, vote_id).action == compare.ROW_ADD
    example_id = compare.vote_to_training_row(store, vote_id)
    example = store.get_example(example_id)
    assert example.source == "compare" and example.question == item.question
    assert example.answer == f"{FINE_TUNED} says {item.key}" and example.tags == [*item.tags, "compare"]
    assert example.status == "draft"
    assert example.extra["compare"] == {"comparison_id": comparison.id, "vote_id": vote_id, "item_key": item.key,
                                        "winner": FINE_TUNED, "loser": BASE}
    assert compare.vote_to_training_row(store, vote_id) == example_id  # a second click adds nothing
    assert blind_votes.get_vote(store, vote_id).data["example_id"] == example_id


def _count(store, project):
    return store.count_examples(project)


def test_a_machine_draft_answer_is_updated_in_place_not_duplicated(store, project):
    comparison, item, vote_id = _decisive_vote(store, project)
    store.update_example(item.example_id, answer="a generated draft", status="draft", source="generated",
                         model=BASE)
    before = _count(store, project)
    plan = compare.training_row_plan(store, vote_id)
    assert (plan.action, plan.example_id) == (compare.ROW_UPDATE, item.example_id)
    assert compare.vote_to_training_row(store, vote_id) == item.example_id
    assert _count(store, project) == before
    example = store.get_example(item.example_id)
    assert example.answer == f"{FINE_TUNED} says {item.key}" and "compare" in example.tags
    history = store.answer_history(item.example_id)
    assert [v.answer for v in history][-2:] == ["a generated draft", example.answer]
    assert (history[-1].source, history[-1].model) == ("compare", FINE_TUNED)


@pytest.mark.parametrize("how", ["approved", "typed"])
def test_a_persons_answer_is_replaced_only_after_asking(store, project, how):
    comparison, item, vote_id = _decisive_vote(store, project)
    if how == "typed":  # a person's edit, still a draft
        store.update_example(item.example_id, answer="my own words", status="draft", source="edit")
    person_answer = store.get_example(item.example_id).answer
    before = _count(store, project)
    plan = compare.training_row_plan(store, vote_id)
    assert (plan.action, plan.example_id, plan.current_answer) == (compare.ROW_CONFIRM, item.example_id, person_answer)
    with pytest.raises(compare.CompareError) as refused:
        compare.vote_to_training_row(store, vote_id)
    assert refused.value.code == "confirm_replace"
    assert store.get_example(item.example_id).answer == person_answer and _count(store, project) == before
    # Confirmed: replaced, the person's answer kept in the history, an approved row back to draft for review.
    assert compare.vote_to_training_row(store, vote_id, replace_persons_answer=True) == item.example_id
    example = store.get_example(item.example_id)
    assert example.answer == f"{FINE_TUNED} says {item.key}" and example.status == "draft"
    assert person_answer in [v.answer for v in store.answer_history(item.example_id)]
    assert _count(store, project) == before


def test_a_lost_comparison_becomes_a_dpo_pair_on_the_questions_row(store, project):
    comparison, item, vote_id = _decisive_vote(store, project)
    before, answer = _count(store, project), store.get_example(item.example_id).answer
    example_id, pair_id = compare.vote_to_preference_pair(store, vote_id)
    [pair] = store.list_preference_pairs(project)
    assert pair["id"] == pair_id and pair["source"] == "compare"
    # The pair hangs on the question's own row; no duplicate row, and its answer is untouched.
    assert example_id == item.example_id and _count(store, project) == before
    assert store.get_example(example_id).answer == answer
    assert pair["preferred"] == f"{FINE_TUNED} says {item.key}" and pair["non_preferred"] == f"{BASE} says {item.key}"
    assert pair["ref"] == f"comparison:{comparison.id}/vote:{vote_id}" and pair["example_id"] == example_id
    assert pair["messages"] == [{"role": "system", "content": "short prompt"},
                                {"role": "user", "content": item.question}]
    assert compare.vote_to_preference_pair(store, vote_id) == (example_id, pair_id)
    assert len(store.list_preference_pairs(project)) == 1
    # Once the row is approved, the DPO file carries exactly this pair.
    from core.dataset.preference_pairs import build_pairs

    store.set_status([example_id], "approved")
    [built] = [p for p in build_pairs(store, project).pairs if p.example_id == example_id]
    assert (built.preferred, built.non_preferred) == (pair["preferred"], pair["non_preferred"])


def test_a_dpo_pair_for_a_question_not_in_the_project_gets_a_new_draft_row(store, project):
    comparison, item, vote_id = _decisive_vote(store, project)
    store.delete_examples([item.example_id])
    example_id, _pair_id = compare.vote_to_preference_pair(store, vote_id)
    example = store.get_example(example_id)
    assert example.question == item.question and example.status == "draft" and example.source == "compare"


def test_a_tie_cannot_be_turned_into_data(store, project):
    comparison = _comparison(store, project)
    _answer_all(store, comparison)
    vote_id = blind_votes.record_vote(store, comparison.id, BlindPair(comparison.items[0].key, 0, 1), CHOICE_TIE)
    with pytest.raises(compare.CompareError):
        compare.vote_to_preference_pair(store, vote_id)


# ---------------------------------------------------- export
def test_exports_neutralise_formulas_and_keep_korean(store, project):
    store.add_examples(project, [NewExample(question="=HYPERLINK(\"http://evil\")", answer="-1+2")])
    comparison = _comparison(store, project)
    _answer_all(store, comparison)
    compare.save_answer(store, comparison.id, comparison.items[-1].key, 0, answer="@SUM(A1) 카페")
    rows = compare.results_rows(store, comparison)
    text = compare.results_csv(rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1) 카페" in text and "'-1+2" in text
    assert comparison.salt not in text
    header = compare.results_csv(compare.results_rows(store, comparison, "ko")).decode("utf-8-sig").splitlines()[0]
    assert header.startswith("질문,기준 답변,태그,답변: ")

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(compare.results_xlsx(rows))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "'=HYPERLINK(\"http://evil\")" in values
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


# ---------------------------------------------------- finished fine-tunes are preselected
def _finished_job(store, project_id, base, model, status="succeeded"):
    from core.workflows import finetune

    row = finetune.begin_launch(store, project_id, finetune.LaunchRequest(finetune.METHOD_SUPERVISED, base, {}),
                                "openai")
    with store.tx() as conn:
        conn.execute("UPDATE ft_jobs SET status = ?, fine_tuned_model = ? WHERE id = ?", (status, model, row.id))


def test_the_newest_finished_fine_tune_is_picked_against_its_base_with_the_training_prompt(store, project):
    assert compare.preselect_newest_fine_tune(store, project) is None  # no fine-tune yet: nothing picked
    assert compare.saved_contenders(store, project) == []
    _finished_job(store, project, BASE, FINE_TUNED)
    _finished_job(store, project, "gpt-4.1-mini-2025-04-14", None, status="failed")  # newer, but no model
    assert compare.preselect_newest_fine_tune(store, project) == [FINE_TUNED, BASE]
    tuned, base = compare.saved_contenders(store, project)
    assert (tuned.model, tuned.kind, base.model, base.kind) == (FINE_TUNED, compare.KIND_FINE_TUNED, BASE,
                                                                compare.KIND_BASE)
    assert tuned.system_prompt == base.system_prompt == "short prompt"
    # Once: the user's own picks are left alone afterwards, even an empty picker.
    compare.choose_models(store, project, [])
    assert compare.preselect_newest_fine_tune(store, project) is None
    assert compare.saved_contenders(store, project) == []


def test_a_newer_fine_tune_replaces_an_untouched_preselection_but_not_the_users_picks(store, project):
    _finished_job(store, project, BASE, FINE_TUNED)
    compare.preselect_newest_fine_tune(store, project)
    newer = "ft:gpt-4o-mini-2024-07-18:acme:cafe:def456"
    _finished_job(store, project, BASE, newer)
    assert compare.preselect_newest_fine_tune(store, project) == [newer, BASE]
    compare.choose_models(store, project, [newer, BASE, "gpt-4.1-nano-2025-04-14"])
    _finished_job(store, project, BASE, "ft:gpt-4o-mini-2024-07-18:acme:cafe:ghi789")
    assert compare.preselect_newest_fine_tune(store, project) is None
    assert len(compare.saved_contenders(store, project)) == 3


def test_a_comparison_is_labelled_with_its_id_in_the_browsers_time_zone():
    created = "2026-11-29T10:47:03.123456+00:00"
    assert compare.comparison_label(3, "run", created, "Asia/Seoul") == "#3 run · 2026-11-29 19:47"
    assert compare.comparison_label(3, "run", created, None) == "#3 run · 2026-11-29 10:47"
    assert compare.comparison_label(3, "run", created, "Not/AZone") == "#3 run · 2026-11-29 10:47"
