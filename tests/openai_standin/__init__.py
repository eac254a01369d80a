"""A local stand-in for the OpenAI API (test infrastructure; never the app's default endpoint).

Start it in tests with the ``standin`` fixture (``tests/openai_standin/fixtures.py``)
or by hand with ``python -m tests.openai_standin --port 8765``, then point the app at
it with ``OPENAI_BASE_URL=http://127.0.0.1:8765/v1``.
"""

from tests.openai_standin.server import DEFAULT_API_KEY, StandIn

__all__ = ["DEFAULT_API_KEY", "StandIn"]
