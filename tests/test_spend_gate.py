"""The owner's key behind a password: logic in core.providers.credentials, widget in core.ui."""

from __future__ import annotations

import pytest

from core.i18n import t
from core.providers import credentials as cr
from core.ui import SS_SPEND_UNLOCKED, W_APP_PASSWORD, W_TYPED_KEY
from tests.conftest import app_at

OWNER_KEY = "sk-owner-0123456789abcdefWXYZ"
PASSWORD = "café-비밀-42"


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch):
    """Each test starts with no wrong passwords counted (the real one lives for the whole process)."""
    throttle = cr.PasswordThrottle()
    monkeypatch.setattr(cr, "PASSWORD_THROTTLE", throttle)
    return throttle


def _owner(source: str = cr.SOURCE_SECRETS) -> cr.ResolvedKey:
    return cr.ResolvedKey(OWNER_KEY, source)


# ------------------------------------------------------------------ logic
@pytest.mark.parametrize("source", [cr.SOURCE_SECRETS, cr.SOURCE_ENVIRONMENT])
def test_owner_key_with_password_is_locked_until_unlocked(source):
    assert cr.spend_status(_owner(source), PASSWORD, unlocked=False) == cr.SPEND_LOCKED
    assert cr.usable_key(_owner(source), PASSWORD, unlocked=False) is None
    assert cr.spend_status(_owner(source), PASSWORD, unlocked=True) == cr.SPEND_OK
    assert cr.usable_key(_owner(source), PASSWORD, unlocked=True) == OWNER_KEY


def test_visitor_key_is_never_gated():
    typed = cr.ResolvedKey("sk-visitor-key-1111", cr.SOURCE_SESSION)
    assert cr.spend_status(typed, PASSWORD, unlocked=False) == cr.SPEND_OK
    assert cr.usable_key(typed, PASSWORD, unlocked=False) == "sk-visitor-key-1111"


def test_owner_key_without_password_is_usable_and_no_key_is_no_key():
    assert cr.spend_status(_owner(), None, unlocked=False) == cr.SPEND_OK
    nothing = cr.ResolvedKey(None, cr.SOURCE_NONE)
    assert cr.spend_status(nothing, PASSWORD, unlocked=True) == cr.SPEND_NO_KEY
    assert cr.usable_key(nothing, PASSWORD, unlocked=True) is None


def test_password_comparison():
    assert cr.password_matches(PASSWORD, PASSWORD)
    assert cr.password_matches(f"  {PASSWORD} ", PASSWORD)  # a pasted trailing space is forgiven
    assert not cr.password_matches(PASSWORD[:-1], PASSWORD)
    assert not cr.password_matches("", PASSWORD)
    assert not cr.password_matches(None, PASSWORD)
    assert not cr.password_matches("anything", None)


def test_password_from_secrets_then_environment():
    assert cr.configured_app_password({"app_password": " s3cret "}, {}) == "s3cret"
    assert cr.configured_app_password({"app_password": 1234}, {}) == "1234"  # TOML number
    assert cr.configured_app_password({}, {"APP_PASSWORD": "env-pw"}) == "env-pw"
    assert cr.configured_app_password({"app_password": ""}, {"APP_PASSWORD": "env-pw"}) == "env-pw"
    assert cr.configured_app_password({}, {}) is None


# ------------------------------------------------------------------ in the app
def _sidebar_texts(at) -> str:
    return " ".join(str(element.value) for element in [*at.sidebar.caption, *at.sidebar.error])


def _locked_app(monkeypatch, workspace, secrets_key: bool = True):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    at = app_at()
    at.secrets["app_password"] = PASSWORD
    if secrets_key:
        at.secrets["OPENAI_API_KEY"] = OWNER_KEY
    else:
        monkeypatch.setenv("OPENAI_API_KEY", OWNER_KEY)
    return at.run()


