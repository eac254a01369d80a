"""Run the Together stand-in by hand: ``python -m tests.together_standin --port 8766``.

Prints its base URL once it listens; point the app at it with TOGETHER_BASE_URL. The same
knobs as the OpenAI stand-in (``--clock-speed``, and ``/_standin/configure``, ``/fault``,
``/advance``, ``/requests`` while it runs).
"""

from __future__ import annotations

from tests.openai_standin.__main__ import main as serve
from tests.together_standin.server import TOGETHER_API_KEY, TogetherStandIn


def main(argv: list[str] | None = None) -> None:
    serve(
        argv, standin_class=TogetherStandIn, default_key=TOGETHER_API_KEY, description="A local Together AI stand-in."
    )


if __name__ == "__main__":
    main()
