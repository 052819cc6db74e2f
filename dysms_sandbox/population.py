"""Each account's customers: the numbers it sends to, and their sends of a day, all at once.

The sandbox makes any number's sends (dysms_sandbox.generator), so what an account sent in
total needs a list of whom it sends to. ``population(account)`` is that list: a fixed set of
numbers per account (dysms_sandbox.profiles says how many on the mainland and elsewhere),
hash-seeded like everything else, so every process and machine has the same customers. No
reserved number is among them, nor a disconnected one.

The account's QuerySendStatistics (dysms_sandbox.statistics), its receipt pushes and its reply
pushes (dysms_sandbox.pushes) all count these numbers' sends, made by the same generator as
QuerySendDetails: the statistics of a day add up to that day's receipts, and a receipt's
number, searched on its day, shows the same send. A number outside the population (typed by
hand, or a reserved one) still has its sends in a search, but no statistics or pushes count
them: an account's totals are its customers'.

``account_day`` is a day's sends in outline (drawn as the records are, but no text written),
cached per account and day; a 30-day statistics query of the busiest account makes about
10,000 outlines cold (a few tenths of a second).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta

from dysms.values import CHINA_TZ
from dysms_sandbox.generator import Outline, day_outline
from dysms_sandbox.profiles import profile_for, seed_parts
from dysms_sandbox.traffic import number_profile, seed

# Mainland mobile prefixes of the three carriers (numbers are the prefix and 8 digits).
MAINLAND_PREFIXES = (
    "130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 "
    "173 176 177 180 181 182 183 185 186 187 188 189 191 198 199"
).split()
# Elsewhere: country code, leading digits of mobile numbers there, national length.
ABROAD = (
    ("852", ("61", "63", "64", "65", "69", "94", "96", "97"), 8),  # Hong Kong
    ("853", ("62", "63", "65"), 8),  # Macao
    ("886", ("91", "92", "93", "95", "96", "97", "98"), 9),  # Taiwan
    ("65", ("81", "82", "83", "85", "87", "90", "91", "93", "96", "97", "98"), 8),  # Singapore
    ("60", ("12", "16"), 9),  # Malaysia
    ("66", ("8", "9"), 9),  # Thailand
    ("61", ("40", "41", "42", "43", "46"), 9),  # Australia
    ("44", ("74", "75", "78"), 10),  # United Kingdom
    ("49", ("151", "160", "170", "176"), 11),  # Germany
)


@functools.cache
def population(account: str) -> tuple[str, ...]:
    """The account's customers' numbers: the mainland ones first, each once."""
    mainland, abroad = profile_for(account).population
    numbers = _numbers(account, "mainland", mainland, _mainland)
    return numbers + _numbers(account, "abroad", abroad, _abroad)


@functools.lru_cache(maxsize=256)
def account_day(account: str, day: date) -> tuple[Outline, ...]:
    """Every send of the account's customers on ``day`` (China time), the whole day."""
    return tuple(
        send for phone in population(account) for send in day_outline(phone, day, account=account)
    )


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=CHINA_TZ)


def days_around(start: datetime, end: datetime, *, back: int) -> Iterator[date]:
    """The days (China time) whose sends may have something in [start, end): from ``back`` days
    before ``start``'s day to ``end``'s."""
    first = start.astimezone(CHINA_TZ).date() - timedelta(days=back)
    last = end.astimezone(CHINA_TZ).date()
    for n in range((last - first).days + 1):
        yield first + timedelta(days=n)


def _numbers(account: str, where: str, count: int, make: Callable[[int], str]) -> tuple[str, ...]:
    """``count`` numbers made by ``make`` from seeds of the account: no reserved one (all
    1380000xxxx, they misbehave on purpose) and no disconnected one (the generator fails
    every send to those; a sender removes them from its list once it notices)."""
    numbers: dict[str, None] = {}
    for n in itertools.count():
        if len(numbers) == count:
            break
        candidate = make(seed(*seed_parts(account, "population", where, str(n))))
        if not candidate.startswith("1380000") and not number_profile(candidate)[0]:
            numbers[candidate] = None
    return tuple(numbers)


def _mainland(draw: int) -> str:
    prefix = MAINLAND_PREFIXES[draw % len(MAINLAND_PREFIXES)]
    return f"{prefix}{draw // len(MAINLAND_PREFIXES) % 10**8:08d}"


def _abroad(draw: int) -> str:
    code, leads, length = ABROAD[draw % len(ABROAD)]
    draw //= len(ABROAD)
    lead = leads[draw % len(leads)]
    digits = length - len(lead)
    return f"{code}{lead}{draw // len(leads) % 10**digits:0{digits}d}"
