"""The Alerts page's actions: rules and channels made, changed, silenced, tested, deleted.

Keyword-only, returning frozen values; the views audit each change (``alerts.audited``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from alerts.forms import ChannelForm, ReportForm, RuleForm
from alerts.messages import channel_test_message, turned_off_message
from alerts.models import AlertEvent, Channel, DailyReport, EventKind, Rule, RuleState, Status
from alerts.notify import channel_tell, rule_tell


@dataclass(frozen=True)
class Saved:
    id: int
    name: str


@dataclass(frozen=True)
class Tested:
    name: str
    went: bool


def rule_save(*, form: RuleForm) -> Saved:
    """A new rule (with its state row, the lock ``alerts_check`` takes) or a changed one."""
    with transaction.atomic():
        rule = form.save()
        RuleState.objects.get_or_create(rule=rule)
    return Saved(rule.pk, rule.name)


def rule_enable(*, rule: Rule, enabled: bool, now: datetime) -> Saved:
    """Turn a rule on or off; off while firing, it ends its firing (``_ended_while_firing``)."""
    if not enabled:
        _ended_while_firing(rule, now=now, deleted=False)
    rule.enabled = enabled
    rule.save(update_fields=["enabled"])
    return Saved(rule.pk, rule.name)


def rule_silence(*, rule: Rule, minutes: int, now: datetime) -> Saved:
    """Silence for ``minutes`` from ``now``; 0 lifts the silence."""
    rule.silenced_until = now + timedelta(minutes=minutes) if minutes else None
    rule.save(update_fields=["silenced_until"])
    return Saved(rule.pk, rule.name)


def rule_delete(*, rule: Rule, now: datetime) -> Saved:
    saved = Saved(rule.pk, rule.name)
    _ended_while_firing(rule, now=now, deleted=True)
    rule.delete()
    return saved


def _ended_while_firing(rule: Rule, *, now: datetime, deleted: bool) -> None:
    """A firing rule that stops being checked: the history says so, its state starts again
    from normal (turned on again, a breakage is a new firing) and, as Alertmanager resolves an
    alert whose rule is gone, the channels told it fired hear that it was turned off, once."""
    with transaction.atomic():
        state = RuleState.objects.select_for_update().filter(rule=rule).first()
        if state is None or state.status != Status.FIRING:
            return
        told = state.notified_at is not None
        summary = state.summary
        RuleState.objects.filter(pk=state.pk).update(
            status=Status.OK, since=None, fired_at=None, notified_at=None, reminders=0
        )
        AlertEvent.objects.create(
            at=now, rule=rule, rule_name=rule.name, kind=EventKind.TURNED_OFF, summary=summary
        )
    silenced = rule.silenced_until is not None and rule.silenced_until > now
    if told and not silenced:
        message = turned_off_message(rule_name=rule.name, deleted=deleted, summary=summary)
        rule_tell(rule=rule, message=message, now=now)


def channel_create(*, form: ChannelForm) -> Saved:
    channel = form.save()
    return Saved(channel.pk, channel.name)


def channel_delete(*, channel: Channel) -> Saved:
    saved = Saved(channel.pk, channel.name)
    channel.delete()
    return saved


def channel_test(*, channel: Channel, now: datetime) -> Tested:
    """Send the test message; the history says whether it went."""
    message = channel_test_message()
    went = channel_tell(channel=channel, message=message, now=now, went_kind=EventKind.TEST)
    return Tested(channel.name, went)


def report_create(*, form: ReportForm) -> Saved:
    report = form.save()
    return Saved(report.pk, report.channel.name)


def report_delete(*, report: DailyReport) -> Saved:
    saved = Saved(report.pk, report.channel.name)
    report.delete()
    return saved
