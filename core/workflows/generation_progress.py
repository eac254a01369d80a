"""How fast a generation run goes: its rate over a window, its ETA, and the rate-limit pauses the engine reports.

Pure functions and one small in-process record, so the progress panel can say
"waiting for the rate limit: 12 s" instead of a nonsense rate while every request
is held back.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

# Items finished within this window give the rate and ETA shown on the page. The
# rate is what finished in the window divided by the window (or by the time the
# run has been going, if shorter), never by the gap between two answers: a burst
# after a rate-limit pause would otherwise read as thousands per minute.
RATE_WINDOW_S = 60.0
MIN_RATE_SPAN_S = 5.0  # before this much of a run has passed, no rate is shown
# Run id → (wall-clock time the wait ends, why): told by the engine during rate-limit pauses.
_WAITS: dict[int, tuple[float, str]] = {}


def rate_per_minute(
    finished_at: Sequence[float], now: float, started_at: float, window_s: float = RATE_WINDOW_S
) -> float | None:
    """Rows per minute over the last ``window_s`` seconds (timestamps in seconds).

    Divides by the window, or by how long the run has been going if that is
    shorter; None while the run is too young for a rate to mean anything.
    """
    span = min(window_s, now - started_at)
    if span < MIN_RATE_SPAN_S:
        return None
    recent = sum(1 for moment in finished_at if now - window_s <= moment <= now)
    return recent / span * 60.0


def eta_seconds(remaining: int, rate_per_min: float | None, *, running: bool, waiting: bool) -> float | None:
    """Seconds left at this rate; None when it would mean nothing (not running, pausing, no rate, nothing left)."""
    if not running or waiting or remaining <= 0 or not rate_per_min:
        return None
    return remaining / rate_per_min * 60.0


def note_wait(run_id: int, seconds: float, reason: str, now: float | None = None) -> None:
    """The engine pauses every request of this run for ``seconds`` (e.g. the key hit its rate limit)."""
    _WAITS[run_id] = ((time.time() if now is None else now) + max(0.0, seconds), reason)


def current_wait(run_id: int, now: float | None = None) -> tuple[float, str] | None:
    """(seconds still to wait, why) while the run is pausing, else None."""
    until, reason = _WAITS.get(run_id, (0.0, ""))
    left = until - (time.time() if now is None else now)
    return (left, reason) if left > 0 else None
