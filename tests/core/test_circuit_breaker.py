"""The circuit breaker stops calling Alibaba Cloud after repeated outages, for a cool-down."""

import pytest
from django.core.cache.backends.locmem import LocMemCache

from core.circuit import CIRCUIT_OPEN, CircuitBreaker, CircuitOpenError, GuardedClient
from dysms.errors import AuthError, ServiceUnavailableError, ThrottledError


class Upstream:
    """query_send_details raises the queued errors (None: answers), then answers "page N"."""

    def __init__(self, *errors):
        self.errors = list(errors)
        self.calls = 0

    def query_send_details(self, phone, send_date, page=1, page_size=50, biz_id=None):
        self.calls += 1
        error = self.errors.pop(0) if self.errors else None
        if error is not None:
            raise error
        return f"page {page}"


@pytest.fixture
def store(request):
    cache = LocMemCache(f"circuit-test-{request.node.name}", {})
    yield cache
    cache.clear()


def breaker(store, monotonic_clock, failures=3, cooldown=30) -> CircuitBreaker:
    return CircuitBreaker(failures=failures, cooldown=cooldown, cache=store, clock=monotonic_clock)


def outage():
    return ServiceUnavailableError("no answer")


def test_opens_after_consecutive_outages_and_stops_calling(store, monotonic_clock):
    upstream = Upstream(outage(), ThrottledError("slow down", code="Throttling"), outage())
    client = GuardedClient(upstream, breaker(store, monotonic_clock))

    for _ in range(3):
        with pytest.raises((ServiceUnavailableError, ThrottledError)):
            client.query_send_details("13800138000", "20260520")
    monotonic_clock.now += 12.5
    with pytest.raises(CircuitOpenError) as raised:
        client.query_send_details("13800138000", "20260520")

    assert upstream.calls == 3
    assert raised.value.retry_in == 18
    assert raised.value.message == CIRCUIT_OPEN.format(seconds=18)
    assert str(raised.value.message) == "Alibaba Cloud is unavailable, retrying in 18 s."
    assert isinstance(raised.value, ServiceUnavailableError)  # the dashboard's outage banner


def test_a_success_resets_the_count(store, monotonic_clock):
    upstream = Upstream(outage(), outage(), None, outage(), outage())
    client = GuardedClient(upstream, breaker(store, monotonic_clock))

    results = []
    for _ in range(5):
        try:
            results.append(client.query_send_details("13800138000", "20260520"))
        except ServiceUnavailableError as error:
            results.append(type(error).__name__)

    assert upstream.calls == 5
    assert "CircuitOpenError" not in results


def test_errors_that_are_not_outages_do_not_count(store, monotonic_clock):
    upstream = Upstream(*(AuthError("bad key", code="InvalidAccessKeyId") for _ in range(5)))
    client = GuardedClient(upstream, breaker(store, monotonic_clock))

    for _ in range(5):
        with pytest.raises(AuthError):
            client.query_send_details("13800138000", "20260520")

    assert upstream.calls == 5
    assert client.breaker.state() == {"open": False, "retry_in": 0}


def test_after_the_cooldown_one_trial_call_goes_upstream(store, monotonic_clock):
    upstream = Upstream(outage(), outage(), outage())
    client = GuardedClient(upstream, breaker(store, monotonic_clock, cooldown=30))
    for _ in range(3):
        with pytest.raises(ServiceUnavailableError):
            client.query_send_details("13800138000", "20260520")

    monotonic_clock.now += 30
    assert client.query_send_details("13800138000", "20260520") == "page 1"
    assert client.breaker.state() == {"open": False, "retry_in": 0}
    assert upstream.calls == 4


def test_a_failed_trial_reopens_at_once(store, monotonic_clock):
    upstream = Upstream(outage(), outage(), outage(), outage())
    client = GuardedClient(upstream, breaker(store, monotonic_clock, cooldown=30))
    for _ in range(3):
        with pytest.raises(ServiceUnavailableError):
            client.query_send_details("13800138000", "20260520")

    monotonic_clock.now += 31
    with pytest.raises(ServiceUnavailableError):
        client.query_send_details("13800138000", "20260520")

    assert client.breaker.state() == {"open": True, "retry_in": 30}
    assert upstream.calls == 4


def test_instances_sharing_a_cache_agree(store, monotonic_clock):
    first = GuardedClient(Upstream(outage(), outage(), outage()), breaker(store, monotonic_clock))
    second_upstream = Upstream()
    second = GuardedClient(second_upstream, breaker(store, monotonic_clock))
    for _ in range(3):
        with pytest.raises(ServiceUnavailableError):
            first.query_send_details("13800138000", "20260520")

    with pytest.raises(CircuitOpenError):
        second.query_send_details("13900139000", "20260520")
    assert second_upstream.calls == 0


def test_the_query_and_its_arguments_reach_the_wrapped_client(store, monotonic_clock):
    upstream = Upstream()
    client = GuardedClient(upstream, breaker(store, monotonic_clock))

    assert client.query_send_details("13800138000", "20260520", page=2) == "page 2"
    assert client.client is upstream


def test_settings_give_the_defaults(settings, store):
    settings.CIRCUIT_FAILURES = 7
    settings.CIRCUIT_COOLDOWN_SECONDS = 45

    made = CircuitBreaker(cache=store)

    assert (made.threshold, made.cooldown) == (7, 45)
