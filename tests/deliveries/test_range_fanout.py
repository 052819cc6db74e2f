"""A range search fetches its days together and stores each one as soon as it is in.

Storing a busy day costs about as much as a round of calls: done while the other days are
still on the way, it overlaps them instead of adding up at the end. The fetching threads
only talk HTTP; the search's own thread stores, so the days in flight hold no database
connections (PostgreSQL counts them, SQLite's writers queue for one lock).
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from support.sandbox import CountingAdapter, sandbox_client, sent

from core.clients import get_client
from deliveries import range_refresh
from deliveries.fetching import fetch_day
from deliveries.models import Fetch
from deliveries.record_store import store_day
from deliveries.services import RecordSearch, records_refresh_range
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db


def test_a_day_is_stored_while_the_other_days_are_still_fetched(
    install_client, monkeypatch, settings, past_day
):
    settings.RECORDS_DAYS_CONCURRENCY = 2
    stored = threading.Event()
    calls, waited = [], []
    lock = threading.Lock()

    def second_waits_for_the_first_stored(call):
        with lock:
            calls.append(call)
            second = len(calls) == 2
        if second:
            waited.append(stored.wait(timeout=5))

    def store_answers(*args, **kwargs):
        result = original(*args, **kwargs)
        stored.set()
        return result

    original = range_refresh.store_answers
    monkeypatch.setattr(range_refresh, "store_answers", store_answers)
    adapter_factory = lambda sandbox: CountingAdapter(sandbox, second_waits_for_the_first_stored)  # noqa: E731
    install_client(sandbox_client(adapter_factory=adapter_factory)[0])
    search = RecordSearch(
        phone=reserved.ONE_PAGE, first=past_day - timedelta(days=1), last=past_day
    )

    result = records_refresh_range(search=search)

    assert waited == [True]  # the first day was stored before the second one answered
    assert [one.fetched for _, one in result.days] == [True, True]
    assert Fetch.objects.filter(phone=reserved.ONE_PAGE).count() == 2


def test_the_fetching_threads_open_no_database_connection(upstream, monkeypatch, past_day):
    used_by: set[str] = set()
    original = BaseDatabaseWrapper.ensure_connection

    def ensure_connection(self):
        used_by.add(threading.current_thread().name)
        return original(self)

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", ensure_connection)
    days = [past_day - timedelta(days=n) for n in range(3)]
    search = RecordSearch(phone=reserved.TWO_PAGES, first=days[-1], last=days[0])

    result = records_refresh_range(search=search, force=True)

    threads = {call["thread"] for call in upstream.calls}
    assert any(name.startswith("dysms-day") for name in threads)
    assert any(name.startswith("dysms-page") for name in threads)  # two pages a day
    assert used_by == {threading.current_thread().name}
    assert result.fetch.stored_count == sum(len(sent(reserved.TWO_PAGES, day)) for day in days)


def stored_with(past_day) -> list[str]:
    """The statements of storing one fetched day."""
    key = {"phone": reserved.ONE_PAGE, "day": past_day, "biz_id": ""}
    fetched = fetch_day(get_client(), **key)
    with CaptureQueriesContext(connection) as queries:
        store_day(key, fetched, fetched_at=timezone.now())
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_stored_day_does_not_wait_for_the_disk(upstream, past_day):
    assert "SET LOCAL synchronous_commit TO OFF" in stored_with(past_day)


def test_a_stored_day_inside_a_larger_transaction_leaves_its_commit_alone(upstream, past_day):
    # The test's own transaction is the larger one here (an audit entry could be in it).
    assert not [sql for sql in stored_with(past_day) if "synchronous_commit" in sql]


def test_twenty_numbers_over_seven_days_share_the_same_bounded_workers(
    upstream, settings, yesterday, agent
):
    settings.RECORDS_DAYS_CONCURRENCY = 4
    numbers = [f"138001380{n:02d}" for n in range(20)]
    first = yesterday - timedelta(days=6)
    token = "several0123456789numbers"

    response = agent.get(
        "/",
        {
            "phone": "\n".join(numbers),
            "date": first.isoformat(),
            "date_to": yesterday.isoformat(),
            "progress": token,
        },
    )

    assert response.status_code == 200
    asked = {(call["phone"], call["date"]) for call in upstream.calls}
    assert len(asked) == 20 * 7
    day_threads = {call["thread"] for call in upstream.calls if call["thread"].startswith("dysms")}
    assert len({name for name in day_threads if name.startswith("dysms-day")}) <= 4
    assert agent.get(f"/search-progress/{token}/").json() == {"done": 140, "total": 140}
    assert Fetch.objects.filter(phone__in=numbers).count() == 140
