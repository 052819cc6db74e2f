"""Alertmanager's behaviour: a "for" duration (pending → firing), reminders with back-off while
it stays firing, and silences."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from support.sends import receipt_row

from alerts.engine import rules_check
from alerts.models import AlertEvent, Kind, RuleState
from alerts.transitions import FIRING, OK, PENDING, Schedule, State, advance

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


def failing(count: int = 10) -> None:
    for n in range(count):
        receipt_row(
            phone=f"1392222{n:04d}", sent=timezone.now() - timedelta(minutes=2), success=False
        )


def test_the_for_duration_holds_the_rule_pending_before_it_fires(make_rule, webhook, pinned_clock):
    rule = make_rule(Kind.DELIVERY_RATE, threshold=90, window_minutes=30, minimum=5, for_minutes=10)
    failing()

    assert rules_check()[0].event == "pending"
    pinned_clock.shift(9 * 60)
    assert rules_check()[0].event is None
    assert RuleState.objects.get(rule=rule).status == PENDING
    pinned_clock.shift(60)
    assert rules_check()[0].event == "firing"
    assert len(webhook.bodies) == 1


def test_a_rule_that_mends_while_pending_says_nothing(make_rule, webhook, pinned_clock):
    make_rule(Kind.DELIVERY_RATE, threshold=90, window_minutes=5, minimum=5, for_minutes=10)
    failing()
    rules_check()
    pinned_clock.shift(6 * 60)  # the failures leave the 5-minute window

    checked = rules_check()

    assert checked[0].status == OK and checked[0].event is None
    assert webhook.bodies == []


def test_reminders_come_after_one_two_four_hours_capped():
    schedule = Schedule(hold=timedelta(0), first=HOUR, cap=3 * HOUR)
    now = timezone.now()
    step = advance(State(), broken=True, now=now, schedule=schedule, silenced=False)
    assert (step.event, step.notify) == ("firing", True)
    sent_at, state = [], step.state
    for minute in range(1, 12 * 60):
        moment = now + timedelta(minutes=minute)
        step = advance(state, broken=True, now=moment, schedule=schedule, silenced=False)
        if step.notify:
            sent_at.append(minute // 60)
        state = step.state
    # 1 h after firing, then 2 h later, then 3 h (the cap) each time.
    assert sent_at == [1, 3, 6, 9]


def test_reminders_through_alerts_check(make_rule, webhook, pinned_clock, settings):
    settings.ALERTS_REMIND_MINUTES = 60
    make_rule(Kind.DELIVERY_RATE, threshold=90, window_minutes=600, minimum=5)
    failing()
    events = []
    for _ in range(8):  # every half hour for four hours
        events.append(rules_check()[0].event)
        pinned_clock.shift(30 * 60)
    assert events == ["firing", None, "reminder", None, None, None, "reminder", None]
    assert len(webhook.bodies) == 3
    assert "Still firing" in webhook.bodies[1]["title"]


def test_a_silenced_rule_fires_quietly_and_speaks_when_the_silence_ends(
    make_rule, webhook, pinned_clock
):
    rule = make_rule(Kind.DELIVERY_RATE, threshold=90, window_minutes=600, minimum=5)
    rule.silenced_until = timezone.now() + timedelta(minutes=30)
    rule.save()
    failing()

    assert rules_check()[0].event == "firing"
    assert webhook.bodies == []
    pinned_clock.shift(31 * 60)
    assert rules_check()[0].event == "firing"  # the firing message, now the silence is over
    assert len(webhook.bodies) == 1


def test_a_firing_silenced_all_along_recovers_quietly():
    schedule = Schedule(hold=timedelta(0), first=HOUR, cap=HOUR)
    now = timezone.now()
    fired = advance(State(), broken=True, now=now, schedule=schedule, silenced=True)
    mended = advance(fired.state, broken=False, now=now, schedule=schedule, silenced=True)
    assert fired.state.status == FIRING and not fired.notify
    assert mended.event == "resolved" and not mended.notify


def test_the_history_keeps_the_rule_name_after_it_is_deleted(make_rule, webhook):
    rule = make_rule(Kind.DELIVERY_RATE, threshold=90, window_minutes=30, minimum=5, name="R1")
    failing()
    rules_check()
    rule.delete()
    assert set(AlertEvent.objects.values_list("rule_name", flat=True)) == {"R1"}


def test_a_firing_rule_turned_off_tells_its_channels_once_and_starts_again_from_normal(
    make_rule, webhook, manager
):
    rule = make_rule(Kind.DELIVERY_RATE, threshold=90, window_minutes=30, minimum=5)
    failing()
    rules_check()

    manager.post(f"/alerts/rules/{rule.pk}/toggle/")  # off
    manager.post(f"/alerts/rules/{rule.pk}/toggle/")  # on again, still broken
    checked = rules_check()

    titles = [body["title"] for body in webhook.bodies]
    assert len(titles) == 3
    assert "Turned off while firing" in titles[1]
    assert "turned the rule off while it was firing" in webhook.bodies[1]["message"]
    assert checked[0].event == "firing"  # a new firing, not a reminder of the old one
    assert "Turned off while firing" in manager.get("/alerts/").content.decode()


def test_a_firing_rule_deleted_tells_its_channels(make_rule, webhook, manager):
    rule = make_rule(Kind.DELIVERY_RATE, threshold=90, window_minutes=30, minimum=5)
    failing()
    rules_check()

    manager.post(f"/alerts/rules/{rule.pk}/delete/")

    assert len(webhook.bodies) == 2
    assert "deleted the rule while it was firing" in webhook.bodies[1]["message"]
    assert AlertEvent.objects.filter(rule_name=rule.name, kind="turned_off").count() == 1


def test_a_rule_turned_off_while_normal_says_nothing(make_rule, webhook, manager):
    rule = make_rule(Kind.DELIVERY_RATE, threshold=90, window_minutes=30, minimum=5)
    rules_check()

    manager.post(f"/alerts/rules/{rule.pk}/toggle/")

    assert webhook.bodies == []
    assert not AlertEvent.objects.filter(kind="turned_off").exists()
