"""Pytest fixtures for the Together stand-in (registered through ``pytest_plugins`` in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.together_standin.server import TogetherStandIn


@pytest.fixture
def together_standin() -> Iterator[TogetherStandIn]:
    """A fresh Together stand-in on a free port for one test; stopped afterwards.

    ``together_standin.connection()`` gives Together ``ConnectionSettings`` that reach it (no SDK
    retries); ``configure``/``fault``/``advance``/``requests`` drive it as the OpenAI stand-in's do.
    """
    server = TogetherStandIn().start()
    try:
        yield server
    finally:
        server.stop()
