"""The models in a comparison: their kinds, prices and system prompts, and the project's picked contenders.

The picks are a project setting (a JSON list, no keys in it); every change to
it reads and writes that setting in one transaction
(``core.data.comparisons.update_project_settings``), so two visitors editing
different contenders never undo each other.

Keys never enter storage: a custom endpoint is stored with its base URL and an
``endpoint_id``; the page keeps that endpoint's key in session memory and
hands a ``ConnectionSettings`` to the run.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from core.data import comparisons as db
from core.data.store import Store
from core.dataset.sample import SETTING_GENERATION_PROMPT, SETTING_TRAINING_PROMPT
from core.errors import StudioError
from core.pricing import SETTING_OVERRIDES, ChatPrices, chat_prices
from core.providers.client import PROVIDER_COMPATIBLE, PROVIDER_TOGETHER, ConnectionSettings

KIND_BASE = "base"
KIND_FINE_TUNED = "fine_tuned"
KIND_CHECKPOINT = "checkpoint"
KIND_CUSTOM = "custom"
KINDS: tuple[str, ...] = (KIND_BASE, KIND_FINE_TUNED, KIND_CHECKPOINT, KIND_CUSTOM)

DEFAULT_MAX_TOKENS = 800
DEFAULT_TEMPERATURE = 0.0  # comparisons are about the model, not the dice


class CompareError(StudioError):
    """A problem the user can fix; ``code`` is a ``compare.error.*`` translation key suffix."""

    KEY_PREFIX = "compare.error."


@dataclass(frozen=True)
class Contender:
    """One model in a comparison, with the system prompt and price it runs with."""

    model: str
    kind: str = KIND_BASE
    system_prompt: str = ""
    label: str = ""
    base_url: str | None = None  # only for a custom endpoint
    endpoint_id: str | None = None  # names the session-only key of a custom endpoint
    input_price_per_1m: float | None = None
    output_price_per_1m: float | None = None
    temperature: float = DEFAULT_TEMPERATURE
    max_tokens: int = DEFAULT_MAX_TOKENS

    @property
    def name(self) -> str:
        return self.label.strip() or self.model

    @property
    def prices(self) -> ChatPrices | None:
        """The price this contender runs at; None when it is unknown (e.g. a custom endpoint)."""
        if self.input_price_per_1m is None or self.output_price_per_1m is None:
            return None
        return ChatPrices(self.input_price_per_1m, self.output_price_per_1m)

    @property
    def uid(self) -> str:
        """Stable within a project: the model, or the custom endpoint's id."""
        return self.endpoint_id or self.model

    @property
    def endpoint(self) -> str:
        """Contenders with the same endpoint share one client and one rate limit."""
        return (self.endpoint_id or "") if self.kind == KIND_CUSTOM else ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Contender:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def kind_of_model(model: str) -> str:
    """'ft:…:ckpt-step-88' → checkpoint, 'ft:…' → fine-tuned, anything else → base."""
    if model.startswith("ft:"):
        return KIND_CHECKPOINT if ":ckpt-step-" in model else KIND_FINE_TUNED
    return KIND_BASE


def default_prices(
    model: str, kind: str, overrides: Mapping[str, Any] | None = None
) -> tuple[float | None, float | None]:
    """(input, output) US$ per 1M tokens from ``core.pricing``; fine-tunes bill their own rate."""
    if kind == KIND_CUSTOM:
        return None, None
    prices = chat_prices(model, dict(overrides or {}), fine_tuned=kind in (KIND_FINE_TUNED, KIND_CHECKPOINT))
    if prices is None:
        return None, None
    return prices.input_per_1m, prices.output_per_1m


def default_system_prompt(store: Store, project_id: int, kind: str) -> str:
    """A fine-tune runs with the short training prompt; other models with the long generation prompt."""
    settings = store.get_settings(project_id)
    training = str(settings.get(SETTING_TRAINING_PROMPT) or "")
    generation = str(settings.get(SETTING_GENERATION_PROMPT) or "")
    if kind in (KIND_FINE_TUNED, KIND_CHECKPOINT):
        return training or generation
    return generation or training


