"""Every query to Alibaba Cloud is counted by account, API and outcome, and timed; the circuit
breaker's state is a gauge."""

from __future__ import annotations

import pytest
from django.conf import settings
from support.statistics import FakeStatisticsClient

from core.circuit import CircuitBreaker, GuardedClient
from dysms.errors import InvalidParametersError, InvalidQuery
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

DETAILS = {"account": "default", "api": "QuerySendDetails"}


def requests_total(scraped, outcome: str) -> float:
    return scraped.value("smsadmin_upstream_requests_total", **DETAILS, outcome=outcome)


def timed(scraped) -> float:
    return scraped.value("smsadmin_upstream_request_seconds_count", **DETAILS)


def test_a_search_counts_its_upstream_query_as_ok_and_times_it(agent, upstream, scrape, past_day):
    before = scrape()

    response = agent.get("/", {"phone": reserved.ONE_PAGE, "date": past_day.isoformat()})

    after = scrape()
    assert response.status_code == 200 and len(upstream.calls) == 1
    assert requests_total(after, "ok") == requests_total(before, "ok") + 1
    assert timed(after) == timed(before) + 1
    assert after.value("smsadmin_upstream_request_seconds_sum", **DETAILS) > before.value(
        "smsadmin_upstream_request_seconds_sum", **DETAILS
    )
    assert reserved.ONE_PAGE not in after.text  # no phone number in a label


@pytest.mark.parametrize(
    "phone, outcome",
    [
        (reserved.INTERNAL_ERROR, "unavailable"),
        (reserved.SERVICE_UNAVAILABLE, "unavailable"),
        (reserved.THROTTLED, "throttled"),
        (reserved.ACCOUNT_PROBLEM, "auth"),
    ],
    ids=["internal-error-500", "service-unavailable-503", "throttled", "account-problem"],
)
def test_a_failed_query_is_counted_with_its_outcome(
    agent, upstream, scrape, past_day, phone, outcome
):
    before = scrape()

    agent.get("/", {"phone": phone, "date": past_day.isoformat()})

    after = scrape()
    # One query however many tries the client made inside it (retries are in its time).
    assert requests_total(after, outcome) == requests_total(before, outcome) + 1
    assert requests_total(after, "ok") == requests_total(before, "ok")
    assert timed(after) == timed(before) + 1


def test_the_circuit_gauge_is_1_while_open_and_nothing_is_sent(agent, upstream, scrape, past_day):
    closed = scrape()
    for _ in range(settings.CIRCUIT_FAILURES):
        CircuitBreaker().record_failure()

    opened = scrape()
    agent.get("/", {"phone": reserved.ONE_PAGE, "date": past_day.isoformat()})
    after = scrape()

    assert closed.value("smsadmin_circuit_open", account="default") == 0
    assert opened.value("smsadmin_circuit_open", account="default") == 1
    assert upstream.calls == []
    assert requests_total(after, "circuit_open") == requests_total(opened, "circuit_open") + 1
    assert timed(after) == timed(opened)  # nothing went upstream: nothing to time


def test_statistics_queries_and_refused_ones_are_counted_under_their_api_and_account(
    scrape, past_day
):
    upstream = FakeStatisticsClient(error=InvalidQuery("start_date", "too old"))
    guarded = GuardedClient(upstream, account="shop")
    labels = {"account": "shop", "api": "QuerySendStatistics"}
    before = scrape()

    with pytest.raises(InvalidQuery):
        guarded.query_all_send_statistics(is_globe=1, start_date=past_day, end_date=past_day)
    upstream.error = InvalidParametersError("bad sign", code="isv.INVALID_PARAMETERS")
    with pytest.raises(InvalidParametersError):
        guarded.query_all_send_statistics(is_globe=1, start_date=past_day, end_date=past_day)
    upstream.error = None
    guarded.query_all_send_statistics(is_globe=1, start_date=past_day, end_date=past_day)

    after = scrape()
    total = "smsadmin_upstream_requests_total"
    for outcome in ("invalid", "rejected", "ok"):
        assert after.value(total, **labels, outcome=outcome) == (
            before.value(total, **labels, outcome=outcome) + 1
        )
    seconds = "smsadmin_upstream_request_seconds_count"
    assert after.value(seconds, **labels) == before.value(seconds, **labels) + 2  # sent ones
