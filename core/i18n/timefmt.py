"""Every time the app shows, in the viewer's time zone ("2026-11-29 19:57 KST").

The store keeps UTC (ISO text); the provider gives Unix seconds. The page frame
(``core.ui.page_setup``) sets the browser's time zone (``st.context.timezone``)
for its script run with ``use_timezone``; background threads and tests without
a browser show UTC. A ``ContextVar`` is per thread, so one session's zone never
leaks into another's.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FALLBACK_ZONE = "UTC"
SHOWN_FORMAT = "%Y-%m-%d %H:%M %Z"
_display_zone: ContextVar[str] = ContextVar("display_zone", default=FALLBACK_ZONE)


def use_timezone(name: str | None) -> None:
    """Show times in ``name`` (an IANA zone such as "Asia/Seoul") from now on in this thread; bad names → UTC."""
    _display_zone.set(name if name and _zone(name) is not None else FALLBACK_ZONE)


def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def as_datetime(value: Any) -> datetime | None:
    """A stored time (ISO text, Unix seconds or a datetime; naive means UTC) as an aware datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        moment = datetime.fromtimestamp(value, UTC)
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def shown_time(value: Any, zone: str | None = None) -> str:
    """``value`` as 'YYYY-MM-DD HH:MM <zone>' in ``zone`` (default: this run's display zone); '' when unknown."""
    moment = as_datetime(value)
    if moment is None:
        return "" if value in (None, "") else str(value)
    target = _zone(zone or _display_zone.get()) or UTC
    return moment.astimezone(target).strftime(SHOWN_FORMAT)
