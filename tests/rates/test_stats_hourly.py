"""Today hour by hour on /stats/: the receipts of today's sends by the hour they were sent."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from support.statistics import push_receipts, receipt
from support.translations import visible_text

from dysms.values import CHINA_TZ
from rates.hourly import hours_today

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_token")]


def sent(n: int, at: datetime, *, failed: bool = False) -> dict:
    return receipt(
        biz_id=f"{n:09d}^0",
        send_time=f"{at:%Y-%m-%d %H:%M:%S}",
        report_time=f"{at + timedelta(seconds=4):%Y-%m-%d %H:%M:%S}",
        success=not failed,
        err_code="UNDELIV" if failed else "DELIVERED",
    )


@pytest.fixture
def first_hour_receipts(today, yesterday):
    """Today 00:00-01:00: 3 delivered, 1 failed; yesterday at 23:59: one more (not today's)."""
    just_after_midnight = datetime.combine(today, time(0, 0, 10), tzinfo=CHINA_TZ)
    late_yesterday = datetime.combine(yesterday, time(23, 59), tzinfo=CHINA_TZ)
    push_receipts(
        *[sent(n, just_after_midnight) for n in range(3)],
        sent(3, just_after_midnight, failed=True),
        sent(4, late_yesterday),
    )


def test_today_hour_by_hour_counts_the_receipts_of_each_hour(
    manager, statistics_upstream, first_hour_receipts
):
    html = manager.get("/stats/").content.decode()

    table = re.search(r'<table[^>]* id="hourly".*?</table>', html, re.S).group(0)
    rows = [visible_text(row) for row in re.findall(r"<tr[^>]*>.*?</tr>", table, re.S)[1:]]
    hour = timezone.localtime().hour
    assert len(rows) == hour + 1  # midnight to the hour under way
    assert rows[0].startswith("00:00–01:00")
    assert rows[0].endswith("4 3 1 75.0%")
    assert "so far" in rows[-1]
    assert all(row.endswith("0 0 0 —") for row in rows[1:])


def test_the_hours_stop_at_the_current_one_and_only_count_today(first_hour_receipts, today):
    at_half_past_two = datetime.combine(today, time(2, 30), tzinfo=CHINA_TZ)

    hours = hours_today(accounts=["default"], now=at_half_past_two)

    assert [(h.hour, h.receipts, h.delivered, h.partial) for h in hours] == [
        (0, 4, 3, False),
        (1, 0, 0, False),
        (2, 0, 0, True),
    ]
    assert hours_today(accounts=["shop"], now=at_half_past_two) == ()


def test_without_receipts_today_the_page_says_so(manager, statistics_upstream):
    html = manager.get("/stats/").content.decode()

    assert "No delivery receipt has been pushed for today" in html
