"""Browser-test fixtures: a cold Streamlit server and Debian's Chromium via Playwright.

Every test module gets its own server on a free port with its own empty
workspace, so deep links are always tried against a freshly started server.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, TIKTOKEN_CACHE

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
# Chromium's own background traffic is refused on this closed network; these
# flags keep it quiet (see the env notes for this machine).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    url: str
    workspace: Path
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            _wait_or_kill(self.process)

    def stop_in_background(self) -> None:
        """Ask the server to stop and go on at once (its shutdown takes a second or two).

        For a module's server at the module's end, when nothing starts on its workspace
        again: the shutdown then overlaps the next module; the session's end waits for it.
        """
        if self.process.poll() is None:
            self.process.terminate()
            _STOPPING.append(self.process)


# Servers asked to stop that may still be shutting down (``AppServer.stop_in_background``).
_STOPPING: list[subprocess.Popen] = []


def _wait_or_kill(process: subprocess.Popen, timeout_s: float = 10) -> None:
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session", autouse=True)
def _servers_stopped_at_the_end() -> Iterator[None]:
    yield
    while _STOPPING:
        _wait_or_kill(_STOPPING.pop())


def start_app(workspace: Path, log: Path, extra_env: dict[str, str] | None = None) -> AppServer:
    """Start ``streamlit run streamlit_app.py`` and wait until it answers its health check."""
    port = free_port()
    env = {**os.environ, "FINETUNE_STUDIO_WORKSPACE": str(workspace), **(extra_env or {})}
    env.pop("OPENAI_API_KEY", None) if "OPENAI_API_KEY" not in (extra_env or {}) else None
    env.pop("TOGETHER_API_KEY", None) if "TOGETHER_API_KEY" not in (extra_env or {}) else None
    if TIKTOKEN_CACHE.is_dir():
        env.setdefault("TIKTOKEN_CACHE_DIR", str(TIKTOKEN_CACHE))
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = log.open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.headless=true",
            f"--server.port={port}",
            "--server.address=127.0.0.1",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",
        ],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return AppServer(url, workspace, process, log)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"streamlit did not start in 60 s; see {log}")


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[AppServer]:
    workspace = tmp_path_factory.mktemp("browser-ws") / "studio.sqlite3"
    server = start_app(workspace, ARTIFACTS / f"{request.module.__name__.rsplit('.', 1)[-1]}-server.log")
    yield server
    server.stop_in_background()


@contextmanager
def standin_process(*args: str, module: str = "tests.openai_standin") -> Iterator[str]:
    """A stand-in (OpenAI's, or ``tests.together_standin``) as its own process, as a user runs it; yields its
    base URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--port", str(free_port()), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http"), "the stand-in did not start"
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def standin_control(base_url: str, path: str, body: dict | None = None) -> dict:
    """Call a stand-in process's control endpoint (``/_standin/…``): POST ``body``, or GET without one."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        base_url.removesuffix("/v1") + path,
        data=data,
        method="POST" if data is not None else "GET",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def configure_standin(base_url: str, **knobs: object) -> None:
    """Set knobs of a stand-in process (latency, rate limits, …; see ``tests.openai_standin.knobs``)."""
    standin_control(base_url, "/_standin/configure", knobs)


def advance_standin(base_url: str, seconds: float) -> None:
    """Move the simulated clock of a stand-in process (OpenAI's or Together's) forward by ``seconds``.

    Started with ``--clock-speed 0`` its clock stands still, so a test takes a job from phase to phase
    itself: it never misses a phase on a slow machine, nor waits for one on a fast machine.
    """
    standin_control(base_url, "/_standin/advance", {"seconds": seconds})


@pytest.fixture
def two_visitors(browser):
    """Two pages in two separate browser contexts: two visitors at once."""
    contexts = [browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    pages = [context.new_page() for context in contexts]
    for opened in pages:
        opened.set_default_timeout(20_000)
    yield pages
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Module scope on purpose: Playwright's sync API
    keeps an event loop running in the main thread while it is open, which would
    break every later test that calls ``asyncio.run``."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `apt-get install -y chromium` (.ci/run does).")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A page in a fresh browser context; a screenshot is kept when the test fails."""
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(20_000)
    yield opened
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        opened.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failure.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def until(check, timeout_s: float, what: str) -> None:
    """Wait until ``check()`` is truthy (a save landing in the store, a page coming back), or fail naming ``what``."""
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still not true after {timeout_s} s")
        time.sleep(0.2)


