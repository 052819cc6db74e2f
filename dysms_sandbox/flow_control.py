"""Flow control as the service does it: per account and API, so many calls a second.

The limits are the service's published ones (``dysms.quotas``, the same table the client
limits itself to). A call is counted once it passed the gateway's checks (signature, key,
RAM), whatever its parameters, and only if admitted: a refused call does not use up the
quota, so a client that backs off and tries again gets through. Past the limit the answer
is the gateway's ``Throttling.User``, HTTP 400, the JSON error body with ``HostId``.

The window slides: a call is admitted while fewer than the limit were admitted in the last
second. Time is the sandbox's (``Sandbox.flow_clock``, by default its clock), never the
machine's, so a test that pins the clock pins what flow control sees: forty calls at one
instant are twenty answered and twenty refused, on any machine.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping

from dysms.quotas import CALLS_PER_SECOND
from dysms_sandbox.answers import ServiceError

PERIOD_SECONDS = 1.0
THROTTLED_MESSAGE = "Request was denied due to user flow control."


def throttled() -> ServiceError:
    return ServiceError("Throttling.User", THROTTLED_MESSAGE, status=400)


class FlowControl:
    """``admit(account, action, now)``: true when the call may go on; thread-safe."""

    def __init__(self, limits: Mapping[str, int] | None = None, period: float = PERIOD_SECONDS):
        self.limits = dict(CALLS_PER_SECOND if limits is None else limits)
        self.period = period
        self._admitted: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def admit(self, account: str, action: str, now: float) -> bool:
        limit = self.limits.get(action)
        if limit is None:
            return True
        with self._lock:
            admitted = self._admitted.setdefault((account, action), deque())
            if admitted and now < admitted[-1] - self.period:
                admitted.clear()  # the clock went back (a test set it): start afresh
            while admitted and now - admitted[0] >= self.period:
                admitted.popleft()
            if len(admitted) >= limit:
                return False
            admitted.append(now)
            return True

    def check(self, account: str, action: str, now: float) -> None:
        """Raise the service's ``Throttling.User`` unless the call is admitted."""
        if not self.admit(account, action, now):
            raise throttled()
