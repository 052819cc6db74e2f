"""What the database and the site's own work say in the metrics: receipts pushed, yesterday's
delivery rate from the stored statistics, the fetch lock's waits, requests by view."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from support.statistics import RECEIPT_TOKEN, receipt

from core import metrics
from deliveries.record_search import DayKey
from deliveries.refresh import records_refresh
from dysms_sandbox import reserved
from rates.models import DailyStatistics, Globe, TemplateType

pytestmark = pytest.mark.django_db

RECEIVED = "smsadmin_receipts_received_total"
PUSHES = "smsadmin_receipt_pushes_total"


def push(body, token=RECEIPT_TOKEN):
    return Client().post(f"/receipts/{token}/", json.dumps(body), content_type="application/json")


def counts(scraped) -> dict[str, float]:
    outcomes = ("stored", "duplicate", "rejected")
    received = {o: scraped.value(RECEIVED, account="default", outcome=o) for o in outcomes}
    pushes = ("accepted", "bad_token", "malformed")
    return {**received, **{o: scraped.value(PUSHES, account="default", outcome=o) for o in pushes}}


def grew(before: dict, after: dict) -> dict[str, float]:
    return {key: after[key] - before[key] for key in before if after[key] != before[key]}


def test_pushed_receipts_are_counted_stored_duplicate_and_rejected(scrape, settings):
    settings.SMS_REPORT_TOKEN = RECEIPT_TOKEN
    unusable = receipt(biz_id="b3", send_time="yesterday")
    before = counts(scrape())

    push([receipt(), receipt(), receipt(biz_id="b2"), unusable])
    push([receipt()])
    push(["not", "receipts"])
    push({"phone_number": "13800138000"})
    push([receipt(biz_id="b4")], token="not-the-token")

    after = scrape()
    assert grew(before, counts(after)) == {
        "stored": 2,
        "duplicate": 2,  # twice in the first push, then pushed again
        "rejected": 3,  # the unusable one, then two strings
        "accepted": 3,
        "malformed": 1,
        "bad_token": 1,
    }
    assert RECEIPT_TOKEN not in after.text and "not-the-token" not in after.text


def statistics(day, globe, sent, delivered, **filters):
    DailyStatistics.objects.create(
        day=day,
        globe=globe,
        template_type=filters.get("template_type", TemplateType.ALL),
        sign_name=filters.get("sign_name", ""),
        total_count=sent,
        responded_success_count=delivered,
        responded_fail_count=sent - delivered,
        fetched_at=timezone.now(),
    )


def test_yesterdays_delivery_rate_comes_from_the_stored_statistics(
    scrape, today, yesterday, steady_statistics
):
    statistics(yesterday, Globe.DOMESTIC, 1000, 970)
    statistics(yesterday, Globe.INTERNATIONAL, 200, 150)
    statistics(yesterday, Globe.DOMESTIC, 10, 1, sign_name="OtherSign")  # a narrower filter
    statistics(today, Globe.DOMESTIC, 50, 10)  # not over yet
    statistics(yesterday - timedelta(days=1), Globe.DOMESTIC, 50, 10)

    scraped = scrape()

    rate = "smsadmin_delivery_rate"
    assert scraped.value(rate, account="default", globe="domestic") == pytest.approx(0.97)
    assert scraped.value(rate, account="default", globe="international") == pytest.approx(0.75)
    assert scraped.count(rate) == 2
    assert scraped.value("smsadmin_delivery_sent", account="default", globe="domestic") == 1000
    assert steady_statistics.calls == []  # computed from the database, never upstream


def test_without_stored_statistics_there_is_no_rate_rather_than_a_zero(scrape, yesterday):
    statistics(yesterday, Globe.INTERNATIONAL, 0, 0)

    scraped = scrape()

    assert scraped.find("smsadmin_delivery_rate", globe="domestic") is None
    assert scraped.find("smsadmin_delivery_rate", globe="international") is None
    assert scraped.value("smsadmin_delivery_sent", globe="international") == 0
    assert "# TYPE smsadmin_delivery_rate gauge" in scraped.text


def test_a_search_waiting_for_anothers_fetch_is_observed_with_its_wait(
    upstream, scrape, past_day, monotonic_clock, monkeypatch
):
    monkeypatch.setattr(metrics, "lock_clock", monotonic_clock)
    key = DayKey(phone=reserved.ONE_PAGE, day=past_day, biz_id="")
    cache.add(key.lock, "another search", 60)

    polls = []

    def wait(seconds):  # the other search's fetch takes 25 polls of 0.1 s, then lets go
        monotonic_clock.jump(seconds)
        polls.append(seconds)
        if len(polls) == 25:
            cache.delete(key.lock)

    before = scrape()
    records_refresh(phone=reserved.ONE_PAGE, day=past_day, sleep=wait)
    waited = scrape()
    records_refresh(phone=reserved.ONE_PAGE, day=past_day - timedelta(days=1), sleep=wait)
    after = scrape()

    name = "smsadmin_fetch_lock_wait_seconds"
    assert waited.value(f"{name}_count") == before.value(f"{name}_count") + 1
    assert waited.value(f"{name}_sum") - before.value(f"{name}_sum") == pytest.approx(2.5, abs=0.01)
    assert after.value(f"{name}_count") == waited.value(f"{name}_count")  # took the lock at once


def test_requests_are_timed_by_view_name_never_by_path(agent, upstream, scrape, past_day):
    seconds = "smsadmin_http_request_seconds_count"
    search = {"view": "deliveries:search", "method": "GET", "status": "2xx"}
    unmatched = {"view": "unmatched", "method": "GET", "status": "4xx"}
    odd = {"view": "deliveries:search", "method": "other", "status": "4xx"}
    before = scrape()

    agent.get("/", {"phone": reserved.ONE_PAGE, "date": past_day.isoformat()})
    agent.get(f"/no/such/{reserved.TWO_PAGES}/")
    agent.generic("BREW", "/")

    after = scrape()
    assert after.value(seconds, **search) == before.value(seconds, **search) + 1
    assert after.value(seconds, **unmatched) == before.value(seconds, **unmatched) + 1
    assert after.value(seconds, **odd) == before.value(seconds, **odd) + 1
    assert reserved.TWO_PAGES not in after.text and "BREW" not in after.text


def test_while_the_database_is_down_the_rest_is_still_served(metrics_token, database_down):
    response = Client().get("/metrics", headers={"Authorization": f"Bearer {metrics_token}"})

    assert response.status_code == 200
    text = response.content.decode()
    assert "smsadmin_circuit_open" in text and "smsadmin_upstream_requests_total" in text
    assert "smsadmin_delivery_rate" not in text


def test_each_accounts_delivery_rate_is_its_own(scrape, settings, yesterday, steady_statistics):
    from core.accounts import Account

    settings.DYSMS_ACCOUNTS = (
        Account(name="shop", label="商城", endpoint="sandbox"),
        Account(name="global", label="Global", endpoint="sandbox"),
    )
    for account, delivered in (("shop", 900), ("global", 600)):
        DailyStatistics.objects.create(
            account=account,
            day=yesterday,
            globe=Globe.DOMESTIC,
            template_type=TemplateType.ALL,
            sign_name="",
            total_count=1000,
            responded_success_count=delivered,
            fetched_at=timezone.now(),
        )

    scraped = scrape()

    rate = "smsadmin_delivery_rate"
    assert scraped.value(rate, account="shop", globe="domestic") == pytest.approx(0.9)
    assert scraped.value(rate, account="global", globe="domestic") == pytest.approx(0.6)


def test_a_refused_push_to_an_account_nobody_configured_is_counted_as_unknown(scrape, settings):
    from core.accounts import Account

    settings.DYSMS_ACCOUNTS = (
        Account(name="shop", label="商城", endpoint="sandbox", report_token=RECEIPT_TOKEN),
    )
    before = scrape()

    Client().post("/receipts/made-up-name/whatever/", "[]", content_type="application/json")
    Client().post("/receipts/shop/wrong-token/", "[]", content_type="application/json")

    after = scrape()
    for account in ("unknown", "shop"):
        grown = after.value(PUSHES, account=account, outcome="bad_token") - before.value(
            PUSHES, account=account, outcome="bad_token"
        )
        assert grown == 1
    assert "made-up-name" not in after.text
