"""A small thread-safe limiter: at most ``calls`` per ``period`` seconds, in this process.

Sliding window over the last ``calls`` start times: a call may start once the
call ``calls`` places before it is at least ``period`` old. Each caller
reserves its start time under the lock and sleeps outside it, so waiting
threads queue up in order and a fake ``sleep`` in tests cannot spin forever.

The service's quota is per account; several processes sharing one account
each need a share of it (pass a smaller ``calls``).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Mapping

from dysms.quotas import CALLS_PER_SECOND


class RateLimiter:
    def __init__(
        self,
        calls: int,
        period: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if calls < 1 or period <= 0:
            raise ValueError("a rate limit needs calls >= 1 and a positive period")
        self.calls = calls
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._starts: deque[float] = deque(maxlen=calls)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RateLimiter(calls={self.calls}, period={self.period})"

    def acquire(self) -> float:
        """Wait for a free slot; return how long we waited (0.0 when none)."""
        with self._lock:
            now = self._clock()
            start = now
            if len(self._starts) == self.calls:
                start = max(now, self._starts[0] + self.period)
            self._starts.append(start)
        wait = start - now
        if wait > 0:
            self._sleep(wait)
        return max(wait, 0.0)


def quota_limiters(
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    *,
    share: Mapping[str, int] | None = None,
) -> dict[str, RateLimiter]:
    """One limiter per action at its quota (dysms.quotas), shared by every thread of a client.

    Replaceable in ``client.rate_limits`` (a smaller share for several processes); ``clock``
    and ``sleep`` pace them (a test passes one clock it also gives the sandbox). ``share``
    lowers an action's figure to this process's part of the account's quota.
    """
    share = share or {}
    return {
        action: RateLimiter(min(calls, share.get(action, calls)), clock=clock, sleep=sleep)
        for action, calls in CALLS_PER_SECOND.items()
    }
