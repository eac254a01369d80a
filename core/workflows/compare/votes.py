"""Blind A/B review: unguessable left/right placement, stored votes, and win rates with Wilson intervals.

Placement: for each item and pair of contenders, an HMAC (SHA-256) of a
per-comparison secret salt decides which answer is shown on the left. The pair
is first put in a canonical order, so the order in which the user picked the
contenders cannot leak into the placement, and without the salt (never shown)
each placement is a fair coin. The review order is a salted shuffle too.

Win rates: a decisive vote is a win for one side and a loss for the other; a
*tie* and *both bad* each count as half a win for both sides (and are also
reported separately). The interval is the 95 % Wilson score interval on the
(possibly half-integer) number of wins out of the number of votes. A pair the
judge gave *no verdict* on (``core.workflows.compare.judge``) is not a vote and
never enters the rates. Judge verdicts are stored as votes with
``voter = "judge"``, apart from human votes. The SQL is in ``core.data.comparisons``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from core.data import comparisons as db
from core.data.store import Store
from core.workflows.compare.sets import Comparison, stored_answers

CHOICE_A = "a"  # the left answer is better
CHOICE_B = "b"  # the right answer is better
CHOICE_TIE = "tie"
CHOICE_BOTH_BAD = "both_bad"
CHOICES: tuple[str, ...] = (CHOICE_A, CHOICE_B, CHOICE_TIE, CHOICE_BOTH_BAD)
CHOICE_NO_VERDICT = "no_verdict"  # the judge's reply could not be read; only the judge gives it
VOTER_HUMAN = "human"
VOTER_JUDGE = "judge"
Z_95 = 1.959963984540054
_SEPARATOR = "|"


class VoteError(ValueError):
    """A vote that can't be stored (an unknown choice)."""


@dataclass(frozen=True)
class BlindPair:
    """Two answers to one item as the reviewer sees them: ``left`` is A, ``right`` is B."""

    item_key: str
    left: int
    right: int


