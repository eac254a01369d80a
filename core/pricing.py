"""The one model table: limits, prices, methods and retirement dates, each with its source.

Every figure a page shows about a model (how many tokens an example may have,
what training costs, whether DPO is possible, when the model goes away) comes
from here. Users can override prices and limits per project (``overrides``),
because prices change more often than this app is released.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from core import model_lifecycle
from core.data.store import Store
from core.i18n import t

# Re-exported: the wind-down dates live with the rest of the calendar in ``core.model_lifecycle``.
from core.model_lifecycle import FT_CLOSED_ALL_NEW_JOBS as FT_CLOSED_ALL_NEW_JOBS
from core.model_lifecycle import FT_CLOSED_INACTIVE_60D as FT_CLOSED_INACTIVE_60D
from core.model_lifecycle import FT_CLOSED_NEVER_USED as FT_CLOSED_NEVER_USED
from core.model_lifecycle import GPT4O_41_FAMILY_SHUTDOWN as GPT4O_41_FAMILY_SHUTDOWN

MAX_UPLOAD_BYTES = 512 * 1024 * 1024  # OpenAI's file upload limit for fine-tuning files
BATCH_DISCOUNT = 0.5  # the Batch API bills half the live price

PRICE_SOURCE = "OpenAI pricing page (fine-tuning and model prices), as recorded by Fine-tune Studio"
PRICE_DATE = "2026-11-25"
LIMIT_SOURCE = "OpenAI fine-tuning guide (token limits per training example)"
LIMIT_DATE = "2026-11-25"

SETTING_OVERRIDES = "model_overrides"  # project setting: {model: {field: value}}
EDITABLE_FIELDS: tuple[str, ...] = (
    "max_example_tokens",
    "training_price_per_1m",
    "input_price_per_1m",
    "output_price_per_1m",
    "ft_input_price_per_1m",
    "ft_output_price_per_1m",
)


@dataclass(frozen=True)
class ModelInfo:
    """One fine-tunable base model. Prices are US dollars per one million tokens."""

    name: str
    family: str
    encoding: str
    max_example_tokens: int
    supports_sft: bool
    supports_dpo: bool
    training_price_per_1m: float
    input_price_per_1m: float
    output_price_per_1m: float
    ft_input_price_per_1m: float
    ft_output_price_per_1m: float
    retirement: date | None
    price_source: str = PRICE_SOURCE
    price_date: str = PRICE_DATE
    limit_source: str = LIMIT_SOURCE
    limit_date: str = LIMIT_DATE

    def as_row(self) -> dict[str, Any]:
        row = asdict(self)
        row["retirement"] = self.retirement.isoformat() if self.retirement else ""
        return row


MODELS: dict[str, ModelInfo] = {
    m.name: m
    for m in (
        ModelInfo(
            "gpt-4.1-2025-04-14",
            "gpt-4.1",
            "o200k_base",
            65_536,
            True,
            True,
            25.00,
            2.00,
            8.00,
            3.00,
            12.00,
            GPT4O_41_FAMILY_SHUTDOWN,
        ),
        ModelInfo(
            "gpt-4.1-mini-2025-04-14",
            "gpt-4.1-mini",
            "o200k_base",
            65_536,
            True,
            True,
            5.00,
            0.40,
            1.60,
            0.80,
            3.20,
            GPT4O_41_FAMILY_SHUTDOWN,
        ),
        # Shut down with its fine-tunes; kept so old jobs and files are still priced and validated.
        ModelInfo(
            "gpt-4.1-nano-2025-04-14",
            "gpt-4.1-nano",
            "o200k_base",
            32_768,
            True,
            True,
            1.50,
            0.10,
            0.40,
            0.20,
            0.80,
            model_lifecycle.OPENAI_SHUTDOWN_WAVE_1,
        ),
        ModelInfo(
            "gpt-4o-2024-08-06",
            "gpt-4o",
            "o200k_base",
            65_536,
            True,
            True,
            25.00,
            2.50,
            10.00,
            3.75,
            15.00,
            GPT4O_41_FAMILY_SHUTDOWN,
        ),
        ModelInfo(
            "gpt-4o-mini-2024-07-18",
            "gpt-4o-mini",
            "o200k_base",
            65_536,
            True,
            True,
            3.00,
            0.15,
            0.60,
            0.30,
            1.20,
            GPT4O_41_FAMILY_SHUTDOWN,
        ),
        ModelInfo(
            "gpt-3.5-turbo-0125",
            "gpt-3.5-turbo",
            "cl100k_base",
            16_385,
            True,
            False,
            8.00,
            0.50,
            1.50,
            3.00,
            6.00,
            model_lifecycle.OPENAI_SHUTDOWN_WAVE_1,
        ),
    )
}

DEFAULT_MODEL = "gpt-4.1-mini-2025-04-14"
# Longest family names first, so "gpt-4.1-mini" is not taken for "gpt-4.1".
_FAMILIES: list[str] = sorted({m.family for m in MODELS.values()}, key=len, reverse=True)


def base_model_name(model: str) -> str:
    """'ft:gpt-4o-mini-2024-07-18:org:suffix:id' → 'gpt-4o-mini-2024-07-18'; others unchanged."""
    if model.startswith("ft:"):
        parts = model.split(":")
        return parts[1] if len(parts) > 1 else model
    return model


def model_info(model: str, overrides: dict[str, dict[str, Any]] | None = None) -> ModelInfo | None:
    """The table row for a model, its snapshot, its alias or its fine-tune; None if unknown.

    ``overrides`` are the user's edits for this project ({model name: {field: value}}).
    """
    name = base_model_name(model.strip())
    info = MODELS.get(name)
    if info is None:
        family = next((f for f in _FAMILIES if name == f or name.startswith(f + "-")), None)
        info = next((m for m in MODELS.values() if m.family == family), None) if family else None
    if info is None:
        return None
    edits = (overrides or {}).get(info.name) or {}
    clean = {k: type(getattr(info, k))(v) for k, v in edits.items() if k in EDITABLE_FIELDS and v is not None}
    return replace(info, **clean) if clean else info


def encoding_for(model: str) -> str:
    """tiktoken encoding for a model: o200k_base for gpt-4o/4.1, cl100k_base for gpt-3.5."""
    info = model_info(model)
    if info is not None:
        return info.encoding
    return "cl100k_base" if base_model_name(model).startswith(("gpt-3.5", "gpt-4-")) else "o200k_base"


def fine_tunable_models(
    method: str = "supervised", provider: str | None = None, today: date | None = None
) -> list[ModelInfo]:
    """Models that accept ``method`` ('supervised' or 'dpo') and on which a new job may start ``today``.

    With ``provider``, only that provider's calendar counts; without, any provider that still trains
    the model (for pages that prepare data for whichever trainer the user picks). A shut-down
    model is never offered.
    """
    wanted = "supports_dpo" if method == "dpo" else "supports_sft"
    day = today or model_lifecycle.today()
    if provider is None:
        return [m for m in MODELS.values() if getattr(m, wanted) and model_lifecycle.trainable_anywhere(m.name, day)]
    return [m for m in MODELS.values() if getattr(m, wanted) and model_lifecycle.can_start_job(m.name, provider, day)]


def base_choices(
    method: str, provider: str, available: list[str] | None = None, today: date | None = None
) -> list[str]:
    """Base models to offer for a new job at ``provider``: the key's own list (if known) within the table's.

    Empty when nothing can be trained there any more: never a fallback to a retired model.
    """
    table = [m.name for m in fine_tunable_models(method, provider, today)]
    if available:
        offered = [name for name in table if name in available]
        return offered or table
    return table


def serving_models(provider: str = model_lifecycle.PROVIDER_OPENAI, today: date | None = None) -> list[str]:
    """The table's models that still answer chat at ``provider`` (the fallback list for Generate and Compare)."""
    return [name for name in MODELS if not model_lifecycle.is_shut_down(name, provider, today)]


