"""Django's Redis cache, kept working while Redis is away or refuses commands.

When Redis cannot be reached, or answers with an error (any ``RedisError``: a
full server with ``maxmemory-policy noeviction`` refusing writes with OOM, a
read-only replica answering READONLY, a wrong password), every cache call
falls back to a per-process local-memory cache: the dashboard keeps
answering, only without what the instances share (fetch locks, cached pages,
the circuit breaker's state). Half-working is not worth it: a fetch lock taken
in Redis but released in the fallback, or the other way round, would be wrong.

Redis is tried again at most every ``retry_seconds``, by a write (``probe``):
a full or read-only Redis still answers reads, and taking those for a
recovery would switch back and forth at every retry. The outage and the
recovery are each logged once per process, not once per request.

Django keeps one cache object per thread, so the up/down state lives at module
level, shared by every thread of the process.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("deliveries.cache")

REDIS_DOWN = (
    "Redis at %s is unreachable or refuses commands (%s); "
    "using a per-process cache until it is back."
)
REDIS_BACK = "Redis at %s answers again; the shared cache is back in use."
DEFAULT_RETRY_SECONDS = 5.0
PROBE_KEY = "health:probe"


class RedisState:
    """Whether one Redis server is believed down, and when to try it again."""

    def __init__(self, where: str):
        self.where = where
        self.down = False
        self.retry_at = 0.0
        self._lock = threading.Lock()

    def skip(self, now: float) -> bool:
        return self.down and now < self.retry_at

    def retrying(self, now: float) -> bool:
        """Believed down, but the retry interval is over: time to try Redis again."""
        return self.down and now >= self.retry_at

    def failed(self, now: float, retry_seconds: float, error: Exception) -> None:
        with self._lock:
            self.retry_at = now + retry_seconds
            if not self.down:
                self.down = True
                # The error's class only: its text may carry the URL, password included.
                logger.warning(REDIS_DOWN, self.where, type(error).__name__)

    def succeeded(self) -> bool:
        """Mark the server up; True when that is news (it was down)."""
        if not self.down:
            return False
        with self._lock:
            # Another thread may have marked it up since: only one says it is back.
            was_down, self.down = self.down, False
        if was_down:
            logger.warning(REDIS_BACK, self.where)
        return was_down


_states: dict[str, RedisState] = {}
_states_lock = threading.Lock()


def redis_state(where: str) -> RedisState:
    with _states_lock:
        return _states.setdefault(where, RedisState(where))


def _printable(servers: list[str]) -> str:
    """host:port/db of each server, never the password a URL may hold."""
    parts = []
    for server in servers:
        url = urlsplit(server)
        parts.append(f"{url.hostname}:{url.port or 6379}{url.path or ''}")
    return ", ".join(parts)


_clients: dict[tuple[str, str], Any] = {}
_clients_lock = threading.Lock()


class SharedRedisClient(RedisCacheClient):
    """Django's Redis client, with one connection pool and one redis-py client on it per
    server (and options) for the whole process.

    Django keeps a cache object per thread, each with pools of its own, and builds a
    ``redis.Redis`` for every command. A range search's day and page threads ask the circuit
    breaker twice a call: each new thread opened a connection of its own and every call
    built two clients, more CPU than the call's own. redis-py's pool and client are
    thread-safe, so the threads share them (the pool reconnects in a forked worker).
    """

    # RedisCacheClient's own, which django-stubs does not declare.
    _servers: list[str]
    _pool_options: dict[str, Any]
    _pool_class: Any
    _client: Any
    _get_connection_pool_index: Callable[[bool], int]

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        settings = repr(sorted(self._pool_options.items()))
        self._shared = [(server, settings) for server in self._servers]

    def get_client(self, key=None, *, write=False):
        shared = self._shared[self._get_connection_pool_index(write)]
        client = _clients.get(shared)
        if client is None:
            with _clients_lock:
                client = _clients.get(shared)
                if client is None:
                    pool = self._pool_class.from_url(shared[0], **self._pool_options)
                    client = _clients[shared] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """``RedisCache`` whose calls fall back to a ``LocMemCache`` while Redis is unreachable."""

    def __init__(
        self, server: str, params: dict[str, Any], *, clock: Callable[[], float] = time.monotonic
    ):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("retry_seconds", DEFAULT_RETRY_SECONDS))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = SharedRedisClient
        self._clock = clock
        self.where = _printable(self._servers)  # type: ignore[attr-defined]  # RedisCache's own
        self.state = redis_state(self.where)
        self.fallback = LocMemCache(
            f"redis-fallback:{self.where}",
            {k: v for k, v in params.items() if k in ("TIMEOUT", "KEY_PREFIX", "VERSION")},
        )

    def probe(self) -> None:
        """Write to Redis itself, never the fallback; raises ``RedisError`` when it refuses.

        A write, not PING: a full Redis (noeviction) or a read-only replica answers
        PING and reads, yet every fetch lock and cached value would fail.
        """
        super().set(PROBE_KEY, 1, 10)

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        fallback = getattr(self.fallback, name)
        now = self._clock()
        if self.state.skip(now):
            return fallback(*args, **kwargs)
        try:
            if self.state.retrying(now):
                self.probe()
            result = getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            self.state.failed(self._clock(), self.retry_seconds, error)
            return fallback(*args, **kwargs)
        if self.state.succeeded():
            # What was written during the outage is not shared: do not serve it next time.
            self.fallback.clear()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def clear(self):
        self.fallback.clear()
        return self._call("clear")
