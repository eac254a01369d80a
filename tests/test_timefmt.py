"""Times are shown in the viewer's time zone (the browser's, else UTC), the same way everywhere."""

from __future__ import annotations

from datetime import UTC, datetime

from core.data.store import NewExample, Store
from core.i18n import timefmt
from tests.conftest import app_at


def test_stored_utc_times_are_shown_in_the_given_zone():
    assert timefmt.shown_time("2026-11-29T10:57:00.123456+00:00", "Asia/Seoul") == "2026-11-29 19:57 KST"
    assert timefmt.shown_time(datetime(2026, 7, 1, 12, 0, tzinfo=UTC), "Europe/Berlin") == "2026-07-01 14:00 CEST"
    assert timefmt.shown_time(1_764_413_820, "UTC") == "2025-11-29 10:57 UTC"  # Unix seconds from the provider
    assert timefmt.shown_time("2026-11-29T10:57:00", "Asia/Seoul") == "2026-11-29 19:57 KST"  # naive means UTC
    assert timefmt.shown_time("", "Asia/Seoul") == "" and timefmt.shown_time(None) == ""


def test_an_unknown_zone_falls_back_to_utc():
    timefmt.use_timezone("Not/AZone")
    assert timefmt.shown_time("2026-11-29T10:57:00+00:00") == "2026-11-29 10:57 UTC"
    timefmt.use_timezone(None)
    assert timefmt.shown_time("2026-11-29T10:57:00+00:00").endswith("UTC")


def test_curate_history_shows_the_browsers_local_time(workspace):
    with Store(workspace) as store:
        project_id = store.create_project("Café")
        [example_id] = store.add_examples(project_id, [NewExample("q", "a")])
        stored = store.answer_history(example_id)[0].created_at
    at = app_at("pages/3_Curate.py")
    at.context["timezone"] = "Asia/Seoul"
    at.query_params["example"] = str(example_id)
    at.run()
    assert not at.exception
    shown = timefmt.shown_time(stored, "Asia/Seoul")
    assert shown.endswith("KST")
    assert any(c.value.startswith(shown) for c in at.caption)  # the version's line in the answer history
