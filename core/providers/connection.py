"""Connecting to the API: checking a connection and the fine-tuning preflight (no Streamlit here).

``check_connection`` lists the models a key can use and says in plain words
what is wrong when it can't. ``preflight`` answers, before anyone spends an
hour curating, whether this organisation can still fine-tune, on which base
models, until when, and what to do instead. A refused job creation is the
final word on access: the fine-tune page stores it with ``record_refusal``.

The API key is only ever read from the ``ConnectionSettings`` passed in; it is
never stored, logged or put in a message. A client is built per call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from core import model_lifecycle
from core.data import jobs as job_store
from core.data.store import Store, now_iso
from core.i18n import t
from core.i18n.timefmt import shown_time
from core.pricing import FT_CLOSED_ALL_NEW_JOBS, MODELS, ModelInfo, model_info
from core.providers import api_errors, where_to_train
from core.providers.api_errors import ApiProblem
from core.providers.client import (
    PROVIDER_AZURE,
    PROVIDER_COMPATIBLE,
    ConnectionSettings,
    effective_base_url,
    make_client,
)

# A connection check must answer quickly and say what is wrong, not retry for minutes.
CHECK_TIMEOUT_S = 15.0
SETTING_FT_REFUSAL = "ft_refusal"  # project setting: the last refused job creation (no key in it)
SETTING_REFUSALS_CLEARED_AT = "ft_refusals_cleared_at"  # refusals before this no longer decide access

ACCESS_YES = where_to_train.ACCESS_YES  # listing jobs works and nothing refused a create
ACCESS_NO = where_to_train.ACCESS_NO  # a create was refused, listing was refused, or the cut-off passed
ACCESS_UNKNOWN = where_to_train.ACCESS_UNKNOWN  # the check itself failed (no key, unreachable…)

# Answers to "list one fine-tuning job" that mean this endpoint/organisation can't fine-tune.
NO_ACCESS_KINDS = frozenset(
    {
        api_errors.KIND_FORBIDDEN,
        api_errors.KIND_FT_NOT_AVAILABLE,
        api_errors.KIND_NOT_FOUND,
        api_errors.KIND_WRONG_BASE_URL,
    }
)
# An endpoint without a fine-tuning API at all (vLLM, a proxy) answers 404 rather than 403.
NO_FT_ENDPOINT_KINDS = frozenset({api_errors.KIND_NOT_FOUND, api_errors.KIND_WRONG_BASE_URL})

# The verdict when a provider's calendar allows no new job any more.
CLOSED_VERDICTS: dict[str, str] = {
    model_lifecycle.PROVIDER_OPENAI: "settings.pre_cutoff_passed",
    model_lifecycle.PROVIDER_AZURE: "lifecycle.closed_azure",
}


@dataclass(frozen=True)
class ConnectionCheck:
    """The answer to "Test connection"."""

    ok: bool
    models: tuple[str, ...] = ()
    problem: ApiProblem | None = None
    missing_key: bool = False
    bad_url: bool = False
    missing_url: bool = False

    def message(self, lang: str) -> str:
        """One plain sentence: it works (with how many models), or what is wrong and what to do."""
        if self.missing_key:
            return t("settings.check_no_key", lang)
        if self.bad_url:
            return t("settings.check_bad_url", lang)
        if self.missing_url:
            return t("settings.check_missing_url", lang)
        if self.ok:
            return t("settings.check_ok", lang, count=len(self.models))
        assert self.problem is not None
        return api_errors.explain(self.problem, lang)


@dataclass(frozen=True)
class ModelOffer:
    """A fine-tunable base model this key can see: the last day to start a job on it, and its shutdown."""

    name: str
    supports_dpo: bool
    retirement: date | None
    days_left: int | None
    training_ends: date | None = None


@dataclass(frozen=True)
class Refusal:
    """A job creation the API refused: the truth about access for this endpoint and organisation."""

    at: str
    endpoint: str
    message: str


@dataclass(frozen=True)
class Preflight:
    """Whether fine-tuning can work here, on which models, until when — and the alternatives."""

    access: str
    check: ConnectionCheck
    access_problem: ApiProblem | None = None
    refusal: Refusal | None = None
    offered: tuple[ModelOffer, ...] = ()
    not_offered: tuple[str, ...] = ()
    today: date = field(default_factory=model_lifecycle.today)
    provider: str = model_lifecycle.PROVIDER_OPENAI
    cutoff: date = FT_CLOSED_ALL_NEW_JOBS

    @property
    def calendar(self) -> model_lifecycle.ProviderCalendar:
        return model_lifecycle.calendar(self.provider)

    @property
    def days_to_cutoff(self) -> int:
        return (self.cutoff - self.today).days

    @property
    def cutoff_passed(self) -> bool:
        """No new job can start at this provider any more, on any base."""
        return not self.calendar.trainable(self.today)

    @property
    def advice(self) -> tuple[where_to_train.Advice, ...]:
        """Where this user can still train, best first; exporting the dataset is always the last."""
        return where_to_train.where_to_train(self.provider, self.access, self.today)

    def dates_note(self, lang: str) -> str:
        """The dates that matter at this provider (OpenAI's cut-off and shutdown, Azure's own)."""
        return where_to_train.dates_note(self.provider, self.today, lang)

    def verdict(self, lang: str) -> str:
        """The headline: can this organisation fine-tune, and why we think so."""
        if self.cutoff_passed:
            return t(
                CLOSED_VERDICTS.get(self.calendar.provider, "settings.pre_cutoff_passed"),
                lang,
                **where_to_train.date_values(self.calendar, self.today),
            )
        if self.refusal is not None:
            return t("settings.pre_refused", lang, at=shown_time(self.refusal.at))
        if self.access == ACCESS_YES:
            if not self.offered:
                return t("settings.pre_no_models", lang)
            return t("settings.pre_yes", lang, count=len(self.offered))
        if self.access == ACCESS_NO and self.access_problem and self.access_problem.kind in NO_FT_ENDPOINT_KINDS:
            return t("settings.pre_no_ft_endpoint", lang)
        if self.access == ACCESS_NO:
            return (
                api_errors.explain(self.access_problem, lang)
                if self.access_problem
                else t("settings.pre_refused_list", lang)
            )
        return t("settings.pre_unknown", lang, reason=self.check.message(lang))


def validate_base_url(url: str | None) -> bool:
    """True when ``url`` is empty (use the default) or looks like an http(s) address."""
    if not url or not url.strip():
        return True
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def parse_deployments(text: str) -> tuple[dict[str, str], list[int]]:
    """Lines "model = deployment" → ({model: deployment}, numbers of lines that could not be read)."""
    mapping: dict[str, str] = {}
    bad_lines: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.strip().startswith("#"):
            continue
        model, sep, deployment = line.partition("=")
        if not sep or not model.strip() or not deployment.strip():
            bad_lines.append(number)
            continue
        mapping[model.strip()] = deployment.strip()
    return mapping, bad_lines


def format_deployments(mapping: Mapping[str, str]) -> str:
    return "\n".join(f"{model} = {deployment}" for model, deployment in mapping.items())


def endpoint_label(settings: ConnectionSettings) -> str:
    """Where the settings point, without the key: provider, address, organisation/project."""
    address = (
        (settings.azure_endpoint if settings.provider == PROVIDER_AZURE else None)
        or effective_base_url(settings)
        or "https://api.openai.com/v1"
    )
    extra = "/".join(part for part in (settings.organization, settings.project) if part)
    return f"{settings.provider}:{address.rstrip('/')}" + (f" ({extra})" if extra else "")


def _quick(settings: ConnectionSettings) -> ConnectionSettings:
    return settings.with_overrides(max_retries=0, timeout_s=min(settings.timeout_s, CHECK_TIMEOUT_S))


def check_connection(settings: ConnectionSettings) -> ConnectionCheck:
    """List the models this key can use; on failure say which kind of problem it is."""
    if not settings.has_key:
        return ConnectionCheck(ok=False, missing_key=True)
    address = settings.azure_endpoint if settings.provider == PROVIDER_AZURE else settings.base_url
    if not validate_base_url(address):
        return ConnectionCheck(ok=False, bad_url=True)
    # Only OpenAI has a default address; another server or Azure must be named.
    if (settings.provider == PROVIDER_COMPATIBLE and not effective_base_url(settings)) or (
        settings.provider == PROVIDER_AZURE and not (settings.azure_endpoint or effective_base_url(settings))
    ):
        return ConnectionCheck(ok=False, missing_url=True)
    try:
        raw = make_client(_quick(settings)).models.with_raw_response.list()
        # A web page (HTML, or JSON that isn't a model list) at this address is not an OpenAI API.
        if "json" not in raw.headers.get("content-type", ""):
            return ConnectionCheck(
                ok=False, problem=api_errors.make_problem(api_errors.KIND_WRONG_BASE_URL, status=raw.status_code)
            )
        page = raw.parse()
        if page.data is None:
            return ConnectionCheck(
                ok=False, problem=api_errors.make_problem(api_errors.KIND_WRONG_BASE_URL, status=raw.status_code)
            )
        models = tuple(sorted(model.id for model in page.data))
    except Exception as error:  # noqa: BLE001 - every failure becomes a plain sentence
        return ConnectionCheck(ok=False, problem=api_errors.classify(error))
    return ConnectionCheck(ok=True, models=models)


def offered_models(
    model_ids: tuple[str, ...], today: date | None = None, provider: str = model_lifecycle.PROVIDER_OPENAI
) -> tuple[list[ModelOffer], list[str]]:
    """Base models among ``model_ids`` on which ``provider`` takes a new job ``today``, and those the key lacks.

    A retired or shut-down base is neither offered nor reported missing: it can't be trained anywhere here.
    """
    today = today or model_lifecycle.today()
    cal = model_lifecycle.calendar(provider)
    seen: dict[str, ModelInfo] = {}
    for model_id in model_ids:
        if model_id.startswith("ft:"):
            continue
        info = model_info(model_id)
        if info is not None and (model_id == info.name or model_id == info.family):
            seen[info.name] = info
    trainable = [name for name in MODELS if cal.can_start_job(name, today)]
    offers = []
    for name in trainable:
        if name not in seen:
            continue
        dates = cal.dates_for(name)
        shutdown = dates.shutdown if dates else seen[name].retirement
        offers.append(
            ModelOffer(
                name,
                seen[name].supports_dpo,
                shutdown,
                (shutdown - today).days if shutdown else None,
                dates.training_ends if dates else None,
            )
        )
    return offers, [name for name in trainable if name not in seen]


def preflight(settings: ConnectionSettings, refusal: Refusal | None = None, today: date | None = None) -> Preflight:
    """Can this key's organisation fine-tune? Checked cheaply (list models, list one job).

    ``refusal`` is a stored refused create for this endpoint (see ``recorded_refusal``): it wins.
    """
    today = today or model_lifecycle.today()
    check = check_connection(settings)
    if not check.ok:
        return Preflight(access=ACCESS_UNKNOWN, check=check, refusal=refusal, today=today, provider=settings.provider)
    offers, missing = offered_models(check.models, today, settings.provider)
    access, problem = ACCESS_YES, None
    try:
        make_client(_quick(settings)).fine_tuning.jobs.list(limit=1)
    except Exception as error:  # noqa: BLE001
        problem = api_errors.classify(error)
        access = ACCESS_NO if problem.kind in NO_ACCESS_KINDS else ACCESS_UNKNOWN
    if refusal is not None or not model_lifecycle.calendar(settings.provider).trainable(today):
        access = ACCESS_NO
    return Preflight(
        access=access,
        check=check,
        access_problem=problem,
        refusal=refusal,
        offered=tuple(offers),
        not_offered=tuple(missing),
        today=today,
        provider=settings.provider,
    )


def record_refusal(
    store: Store, project_id: int, settings: ConnectionSettings, error: BaseException | ApiProblem
) -> Refusal | None:
    """Store a refused job creation (403 / fine-tuning not available) for this project and endpoint.

    Other errors (bad file, rate limit…) say nothing about access and are not stored. Returns the
    stored refusal, or None.
    """
    problem = error if isinstance(error, ApiProblem) else api_errors.classify(error)
    if problem.kind not in (api_errors.KIND_FT_NOT_AVAILABLE, api_errors.KIND_FORBIDDEN):
        return None
    refusal = Refusal(
        at=now_iso(), endpoint=endpoint_label(settings), message=api_errors.redact(problem.detail or problem.kind)
    )
    store.set_setting(
        project_id, SETTING_FT_REFUSAL, {"at": refusal.at, "endpoint": refusal.endpoint, "message": refusal.message}
    )
    return refusal


def recorded_refusal(store: Store, project_id: int, settings: ConnectionSettings) -> Refusal | None:
    """The stored refusal for this endpoint, if any (a different endpoint or organisation may work)."""
    value: Any = store.get_setting(project_id, SETTING_FT_REFUSAL)
    if not isinstance(value, dict) or value.get("endpoint") != endpoint_label(settings):
        return None
    return Refusal(at=str(value.get("at", "")), endpoint=str(value["endpoint"]), message=str(value.get("message", "")))


def clear_refusal(store: Store, project_id: int) -> None:
    """Forget stored refusals (after the user switched organisation, or to re-check).

    Refused launches in the fine-tune history stay there as history; only newer ones count again.
    """
    store.set_setting(project_id, SETTING_FT_REFUSAL, None)
    store.set_setting(project_id, SETTING_REFUSALS_CLEARED_AT, now_iso())


def project_refusal(store: Store, project_id: int, settings: ConnectionSettings) -> Refusal | None:
    """The refusal that decides access for this project and endpoint, if any.

    Either one stored with ``record_refusal``, or the newest launch the fine-tune page saw refused
    (status "refused" in ``ft_jobs``) with the same provider, unless the user cleared refusals since.
    """
    stored = recorded_refusal(store, project_id, settings)
    if stored is not None:
        return stored
    cleared = str(store.get_setting(project_id, SETTING_REFUSALS_CLEARED_AT) or "")
    refused = job_store.refused(store, project_id, settings.provider, since=cleared)
    if not refused:
        return None
    newest = max(refused, key=lambda row: row["updated_at"])
    detail = (newest["error"] or {}).get("detail") or (newest["error"] or {}).get("kind") or ""
    return Refusal(at=newest["updated_at"], endpoint=endpoint_label(settings), message=api_errors.redact(str(detail)))


def checked_at() -> str:
    return shown_time(datetime.now(UTC))
