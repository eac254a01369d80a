"""A reload keeps the open project (it lives in the URL), even when a teammate's project changed more recently."""

from __future__ import annotations

from core.data.store import Store
from core.i18n import t
from tests.browser.conftest import wait_for_app


def _sidebar(page):
    return page.locator("[data-testid='stSidebar']")


def _shown_project(page) -> str:
    box = _sidebar(page).locator("[data-testid='stSelectbox']").first
    return box.inner_text() + " " + box.get_by_role("combobox").first.input_value()


def _choose_project(page, name: str) -> None:
    box = _sidebar(page).locator("[data-testid='stSelectbox']").first
    option = page.get_by_role("option", name=name, exact=True).first
    box.get_by_role("combobox").first.click()
    try:
        option.wait_for(timeout=3_000)
    except Exception:  # noqa: BLE001 - a focused combobox may stay closed: use its open button
        box.get_by_role("button", name="Open").first.click()
    option.click()
    wait_for_app(page)


def test_reload_and_page_switch_keep_the_project_a_teammate_did_not_touch(app_server, page):
    with Store(app_server.workspace) as store:
        mine = store.create_project("Mine")
        theirs = store.create_project("Theirs")
    page.goto(app_server.url + "/Curate")
    wait_for_app(page)
    _choose_project(page, "Mine")
    assert f"project={mine}" in page.url
    # A teammate works on their project: it is now the workspace's most recently updated one.
    with Store(app_server.workspace) as store:
        store.rename_project(theirs, "Theirs, edited")
        assert store.list_projects()[0].id == theirs
    _sidebar(page).get_by_role("link", name=t("nav.preview", "en")).click()
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == t("nav.preview", "en")
    assert f"project={mine}" in page.url and "Mine" in _shown_project(page)
    page.reload()
    wait_for_app(page)
    assert "Mine" in _shown_project(page)
    assert f"project={mine}" in page.url
