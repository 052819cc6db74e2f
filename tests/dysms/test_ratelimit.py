"""At most N calls per period, shared by threads, with clock and sleep injected."""

from __future__ import annotations

import threading

import pytest

from dysms.ratelimit import RateLimiter


class FakeTime:
    """A clock that only moves when someone sleeps (or the test says so)."""

    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def clock(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)


def test_first_calls_within_the_limit_do_not_wait():
    fake = FakeTime()
    limiter = RateLimiter(20, clock=fake.clock, sleep=fake.sleep)
    assert [limiter.acquire() for _ in range(20)] == [0.0] * 20
    assert fake.sleeps == []


def test_call_over_the_limit_waits_until_the_oldest_is_a_period_old():
    fake = FakeTime()
    limiter = RateLimiter(3, 1.0, clock=fake.clock, sleep=fake.sleep)
    for moment in (0.0, 0.2, 0.4):
        fake.now = moment
        limiter.acquire()
    fake.now = 0.5
    assert limiter.acquire() == pytest.approx(0.5)
    assert fake.sleeps == [pytest.approx(0.5)]


def test_no_wait_once_the_window_has_moved_on():
    fake = FakeTime()
    limiter = RateLimiter(2, 1.0, clock=fake.clock, sleep=fake.sleep)
    limiter.acquire()
    limiter.acquire()
    fake.now = 1.0
    assert limiter.acquire() == 0.0


def test_queued_callers_get_successive_slots():
    fake = FakeTime()
    limiter = RateLimiter(2, 1.0, clock=fake.clock, sleep=fake.sleep)
    waits = [limiter.acquire() for _ in range(6)]
    assert waits == [0.0, 0.0, 1.0, 1.0, 2.0, 2.0]


def test_threads_share_one_limit():
    fake = FakeTime()
    limiter = RateLimiter(20, 1.0, clock=fake.clock, sleep=fake.sleep)
    waits: list[float] = []
    lock = threading.Lock()

    def worker():
        waited = limiter.acquire()
        with lock:
            waits.append(waited)

    threads = [threading.Thread(target=worker) for _ in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == [0.0] * 20 + [1.0] * 20 + [2.0] * 20


@pytest.mark.parametrize(("calls", "period"), [(0, 1.0), (5, 0.0), (5, -1.0)])
def test_rejects_impossible_limits(calls, period):
    with pytest.raises(ValueError):
        RateLimiter(calls, period)
