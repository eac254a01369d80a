"""Pytest fixtures for a real PostgreSQL server (a plugin: ``pytest_plugins`` in conftest.py).

One server per test session (starting a cluster takes a second or two); every
test that asks for ``postgres_url`` gets its own fresh, empty database on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.data.connection import forget_engine
from core.data.engine import sqlite_url
from tests.postgres import ENGINES, PostgresServer, PostgresUnavailable, find_bin_dir


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        find_bin_dir()
    except PostgresUnavailable as missing:
        # tests/run.sh installs the package; a bare `pytest` on a machine without it says why.
        pytest.fail(str(missing))
    with PostgresServer.started() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A SQLAlchemy URL (postgresql+psycopg://…) to a fresh empty database."""
    url = postgres_server.url(postgres_server.create_database())
    yield url
    forget_engine(url)  # its pool would hold server connections for the rest of the session


@pytest.fixture(params=ENGINES)
def any_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty workspace database on each engine in turn: parametrise a test by asking for this."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "workspace" / "studio.sqlite3")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.url(server.create_database())
    request.addfinalizer(lambda: forget_engine(url))
    return url
