"""A token-bucket limiter for requests per minute and tokens per minute.

OpenAI limits every organisation per model on two meters at once: requests per
minute (RPM) and tokens per minute (TPM, counted as the prompt plus
``max_tokens`` when the request arrives). Both are buckets that refill
continuously. We keep our own copy of each bucket so that we send no faster
than the limit allows (a 429 costs a round trip and a pause), seed it from the
user's settings, and correct it from the ``x-ratelimit-*`` headers that every
response carries, because those are the truth about this key.

Everything here runs on one asyncio event loop (the engine's); the lock keeps
waiters first-come, first-served so a large request is never starved.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

# How many seconds of the per-minute limit may go out at once. OpenAI's buckets
# hold a full minute, so a fresh key may spend a whole minute's worth at once;
# a smaller burst only makes short runs slower. Servers that count over a
# sliding window are kept honest by the ``remaining``/``reset`` headers below.
DEFAULT_BURST_SECONDS = 60.0
# Never wait longer than this in one sleep, so a correction from headers or a
# stop request is noticed promptly.
MAX_SLEEP_S = 0.25
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")


def parse_reset(value: str | None) -> float | None:
    """'6m0s' → 360.0, '120ms' → 0.12, '1s' → 1.0, '2.5' → 2.5; None if unreadable."""
    if value is None:
        return None
    text = value.strip().lower()
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    total, matched = 0.0, False
    for number, unit in _DURATION_PART.findall(text):
        matched = True
        total += float(number) * {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}[unit]
    return total if matched else None


def _to_float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None and value.strip() else None
    except ValueError:
        return None


@dataclass
class Bucket:
    """One meter: ``per_minute`` units refilled continuously, at most ``capacity`` banked."""

    per_minute: float
    capacity: float
    level: float

    @property
    def per_second(self) -> float:
        return self.per_minute / 60.0

    def refill(self, elapsed_s: float) -> None:
        self.level = min(self.capacity, self.level + elapsed_s * self.per_second)

    def seconds_until(self, amount: float) -> float:
        missing = amount - self.level
        return 0.0 if missing <= 0 else missing / max(self.per_second, 1e-9)


class RateLimiter:
    """Waits until both the request and the token bucket can pay for a request."""

    def __init__(
        self,
        requests_per_minute: float,
        tokens_per_minute: float,
        *,
        burst_seconds: float = DEFAULT_BURST_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._burst_seconds = burst_seconds
        self.requests = self._bucket(requests_per_minute)
        self.tokens = self._bucket(tokens_per_minute)
        self._last = clock()
        self._paused_until = 0.0
        self._lock: asyncio.Lock | None = None
        self.corrections = 0  # how often headers changed a limit (shown in tests/bench)
        self._last_reserve = 1.0  # tokens of the latest request: "is there room for another one?"
        self._floor_after_pause = False
        self._tickets = 0  # requests paid for so far: a request's ticket is its place in that order
        self.last_ticket = 0
        self._in_flight: dict[int, float] = {}  # ticket → tokens of requests sent and not answered yet
        self._freshest_ticket = 0  # the latest-sent request whose headers were used

    def _bucket(self, per_minute: float) -> Bucket:
        per_minute = max(1.0, float(per_minute))
        capacity = max(1.0, per_minute * self._burst_seconds / 60.0)
        return Bucket(per_minute, capacity, capacity)

    def _refill(self) -> float:
        now = self._clock()
        elapsed, self._last = max(0.0, now - self._last), now
        self.requests.refill(elapsed)
        self.tokens.refill(elapsed)
        return now

    def try_acquire(self, tokens: float) -> float:
        """Take one request and ``tokens`` if both are there (returns 0.0), else the seconds to wait."""
        now = self._refill()
        if now < self._paused_until:
            return self._paused_until - now
        if self._floor_after_pause:
            # The server named this moment as its reset: at least one request like the last one fits.
            self._floor_after_pause = False
            self.requests.level = max(self.requests.level, 1.0)
            self.tokens.level = max(self.tokens.level, min(self.tokens.capacity, self._last_reserve))
        # A request bigger than the whole bucket goes once the bucket is full.
        tokens = min(float(tokens), self.tokens.capacity)
        wait = max(self.requests.seconds_until(1.0), self.tokens.seconds_until(tokens))
        if wait > 0:
            return wait
        self.requests.level -= 1.0
        self.tokens.level -= tokens
        self._last_reserve = tokens
        self._tickets += 1
        self.last_ticket = self._tickets
        self._in_flight[self._tickets] = tokens
        return 0.0

    async def acquire(self, tokens: float) -> int:
        """Wait (first come, first served) until the request may be sent, then pay for it.

        Returns the request's ticket (its place in the sending order) for ``update_from_headers``.
        """
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            while True:
                wait = self.try_acquire(tokens)
                if wait <= 0:
                    return self.last_ticket
                await asyncio.sleep(min(wait, MAX_SLEEP_S))

    @property
    def in_flight_requests(self) -> int:
        return len(self._in_flight)

    def release(self, ticket: int) -> None:
        """The request with this ticket has its answer (or error): it is no longer in flight."""
        self._in_flight.pop(ticket, None)

    def pause(self, seconds: float) -> None:
        """Nobody sends for ``seconds`` (a 429, or the server has no room left); the banked burst is gone."""
        self._refill()
        self._paused_until = max(self._paused_until, self._clock() + max(0.0, seconds))
        self._floor_after_pause = True
        self.requests.level = min(self.requests.level, 0.0)
        self.tokens.level = min(self.tokens.level, 0.0)

    def refund(self, ticket: int) -> None:
        """Give back what ``acquire`` took for a request that was never sent."""
        tokens = self._in_flight.pop(ticket, 0.0)
        self.requests.level = min(self.requests.capacity, self.requests.level + 1.0)
        self.tokens.level = min(self.tokens.capacity, self.tokens.level + tokens)

    def update_from_headers(self, headers: Mapping[str, str], ticket: int | None = None) -> None:
        """Correct both buckets from ``x-ratelimit-limit/remaining/reset-*`` response headers.

        Call it after ``release`` of the request whose response it is.
        ``limit`` replaces our guess of the limit. ``remaining`` is the truth
        about what is left; less what we sent after this request (which the
        server may not have counted yet) it sets our level, down or up. When the server
        has no room for another request like the last one, nobody sends until
        its ``reset`` (OpenAI: the bucket is full again; servers counting a
        sliding window: the oldest request leaves it), so the next request is
        not a certain 429. Responses overtake each other: the headers of a
        request sent before one whose headers were already used are stale
        (they show more room than is left) and only correct the limit.
        """
        self._refill()
        stale = ticket is not None and ticket < self._freshest_ticket
        if ticket is not None and not stale:
            self._freshest_ticket = ticket
        # What will still draw on ``remaining``: requests sent after this one (all of them still
        # in flight, or their fresher headers would have come first); without a ticket, all in flight.
        later = [t for k, t in self._in_flight.items() if ticket is None or k > ticket]
        for name, bucket, room, in_flight in (
            ("requests", self.requests, 1.0, float(len(later))),
            ("tokens", self.tokens, self._last_reserve, float(sum(later))),
        ):
            limit = _to_float(headers.get(f"x-ratelimit-limit-{name}"))
            remaining = _to_float(headers.get(f"x-ratelimit-remaining-{name}"))
            reset = parse_reset(headers.get(f"x-ratelimit-reset-{name}"))
            if limit is not None and limit > 0 and abs(limit - bucket.per_minute) > 0.5:
                bucket.per_minute = limit
                bucket.capacity = max(1.0, limit * self._burst_seconds / 60.0)
                bucket.level = min(bucket.level, bucket.capacity)
                self.corrections += 1
            if remaining is None or stale:
                continue
            bucket.level = min(bucket.capacity, remaining - in_flight)
            # Pause only when the server itself says it is full: "in flight" may already be
            # counted by a server that counts on arrival, so it would pause too early.
            if remaining < room and reset:
                self.pause(reset)

    @property
    def requests_per_minute(self) -> float:
        return self.requests.per_minute

    @property
    def tokens_per_minute(self) -> float:
        return self.tokens.per_minute
