"""Sending a message to a channel and keeping the sending in the alert history: what a rule's
transition, a turned-off rule, a daily report and a channel's test message all do."""

from __future__ import annotations

from datetime import datetime

from alerts.channels import message_send
from alerts.messages import Message
from alerts.models import AlertEvent, Channel, EventKind, Rule


def channel_tell(
    *,
    channel: Channel,
    message: Message,
    now: datetime,
    rule: Rule | None = None,
    went_kind: str = EventKind.SENT,
) -> bool:
    """Send ``message`` to ``channel``; the history gets ``went_kind`` if it went, "failed" if
    not (with the rule it was about, if any). Whether it went."""
    went = message_send(url=channel.url, title=message.title, body=message.body, name=channel.name)
    AlertEvent.objects.create(
        at=now,
        rule=rule,
        rule_name=rule.name if rule is not None else "",
        kind=went_kind if went else EventKind.FAILED,
        channel_name=channel.name,
        summary=message.title[:500],
    )
    return went


def rule_tell(*, rule: Rule, message: Message, now: datetime) -> tuple[int, int]:
    """Send ``message`` to each of the rule's channels; how many went and how many failed."""
    went = [
        channel_tell(channel=channel, message=message, now=now, rule=rule)
        for channel in rule.channels.all()
    ]
    return sum(went), len(went) - sum(went)
