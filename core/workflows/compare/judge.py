"""The judge model: its prompt, reading its reply, asking about every pair in both orders, and "no verdict".

The judge sees every pair twice, A first and then B first; the two verdicts
are mapped back to A/B and combined — if they disagree the result is a tie,
which cancels a judge that simply prefers the first answer. A reply that can't
be read (not 1, 2 or tie) gives *no verdict*: stored with its reason, counted
apart and never in the win rates (it is not a tie: nobody judged). Verdicts are
stored as votes with ``voter = "judge"`` (``core.workflows.compare.votes``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from core.data.store import Store
from core.pricing import RequestCostEstimate, chat_cost_usd
from core.providers.client import ConnectionSettings
from core.workflows.compare.contenders import Contender
from core.workflows.compare.runs import KEY_SEPARATOR, claim, engine_limits, worker_name
from core.workflows.compare.sets import (
    Comparison,
    count_tokens,
    load_comparison,
    stored_answers,
    update_comparison_settings,
)
from core.workflows.compare.votes import (
    CHOICE_A,
    CHOICE_B,
    CHOICE_NO_VERDICT,
    CHOICE_TIE,
    VOTER_JUDGE,
    BlindPair,
    Vote,
    list_votes,
    record_vote,
)

JUDGE_OUTPUT_TOKENS = 5


JUDGE_SYSTEM = (
    "You are an impartial judge comparing two answers to the same question. Follow the rubric. "
    "Do not let the order of the answers or their length sway you. Reply with exactly one token: "
    "1 if answer 1 is better, 2 if answer 2 is better, or tie."
)
JUDGE_FIRST = "first"
JUDGE_SECOND = "second"
JUDGE_TIE = "tie"


def judge_messages(
    rubric: str, question: str, reference: str, first_answer: str, second_answer: str
) -> list[dict[str, str]]:
    """The judge's prompt for one ordering of a pair."""
    parts = [
        f"Rubric:\n{rubric.strip() or 'Prefer the more helpful, correct and clear answer.'}",
        f"Question:\n{question}",
    ]
    if reference:
        parts.append(f"Reference answer (for guidance):\n{reference}")
    parts += [f"Answer 1:\n{first_answer}", f"Answer 2:\n{second_answer}", "Verdict (1, 2 or tie):"]
    return [{"role": "system", "content": JUDGE_SYSTEM}, {"role": "user", "content": "\n\n".join(parts)}]


def parse_verdict(text: str | None) -> str | None:
    """'1' → first, '2' → second, 'tie' → tie; None when the judge said something else."""
    cleaned = (text or "").strip().lower()
    if re.fullmatch(r"[\s\"'*`(\[]*1[\s\"'*`)\].]*", cleaned) or cleaned.startswith(("answer 1", "1.", "1 ")):
        return JUDGE_FIRST
    if re.fullmatch(r"[\s\"'*`(\[]*2[\s\"'*`)\].]*", cleaned) or cleaned.startswith(("answer 2", "2.", "2 ")):
        return JUDGE_SECOND
    if "tie" in cleaned or "equal" in cleaned:
        return JUDGE_TIE
    return None


def aggregate_judge(verdict_ab: str | None, verdict_ba: str | None) -> str:
    """Combine the verdicts on (A, B) and on (B, A) into one choice; disagreement is a tie.

    A judge that always prefers whichever answer comes first says "first"
    both times, which names A once and B once: the position bias cancels out.
    An unreadable verdict in either order gives no verdict (never a tie).
    """
    as_ab = {JUDGE_FIRST: CHOICE_A, JUDGE_SECOND: CHOICE_B, JUDGE_TIE: CHOICE_TIE}
    as_ba = {JUDGE_FIRST: CHOICE_B, JUDGE_SECOND: CHOICE_A, JUDGE_TIE: CHOICE_TIE}
    one, two = as_ab.get(verdict_ab or ""), as_ba.get(verdict_ba or "")
    if one is None or two is None:
        return CHOICE_NO_VERDICT
    return one if one == two else CHOICE_TIE


REASON_EMPTY = "empty"  # the judge sent back nothing
REASON_UNREADABLE = "unreadable"  # it said something other than 1, 2 or tie
REPLY_SHOWN_CHARS = 80


