"""The state machine of one rule, as Alertmanager runs it, pure (no database, no clock).

ok → pending when the rule breaks (or straight to firing without a hold); pending → firing once
it has stayed broken for the hold; firing → ok when it mends. One message on firing, one on
recovery (only if something was said about the firing: a firing silenced all along recovers
quietly), and reminders while it stays firing, each interval twice the one before
(``first``, 2 × ``first``, 4 × ``first`` … up to ``cap``). A silenced rule moves between states
as usual, and says nothing until the silence ends; its reminders then resume on schedule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

OK, PENDING, FIRING = "ok", "pending", "firing"
RESOLVED, REMINDER = "resolved", "reminder"


@dataclass(frozen=True)
class State:
    status: str = OK
    since: datetime | None = None
    fired_at: datetime | None = None
    notified_at: datetime | None = None
    reminders: int = 0


@dataclass(frozen=True)
class Step:
    """The next state, what happened (``PENDING``, ``FIRING``, ``RESOLVED``, ``REMINDER`` or
    None) and whether to send it to the channels."""

    state: State
    event: str | None = None
    notify: bool = False


@dataclass(frozen=True)
class Schedule:
    hold: timedelta
    first: timedelta
    cap: timedelta

    def interval(self, reminders: int) -> timedelta:
        return min(self.first * (2**reminders), self.cap)


def advance(
    state: State, *, broken: bool, now: datetime, schedule: Schedule, silenced: bool
) -> Step:
    if not broken:
        return _mended(state, silenced=silenced)
    if state.status == OK and schedule.hold > timedelta(0):
        return Step(State(status=PENDING, since=now), PENDING)
    if state.status == OK or (state.status == PENDING and now - state.since >= schedule.hold):
        return _fired(state, now=now, silenced=silenced)
    if state.status == FIRING:
        return _reminded(state, now=now, schedule=schedule, silenced=silenced)
    return Step(state)


def _mended(state: State, *, silenced: bool) -> Step:
    if state.status == FIRING:
        said = state.notified_at is not None
        return Step(State(), RESOLVED, notify=said and not silenced)
    if state.status == PENDING:
        return Step(State())
    return Step(state)


def _fired(state: State, *, now: datetime, silenced: bool) -> Step:
    fired = State(
        status=FIRING,
        since=state.since or now,
        fired_at=now,
        notified_at=None if silenced else now,
    )
    return Step(fired, FIRING, notify=not silenced)


def _reminded(state: State, *, now: datetime, schedule: Schedule, silenced: bool) -> Step:
    if silenced:
        return Step(state)
    if state.notified_at is None:
        # Fired during a silence: the first message after it is the firing itself.
        return Step(replace(state, notified_at=now), FIRING, notify=True)
    if now - state.notified_at < schedule.interval(state.reminders):
        return Step(state)
    reminded = replace(state, notified_at=now, reminders=state.reminders + 1)
    return Step(reminded, REMINDER, notify=True)
