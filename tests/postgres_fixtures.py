"""Pytest fixtures for a real PostgreSQL server (a plugin: ``pytest_plugins`` in conftest.py).

One server per test session (starting a cluster takes a second or two); every
test that asks for ``postgres_url`` gets its own fresh, empty database on it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.postgres import PostgresServer, PostgresUnavailable, find_bin_dir


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
def postgres_url(postgres_server: PostgresServer) -> str:
    """A SQLAlchemy URL (postgresql+psycopg://…) to a fresh empty database."""
    return postgres_server.url(postgres_server.create_database())
