"""The token-bucket limiter: pacing, bursts, header corrections and pauses, on a fake clock."""

from __future__ import annotations

import asyncio

import pytest

from core.providers.ratelimit import RateLimiter, parse_reset


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1s", 1.0),
        ("120ms", 0.12),
        ("6m0s", 360.0),
        ("1h2m3s", 3723.0),
        ("2.5", 2.5),
        ("0.5s", 0.5),
        ("", None),
        (None, None),
        ("soon", None),
    ],
)
def test_parse_reset(text, seconds):
    assert parse_reset(text) == (pytest.approx(seconds) if seconds is not None else None)


def test_burst_then_paced_by_requests_per_minute():
    clock = FakeClock()
    limiter = RateLimiter(600, 10_000_000, burst_seconds=1.0, clock=clock)  # 10 req/s, burst of 10
    assert all(limiter.try_acquire(1) == 0 for _ in range(10))
    wait = limiter.try_acquire(1)
    assert wait == pytest.approx(0.1, rel=0.01)
    clock.now += 0.1
    assert limiter.try_acquire(1) == 0
    # Over 30 s of fake time exactly 300 more requests fit (10/s), not 301.
    sent = 0
    for _ in range(3000):
        clock.now += 0.01
        if limiter.try_acquire(1) == 0:
            sent += 1
    assert 299 <= sent <= 300  # float rounding may cost the last one; never more than the limit


def test_tokens_per_minute_limits_big_requests():
    clock = FakeClock()
    limiter = RateLimiter(10_000, 6000, burst_seconds=10.0, clock=clock)  # 100 tokens/s, 1000 banked
    assert limiter.try_acquire(600) == 0
    wait = limiter.try_acquire(600)
    assert wait == pytest.approx(2.0, rel=0.01)  # 200 missing at 100/s
    # A request larger than the whole bucket still goes once the bucket is full (no deadlock).
    clock.now += 100
    assert limiter.try_acquire(50_000) == 0


def test_headers_correct_limit_and_remaining():
    clock = FakeClock()
    limiter = RateLimiter(6000, 1_000_000, burst_seconds=6.0, clock=clock)
    limiter.update_from_headers(
        {
            "x-ratelimit-limit-requests": "600",
            "x-ratelimit-remaining-requests": "3",
            "x-ratelimit-limit-tokens": "60000",
            "x-ratelimit-remaining-tokens": "59000",
            "x-ratelimit-reset-requests": "6s",
        }
    )
    assert limiter.requests_per_minute == 600
    assert limiter.tokens_per_minute == 60000
    assert limiter.corrections == 2
    assert [limiter.try_acquire(1) for _ in range(3)] == [0, 0, 0]
    assert limiter.try_acquire(1) > 0  # the server said only 3 were left


def test_pause_after_rate_limit_blocks_everyone():
    clock = FakeClock()
    limiter = RateLimiter(600, 1_000_000, clock=clock)
    limiter.pause(2.0)
    assert limiter.try_acquire(1) == pytest.approx(2.0)
    clock.now += 1.0
    assert limiter.try_acquire(1) == pytest.approx(1.0)  # still paused
    clock.now += 1.0
    # The banked burst was spent: only what refilled during the pause (2 s at 10/s) may go.
    sent = sum(1 for _ in range(100) if limiter.try_acquire(1) == 0)
    assert sent == 20


def test_async_acquire_paces_real_time():
    limiter = RateLimiter(1200, 10_000_000, burst_seconds=0.05)  # 20/s, burst of 1

    async def take(n: int) -> float:
        loop = asyncio.get_running_loop()
        start = loop.time()
        for _ in range(n):
            await limiter.acquire(1)
        return loop.time() - start

    elapsed = asyncio.run(take(6))
    assert 0.2 <= elapsed < 0.6  # 5 refills of 50 ms each


def test_no_room_left_waits_for_the_servers_reset():
    clock = FakeClock()
    limiter = RateLimiter(600, 1_000_000, clock=clock)
    limiter.update_from_headers(
        {
            "x-ratelimit-limit-requests": "600",
            "x-ratelimit-remaining-requests": "0",
            "x-ratelimit-reset-requests": "1.5s",
        }
    )
    assert limiter.try_acquire(1) == pytest.approx(1.5)
    clock.now += 1.5
    assert limiter.try_acquire(1) == 0


def test_tokens_remaining_below_the_last_request_waits_for_reset():
    clock = FakeClock()
    limiter = RateLimiter(600, 60_000, clock=clock)
    assert limiter.try_acquire(500) == 0
    limiter.update_from_headers({"x-ratelimit-remaining-tokens": "400", "x-ratelimit-reset-tokens": "2s"})
    assert limiter.try_acquire(500) == pytest.approx(2.0)


def test_remaining_moves_the_level_up_less_what_was_sent_after():
    clock = FakeClock()
    limiter = RateLimiter(60, 1_000_000, clock=clock)  # 1/s: our own refill alone is slow
    for _ in range(60):
        assert limiter.try_acquire(1) == 0
    assert limiter.in_flight_requests == 60
    for ticket in range(1, 59):
        limiter.release(ticket)
    # The answer to request 58: the server's window freed up, 20 left; 59 and 60 are still on their way.
    limiter.update_from_headers({"x-ratelimit-remaining-requests": "20"}, 58)
    assert sum(1 for _ in range(30) if limiter.try_acquire(1) == 0) == 18


def test_remaining_without_a_ticket_counts_everything_in_flight():
    clock = FakeClock()
    limiter = RateLimiter(60, 1_000_000, clock=clock)
    for _ in range(10):
        limiter.try_acquire(1)
    limiter.update_from_headers({"x-ratelimit-remaining-requests": "15"})
    assert sum(1 for _ in range(30) if limiter.try_acquire(1) == 0) == 5


def test_after_a_pause_at_least_one_request_may_go():
    clock = FakeClock()
    limiter = RateLimiter(6, 1_000_000, clock=clock)  # 0.1/s: refill alone would take 10 s
    limiter.pause(1.0)
    clock.now += 1.0
    assert limiter.try_acquire(1) == 0
    assert limiter.try_acquire(1) > 5


def test_stale_headers_from_an_overtaken_response_are_ignored():
    clock = FakeClock()
    limiter = RateLimiter(600, 1_000_000, clock=clock)
    tickets = []
    for _ in range(3):
        assert limiter.try_acquire(1) == 0
        tickets.append(limiter.last_ticket)
    for ticket in tickets:
        limiter.release(ticket)
    limiter.update_from_headers({"x-ratelimit-remaining-requests": "2"}, tickets[2])  # the newest
    limiter.update_from_headers({"x-ratelimit-remaining-requests": "40"}, tickets[0])  # older, overtaken
    assert sum(1 for _ in range(10) if limiter.try_acquire(1) == 0) == 2
