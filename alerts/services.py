"""The Alerts page's actions: rules and channels made, changed, silenced, tested, deleted.

Keyword-only, returning frozen values; the views audit each change (``alerts.audited``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from alerts.channels import message_send
from alerts.forms import ChannelForm, ReportForm, RuleForm
from alerts.messages import channel_test_message
from alerts.models import AlertEvent, Channel, DailyReport, EventKind, Rule, RuleState


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


def rule_enable(*, rule: Rule, enabled: bool) -> Saved:
    rule.enabled = enabled
    rule.save(update_fields=["enabled"])
    return Saved(rule.pk, rule.name)


def rule_silence(*, rule: Rule, minutes: int, now: datetime) -> Saved:
    """Silence for ``minutes`` from ``now``; 0 lifts the silence."""
    rule.silenced_until = now + timedelta(minutes=minutes) if minutes else None
    rule.save(update_fields=["silenced_until"])
    return Saved(rule.pk, rule.name)


def rule_delete(*, rule: Rule) -> Saved:
    saved = Saved(rule.pk, rule.name)
    rule.delete()
    return saved


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
    went = message_send(url=channel.url, title=message.title, body=message.body, name=channel.name)
    AlertEvent.objects.create(
        at=now,
        kind=EventKind.TEST if went else EventKind.FAILED,
        channel_name=channel.name,
        summary=message.title,
    )
    return Tested(channel.name, went)


def report_create(*, form: ReportForm) -> Saved:
    report = form.save()
    return Saved(report.pk, report.channel.name)


def report_delete(*, report: DailyReport) -> Saved:
    saved = Saved(report.pk, report.channel.name)
    report.delete()
    return saved