def no_verdict_reason(raw_ab: str | None, raw_ba: str | None) -> dict[str, str] | None:
    """Why a pair has no verdict: {"code": empty|unreadable, "reply": the first unreadable reply}; None if readable."""
    for raw in (raw_ab, raw_ba):
        if parse_verdict(raw) is None:
            reply = " ".join((raw or "").split())
            code = REASON_UNREADABLE if reply else REASON_EMPTY
            return {"code": code, "reply": reply[:REPLY_SHOWN_CHARS] + ("…" if len(reply) > REPLY_SHOWN_CHARS else "")}
    return None


@dataclass(frozen=True)
class NoVerdicts:
    """Pairs the judge gave no verdict on, grouped by reason, with one reply as an example."""

    code: str
    count: int
    example_reply: str


def no_verdicts(votes: Iterable[Vote]) -> list[NoVerdicts]:
    """The judge's no-verdict pairs, counted per reason (most frequent first)."""
    groups: dict[str, list[str]] = {}
    for vote in votes:
        if vote.choice == CHOICE_NO_VERDICT:
            reason = vote.data.get("reason") or {}
            groups.setdefault(str(reason.get("code") or REASON_UNREADABLE), []).append(str(reason.get("reply") or ""))
    return sorted(
        (NoVerdicts(code, len(replies), next((r for r in replies if r), "")) for code, replies in groups.items()),
        key=lambda group: -group.count,
    )


def judge_pairs(store: Store, comparison: Comparison) -> list[BlindPair]:
    """Pairs (in canonical order: A = lower index) with both answers and no judge verdict yet.

    A pair the judge gave no verdict on is asked again (perhaps with another judge model).
    """
    answers = stored_answers(store, comparison.id)
    judged = {
        (v.item_key, frozenset((v.contender_a, v.contender_b)))
        for v in list_votes(store, comparison.id, VOTER_JUDGE)
        if v.choice != CHOICE_NO_VERDICT
    }
    pairs = []
    for item in comparison.items:
        for a, b in combinations(range(len(comparison.contenders)), 2):
            if (item.key, frozenset((a, b))) in judged:
                continue
            left, right = answers.get((item.key, a)), answers.get((item.key, b))
            if left and right and left.answer is not None and right.answer is not None:
                pairs.append(BlindPair(item.key, a, b))
    return pairs


def estimate_judge_cost(store: Store, comparison: Comparison, rubric: str, judge: Contender) -> RequestCostEstimate:
    """Both orderings of every pair still to judge, at the judge model's price."""
    answers = stored_answers(store, comparison.id)
    requests = tokens_in = 0
    for pair in judge_pairs(store, comparison):
        item = comparison.item(pair.item_key)
        if item is None:
            continue
        left = answers[(pair.item_key, pair.left)].answer or ""
        right = answers[(pair.item_key, pair.right)].answer or ""
        text = "\n".join(m["content"] for m in judge_messages(rubric, item.question, item.reference, left, right))
        tokens_in += 2 * (count_tokens(text, judge.model) + 8)
        requests += 2
    tokens_out = requests * JUDGE_OUTPUT_TOKENS
    cost = chat_cost_usd(judge.prices, tokens_in, tokens_out)
    return RequestCostEstimate(
        requests,
        tokens_in,
        tokens_out,
        cost or 0.0,
        highest=True,
        unknown_price=() if cost is not None else (judge.name,),
    )


def save_judge_settings(store: Store, comparison_id: int, rubric: str, judge: Contender) -> None:
    update_comparison_settings(store, comparison_id, judge={"rubric": rubric, "contender": judge.to_dict()})