def days_until(day: date | None, today: date | None = None) -> int | None:
    if day is None:
        return None
    return (day - (today or model_lifecycle.today())).days


# What things cost: a fine-tuning run, a finished job, and chat requests, from the model table's prices.
#
# Every dollar figure in the app comes from here, so an edited price reaches all of them.
#
# Epochs: the cookbook's default rule (target 3, keep examples × epochs within
# 100–25,000, clamp to 1–25), unless the user picks a number.
# Billed tokens: Σ min(limit, tokens of each example) × epochs; tokens beyond the
# per-example limit are truncated by OpenAI and not billed.
# Prices come from ``core.pricing`` with the project's overrides (setting
# ``core.pricing.SETTING_OVERRIDES``), so a user can follow a price change.

TARGET_EPOCHS = 3
MIN_TARGET_EXAMPLES = 100
MAX_TARGET_EXAMPLES = 25_000
MIN_DEFAULT_EPOCHS = 1
MAX_DEFAULT_EPOCHS = 25
TOKENS_PER_PRICE_UNIT = 1_000_000
# Columns of the price editor; the first two are shown but not editable.
PRICE_COLUMNS: tuple[str, ...] = (
    "model",
    "price_date",
    "training_price_per_1m",
    "max_example_tokens",
    "limit_date",
    "supports_sft",
    "supports_dpo",
)
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


