"""A fine-tuning provider's own words (event lines, job errors) made readable in the page's language.

The provider writes its events and errors in English. A Korean reader gets a
Korean sentence first and the original text after it, untouched, so nothing
the provider said is lost and the original can still be searched for. Known
event lines are recognised by their wording (the API only types them as
``message`` or ``metrics``), known error codes by their code; anything else is
introduced by a generic "<provider> message:" lead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from core.i18n import t

PROVIDER_NAMES: dict[str, str] = {"openai": "OpenAI", "azure": "Azure OpenAI"}
LEVELS: dict[str, str] = {"info": "info", "warn": "warning", "warning": "warning", "error": "error"}
# Wording of the provider's event lines → the key of the sentence that leads them (values fill its placeholders).
EVENT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), key)
    for pattern, key in (
        (r"^Created fine-tuning job", "created"),
        (r"failed validation", "file_invalid"),
        (r"^Validating training file", "validating"),
        (r"^Files validated", "validated"),
        (r"^Fine-tuning job started", "started"),
        (r"^Step (?P<step>\d+)/(?P<total>\d+)", "step"),
        (r"^Checkpoint created at step (?P<step>\d+)", "checkpoint"),
        (r"^New fine-tuned model created", "model_created"),
        (r"^Evaluating model against our usage policies", "policy_check"),
        (r"^Usage policy evaluations completed", "policy_passed"),
        (r"successfully completed", "succeeded"),
        (r"\bpaused\b", "paused"),
        (r"\bresumed\b", "resumed"),
        (r"\bcancell?ed\b", "cancelled"),
        (r"\bfailed\b", "failed"),
    )
)
# Error codes a failed job reports, each with a sentence saying what to do.
KNOWN_ERROR_CODES: frozenset[str] = frozenset(
    {
        "invalid_training_file",
        "invalid_validation_file",
        "invalid_n_examples",
        "invalid_file_format",
        "content_policy_violation",
        "insufficient_quota",
        "server_error",
        "internal_error",
    }
)


def provider_name(provider: str | None) -> str:
    """ "azure" → "Azure OpenAI"; OpenAI and anything unknown → "OpenAI"."""
    return PROVIDER_NAMES.get(provider or "", PROVIDER_NAMES["openai"])


def level_label(level: str | None, lang: str) -> str:
    """An event level ("info", "warn", "error") in the page's language; an unknown level as it came."""
    known = LEVELS.get((level or "").lower())
    return t(f"provider_messages.level.{known}", lang) if known else (level or "")


def event_sentence(message: str, data: Mapping[str, Any] | None, lang: str) -> str | None:
    """The sentence that says what a known event line means, or None when the wording is not known."""
    for pattern, key in EVENT_PATTERNS:
        found = pattern.search(message)
        if found:
            return t(f"provider_messages.event.{key}", lang, **found.groupdict())
    if isinstance(data, Mapping) and data.get("step") is not None:  # a metrics line in another wording
        return t("provider_messages.event.step", lang, step=data.get("step"), total=data.get("total_steps") or "?")
    return None


def event_text(message: str | None, data: Mapping[str, Any] | None, lang: str, provider: str | None = None) -> str:
    """One event line for the events table: the original in English; in Korean, a Korean sentence first."""
    original = message or ""
    if lang == "en" or not original:
        return original
    sentence = event_sentence(original, data, lang)
    if sentence is None:
        return t("provider_messages.generic", lang, provider=provider_name(provider), original=original)
    return t("provider_messages.with_original", lang, sentence=sentence, original=original)


def job_error_text(code: str | None, detail: str | None, lang: str, provider: str | None = None) -> str:
    """Why a job failed: that it failed, a sentence for a known error code, then the provider's own words."""
    parts = [t("provider_messages.job_failed", lang)]
    if code in KNOWN_ERROR_CODES:
        parts.append(t(f"provider_messages.error.{code}", lang))
    parts.append(t("provider_messages.said", lang, provider=provider_name(provider), original=detail or code or ""))
    return " ".join(parts)
