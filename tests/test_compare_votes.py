"""Blind placement, votes and the win-rate maths of a comparison."""

from __future__ import annotations

import math
import secrets

import pytest

from core.workflows import compare
from core.workflows.compare import CHOICE_A, CHOICE_B, CHOICE_BOTH_BAD, CHOICE_TIE, BlindPair
from tests import compare_helpers
from tests.compare_helpers import BASE, FINE_TUNED, answer_all, new_comparison

project = compare_helpers.project  # the shared fixture: a project with six tagged questions


# ---------------------------------------------------- blind placement
def test_placement_is_a_fair_coin_per_item():
    salt = secrets.token_hex(16)
    trials = 4000
    first_on_left = sum(compare.blind_pair(salt, f"ex{n}", 0, 1).left == 0 for n in range(trials))
    # 4 standard deviations of a fair coin: fails by chance about once in 15 000 runs.
    assert abs(first_on_left / trials - 0.5) < 4 * math.sqrt(0.25 / trials)


def test_pick_order_of_the_contenders_does_not_leak_into_the_placement():
    salt = secrets.token_hex(16)
    for n in range(200):
        assert compare.blind_pair(salt, f"ex{n}", 0, 1) == compare.blind_pair(salt, f"ex{n}", 1, 0)


def test_the_fine_tuned_model_is_on_the_left_half_the_time_whichever_order_it_was_picked(store, project):
    rates = []
    for order in ((BASE, FINE_TUNED), (FINE_TUNED, BASE)):
        hits = total = 0
        for _ in range(40):  # 40 comparisons × 6 items = 240 placements per order
            comparison = new_comparison(store, project, order)
            ft_index = order.index(FINE_TUNED)
            for pair in compare.review_queue(comparison.salt, [i.key for i in comparison.items], 2):
                hits += pair.left == ft_index
                total += 1
        rates.append(hits / total)
    for rate in rates:
        assert abs(rate - 0.5) < 4 * math.sqrt(0.25 / 240)


def test_neighbouring_placements_tell_nothing():
    salt = secrets.token_hex(16)
    queue = compare.review_queue(salt, [f"ex{n}" for n in range(3000)], 2)
    lefts = [pair.left for pair in queue]
    same_as_previous = sum(a == b for a, b in zip(lefts, lefts[1:], strict=False)) / (len(lefts) - 1)
    assert abs(same_as_previous - 0.5) < 4 * math.sqrt(0.25 / len(lefts))
    # The review order is shuffled too: it is not the order of the items.
    assert [p.item_key for p in queue[:20]] != [f"ex{n}" for n in range(20)]


def test_each_comparison_has_its_own_secret_placement(store, project):
    one, two = new_comparison(store, project), new_comparison(store, project)
    assert one.salt != two.salt and len(one.salt) == 32
    keys = [f"ex{n}" for n in range(2000)]
    agree = sum(compare.blind_pair(one.salt, k, 0, 1) == compare.blind_pair(two.salt, k, 0, 1) for k in keys) / len(
        keys
    )
    assert abs(agree - 0.5) < 4 * math.sqrt(0.25 / len(keys))


def test_every_pair_of_three_contenders_is_queued_once_per_item():
    queue = compare.review_queue("salt", ["x", "y"], 3)
    assert sorted((p.item_key, min(p.left, p.right), max(p.left, p.right)) for p in queue) == [
        (k, a, b) for k in ("x", "y") for a, b in ((0, 1), (0, 2), (1, 2))
    ]


# ---------------------------------------------------- win rates
def test_wilson_interval_matches_hand_computed_values():
    # 8 of 10: centre (0.8 + z²/20)/(1 + z²/10), half-width z·√(0.016 + z²/400)/(1 + z²/10)
    low, high = compare.wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4) and high == pytest.approx(0.9433, abs=1e-4)
    # 0 of 10: [0, z²/(n + z²)]
    low, high = compare.wilson_interval(0, 10)
    assert low == pytest.approx(0.0, abs=1e-12) and high == pytest.approx(3.8415 / 13.8415, abs=1e-4)
    assert compare.wilson_interval(0, 0) == (0.0, 1.0)


def _vote(choice, a=0, b=1, key="ex1", voter="human"):
    return compare.Vote(0, 1, key, a, b, choice, voter, None, {}, "")


