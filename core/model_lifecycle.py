"""When each base model stops training and stops answering, per provider, with the source of every date.

Prices and limits live in ``core.pricing``; this module is the calendar. Each
provider has its own calendar (Azure trains the same models longer than OpenAI,
and only for customers who already fine-tune there). A provider added later
(Together, …) adds one ``ProviderCalendar`` to ``CALENDARS`` and its strings.

Every decision takes ``today``; when it is left out, ``today()`` answers, which
reads ``FINETUNE_STUDIO_TODAY`` (an ISO date) first so the app, its tests and
its screenshots can be run on a fixed day.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime

# Same values as ``core.providers.client`` (a lower layer can't import it).
PROVIDER_OPENAI = "openai"
PROVIDER_AZURE = "azure"
ENV_TODAY = "FINETUNE_STUDIO_TODAY"  # ISO date that replaces the real one (tests, screenshots, demos)
TABLE_AS_OF = date(2026, 11, 29)  # the day every date below was last checked against its source


def today() -> date:
    """The app's "today": ``FINETUNE_STUDIO_TODAY`` if set to an ISO date, else today's UTC date."""
    fixed = os.environ.get(ENV_TODAY, "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            pass  # a mistyped override must not stop the app; the real date is the safe answer
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class Source:
    """Where a date comes from and when it was last checked there."""

    title: str
    url: str
    checked: date = TABLE_AS_OF


OPENAI_DEPRECATIONS = Source(
    "OpenAI API deprecations: fine-tuning wind-down", "https://platform.openai.com/docs/deprecations"
)
AZURE_RETIREMENTS = Source(
    "Azure OpenAI in Microsoft Foundry: model deprecations and retirements",
    "https://learn.microsoft.com/azure/ai-foundry/openai/concepts/model-retirements",
)

# OpenAI's wind-down, organisation by organisation and then for everyone.
FT_CLOSED_NEVER_USED = date(2026, 5, 7)  # orgs that never fine-tuned can't start
FT_CLOSED_INACTIVE_60D = date(2026, 7, 2)  # orgs with no fine-tuned-model use in 60 days can't start
OPENAI_SHUTDOWN_WAVE_1 = date(2026, 10, 23)  # older bases and their fine-tunes, already gone
FT_CLOSED_ALL_NEW_JOBS = date(2027, 1, 6)  # no new jobs for anyone
GPT4O_41_FAMILY_SHUTDOWN = date(2027, 1, 14)  # the remaining snapshots and their fine-tunes
# Azure: "no earlier than" dates, so the app treats them as the last safe day to start.
AZURE_GPT4O_TRAINING_ENDS = date(2027, 4, 1)
AZURE_GPT41_TRAINING_ENDS = date(2027, 4, 14)
AZURE_DEPLOYMENTS_END = date(2027, 10, 1)  # announced as a month only: "until 2027-10"


@dataclass(frozen=True)
class ModelDates:
    """One base model on one provider: the first day no new job may start, and the first day it is gone.

    ``shutdown`` also ends its fine-tunes. ``None`` means no date is announced.
    """

    name: str
    family: str
    training_ends: date | None
    shutdown: date | None
    fine_tunable: bool = True
    shutdown_month_only: bool = False

    def shutdown_text(self) -> str:
        if self.shutdown is None:
            return ""
        return self.shutdown.isoformat()[:7] if self.shutdown_month_only else self.shutdown.isoformat()

    def is_shut_down(self, day: date) -> bool:
        return self.shutdown is not None and day >= self.shutdown

    def can_start_job(self, day: date) -> bool:
        return (
            self.fine_tunable
            and not self.is_shut_down(day)
            and (self.training_ends is None or day < self.training_ends)
        )


@dataclass(frozen=True)
class ProviderCalendar:
    """A provider's fine-tuning calendar: who may still train, until when, on which bases."""

    provider: str
    source: Source
    models: tuple[ModelDates, ...]
    new_jobs_end: date | None = None  # first day no one can start a job there
    existing_customers_only: bool = False  # only organisations that already fine-tune there may

    def dates_for(self, model: str) -> ModelDates | None:
        """The row of a snapshot, its alias or its fine-tune (``ft:<base>:…``); None if not listed."""
        name = model.strip()
        if name.startswith("ft:"):
            name = name.split(":")[1] if name.count(":") else name
        exact = next((m for m in self.models if m.name == name), None)
        return exact or next((m for m in self.models if m.family == name), None)

    def is_open(self, day: date) -> bool:
        return self.new_jobs_end is None or day < self.new_jobs_end

    def can_start_job(self, model: str, day: date) -> bool:
        row = self.dates_for(model)
        return row is not None and self.is_open(day) and row.can_start_job(day)

    def trainable(self, day: date) -> tuple[ModelDates, ...]:
        return tuple(m for m in self.models if self.is_open(day) and m.can_start_job(day))

    def last_training_day(self, day: date) -> date | None:
        """The latest first-day-closed among bases trainable on ``day`` (None: open-ended or none)."""
        ends = [
            min(d for d in (m.training_ends, m.shutdown, self.new_jobs_end) if d is not None)
            for m in self.trainable(day)
            if (m.training_ends or m.shutdown or self.new_jobs_end)
        ]
        return max(ends) if ends else None


