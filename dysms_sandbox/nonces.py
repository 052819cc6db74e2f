"""Remembered signature nonces: bounded, thread-safe, forgotten once their window has passed."""

from __future__ import annotations

import heapq
import threading
from datetime import datetime

DEFAULT_CAPACITY = 100_000


class NonceRegistry:
    """``use(key, expires_at, now)`` is true the first time a key is seen before it expires.

    A nonce only needs remembering while a request carrying it could still
    pass the timestamp check, so each entry expires with its request's
    window. Past ``capacity`` live entries the ones closest to expiry are
    dropped first: memory stays bounded even under a flood of fresh nonces.
    """

    def __init__(self, capacity: int = DEFAULT_CAPACITY):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._expiry: dict[str, datetime] = {}
        self._heap: list[tuple[datetime, str]] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._expiry)

    def use(self, key: str, expires_at: datetime, now: datetime) -> bool:
        with self._lock:
            self._forget_expired(now)
            if key in self._expiry:
                return False
            self._expiry[key] = expires_at
            heapq.heappush(self._heap, (expires_at, key))
            while len(self._expiry) > self.capacity:
                self._pop()
            return True

    def _forget_expired(self, now: datetime) -> None:
        while self._heap and self._heap[0][0] <= now:
            self._pop()

    def _pop(self) -> None:
        _, key = heapq.heappop(self._heap)
        self._expiry.pop(key, None)