def chat_prices(
    model: str, overrides: dict[str, dict[str, Any]] | None = None, *, fine_tuned: bool = False
) -> ChatPrices | None:
    """The table's price for calling ``model`` (a fine-tune at its own price); None when it isn't in the table."""
    info = model_info(model, overrides)
    if info is None:
        return None
    if fine_tuned or model.strip().startswith("ft:"):
        return ChatPrices(info.ft_input_price_per_1m, info.ft_output_price_per_1m)
    return ChatPrices(info.input_price_per_1m, info.output_price_per_1m)


def chat_cost_usd(
    prices: ChatPrices | str | None,
    prompt_tokens: int | None,
    completion_tokens: int | None,
    *,
    batch: bool = False,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> float | None:
    """Dollars for chat requests at ``prices`` (or a model's table price); None when the price is unknown.

    The Batch API bills half the live price.
    """
    if isinstance(prices, str):
        prices = chat_prices(prices, overrides)
    if prices is None:
        return None
    dollars = (
        (prompt_tokens or 0) * prices.input_per_1m + (completion_tokens or 0) * prices.output_per_1m
    ) / TOKENS_PER_PRICE_UNIT
    return dollars * (BATCH_DISCOUNT if batch else 1.0)


def training_cost_usd(
    model: str, trained_tokens: int | None, overrides: dict[str, dict[str, Any]] | None = None
) -> float | None:
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


def estimate_cost(
    tokens_per_example: Sequence[int], model: str, overrides: dict[str, Any] | None = None, epochs: int | None = None
) -> TrainingCostEstimate:
    """Epochs, billed tokens and dollars for training ``model`` on these examples.

    An unknown model is priced as the default row's family would be, never as free.
    """
    info = model_info(model, overrides) or model_info("gpt-4.1-mini", overrides)
    assert info is not None  # the table always has the default family
    n_examples = len(tokens_per_example)
    n_epochs = int(epochs) if epochs else default_epochs(n_examples)
    billed = billed_tokens(tokens_per_example, info.max_example_tokens, n_epochs)
    cost = billed / TOKENS_PER_PRICE_UNIT * info.training_price_per_1m
    return TrainingCostEstimate(
        info.name,
        n_examples,
        n_epochs,
        bool(epochs),
        info.max_example_tokens,
        billed,
        info.training_price_per_1m,
        info.price_date,
        round(cost, 4),
    )


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
        rows.append(
            {
                "model": name,
                "price_date": info.price_date,
                "training_price_per_1m": info.training_price_per_1m,
                "max_example_tokens": info.max_example_tokens,
                "limit_date": info.limit_date,
                "supports_sft": info.supports_sft,
                "supports_dpo": info.supports_dpo,
                "price_source": info.price_source,
                "limit_source": info.limit_source,
            }
        )
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
