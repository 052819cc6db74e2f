"""The Redis cache falls back to local memory while Redis is away, and says so once."""

import logging
import socket
import threading

import pytest
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from support.clocks import MonotonicClock
from support.fake_redis import OOM, READONLY, refusing_redis
from support.outage import closed_port
from support.users import user_with_role

from access.roles import SUPPORT
from core import cache_backends
from core.cache_backends import PROBE_KEY, REDIS_BACK, REDIS_DOWN, ResilientRedisCache

REAL_REDIS = "redis://127.0.0.1:6379/15"


def redis_running() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.2):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def fresh_states(monkeypatch):
    monkeypatch.setattr(cache_backends, "_states", {})


def make_cache(
    location: str, monotonic_clock: MonotonicClock, retry_seconds: float = 5.0
) -> ResilientRedisCache:
    return ResilientRedisCache(
        location,
        {"OPTIONS": {"retry_seconds": retry_seconds, "socket_connect_timeout": 0.5}},
        clock=monotonic_clock,
    )


def messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "deliveries.cache"]


def test_unreachable_redis_still_stores_and_logs_once(monotonic_clock, caplog):
    caplog.set_level(logging.INFO, logger="deliveries.cache")
    cache = make_cache(f"redis://:hunter2@127.0.0.1:{closed_port()}/0", monotonic_clock)

    for n in range(20):
        cache.set(f"k{n}", n)
        monotonic_clock.now += 1  # past the retry interval several times: tried again, still down
    assert cache.get("k3") == 3
    assert cache.add("new", "a") is True
    assert cache.add("new", "b") is False
    assert cache.incr("k5", 10) == 15
    assert cache.get_many(["k1", "k2", "nope"]) == {"k1": 1, "k2": 2}
    cache.delete("k1")
    assert cache.has_key("k1") is False
    assert cache.get_or_set("computed", lambda: "v") == "v"

    logged = messages(caplog)
    assert len(logged) == 1
    assert logged[0].startswith("Redis at 127.0.0.1:")
    assert "ConnectionError" in logged[0]
    assert "hunter2" not in logged[0]


def test_redis_is_not_asked_again_within_the_retry_interval(monotonic_clock, monkeypatch):
    attempts = []

    def down(self, key, *args, **kwargs):
        attempts.append(key)
        raise RedisConnectionError("refused")

    monkeypatch.setattr(RedisCache, "get", down)
    monkeypatch.setattr(RedisCache, "set", down)
    cache = make_cache("redis://127.0.0.1:6379/0", monotonic_clock, retry_seconds=5)

    cache.get("a")
    monotonic_clock.now += 4.9
    cache.get("b")
    monotonic_clock.now += 0.2
    cache.get("c")  # tried again, with a write first: still down, so "c" is not asked

    assert attempts == ["a", PROBE_KEY]


def test_recovery_is_logged_once_and_the_outage_values_are_dropped(
    monotonic_clock, monkeypatch, caplog
):
    caplog.set_level(logging.INFO, logger="deliveries.cache")
    shared = {}
    up = {"value": False}

    def get(self, key, default=None, version=None):
        if not up["value"]:
            raise RedisConnectionError("refused")
        return shared.get(key, default)

    def set_(self, key, value, timeout=None, version=None):
        if not up["value"]:
            raise RedisConnectionError("refused")
        shared[key] = value

    monkeypatch.setattr(RedisCache, "get", get)
    monkeypatch.setattr(RedisCache, "set", set_)
    cache = make_cache("redis://127.0.0.1:6379/0", monotonic_clock, retry_seconds=5)

    cache.set("lock", "local")
    assert cache.get("lock") == "local"
    up["value"] = True
    monotonic_clock.now += 5
    for _ in range(5):
        assert cache.get("lock") is None  # Redis again: the outage's local value is not used
    cache.set("lock", "shared")

    assert messages(caplog) == [
        REDIS_DOWN % ("127.0.0.1:6379/0", "ConnectionError"),
        REDIS_BACK % "127.0.0.1:6379/0",
    ]
    assert shared == {"lock": "shared", PROBE_KEY: 1}  # the retry wrote its probe first
    assert cache.fallback.get("lock") is None


def test_every_thread_shares_one_outage_state(monotonic_clock, caplog):
    caplog.set_level(logging.INFO, logger="deliveries.cache")
    location = f"redis://127.0.0.1:{closed_port()}/0"
    first, second = make_cache(location, monotonic_clock), make_cache(location, monotonic_clock)

    first.set("k", 1)
    second.set("k", 2)

    assert first.state is second.state
    assert first.get("k") == 2  # the same process-local fallback, too
    assert len(messages(caplog)) == 1


