"""Where this user can still fine-tune, and the dates that decide it, per provider (no Streamlit here).

The answer depends on the day (``core.model_lifecycle``), on the provider the
connection points at, and on what the access check found. Best first:

1. the provider the connection points at, while it still trains and the check
   allows it (OpenAI until 2027-01-06 for organisations that still may; Azure
   for existing fine-tuning customers) or hasn't said no;
2. otherwise Together AI, which anyone can sign up to and which has announced
   no end to fine-tuning;
3. the other providers with their condition (OpenAI "if your organisation still
   may", Azure "if you already are a customer"), while they still train;
4. exporting the dataset, which is always possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.i18n import t
from core.model_lifecycle import (
    CALENDARS,
    FT_CLOSED_ALL_NEW_JOBS,
    FT_CLOSED_INACTIVE_60D,
    FT_CLOSED_NEVER_USED,
    ModelDates,
    ProviderCalendar,
    calendar,
)

ACCESS_YES = "yes"  # same values as ``core.providers.connection``
ACCESS_NO = "no"
ACCESS_UNKNOWN = "unknown"
EXPORT = "export"  # the advice that needs no provider
TOGETHER = "together"  # same value as ``core.providers.client``'s PROVIDER_TOGETHER
# Together has announced no end to fine-tuning; its bases and their limits come from its API.
TOGETHER_SOURCE = "https://docs.together.ai/docs/fine-tuning/supported-models"

PHASE_OPEN = "open"  # new jobs may start on some base
PHASE_CLOSED = "closed"  # no new jobs, but fine-tunes still answer
PHASE_GONE = "gone"  # every listed base and its fine-tunes are shut down


@dataclass(frozen=True)
class Advice:
    """One place to train (or export), with the values its sentence needs."""

    where: str  # a provider, or EXPORT
    key: str
    values: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str) -> str:
        return t(self.key, lang, **dict(self.values))


def phase(cal: ProviderCalendar, day: date) -> str:
    if cal.trainable(day):
        return PHASE_OPEN
    return PHASE_CLOSED if any(not m.is_shut_down(day) for m in cal.models if m.fine_tunable) else PHASE_GONE


def _families(names: list[str]) -> str:
    return ", ".join(dict.fromkeys(names))


def date_values(cal: ProviderCalendar, day: date) -> dict[str, str]:
    """Every date a provider's sentences may name, worked out from its calendar for ``day``."""
    trainable = cal.trainable(day)
    by_end: dict[date, list[str]] = {}
    for row in trainable:
        if row.training_ends:
            by_end.setdefault(row.training_ends, []).append(row.family)
    upcoming = sorted({m.shutdown for m in cal.models if m.shutdown and m.shutdown > day})
    next_shutdown = upcoming[0] if upcoming else None
    last_shutdown = max((m.shutdown for m in cal.models if m.shutdown), default=None)
    cutoff = cal.new_jobs_end
    last_day = cal.last_training_day(day)
    return {
        "cutoff": cutoff.isoformat() if cutoff else "",
        "days": str(max(0, (cutoff - day).days)) if cutoff else "",
        "last_day": (last_day - timedelta(days=1)).isoformat() if last_day else "",
        "shutdown": next_shutdown.isoformat()
        if next_shutdown
        else (last_shutdown.isoformat() if last_shutdown else ""),
        "shutdown_models": _families([m.name for m in cal.models if m.shutdown == (next_shutdown or last_shutdown)]),
        "gone_models": _families(
            [m.family for m in cal.models if m.is_shut_down(day) and m.fine_tunable and m.shutdown != next_shutdown]
        ),
        "training_ends": " / ".join(f"{end.isoformat()} ({_families(names)})" for end, names in sorted(by_end.items())),
        "models": _families([m.family for m in (trainable or cal.models) if m.fine_tunable]),
        "deployments": next((m.shutdown_text() for m in cal.models if m.shutdown), ""),
        # The announced successors: not fine-tunable and with no end date of their own.
        "not_tunable": _families([m.family for m in cal.models if not m.fine_tunable and m.shutdown is None]),
        "never": FT_CLOSED_NEVER_USED.isoformat(),
        "inactive": FT_CLOSED_INACTIVE_60D.isoformat(),
    }


def dates_note(provider: str, day: date, lang: str) -> str:
    """The dates that matter at this provider on ``day``, in one paragraph."""
    if provider == TOGETHER:
        return t("lifecycle.dates_together", lang, openai_cutoff=FT_CLOSED_ALL_NEW_JOBS.isoformat())
    cal = calendar(provider)
    return t(f"lifecycle.dates_{cal.provider}_{phase(cal, day)}", lang, **date_values(cal, day))


def where_to_train(provider: str, access: str, day: date) -> tuple[Advice, ...]:
    """Places to train, best first (see the module's docstring): here if the check allows it, else Together,
    then the other providers with their condition, then export. The first is the recommendation."""
    advice: list[Advice] = []
    here = CALENDARS.get(provider)
    allowed = access in (ACCESS_YES, ACCESS_UNKNOWN)
    kind = "here" if access == ACCESS_YES else "maybe"
    if here is not None and here.trainable(day) and allowed:
        advice.append(
            Advice(here.provider, f"lifecycle.advice_{kind}_{here.provider}", tuple(date_values(here, day).items()))
        )
    # On a Together connection it is the place to train; "maybe" until the connection check says yes.
    together_kind = ("here" if access == ACCESS_YES else "maybe") if provider == TOGETHER else "elsewhere"
    advice.append(Advice(TOGETHER, f"lifecycle.advice_{together_kind}_together"))
    for other in CALENDARS.values():
        if other.provider != provider and other.trainable(day):
            advice.append(
                Advice(
                    other.provider,
                    f"lifecycle.advice_elsewhere_{other.provider}",
                    tuple(date_values(other, day).items()),
                )
            )
    advice.append(Advice(EXPORT, "lifecycle.advice_export"))
    return tuple(advice)


def status_key(row: ModelDates, cal: ProviderCalendar, day: date) -> str:
    """Today's state of one base at one provider, as a string key."""
    if not row.fine_tunable:
        return "lifecycle.status_not_tunable"
    if row.is_shut_down(day):
        return "lifecycle.status_retired"
    return "lifecycle.status_trainable" if cal.is_open(day) and row.can_start_job(day) else "lifecycle.status_closed"


def table_rows(provider: str, day: date, lang: str) -> list[dict[str, str]]:
    """Every base the provider's calendar lists, retired ones marked, with both dates, in ``lang``."""
    cal = calendar(provider)
    rows = []
    for row in cal.models:
        ends = [d for d in (row.training_ends, cal.new_jobs_end) if d is not None]
        rows.append(
            {
                t("lifecycle.col_model", lang): row.name,
                t("lifecycle.col_status", lang): t(status_key(row, cal, day), lang),
                t("lifecycle.col_training_ends", lang): min(ends).isoformat() if ends and row.fine_tunable else "—",
                t("lifecycle.col_shutdown", lang): row.shutdown_text() or t("settings.pre_no_retirement", lang),
            }
        )
    return rows
