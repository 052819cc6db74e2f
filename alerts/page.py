"""The Alerts page's figures: the rules with their state, the channels (masked) and the history.

``alerts_listed`` reads; the row builders are pure (no I/O, no request).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.channels import kind_label, masked
from alerts.models import AlertEvent, Channel, EventKind, Kind, Rule, RuleState, Status

HISTORY = 50


@dataclass(frozen=True)
class RuleRow:
    id: int
    name: str
    kind: str
    condition: str
    enabled: bool
    status: str
    status_label: str
    summary: str
    silenced_until: str
    channels: str


@dataclass(frozen=True)
class ChannelRow:
    id: int
    name: str
    kind: str
    url: str


@dataclass(frozen=True)
class EventRow:
    at: datetime
    rule: str
    kind: str
    label: str
    channel: str
    summary: str


def alerts_listed() -> tuple[list[Rule], list[Channel], list[AlertEvent]]:
    rules = list(Rule.objects.select_related("rulestate").prefetch_related("channels"))
    return rules, list(Channel.objects.all()), list(AlertEvent.objects.all()[:HISTORY])


def condition(rule: Rule) -> str:
    values = {
        "threshold": f"{rule.threshold:g}",
        "minutes": rule.window_minutes,
        "minimum": rule.minimum,
        "template": rule.template_code or _("every template"),
        "place": rule.place,
    }
    texts = {
        Kind.DELIVERY_RATE: _(
            "below %(threshold)s %% over %(minutes)s minutes, at least %(minimum)s receipts"
        ),
        Kind.TEMPLATE_FAILURES: _(
            "%(template)s: failure rate %(threshold)s × its 7-day baseline over %(minutes)s "
            "minutes, at least %(minimum)s receipts"
        ),
        Kind.PUMPING: _(
            "%(place)s: %(threshold)s × its 7-day average over %(minutes)s minutes, at least "
            "%(minimum)s receipts"
        ),
        Kind.RECEIPTS_STOPPED: _(
            "no receipt for %(minutes)s minutes while at least %(minimum)s are usual"
        ),
        Kind.CIRCUIT_OPEN: _("circuit open for %(minutes)s minutes"),
    }
    return texts[Kind(rule.kind)] % values


def rule_rows(rules: Iterable[Rule], *, now: datetime) -> list[RuleRow]:
    rows = []
    for rule in rules:
        state = getattr(rule, "rulestate", None) or RuleState(status=Status.OK)
        silenced = rule.silenced_until and rule.silenced_until > now
        rows.append(
            RuleRow(
                id=rule.pk,
                name=rule.name,
                kind=Kind(rule.kind).label,
                condition=condition(rule),
                enabled=rule.enabled,
                status=state.status,
                status_label=Status(state.status).label,
                summary=state.summary,
                silenced_until=_local(rule.silenced_until) if silenced else "",
                channels=", ".join(channel.name for channel in rule.channels.all()),
            )
        )
    return rows


def channel_rows(channels: Iterable[Channel]) -> list[ChannelRow]:
    return [ChannelRow(one.pk, one.name, kind_label(one.url), masked(one.url)) for one in channels]


def event_rows(events: Iterable[AlertEvent]) -> list[EventRow]:
    return [
        EventRow(
            at=event.at,
            rule=event.rule_name,
            kind=event.kind,
            label=EventKind(event.kind).label,
            channel=event.channel_name,
            summary=event.summary,
        )
        for event in events
    ]


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
