"""Test doubles of the statistics side: a fake statistics client, steady days, receipts."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from django.test import Client

from dysms.values import CHINA_TZ, DailyStatistics, StatisticsPage

# A fixed "now": 2026-05-20 10:00 in Shanghai.
NOW = datetime(2026, 5, 20, 10, 0, tzinfo=CHINA_TZ)
TODAY = NOW.date()


def day(offset: int) -> date:
    """TODAY + offset days."""
    return TODAY + timedelta(days=offset)


class FakeStatisticsClient:
    """Answers query_all_send_statistics from a table of days; records every call."""

    def __init__(
        self,
        by_day: dict[date, tuple[int, int, int, int]] | None = None,
        error=None,
        *,
        error_before: date | None = None,
    ):
        self.by_day = by_day or {}
        self.error = error
        # With ``error``: only queries starting before this day fail (an older period).
        self.error_before = error_before
        self.calls: list[dict] = []

    def query_all_send_statistics(self, **query) -> StatisticsPage:
        self.calls.append(query)
        if self.error is not None and (
            self.error_before is None or query["start_date"] < self.error_before
        ):
            raise self.error
        start, end = query["start_date"], query["end_date"]
        rows = tuple(
            DailyStatistics(d, *counts)
            for d, counts in sorted(self.by_day.items())
            if start <= d <= end
        )
        return StatisticsPage(total_size=len(rows), request_id="REQ-1", rows=rows)

    def asked(self) -> list[tuple[date, date]]:
        return [(call["start_date"], call["end_date"]) for call in self.calls]


def receipt(**overrides) -> dict:
    """One SmsReport receipt as Alibaba Cloud pushes it."""
    body = {
        "phone_number": "13800138000",
        "send_time": "2026-05-20 09:00:00",
        "report_time": "2026-05-20 09:00:05",
        "success": True,
        "err_code": "DELIVERED",
        "err_msg": "用户接收成功",
        "sms_size": "1",
        "biz_id": "900101234567890^0",
        "out_id": "order-1",
    }
    body.update(overrides)
    return body


def install_statistics(monkeypatch, by_day=None, **options) -> FakeStatisticsClient:
    """Make a FakeStatisticsClient the one the rates service asks; returns it to count calls."""
    fake = FakeStatisticsClient(by_day, **options)
    monkeypatch.setattr("rates.statistics.get_client", lambda account=None: fake)
    return fake


def steady_days(counts: tuple[int, int, int, int], days: int = 40) -> dict:
    """The same counts on each of the last ``days`` days, today included (China time)."""
    from django.utils import timezone

    today = timezone.localdate()
    return {today - timedelta(days=n): counts for n in range(days)}


# The receipt push token of the tests (odd characters on purpose: the path must carry them).
RECEIPT_TOKEN = "s3cret-Token_42"


def push_receipts(*receipts: dict) -> None:
    """Push ``receipts`` to the default account's URL as Alibaba Cloud would (the test sets
    ``SMS_REPORT_TOKEN`` to ``RECEIPT_TOKEN``); the push must be taken."""
    response = Client().post(
        f"/receipts/{RECEIPT_TOKEN}/",
        data=json.dumps(list(receipts)),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content


def reply(**overrides) -> dict:
    """One SmsUp reply (a customer's message back) as Alibaba Cloud pushes it."""
    body = {
        "phone_number": "13800138000",
        "send_time": "2026-05-20 14:07:00",
        "content": "退订",
        "sign_name": "阿里云",
        "dest_code": "1234",
        "sequence_id": 1234567890,
    }
    body.update(overrides)
    return body