def make_contender(
    store: Store,
    project_id: int,
    model: str,
    *,
    kind: str | None = None,
    base_url: str | None = None,
    endpoint_id: str | None = None,
    label: str = "",
    system_prompt: str | None = None,
) -> Contender:
    """A contender with the project's default prompt and the table's price for ``model``."""
    chosen_kind = kind or kind_of_model(model)
    prices = default_prices(model, chosen_kind, store.get_setting(project_id, SETTING_OVERRIDES, {}))
    prompt = default_system_prompt(store, project_id, chosen_kind) if system_prompt is None else system_prompt
    return Contender(
        model=model.strip(),
        kind=chosen_kind,
        system_prompt=prompt,
        label=label,
        base_url=base_url,
        endpoint_id=endpoint_id,
        input_price_per_1m=prices[0],
        output_price_per_1m=prices[1],
    )


# A model served by Together (a Together fine-tune, or its base model) is an endpoint of its own:
# ``endpoint_id`` is this prefix and the model, and it runs on the session's Together connection.
TOGETHER_ENDPOINT_PREFIX = "together:"


def is_together(contender: Contender) -> bool:
    return (contender.endpoint_id or "").startswith(TOGETHER_ENDPOINT_PREFIX)


def together_contender(store: Store, project_id: int, model: str, *, fine_tuned: bool) -> Contender:
    """A model answered through Together's OpenAI-compatible chat endpoint (price unknown until typed in)."""
    kind = KIND_FINE_TUNED if fine_tuned else KIND_BASE
    return make_contender(
        store,
        project_id,
        model,
        kind=KIND_CUSTOM,
        endpoint_id=TOGETHER_ENDPOINT_PREFIX + model.strip(),
        system_prompt=default_system_prompt(store, project_id, kind),
    )


def add_together_contenders(store: Store, project_id: int, models: Sequence[tuple[str, bool]]) -> list[Contender]:
    """Add Together models ((model, is a fine-tune) pairs) that are not picked yet; returns the new picks."""
    fresh = [together_contender(store, project_id, model, fine_tuned=tuned) for model, tuned in models]

    def change(current: list[Contender]) -> list[Contender]:
        known = {c.uid for c in current}
        return [*current, *(c for c in fresh if c.uid not in known)]

    return update_contenders(store, project_id, change)


def connection_for(
    contender: Contender,
    session: ConnectionSettings,
    endpoint_keys: Mapping[str, str],
    together: ConnectionSettings | None = None,
) -> ConnectionSettings:
    """The connection a contender runs on: the session's, Together's, or its own endpoint with its own key."""
    if is_together(contender):
        # Together's key and owner-key binding come with ``together``; without it there is no key to send.
        return together or ConnectionSettings(provider=PROVIDER_TOGETHER, timeout_s=session.timeout_s)
    if contender.kind != KIND_CUSTOM:
        return session
    return ConnectionSettings(
        provider=PROVIDER_COMPATIBLE,
        api_key=endpoint_keys.get(contender.endpoint_id or ""),
        base_url=contender.base_url,
        timeout_s=session.timeout_s,
    )


# Project setting: the picked contenders (no keys in them).
SETTING_CONTENDERS = "compare_contenders"
EDITABLE_CONTENDER_FIELDS = frozenset(
    {"system_prompt", "input_price_per_1m", "output_price_per_1m", "label", "temperature", "max_tokens"}
)


def _decode(stored: Any) -> list[Contender]:
    return [Contender.from_dict(c) for c in stored or []]


def saved_contenders(store: Store, project_id: int) -> list[Contender]:
    """The contenders picked for this project, as last saved (survives reloads and restarts)."""
    return _decode(store.get_setting(project_id, SETTING_CONTENDERS, []))


def save_contenders(store: Store, project_id: int, contenders: Sequence[Contender]) -> None:
    store.set_setting(project_id, SETTING_CONTENDERS, [c.to_dict() for c in contenders])


def update_contenders(
    store: Store, project_id: int, change: Callable[[list[Contender]], list[Contender]]
) -> list[Contender]:
    """Read the picks, apply ``change`` and save the result, all in one transaction; returns the new picks."""
    result: list[Contender] = []

    def apply(current: dict[str, Any]) -> dict[str, Any]:
        result[:] = change(_decode(current.get(SETTING_CONTENDERS)))
        return {SETTING_CONTENDERS: [c.to_dict() for c in result]}

    db.update_project_settings(store, project_id, [SETTING_CONTENDERS], apply)
    return result


