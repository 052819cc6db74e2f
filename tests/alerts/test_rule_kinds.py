"""Rule kinds 2-5 against hand-computed receipts and tallies: each fires, stays quiet below its
minimum volume, and recovers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from support.sends import receipt_row, record_for

from alerts.engine import rules_check
from alerts.models import Kind
from core.clients import breaker_for
from rates.models import ReceiptTally

pytestmark = pytest.mark.django_db
TEMPLATE = "SMS_271935402"


def template_receipts(delivered: int, failed: int, *, template: str = TEMPLATE) -> None:
    sent = timezone.now() - timedelta(minutes=5)
    for n in range(delivered + failed):
        receipt = receipt_row(phone=f"1393333{n:04d}", sent=sent, success=n < delivered)
        record_for(receipt, template_code=template, content="【云雀科技】您的订单已发货")


def baseline(today, *, receipts: int, failed: int, template: str = TEMPLATE) -> None:
    """One day of the 7 before today in the tallies."""
    day = today - timedelta(days=3)
    for success, count in ((True, receipts - failed), (False, failed)):
        ReceiptTally.objects.create(
            day=day,
            template_code=template,
            success=success,
            err_code="" if success else "UNDELIV",
            count=count,
        )


def test_a_template_failing_three_times_its_baseline_fires(make_rule, webhook, today):
    make_rule(Kind.TEMPLATE_FAILURES, threshold=3, window_minutes=30, minimum=10)
    baseline(today, receipts=1000, failed=50)  # 5 %
    template_receipts(8, 4)  # 33.3 %: 6.7 × 5 %

    assert rules_check()[0].event == "firing"
    body = webhook.bodies[0]["message"]
    assert (
        f"{TEMPLATE}: failure rate 33.3 % of 12 receipts, 6.7 × its 7-day baseline of 5.0 %" in body
    )
    assert f"template={TEMPLATE}" in body


def test_a_template_at_twice_its_baseline_does_not_fire(make_rule, webhook, today):
    make_rule(Kind.TEMPLATE_FAILURES, threshold=3, window_minutes=30, minimum=10)
    baseline(today, receipts=1000, failed=100)  # 10 %
    template_receipts(16, 4)  # 20 %: 2 ×

    assert rules_check()[0].status == "ok"


def test_a_template_below_its_minimum_volume_does_not_fire(make_rule, webhook, today):
    make_rule(Kind.TEMPLATE_FAILURES, threshold=3, window_minutes=30, minimum=20)
    baseline(today, receipts=1000, failed=10)
    template_receipts(5, 5)

    assert rules_check()[0].status == "ok"


def test_a_template_failure_alert_recovers(make_rule, webhook, today, pinned_clock):
    make_rule(Kind.TEMPLATE_FAILURES, threshold=3, window_minutes=10, minimum=10)
    baseline(today, receipts=1000, failed=50)
    template_receipts(8, 4)
    rules_check()
    pinned_clock.shift(6 * 60)  # the failures leave the window; new sends go through
    template_receipts(30, 0)

    assert rules_check()[0].event == "resolved"
    assert len(webhook.bodies) == 2


def prefix_receipts(count: int, *, prefix: str = "1700", minutes_ago: int = 10) -> None:
    sent = timezone.now() - timedelta(minutes=minutes_ago)
    for n in range(count):
        receipt_row(phone=f"{prefix}{n:07d}", sent=sent, success=False)


def test_a_burst_to_a_prefix_fires_the_pumping_rule(make_rule, webhook):
    make_rule(Kind.PUMPING, threshold=5, window_minutes=60, minimum=20, place="1700")
    prefix_receipts(30)  # no baseline: the average counts as 1 an hour, 30 ×
    prefix_receipts(5, prefix="1391")

    assert rules_check()[0].event == "firing"
    assert (
        "1700: 30 receipts in 60 minutes, 30.0 × the 7-day average of 0.0"
        in (webhook.bodies[0]["message"])
    )


def test_pumping_below_its_minimum_volume_does_not_fire(make_rule, webhook):
    make_rule(Kind.PUMPING, threshold=5, window_minutes=60, minimum=50, place="1700")
    prefix_receipts(30)
    assert rules_check()[0].status == "ok"


def test_a_prefix_busy_as_usual_does_not_fire(make_rule, webhook, pinned_clock):
    make_rule(Kind.PUMPING, threshold=5, window_minutes=60, minimum=10, place="1700")
    # 7 days × 24 hours × 20 an hour = 3,360 before today: an average of 20 an hour.
    prefix_receipts(3360, minutes_ago=60 * 24 * 4)
    prefix_receipts(40)  # 2 ×
    assert rules_check()[0].status == "ok"


def test_a_burst_to_a_region_fires_and_recovers(make_rule, webhook, pinned_clock):
    make_rule(Kind.PUMPING, threshold=5, window_minutes=60, minimum=10, place="HK")
    sent = timezone.now() - timedelta(minutes=5)
    for n in range(12):
        receipt_row(phone=f"85261{n:06d}", sent=sent)
    assert rules_check()[0].event == "firing"
    pinned_clock.shift(61 * 60)
    assert rules_check()[0].event == "resolved"


def received(count: int, *, minutes_ago: int, days_ago: int = 0) -> None:
    moment = timezone.now() - timedelta(days=days_ago, minutes=minutes_ago)
    for n in range(count):
        receipt = receipt_row(phone=f"1394444{n:04d}", sent=moment)
        receipt.received_at = moment + timedelta(seconds=5)
        receipt.save()


def test_receipts_stopped_fires_while_sends_usually_go_on(make_rule, webhook):
    make_rule(Kind.RECEIPTS_STOPPED, window_minutes=30, minimum=5)
    for day in range(1, 8):
        received(7, minutes_ago=10, days_ago=day)  # 7 in the same 30 minutes each day
    received(3, minutes_ago=45)  # the last one today, 45 minutes ago

    assert rules_check()[0].event == "firing"
    assert "brought 7.0 receipts on average" in webhook.bodies[0]["message"]

    received(1, minutes_ago=1)
    assert rules_check()[0].event == "resolved"


def test_receipts_stopped_at_a_quiet_hour_does_not_fire(make_rule, webhook):
    make_rule(Kind.RECEIPTS_STOPPED, window_minutes=30, minimum=5)
    for day in range(1, 8):
        received(2, minutes_ago=10, days_ago=day)  # 2 on average: below the minimum
    assert rules_check()[0].status == "ok"


def test_an_open_circuit_fires_after_its_minutes_and_recovers(make_rule, webhook, pinned_clock):
    make_rule(Kind.CIRCUIT_OPEN, window_minutes=5)
    breaker = breaker_for("default")
    breaker.cooldown = 3600
    breaker.cache.clear()
    for _ in range(breaker.threshold):
        breaker.record_failure()

    assert rules_check()[0].event == "pending"
    pinned_clock.shift(5 * 60)
    assert rules_check()[0].event == "firing"
    assert "circuit open for default" in webhook.bodies[0]["message"]

    breaker.cache.clear()
    assert rules_check()[0].event == "resolved"
