"""``rules_check``: every enabled rule read once, its state moved on, its channels told.

Exactly once per transition, however many ``alerts_check`` run at once: a rule's reading is
taken outside any transaction, then its ``RuleState`` row is locked and the step decided from
what is stored there now. On PostgreSQL the lock is ``SELECT … FOR UPDATE SKIP LOCKED``: a run
that finds the row taken skips the rule (the other run is deciding it). On SQLite every
transaction is ``IMMEDIATE`` (settings), so the second run waits for the first to commit and
then reads the state it left: the transition has happened, nothing is left to send. The run
that made a transition sends its messages after the commit (a crash in between loses that
message rather than sending it twice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from alerts.messages import alert_message
from alerts.models import AlertEvent, Kind, Rule, RuleState
from alerts.notify import rule_tell
from alerts.readings import Reading, rule_read
from alerts.transitions import Schedule, State, Step, advance


@dataclass(frozen=True)
class Checked:
    rule: str
    status: str
    event: str | None
    sent: int
    failed: int


def hold_minutes(rule: Rule) -> int:
    """How long a rule must stay broken before it fires: its "for", and for the circuit at
    least the minutes it must stay open."""
    if rule.kind == Kind.CIRCUIT_OPEN:
        return max(rule.for_minutes, rule.window_minutes)
    return rule.for_minutes


def rules_check(*, now: datetime | None = None) -> list[Checked]:
    """Read every enabled rule once (in the site's language, for the messages and history)."""
    now = now or timezone.now()
    done = []
    with translation.override(settings.LANGUAGE_CODE):
        for rule in Rule.objects.filter(enabled=True).prefetch_related("channels"):
            checked = rule_check(rule=rule, now=now)
            if checked is not None:
                done.append(checked)
    return done


def rule_check(*, rule: Rule, now: datetime) -> Checked | None:
    """One rule; None when another run holds its state."""
    reading = rule_read(rule=rule, now=now)
    RuleState.objects.get_or_create(rule=rule)
    step = _decided(rule, reading, now)
    if step is None:
        return None
    sent = failed = 0
    if step.notify and step.event:
        sent, failed = _notified(rule, step.event, reading, now)
    return Checked(rule.name, step.state.status, step.event, sent, failed)


def _decided(rule: Rule, reading: Reading, now: datetime) -> Step | None:
    with transaction.atomic():
        states = RuleState.objects.filter(rule=rule)
        if connection.features.has_select_for_update_skip_locked:
            states = states.select_for_update(skip_locked=True)
        row = states.first()
        if row is None:
            return None
        silenced = rule.silenced_until is not None and rule.silenced_until > now
        step = advance(
            _state(row), broken=reading.broken, now=now, schedule=_schedule(rule), silenced=silenced
        )
        _store(row, step.state, reading, now)
        if step.event:
            AlertEvent.objects.create(
                at=now, rule=rule, rule_name=rule.name, kind=step.event, summary=reading.summary
            )
    return step


def _schedule(rule: Rule) -> Schedule:
    return Schedule(
        hold=timedelta(minutes=hold_minutes(rule)),
        first=timedelta(minutes=settings.ALERTS_REMIND_MINUTES),
        cap=timedelta(minutes=settings.ALERTS_REMIND_MAX_MINUTES),
    )


def _state(row: RuleState) -> State:
    return State(row.status, row.since, row.fired_at, row.notified_at, row.reminders)


def _store(row: RuleState, state: State, reading: Reading, now: datetime) -> None:
    row.status, row.since, row.fired_at = state.status, state.since, state.fired_at
    row.notified_at, row.reminders = state.notified_at, state.reminders
    row.checked_at, row.summary = now, reading.summary[:500]
    row.save()


def _notified(rule: Rule, event: str, reading: Reading, now: datetime) -> tuple[int, int]:
    message = alert_message(rule_name=rule.name, event=event, reading=reading)
    return rule_tell(rule=rule, message=message, now=now)
