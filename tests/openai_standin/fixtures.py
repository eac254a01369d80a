"""Pytest fixtures for the stand-in (registered through ``pytest_plugins`` in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.openai_standin.server import StandIn


@pytest.fixture
def standin() -> Iterator[StandIn]:
    """A fresh stand-in on a free port for one test; stopped afterwards.

    ``standin.connection()`` gives ``ConnectionSettings`` that reach it (no SDK retries,
    10 s timeout); ``configure``/``fault``/``advance``/``requests``/``stop``/``start``/``reset``
    drive it.
    """
    server = StandIn().start()
    try:
        yield server
    finally:
        server.stop()
