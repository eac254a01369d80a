"""Training on Together AI, before the launch: which base models it fine-tunes (with limits), and its price.

The launch itself is the provider-neutral one (``begin_launch``/``start_launch`` with the
Together connection); this module only adds what Together has and OpenAI hasn't: a
list of supported base models with each one's limits, and Together's own price
estimate (``/fine-tunes/estimate-price``), which needs the training file uploaded
first (uploading costs nothing; only the launch spends, through the one spend gate).
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from core.data.store import Store
from core.dataset.split import dataset_hash
from core.dataset.upload_plan import plan_upload
from core.providers.client import PROVIDER_TOGETHER, ConnectionSettings
from core.providers.finetuning import JobSpec, registry
from core.providers.finetuning.together import (
    DEFAULTS,
    HYPERPARAMETERS,
    INTEGER_NAMES,
    TRAINING_FULL,
    TogetherFineTuning,
)
from core.workflows.finetune.jobs import JobRow, LaunchRequest
from core.workflows.finetune.launch import build_files

LIMIT_LOOKUPS_AT_ONCE = 8


@dataclass(frozen=True)
class CatalogModel:
    """One base model Together can fine-tune, with the limits the page shows."""

    name: str
    context_sft: int | None
    context_dpo: int | None
    max_epochs: int | None
    max_lora_rank: int | None
    default_lora_rank: int | None
    full_training: bool
    # Together merges the trained weights into a full model: it is served from a dedicated endpoint only.
    dedicated_endpoint: bool


@dataclass(frozen=True)
class TogetherQuote:
    """Together's estimate for one exact launch (``choices`` names it, so a changed choice needs a new one)."""

    usd: float | None
    allowed: bool
    train_tokens: int | None
    eval_tokens: int | None
    user_limit_usd: float | None
    train_examples: int
    valid_examples: int
    choices: str


def _adapter(settings: ConnectionSettings) -> TogetherFineTuning:
    adapter = registry.for_connection(settings)
    assert isinstance(adapter, TogetherFineTuning)
    return adapter


def catalog_model(limits: dict[str, Any]) -> CatalogModel:
    """Together's limits object → the row the page shows."""
    lora = limits.get("lora_training") or {}
    return CatalogModel(
        str(limits.get("model_name")),
        limits.get("max_seq_length_sft"),
        limits.get("max_seq_length_dpo"),
        limits.get("max_num_epochs"),
        lora.get("max_rank"),
        lora.get("default_rank"),
        bool(limits.get("supports_full_training") or limits.get("full_training")),
        bool(limits.get("merge_output_lora")),
    )


def catalog(settings: ConnectionSettings) -> list[CatalogModel]:
    """Every base model Together fine-tunes for this key, with its limits (this is also the connection test)."""
    adapter = _adapter(settings)
    names = adapter.supported_models()
    with ThreadPoolExecutor(max_workers=LIMIT_LOOKUPS_AT_ONCE) as pool:
        return [catalog_model(limits) for limits in pool.map(adapter.model_limits, names)]


def default_hyperparameters(method: str) -> dict[str, Any]:
    """Together's defaults for ``method``'s hyperparameters (what the form starts with)."""
    return {name: DEFAULTS[name] for name in HYPERPARAMETERS[method]}


def together_request(request: LaunchRequest) -> LaunchRequest:
    """The same request, for Together (its hyperparameter names apply)."""
    return replace(request, provider=PROVIDER_TOGETHER)


def choices_key(store: Store, project_id: int, request: LaunchRequest) -> str:
    """A fingerprint of everything a price depends on (the choices and the exact lines that would be sent):
    a quote is offered only for the very launch it priced."""
    request = together_request(request)
    plan = plan_upload(store, project_id, request.method, PROVIDER_TOGETHER, request.use_validation)
    lines = dataset_hash(store, project_id, plan.train_ids, plan.valid_ids)
    text = json.dumps([request.base_model, request.method_payload(), request.use_validation, lines], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def quote(store: Store, project_id: int, request: LaunchRequest, settings: ConnectionSettings) -> TogetherQuote:
    """Upload the files this launch would train on and ask Together what the job would cost; nothing is spent."""
    request = together_request(request)
    choices = choices_key(store, project_id, request)
    files = build_files(store, project_id, request, PROVIDER_TOGETHER)
    adapter = _adapter(settings)
    train = adapter.upload_file("estimate-train.jsonl", files.train)
    valid = adapter.upload_file("estimate-valid.jsonl", files.valid) if files.valid else None
    estimate = adapter.estimate_price(JobSpec(request.base_model, train, request.method_payload(), valid))
    return TogetherQuote(
        estimate.usd,
        estimate.allowed,
        estimate.train_tokens,
        estimate.eval_tokens,
        estimate.user_limit_usd,
        files.train_count,
        files.valid_count,
        choices,
    )


def parse_value(name: str, text: str | None) -> Any:
    """One hyperparameter box → its value: empty is Together's default, "auto"/"max" where Together takes them.

    Raises ``ValueError`` for anything else that is not a number.
    """
    cleaned = (text or "").strip().lower()
    default = DEFAULTS[name]
    if not cleaned:
        return default
    if cleaned in ("auto", "max") and cleaned == default:
        return cleaned
    number = float(cleaned)
    if number < 0:
        raise ValueError(name)
    return int(number) if name in INTEGER_NAMES or name == "batch_size" else number


def read_request(
    method: str,
    model: str,
    training_type: str,
    texts: dict[str, str],
    suffix: str | None,
    seed: str | None,
    use_validation: bool,
) -> tuple[LaunchRequest, list[str]]:
    """The launch the Together form describes, and the names of boxes that don't hold a valid value."""
    chosen: dict[str, Any] = {"training_type": training_type}
    bad: list[str] = []
    for name, text in texts.items():
        try:
            chosen[name] = parse_value(name, text)
        except ValueError:
            bad.append(name)
    seed_value = None
    if seed and seed.strip():
        if seed.strip().isdigit():
            seed_value = int(seed.strip())
        else:
            bad.append("seed")
    request = LaunchRequest(method, model, chosen, suffix or None, seed_value, use_validation, PROVIDER_TOGETHER)
    return request, bad


def catalog_table(models: list[CatalogModel], lang: str) -> pd.DataFrame:
    """The base models and their limits as the page's table, in ``lang``."""
    from core.i18n import t

    def yes_no(flag: bool) -> str:
        return t("together.yes" if flag else "together.no", lang)

    return pd.DataFrame(
        [
            {
                t("together.col.model", lang): m.name,
                t("together.col.context", lang): m.context_sft,
                t("together.col.context_dpo", lang): m.context_dpo,
                t("together.col.epochs", lang): m.max_epochs,
                t("together.col.rank", lang): m.max_lora_rank,
                t("together.col.full", lang): yes_no(m.full_training),
                t("together.col.serving", lang): t(
                    "together.serving.dedicated" if m.dedicated_endpoint else "together.serving.serverless", lang
                ),
            }
            for m in models
        ]
    )


def needs_dedicated_endpoint(row: JobRow, settings: ConnectionSettings) -> bool:
    """Whether Together serves this finished fine-tune only from a dedicated endpoint (billed by the hour):
    a fully trained model always; a LoRA one when Together merges it into its base (the model's limits)."""
    if (row.settings.get("hyperparameters") or {}).get("training_type") == TRAINING_FULL:
        return True
    return bool(_adapter(settings).model_limits(row.base_model).get("merge_output_lora"))
