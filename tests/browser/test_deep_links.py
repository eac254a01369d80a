"""Every page can be opened straight from its URL on a freshly started server."""

import pytest

from core.i18n import t
from core.ui import PAGES
from tests.browser.conftest import wait_for_app

# (URL path, title key) for every page: file-based routing names a page by its
# file name without the number prefix.
DEEP_LINKS = [
    ("/" + path.split("/")[-1].split("_", 1)[1].removesuffix(".py") if "/" in path else "/", key)
    for path, key, _icon in PAGES
]


@pytest.mark.parametrize(("url_path", "title_key"), DEEP_LINKS)
def test_deep_link_opens_the_right_page(app_server, page, url_path, title_key):
    page.goto(app_server.url + url_path)
    wait_for_app(page)
    title_key = "home.title" if url_path == "/" else title_key
    heading = page.locator("h1").first
    assert heading.inner_text().strip() == t(title_key, "en")
    assert page.locator("[data-testid='stException']").count() == 0


def test_korean_browser_gets_korean_ui(app_server, browser):
    context = browser.new_context(locale="ko-KR")
    page = context.new_page()
    page.goto(app_server.url + "/Curate")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == t("nav.curate", "ko")
    context.close()
