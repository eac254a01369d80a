"""The one model table: limits, prices, methods and retirement dates, each with its source.

Every figure a page shows about a model (how many tokens an example may have,
what training costs, whether DPO is possible, when the model goes away) comes
from here. Users can override prices and limits per project (``overrides``),
because prices change more often than this app is released.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

# Dates that shape what the app tells users about OpenAI's fine-tuning wind-down.
FT_CLOSED_NEVER_USED = date(2026, 5, 7)       # orgs that never fine-tuned
FT_CLOSED_INACTIVE_60D = date(2026, 7, 2)     # orgs with no fine-tuned-model use in 60 days
FT_CLOSED_ALL_NEW_JOBS = date(2027, 1, 6)     # no new jobs for anyone
GPT4O_41_FAMILY_SHUTDOWN = date(2027, 1, 14)  # gpt-4o/4o-mini/4.1/4.1-mini and their fine-tunes

MAX_UPLOAD_BYTES = 512 * 1024 * 1024  # OpenAI's file upload limit for fine-tuning files
BATCH_DISCOUNT = 0.5                  # the Batch API bills half the live price

PRICE_SOURCE = "OpenAI pricing page (fine-tuning and model prices), as recorded by Fine-tune Studio"
PRICE_DATE = "2026-11-25"
LIMIT_SOURCE = "OpenAI fine-tuning guide (token limits per training example)"
LIMIT_DATE = "2026-11-25"
RETIREMENT_SOURCE = "OpenAI deprecations page (fine-tuning wind-down notice)"
RETIREMENT_DATE_SOURCE = "2026-11-25"

SETTING_OVERRIDES = "model_overrides"  # project setting: {model: {field: value}}
EDITABLE_FIELDS: tuple[str, ...] = ("max_example_tokens", "training_price_per_1m", "input_price_per_1m",
                                    "output_price_per_1m", "ft_input_price_per_1m", "ft_output_price_per_1m")


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


MODELS: dict[str, ModelInfo] = {m.name: m for m in (
    ModelInfo("gpt-4.1-2025-04-14", "gpt-4.1", "o200k_base", 65_536, True, True,
              25.00, 2.00, 8.00, 3.00, 12.00, GPT4O_41_FAMILY_SHUTDOWN),
    ModelInfo("gpt-4.1-mini-2025-04-14", "gpt-4.1-mini", "o200k_base", 65_536, True, True,
              5.00, 0.40, 1.60, 0.80, 3.20, GPT4O_41_FAMILY_SHUTDOWN),
    ModelInfo("gpt-4.1-nano-2025-04-14", "gpt-4.1-nano", "o200k_base", 32_768, True, True,
              1.50, 0.10, 0.40, 0.20, 0.80, None),
    ModelInfo("gpt-4o-2024-08-06", "gpt-4o", "o200k_base", 65_536, True, True,
              25.00, 2.50, 10.00, 3.75, 15.00, GPT4O_41_FAMILY_SHUTDOWN),
    ModelInfo("gpt-4o-mini-2024-07-18", "gpt-4o-mini", "o200k_base", 65_536, True, True,
              3.00, 0.15, 0.60, 0.30, 1.20, GPT4O_41_FAMILY_SHUTDOWN),
    ModelInfo("gpt-3.5-turbo-0125", "gpt-3.5-turbo", "cl100k_base", 16_385, True, False,
              8.00, 0.50, 1.50, 3.00, 6.00, None),
)}

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


def fine_tunable_models(method: str = "supervised") -> list[ModelInfo]:
    """Models that accept ``method`` ('supervised' or 'dpo'), newest family first."""
    wanted = "supports_dpo" if method == "dpo" else "supports_sft"
    return [m for m in MODELS.values() if getattr(m, wanted)]


def days_until(day: date | None, today: date | None = None) -> int | None:
    if day is None:
        return None
    return (day - (today or date.today())).days
