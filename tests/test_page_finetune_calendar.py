"""The Fine-tune page on fixed days: the provider's dates, where to train, and which bases a new job may use."""

from __future__ import annotations

import pytest

from core import model_lifecycle
from core.data.store import NewExample
from core.i18n import t
from tests.conftest import app_at

PAGE = "pages/5_Finetune.py"


@pytest.fixture
def project_id(store):
    pid = store.create_project("calendar")
    store.add_examples(pid, [NewExample(f"Question {i}?", f"Answer number {i}.", status="approved") for i in range(12)])
    return pid


def _open(monkeypatch, day: str, lang: str, provider: str = "openai"):
    monkeypatch.setenv(model_lifecycle.ENV_TODAY, day)
    at = app_at(PAGE)
    at.session_state["lang"] = lang
    at.session_state["conn_provider"] = provider
    at.session_state["typed_api_key"] = "sk-test-page-9999"
    at.session_state["conn_base_url"] = "http://fake/v1"
    at.session_state["conn_azure_endpoint"] = "http://fake-azure"
    return at.run()


def _texts(at) -> str:
    return " ".join(str(e.value) for e in [*at.markdown, *at.info, *at.caption, *at.warning, *at.error])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_before_the_cutoff_openai_bases_are_offered_with_both_dates(store, project_id, monkeypatch, lang):
    at = _open(monkeypatch, "2026-11-29", lang)
    assert not at.exception
    assert set(at.selectbox(key="ft_w_model").options) == {
        "gpt-4.1-2025-04-14",
        "gpt-4.1-mini-2025-04-14",
        "gpt-4o-2024-08-06",
        "gpt-4o-mini-2024-07-18",
    }
    text = _texts(at)
    assert "2027-01-06" in text and "2027-01-14" in text
    # No access check ran in this session: OpenAI is offered with its condition, not as a certainty.
    assert t("lifecycle.advice_maybe_openai", lang, last_day="2027-01-05") in text
    assert t("lifecycle.advice_export", lang) in text


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_after_the_cutoff_no_openai_base_is_offered_for_a_new_job(store, project_id, monkeypatch, lang):
    at = _open(monkeypatch, "2027-01-07", lang)
    assert not at.exception
    assert not [s for s in at.selectbox if s.key == "ft_w_model"]
    text = _texts(at)
    assert t("lifecycle.no_base", lang) in text and "2027-01-14" in text
    assert (
        t("lifecycle.advice_here_openai", lang, last_day="2027-01-05", cutoff="2027-01-06", shutdown="2027-01-14")
        not in text
    )


def test_azure_still_offers_its_bases_after_openai_closed(store, project_id, monkeypatch):
    at = _open(monkeypatch, "2027-01-15", "en", provider="azure")
    assert not at.exception
    assert "gpt-4o-mini-2024-07-18" in at.selectbox(key="ft_w_model").options
    assert "2027-04-01" in _texts(at) and "2027-10" in _texts(at)
