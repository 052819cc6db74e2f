"""/api/v1/stats gives the rates page's breakdowns too: failure codes, carriers, provinces,
latency, today by the hour and the costs, the same figures as the page's tables."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from support.statistics import RECEIPT_TOKEN, push_receipts, receipt

from deliveries.selectors import code_meaning
from dysms.values import CHINA_TZ

pytestmark = pytest.mark.django_db


@pytest.fixture
def pushed_yesterday(settings, yesterday):
    """Yesterday at 9: 3 delivered to China Mobile (5 s, 5 s, 90 s; one of two parts), 1 failed
    MOBILE_IN_BLACK; 1 delivered to China Telecom in Jiangsu (10 s)."""
    settings.SMS_REPORT_TOKEN = RECEIPT_TOKEN
    at = datetime.combine(yesterday, time(9), tzinfo=CHINA_TZ)
    sends = [
        ("13800138000", 5, "", 1),
        ("13800138001", 5, "", 2),
        ("13800138002", 90, "", 1),
        ("13800138003", 5, "MOBILE_IN_BLACK", 1),
        ("18912345678", 10, "", 1),
    ]
    pushed = [
        receipt(
            biz_id=f"{n:09d}^0",
            phone_number=phone,
            send_time=f"{at:%Y-%m-%d %H:%M:%S}",
            report_time=f"{at + timedelta(seconds=after):%Y-%m-%d %H:%M:%S}",
            success=not failed,
            err_code=failed or "DELIVERED",
            sms_size=str(parts),
        )
        for n, (phone, after, failed, parts) in enumerate(sends)
    ]
    push_receipts(*pushed)


def test_failure_codes_carriers_and_provinces(manager_api, steady_statistics, pushed_yesterday):
    breakdowns = manager_api.get("/api/v1/stats").json()["breakdowns"]

    assert breakdowns["source"] == "receipts"
    assert breakdowns["failure_codes"] == [
        {
            "code": "MOBILE_IN_BLACK",
            "meaning": code_meaning("MOBILE_IN_BLACK"),
            "count": 1,
            "share": 1.0,
            "previous": 0,
        }
    ]
    carriers = {row["key"]: row for row in breakdowns["carriers"]}
    assert (carriers["China Mobile"]["receipts"], carriers["China Mobile"]["failed"]) == (4, 1)
    assert carriers["China Mobile"]["delivery_rate"] == pytest.approx(0.75)
    assert carriers["China Mobile"]["top_failure"] == "MOBILE_IN_BLACK"
    assert [row["key"] for row in breakdowns["regions"]] == ["Beijing", "Jiangsu"]


def test_latency_per_day_in_seconds_and_bands(
    manager_api, steady_statistics, pushed_yesterday, yesterday
):
    (day,) = manager_api.get("/api/v1/stats").json()["breakdowns"]["latency_days"]

    # 5, 5, 5, 10 and 90 s: p50 the 3rd (5 s), p90 and p99 the 5th (90 s).
    assert day == {
        "day": yesterday.isoformat(),
        "receipts": 5,
        "p50": 5,
        "p90": 90,
        "p99": 90,
        "bands": {"under_10s": 3, "from_10s_to_1min": 1, "from_1_to_5min": 1, "over_5min": 0},
        "slow": True,
    }


def test_costs_as_decimal_text_with_their_currency(
    manager_api, steady_statistics, pushed_yesterday, settings
):
    settings.DYSMS_PRICE_PER_PART = "0.05"

    costs = manager_api.get("/api/v1/stats").json()["costs"]

    assert costs["priced"] is True
    # The receipts billed 6 parts: 0.30 CNY; the template is unknown (nobody searched).
    assert costs["templates"] == [
        {
            "key": "",
            "messages": 5,
            "delivered": 4,
            "parts": 6,
            "estimated_parts": 0,
            "costs": [{"currency": "CNY", "amount": "0.3000"}],
        }
    ]


def test_today_by_the_hour_up_to_the_hour_under_way(
    manager_api, steady_statistics, settings, today
):
    settings.SMS_REPORT_TOKEN = RECEIPT_TOKEN
    at = datetime.combine(today, time(0, 0, 10), tzinfo=CHINA_TZ)  # just after midnight
    sends = [receipt(biz_id=f"{n}^0", send_time=f"{at:%Y-%m-%d %H:%M:%S}") for n in range(2)]
    push_receipts(*sends)

    hours = manager_api.get("/api/v1/stats").json()["hours"]

    assert [hour["hour"] for hour in hours] == list(range(timezone.localtime().hour + 1))
    assert (hours[0]["receipts"], hours[0]["delivered"], hours[0]["failed"]) == (2, 2, 0)
    assert hours[-1]["partial"] is True


def test_the_openapi_document_describes_the_breakdowns(agent):
    schema = agent.get("/api/v1/openapi.json").json()["components"]["schemas"]

    assert set(schema["StatsAnswer"]["properties"]) >= {"breakdowns", "hours", "costs"}
    assert "p90" in schema["LatencyDay"]["properties"]