def test_every_thread_shares_one_redis_client_and_its_connections(monotonic_clock):
    location = f"redis://127.0.0.1:{closed_port()}/0"
    here = make_cache(location, monotonic_clock)._cache.get_client()
    there = []
    thread = threading.Thread(
        target=lambda: there.append(make_cache(location, monotonic_clock)._cache.get_client())
    )
    thread.start()
    thread.join()

    assert there[0] is here  # Django's cache object is per thread; what it talks through is not
    assert here is make_cache(location, monotonic_clock)._cache.get_client(write=True)
    other = make_cache(f"redis://127.0.0.1:{closed_port()}/1", monotonic_clock)
    assert other._cache.get_client() is not here


def test_probe_asks_redis_itself_not_the_fallback(monotonic_clock):
    cache = make_cache(f"redis://127.0.0.1:{closed_port()}/0", monotonic_clock)

    with pytest.raises(RedisConnectionError):
        cache.probe()


@pytest.mark.skipif(not redis_running(), reason="no Redis server on 127.0.0.1:6379")
def test_a_reachable_redis_is_shared_between_cache_objects(monotonic_clock):
    writer, reader = (
        make_cache(REAL_REDIS, monotonic_clock),
        make_cache(REAL_REDIS, monotonic_clock),
    )
    try:
        writer.set("smsadmin-test:shared", {"rows": 50}, 30)

        assert reader.get("smsadmin-test:shared") == {"rows": 50}
        assert writer.fallback.get("smsadmin-test:shared") is None
        reader.probe()
    finally:
        writer.delete("smsadmin-test:shared")


@pytest.mark.django_db
def test_the_search_page_works_while_redis_is_down_and_says_so_once(
    settings, install_client, django_user_model, client, caplog
):
    from support.sandbox import days_ago, sandbox_client

    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "retry_seconds": 60},
        }
    }
    guarded, upstream = sandbox_client()
    install_client(guarded)
    client.force_login(user_with_role(django_user_model, "agent", SUPPORT))
    caplog.set_level(logging.INFO, logger="deliveries.cache")
    search = {"phone": "13800000999", "date": days_ago(2).isoformat()}

    pages = [client.get("/", search) for _ in range(3)]

    assert [page.status_code for page in pages] == [200, 200, 200]
    fetches = [call for call in upstream.calls if call["page"] == 1]
    assert len(fetches) == 1  # one fetch (all its pages); the store answers the repeats
    assert len(messages(caplog)) == 1


REFUSALS = [
    pytest.param(OOM, "OutOfMemoryError", id="oom"),
    pytest.param(READONLY, "ReadOnlyError", id="read-only"),
]


@pytest.mark.parametrize(("refusal", "error"), REFUSALS)
def test_a_redis_refusing_writes_is_treated_as_gone_and_said_once(
    monotonic_clock, caplog, refusal, error
):
    caplog.set_level(logging.INFO, logger="deliveries.cache")
    with refusing_redis(refusal) as server:
        cache = make_cache(server.url, monotonic_clock, retry_seconds=5)

        assert cache.add("lock", "mine", 30) is True
        assert cache.add("lock", "theirs", 30) is False  # the fallback holds it: one fetch
        assert cache.get("lock") == "mine"
        cache.set("page", {"rows": 20})
        assert cache.get("page") == {"rows": 20}
        asked = len(server.commands)
        for _ in range(10):  # within the retry interval: Redis is not asked again
            cache.get("page")
            cache.set("other", 1)

        assert len(server.commands) == asked
    assert messages(caplog) == [REDIS_DOWN % (server.url[8:], error)]


@pytest.mark.parametrize(("refusal", "error"), REFUSALS)
def test_reads_answering_do_not_count_as_redis_being_back(monotonic_clock, caplog, refusal, error):
    # A full or read-only Redis still answers GET: only a write shows it is usable again.
    caplog.set_level(logging.INFO, logger="deliveries.cache")
    with refusing_redis(refusal) as server:
        cache = make_cache(server.url, monotonic_clock, retry_seconds=5)
        cache.set("lock", "local")

        for _ in range(5):
            monotonic_clock.now += 6  # past the retry interval each time
            assert cache.get("lock") == "local"
            cache.set("lock", "local")

    assert len(messages(caplog)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("refusal", "error"), REFUSALS)
def test_the_search_page_works_while_redis_refuses_writes(
    settings, install_client, django_user_model, client, caplog, past_day, refusal, error
):
    from support.sandbox import sandbox_client

    caplog.set_level(logging.INFO, logger="deliveries.cache")
    with refusing_redis(refusal) as server:
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache_backends.ResilientRedisCache",
                "LOCATION": server.url,
                "OPTIONS": {"socket_connect_timeout": 0.5, "retry_seconds": 60},
            }
        }
        guarded, upstream = sandbox_client()
        install_client(guarded)
        client.force_login(user_with_role(django_user_model, "agent", SUPPORT))
        search = {"phone": "13800000010", "date": past_day.isoformat()}

        pages = [client.get("/", search) for _ in range(3)]

    assert [page.status_code for page in pages] == [200, 200, 200]
    assert all("13800000010" in page.content.decode() for page in pages)
    assert len([call for call in upstream.calls if call["page"] == 1]) == 1
    assert len(messages(caplog)) == 1
