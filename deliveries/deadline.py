"""The moment a search stops waiting for Alibaba Cloud: a slow upstream must not hold a worker.

Fetches run in worker threads, so when the deadline passes the search stops waiting for
them and answers with what the store has; the days left over are ``late``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future
from concurrent.futures import wait as wait_for_futures

from django.conf import settings

# How often a search waiting for its fetches looks at the deadline's clock again.
DEADLINE_STEP_SECONDS = 0.1


class Deadline:
    """``seconds`` (default ``RECORDS_SEARCH_DEADLINE_SECONDS``) from now, on a monotonic clock.

    Monotonic, as a wall-clock jump must not cut a search short or stretch it. Tests replace
    the clock, which is why ``wait`` looks at it again every ``DEADLINE_STEP_SECONDS`` rather
    than sleeping once for the whole remaining time.
    """

    clock: Callable[[], float] = staticmethod(time.monotonic)

    def __init__(self, seconds: float | None = None, *, clock: Callable[[], float] | None = None):
        if clock is not None:
            self.clock = clock
        if seconds is None:
            seconds = settings.RECORDS_SEARCH_DEADLINE_SECONDS
        self.seconds = seconds
        self.at = self.clock() + seconds

    def remaining(self) -> float:
        return max(0.0, self.at - self.clock())

    def passed(self) -> bool:
        return self.remaining() <= 0

    def batches(self, futures: Iterable[Future]) -> Iterator[set[Future]]:
        """The futures as they finish, until all have or the deadline passed, then the ones done
        by that moment; those that finished together come together (a search of several
        accounts gets many answers within milliseconds, stored at once). The caller's work
        between two batches (storing) overlaps the fetches still on the way."""
        pending = set(futures)
        while pending and not self.passed():
            step = min(self.remaining(), DEADLINE_STEP_SECONDS)
            done, pending = wait_for_futures(pending, timeout=step, return_when=FIRST_COMPLETED)
            if done:
                yield done
        late = {future for future in pending if future.done()}
        if late:
            yield late

    def wait(self, futures: Iterable[Future]) -> set[Future]:
        """Wait until every future is done or the deadline passed; the futures done by then."""
        futures = list(futures)
        pending = set(futures)
        while pending and not self.passed():
            step = min(self.remaining(), DEADLINE_STEP_SECONDS)
            _, pending = wait_for_futures(pending, timeout=step, return_when=FIRST_COMPLETED)
        return {future for future in futures if future.done()}
