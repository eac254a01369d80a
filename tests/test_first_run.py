"""The guided first run on the home page: two ways to start, each saying what it is for."""

from __future__ import annotations

import pytest

from core.data.store import Store
from core.i18n import t
from core.ui import SS_LANG
from tests.conftest import app_at


def _texts(at) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.caption, *at.subheader])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_newcomer_sees_both_ways_to_start_in_their_language(monkeypatch, workspace, lang):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    at = app_at()
    at.session_state[SS_LANG] = lang
    at.run()
    assert not at.exception
    shown = _texts(at)
    for key in (
        "share.guide_intro",
        "share.guide_sample_title",
        "share.guide_sample_why",
        "share.guide_import_title",
        "share.guide_import_why",
        "share.guide_key_title",
        "share.guide_key_why",
    ):
        assert t(key, lang) in shown, key
    assert at.button(key="home_open_sample").label == t("sidebar.open_sample", lang)
    assert at.button(key="home_guide_create").label == t("share.guide_create_and_import", lang)


def test_the_key_step_is_left_out_when_a_key_is_there(monkeypatch, workspace):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-first-run-test-0000")
    at = app_at().run()
    assert t("share.guide_sample_why", "en") in _texts(at)
    assert t("share.guide_key_why", "en") not in _texts(at)


def test_create_and_import_makes_the_project_and_opens_questions(workspace):
    at = app_at().run()
    at.text_input(key="home_guide_name").input("내 카페").run()
    at.button(key="home_guide_create").click().run()
    assert not at.exception
    with Store(workspace) as store:
        [project] = store.list_projects()
    assert project.name == "내 카페"
    assert at.session_state["project_id"] == project.id
    assert at.title[0].value == t("nav.questions", "en")  # switched to the Questions page


def test_an_empty_name_gets_the_default_one(workspace):
    at = app_at().run()
    at.button(key="home_guide_create").click().run()
    assert not at.exception
    with Store(workspace) as store:
        assert [p.name for p in store.list_projects()] == [t("share.guide_project_default", "en")]


@pytest.mark.parametrize(
    ("page", "key"), [("pages/4_Preview.py", "share.howto_preview"), ("pages/5_Finetune.py", "share.howto_finetune")]
)
def test_pages_say_how_they_work(workspace, store, page, key):
    store.create_project("How")
    at = app_at(page).run()
    assert not at.exception
    assert t(key, "en") in [c.value for c in at.caption]