@pytest.mark.parametrize("secrets_key", [True, False], ids=["key-in-secrets", "key-in-environment"])
def test_sidebar_asks_for_the_password_and_unlocks_only_with_the_right_one(monkeypatch, workspace, secrets_key):
    at = _locked_app(monkeypatch, workspace, secrets_key)
    assert not at.exception
    assert t("share.locked_caption", "en") in _sidebar_texts(at)
    assert OWNER_KEY not in _sidebar_texts(at)
    assert OWNER_KEY[-4:] in _sidebar_texts(at)  # only the masked tail is shown

    at.text_input(key=W_APP_PASSWORD).input("wrong password").run()
    assert t("share.password_wrong", "en") in _sidebar_texts(at)
    assert SS_SPEND_UNLOCKED not in at.session_state

    at.text_input(key=W_APP_PASSWORD).input(PASSWORD).run()
    assert at.session_state[SS_SPEND_UNLOCKED] is True
    assert t("share.unlocked", "en") in _sidebar_texts(at)
    assert t("share.password_wrong", "en") not in _sidebar_texts(at)
    # The box is emptied so the password doesn't stay in widget state.
    assert not any(w.key == W_APP_PASSWORD for w in at.sidebar.text_input)

    at.button(key="_w_lock_spending").click().run()
    assert SS_SPEND_UNLOCKED not in at.session_state
    assert t("share.locked_caption", "en") in _sidebar_texts(at)


def test_no_password_box_without_an_app_password(monkeypatch, workspace):
    monkeypatch.setenv("OPENAI_API_KEY", OWNER_KEY)
    at = app_at().run()
    assert not any(w.key == W_APP_PASSWORD for w in at.sidebar.text_input)
    assert t("share.locked_caption", "en") not in _sidebar_texts(at)


def test_visitor_can_use_their_own_key_while_the_owner_key_is_locked(monkeypatch, workspace):
    at = _locked_app(monkeypatch, workspace)
    at.text_input(key=W_TYPED_KEY).input("sk-visitor-own-key-9876").run()
    assert t("sidebar.key_from_session", "en", masked="…9876") in _sidebar_texts(at)
    # The visitor's own key needs no password; the box stays only for the team's projects.
    assert t("share.locked_caption", "en") not in _sidebar_texts(at)
    assert t("safety.password_for_projects", "en") in _sidebar_texts(at)


def _probe_script() -> None:
    """Runs inside AppTest: report what a page would get from core.ui."""
    import streamlit as st

    from core import ui

    st.session_state["probe_can_spend"] = ui.can_spend()
    st.session_state["probe_has_key"] = ui.connection_settings().has_key
    ui.spend_blocked_notice()


def test_locked_owner_key_is_withheld_from_connection_settings(monkeypatch, workspace):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("OPENAI_API_KEY", OWNER_KEY)
    at = AppTest.from_function(_probe_script)
    at.secrets["app_password"] = PASSWORD
    at.run()
    assert not at.exception
    assert at.session_state["probe_can_spend"] is False
    assert at.session_state["probe_has_key"] is False  # a page that forgets to ask still can't spend
    assert at.warning[0].value == t("share.locked_notice", "en")

    at.session_state[SS_SPEND_UNLOCKED] = True
    at.run()
    assert at.session_state["probe_can_spend"] is True
    assert at.session_state["probe_has_key"] is True
    assert len(at.warning) == 0


def test_no_key_notice(monkeypatch, workspace):
    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    at = AppTest.from_function(_probe_script).run()
    assert at.session_state["probe_can_spend"] is False
    assert at.info[0].value == t("share.no_key_notice", "en")


@pytest.mark.parametrize(
    ("page", "no_key_info"),
    [
        ("pages/2_Generate.py", "generate.no_key"),
        ("pages/5_Finetune.py", None),
        ("pages/6_Compare.py", "compare.no_key"),
    ],
)
def test_spending_pages_say_the_key_is_locked_and_offer_no_paid_action(
    monkeypatch, workspace, store, page, no_key_info
):
    store.create_project("Locked", settings={})
    monkeypatch.setenv("OPENAI_API_KEY", OWNER_KEY)
    at = app_at(page)
    at.secrets["app_password"] = PASSWORD
    at.run()
    assert not at.exception
    assert t("share.locked_notice", "en") in [w.value for w in at.warning]
    # With the key withheld, the page takes its "no key" path: no start/launch/run button is enabled.
    if no_key_info:
        assert t(no_key_info, "en") in [i.value for i in at.info]
    paid = [
        b
        for b in at.button
        if not b.disabled and any(word in (b.label or "") for word in ("Start", "Launch", "Run", "Generate"))
    ]
    assert paid == []


