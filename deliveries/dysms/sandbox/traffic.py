"""How much a number receives on a day, when, and how quickly receipts come back."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from . import reserved

SECONDS_PER_DAY = 24 * 60 * 60
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


@dataclass(frozen=True)
class Traffic:
    send_offsets: tuple[int, ...]  # seconds after midnight, ascending
    failure_rate: float = 0.04
    dead_number: bool = False
    slow_receipts: bool = False

    def receipt_delay(self, rng: random.Random) -> int:
        """Seconds from send to receipt: mostly a few, at most 5 minutes (about an hour if slow)."""
        if self.slow_receipts:
            return rng.randint(25 * 60, 55 * 60)
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


def traffic_for(phone: str, rng: random.Random) -> Traffic:
    """The day's traffic; ``rng`` is already seeded with the phone and the day."""
    if phone == reserved.NO_TRAFFIC:
        return Traffic(())
    if phone in reserved.BULK_DAILY_COUNTS:
        return Traffic(_burst(reserved.BULK_DAILY_COUNTS[phone], rng), failure_rate=0.03)
    if phone == reserved.STILL_WAITING:
        offsets = tuple(slot * 1200 + rng.randint(0, 59) for slot in range(72))
        return Traffic(offsets, failure_rate=0.0, slow_receipts=True)
    profile = random.Random(seed(phone, "profile"))
    dead = phone == reserved.DEAD_NUMBER or profile.random() < 0.03
    failure_rate = profile.choice((0.01, 0.03, 0.04, 0.06, 0.12))
    return Traffic(_scattered(_daily_count(rng), rng), failure_rate, dead_number=dead)


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
    hours = rng.choices(range(24), weights=HOUR_WEIGHTS, k=count)
    return tuple(sorted(hour * 3600 + rng.randrange(3600) for hour in hours))


def _burst(count: int, rng: random.Random) -> tuple[int, ...]:
    """A campaign from just after midnight, one send every one to three seconds."""
    offsets, at = [], 5
    for _ in range(count):
        offsets.append(at)
        at += rng.randint(1, 3)
    return tuple(offsets)