def test_win_rate_counts_ties_and_both_bad_as_half_a_win():
    votes = [
        _vote(CHOICE_A),
        _vote(CHOICE_A),
        _vote(CHOICE_B, a=1, b=0),  # contender 0 wins three
        _vote(CHOICE_B),
        _vote(CHOICE_TIE),
        _vote(CHOICE_BOTH_BAD),
    ]
    zero, one = compare.win_rates(votes, 2)
    assert (zero.wins, zero.losses, zero.ties, zero.both_bad, zero.votes) == (3, 1, 1, 1, 6)
    assert (one.wins, one.losses, one.ties, one.both_bad) == (1, 3, 1, 1)
    # (3 + ½ + ½) / 6 and its Wilson interval, computed by hand: centre 0.6016, half-width 0.3016.
    assert zero.rate == pytest.approx(4 / 6)
    assert zero.low == pytest.approx(0.3000, abs=1e-3) and zero.high == pytest.approx(0.9032, abs=1e-3)
    assert one.rate == pytest.approx(2 / 6)


def test_win_rates_per_tag():
    votes = [_vote(CHOICE_A, key="r1"), _vote(CHOICE_A, key="r2"), _vote(CHOICE_B, key="m1")]
    by_tag = compare.win_rates_by_tag(votes, {"r1": ["rent"], "r2": ["rent"], "m1": ["menu", "rent"]}, 2)
    assert by_tag["rent"][0].wins == 2 and by_tag["rent"][0].losses == 1
    assert by_tag["menu"][1].wins == 1 and by_tag["menu"][0].votes == 1


def test_win_rate_figure_has_one_bar_per_contender_and_series_with_intervals():
    rates = compare.win_rates([_vote(CHOICE_A), _vote(CHOICE_A), _vote(CHOICE_B)], 2)
    figure = compare.win_rate_figure({"People": rates, "Judge": rates}, ["base", "tuned"], "Win rate")
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert [trace.name for trace in bars] == ["People", "Judge"]
    assert list(figure.layout.xaxis.ticktext) == ["base", "tuned"]
    assert bars[0].y[0] == pytest.approx(2 / 3)
    assert bars[0].error_y.array[0] == pytest.approx(rates[0].high - rates[0].rate)
    # The two series sit side by side within each contender's slot.
    assert bars[0].x[0] < 0 < bars[1].x[0] < 0.5 and bars[0].x[1] < 1 < bars[1].x[1]


def test_win_rate_labels_sit_above_the_whiskers_not_on_them():
    rates = compare.win_rates([_vote(CHOICE_A), _vote(CHOICE_A), _vote(CHOICE_B)], 2)
    figure = compare.win_rate_figure({"People": rates, "Judge": rates}, ["base", "tuned"], "Win rate")
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
    rates = compare.win_rates([_vote(CHOICE_A)], 2)
    for lang in ("en", "ko"):
        [row, _other] = compare.rates_rows({"People": rates}, ["base", "tuned"], lang)
        assert all(str(column).strip() for column in row)
        assert "People" in row.values()


def test_next_blind_pair_skips_voted_and_unanswered_pairs(store, project):
    comparison = new_comparison(store, project)
    assert compare.next_blind_pair(store, comparison) is None  # no answers yet
    answer_all(store, comparison)
    seen = set()
    while (pair := compare.next_blind_pair(store, comparison)) is not None:
        compare.record_vote(store, comparison.id, pair, CHOICE_A, comment="clearer")
        seen.add(pair.item_key)
    assert seen == {i.key for i in comparison.items}
    votes = compare.list_votes(store, comparison.id)
    assert len(votes) == len(comparison.items) and votes[0].comment == "clearer"
    # A double click on the same pair stores one vote.
    first = compare.record_vote(store, comparison.id, BlindPair("x", 0, 1), CHOICE_B, once=True)
    assert compare.record_vote(store, comparison.id, BlindPair("x", 1, 0), CHOICE_A, once=True) == first
    assert compare.get_vote(store, first).choice == CHOICE_B
    with pytest.raises(compare.VoteError):
        compare.record_vote(store, comparison.id, BlindPair("x", 0, 1), "maybe")
