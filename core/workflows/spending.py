"""One spend gate for every action that costs money, and the daily budget on the owner's key (no Streamlit here).

Every spending action is named in ``SPENDING_ACTIONS``. Before it starts, a page
asks ``decide`` with the action's highest possible cost: is it allowed, must the
person confirm first (one threshold for the whole app, from secrets), and does it
fit in what is left of today's budget on the owner's key? When it runs on the
owner's key, ``charge`` books that highest cost in the store in one transaction
(check and insert together), so two actions started at the same moment can't
both squeeze under the budget. The day is the UTC date.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from core.data import spend
from core.data.store import Store

# Every action that spends money; the gate's registry (a test checks each page goes through it).
ACTION_GENERATE = "generate"  # a live generation run, or resuming one
ACTION_BATCH = "batch"  # a Batch API generation run
ACTION_SYNTHETIC = "synthetic"  # synthetic questions
ACTION_DOCUMENT_QUESTIONS = "document_questions"  # questions written from the chunks of the user's documents
ACTION_DOCUMENT_QUESTIONS_BATCH = "document_questions_batch"  # the same, through the Batch API
ACTION_REGENERATE = "regenerate"  # regenerate one or the selected rows, or repair one, from Curate
ACTION_COMPARE_RUN = "compare_run"  # answering a comparison set, or resuming it
ACTION_COMPARE_ADHOC = "compare_adhoc"  # one ad-hoc question to every contender
ACTION_JUDGE = "judge"  # the model judge
ACTION_GROUNDEDNESS = "groundedness"  # the judge that checks answers against their source chunk, on Curate
ACTION_FINETUNE = "finetune"  # launching a fine-tuning job
SPENDING_ACTIONS: tuple[str, ...] = (
    ACTION_GENERATE,
    ACTION_BATCH,
    ACTION_SYNTHETIC,
    ACTION_DOCUMENT_QUESTIONS,
    ACTION_DOCUMENT_QUESTIONS_BATCH,
    ACTION_REGENERATE,
    ACTION_COMPARE_RUN,
    ACTION_COMPARE_ADHOC,
    ACTION_JUDGE,
    ACTION_GROUNDEDNESS,
    ACTION_FINETUNE,
)

# Secrets the owner sets.
BUDGET_SECRET = "owner_budget_usd_per_day"
THRESHOLD_SECRET = "spend_confirm_threshold_usd"
DEFAULT_CONFIRM_THRESHOLD_USD = 1.0

REFUSED_OVER_BUDGET = "over_budget"
REFUSED_UNKNOWN_COST = "unknown_cost"


class UnknownSpendingAction(ValueError):
    """An action that is not in the registry: it must be added to ``SPENDING_ACTIONS`` first."""


@dataclass(frozen=True)
class SpendPolicy:
    """The owner's rules: confirm above ``threshold_usd``; at most ``budget_usd`` a day on the owner's key."""

    threshold_usd: float = DEFAULT_CONFIRM_THRESHOLD_USD
    budget_usd: float | None = None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None


def policy_from(secrets: Mapping[str, object]) -> SpendPolicy:
    """The policy from secrets; a missing or unreadable value keeps the default (no budget, $1 threshold)."""
    threshold = _number(secrets.get(THRESHOLD_SECRET))
    return SpendPolicy(
        threshold_usd=DEFAULT_CONFIRM_THRESHOLD_USD if threshold is None else threshold,
        budget_usd=_number(secrets.get(BUDGET_SECRET)),
    )


@dataclass(frozen=True)
class SpendDecision:
    """What the gate says about one action before it starts."""

    action: str
    usd_max: float | None  # the highest possible cost; None when a price is unknown
    on_owner_key: bool
    needs_confirmation: bool
    refused: str | None = None  # REFUSED_OVER_BUDGET / REFUSED_UNKNOWN_COST
    budget_left_usd: float | None = None
    owner_usd: float | None = None  # the part that runs on the owner's key (other endpoints bring their own)

    @property
    def allowed(self) -> bool:
        return self.refused is None

    @property
    def charge_usd(self) -> float:
        """What is booked against the owner's budget when the action starts (nothing on a visitor's key)."""
        return (self.owner_usd or 0.0) if self.on_owner_key else 0.0


# ``owner_usd`` default: the whole cost runs on the session's key.
WHOLE_COST = object()


def decide(
    action: str,
    usd_max: float | None,
    policy: SpendPolicy,
    *,
    on_owner_key: bool,
    spent_today_usd: float = 0.0,
    owner_usd: float | None | object = WHOLE_COST,
) -> SpendDecision:
    """May ``action`` start at a highest cost of ``usd_max``, and must the person confirm first?

    ``owner_usd`` is the part of it that runs on the owner's key, when only a part does
    (Compare's other endpoints use their own keys); by default all of it.
    """
    if action not in SPENDING_ACTIONS:
        raise UnknownSpendingAction(action)
    owner_part = usd_max if owner_usd is WHOLE_COST else owner_usd
    needs_confirmation = usd_max is None or usd_max > policy.threshold_usd
    if not on_owner_key or policy.budget_usd is None:
        return SpendDecision(action, usd_max, on_owner_key, needs_confirmation, owner_usd=owner_part)  # type: ignore[arg-type]
    left = max(0.0, policy.budget_usd - spent_today_usd)
    refused = None
    if owner_part is None:  # a budget can't be kept with an unknown price
        refused = REFUSED_UNKNOWN_COST
    elif owner_part > left + 1e-9:  # type: ignore[operator]
        refused = REFUSED_OVER_BUDGET
    return SpendDecision(action, usd_max, True, needs_confirmation, refused, left, owner_part)  # type: ignore[arg-type]


def utc_day(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).date().isoformat()


def spent_today(store: Store, day: str | None = None) -> float:
    """Dollars charged to the owner's key on ``day`` (UTC; today by default)."""
    return spend.spent_on(store, day or utc_day())


def charge(store: Store, action: str, usd: float, budget_usd: float | None, day: str | None = None) -> bool:
    """Book ``usd`` on the owner's key for ``action``; False (nothing booked) when it would pass the budget.

    The sum and the insert happen in one write transaction (``core.data.spend``),
    so concurrent charges are serialised and can't both pass.
    """
    if action not in SPENDING_ACTIONS:
        raise UnknownSpendingAction(action)
    return spend.book_within(store, day or utc_day(), action, usd, budget_usd)
