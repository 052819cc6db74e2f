"""Rule kind 1, delivery rate below a threshold: fires, not below its minimum volume, recovers,
and notifies exactly once per transition."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from support.sends import receipt_row

from alerts.engine import rules_check
from alerts.models import AlertEvent, Kind

pytestmark = pytest.mark.django_db


def receipts(delivered: int, failed: int, *, minutes_ago: int = 5) -> None:
    sent = timezone.now() - timedelta(minutes=minutes_ago)
    for n in range(delivered):
        receipt_row(phone=f"1390000{n:04d}", sent=sent)
    for n in range(failed):
        receipt_row(phone=f"1391111{n:04d}", sent=sent, success=False)


def test_a_low_delivery_rate_fires_once_and_recovers_once(make_rule, webhook):
    make_rule(Kind.DELIVERY_RATE, threshold=90, window_minutes=30, minimum=10)
    receipts(8, 4)  # 8 of 12: 66.7 %

    first = rules_check()
    again = rules_check()

    assert [one.event for one in first] == ["firing"] and first[0].sent == 1
    assert [one.event for one in again] == [None]
    assert len(webhook.bodies) == 1
    body = webhook.bodies[0]["message"]
    assert "delivery rate 66.7 % of 12 receipts (threshold 90 %)" in body
    assert "http://127.0.0.1:8000/sends/?since=" in body and "status=failed" in body
    assert "1390000" not in body and "1391111" not in body  # no phone number

    receipts(40, 0)  # 48 of 52: 92.3 %
    mended = rules_check()

    assert [one.event for one in mended] == ["resolved"]
    assert len(webhook.bodies) == 2
    assert "Recovered" in webhook.bodies[1]["title"]
    kinds = list(AlertEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["firing", "sent", "resolved", "sent"]


def test_below_its_minimum_volume_it_does_not_fire(make_rule, webhook):
    make_rule(Kind.DELIVERY_RATE, threshold=90, window_minutes=30, minimum=20)
    receipts(2, 8)  # 20 % but only 10 receipts

    checked = rules_check()

    assert checked[0].event is None and checked[0].status == "ok"
    assert webhook.bodies == []


def test_receipts_outside_the_window_do_not_count(make_rule, webhook):
    make_rule(Kind.DELIVERY_RATE, threshold=90, window_minutes=30, minimum=5)
    receipts(0, 10, minutes_ago=45)

    assert rules_check()[0].status == "ok"


def test_a_disabled_rule_is_not_read(make_rule, webhook):
    make_rule(Kind.DELIVERY_RATE, threshold=90, window_minutes=30, minimum=1, enabled=False)
    receipts(0, 10)

    assert rules_check() == []