async def run_judge(
    store_path: str,
    comparison_id: int,
    rubric: str,
    judge: Contender,
    settings: ConnectionSettings,
    should_stop: Callable[[], bool] = lambda: False,
    lang: str = "en",
) -> None:
    """Ask the judge about every pair in both orders; store one aggregated verdict per pair (voter "judge")."""
    from core.providers.request_runner import ChatRequest, run_requests

    with Store(store_path) as store:
        comparison = load_comparison(store, comparison_id)
        if comparison is None:
            return
        answers = stored_answers(store, comparison_id)
        requests: list[ChatRequest] = []
        halves: dict[tuple[str, int, int], dict[str, Any]] = {}  # each pair's replies in both orders, and cost
        for pair in judge_pairs(store, comparison):
            item = comparison.item(pair.item_key)
            if item is None:
                continue
            a_text, b_text = answers[(pair.item_key, pair.left)].answer, answers[(pair.item_key, pair.right)].answer
            for order, (first, second) in (("ab", (a_text, b_text)), ("ba", (b_text, a_text))):
                key = f"{order}{KEY_SEPARATOR}{pair.left}{KEY_SEPARATOR}{pair.right}{KEY_SEPARATOR}{pair.item_key}"
                messages = judge_messages(rubric, item.question, item.reference, first or "", second or "")
                requests.append(
                    ChatRequest(
                        key=key, model=judge.model, temperature=0.0, max_tokens=JUDGE_OUTPUT_TOKENS, messages=messages
                    )
                )

        def on_result(result: Any) -> None:
            order, left, right, item_key = result.key.split(KEY_SEPARATOR, 3)
            slot = halves.setdefault((item_key, int(left), int(right)), {})
            slot[order] = None if result.error else (result.text or "")
            cost = chat_cost_usd(judge.prices, result.prompt_tokens, result.completion_tokens)
            slot["cost"] = slot.get("cost", 0.0) + (cost or 0.0)
            if "ab" in slot and "ba" in slot and slot["ab"] is not None and slot["ba"] is not None:
                record_judge_verdict(
                    store,
                    comparison_id,
                    BlindPair(item_key, int(left), int(right)),
                    slot["ab"],
                    slot["ba"],
                    judge.model,
                    slot["cost"],
                )

        if requests:
            summary = await run_requests(
                settings,
                requests,
                limits=engine_limits(store, comparison.project_id, lang),
                on_result=on_result,
                should_stop=should_stop,
            )
            update_comparison_settings(store, comparison_id, judge_problem=summary.fatal_message)


def record_judge_verdict(
    store: Store, comparison_id: int, pair: BlindPair, raw_ab: str, raw_ba: str, model: str, cost: float | None = None
) -> int:
    """Store the judge's aggregated verdict with both raw answers (kept apart from human votes).

    An unreadable reply is stored as "no verdict" with its reason; it replaces an earlier
    no-verdict on the same pair, so asking again never counts a pair twice.
    """
    verdict_ab, verdict_ba = parse_verdict(raw_ab), parse_verdict(raw_ba)
    choice = aggregate_judge(verdict_ab, verdict_ba)
    consistent = None if choice == CHOICE_NO_VERDICT else choice != CHOICE_TIE or verdict_ab == JUDGE_TIE
    return record_vote(
        store,
        comparison_id,
        pair,
        choice,
        voter=VOTER_JUDGE,
        data={
            "model": model,
            "ab": raw_ab,
            "ba": raw_ba,
            "verdict_ab": verdict_ab,
            "verdict_ba": verdict_ba,
            "consistent": consistent,
            "cost_usd": cost,
            "reason": no_verdict_reason(raw_ab, raw_ba),
        },
        replace_choice=CHOICE_NO_VERDICT,
    )


def start_judge(
    store_path: str,
    comparison_id: int,
    rubric: str,
    judge: Contender,
    settings: ConnectionSettings,
    lang: str = "en",
    owner_unlocked: bool = False,
) -> bool:
    """Let the judge vote in the background with this key; False when it runs already or isn't this key's."""
    from core.workflows import job_keys, runner

    name = worker_name(comparison_id, "judge")
    if runner.is_running(name):
        return False
    with Store(store_path) as store:
        fingerprint = job_keys.fingerprint(store, settings.api_key)
    if not claim(store_path, name, job_keys.KIND_JUDGE, fingerprint, owner_unlocked):
        return False
    runner.start_background(
        name,
        lambda: run_judge(
            store_path,
            comparison_id,
            rubric,
            judge,
            settings,
            should_stop=lambda: runner.stop_requested(name),
            lang=lang,
        ),
    )
    return True
