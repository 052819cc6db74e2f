"""Invented but realistic send records, the same every time for a phone and a day.

Everything is drawn from a ``random.Random`` seeded with SHA-256 of the phone
and the day (never Python's ``hash()``, which changes between processes), so
two sandboxes, two processes and two machines agree. An account other than the
demo one puts its name in the seed and sends its own templates on some days only
(dysms_sandbox.profiles); the demo account's records are the original ones. A day's sends are made
whole once and cached; what a query sees depends on the sandbox clock:

* only sends made by "now" (the rest of today has not happened yet);
* a send waits for its receipt (``SendStatus`` 1, no ``ReceiveDate`` and
  ``ErrCode``) until ``send time + receipt delay``, a few seconds usually and
  at most five minutes, so waiting records turn final as time passes.

``day_outline`` makes the same sends without their texts, for what counts many numbers' sends
(dysms_sandbox.population): the statistics and the pushes.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from dysms.values import CHINA_TZ, SendStatus
from dysms_sandbox.accounts import DEMO_ACCOUNT
from dysms_sandbox.profiles import Profile, profile_for, seed_parts
from dysms_sandbox.templates import Template, render, skip_render
from dysms_sandbox.traffic import DELIVERED, NO_RECEIPT, Traffic, seed, traffic_for

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# Receipt codes of failed sends as Alibaba Cloud documents them (deliveries/error_catalogue/
# receipts.py explains each), with rough relative frequencies:
# Alibaba's normalised codes mostly, and now and then a raw carrier code passed through.
FAILURE_CODES = {
    "MOBILE_NOT_ON_SERVICE": 30,
    "MOBILE_IN_BLACK": 10,
    "MOBILE_SEND_LIMIT": 10,
    "MOBILE_ACCOUNT_ABNORMAL": 8,
    "MOBLLE_TERMINAL_ERROR": 4,
    "SP_UNKNOWN_ERROR": 6,
    "USER_REJECT": 4,
    "CONTENT_KEYWORD": 3,
    "INVALID_NUMBER": 3,
    "EXPIRED": 6,
    "MK:0001": 4,
    "UNDELIV": 4,
    "MK:0005": 2,
    "IB:0008": 1,
}
DEAD_NUMBER_CODES = {"MOBILE_NOT_ON_SERVICE": 8, "MK:0001": 1, "UNDELIV": 1}


@dataclass(frozen=True)
class SentMessage:
    """One send as the service remembers it; ``status_at(now)`` is what a query shows."""

    phone: str
    biz_id: str
    template_code: str
    content: str
    out_id: str
    send_time: datetime
    receipt_delay: timedelta
    final_status: SendStatus
    err_code: str

    @property
    def receive_time(self) -> datetime:
        return self.send_time + self.receipt_delay

    def status_at(self, now: datetime) -> SendStatus:
        return SendStatus.WAITING if now < self.receive_time else self.final_status

    def as_detail(self, now: datetime) -> dict[str, object]:
        """The ``SmsSendDetailDTO`` object, with the keys in the order the service writes them."""
        status = self.status_at(now)
        detail: dict[str, object] = {
            "SendDate": self.send_time.strftime(TIME_FORMAT),
            "OutId": self.out_id,
            "SendStatus": int(status),
        }
        if status is not SendStatus.WAITING:
            detail["ReceiveDate"] = self.receive_time.strftime(TIME_FORMAT)
            detail["ErrCode"] = self.err_code
        detail.update(TemplateCode=self.template_code, Content=self.content, PhoneNum=self.phone)
        return detail


def messages_until(
    phone: str, day: date, now: datetime, *, account: str = DEMO_ACCOUNT
) -> list[SentMessage]:
    """The sends of ``day`` made by ``now`` from ``account``, newest first."""
    messages = day_messages(phone, day, account=account)
    return [message for message in messages if message.send_time <= now]


@functools.lru_cache(maxsize=512)
def day_messages(phone: str, day: date, *, account: str = DEMO_ACCOUNT) -> tuple[SentMessage, ...]:
    """Every send of the whole day (China time) from ``account``, newest first."""
    plan = _day_plan(phone, day, account)
    if plan is None:
        return ()
    rng, traffic, outcomes, profile = plan
    midnight = datetime.combine(day, time(0), tzinfo=CHINA_TZ)
    messages = [
        _message(phone, midnight + timedelta(seconds=offset), traffic, rng, outcome, profile)
        for offset, outcome in zip(traffic.send_offsets, outcomes, strict=True)
    ]
    messages.sort(key=lambda message: (message.send_time, message.biz_id), reverse=True)
    return tuple(messages)


class Outline(NamedTuple):
    """What the statistics and the pushes need of one send, made without writing its text.

    ``sent`` and ``delay`` are seconds (after ``day``'s midnight, China time, and to the
    receipt); ``final_status`` is ``WAITING`` for a receipt that never comes.
    """

    day: date
    phone: str
    biz_id: str
    template: Template
    sent: int
    delay: int
    final_status: SendStatus


def day_outline(phone: str, day: date, *, account: str = DEMO_ACCOUNT) -> tuple[Outline, ...]:
    """The same sends as ``day_messages`` (same draws, so the same BizIds, times and
    outcomes) in send order, about twice as fast: the texts are drawn but never written."""
    plan = _day_plan(phone, day, account)
    if plan is None:
        return ()
    rng, traffic, outcomes, profile = plan
    sends = []
    for offset, outcome in zip(traffic.send_offsets, outcomes, strict=True):
        template = _template(profile, rng)
        skip_render(template, rng)
        status, _, biz_id, delay = _ending(traffic, rng, outcome)
        sends.append(Outline(day, phone, biz_id, template, offset, delay, status))
    return tuple(sends)


Plan = tuple[random.Random, Traffic, "tuple[str | None, ...]", Profile]


def _day_plan(phone: str, day: date, account: str) -> Plan | None:
    """The day's seeded draws so far, its traffic, each send's fixed outcome (or ``None``) and
    the account's profile; ``None`` on a day the account sends the number nothing."""
    rng = random.Random(seed(*seed_parts(account, phone, day.strftime("%Y%m%d"))))
    profile = profile_for(account)
    if profile.silent_on(phone, rng):
        return None
    traffic = traffic_for(phone, rng)
    outcomes = traffic.outcomes or (None,) * len(traffic.send_offsets)
    return rng, traffic, outcomes, profile


