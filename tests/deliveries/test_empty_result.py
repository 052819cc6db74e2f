"""An empty search page says what happened and offers the one click that helps."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dysms.values import CHINA_TZ
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

EVERY_DAY_20 = reserved.ONE_PAGE  # 20 sends a day: 16 delivered, 4 failed
ALL_DELIVERED = reserved.ALL_DELIVERED  # 5 sends a day, all delivered


def link(html: str, element_id: str) -> dict[str, list[str]]:
    """The query of the link with ``id=element_id``, parsed."""
    match = re.search(rf'id="{element_id}" href="([^"]*)"', html)
    assert match, f"no link #{element_id}"
    return parse_qs(urlsplit(unescape(match.group(1))).query)


def test_filters_that_remove_every_row_are_named_with_the_count(agent, upstream, past_day):
    search = {"phone": EVERY_DAY_20, "date": past_day.isoformat()}

    html = agent.get("/", {**search, "template": "SMS_NOPE"}).content.decode()

    assert "20 messages on this day; none matches the filters: template SMS_NOPE." in html
    assert "No messages were sent to this number" not in html


def test_clear_filters_keeps_the_phone_days_and_account_and_lists_the_rows(
    agent, upstream, past_day
):
    first = past_day - timedelta(days=1)
    search = {"phone": ALL_DELIVERED, "date": first.isoformat(), "date_to": past_day.isoformat()}
    filters = {"status": "failed", "template": "SMS_X", "q": "退款", "account": "default"}

    html = agent.get("/", {**search, **filters}).content.decode()

    said = "10 messages on these days; none matches the filters: "
    assert said + "status Failed, template SMS_X, text “退款”." in html
    cleared = link(html, "clear-filters")
    assert cleared == {name: [value] for name, value in {**search, "account": "default"}.items()}
    again = agent.get("/", {name: values[0] for name, values in cleared.items()})
    assert again.context["summary"].sent == 10
    assert b'id="empty-result"' not in again.content


def test_a_search_with_nothing_sent_says_so_without_a_clear_link(agent, upstream, past_day):
    search = {"phone": reserved.NO_TRAFFIC, "date": past_day.isoformat(), "status": "failed"}

    html = agent.get("/", search).content.decode()

    assert "No messages were sent to this number on these days." in html
    assert "clear-filters" not in html
    assert "earlier" not in html  # a past day: no "search yesterday"


def test_an_empty_biz_id_search_offers_the_search_without_it(agent, upstream, past_day):
    biz_id = "900619746936498440^0"
    search = {"phone": EVERY_DAY_20, "date": past_day.isoformat(), "biz_id": biz_id}

    html = agent.get("/", search).content.decode()

    assert f"No message with BizId {biz_id} was found for this number on these days." in html
    assert link(html, "without-biz-id") == {"phone": [EVERY_DAY_20], "date": [past_day.isoformat()]}


def at_china_time(day, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=CHINA_TZ)


def test_an_empty_today_just_after_midnight_offers_yesterday_and_the_last_7_days(
    agent, upstream, pinned_clock
):
    pinned_clock.move_to(at_china_time(timezone.localdate(), 0, 20))
    today = timezone.localdate()

    html = agent.get("/", {"phone": reserved.NO_TRAFFIC}).content.decode()

    assert "The day has only just begun." in html
    links = re.findall(r'<p id="earlier">.*?</p>', html, re.S)[0]
    days = [parse_qs(unescape(q)) for q in re.findall(r'href="\?([^"]*)"', links)]
    yesterday = (today - timedelta(days=1)).isoformat()
    week = (today - timedelta(days=6)).isoformat()
    assert [(d["date"], d["date_to"]) for d in days] == [
        ([yesterday], [yesterday]),
        ([week], [today.isoformat()]),
    ]
    assert "Search yesterday" in links and "Search the last 7 days" in links


def test_an_empty_today_later_in_the_day_offers_no_earlier_days(
    agent, upstream, pinned_clock, django_user_model
):
    pinned_clock.move_to(at_china_time(timezone.localdate(), 10, 0))
    # Hours later than the fixture's login at some clocks: past the idle timeout, log in again.
    agent.force_login(django_user_model.objects.get(username="agent"))

    html = agent.get("/", {"phone": reserved.NO_TRAFFIC}).content.decode()

    assert "No messages were sent to this number on these days." in html
    assert "The day has only just begun." not in html


def record_queries(agent, params) -> int:
    """How many queries of the record rows the page made."""
    with CaptureQueriesContext(connection) as captured:
        agent.get("/", params)
    return sum('"deliveries_smsrecord"' in query["sql"] for query in captured)


def test_the_unfiltered_count_costs_one_query_and_only_on_an_empty_page(agent, upstream, past_day):
    search = {"phone": EVERY_DAY_20, "date": past_day.isoformat()}
    nothing = {"phone": reserved.NO_TRAFFIC, "date": past_day.isoformat()}
    agent.get("/", search), agent.get("/", nothing)  # stored

    assert record_queries(agent, {**search, "status": "failed"}) == 2  # the summary, the rows
    assert record_queries(agent, {**search, "template": "SMS_NOPE"}) == 2  # the summary, unfiltered
    assert record_queries(agent, nothing) == 1  # no filter: the summary's count is the answer


@pytest.mark.chinese
def test_the_empty_result_speaks_chinese(agent, upstream, past_day):
    search = {"phone": EVERY_DAY_20, "date": past_day.isoformat(), "status": "waiting"}

    html = agent.get("/", search).content.decode()

    assert "这一天共有 20 条短信，但没有一条符合筛选条件：状态为等待回执。" in html
    assert "清除筛选条件" in html
