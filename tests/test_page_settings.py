"""AppTest for the Connection page: provider fields, Test connection, preflight, and key isolation."""

from __future__ import annotations

from typing import Any

import pytest

from core import model_lifecycle, ui
from core.data.store import Store
from core.i18n import t
from tests.conftest import app_at
from tests.openai_standin import StandIn

PAGE = "pages/7_Settings.py"
W = "_w_settings_"
KEY_A = "sk-session-A-secret-7f3k9QzA"


def _texts(at: Any) -> str:
    """Every piece of text the page and sidebar show (values of inputs included)."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "success", "error", "warning", "info", "title", "subheader", "text"):
        parts.extend(str(element.value) for element in getattr(at, kind))
    parts.extend(str(widget.value) for widget in at.text_input)
    parts.extend(str(widget.value) for widget in at.text_area)
    parts.extend(str(frame.value) for frame in at.dataframe)
    return "\n".join(parts)


def _open(workspace: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    at = app_at(PAGE).run()
    assert not at.exception
    return at


def _point_at(at: Any, standin: StandIn) -> Any:
    at.text_input(key=W + ui.SS_BASE_URL).input(standin.base_url).run()
    return at


def test_a_key_typed_in_one_session_is_never_visible_or_used_in_another(
    workspace: Any, standin: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    standin.configure(valid_keys=[KEY_A])
    first, second = _open(workspace, monkeypatch), _open(workspace, monkeypatch)
    _point_at(first, standin)
    _point_at(second, standin)

    first.text_input(key=W + ui.SS_TYPED_KEY).input(KEY_A).run()
    first.button(key="_w_settings_test").click().run()
    assert not first.exception
    assert (
        first.success and t("settings.check_ok", "en", count=len(standin.world.model_ids())) == first.success[0].value
    )
    assert "…" + KEY_A[-4:] in _texts(first)
    assert KEY_A not in _texts(first).replace(str(first.text_input(key=W + ui.SS_TYPED_KEY).value), "")
    used_by_first = [r for r in standin.requests if KEY_A in r["headers"].get("authorization", "")]
    assert len(used_by_first) == 1

    second.run()
    second.button(key="_w_settings_test").click().run()
    assert not second.exception
    assert ui.SS_TYPED_KEY not in second.session_state
    assert KEY_A not in _texts(second) and KEY_A[-4:] not in _texts(second)
    assert second.error[0].value == t("settings.check_no_key", "en")
    assert second.sidebar.caption and t("sidebar.key_none", "en") in _texts(second)
    # The second session sent nothing with the first session's key.
    assert len([r for r in standin.requests if KEY_A in str(r["headers"])]) == 1


def test_bad_key_and_wrong_base_url_are_explained(
    workspace: Any, standin: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    standin.configure(valid_keys=["sk-right-key-0001"])
    at = _point_at(_open(workspace, monkeypatch), standin)
    at.text_input(key=W + ui.SS_TYPED_KEY).input("sk-wrong-key-0002").run()
    at.button(key="_w_settings_test").click().run()
    assert at.error[0].value == t("api_errors.invalid_key", "en")
    at.text_input(key=W + ui.SS_BASE_URL).input(standin.root_url).run()
    at.button(key="_w_settings_test").click().run()
    assert at.error[0].value == t("api_errors.wrong_base_url", "en")
    at.text_input(key=W + ui.SS_BASE_URL).input("localhost:8000").run()
    assert t("settings.bad_url", "en", url="localhost:8000") in [e.value for e in at.error]


def test_azure_fields_and_deployments(workspace: Any, standin: StandIn, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(workspace, monkeypatch)
    at.radio(key=W + ui.SS_PROVIDER).set_value("azure").run()
    assert at.session_state[ui.SS_PROVIDER] == "azure"
    shown = {widget.key for widget in at.text_input}
    assert W + ui.SS_AZURE_ENDPOINT in shown and W + ui.SS_ORGANIZATION not in shown
    at.text_input(key=W + ui.SS_AZURE_ENDPOINT).input(standin.root_url).run()
    at.text_area(key=W + ui.SS_AZURE_DEPLOYMENTS).input("gpt-4o-mini = my-mini\nbroken line").run()
    assert at.session_state[ui.SS_AZURE_DEPLOYMENTS] == {"gpt-4o-mini": "my-mini"}
    assert t("settings.azure_bad_lines", "en", lines="2") in [w.value for w in at.warning]
    at.text_input(key=W + ui.SS_TYPED_KEY).input(standin.api_key).run()
    at.button(key="_w_settings_test").click().run()
    assert at.success, [e.value for e in at.error]
    assert standin.requests[-1]["path"] == "/openai/models" and "api-key" in standin.requests[-1]["headers"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_preflight_shows_models_dates_and_where_to_train_before_the_cutoff(
    workspace: Any, standin: StandIn, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv(model_lifecycle.ENV_TODAY, "2026-11-29")
    with Store(workspace) as store:
        store.create_project("카페")
    at = _point_at(_open(workspace, monkeypatch), standin)
    at.session_state[ui.SS_LANG] = lang
    at.text_input(key=W + ui.SS_TYPED_KEY).input(standin.api_key).run()
    at.button(key="_w_settings_preflight").click().run()
    assert not at.exception
    assert at.success and t("settings.pre_yes", lang, count=4) == at.success[0].value
    table = at.dataframe[0].value
    offered = set(table[t("settings.pre_col_model", lang)])
    assert "gpt-4o-mini-2024-07-18" in offered and "gpt-4.1-nano-2025-04-14" not in offered
    assert set(table[t("settings.pre_col_retirement", lang)]) == {"2027-01-14"}
    assert set(table[t("lifecycle.col_training_ends", lang)]) == {"2027-01-06"}
    dates = next(i.value for i in at.info if "2027-01-06" in i.value)
    assert "2027-01-14" in dates and "38" in dates
    text = _texts(at)
    assert t("lifecycle.recommended", lang) in text and t("lifecycle.where", lang) in text
    assert t("lifecycle.advice_export", lang) in text
    openai_first = f"**{t('lifecycle.recommended', lang)}:** " + t(
        "lifecycle.advice_here_openai", lang, last_day="2027-01-05", cutoff="2027-01-06", shutdown="2027-01-14"
    )
    assert openai_first in text
    # The whole table, retired bases marked, with its source.
    full = at.dataframe[1].value
    nano = full[full[t("lifecycle.col_model", lang)] == "gpt-4.1-nano-2025-04-14"]
    assert list(nano[t("lifecycle.col_status", lang)]) == [t("lifecycle.status_retired", lang)]
    assert model_lifecycle.OPENAI_DEPRECATIONS.url in text


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_after_the_cutoff_the_preflight_never_recommends_openai(
    workspace: Any, standin: StandIn, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv(model_lifecycle.ENV_TODAY, "2027-01-07")
    at = _point_at(_open(workspace, monkeypatch), standin)
    at.session_state[ui.SS_LANG] = lang
    at.text_input(key=W + ui.SS_TYPED_KEY).input(standin.api_key).run()
    at.button(key="_w_settings_preflight").click().run()
    assert not at.exception
    assert at.error and t("settings.pre_cutoff_passed", lang, cutoff="2027-01-06") == at.error[0].value
    assert len(at.dataframe) == 1  # no base offered, only the model table
    text = _texts(at)
    assert "2027-01-14" in text
    assert f"**{t('lifecycle.recommended', lang)}:** " + t("lifecycle.advice_elsewhere_together", lang) in text
    assert (
        t(
            "lifecycle.advice_elsewhere_azure",
            lang,
            training_ends="2027-04-01 (gpt-4o, gpt-4o-mini) / 2027-04-14 (gpt-4.1, gpt-4.1-mini)",
        )
        in text
    )
    assert t("lifecycle.advice_export", lang) in text
    assert "advice_here_openai" not in text and "2027-01-05" not in text


def test_a_stored_refusal_is_shown_and_can_be_forgotten(
    workspace: Any, standin: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.providers import connection

    with Store(workspace) as store:
        project_id = store.create_project("Café")
        settings = standin.connection(base_url=standin.base_url)
        problem = connection.api_errors.classify(_forbidden_error(standin))
        assert connection.record_refusal(store, project_id, settings, problem) is not None
    at = _point_at(_open(workspace, monkeypatch), standin)
    at.text_input(key=W + ui.SS_TYPED_KEY).input(standin.api_key).run()
    at.button(key="_w_settings_preflight").click().run()
    assert at.error and "refused" in at.error[0].value
    at.button(key="_w_settings_forget_refusal").click().run()
    assert at.success and not at.error


def _forbidden_error(standin: StandIn) -> BaseException:
    import openai

    from core.providers.client import make_client

    standin.fault("ft_forbidden", method="GET")
    with pytest.raises(openai.PermissionDeniedError) as caught:
        make_client(standin.connection()).fine_tuning.jobs.list()
    return caught.value


def test_base_url_from_the_environment_is_shown_as_the_fields_placeholder(workspace, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:8765/v1")
    at = app_at("pages/7_Settings.py").run()
    assert not at.exception
    field = at.text_input(key="_w_settings_" + ui.SS_BASE_URL)
    assert field.value == ""
    assert field.placeholder == "http://127.0.0.1:8765/v1"
