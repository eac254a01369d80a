"""The model calendar on the days that matter: which bases are offered, and where the preflight sends a user."""

from __future__ import annotations

from datetime import date

import pytest

from core import model_lifecycle, pricing
from core.providers import connection, where_to_train
from core.providers.client import PROVIDER_AZURE, PROVIDER_COMPATIBLE, PROVIDER_OPENAI
from core.providers.connection import (
    ACCESS_NO,
    ACCESS_UNKNOWN,
    ACCESS_YES,
    ConnectionCheck,
    Preflight,
)
from core.workflows import finetune_view

BEFORE_CUTOFF = date(2026, 11, 29)
AFTER_CUTOFF = date(2027, 1, 7)
AFTER_SHUTDOWN = date(2027, 1, 15)
AFTER_AZURE = date(2027, 4, 15)
DEAD = (
    "gpt-4.1-nano-2025-04-14",
    "gpt-3.5-turbo-0125",
    "gpt-4o-2024-05-13",
    "o4-mini-2025-04-16",
    "o1-2024-12-17",
    "o3-mini-2025-01-31",
    "gpt-4-0613",
)
SNAPSHOTS_UNTIL_JAN = {"gpt-4.1-2025-04-14", "gpt-4.1-mini-2025-04-14", "gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18"}
EVERY_DAY = (BEFORE_CUTOFF, AFTER_CUTOFF, AFTER_SHUTDOWN, AFTER_AZURE)


def test_provider_names_match_the_connection_layer() -> None:
    assert (model_lifecycle.PROVIDER_OPENAI, model_lifecycle.PROVIDER_AZURE) == (PROVIDER_OPENAI, PROVIDER_AZURE)


@pytest.mark.parametrize("method", ["supervised", "dpo"])
def test_bases_offered_on_each_day_per_provider(method: str) -> None:
    assert set(pricing.base_choices(method, PROVIDER_OPENAI, today=BEFORE_CUTOFF)) == SNAPSHOTS_UNTIL_JAN
    assert pricing.base_choices(method, PROVIDER_OPENAI, today=AFTER_CUTOFF) == []
    assert pricing.base_choices(method, PROVIDER_OPENAI, today=AFTER_SHUTDOWN) == []
    # Azure trains the same bases for existing customers until at least April.
    for day in (BEFORE_CUTOFF, AFTER_CUTOFF, AFTER_SHUTDOWN):
        assert set(pricing.base_choices(method, PROVIDER_AZURE, today=day)) == SNAPSHOTS_UNTIL_JAN
    assert set(pricing.base_choices(method, PROVIDER_AZURE, today=date(2027, 4, 2))) == {
        "gpt-4.1-2025-04-14",
        "gpt-4.1-mini-2025-04-14",
    }
    assert pricing.base_choices(method, PROVIDER_AZURE, today=AFTER_AZURE) == []


def test_the_last_day_before_the_cutoff_still_offers_openai() -> None:
    assert pricing.base_choices("supervised", PROVIDER_OPENAI, today=date(2027, 1, 5))
    assert pricing.base_choices("supervised", PROVIDER_OPENAI, today=date(2027, 1, 6)) == []


@pytest.mark.parametrize("day", EVERY_DAY)
@pytest.mark.parametrize("provider", [PROVIDER_OPENAI, PROVIDER_AZURE, PROVIDER_COMPATIBLE])
def test_a_dead_model_is_never_offered(day: date, provider: str) -> None:
    # Even when the key lists it, and through the Fine-tune page's own function.
    offered = finetune_view.base_models("supervised", list(DEAD) + ["gpt-4o-mini-2024-07-18"], provider)
    assert not set(DEAD) & set(offered)
    assert not set(DEAD) & set(pricing.base_choices("supervised", provider, list(DEAD), today=day))
    assert not set(DEAD) & {m.name for m in pricing.fine_tunable_models(today=day)}
    offers, missing = connection.offered_models(DEAD, day, provider)
    assert offers == [] and not set(DEAD) & set(missing)


def test_dead_models_are_not_fallback_chat_models_and_are_marked_in_the_table() -> None:
    assert "gpt-4.1-nano-2025-04-14" not in pricing.serving_models(PROVIDER_OPENAI, BEFORE_CUTOFF)
    assert "gpt-4o-mini-2024-07-18" in pricing.serving_models(PROVIDER_OPENAI, BEFORE_CUTOFF)
    assert "gpt-4o-mini-2024-07-18" not in pricing.serving_models(PROVIDER_OPENAI, AFTER_SHUTDOWN)
    assert pricing.MODELS["gpt-4.1-nano-2025-04-14"].retirement == date(2026, 10, 23)
    rows = {r["Model"]: r for r in where_to_train.table_rows(PROVIDER_OPENAI, BEFORE_CUTOFF, "en")}
    assert rows["gpt-4.1-nano-2025-04-14"]["Today"] == "retired (shut down)"
    assert rows["o4-mini-2025-04-16"]["Shuts down (with its fine-tunes)"] == "2026-10-23"
    assert rows["gpt-4o-2024-11-20"]["Shuts down (with its fine-tunes)"] == "2027-01-14"
    assert rows["gpt-4o-mini-2024-07-18"]["No new jobs from"] == "2027-01-06"
    assert rows["gpt-6-luna"]["Today"] == "not fine-tunable"
    azure = {r["Model"]: r for r in where_to_train.table_rows(PROVIDER_AZURE, AFTER_CUTOFF, "en")}
    assert azure["gpt-4o-2024-08-06"]["No new jobs from"] == "2027-04-01"
    assert azure["gpt-4.1-2025-04-14"]["Shuts down (with its fine-tunes)"] == "2027-10"
    assert "gpt-4.1-nano-2025-04-14" not in azure
    assert all(
        c.source.url.startswith("https://") and c.source.checked == date(2026, 11, 29)
        for c in model_lifecycle.CALENDARS.values()
    )


