"""records_refresh: freshness, concurrent pages, the cap, atomic replacement, one fetch per key."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta

import pytest
import requests
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from support.sandbox import CountingAdapter, days_ago, sandbox_client, sent

from core import failures as problems
from deliveries.models import Fetch, SmsRecord
from deliveries.services import LOCK_KEY, is_fresh, records_refresh
from dysms.errors import ServiceUnavailableError
from dysms.values import CHINA_TZ
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

PHONE = "13800000999"  # 420 records every day: nine pages


def refresh(**kwargs):
    """records_refresh of PHONE two days ago (the ``past_day`` fixture) unless told otherwise."""
    return records_refresh(**{"phone": PHONE, "day": days_ago(2), **kwargs})


def age(fetch: Fetch, **delta) -> None:
    Fetch.objects.filter(pk=fetch.pk).update(fetched_at=timezone.now() - timedelta(**delta))


def test_a_first_search_fetches_every_page_and_stores_the_day_in_upstream_order(upstream, past_day):
    result = refresh()

    assert result.fetched and result.failure is None
    assert sorted(call["page"] for call in upstream.calls) == list(range(1, 10))
    stored = SmsRecord.objects.filter(fetch=result.fetch).order_by("position")
    assert [r.content for r in stored] == [m.content for m in sent(PHONE, past_day)]
    assert (result.fetch.total_count, result.fetch.stored_count) == (420, 420)
    assert len(result.fetch.request_ids) == 9
    assert not result.fetch.capped


def test_pages_after_the_first_are_fetched_concurrently_by_worker_threads(install_client, settings):
    settings.RECORDS_FETCH_CONCURRENCY = 4
    together = threading.Barrier(4)

    def wait_for_the_others(call):
        if call["page"] > 1:  # pages 2..9: two rounds of four, each round all at once
            together.wait(timeout=5)

    guarded, adapter = sandbox_client(
        adapter_factory=lambda sandbox: CountingAdapter(sandbox, wait_for_the_others)
    )
    install_client(guarded)

    refresh()

    threads = {call["page"]: call["thread"] for call in adapter.calls}
    # Page 1 in the day's worker (so the search can stop waiting at its deadline), the rest in
    # the page workers; this thread only stores.
    assert threads[1].startswith("dysms-day")
    assert all(name.startswith("dysms-page") for page, name in threads.items() if page > 1)


def test_a_day_above_the_cap_is_cut_with_a_mark(upstream, settings):
    settings.RECORDS_FETCH_CAP = 120

    fetch = refresh().fetch

    assert sorted(call["page"] for call in upstream.calls) == [1, 2, 3]
    assert (fetch.total_count, fetch.stored_count, fetch.capped) == (420, 120, True)
    assert fetch.records.count() == 120


def test_the_thousands_number_is_capped_at_the_default_thousand(upstream):
    fetch = refresh(phone=reserved.THOUSANDS).fetch

    assert (fetch.total_count, fetch.stored_count, fetch.capped) == (1200, 1000, True)
    assert len(upstream.calls) == 20


def test_a_final_past_day_is_never_fetched_again_without_force(upstream):
    fetch = refresh().fetch
    age(fetch, hours=6)

    again = refresh()

    assert not again.fetched
    assert again.fetch.pk == fetch.pk
    assert len(upstream.calls) == 9


def test_force_fetches_a_final_day_again_and_keeps_its_rows(upstream):
    first = refresh().fetch
    old_ids = set(first.records.values_list("id", flat=True))

    again = refresh(force=True)

    assert again.fetched
    assert len(upstream.calls) == 18
    assert again.fetch.records.count() == 420
    assert set(again.fetch.records.values_list("id", flat=True)) == old_ids  # updated in place
    assert Fetch.objects.count() == 1


def test_today_is_fetched_again_once_older_than_the_fresh_seconds(upstream, settings):
    settings.RECORDS_FRESH_SECONDS = 60
    today = timezone.localdate()
    phone = reserved.ALL_DELIVERED  # at most 5 sends today, whatever the hour: one page
    fetch = refresh(phone=phone, day=today).fetch

    age(fetch, seconds=30)
    assert not refresh(phone=phone, day=today).fetched
    age(fetch, seconds=61)
    assert refresh(phone=phone, day=today).fetched
    assert len(upstream.calls) == 2


def test_freshness_rules_of_a_stored_fetch(settings, past_day):
    settings.RECORDS_FRESH_SECONDS = 60
    now = timezone.now()
    past = past_day
    after_the_day = datetime.combine(past + timedelta(days=1), time(0, 5), tzinfo=CHINA_TZ)
    during_the_day = datetime.combine(past, time(23, 0), tzinfo=CHINA_TZ)

    def fetch(fetched_at, waiting=0, total=0, stored=0):
        return Fetch(
            day=past,
            fetched_at=fetched_at,
            waiting_count=waiting,
            total_count=total,
            stored_count=stored,
        )

    assert is_fresh(fetch(after_the_day), now=now)  # final: fresh for ever
    assert not is_fresh(fetch(after_the_day, waiting=1), now=now)  # receipts still due
    assert not is_fresh(fetch(after_the_day, total=12), now=now)  # counted, not listed
    assert not is_fresh(fetch(during_the_day), now=now)  # later sends of that day missing
    assert is_fresh(fetch(now - timedelta(seconds=59), waiting=1), now=now)
    assert not is_fresh(None, now=now)


def test_a_failure_keeps_the_stored_rows_and_says_what_happened(upstream, install_client):
    fetch = refresh().fetch
    install_client(sandbox_client(accounts={"LTAI5tSomebodyElse0000000": "x" * 30})[0])

    result = refresh(force=True)

    assert problems.words(result.failure) == problems.ACCESS_KEY_INVALID
    assert result.failure.request_id
    assert not result.fetched
    assert result.fetch.pk == fetch.pk
    assert result.fetch.records.count() == 420


def test_a_failing_page_after_the_first_stores_nothing(install_client):
    def fail_page_five(call):
        if call["page"] == 5:
            raise requests.ConnectionError("connection reset")

    guarded, _ = sandbox_client(
        adapter_factory=lambda sandbox: CountingAdapter(sandbox, fail_page_five)
    )
    install_client(guarded)

    result = refresh()

    assert problems.words(result.failure) == problems.UNREACHABLE
    assert result.fetch is None
    assert SmsRecord.objects.count() == 0


def test_the_lock_is_released_after_a_failure(install_client, upstream, past_day):
    refresh(phone=reserved.THROTTLED)

    assert (
        cache.get(
            LOCK_KEY.format(account="default", phone=reserved.THROTTLED, day=past_day, biz_id="")
        )
        is None
    )
    assert problems.words(refresh(phone=reserved.THROTTLED).failure) == problems.THROTTLED


def test_searches_with_and_without_a_bizid_are_stored_apart(upstream, past_day):
    biz_id = sent(PHONE, past_day)[3].biz_id

    whole_day = refresh().fetch
    one = refresh(biz_id=biz_id).fetch

    assert one.pk != whole_day.pk
    assert [r.content for r in one.records.all()] == [sent(PHONE, past_day)[3].content]
    assert whole_day.records.count() == 420


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_searches_for_one_key_make_one_fetch(install_client, past_day):
    entered, release = threading.Event(), threading.Event()

    def hold_the_first_call(call):
        if call["page"] == 1 and not entered.is_set():
            entered.set()
            assert release.wait(timeout=10)

    guarded, adapter = sandbox_client(
        adapter_factory=lambda sandbox: CountingAdapter(sandbox, hold_the_first_call)
    )
    install_client(guarded)
    phone, day = reserved.ONE_PAGE, past_day  # 20 sends: one page, one call

    def first_search():
        try:
            records_refresh(phone=phone, day=day)
        finally:
            connection.close()  # this thread's own connection, or the test database stays busy

    first = threading.Thread(target=first_search)
    first.start()
    assert entered.wait(timeout=10)  # the first search is fetching, holding the lock

    def meanwhile(seconds):  # the second search waits: let the first one finish
        release.set()
        first.join(timeout=10)

    second = records_refresh(phone=phone, day=day, sleep=meanwhile)

    assert not second.fetched and second.failure is None
    assert second.fetch is not None
    assert len(adapter.calls) == 1
    assert second.fetch.records.count() == len(sent(phone, day))


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (ServiceUnavailableError("x", http_status=503), problems.UNAVAILABLE.format(status=503)),
        (ServiceUnavailableError("x", http_status=200), problems.UNREADABLE),
        (ServiceUnavailableError("x"), problems.UNREACHABLE),
    ],
)
def test_outages_in_plain_words(error, words):
    assert problems.words(problems.Failure.of(error)) == words


def test_a_timeout_in_plain_words():
    try:
        try:
            raise requests.ReadTimeout("read timed out")
        except requests.ReadTimeout:
            raise ServiceUnavailableError("No answer") from None
    except ServiceUnavailableError as error:
        assert problems.words(problems.Failure.of(error)) == problems.TIMED_OUT