# Streamlit's frontend marks its root with the script's state; "notRunning" once a run has ended.
IDLE_APP = "[data-testid='stApp'][data-test-script-state='notRunning']"


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished the script run and the page has stopped changing.

    "Finished" is the app's own script state (``data-test-script-state``, which
    Streamlit's frontend sets the moment a run starts or ends), not the "running"
    indicator: that one appears only after a delay, so a short run (such as the
    one a grid edit sends right after its save) could go unseen. A page is
    drawn in several deltas and one run can ask for the next, so we also wait
    until the script is idle and the main area's text is the same on two looks 400 ms apart.
    """
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_function(
        f"() => document.querySelector({IDLE_APP!r}) && document.querySelector('[data-testid=\"stMain\"]')",
        timeout=timeout,
    )
    main = page.locator("[data-testid='stMain']")
    idle = page.locator(IDLE_APP)
    # Pages that poll live (st.fragment(run_every=…)) never settle: give up quietly after 8 s.
    deadline = time.monotonic() + min(timeout, 8_000) / 1000
    previous = None
    while time.monotonic() < deadline:
        page.wait_for_timeout(400)
        current = main.inner_text() if idle.count() else None
        if current is not None and current == previous:
            return
        previous = current


GRID_HEADER_PX, GRID_ROW_PX = 36, 35
GRID_EDITOR = "[data-testid='stDataFrameOverlayEditor'] textarea, #portal textarea"


def open_grid_cell(page, row: int, column: int, settled: bool = True):
    """Open the cell editor of a cell of the first data_editor with the keyboard, as a user would; returns it.

    The grid is a canvas: click the row's read-only row-number cell, walk right
    with the arrow keys, open the cell editor with Enter. ``settled=False`` opens
    it at once, even while a run is drawing the page (as someone going straight
    on to the next cell does).
    """
    grid = page.locator("[data-testid='stDataFrame']").first
    editor = page.locator(GRID_EDITOR).first
    grid.wait_for()
    if settled:
        wait_for_app(page)  # the first load may still be drawing the rest of the page
    grid.click(position={"x": 20, "y": GRID_HEADER_PX + GRID_ROW_PX * row + GRID_ROW_PX / 2})
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    editor.wait_for(timeout=5_000)
    return editor


def type_into_open_cell(page, editor, text: str) -> None:
    """Replace the open cell's text with ``text`` and wait until the page has drawn it.

    A person presses Enter after seeing what they typed. Playwright can press it
    in the same frame as the last key, and then the grid's cell editor (Glide's,
    inside Streamlit) commits nothing: the cell keeps its old value and no edit
    reaches the server. That happens with a bare ``st.data_editor`` app too, for
    about one edit in four; one animation frame between the last key and Enter
    made it none in 40.
    """
    editor.press("ControlOrMeta+a")
    editor.type(text)
    next_frame(page)


def next_frame(page) -> None:
    """Wait until the browser has drawn one more frame: what was just typed is on screen."""
    page.evaluate("() => new Promise(drawn => requestAnimationFrame(() => drawn()))")


def edit_grid_cell(page, row: int, column: int, text: str) -> None:
    """Type ``text`` into a cell of the first data_editor and confirm it with Enter, as a user would.

    The grid keeps its identity across reruns, so one try is enough: callers
    wait for the store to have the edit.
    """
    editor = open_grid_cell(page, row, column)
    type_into_open_cell(page, editor, text)
    editor.press("Enter")
