"""Date ranges: one list over several days, newest first; only stale days cost calls."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.sandbox import sent

from deliveries.filters import DATE_TO_BEFORE_DATE
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

PHONE = reserved.ONE_PAGE  # 20 sends on every day (today: those sent so far)


@pytest.fixture
def week(today) -> list:
    """Today and the six days before, newest first."""
    return [today - timedelta(days=n) for n in range(7)]


def called_days(upstream) -> set:
    return {call["date"] for call in upstream.calls}


def test_a_seven_day_range_is_one_list_newest_first(agent, upstream, today, week):
    phone = PHONE
    expected = [m for day in week for m in sent(phone, day)]

    response = agent.get(
        "/", {"phone": phone, "date": week[-1].isoformat(), "date_to": today.isoformat()}
    )

    assert response.status_code == 200
    records = list(response.context["table"].data.data)
    assert [r.content for r in records] == [m.content for m in expected]
    assert response.context["summary"].sent == len(expected)
    assert called_days(upstream) == {day.strftime("%Y%m%d") for day in week}
    assert f"{week[-1]:%Y-%m-%d} to {today:%Y-%m-%d}" in response.content.decode()


def test_a_range_fetches_only_the_days_that_are_not_fresh(agent, upstream, today, week):
    phone = PHONE
    for day in week[2:4]:
        agent.get("/", {"phone": phone, "date": day.isoformat()})
    upstream.calls.clear()

    agent.get("/", {"phone": phone, "date": week[-1].isoformat(), "date_to": today.isoformat()})

    fetched = {day.strftime("%Y%m%d") for day in week} - {
        day.strftime("%Y%m%d") for day in week[2:4]
    }
    assert called_days(upstream) == fetched
    assert sum(call["page"] == 1 for call in upstream.calls) == 5


def test_the_same_range_again_costs_no_call(agent, upstream, today, week):
    phone = PHONE
    search = {"phone": phone, "date": week[-1].isoformat(), "date_to": today.isoformat()}
    agent.get("/", search)
    upstream.calls.clear()

    agent.get("/", search)

    assert upstream.calls == []


def test_stale_days_are_fetched_concurrently_but_bounded(agent, upstream, settings, today, week):
    settings.RECORDS_DAYS_CONCURRENCY = 3
    phone = PHONE

    agent.get("/", {"phone": phone, "date": week[-1].isoformat(), "date_to": today.isoformat()})

    threads = {call["thread"] for call in upstream.calls if call["page"] == 1}
    assert all(name.startswith("dysms-day") for name in threads)
    assert 1 <= len(threads) <= 3


def test_a_last_day_before_the_first_is_a_form_error_and_no_call(agent, upstream, today, week):
    response = agent.get(
        "/", {"phone": "13900000001", "date": today.isoformat(), "date_to": week[3].isoformat()}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["date_to"] == [DATE_TO_BEFORE_DATE]
    assert upstream.calls == []


def test_a_last_day_outside_the_window_is_a_form_error(agent, upstream, today, week):
    response = agent.get(
        "/",
        {
            "phone": "13900000001",
            "date": week[0].isoformat(),
            "date_to": (today + timedelta(days=1)).isoformat(),
        },
    )

    assert response.status_code == 400
    assert "date_to" in response.context["form"].errors
    assert upstream.calls == []


def test_quick_ranges_are_links_to_today_yesterday_7_and_30_days(agent, upstream, today, week):
    phone = PHONE

    html = agent.get("/", {"phone": phone, "date": week[1].isoformat()}).content.decode()

    for first, last in [
        (today, today),
        (week[1], week[1]),
        (week[6], today),
        (today - timedelta(days=29), today),
    ]:
        assert f"date={first:%Y-%m-%d}&amp;date_to={last:%Y-%m-%d}" in html