def _preflight(provider: str, access: str, day: date) -> Preflight:
    return Preflight(access=access, check=ConnectionCheck(ok=True), today=day, provider=provider)


def _where(pre: Preflight) -> list[str]:
    return [advice.where for advice in pre.advice]


def test_openai_before_the_cutoff_recommends_openai_only_when_the_org_still_may() -> None:
    allowed = _preflight(PROVIDER_OPENAI, ACCESS_YES, BEFORE_CUTOFF)
    assert _where(allowed) == ["openai", "together", "azure", "export"]
    first = allowed.advice[0].text("en")
    assert "2027-01-05" in first and "2027-01-06" in first and "2027-01-14" in first
    note = allowed.dates_note("en")
    assert "2027-01-06" in note and "2027-01-14" in note and "gpt-4o-mini-2024-07-18" in note
    assert "2027-01-06" in allowed.dates_note("ko") and "2027-01-14" in allowed.dates_note("ko")
    # Refused (never fine-tuned, or 60 days without use): Together, Azure for existing customers, export.
    assert _where(_preflight(PROVIDER_OPENAI, ACCESS_NO, BEFORE_CUTOFF)) == ["together", "azure", "export"]
    unknown = _preflight(PROVIDER_OPENAI, ACCESS_UNKNOWN, BEFORE_CUTOFF)
    assert _where(unknown) == ["openai", "together", "azure", "export"]
    assert "if your organisation" in unknown.advice[0].text("en")


@pytest.mark.parametrize("day", [AFTER_CUTOFF, AFTER_SHUTDOWN])
def test_openai_after_the_cutoff_is_never_recommended(day: date) -> None:
    for provider in (PROVIDER_OPENAI, PROVIDER_AZURE, PROVIDER_COMPATIBLE):
        for access in (ACCESS_YES, ACCESS_NO, ACCESS_UNKNOWN):
            assert "openai" not in _where(_preflight(provider, access, day))
    pre = _preflight(PROVIDER_OPENAI, ACCESS_YES, day)
    assert pre.cutoff_passed and "2027-01-06" in pre.verdict("en") and "2027-01-06" in pre.dates_note("en")
    assert _where(pre) == ["together", "azure", "export"]
    assert "2027-01-14" in pre.dates_note("en")


def test_azure_is_recommended_to_existing_customers_with_its_own_dates() -> None:
    for day in (BEFORE_CUTOFF, AFTER_CUTOFF, AFTER_SHUTDOWN):
        customer = _preflight(PROVIDER_AZURE, ACCESS_YES, day)
        assert customer.advice[0].where == "azure" and not customer.cutoff_passed
        note = customer.dates_note("en")
        assert "2027-04-01" in note and "2027-04-14" in note and "2027-10" in note and "existing" in note
        assert "2027-04-01" in customer.dates_note("ko") and "2027-10" in customer.dates_note("ko")
    # Not a customer: no Azure advice for this resource, OpenAI only while it still takes jobs.
    assert _where(_preflight(PROVIDER_AZURE, ACCESS_NO, BEFORE_CUTOFF)) == ["together", "openai", "export"]
    assert _where(_preflight(PROVIDER_AZURE, ACCESS_NO, AFTER_CUTOFF)) == ["together", "export"]
    closed = _preflight(PROVIDER_AZURE, ACCESS_YES, AFTER_AZURE)
    assert closed.cutoff_passed and _where(closed) == ["together", "export"] and "Azure" in closed.verdict("en")


def test_export_advice_is_true_today_in_both_languages() -> None:
    export = _preflight(PROVIDER_OPENAI, ACCESS_NO, AFTER_AZURE).advice[-1]
    assert export.where == "export"
    assert "Together" in export.text("en") and "Fireworks" in export.text("en") and "Preview" in export.text("en")
    assert "Together" in export.text("ko") and "JSONL" in export.text("ko") and "미리보기" in export.text("ko")


def test_today_can_be_fixed_for_a_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(model_lifecycle.ENV_TODAY, "2027-01-07")
    assert model_lifecycle.today() == AFTER_CUTOFF
    assert pricing.base_choices("supervised", PROVIDER_OPENAI) == []
    assert finetune_view.base_models("supervised", None, PROVIDER_OPENAI) == []
    monkeypatch.setenv(model_lifecycle.ENV_TODAY, "not a date")
    assert model_lifecycle.today() >= BEFORE_CUTOFF


def test_the_standin_refuses_a_job_on_a_shut_down_base_like_openai_does(standin) -> None:
    import io

    import openai

    from core.providers.client import make_client

    client = make_client(standin.connection())
    rows = b"".join(
        b'{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}\n' for _ in range(10)
    )
    uploaded = client.files.create(file=("t.jsonl", io.BytesIO(rows)), purpose="fine-tune")
    with pytest.raises(openai.BadRequestError):
        client.fine_tuning.jobs.create(model="gpt-4.1-nano-2025-04-14", training_file=uploaded.id)
    assert client.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=uploaded.id).id
