"""Run the stand-in by hand: ``python -m tests.openai_standin --port 8765``.

Prints its base URL once it listens; point the app at it with OPENAI_BASE_URL.
"""

from __future__ import annotations

import argparse
import signal
import threading

from tests.openai_standin.server import DEFAULT_API_KEY, StandIn


def main(
    argv: list[str] | None = None,
    standin_class: type[StandIn] = StandIn,
    default_key: str = DEFAULT_API_KEY,
    description: str = "A local OpenAI stand-in for trying Fine-tune Studio without a key.",
) -> None:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any free port)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--clock-speed",
        type=float,
        default=100.0,
        help="simulated seconds per real second for fine-tuning jobs and batches",
    )
    parser.add_argument("--api-key", default=None, help="accept only this key (default: any non-empty key is accepted)")
    args = parser.parse_args(argv)
    standin = standin_class(port=args.port, host=args.host, api_key=args.api_key or default_key)
    standin.configure(clock_speed=args.clock_speed)
    if args.api_key:
        standin.configure(valid_keys=[args.api_key])
    standin.start()
    print(standin.base_url, flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        standin.stop()


if __name__ == "__main__":
    main()