def _gone(name: str, family: str, *, fine_tunable: bool = True) -> ModelDates:
    return ModelDates(name, family, OPENAI_SHUTDOWN_WAVE_1, OPENAI_SHUTDOWN_WAVE_1, fine_tunable)


def _until_jan(name: str, family: str) -> ModelDates:
    return ModelDates(name, family, FT_CLOSED_ALL_NEW_JOBS, GPT4O_41_FAMILY_SHUTDOWN)


OPENAI = ProviderCalendar(
    PROVIDER_OPENAI,
    OPENAI_DEPRECATIONS,
    new_jobs_end=FT_CLOSED_ALL_NEW_JOBS,
    models=(
        _until_jan("gpt-4.1-2025-04-14", "gpt-4.1"),
        _until_jan("gpt-4.1-mini-2025-04-14", "gpt-4.1-mini"),
        # Shuts down with the others; it was never offered as a fine-tuning base, so none is offered here.
        ModelDates("gpt-4o-2024-11-20", "gpt-4o-2024-11-20", None, GPT4O_41_FAMILY_SHUTDOWN, fine_tunable=False),
        _until_jan("gpt-4o-2024-08-06", "gpt-4o"),
        _until_jan("gpt-4o-mini-2024-07-18", "gpt-4o-mini"),
        _gone("gpt-4.1-nano-2025-04-14", "gpt-4.1-nano"),
        _gone("gpt-4o-2024-05-13", "gpt-4o-2024-05-13"),
        _gone("gpt-3.5-turbo-0125", "gpt-3.5-turbo"),
        _gone("gpt-4-0613", "gpt-4"),
        _gone("o1-2024-12-17", "o1"),
        _gone("o3-mini-2025-01-31", "o3-mini"),
        _gone("o4-mini-2025-04-16", "o4-mini"),  # was the only base for reinforcement fine-tuning
        # The announced successor is reported as not fine-tunable: listed so no one waits for it.
        ModelDates("gpt-6-luna", "gpt-6-luna", None, None, fine_tunable=False),
    ),
)

AZURE = ProviderCalendar(
    PROVIDER_AZURE,
    AZURE_RETIREMENTS,
    existing_customers_only=True,
    models=tuple(
        ModelDates(name, family, ends, AZURE_DEPLOYMENTS_END, shutdown_month_only=True)
        for name, family, ends in (
            ("gpt-4.1-2025-04-14", "gpt-4.1", AZURE_GPT41_TRAINING_ENDS),
            ("gpt-4.1-mini-2025-04-14", "gpt-4.1-mini", AZURE_GPT41_TRAINING_ENDS),
            ("gpt-4o-2024-08-06", "gpt-4o", AZURE_GPT4O_TRAINING_ENDS),
            ("gpt-4o-mini-2024-07-18", "gpt-4o-mini", AZURE_GPT4O_TRAINING_ENDS),
        )
    ),
)

# Order matters: the preflight suggests other providers in this order.
CALENDARS: dict[str, ProviderCalendar] = {c.provider: c for c in (OPENAI, AZURE)}


def calendar(provider: str) -> ProviderCalendar:
    """The provider's calendar; an OpenAI-compatible server uses OpenAI's, whose model names it serves."""
    return CALENDARS.get(provider, OPENAI)


def can_start_job(model: str, provider: str, day: date | None = None) -> bool:
    """True when a new fine-tuning job on ``model`` may start at ``provider`` on ``day``."""
    return calendar(provider).can_start_job(model, day or today())


def is_shut_down(model: str, provider: str = PROVIDER_OPENAI, day: date | None = None) -> bool:
    """True when ``model`` (or the base of a fine-tune) no longer answers at ``provider`` on ``day``."""
    row = calendar(provider).dates_for(model)
    return row is not None and row.is_shut_down(day or today())


def trainable_anywhere(model: str, day: date | None = None) -> bool:
    """True when some provider in the table still trains ``model`` on ``day`` (for export-minded pages)."""
    return any(c.can_start_job(model, day or today()) for c in CALENDARS.values())
