"""How much a number receives on a day, when, and how quickly receipts come back."""

from __future__ import annotations

import functools
import hashlib
import itertools
import random
from dataclasses import dataclass

from dysms_sandbox import reserved

# Relative weight of each hour of the day (China time): quiet nights, busy days and evenings.
HOUR_WEIGHTS = (
    2,
    1,
    1,
    1,
    1,
    2,
    4,
    8,
    12,
    14,
    14,
    13,
    12,
    12,
    13,
    13,
    13,
    12,
    13,
    14,
    14,
    12,
    8,
    4,
)

# The same as running sums, as ``random.choices`` makes of weights (the same draws, less work).
HOUR_SUMS = tuple(itertools.accumulate(HOUR_WEIGHTS))

DELIVERED = "DELIVERED"
NO_RECEIPT = ""  # an outcome: the receipt never comes, the send stays waiting


@dataclass(frozen=True)
class Traffic:
    """A day of one number: when it is sent to and, for fixed shapes, how each send ends.

    ``outcomes``, when given, holds one receipt code per send (``DELIVERED``, a failure
    code or ``NO_RECEIPT``); without it each send's outcome is drawn from ``failure_rate``.
    """

    send_offsets: tuple[int, ...]  # seconds after midnight, ascending
    failure_rate: float = 0.04
    dead_number: bool = False
    slow_receipts: bool = False
    outcomes: tuple[str, ...] = ()

    def receipt_delay(self, rng: random.Random) -> int:
        """Seconds from send to receipt: mostly a few, at most 5 minutes (about an hour if slow)."""
        if self.slow_receipts:
            return rng.randint(35 * 60, 55 * 60)
        draw = rng.random()
        if draw < 0.8:
            return rng.randint(2, 15)
        if draw < 0.97:
            return rng.randint(16, 90)
        return rng.randint(91, 300)


def seed(*parts: str) -> int:
    """A stable 64-bit seed from text (the same in every process, unlike ``hash()``)."""
    digest = hashlib.sha256("|".join(("dysms-sandbox", *parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _fixed(first: str, every_minutes: int, outcomes: list[str]) -> Traffic:
    """A fixed shape: one send every ``every_minutes`` from ``first`` (HH:MM), ending as told."""
    hours, minutes = (int(part) for part in first.split(":"))
    start = hours * 3600 + minutes * 60
    offsets = tuple(start + n * every_minutes * 60 for n in range(len(outcomes)))
    return Traffic(offsets, failure_rate=0.0, outcomes=tuple(outcomes))


def _with_failures(
    count: int, failures: dict[int, str], waiting: tuple[int, ...] = ()
) -> list[str]:
    """``count`` outcomes, delivered except the failures and waits at the given positions."""
    outcomes = [DELIVERED] * count
    for position, code in failures.items():
        outcomes[position] = code
    for position in waiting:
        outcomes[position] = NO_RECEIPT
    return outcomes


# Failures of the bulk numbers: one send in 30 (3.3 %), these codes in turn.
BULK_FAILURE_CODES = (
    "MOBILE_NOT_ON_SERVICE",
    "MOBILE_IN_BLACK",
    "MOBILE_SEND_LIMIT",
    "MK:0001",
    "UNDELIV",
    "EXPIRED",
    "SP_UNKNOWN_ERROR",
)


def _bulk_outcomes(count: int) -> tuple[str, ...]:
    failures = range(17, count, 30)
    codes = {n: BULK_FAILURE_CODES[i % len(BULK_FAILURE_CODES)] for i, n in enumerate(failures)}
    return tuple(_with_failures(count, codes))


# The reserved numbers whose every day has the same shape (contents and BizIds still vary).
FIXED_SHAPES = {
    reserved.DEAD_NUMBER: _fixed(
        "09:10",
        135,
        [
            "MOBILE_NOT_ON_SERVICE",
            "MOBILE_NOT_ON_SERVICE",
            "MK:0001",
            "MOBILE_NOT_ON_SERVICE",
            "UNDELIV",
            "MOBILE_NOT_ON_SERVICE",
        ],
    ),
    reserved.ONE_PAGE: _fixed(
        "08:00",
        30,
        _with_failures(
            20, {3: "MOBILE_NOT_ON_SERVICE", 8: "MOBILE_IN_BLACK", 12: "MK:0001", 17: "UNDELIV"}
        ),
    ),
    reserved.ALL_DELIVERED: _fixed("09:00", 120, _with_failures(5, {})),
    # One page a day, so each day of a range costs exactly one (slow) call.
    reserved.SLOW_ANSWER: _fixed("09:00", 180, _with_failures(4, {})),
    reserved.EVERY_STATUS: _fixed(
        "08:15",
        30,
        _with_failures(
            20,
            {2: "MOBILE_NOT_ON_SERVICE", 7: "MOBILE_SEND_LIMIT", 11: "MK:0001", 16: "EXPIRED"},
            waiting=(5, 14),
        ),
    ),
    reserved.TWO_PAGES: _fixed(
        "07:00", 10, _with_failures(75, {n: "MOBILE_SEND_LIMIT" for n in range(7, 75, 15)})
    ),
}


def traffic_for(phone: str, rng: random.Random) -> Traffic:
    """The day's traffic; ``rng`` is already seeded with the phone and the day."""
    if phone == reserved.NO_TRAFFIC:
        return Traffic(())
    if phone in FIXED_SHAPES:
        return FIXED_SHAPES[phone]
    if phone in reserved.BULK_DAILY_COUNTS:
        count = reserved.BULK_DAILY_COUNTS[phone]
        return Traffic(_burst(count, rng), failure_rate=0.0, outcomes=_bulk_outcomes(count))
    if phone == reserved.STILL_WAITING:
        # On the hour and half hour from midnight, receipts after 35-55 minutes: whatever the
        # time of day, the latest send (at most 30 minutes old) is still waiting.
        return Traffic(tuple(slot * 1800 for slot in range(48)), 0.0, slow_receipts=True)
    dead, failure_rate = number_profile(phone)
    return Traffic(_scattered(_daily_count(rng), rng), failure_rate, dead_number=dead)


@functools.lru_cache(maxsize=4096)
def number_profile(phone: str) -> tuple[bool, float]:
    """Whether an ordinary number is disconnected, and how often its sends fail otherwise: the
    same on every day and account."""
    profile = random.Random(seed(phone, "profile"))
    dead = profile.random() < 0.03
    return dead, profile.choice((0.01, 0.03, 0.04, 0.06, 0.12))


def _daily_count(rng: random.Random) -> int:
    """Often none to five, sometimes a busy day, now and then several pages."""
    draw = rng.random()
    if draw < 0.3:
        return 0
    if draw < 0.85:
        return rng.randint(1, 5)
    if draw < 0.96:
        return rng.randint(6, 20)
    return rng.randint(51, 160)


def _scattered(count: int, rng: random.Random) -> tuple[int, ...]:
    hours = rng.choices(range(24), cum_weights=HOUR_SUMS, k=count)
    return tuple(sorted(hour * 3600 + rng.randrange(3600) for hour in hours))


def _burst(count: int, rng: random.Random) -> tuple[int, ...]:
    """A campaign from just after midnight, one send every one to three seconds."""
    offsets, at = [], 5
    for _ in range(count):
        offsets.append(at)
        at += rng.randint(1, 3)
    return tuple(offsets)