def test_free_pages_do_not_nag_about_the_lock(monkeypatch, workspace, store):
    store.create_project("Locked", settings={})
    monkeypatch.setenv("OPENAI_API_KEY", OWNER_KEY)
    for page in ("streamlit_app.py", "pages/3_Curate.py", "pages/4_Preview.py"):
        at = app_at(page)
        at.secrets["app_password"] = PASSWORD
        at.run()
        assert t("share.locked_notice", "en") not in [w.value for w in at.warning], page


A_VISITOR = cr.Visitor("session-a", "203.0.113.7")
B_VISITOR = cr.Visitor("session-b", "198.51.100.9")


def test_throttle_refuses_after_too_many_failures_and_forgets_them_later():
    now = [1000.0]
    throttle = cr.PasswordThrottle(max_failures=3, window_s=60, clock=lambda: now[0])
    for _ in range(3):
        assert throttle.allowed(A_VISITOR)
        throttle.record_failure(A_VISITOR)
    assert not throttle.allowed(A_VISITOR)
    now[0] += 59
    assert not throttle.allowed(A_VISITOR)
    now[0] += 2  # the first failures are now older than the window
    assert throttle.allowed(A_VISITOR)


def test_eleven_wrong_passwords_from_one_visitor_never_throttle_another():
    throttle = cr.PasswordThrottle()
    for _ in range(11):
        throttle.record_failure(B_VISITOR)
    assert not throttle.allowed(B_VISITOR)
    assert throttle.allowed(A_VISITOR)
    # Same address, another session (a colleague behind the same office router): still allowed.
    assert throttle.allowed(cr.Visitor("session-c", B_VISITOR.address))


def test_a_reload_does_not_reset_a_guesser_at_the_same_address():
    throttle = cr.PasswordThrottle(max_failures=10, max_address_failures=25)
    for reload in range(5):  # every reload is a new session
        for _ in range(5):
            throttle.record_failure(cr.Visitor(f"reload-{reload}", "198.51.100.9"))
    assert not throttle.allowed(cr.Visitor("reload-6", "198.51.100.9"))
    assert throttle.allowed(A_VISITOR)


def test_too_many_wrong_passwords_lock_out_even_the_right_one_for_a_while(monkeypatch, workspace):
    monkeypatch.setattr(cr, "PASSWORD_THROTTLE", cr.PasswordThrottle(max_failures=2, window_s=60))
    at = _locked_app(monkeypatch, workspace)
    for guess in ("guess one", "guess two"):
        at.text_input(key=W_APP_PASSWORD).input(guess).run()
        assert t("share.password_wrong", "en") in _sidebar_texts(at)
    at.text_input(key=W_APP_PASSWORD).input(PASSWORD).run()
    assert t("share.password_throttled_you", "en") in _sidebar_texts(at)
    assert SS_SPEND_UNLOCKED not in at.session_state


def test_a_strangers_wrong_passwords_never_lock_out_another_session(monkeypatch, workspace):
    """Two AppTest sessions of one server process share the throttle, as two browsers would."""
    stranger = _locked_app(monkeypatch, workspace)
    for number in range(11):
        stranger.text_input(key=W_APP_PASSWORD).input(f"guess {number}").run()
    assert t("share.password_throttled_you", "en") in _sidebar_texts(stranger)
    owner = _locked_app(monkeypatch, workspace)
    owner.text_input(key=W_APP_PASSWORD).input(PASSWORD).run()
    assert owner.session_state[SS_SPEND_UNLOCKED] is True