def _message(
    phone: str,
    sent: datetime,
    traffic: Traffic,
    rng: random.Random,
    outcome: str | None,
    profile: Profile,
) -> SentMessage:
    template = _template(profile, rng)
    content, out_id = render(template, sent, rng)
    status, err_code, biz_id, delay = _ending(traffic, rng, outcome)
    return SentMessage(
        phone=phone,
        biz_id=biz_id,
        template_code=template.code,
        content=content,
        out_id=out_id,
        send_time=sent,
        receipt_delay=timedelta(seconds=delay),
        final_status=status,
        err_code=err_code,
    )


def _template(profile: Profile, rng: random.Random) -> Template:
    # The draw of rng.choices(templates, weights=...), the sums worked out once.
    return rng.choices(profile.templates, cum_weights=profile.cumulative_weights)[0]


def _ending(
    traffic: Traffic, rng: random.Random, outcome: str | None
) -> tuple[SendStatus, str, str, int]:
    """How a send ends, drawn after its text: status, receipt code, BizId, receipt delay."""
    if outcome is not None:
        status, err_code = _fixed_outcome(outcome)
    elif traffic.dead_number or rng.random() < traffic.failure_rate:
        codes = DEAD_NUMBER_CODES if traffic.dead_number else FAILURE_CODES
        status = SendStatus.FAILED
        err_code = rng.choices(tuple(codes), weights=tuple(codes.values()))[0]
    else:
        status, err_code = SendStatus.DELIVERED, DELIVERED
    biz_id = f"{rng.randrange(10**17, 10**18)}^0"
    return status, err_code, biz_id, traffic.receipt_delay(rng)


def _fixed_outcome(outcome: str) -> tuple[SendStatus, str]:
    if outcome == NO_RECEIPT:
        return SendStatus.WAITING, ""  # the receipt never comes: waiting on every later query
    if outcome == DELIVERED:
        return SendStatus.DELIVERED, DELIVERED
    return SendStatus.FAILED, outcome
