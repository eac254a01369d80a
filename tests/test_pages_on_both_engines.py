"""Every page opens the sample project without an error, on SQLite and on PostgreSQL (AppTest)."""

from __future__ import annotations

import pytest

from core.dataset.sample import create_sample_project
from core.i18n import t
from core.ui.frame import PAGES
from tests.conftest import app_at


@pytest.mark.parametrize(("page", "title_key"), [(path, key) for path, key, _icon in PAGES])
def test_each_page_opens_the_sample_on_this_engine(store, page, title_key):
    project_id = create_sample_project(store)
    at = app_at(page)
    at.query_params["project"] = str(project_id)
    at.run()
    assert not at.exception, at.exception
    # Messages the sample gives on purpose (nothing is approved yet, so nothing can be launched) are fine;
    # one about the database or the project is not.
    unreachable = t("database.unreachable", "en", where="").split("(")[0]
    missing = t("urlstate.project_missing", "en", id=project_id)
    assert not [e.value for e in at.error if e.value.startswith(unreachable)]
    assert missing not in [w.value for w in at.warning]
    titles = [title.value for title in at.title]
    assert titles and titles[0] == t("home.title" if page == "streamlit_app.py" else title_key, "en")