def choose_models(store: Store, project_id: int, models: Sequence[str]) -> list[Contender]:
    """Make ``models`` the picked (non-custom) contenders, keeping the edits of ones already picked."""

    def change(current: list[Contender]) -> list[Contender]:
        by_model = {c.model: c for c in current if c.kind != KIND_CUSTOM}
        chosen = [by_model.get(m) or make_contender(store, project_id, m) for m in dict.fromkeys(models) if m.strip()]
        return chosen + [c for c in current if c.kind == KIND_CUSTOM]

    return update_contenders(store, project_id, change)


def add_custom_contender(store: Store, project_id: int, model: str, base_url: str, label: str = "") -> Contender:
    """Add a model on another OpenAI-compatible endpoint (vLLM, Ollama…); its key stays with the caller."""
    clean_url = base_url.strip().rstrip("/")
    if not model.strip():
        raise CompareError("no_model")
    if not re.match(r"^https?://[^\s/]+", clean_url):
        raise CompareError("bad_base_url", url=clean_url)
    contender = make_contender(
        store,
        project_id,
        model,
        kind=KIND_CUSTOM,
        base_url=clean_url,
        endpoint_id="ep-" + secrets.token_hex(4),
        label=label.strip(),
    )
    update_contenders(store, project_id, lambda current: [*current, contender])
    return contender


def remove_contender(store: Store, project_id: int, uid: str) -> None:
    update_contenders(store, project_id, lambda current: [c for c in current if c.uid != uid])


def edit_contender(store: Store, project_id: int, uid: str, **changes: Any) -> None:
    """Change a picked contender's prompt, price or label (written at once)."""
    unknown = set(changes) - EDITABLE_CONTENDER_FIELDS
    if unknown:
        raise CompareError("unknown_fields", fields=sorted(unknown))
    update_contenders(
        store, project_id, lambda current: [replace(c, **changes) if c.uid == uid else c for c in current]
    )


SETTING_PRESELECTED = "compare_preselected"  # [fine-tune, base] the picker was last given by itself
JOB_SUCCEEDED = "succeeded"


def preselect_newest_fine_tune(store: Store, project_id: int) -> list[str] | None:
    """Pick the newest finished fine-tune against its base model, both with the training prompt.

    Only when nothing is picked yet, or the picks are still the previous pair this put there
    untouched (a newer fine-tune then takes its place). Returns the models picked, else None.
    """
    from core.workflows.finetune import list_project_jobs

    job = next(
        (j for j in list_project_jobs(store, project_id) if j.status == JOB_SUCCEEDED and j.fine_tuned_model), None
    )
    if job is None:
        return None
    pair = [str(job.fine_tuned_model), job.base_model]
    # The same prompt on both sides: the comparison is about what training changed, not the prompt.
    prompt = default_system_prompt(store, project_id, KIND_FINE_TUNED)
    on_together = job.provider == PROVIDER_TOGETHER  # then both answer through Together

    def contender(model: str, index: int) -> Contender:
        if on_together:
            return replace(together_contender(store, project_id, model, fine_tuned=index == 0), system_prompt=prompt)
        return make_contender(store, project_id, model, system_prompt=prompt)

    def change(stored: dict[str, Any]) -> dict[str, Any]:
        previous = stored.get(SETTING_PRESELECTED)
        current = _decode(stored.get(SETTING_CONTENDERS))
        picked = [c.model for c in current if c.kind != KIND_CUSTOM]
        if previous == pair or (picked and picked != previous):
            return {}
        chosen = [contender(model, index) for index, model in enumerate(pair)]
        uids = {c.uid for c in chosen}
        others = [c for c in current if c.kind == KIND_CUSTOM and c.uid not in uids]
        return {
            SETTING_CONTENDERS: [c.to_dict() for c in (*chosen, *others)],
            SETTING_PRESELECTED: pair,
        }

    written = db.update_project_settings(store, project_id, [SETTING_CONTENDERS, SETTING_PRESELECTED], change)
    return pair if written else None


def model_choices(store: Store, project_id: int, listed_models: Sequence[str]) -> list[str]:
    """What the picker offers: this project's fine-tunes and checkpoints, then the models the server lists.

    Only models that exist: nothing typed in. A model on another server is a custom contender.
    """
    return list(dict.fromkeys([*project_fine_tuned_models(store, project_id), *listed_models]))


def project_fine_tuned_models(store: Store, project_id: int) -> list[str]:
    """Fine-tuned and checkpoint models from this project's jobs (the fine-tune workflow owns the table)."""
    from core.workflows.finetune import fine_tuned_models

    return list(fine_tuned_models(store, project_id))
