"""Exactly what a fine-tune will upload, decided in one place for Preview, the Fine-tune page and the launch.

The plan starts from the project's recorded split (or the split the launch
would draw and record now: the same ids, ratio and seed), then applies the
rules that make a launch pass the provider's checks:

- With fewer than ``SMALL_DATASET`` examples (pairs for DPO) everything is
  trained on: a validation part that small measures nothing, and the model
  needs every example.
- A validation file is only uploaded when both files keep the provider's
  minimum; otherwise the held-out examples are trained on too (never
  silently dropped), and the plan says why.
- A training file below the provider's minimum blocks the launch.

Each provider's minimum per method lives in ``MINIMUM_EXAMPLES`` and nowhere
else. A provider that isn't listed (an OpenAI-compatible server) is held to
OpenAI's rules, since it answers OpenAI's API.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.data.store import Store
from core.dataset.split import DEFAULT_SEED, DEFAULT_VALID_RATIO, eligible_ids, is_current, latest_split, split_ids

METHOD_SUPERVISED = "supervised"
METHOD_DPO = "dpo"
# The same names as core.providers.client's PROVIDER_* (kept apart so the CLI validator needn't import the SDK).
PROVIDER_OPENAI = "openai"
PROVIDER_AZURE = "azure"
PROVIDER_TOGETHER = "together"

# Fewest examples (DPO: preference pairs) each file may hold, per provider and method.
MINIMUM_EXAMPLES: dict[str, dict[str, int]] = {
    PROVIDER_OPENAI: {METHOD_SUPERVISED: 10, METHOD_DPO: 10},
    PROVIDER_AZURE: {METHOD_SUPERVISED: 10, METHOD_DPO: 10},
    # Together checks only that a file isn't empty: ``MIN_SAMPLES = 1`` in its official SDK (together-py,
    # src/together/lib/constants.py), the same for supervised and preference files and for every model
    # (checked 2026-11-29). The small-dataset rule above still keeps tiny datasets whole.
    PROVIDER_TOGETHER: {METHOD_SUPERVISED: 1, METHOD_DPO: 1},
}
RULES_FALLBACK = PROVIDER_OPENAI
SMALL_DATASET = 20

VALID_UPLOADED = "uploaded"
VALID_SMALL_DATASET = "small_dataset"  # fewer than SMALL_DATASET: all train
VALID_OFF = "off"  # the user chose not to upload one
VALID_NONE_HELD_OUT = "none_held_out"  # the split holds nothing out (ratio 0)
VALID_BELOW_MINIMUM = "valid_below_minimum"  # the held-out part is under the provider's minimum
TRAIN_BELOW_MINIMUM = "train_below_minimum"  # holding out would leave training under the minimum


def minimum_examples(provider: str, method: str = METHOD_SUPERVISED) -> int:
    """The fewest examples (pairs for DPO) a file may hold at ``provider`` for ``method``."""
    rules = MINIMUM_EXAMPLES.get(provider) or MINIMUM_EXAMPLES[RULES_FALLBACK]
    return rules[method]


@dataclass(frozen=True)
class UploadPlan:
    """What the launch sends: which examples go into which file, how many lines each, and why."""

    provider: str
    method: str
    minimum: int
    train_ids: list[int]  # examples whose lines make the training file
    valid_ids: list[int]  # examples whose lines make the validation file (empty: none uploaded)
    train_count: int  # lines in the training file (pairs for DPO)
    valid_count: int  # lines in the validation file
    total: int  # lines both files would hold together
    held_out: int  # lines the split held out, before the rules above
    validation: str  # VALID_* / TRAIN_BELOW_MINIMUM: what happened to validation
    left_out: int  # DPO: examples that make no pair
    split_id: int | None  # the recorded split followed (None: the launch will record one)
    split_current: bool

    @property
    def blocked(self) -> bool:
        """True when the training file would be refused for holding too few examples."""
        return self.train_count < self.minimum

    @property
    def missing(self) -> int:
        """How many more examples (pairs) the training file needs to reach the minimum."""
        return max(self.minimum - self.train_count, 0)


def _counter(store: Store, project_id: int, method: str) -> Callable[[list[int]], tuple[int, int]]:
    """ids → (lines those examples make, examples left out) for the method."""
    if method != METHOD_DPO:
        return lambda ids: (len(ids), 0)
    from core.dataset.preference_pairs import build_pairs

    def count(ids: list[int]) -> tuple[int, int]:
        if not ids:
            return 0, 0
        build = build_pairs(store, project_id, ids=ids)
        return len(build.pairs), build.left_out_total

    return count


def plan_upload(
    store: Store,
    project_id: int,
    method: str = METHOD_SUPERVISED,
    provider: str = PROVIDER_OPENAI,
    use_validation: bool = True,
) -> UploadPlan:
    """The upload a launch would make now, from the project's split, the method and the provider's minimum."""
    split = latest_split(store, project_id)
    current = split is not None and is_current(store, split)
    if split is not None and current:
        train_ids, valid_ids = list(split.train_ids), list(split.valid_ids)
    else:  # the split the launch will draw and record: same settings, so the same ids
        ratio = split.valid_ratio if split else DEFAULT_VALID_RATIO
        seed = split.seed if split else DEFAULT_SEED
        approved_only = split.approved_only if split else True
        train_ids, valid_ids = split_ids(eligible_ids(store, project_id, approved_only), ratio, seed)
    count = _counter(store, project_id, method)
    minimum = minimum_examples(provider, method)
    (n_train, out_train), (n_valid, out_valid) = count(train_ids), count(valid_ids)
    total = n_train + n_valid
    if total < SMALL_DATASET:
        reason = VALID_SMALL_DATASET
    elif not use_validation:
        reason = VALID_OFF
    elif n_valid == 0:
        reason = VALID_NONE_HELD_OUT
    elif n_valid < minimum:
        reason = VALID_BELOW_MINIMUM
    elif n_train < minimum:
        reason = TRAIN_BELOW_MINIMUM
    else:
        reason = VALID_UPLOADED
    if reason == VALID_UPLOADED:
        final_train, final_valid, counts = train_ids, valid_ids, (n_train, n_valid)
    else:  # the held-out examples are trained on, never silently dropped
        final_train, final_valid, counts = sorted(train_ids + valid_ids), [], (total, 0)
    return UploadPlan(
        provider,
        method,
        minimum,
        final_train,
        final_valid,
        counts[0],
        counts[1],
        total,
        n_valid,
        reason,
        out_train + out_valid,
        split.id if split is not None and current else None,
        current,
    )


def provider_label(provider: str, lang: str) -> str:
    """The provider whose rules apply, by name ("OpenAI" for a compatible server: it follows OpenAI's)."""
    from core.i18n import t

    return t(f"plan.provider.{provider if provider in MINIMUM_EXAMPLES else RULES_FALLBACK}", lang)


def plan_lines(plan: UploadPlan, lang: str) -> list[tuple[str, str]]:
    """(kind, text) lines in plain words: what is uploaded, why there is no validation file, what blocks."""
    from core.i18n import t

    unit = t(f"plan.unit.{plan.method}", lang)
    provider = provider_label(plan.provider, lang)
    if plan.blocked:
        return [
            (
                "error",
                t(
                    "plan.blocked",
                    lang,
                    provider=provider,
                    minimum=plan.minimum,
                    unit=unit,
                    count=plan.train_count,
                    method=t(f"finetune.method.{plan.method}", lang),
                ),
            ),
            ("markdown", t(f"plan.fix.{plan.method}", lang, missing=plan.missing)),
        ]
    if plan.valid_count:
        lines = [("info", t("plan.upload_with_valid", lang, train=plan.train_count, valid=plan.valid_count, unit=unit))]
    else:
        lines = [("info", t("plan.upload_train_only", lang, train=plan.train_count, unit=unit))]
    if plan.validation != VALID_UPLOADED:
        lines.append(
            (
                "caption",
                t(
                    f"plan.why.{plan.validation}",
                    lang,
                    threshold=SMALL_DATASET,
                    total=plan.total,
                    held=plan.held_out,
                    minimum=plan.minimum,
                    provider=provider,
                ),
            )
        )
    return lines
