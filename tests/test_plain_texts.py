"""Plain wording: an empty table, one example, rates with a unit, the Cloud notice, what the project file leaves out."""

from __future__ import annotations

from pathlib import Path

from core.data.store import NewExample, Store
from core.i18n import t
from core.ui import hosting
from tests.conftest import app_at


def _texts(at) -> list[str]:
    return [str(e.value) for e in [*at.caption, *at.info, *at.markdown]]


def test_an_empty_filter_says_there_are_no_rows_not_rows_0_to_0(workspace):
    with Store(workspace) as store:
        project_id = store.create_project("Café")
        store.add_examples(project_id, [NewExample("q", "a")])
    at = app_at("pages/3_Curate.py").run()
    at.text_input(key="_w_curate_text").input("nothing matches this").run()
    assert not at.exception
    captions = _texts(at)
    assert t("plainfix.showing_none", "en", all=1) in captions
    assert not any("0–0" in c for c in captions)


def test_one_validation_example_is_not_called_examples():
    for lang in ("en", "ko"):
        text = t("plan.why.valid_below_minimum", lang, held=1, minimum=10, total=12, provider="OpenAI")
        assert "1 examples" not in text and "1" in text


def test_the_generation_rate_says_what_it_counts():
    assert t("generate.rate_value", "ko", rate=36130) == "분당 답변 36,130개"
    assert t("generate.rate_value", "en", rate=36130) == "36,130 answers/min"


def test_community_cloud_is_told_by_its_source_path_or_host_name():
    assert hosting.on_community_cloud(Path("/mount/src/fine-tune-studio"), "a1b2c3")
    assert hosting.on_community_cloud(Path("/app"), "streamlit")
    assert not hosting.on_community_cloud(Path("/home/me/fine-tune-studio"), "my-laptop")


def _home(workspace, monkeypatch, cloud: bool):
    monkeypatch.setattr(hosting, "on_community_cloud", lambda: cloud)
    with Store(workspace) as store:
        store.create_project("Café")
    return app_at().run()


def test_the_cloud_notice_shows_only_on_community_cloud(workspace, monkeypatch):
    local = _home(workspace, monkeypatch, cloud=False)
    assert not local.exception
    assert t("hosting.cloud_notice", "en") not in _texts(local)
    assert not any("Community Cloud" in text for text in _texts(local))
    monkeypatch.setattr(hosting, "on_community_cloud", lambda: True)
    assert t("hosting.cloud_notice", "en") in _texts(local.run())


def test_the_project_file_says_what_it_leaves_out(workspace, monkeypatch):
    at = _home(workspace, monkeypatch, cloud=False)
    assert t("hosting.file_leaves_out", "en") in _texts(at)
