"""The owner's key goes only to the owner's endpoint, whatever a visitor types on Connection.

A local HTTP server records the ``Authorization`` and ``api-key`` header of every
request it receives. The owner's key is in the environment; a visitor types that
server's address as the Base URL (or Azure endpoint) and presses every button that
calls an API. The owner's key must never arrive there, and the visitor's own typed
key must (so these tests can see a key arrive at all).
"""

from __future__ import annotations

import ast
import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from core.data.store import Store
from core.i18n import t
from core.providers import client as client_module
from core.providers import connection
from core.providers.client import (
    PROVIDER_AZURE,
    PROVIDER_COMPATIBLE,
    ConnectionSettings,
    KeyBoundElsewhere,
    endpoint_address,
    make_async_client,
    make_client,
)
from core.ui import SS_AZURE_ENDPOINT, SS_BASE_URL, SS_PROVIDER, SS_TYPED_KEY
from core.workflows import compare, finetune, generation
from tests.conftest import ROOT, app_at

OWNER_KEY = "sk-owner-LISTENER-0123456789abcdef"
VISITOR_KEY = "sk-visitor-typed-9876543210"


class Listener:
    """A stand-in server that answers like an empty OpenAI account and remembers every key it was sent."""

    def __init__(self) -> None:
        self.headers: list[tuple[str, str]] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                if length:
                    self.rfile.read(length)
                for name in ("authorization", "api-key"):
                    if self.headers.get(name):
                        listener.headers.append((name, self.headers[name]))
                body = json.dumps({"object": "list", "data": [], "has_more": False}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_DELETE = _answer

            def log_message(self, *args: object) -> None:  # keep test output quiet
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def received(self, key: str) -> bool:
        return any(key in value for _name, value in self.headers)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.stop()


# ------------------------------------------------------------ the client factory
def _owner_settings(**overrides: object) -> ConnectionSettings:
    """The owner's key bound to OpenAI's default endpoint, then pointed elsewhere by ``overrides``."""
    bound = ConnectionSettings(api_key=OWNER_KEY)
    bound = bound.with_overrides(key_bound_to=endpoint_address(bound))
    return bound.with_overrides(**overrides)


def test_factory_refuses_to_carry_a_bound_key_elsewhere(listener, monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    for elsewhere in (
        _owner_settings(base_url=listener.url),
        _owner_settings(provider=PROVIDER_COMPATIBLE),
        _owner_settings(provider=PROVIDER_AZURE, azure_endpoint=listener.url),
    ):
        with pytest.raises(KeyBoundElsewhere):
            make_client(elsewhere)
        with pytest.raises(KeyBoundElsewhere):
            make_async_client(elsewhere)
    # At home the bound key is used; a key handed over with the change is the caller's own.
    assert make_client(_owner_settings()).api_key == OWNER_KEY
    # Handing the same key over again doesn't unbind it.
    with pytest.raises(KeyBoundElsewhere):
        make_client(_owner_settings(base_url=listener.url).with_overrides(api_key=OWNER_KEY))
    mine = _owner_settings(base_url=listener.url).with_overrides(api_key=VISITOR_KEY)
    make_client(mine).models.list()
    assert listener.received(VISITOR_KEY) and not listener.received(OWNER_KEY)


def test_every_core_path_that_calls_the_api_keeps_a_bound_key_home(listener, store, monkeypatch):
    """Each core function that builds a client, with the owner's key pointed at the listener."""
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    elsewhere = _owner_settings(base_url=listener.url)
    project_id = store.create_project("Keys", settings={})
    calls = {
        "check_connection": lambda: connection.check_connection(elsewhere),
        "preflight": lambda: connection.preflight(elsewhere),
        "chat_models": lambda: generation.chat_models(elsewhere),
        "stream_answer": lambda: asyncio.run(
            compare.stream_answer(
                elsewhere, compare.make_contender(store, project_id, "gpt-4.1-mini"), "hello", compare.AnswerStats()
            )
        ),
        "finetune_account_jobs": lambda: finetune.account_jobs(elsewhere),
        "finetune_poll_project": lambda: finetune.poll_project(store, elsewhere, project_id),
    }
    for name, call in calls.items():
        try:
            call()
        except KeyBoundElsewhere:
            pass
        assert not listener.received(OWNER_KEY), name


def test_no_module_builds_a_client_outside_the_factory():
    """A client built anywhere else would not go through the binding check."""
    constructors = {"OpenAI", "AsyncOpenAI", "AzureOpenAI", "AsyncAzureOpenAI", "Client", "AsyncClient"}
    offenders = []
    for path in [*ROOT.glob("core/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "streamlit_app.py"]:
        if path == Path(client_module.__file__):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in constructors:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_connection_settings_with_a_key_are_made_in_two_known_places_only():
    """The session's (core.ui, which binds the owner's key) and another endpoint's own typed key (Compare)."""
    makers = set()
    for path in [*ROOT.glob("core/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "streamlit_app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "ConnectionSettings"
                and any(keyword.arg == "api_key" for keyword in node.keywords)
            ):
                makers.add(str(path.relative_to(ROOT)))
    assert makers <= {"core/workflows/compare/contenders.py"}  # core.ui passes the key through with_overrides, bound


# ------------------------------------------------------------ the pages, as a visitor
def _visitor_app(monkeypatch, page: str, listener: Listener, typed_key: str | None, azure: bool = False):
    monkeypatch.setenv("OPENAI_API_KEY", OWNER_KEY)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    at = app_at(page)
    if azure:
        at.session_state[SS_PROVIDER] = PROVIDER_AZURE
        at.session_state[SS_AZURE_ENDPOINT] = listener.url
    else:
        at.session_state[SS_BASE_URL] = listener.url
    if typed_key:
        at.session_state[SS_TYPED_KEY] = typed_key
    return at.run()


# Every button on these pages that calls the API (the label key and, for Compare, the tab it is in).
CONNECTION_BUTTONS = ("settings.test", "settings.preflight_run")


def _press_api_buttons(at) -> list[str]:
    pressed = []
    for label_key in CONNECTION_BUTTONS:
        matches = [b for b in at.button if b.label == t(label_key, "en") and not b.disabled]
        if matches:
            matches[0].click().run()
            pressed.append(label_key)
    return pressed


@pytest.mark.parametrize("azure", [False, True], ids=["base-url", "azure-endpoint"])
def test_connection_page_never_sends_the_owner_key_to_a_typed_address(listener, monkeypatch, workspace, azure):
    at = _visitor_app(monkeypatch, "pages/7_Settings.py", listener, None, azure=azure)
    assert not at.exception
    assert _press_api_buttons(at) == list(CONNECTION_BUTTONS)
    assert not listener.received(OWNER_KEY)
    assert t("owner.key_elsewhere", "en") in [w.value for w in at.warning]
    assert t("settings.check_no_key", "en") not in [e.value for e in at.error]  # not "no key yet": the line says why


@pytest.mark.parametrize("azure", [False, True], ids=["base-url", "azure-endpoint"])
def test_connection_page_sends_the_visitors_own_key(listener, monkeypatch, workspace, azure):
    at = _visitor_app(monkeypatch, "pages/7_Settings.py", listener, VISITOR_KEY, azure=azure)
    assert t("owner.key_elsewhere", "en") not in [w.value for w in at.warning]
    assert _press_api_buttons(at) == list(CONNECTION_BUTTONS)
    assert listener.received(VISITOR_KEY)
    assert not listener.received(OWNER_KEY)


def test_owner_key_still_works_at_the_owners_own_address(listener, monkeypatch, workspace):
    """The owner set OPENAI_BASE_URL: that address is the owner's, and the owner's key goes there."""
    monkeypatch.setenv("OPENAI_API_KEY", OWNER_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", listener.url)
    at = app_at("pages/7_Settings.py").run()
    assert t("owner.key_elsewhere", "en") not in [w.value for w in at.warning]
    _press_api_buttons(at)
    assert listener.received(OWNER_KEY)


# Every API call the spending pages make: on load (model and job lists) and behind these buttons.
PAGE_API_BUTTONS: dict[str, tuple[str, ...]] = {
    "pages/2_Generate.py": ("gen_start", "gen_syn_go"),  # + the key's chat models, listed on load
    "pages/5_Finetune.py": ("ft_w_launch",),  # + the account's jobs, listed on load
    "pages/6_Compare.py": ("_w_adhoc_ask", "_w_compare_run"),
}


def _project_with_contenders(workspace) -> int:
    from core.dataset.sample import create_sample_project

    with Store(workspace) as opened:
        project_id = create_sample_project(opened)
        compare.choose_models(opened, project_id, ["gpt-4.1-mini", "gpt-4.1-nano"])
        # enough approved rows for a launch the upload plan allows, and questions for a comparison set
        opened.set_status(opened.filtered_ids(project_id)[:12], "approved")
    return project_id


def _press_page_buttons(at, page: str) -> list[str]:
    from core.workflows import runner

    if page == "pages/6_Compare.py" and any(a.key == "_w_adhoc_question" for a in at.text_area):
        at.text_area(key="_w_adhoc_question").input("카페는 몇 시에 열어요?").run()
    pressed = []
    for key in PAGE_API_BUTTONS[page]:
        if key == "_w_compare_run":  # the set tab (Compare runs only the open tab)
            at.session_state["_w_compare_tab"] = t("compare.tab_set", "en")
            at.run()
        for confirm in [c for c in at.checkbox if str(c.key).startswith(f"{key}_confirm@")]:
            confirm.check().run()
        button = next((b for b in at.button if b.key == key), None)
        if button is not None and not button.disabled:
            button.click().run()
            pressed.append(key)
    for name in runner.running_jobs():  # let background runs reach the listener, then end
        runner.wait(name, timeout=20)
    return pressed


@pytest.mark.parametrize("page", sorted(PAGE_API_BUTTONS))
def test_spending_pages_never_send_the_owner_key_to_a_typed_address(listener, monkeypatch, workspace, page):
    _project_with_contenders(workspace)
    at = _visitor_app(monkeypatch, page, listener, None)
    assert not at.exception
    pressed = _press_page_buttons(at, page)
    assert not listener.received(OWNER_KEY), pressed
    assert pressed == []  # without a key of their own, the visitor gets no paid button at all
    assert t("owner.key_elsewhere", "en") in [w.value for w in at.warning]


@pytest.mark.parametrize("page", sorted(PAGE_API_BUTTONS))
def test_spending_pages_send_the_visitors_own_key_to_the_typed_address(listener, monkeypatch, workspace, page):
    _project_with_contenders(workspace)
    at = _visitor_app(monkeypatch, page, listener, VISITOR_KEY)
    assert not at.exception
    pressed = _press_page_buttons(at, page)
    assert listener.received(VISITOR_KEY), pressed
    assert not listener.received(OWNER_KEY)
    assert pressed == list(PAGE_API_BUTTONS[page])  # every paid button was really there and pressed
