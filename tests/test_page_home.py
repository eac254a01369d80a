"""AppTest for the home page and the shared sidebar (projects, language, key status)."""

from core.data.store import Store
from core.dataset.sample import GENERATION_SYSTEM_PROMPT, TRAINING_SYSTEM_PROMPT, sample_questions
from core.i18n import t
from tests.conftest import app_at


def test_new_user_sees_the_workflow_and_a_guided_start(workspace):
    at = app_at().run()
    assert not at.exception
    assert at.title[0].value == t("home.title", "en")
    assert any(t("home.start_title", "en") == h.value for h in at.subheader)
    assert at.button(key="home_open_sample")


def test_open_sample_creates_the_project_with_both_prompts(workspace):
    at = app_at().run()
    at.button(key="home_open_sample").click().run()
    assert not at.exception
    with Store(workspace) as store:
        [project] = store.list_projects()
        settings = store.get_settings(project.id)
        assert settings["generation_system_prompt"] == GENERATION_SYSTEM_PROMPT
        assert settings["training_system_prompt"] == TRAINING_SYSTEM_PROMPT
        assert store.count_examples(project.id) == len(sample_questions()) >= 30
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("status.draft", "en")] == str(len(sample_questions()))


def _next_step_links(at) -> list[str]:
    labels = {
        t(key, "en") for key in ("home.next_import", "home.next_generate", "home.next_curate", "home.next_preview")
    }
    return [link.label for link in at.get("page_link") if link.label in labels]


def test_next_step_after_opening_the_sample_is_generate_then_curate_then_preview(workspace):
    at = app_at().run()
    at.button(key="home_open_sample").click().run()
    assert _next_step_links(at) == [t("home.next_generate", "en")]  # no answers yet: nothing to curate
    with Store(workspace) as store:
        [project] = store.list_projects()
        ids = [e.id for e in store.iter_examples(project.id)]
        for example_id in ids:
            store.update_example(example_id, answer="초안 답변입니다.", source="generated")
    assert _next_step_links(at.run()) == [t("home.next_curate", "en")]
    with Store(workspace) as store:
        store.set_status(ids, "approved")
    assert _next_step_links(at.run()) == [t("home.next_preview", "en")]


def test_create_rename_and_delete_a_project_from_the_sidebar(workspace):
    at = app_at().run()
    at.sidebar.text_input(key="_w_new_project_name").input("Bakery")
    at.sidebar.button(key="_w_create_project").click().run()
    assert not at.exception
    with Store(workspace) as store:
        assert [p.name for p in store.list_projects()] == ["Bakery"]
    at.sidebar.text_input(key="_w_rename_project").input("Bakery FAQ")
    at.sidebar.button(key="_w_rename_button").click().run()
    with Store(workspace) as store:
        assert [p.name for p in store.list_projects()] == ["Bakery FAQ"]
    # Deleting needs the confirmation box first.
    assert at.sidebar.button(key="_w_delete_button").disabled
    at.sidebar.checkbox(key="_w_delete_confirm").check().run()
    at.sidebar.button(key="_w_delete_button").click().run()
    with Store(workspace) as store:
        assert store.list_projects() == []


def test_duplicate_project_name_gets_a_plain_message(workspace):
    with Store(workspace) as store:
        store.create_project("Bakery")
    at = app_at().run()
    at.sidebar.text_input(key="_w_new_project_name").input("Bakery")
    at.sidebar.button(key="_w_create_project").click().run()
    assert not at.exception
    assert any("Bakery" in e.value for e in at.error)


def test_switching_to_korean_translates_the_page(workspace):
    at = app_at().run()
    at.session_state["lang"] = "ko"
    at.run()
    assert at.title[0].value == t("home.title", "ko")
    assert t("home.intro", "ko") in [m.value for m in at.markdown]


def test_project_survives_a_page_switch(workspace):
    with Store(workspace) as store:
        first = store.create_project("First")
        store.create_project("Second")
    at = app_at().run()
    at.sidebar.selectbox(key="_w_project").select(first).run()
    at.switch_page("pages/3_Curate.py").run()
    assert at.session_state["project_id"] == first
    assert at.sidebar.selectbox(key="_w_project").value == first


def test_the_sample_is_described_with_its_real_size():
    count = str(len(sample_questions()))
    for key in ("sidebar.open_sample_help", "share.guide_sample_why", "home.start_sample"):
        assert count in t(key, "ko"), key
