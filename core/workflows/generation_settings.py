"""What a generation run is (its settings, its row, its progress) and the Generate page's saved choices.

``core.workflows.generation`` runs them; it re-exports every name here, so
``generation.GenSettings`` and the rest keep working.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.data.examples import SOURCE_GENERATED  # noqa: F401 - the store's name for a machine write
from core.data.store import Store
from core.pricing import DEFAULT_MODEL
from core.providers.request_runner import Limits

KIND_ANSWERS = "answers"
KIND_REGENERATE = "regenerate"  # started from Curate for a few rows; kept apart so the Generate
KIND_REPAIR = "repair"  # page keeps showing (and can resume) its own latest run
# The runs that answer rows; other kinds (questions written from documents) share the runs table.
ANSWER_KINDS: tuple[str, ...] = (KIND_ANSWERS, KIND_REGENERATE, KIND_REPAIR)
MODE_LIVE = "live"
MODE_BATCH = "batch"
# Run statuses in the store; "interrupted" is derived (running here, but no thread in this process).
STATUS_RUNNING = "running"
STATUS_PAUSED = "paused"
STATUS_CANCELLED = "cancelled"
STATUS_COMPLETED = "completed"
STATUS_FAILED = "failed"
STATUS_INTERRUPTED = "interrupted"
ACTIVE_STATUSES = (STATUS_RUNNING,)
# Which rows a run answers.
SCOPE_MISSING = "missing"
SCOPE_SELECTED = "selected"
SCOPE_FAILED = "failed"
SCOPE_ALL = "all"
SCOPES: tuple[str, ...] = (SCOPE_MISSING, SCOPE_SELECTED, SCOPE_FAILED, SCOPE_ALL)
SOURCE_REPAIR = "repair"
MAX_TEMPERATURE = 2.0
VARIANT_TEMPERATURE_STEP = 0.4


@dataclass(frozen=True)
class GenSettings:
    """What the user chose on the Generate page (stored with the run; never a key)."""

    model: str = DEFAULT_MODEL
    system_prompt: str = ""
    temperature: float = 0.7
    max_tokens: int = 800
    variants: int = 1
    mode: str = MODE_LIVE
    requests_per_minute: float = 500
    tokens_per_minute: float = 200_000
    max_concurrency: int | None = None  # None: the engine's default for these limits
    lang: str = "en"
    kind: str = KIND_ANSWERS
    instruction: str = ""  # repair runs: the reviewer's instruction

    def temperatures(self) -> list[float]:
        """One temperature per variant: the chosen one, then a little hotter for each further variant."""
        return [
            round(min(MAX_TEMPERATURE, self.temperature + VARIANT_TEMPERATURE_STEP * i), 2)
            for i in range(max(1, self.variants))
        ]

    def limits(self) -> Limits:
        return Limits(
            requests_per_minute=self.requests_per_minute,
            tokens_per_minute=self.tokens_per_minute,
            max_concurrency=self.max_concurrency,
            batch_pricing=self.mode == MODE_BATCH,
            lang=self.lang,
        )


@dataclass(frozen=True)
class GenRun:
    id: int
    project_id: int
    kind: str
    mode: str
    status: str
    settings: GenSettings
    external_id: str | None
    error: str | None
    cost_usd: float
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class RunProgress:
    """What the progress panel shows."""

    run: GenRun
    status: str  # the stored status, or "interrupted"
    total: int
    done: int
    failed: int
    remaining: int
    cost_usd: float
    rate_per_min: float | None
    eta_s: float | None
    waiting_s: float | None = None  # the engine is pausing every request for this long (rate limit)
    waiting_reason: str | None = None  # why (an ApiProblem kind such as "rate_limited")

    @property
    def fraction(self) -> float:
        return (self.done + self.failed) / self.total if self.total else 1.0


SETTING_OPTIONS = "generate_options"  # project setting: the Generate page's last choices
OPTION_NAMES = ("model", "temperature", "max_tokens", "variants", "mode", "requests_per_minute", "tokens_per_minute")


def load_options(store: Store, project_id: int, lang: str = "en") -> GenSettings:
    """The Generate page's settings for a project: its saved choices and its generation prompt."""
    from core.dataset.sample import SETTING_GENERATION_PROMPT

    saved = store.get_setting(project_id, SETTING_OPTIONS, {}) or {}
    clean = {k: v for k, v in saved.items() if k in OPTION_NAMES}
    prompt = store.get_setting(project_id, SETTING_GENERATION_PROMPT, "") or ""
    return GenSettings(**clean, system_prompt=prompt, lang=lang)


def save_option(store: Store, project_id: int, name: str, value: Any) -> None:
    """Remember one Generate-page choice at once (the prompt goes to its own project setting)."""
    from core.dataset.sample import SETTING_GENERATION_PROMPT

    if name == "system_prompt":
        store.set_setting(project_id, SETTING_GENERATION_PROMPT, value or "")
        return
    if name not in OPTION_NAMES:
        raise ValueError(f"unknown generation option {name!r}")
    # One transaction for read, change and write: two visitors changing two choices at once both land.
    store.update_setting(project_id, SETTING_OPTIONS, lambda saved: {**(saved or {}), name: value}, {})
