"""Korean mode shows no Streamlit English where Streamlit lets us choose: bulk selection, missing cells and
the price sources. The upload limit is checked in tests/test_security.py."""

from __future__ import annotations

from core import pricing as cost
from core.data.store import NewExample, Store
from core.i18n import t
from core.pricing import LIMIT_SOURCE, PRICE_SOURCE
from tests.conftest import app_at


def test_curate_in_korean_has_no_english_bulk_selection_and_no_none_cells(workspace):
    with Store(workspace) as store:
        project_id = store.create_project("카페")
        store.add_examples(project_id, [NewExample("질문", "")])
    at = app_at("pages/3_Curate.py")
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception
    assert at.multiselect(key="_w_curate_statuses").proto.select_all == 0  # no "Select all" / "Select N matches"
    assert at.data_editor[0].proto.placeholder == ""  # a missing value is empty, not "None"


def test_price_sources_are_in_the_pages_language():
    assert cost.source_text(PRICE_SOURCE, "ko") == t("plainfix.price_source", "ko")
    assert cost.source_text(LIMIT_SOURCE, "ko") == t("plainfix.limit_source", "ko")
    assert cost.source_text(PRICE_SOURCE, "en") == PRICE_SOURCE
    assert cost.source_text("my own notes", "ko") == "my own notes"


def test_preview_in_korean_names_its_sources_in_korean(workspace):
    with Store(workspace) as store:
        project_id = store.create_project("카페")
        store.add_examples(project_id, [NewExample("질문", "답")])
    at = app_at("pages/4_Preview.py")
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert (
        t("preview.sources", "ko", prices=t("plainfix.price_source", "ko"), limits=t("plainfix.limit_source", "ko"))
        in captions
    )
    assert not any(PRICE_SOURCE in c for c in captions)
