"""How fast receipts come back: percentiles and bands of the time from send to receipt, per day
and per template, from the latency tallies (``ReceiptLatency``: to the second under a minute, to
5 s under 5 minutes, to the minute up to an hour, then one bucket; each percentile shows its
step's start).

A percentile is the nearest-rank one: the smallest latency that at least that share of the
receipts took no longer than. A verification-code template whose p90 passes a minute is flagged:
a code that comes after a minute is often a code the customer asks for again.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Sum

from rates.models import LATENCY_CAP_SECONDS, ReceiptLatency

SLOW_VERIFICATION_P90 = 60
# The bands' upper ends in seconds (exclusive): < 10 s, 10-60 s, 1-5 min, then > 5 min.
BAND_LIMITS = (10, 60, 300)


@dataclass(frozen=True)
class Latency:
    """One day's or template's receipts by latency: percentiles in seconds and band counts
    (``bands``: under 10 s, 10 to 60 s, 1 to 5 min, over 5 min)."""

    receipts: int
    p50: int | None
    p90: int | None
    p99: int | None
    bands: tuple[int, int, int, int]

    @property
    def slow(self) -> bool:
        """The p90 passes a minute: for a verification code, after the customer asked again."""
        return self.p90 is not None and self.p90 > SLOW_VERIFICATION_P90

    @property
    def capped(self) -> bool:
        """The p99 is at the cap: "an hour or more", not exactly an hour."""
        return self.p99 is not None and self.p99 >= LATENCY_CAP_SECONDS


def latency_of(counts: Iterable[tuple[int, int]]) -> Latency:
    """The figures of (seconds, receipts) pairs."""
    histogram: dict[int, int] = defaultdict(int)
    for seconds, count in counts:
        histogram[seconds] += count
    ordered = sorted(histogram.items())
    total = sum(histogram.values())
    bands = [0, 0, 0, 0]
    for seconds, count in ordered:
        bands[bisect_right(BAND_LIMITS, seconds)] += count
    p50, p90, p99 = _percentiles(ordered, total, (0.50, 0.90, 0.99))
    return Latency(
        receipts=total, p50=p50, p90=p90, p99=p99, bands=(bands[0], bands[1], bands[2], bands[3])
    )


def _percentiles(
    ordered: Sequence[tuple[int, int]], total: int, shares: Sequence[float]
) -> list[int | None]:
    """The nearest-rank percentile of each share (ascending), in one pass over ``ordered``."""
    if total == 0:
        return [None] * len(shares)
    ranks = [math.ceil(share * total) for share in shares]
    found: list[int | None] = []
    seen = 0
    for seconds, count in ordered:
        seen += count
        while len(found) < len(ranks) and seen >= ranks[len(found)]:
            found.append(seconds)
    return found + [ordered[-1][0]] * (len(ranks) - len(found))


def latency_by(
    *, start: date, end: date, accounts: Sequence[str], by: str
) -> dict[object, Latency]:
    """The period's latency per ``by`` ("day" or "template_code"): one grouped query."""
    if by not in ("day", "template_code"):
        raise ValueError(f"no latency by {by!r}")
    found = (
        ReceiptLatency.objects.filter(day__gte=start, day__lte=end, account__in=accounts)
        .values_list(by, "seconds")
        .annotate(total=Sum("count"))
        .order_by()
    )
    per: dict[object, list[tuple[int, int]]] = defaultdict(list)
    for key, seconds, total in found:
        per[key].append((seconds, total))
    return {key: latency_of(counts) for key, counts in per.items()}
