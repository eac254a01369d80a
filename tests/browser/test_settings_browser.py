"""The Connection page in a real browser: two visitors, one key, tested against the stand-in."""

from __future__ import annotations

from core.i18n import t
from tests.browser.conftest import wait_for_app

KEY_A = "sk-settings-visitor-A-91c4e7b2d5f8a3-ZZ42"


def _main(page):
    return page.locator("[data-testid='stMain']")


def _fill(page, label_key: str, value: str) -> None:
    box = _main(page).get_by_role("textbox", name=t(label_key, "en"), exact=True)
    box.fill(value)
    box.press("Enter")


def test_a_key_typed_on_the_connection_page_stays_with_its_visitor(app_server, two_visitors, standin):
    standin.configure(valid_keys=[KEY_A])
    alice, bob = two_visitors
    bob_frames: list[bytes] = []
    bob.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived",
            lambda payload: bob_frames.append(payload if isinstance(payload, bytes) else str(payload).encode()),
        ),
    )
    for visitor in (alice, bob):
        visitor.goto(f"{app_server.url}/Settings")
        wait_for_app(visitor)
        _fill(visitor, "settings.base_url", standin.base_url)

    _fill(alice, "settings.key", KEY_A)
    _main(alice).get_by_text(t("sidebar.key_from_session", "en", masked="…ZZ42")).wait_for()
    _main(alice).get_by_role("button", name=t("settings.test", "en")).click()
    _main(alice).get_by_text("It works", exact=False).wait_for()
    assert KEY_A not in alice.url
    assert KEY_A not in _main(alice).inner_text()

    _main(bob).get_by_role("button", name=t("settings.test", "en")).click()
    _main(bob).get_by_text(t("settings.check_no_key", "en")).wait_for()
    assert "ZZ42" not in bob.content()
    assert bob_frames and not any(KEY_A.encode() in frame or b"ZZ42" in frame for frame in bob_frames)
    with_key = [r for r in standin.requests if KEY_A in str(r["headers"])]
    assert len(with_key) == 1 and with_key[0]["path"] == "/v1/models"
