"""Without a pushed receipt in the period, the rates page's failure codes, carriers, provinces
and latency come from the stored records of the numbers someone searched, and say so."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from support.statistics import push_receipts, receipt
from support.tables import table_rows

from deliveries.models import Fetch, SmsRecord, Status
from dysms.values import CHINA_TZ

pytestmark = pytest.mark.django_db

MOBILE, TELECOM = "13800138000", "18912345678"  # China Mobile in Beijing, China Telecom in Jiangsu


def stored(day, phone: str, sends, *, biz_id: str = "") -> None:
    """One search's records: ``sends`` as (minute of 9 o'clock, status, error code, seconds to
    the receipt or None)."""
    fetch = Fetch.objects.create(
        phone=phone,
        day=day,
        biz_id=biz_id,
        fetched_at=datetime.combine(day, time(23), tzinfo=CHINA_TZ),
        total_count=len(sends),
        stored_count=len(sends),
    )
    for position, (minute, status, code, seconds) in enumerate(sends):
        sent = datetime.combine(day, time(9, minute), tzinfo=CHINA_TZ)
        SmsRecord.objects.create(
            fetch=fetch,
            phone=phone,
            send_day=day,
            position=position,
            status=status,
            err_code=code,
            template_code="SMS_271935402",
            content=f"【云雀科技】验证码{minute:06d}",
            send_time=sent,
            receive_time=sent + timedelta(seconds=seconds) if seconds is not None else None,
        )


@pytest.fixture
def searched_yesterday(yesterday):
    """China Mobile: 3 delivered (5, 5 and 90 s), 1 failed, 1 still waiting; China Telecom:
    1 delivered (10 s), 1 failed; the Telecom failure searched again by its BizId."""
    delivered, failed, waiting = Status.DELIVERED, Status.FAILED, Status.WAITING
    stored(
        yesterday,
        MOBILE,
        [
            (1, delivered, "DELIVERED", 5),
            (2, delivered, "DELIVERED", 5),
            (3, delivered, "DELIVERED", 90),
            (4, failed, "MOBILE_IN_BLACK", None),
            (5, waiting, "", None),
        ],
    )
    stored(yesterday, TELECOM, [(6, delivered, "DELIVERED", 10), (7, failed, "UNDELIV", None)])
    stored(yesterday, TELECOM, [(7, failed, "UNDELIV", None)], biz_id="900101234567890^0")


def test_failure_codes_and_carriers_come_from_the_stored_records(
    manager, statistics_upstream, searched_yesterday
):
    html = manager.get("/stats/").content.decode()

    assert 'id="from-records"' in html
    # Code, count, share, count before, trend (the meaning in between).
    codes = [row.split() for row in table_rows(html, "failure-codes")]
    assert [(row[0], *row[-4:]) for row in codes] == [
        ("MOBILE_IN_BLACK", "1", "50.0%", "0", "+1"),
        ("UNDELIV", "1", "50.0%", "0", "+1"),
    ]
    assert table_rows(html, "carriers") == [
        "China Mobile 4 3 1 75.0% — MOBILE_IN_BLACK",
        "China Telecom 2 1 1 50.0% — UNDELIV",
    ]
    assert table_rows(html, "regions")[0] == "Beijing 4 3 1 75.0% — MOBILE_IN_BLACK"
    # Nothing links to the All sends page: it lists receipts, and there are none.
    assert "/sends/?" not in html


def test_latency_comes_from_the_records_send_and_receive_times(
    manager, statistics_upstream, searched_yesterday, yesterday
):
    html = manager.get("/stats/").content.decode()

    # 5, 5, 10 and 90 s: p50 the 2nd (5 s), p90 and p99 the 4th (90 s, slow); the statistics'
    # NoRespondedCount of yesterday (4 + 1) as "no receipt yet".
    assert table_rows(html, "latency-days") == [
        f"{yesterday} 4 5 s 1 min 30 s slow 1 min 30 s 2 1 1 0 5"
    ]
    assert table_rows(html, "latency-templates")[0].startswith("SMS_271935402 4 5 s")


def test_pushed_receipts_take_the_place_of_the_records(
    manager, statistics_upstream, searched_yesterday, receipt_token, yesterday
):
    at = datetime.combine(yesterday, time(9), tzinfo=CHINA_TZ)
    pushed = receipt(send_time=f"{at:%Y-%m-%d %H:%M:%S}", report_time=f"{at:%Y-%m-%d %H:%M:%S}")
    push_receipts(pushed)

    html = manager.get("/stats/").content.decode()

    assert 'id="from-records"' not in html
    assert table_rows(html, "carriers") == ["China Mobile 1 1 0 100.0% — —"]


def test_the_chinese_page_gives_latencies_in_chinese_units(
    manager, statistics_upstream, searched_yesterday, yesterday
):
    manager.cookies["django_language"] = "zh-hans"

    html = manager.get("/stats/").content.decode()

    assert table_rows(html, "latency-days")[0].startswith(f"{yesterday} 4 5 秒 1 分 30 秒 偏慢")
    assert "本时间段发送的短信没有推送任何回执" in html
