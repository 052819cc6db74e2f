"""A monotonic clock that moves only when a test moves it (circuit, cache fallback, outage log).

The code under test takes a ``clock`` callable returning seconds (``time.monotonic`` in the app);
the test holds this one and moves it with ``clock.now += seconds`` or ``clock.jump(seconds)``.
Wall-clock time (dates, "today") is the pinned clock of tests/conftest.py, not this.
"""

from __future__ import annotations

import threading


class MonotonicClock:
    """Seconds since an arbitrary start, as ``time.monotonic`` gives; safe to move from threads."""

    def __init__(self, start: float = 1_700_000_000.0):
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def jump(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds
