"""The owner's key stays the owner's.

The server runs with ``OPENAI_API_KEY`` and ``app_password`` in a secrets file,
as on Community Cloud. A visitor's browser must never receive the key (only
its last four characters), not in the page and not in any websocket frame,
and nothing that spends money works until the password is typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.i18n import t
from core.ui import PAGES
from tests.browser.conftest import ARTIFACTS, AppServer, start_app, wait_for_app

OWNER_KEY = "sk-proj-OWNERsecret-7f3a9c2e1b8d4f6a0c5e9b7d2a4f8c1eQZ9X"
PASSWORD = "correct horse battery 비밀"
URL_PATHS = [
    "/" + path.split("/")[-1].split("_", 1)[1].removesuffix(".py") if "/" in path else "/"
    for path, _key, _icon in PAGES
]


@pytest.fixture(scope="module")
def owner_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    folder = tmp_path_factory.mktemp("owner")
    secrets = folder / "secrets.toml"
    secrets.write_text(f'OPENAI_API_KEY = "{OWNER_KEY}"\napp_password = "{PASSWORD}"\n', encoding="utf-8")
    server = start_app(
        folder / "studio.sqlite3",
        ARTIFACTS / "test_owner_key-server.log",
        extra_env={"STREAMLIT_SECRETS_FILES": str(secrets)},
    )
    yield server
    server.stop_in_background()


class FrameRecorder:
    """Every websocket frame the browser receives from the server, as bytes."""

    def __init__(self, page) -> None:
        self.frames: list[bytes] = []
        page.on("websocket", self._attach)

    def _attach(self, websocket) -> None:
        websocket.on("framereceived", self._record)

    def _record(self, payload) -> None:
        self.frames.append(payload if isinstance(payload, bytes) else str(payload).encode("utf-8"))

    def contains(self, text: str) -> bool:
        needle = text.encode("utf-8")
        return any(needle in frame for frame in self.frames)


def _sidebar_text(page) -> str:
    return page.locator("[data-testid='stSidebar']").inner_text()


def _http_bodies(responses) -> list[bytes]:
    """Bodies of the app's own HTTP responses (health, host config, media…); JS bundles left out."""
    bodies = []
    for response in responses:
        if "/static/" in response.url:
            continue
        try:
            bodies.append(response.body())
        except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
            continue
    return bodies


def test_visitor_never_receives_the_owner_key_and_must_type_the_password(owner_server, page):
    recorder = FrameRecorder(page)
    responses = []
    page.on("response", lambda response: responses.append(response))
    for url_path in URL_PATHS:  # every page, as a visitor without the password
        page.goto(owner_server.url + url_path)
        wait_for_app(page)
        assert OWNER_KEY not in page.content()
        assert OWNER_KEY not in page.url
    assert recorder.frames, "no websocket frames were recorded: the check below would be vacuous"
    assert recorder.contains(OWNER_KEY[-4:])  # the masked tail is shown, so frames are really read
    assert not recorder.contains(OWNER_KEY)
    assert not recorder.contains(OWNER_KEY[:-4])

    sidebar = _sidebar_text(page)
    assert t("share.locked_caption", "en") in sidebar
    password_box = page.get_by_role("textbox", name=t("share.password", "en"), exact=True)
    password_box.fill("not the password")
    password_box.press("Enter")
    page.get_by_text(t("share.password_wrong", "en")).wait_for()

    password_box = page.get_by_role("textbox", name=t("share.password", "en"), exact=True)
    password_box.fill(PASSWORD)
    password_box.press("Enter")
    page.get_by_text(t("share.unlocked", "en")).wait_for()

    # Unlocked: still only the masked key, on every page (the Settings page included).
    for url_path in URL_PATHS:
        page.goto(owner_server.url + url_path)
        wait_for_app(page)
        assert OWNER_KEY not in page.content()
    assert not recorder.contains(OWNER_KEY)
    assert not recorder.contains(PASSWORD)  # the server never echoes the password back
    bodies = _http_bodies(responses)
    assert bodies, "no HTTP responses were recorded"
    assert not any(OWNER_KEY.encode() in body for body in bodies)

    log = Path(owner_server.log).read_text(encoding="utf-8", errors="replace")
    assert OWNER_KEY not in log and PASSWORD not in log


def test_unlock_lasts_for_one_tab_only(owner_server, browser):
    """Another visitor (a new browser context) starts locked, even while someone else is unlocked."""
    first = browser.new_context(locale="en-US")
    second = browser.new_context(locale="en-US")
    try:
        unlocked = first.new_page()
        unlocked.goto(owner_server.url)
        wait_for_app(unlocked)
        box = unlocked.get_by_role("textbox", name=t("share.password", "en"), exact=True)
        box.fill(PASSWORD)
        box.press("Enter")
        unlocked.get_by_text(t("share.unlocked", "en")).wait_for()

        other = second.new_page()
        other.goto(owner_server.url)
        wait_for_app(other)
        assert t("share.locked_caption", "en") in _sidebar_text(other)
        assert t("share.unlocked", "en") not in _sidebar_text(other)
    finally:
        first.close()
        second.close()


def _type_password(page, text: str) -> None:
    """Type into the password box and wait until the server has read it (it empties the box)."""
    from playwright.sync_api import expect

    box = page.get_by_role("textbox", name=t("share.password", "en"), exact=True)
    box.fill(text)
    box.press("Enter")
    expect(box).to_have_value("")


def test_a_strangers_wrong_passwords_never_lock_out_another_visitor(owner_server, two_visitors):
    """Eleven wrong passwords from B (throttled by then) and A, in another browser, still unlocks."""
    owner, stranger = two_visitors
    for visitor in (owner, stranger):
        visitor.goto(owner_server.url)
        wait_for_app(visitor)
    for number in range(11):
        _type_password(stranger, f"wrong guess {number}")
    stranger.get_by_text(t("share.password_throttled_you", "en")).wait_for()
    # B is refused even the right password for now…
    _type_password(stranger, PASSWORD)
    stranger.get_by_text(t("share.password_throttled_you", "en")).wait_for()
    assert t("share.unlocked", "en") not in _sidebar_text(stranger)
    # …while A, at the same time, unlocks at once (the box goes away).
    box = owner.get_by_role("textbox", name=t("share.password", "en"), exact=True)
    box.fill(PASSWORD)
    box.press("Enter")
    owner.get_by_text(t("share.unlocked", "en")).wait_for()
