"""A local stand-in for Together AI's API (test infrastructure; never the app's default endpoint).

Start it in tests with the ``together_standin`` fixture (``tests/together_standin/fixtures.py``)
or by hand with ``python -m tests.together_standin --port 8766``, then point the app at it
with ``TOGETHER_BASE_URL=http://127.0.0.1:8766/v1``.
"""

from tests.together_standin.server import TOGETHER_API_KEY, TogetherStandIn

__all__ = ["TOGETHER_API_KEY", "TogetherStandIn"]
