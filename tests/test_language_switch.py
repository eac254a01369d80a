"""Switching the language mid-flow relabels every choice widget: no Korean value is left in an English page."""

from __future__ import annotations

from core.data.store import NewExample, Store
from core.i18n import t
from core.ui import choices
from tests.conftest import app_at


def test_curate_choices_made_in_korean_show_in_english_after_the_switch(workspace):
    with Store(workspace) as store:
        project_id = store.create_project("Café")
        store.add_examples(project_id, [NewExample("q", "a", tags=("rent",))])
    at = app_at("pages/3_Curate.py")
    at.session_state["lang"] = "ko"
    at.run()
    at.multiselect(key="_w_curate_statuses").select("draft").run()
    at.selectbox(key="_w_curate_bulk_status").select("approved").run()
    assert at.selectbox(key="_w_curate_tag").proto.options[0] == t("curate.filter_tag_any", "ko")
    at.segmented_control(key="_w_lang").set_value("en").run()
    assert not at.exception
    # What the browser is told to show now: the same canonical choice, labelled in English.
    statuses = at.multiselect(key="_w_curate_statuses")
    assert statuses.value == ["draft"]
    assert statuses.proto.set_value and list(statuses.proto.raw_values) == [t("status.draft", "en")]
    bulk = at.selectbox(key="_w_curate_bulk_status")
    assert bulk.value == "approved"
    assert bulk.proto.set_value and bulk.proto.raw_value == t("status.approved", "en")
    tag = at.selectbox(key="_w_curate_tag")
    assert tag.proto.set_value and tag.proto.raw_value == t("curate.filter_tag_any", "en")
    picker = next(s for s in at.selectbox if s.key.startswith("_w_curate_open_"))
    assert picker.value is None and picker.options[0] == t("curate.open_none", "en")


def test_labels_are_fixed_in_the_language_they_were_made_for():
    status = choices.option_labels("ko", "status.")
    tag = choices.option_labels("en", empty_key="curate.filter_tag_any")
    role = choices.option_labels("ko", "curate.role_", known=("user", "assistant"))
    assert status("draft") == t("status.draft", "ko")
    assert tag("") == "Any tag" and tag("rent") == "rent"
    assert role("user") == t("curate.role_user", "ko") and role("tool") == "tool"
