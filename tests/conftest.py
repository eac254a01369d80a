"""Fixtures every test layer shares: an isolated workspace and AppTest helpers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# The local OpenAI stand-in's `standin` fixture; a real PostgreSQL server.
pytest_plugins = ["tests.openai_standin.fixtures", "tests.together_standin.fixtures", "tests.postgres_fixtures"]

from core.data.connection import forget_engine  # noqa: E402 - after the plugins, as pytest reads them first
from core.data.engine import DATABASE_URL_ENV  # noqa: E402
from core.data.store import WORKSPACE_ENV, Store  # noqa: E402
from tests.postgres import ENGINES, PostgresServer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples"
COOKBOOK = SHARED / "cookbook"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TIKTOKEN_CACHE = SHARED / "tiktoken_cache"

# tiktoken can't download here: point it at the shared, hash-checked copies.
if TIKTOKEN_CACHE.is_dir():
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(TIKTOKEN_CACHE))
# Tests must never pick up a developer's real key from the shell or .env.
os.environ.pop("OPENAI_API_KEY", None)
os.environ.pop("TOGETHER_API_KEY", None)
# …nor a team database: each test chooses its engine.
os.environ.pop("DATABASE_URL", None)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty workspace file that the app and the store both use."""
    path = tmp_path / "workspace" / "studio.sqlite3"
    monkeypatch.setenv(WORKSPACE_ENV, str(path))
    return path


@pytest.fixture(params=ENGINES)
def store(request: pytest.FixtureRequest, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The workspace on each engine in turn: the SQLite file, then an empty database on a real PostgreSQL server.

    On PostgreSQL ``$DATABASE_URL`` names it too, so the app and every ``Store()``
    a workflow opens by itself land in the same database. That database has a
    name of its own and no rows; it may be one an earlier test used, emptied and
    renamed (``PostgresServer.return_workspace``), which is much faster than a new copy.
    """
    location: str | Path = workspace
    server: PostgresServer | None = None
    if request.param == "postgres":
        server = request.getfixturevalue("postgres_server")
        location = server.checkout_workspace()
        monkeypatch.setenv(DATABASE_URL_ENV, location)
    with Store(location) as opened:
        yield opened
    forget_engine(str(location) if server is not None else opened.url)
    if server is not None:
        server.return_workspace(str(location))


def app_at(page: str = "streamlit_app.py", timeout: float = 30):
    """An AppTest positioned on ``page`` (file-based pages need the main script as entry)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=timeout)
    if page != "streamlit_app.py":
        at.switch_page(page)
    return at


STATIC_CHECKS_MODULE = "tests/test_code_checks.py"


def _where(item: pytest.Item) -> str:
    return item.nodeid.replace("\\", "/")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the fast layers first and the browser tests last, so a failure shows up early.

    The static checks' outcomes are collected after the other unit tests: the
    checks themselves run in the background meanwhile (``tests/static_checks.py``).
    """
    items.sort(key=lambda item: ("tests/browser/" in _where(item), _where(item).startswith(STATIC_CHECKS_MODULE)))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the static checks this run will ask for, so they are done by the time their tests run."""
    from tests import static_checks

    for item in session.items:
        callspec = getattr(item, "callspec", None)
        if _where(item).startswith(STATIC_CHECKS_MODULE) and callspec is not None:
            static_checks.start(callspec.params["name"])


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests import static_checks

    static_checks.stop_all()