def _hmac_bytes(salt: str, message: str) -> bytes:
    return hmac.new(salt.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()


def blind_pair(salt: str, item_key: str, first: int, second: int) -> BlindPair:
    """Place two contenders left/right by an HMAC of the secret salt and the item.

    The pair is put in a canonical order first, so the order in which the
    contenders were picked cannot leak into the placement; without the salt
    the placement is a fair coin per item.
    """
    low, high = sorted((first, second))
    low_on_left = _hmac_bytes(salt, f"side{_SEPARATOR}{item_key}{_SEPARATOR}{low}-{high}")[0] & 1 == 0
    return BlindPair(item_key, low, high) if low_on_left else BlindPair(item_key, high, low)


def review_queue(salt: str, item_keys: Sequence[str], contenders: int) -> list[BlindPair]:
    """Every pair of contenders on every item, placed and ordered by the salt (neighbours tell nothing)."""
    pairs = [blind_pair(salt, key, a, b) for key in item_keys for a, b in combinations(range(contenders), 2)]
    return sorted(
        pairs,
        key=lambda p: _hmac_bytes(
            salt, f"order{_SEPARATOR}{p.item_key}{_SEPARATOR}{min(p.left, p.right)}-{max(p.left, p.right)}"
        ),
    )


# ------------------------------------------------------------------------ votes
@dataclass(frozen=True)
class Vote:
    id: int
    comparison_id: int
    item_key: str
    contender_a: int
    contender_b: int
    choice: str
    voter: str
    comment: str | None
    data: dict[str, Any]
    created_at: str

    @property
    def winner(self) -> int | None:
        return {CHOICE_A: self.contender_a, CHOICE_B: self.contender_b}.get(self.choice)

    @property
    def loser(self) -> int | None:
        return {CHOICE_A: self.contender_b, CHOICE_B: self.contender_a}.get(self.choice)


def record_vote(
    store: Store,
    comparison_id: int,
    pair: BlindPair,
    choice: str,
    *,
    voter: str = VOTER_HUMAN,
    comment: str | None = None,
    data: Mapping[str, Any] | None = None,
    once: bool = False,
    replace_choice: str | None = None,
) -> int:
    """Store one vote: A is the left answer, B the right one, exactly as shown.

    With ``once``, a second vote by the same voter on the same pair (a double
    click, a second tab) is not stored; the first vote's id is returned. With
    ``replace_choice``, this voter's earlier votes with that choice on the pair
    are removed in the same transaction.
    """
    if choice not in CHOICES and not (choice == CHOICE_NO_VERDICT and voter == VOTER_JUDGE):
        raise VoteError(choice)
    return db.insert_vote(
        store,
        comparison_id,
        pair.item_key,
        pair.left,
        pair.right,
        choice,
        voter,
        (comment or "").strip() or None,
        dict(data or {}),
        once=once,
        replace_choice=replace_choice,
    )


def _vote_from_row(r: Any) -> Vote:
    return Vote(
        r["id"],
        r["comparison_id"],
        r["item_key"],
        r["contender_a"],
        r["contender_b"],
        r["choice"],
        r["voter"],
        r["comment"],
        json.loads(r["data"]) if r["data"] else {},
        r["created_at"],
    )


def list_votes(store: Store, comparison_id: int, voter: str | None = None) -> list[Vote]:
    return [_vote_from_row(r) for r in db.vote_rows(store, comparison_id, voter)]


def get_vote(store: Store, vote_id: int) -> Vote | None:
    r = db.vote_row(store, vote_id)
    return _vote_from_row(r) if r else None


def pairs_to_review(store: Store, comparison: Comparison, voter: str = VOTER_HUMAN) -> list[BlindPair]:
    """Pairs with both answers present and no vote yet from ``voter``, in the salted review order."""
    answers = stored_answers(store, comparison.id)
    voted = {(v.item_key, frozenset((v.contender_a, v.contender_b))) for v in list_votes(store, comparison.id, voter)}
    waiting = []
    for pair in review_queue(comparison.salt, [i.key for i in comparison.items], len(comparison.contenders)):
        if (pair.item_key, frozenset((pair.left, pair.right))) in voted:
            continue
        left, right = answers.get((pair.item_key, pair.left)), answers.get((pair.item_key, pair.right))
        if left and right and left.answer is not None and right.answer is not None:
            waiting.append(pair)
    return waiting


def next_blind_pair(store: Store, comparison: Comparison, voter: str = VOTER_HUMAN) -> BlindPair | None:
    """The next pair to review; None when every answered pair has a vote from ``voter``."""
    waiting = pairs_to_review(store, comparison, voter)
    return waiting[0] if waiting else None


# -------------------------------------------------------------------- win rates
def wilson_interval(successes: float, n: float, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for a proportion; (0, 1) when there are no votes."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class WinRate:
    contender: int
    wins: int
    losses: int
    ties: int
    both_bad: int
    rate: float
    low: float
    high: float

    @property
    def votes(self) -> int:
        return self.wins + self.losses + self.ties + self.both_bad


def win_rates(votes: Iterable[Vote], contenders: int) -> list[WinRate]:
    """Per contender: wins, losses, ties, both-bad and the win rate with its 95 % Wilson interval.

    Ties and "both bad" count as half a win (documented in the module docstring); a pair the
    judge gave no verdict on is not a vote and is left out.
    """
    tally = {i: [0, 0, 0, 0] for i in range(contenders)}
    for vote in votes:
        sides = (vote.contender_a, vote.contender_b)
        if vote.choice == CHOICE_NO_VERDICT or any(s not in tally for s in sides):
            continue
        if vote.choice in (CHOICE_A, CHOICE_B):
            tally[vote.winner][0] += 1  # type: ignore[index]
            tally[vote.loser][1] += 1  # type: ignore[index]
        else:
            column = 2 if vote.choice == CHOICE_TIE else 3
            for side in sides:
                tally[side][column] += 1
    rates = []
    for index, (wins, losses, ties, both_bad) in tally.items():
        n = wins + losses + ties + both_bad
        points = wins + 0.5 * (ties + both_bad)
        low, high = wilson_interval(points, n)
        rates.append(WinRate(index, wins, losses, ties, both_bad, points / n if n else 0.0, low, high))
    return rates


def win_rates_by_tag(
    votes: Iterable[Vote], tags_of: Mapping[str, Sequence[str]], contenders: int
) -> dict[str, list[WinRate]]:
    """The same figures for each tag that the voted items carry (``tags_of``: item key → tags)."""
    by_tag: dict[str, list[Vote]] = {}
    for vote in votes:
        for tag in tags_of.get(vote.item_key, ()):
            by_tag.setdefault(tag, []).append(vote)
    return {tag: win_rates(tag_votes, contenders) for tag, tag_votes in sorted(by_tag.items())}


BAR_WIDTH = 0.8  # of one contender's slot, shared by its series' bars


def win_rate_figure(series: Mapping[str, Sequence[WinRate]], names: Sequence[str], axis_title: str) -> Any:
    """A plotly bar chart: one group per contender, one bar per voter series, 95 % intervals as error bars.

    Each bar's label ("62% (n=13)") sits just above the top of its interval whisker, never on it: the
    bars are placed by hand on a numeric axis so that each label can share its bar's x.
    """
    import plotly.graph_objects as go

    figure = go.Figure()
    width = BAR_WIDTH / max(1, len(series))
    for position, (series_name, rates) in enumerate(series.items()):
        offset = (position - (len(series) - 1) / 2) * width
        x = [r.contender + offset for r in rates]
        figure.add_bar(
            name=series_name,
            x=x,
            y=[r.rate for r in rates],
            width=width * 0.95,
            legendgroup=series_name,
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [r.high - r.rate for r in rates],
                "arrayminus": [r.rate - r.low for r in rates],
            },
            customdata=[[names[r.contender], r.wins, r.losses, r.ties, r.both_bad, r.low, r.high] for r in rates],
            hovertemplate="%{customdata[0]}: %{y:.0%} [%{customdata[5]:.0%}–%{customdata[6]:.0%}]<br>"
            "W %{customdata[1]} · L %{customdata[2]} · T %{customdata[3]} · ✗ %{customdata[4]}"
            "<extra>%{fullData.name}</extra>",
        )
        figure.add_scatter(
            x=x,
            y=[r.high for r in rates],
            mode="text",
            textposition="top center",
            text=[f"{r.rate:.0%} (n={r.votes})" for r in rates],
            legendgroup=series_name,
            textfont={"size": 13},
            showlegend=False,
            hoverinfo="skip",
            cliponaxis=False,
        )
    figure.update_layout(
        barmode="overlay",
        yaxis={"range": [0, 1.15], "tickformat": ".0%", "title": axis_title},
        xaxis={"tickvals": list(range(len(names))), "ticktext": list(names), "range": [-0.5, len(names) - 0.5]},
        margin={"t": 30, "b": 30},
        height=380,
        legend={"orientation": "h"},
    )
    return figure


def rates_rows(
    series: Mapping[str, Sequence[WinRate]], names: Sequence[str], lang: str, tag: str | None = None
) -> list[dict[str, Any]]:
    """Win-rate figures as table rows with translated column names (one row per series × contender)."""
    from core.i18n import t

    rows = []
    for series_name, rates in series.items():
        for rate in rates:
            row: dict[str, Any] = {t("compare.col_tag", lang): tag} if tag is not None else {}
            row.update(
                {
                    t("compare.col_model", lang): names[rate.contender],
                    t("compare.col_voter", lang): series_name,
                    t("compare.col_votes", lang): rate.votes,
                    t("compare.col_wins", lang): rate.wins,
                    t("compare.col_losses", lang): rate.losses,
                    t("compare.col_ties", lang): rate.ties,
                    t("compare.col_both_bad", lang): rate.both_bad,
                    t("compare.col_rate", lang): f"{rate.rate:.0%}",
                    t("compare.col_interval", lang): f"{rate.low:.0%}–{rate.high:.0%}",
                }
            )
            rows.append(row)
    return rows
