"""What things cost: a fine-tuning run, a finished job, and chat requests, from the model table's prices.

Every dollar figure in the app comes from here, so an edited price reaches all of them.

Epochs: the cookbook's default rule (target 3, keep examples × epochs within
100–25,000, clamp to 1–25), unless the user picks a number.
Billed tokens: Σ min(limit, tokens of each example) × epochs; tokens beyond the
per-example limit are truncated by OpenAI and not billed.
Prices come from ``core.models`` with the project's overrides (setting
``core.models.SETTING_OVERRIDES``), so a user can follow a price change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.i18n import t
from core.models import BATCH_DISCOUNT, LIMIT_SOURCE, MODELS, PRICE_SOURCE, SETTING_OVERRIDES, model_info
from core.store import Store

TARGET_EPOCHS = 3
MIN_TARGET_EXAMPLES = 100
MAX_TARGET_EXAMPLES = 25_000
MIN_DEFAULT_EPOCHS = 1
MAX_DEFAULT_EPOCHS = 25
TOKENS_PER_PRICE_UNIT = 1_000_000
# Columns of the price editor; the first two are shown but not editable.
PRICE_COLUMNS: tuple[str, ...] = ("model", "price_date", "training_price_per_1m", "max_example_tokens", "limit_date",
                                  "supports_sft", "supports_dpo")
EDITABLE_PRICE_COLUMNS: tuple[str, ...] = ("training_price_per_1m", "max_example_tokens")


@dataclass(frozen=True)
class TrainingCostEstimate:
    """What training ``model`` on a dataset will cost (epochs and billed tokens included)."""

    model: str
    n_examples: int
    n_epochs: int
    epochs_from_user: bool
    example_token_limit: int
    billed_tokens: int
    price_per_1m: float
    price_date: str
    cost_usd: float


@dataclass(frozen=True)
class RequestCostEstimate:
    """What a set of chat requests (generation, a comparison, a judge) will cost before it is sent.

    ``usd`` leaves out the requests of models whose price is unknown; they are named in
    ``unknown_price``. ``highest`` says the completions were priced at their max_tokens, the
    figure the spend gate charges.
    """

    requests: int
    prompt_tokens: int
    completion_tokens: int
    usd: float
    highest: bool = False
    unknown_price: tuple[str, ...] = ()
    exact_tokens: bool = True
    skipped_multi_turn: int = 0
    per_request_tokens: list[int] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class ChatPrices:
    """Dollars per million prompt and completion tokens of one model."""

    input_per_1m: float
    output_per_1m: float


def chat_prices(model: str, overrides: dict[str, dict[str, Any]] | None = None, *,
                fine_tuned: bool = False) -> ChatPrices | None:
    """The table's price for calling ``model`` (a fine-tune at its own price); None when it isn't in the table."""
    info = model_info(model, overrides)
    if info is None:
        return None
    if fine_tuned or model.strip().startswith("ft:"):
        return ChatPrices(info.ft_input_price_per_1m, info.ft_output_price_per_1m)
    return ChatPrices(info.input_price_per_1m, info.output_price_per_1m)


def chat_cost_usd(prices: ChatPrices | str | None, prompt_tokens: int | None, completion_tokens: int | None, *,
                  batch: bool = False, overrides: dict[str, dict[str, Any]] | None = None) -> float | None:
    """Dollars for chat requests at ``prices`` (or a model's table price); None when the price is unknown.

    The Batch API bills half the live price.
    """
    if isinstance(prices, str):
        prices = chat_prices(prices, overrides)
    if prices is None:
        return None
    dollars = ((prompt_tokens or 0) * prices.input_per_1m
               + (completion_tokens or 0) * prices.output_per_1m) / TOKENS_PER_PRICE_UNIT
    return dollars * (BATCH_DISCOUNT if batch else 1.0)


def training_cost_usd(model: str, trained_tokens: int | None,
                      overrides: dict[str, dict[str, Any]] | None = None) -> float | None:
    """What training ``model`` on this many (billed) tokens costs; None when the model or tokens are unknown."""
    info = model_info(model, overrides)
    if not trained_tokens or info is None:
        return None
    return trained_tokens * info.training_price_per_1m / TOKENS_PER_PRICE_UNIT


def default_epochs(n_examples: int) -> int:
    """The cookbook's rule: 3 epochs, raised or lowered so examples × epochs stays in 100–25,000."""
    if n_examples <= 0:
        return TARGET_EPOCHS
    if n_examples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES:
        return min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES // n_examples)
    if n_examples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES:
        return max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES // n_examples)
    return TARGET_EPOCHS


def billed_tokens(tokens_per_example: Iterable[int], limit: int, epochs: int) -> int:
    """Σ min(limit, tokens) × epochs."""
    return sum(min(limit, tokens) for tokens in tokens_per_example) * epochs


def estimate_cost(tokens_per_example: Sequence[int], model: str, overrides: dict[str, Any] | None = None,
                  epochs: int | None = None) -> TrainingCostEstimate:
    """Epochs, billed tokens and dollars for training ``model`` on these examples.

    An unknown model is priced as the default row's family would be, never as free.
    """
    info = model_info(model, overrides) or model_info("gpt-4.1-mini", overrides)
    assert info is not None  # the table always has the default family
    n_examples = len(tokens_per_example)
    n_epochs = int(epochs) if epochs else default_epochs(n_examples)
    billed = billed_tokens(tokens_per_example, info.max_example_tokens, n_epochs)
    cost = billed / TOKENS_PER_PRICE_UNIT * info.training_price_per_1m
    return TrainingCostEstimate(info.name, n_examples, n_epochs, bool(epochs), info.max_example_tokens, billed,
                        info.training_price_per_1m, info.price_date, round(cost, 4))


def project_overrides(store: Store, project_id: int) -> dict[str, dict[str, Any]]:
    """The user's price and limit edits for this project ({model: {field: value}})."""
    value = store.get_setting(project_id, SETTING_OVERRIDES, {})
    return value if isinstance(value, dict) else {}


def source_text(source: str, lang: str) -> str:
    """Where a price or limit comes from, in ``lang`` for the built-in sources; anything else as it is."""
    keys = {PRICE_SOURCE: "plainfix.price_source", LIMIT_SOURCE: "plainfix.limit_source"}
    return t(keys[source], lang) if source in keys else source


def price_rows(overrides: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One row per model for the price editor, with the user's edits applied and each figure's date."""
    rows = []
    for name in MODELS:
        info = model_info(name, overrides)
        assert info is not None
        rows.append({"model": name, "price_date": info.price_date,
                     "training_price_per_1m": info.training_price_per_1m,
                     "max_example_tokens": info.max_example_tokens, "limit_date": info.limit_date,
                     "supports_sft": info.supports_sft, "supports_dpo": info.supports_dpo,
                     "price_source": info.price_source, "limit_source": info.limit_source})
    return rows


def overrides_from_rows(rows: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Only the figures that differ from the table, so a later table update still reaches the user.

    Negative or unreadable values are dropped (the table's figure stays).
    """
    overrides: dict[str, dict[str, Any]] = {}
    for row in rows:
        info = MODELS.get(str(row.get("model", "")))
        if info is None:
            continue
        for column in EDITABLE_PRICE_COLUMNS:
            try:
                value = float(row.get(column))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                continue
            if value < 0 or (column == "max_example_tokens" and value < 1):
                continue
            value = int(value) if column == "max_example_tokens" else value
            if value != getattr(info, column):
                overrides.setdefault(info.name, {})[column] = value
    return overrides


def save_price_rows(store: Store, project_id: int, rows: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Write the edited prices/limits to the project at once; returns what was saved."""
    overrides = overrides_from_rows(rows)
    store.set_setting(project_id, SETTING_OVERRIDES, overrides)
    return overrides
