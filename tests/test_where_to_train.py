"""Where the preflight sends a user, on fixed days before and after 2027-01-06, in the three situations:
an OpenAI organisation that still may train, an existing Azure customer, and everyone else (Together)."""

from __future__ import annotations

from datetime import date

import pytest

from core import model_lifecycle
from core.data.store import NewExample
from core.i18n import t
from core.providers import where_to_train
from core.providers.client import PROVIDER_AZURE, PROVIDER_COMPATIBLE, PROVIDER_OPENAI
from core.providers.where_to_train import ACCESS_NO, ACCESS_UNKNOWN, ACCESS_YES, TOGETHER
from core.ui.state import SS_LANG, SS_PROVIDER, SS_TYPED_KEY
from tests.conftest import app_at

LAST_OPENAI_DAY = date(2027, 1, 5)
CUTOFF = date(2027, 1, 6)
BEFORE = (date(2026, 11, 29), LAST_OPENAI_DAY)
AFTER = (CUTOFF, date(2027, 1, 7), date(2027, 1, 15))


def _places(provider: str, access: str, day: date) -> list[str]:
    return [advice.where for advice in where_to_train.where_to_train(provider, access, day)]


def test_the_together_names_match_across_layers():
    from core.dataset.upload_plan import PROVIDER_TOGETHER
    from core.providers import client

    # The connection layer names Together too (once it offers it): every layer must use the same name.
    assert TOGETHER == PROVIDER_TOGETHER == getattr(client, "PROVIDER_TOGETHER", TOGETHER)


@pytest.mark.parametrize("day", BEFORE)
def test_an_openai_organisation_that_still_may_is_sent_to_openai_until_the_cutoff(day):
    advice = where_to_train.where_to_train(PROVIDER_OPENAI, ACCESS_YES, day)
    assert [a.where for a in advice] == [PROVIDER_OPENAI, TOGETHER, PROVIDER_AZURE, where_to_train.EXPORT]
    assert "2027-01-05" in advice[0].text("en") and "2027-01-05" in advice[0].text("ko")


@pytest.mark.parametrize("day", AFTER)
def test_from_the_cutoff_the_same_organisation_is_sent_to_together(day):
    for access in (ACCESS_YES, ACCESS_UNKNOWN, ACCESS_NO):
        places = _places(PROVIDER_OPENAI, access, day)
        assert places[0] == TOGETHER and PROVIDER_OPENAI not in places
    # Azure stays listed, with its condition, for whoever already is a customer there.
    azure = next(
        a for a in where_to_train.where_to_train(PROVIDER_OPENAI, ACCESS_YES, day) if a.where == PROVIDER_AZURE
    )
    assert "already an Azure fine-tuning customer" in azure.text("en")


@pytest.mark.parametrize("day", BEFORE + AFTER)
def test_an_existing_azure_customer_is_sent_to_azure_on_both_sides_of_the_cutoff(day):
    advice = where_to_train.where_to_train(PROVIDER_AZURE, ACCESS_YES, day)
    assert advice[0].where == PROVIDER_AZURE and advice[1].where == TOGETHER
    assert "2027-04-01" in advice[0].text("en") and "2027-04-14" in advice[0].text("ko")
    assert (PROVIDER_OPENAI in _places(PROVIDER_AZURE, ACCESS_YES, day)) == (day < CUTOFF)


@pytest.mark.parametrize("day", BEFORE + AFTER)
@pytest.mark.parametrize(
    ("provider", "access"),
    [
        (PROVIDER_OPENAI, ACCESS_NO),  # never fine-tuned, or no fine-tuned-model use in 60 days
        (PROVIDER_AZURE, ACCESS_NO),  # not an Azure fine-tuning customer
        (PROVIDER_COMPATIBLE, ACCESS_UNKNOWN),  # a chat-only server
    ],
)
def test_everyone_else_is_sent_to_together(day, provider, access):
    advice = where_to_train.where_to_train(provider, access, day)
    assert advice[0].where == TOGETHER and advice[-1].where == where_to_train.EXPORT
    assert advice[0].text("en") == t("lifecycle.advice_elsewhere_together", "en")
    assert "Together AI" in advice[0].text("ko") and "미리보기" in advice[0].text("ko")
    assert PROVIDER_AZURE not in [a.where for a in advice[:1]]


@pytest.mark.parametrize("day", BEFORE + AFTER)
def test_a_together_connection_is_the_place_to_train(day):
    assert where_to_train.where_to_train(TOGETHER, ACCESS_YES, day)[0].key == "lifecycle.advice_here_together"
    assert where_to_train.where_to_train(TOGETHER, ACCESS_UNKNOWN, day)[0].key == "lifecycle.advice_maybe_together"
    note = where_to_train.dates_note(TOGETHER, day, "en")
    assert "no end" in note and "2027-01-06" in note and "2027-01-06" in where_to_train.dates_note(TOGETHER, day, "ko")


@pytest.fixture
def project_id(store):
    pid = store.create_project("calendar")
    store.add_examples(pid, [NewExample(f"Question {i}?", f"Answer {i}.", status="approved") for i in range(12)])
    return pid


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(
    ("day", "key"),
    [("2027-01-05", "lifecycle.advice_maybe_openai"), ("2027-01-06", "lifecycle.advice_elsewhere_together")],
)
def test_the_finetune_page_recommends_by_todays_date(store, project_id, monkeypatch, lang, day, key):
    monkeypatch.setenv(model_lifecycle.ENV_TODAY, day)
    at = app_at("pages/5_Finetune.py")
    at.session_state[SS_LANG] = lang
    at.session_state[SS_PROVIDER] = PROVIDER_OPENAI
    at.session_state[SS_TYPED_KEY] = "sk-test-page-9999"
    at.run()
    assert not at.exception, at.exception
    first = f"- **{t('lifecycle.recommended', lang)}:** " + t(key, lang, last_day="2027-01-05") + "\n"
    assert any(m.value.startswith(first) for m in at.markdown), [m.value for m in at.markdown]
