"""Date ranges: one list over several days, newest first; only stale days cost calls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from deliveries_fakes import days_ago, number_with, sent
from django.utils import timezone

from deliveries.filters import DATE_TO_BEFORE_DATE

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
WEEK = [days_ago(n) for n in range(7)]  # newest first


def busy_week_number() -> str:
    return number_with(days_ago(1), lambda records: len(records) >= 2)


def called_days(upstream) -> set:
    return {call["date"] for call in upstream.calls}


def test_a_seven_day_range_is_one_list_newest_first(agent, upstream):
    phone = busy_week_number()
    expected = [m for day in WEEK for m in sent(phone, day)]

    response = agent.get(
        "/", {"phone": phone, "date": WEEK[-1].isoformat(), "date_to": TODAY.isoformat()}
    )

    assert response.status_code == 200
    records = list(response.context["table"].data.data)
    assert [r.content for r in records] == [m.content for m in expected]
    assert response.context["summary"].sent == len(expected)
    assert called_days(upstream) == {day.strftime("%Y%m%d") for day in WEEK}
    assert f"{WEEK[-1]:%Y-%m-%d} to {TODAY:%Y-%m-%d}" in response.content.decode()


def test_a_range_fetches_only_the_days_that_are_not_fresh(agent, upstream):
    phone = busy_week_number()
    for day in WEEK[2:4]:
        agent.get("/", {"phone": phone, "date": day.isoformat()})
    upstream.calls.clear()

    agent.get("/", {"phone": phone, "date": WEEK[-1].isoformat(), "date_to": TODAY.isoformat()})

    fetched = {day.strftime("%Y%m%d") for day in WEEK} - {
        day.strftime("%Y%m%d") for day in WEEK[2:4]
    }
    assert called_days(upstream) == fetched
    assert sum(call["page"] == 1 for call in upstream.calls) == 5


def test_the_same_range_again_costs_no_call(agent, upstream):
    phone = busy_week_number()
    search = {"phone": phone, "date": WEEK[-1].isoformat(), "date_to": TODAY.isoformat()}
    agent.get("/", search)
    upstream.calls.clear()

    agent.get("/", search)

    assert upstream.calls == []


def test_stale_days_are_fetched_concurrently_but_bounded(agent, upstream, settings):
    settings.RECORDS_DAYS_CONCURRENCY = 3
    phone = busy_week_number()

    agent.get("/", {"phone": phone, "date": WEEK[-1].isoformat(), "date_to": TODAY.isoformat()})

    threads = {call["thread"] for call in upstream.calls if call["page"] == 1}
    assert all(name.startswith("dysms-day") for name in threads)
    assert 1 <= len(threads) <= 3


def test_a_last_day_before_the_first_is_a_form_error_and_no_call(agent, upstream):
    response = agent.get(
        "/", {"phone": "13900000001", "date": TODAY.isoformat(), "date_to": WEEK[3].isoformat()}
    )

    assert response.status_code == 400
    assert response.context["filter"].form.errors["date_to"] == [DATE_TO_BEFORE_DATE]
    assert upstream.calls == []


def test_a_last_day_outside_the_window_is_a_form_error(agent, upstream):
    response = agent.get(
        "/",
        {
            "phone": "13900000001",
            "date": WEEK[0].isoformat(),
            "date_to": (TODAY + timedelta(days=1)).isoformat(),
        },
    )

    assert response.status_code == 400
    assert "date_to" in response.context["filter"].form.errors
    assert upstream.calls == []


def test_quick_ranges_are_links_to_today_yesterday_7_and_30_days(agent, upstream):
    phone = busy_week_number()

    html = agent.get("/", {"phone": phone, "date": WEEK[1].isoformat()}).content.decode()

    for first, last in [
        (TODAY, TODAY),
        (WEEK[1], WEEK[1]),
        (WEEK[6], TODAY),
        (TODAY - timedelta(days=29), TODAY),
    ]:
        assert f"date={first:%Y-%m-%d}&amp;date_to={last:%Y-%m-%d}" in html
