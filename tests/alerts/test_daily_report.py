"""The daily report: yesterday's figures, hand-computed, to its channel once a day from its
hour, however often alerts_check runs; added and deleted on the page, audited."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from access.models import Action, AuditEntry
from alerts.models import DailyReport
from alerts.reports import reports_send
from rates.models import ReceiptLatency, ReceiptTally

pytestmark = pytest.mark.django_db


def tally(day, *, success: bool, count: int, code: str = "", template: str = "SMS_1") -> None:
    ReceiptTally.objects.create(
        day=day, template_code=template, success=success, err_code=code, count=count
    )


@pytest.fixture
def figures(yesterday):
    tally(yesterday, success=True, count=90)
    tally(yesterday, success=False, count=7, code="UNDELIV")
    tally(yesterday, success=False, count=3, code="MK:0001")
    tally(yesterday - timedelta(days=1), success=True, count=95)
    tally(yesterday - timedelta(days=1), success=False, count=5, code="UNDELIV")
    for template, seconds in (("SMS_1", 5), ("SMS_2", 80)):
        ReceiptLatency.objects.create(
            day=yesterday, template_code=template, seconds=seconds, count=10
        )


def at(pinned_clock, today, hour: int) -> datetime:
    moment = timezone.make_aware(datetime.combine(today, time(hour, 5)))
    pinned_clock.move_to(moment)
    return moment


def test_the_report_goes_once_from_its_hour(
    channel, webhook, figures, pinned_clock, today, yesterday
):
    DailyReport.objects.create(channel=channel, hour=9)

    assert reports_send(now=at(pinned_clock, today, 8)) == 0
    assert reports_send(now=at(pinned_clock, today, 9)) == 1
    assert reports_send(now=at(pinned_clock, today, 10)) == 0

    (body,) = webhook.bodies
    assert str(yesterday) in body["title"]
    lines = body["message"].splitlines()
    assert lines[:5] == [
        "Receipts: 100",
        "Delivery rate: 90.0 %",
        "Change from the day before: -5.0 points",
        "Failure code UNDELIV: 7",
        "Failure code MK:0001: 3",
    ]
    assert "Slowest template: SMS_2, p90 80 s" in lines
    assert f"/stats/?date={yesterday}" in body["message"]


def test_a_manager_adds_and_deletes_a_report(manager, channel):
    assert (
        manager.post("/alerts/reports/", {"channel": channel.pk, "hour": "25"}).status_code == 400
    )
    assert manager.post("/alerts/reports/", {"channel": channel.pk, "hour": "9"}).status_code == 302
    report = DailyReport.objects.get()
    assert "To Ops webhook at 9:00" in manager.get("/alerts/").content.decode()
    manager.post(f"/alerts/reports/{report.pk}/delete/")
    changes = [
        e["change"]
        for e in AuditEntry.objects.filter(action=Action.ALERT_CHANGE)
        .order_by("id")
        .values_list("filters", flat=True)
    ]
    assert changes == ["report_created", "report_deleted"]
    assert DailyReport.objects.count() == 0
