"""Make the worst moment of a race happen, on either engine: another visitor's write right after my read.

A listener on the workspace's engine sees every statement. When the statement
this thread is waiting for has run, the teammate's change starts on its own
connection in another thread. If my read and my write share one locked
transaction, as they must, the teammate waits for the lock and goes in after
me; if they didn't, it lands between them and my write undoes it, which the
test's last assertions catch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

# How long the teammate gets to finish before it counts as waiting for my lock. A write takes
# milliseconds, so a teammate that is not held back is done long before; a held one is never done.
HELD_BACK_AFTER_S = 0.5


class Teammate:
    """The other visitor's change, run once, in its own thread."""

    def __init__(self, change: Callable[[], Any]) -> None:
        self._change = change
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.held_back = False

    @property
    def started(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._thread.join(timeout=HELD_BACK_AFTER_S)
        self.held_back = self._thread.is_alive()

    def _run(self) -> None:
        try:
            self._change()
        except BaseException as exc:  # noqa: BLE001 - handed to the test by finish()
            self.error = exc

    def finish(self) -> None:
        assert self._thread is not None, "the statement the teammate waited for never ran"
        self._thread.join(timeout=60)
        assert not self._thread.is_alive(), "the teammate's change never got the lock"
        if self.error is not None:
            raise self.error


@contextmanager
def teammate_after(
    engine: Engine, statement_has: str, change: Callable[[], Any], params_have: object = None
) -> Iterator[Teammate]:
    """Run ``change`` (on its own connection) right after this thread first runs a statement with ``statement_has``.

    ``params_have``: only a statement bound to this value counts (say, one setting's key).
    """
    teammate = Teammate(change)
    me = threading.get_ident()

    def after(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        if threading.get_ident() != me or teammate.started or statement_has not in statement:
            return
        if params_have is None or params_have in (parameters.values() if isinstance(parameters, dict) else parameters):
            teammate.start()

    event.listen(engine, "after_cursor_execute", after)
    try:
        yield teammate
    finally:
        event.remove(engine, "after_cursor_execute", after)
    teammate.finish()
