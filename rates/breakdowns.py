"""Where and why delivery fails, from the receipts' tallies (``rates.tallies``): the top failure
codes of a period with their trend, and the period side by side by template, carrier and region.

Read-only, one grouped query per table over a few rows a day, whatever the number of receipts.
Every figure counts pushed receipts (the carriers' final word on each send), so "sent" here is
"answered by a receipt": messages still without one are in the daily statistics, not here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Sum

from rates.models import ReceiptTally, ratio

DIMENSIONS = ("template_code", "carrier", "region")
TOP_CODES = 10


@dataclass(frozen=True)
class Period:
    """The days of a breakdown, its accounts, and the period before it to compare with."""

    start: date
    end: date
    accounts: tuple[str, ...]
    previous_start: date
    previous_end: date


@dataclass(frozen=True)
class FailureCode:
    """One failure code of the period: how often, its share of the failures, and how often it
    came in the previous period."""

    code: str
    count: int
    share: float
    previous: int

    @property
    def change(self) -> int:
        return self.count - self.previous


@dataclass(frozen=True)
class BreakdownRow:
    """One template, carrier or region: receipts, delivered, failed, the change of its delivery
    rate against the previous period (points, to a tenth) and its most frequent failure code."""

    key: str
    receipts: int
    delivered: int
    previous_rate: float | None
    top_failure: str

    @property
    def failed(self) -> int:
        return self.receipts - self.delivered

    @property
    def delivery_rate(self) -> float | None:
        return ratio(self.delivered, self.receipts)

    @property
    def change_points(self) -> float | None:
        if self.delivery_rate is None or self.previous_rate is None:
            return None
        return round((self.delivery_rate - self.previous_rate) * 100, 1)


def top_failure_codes(period: Period) -> list[FailureCode]:
    """The period's most frequent failure codes, most first (ties by code)."""
    current = _failures(period.start, period.end, period.accounts)
    before = _failures(period.previous_start, period.previous_end, period.accounts)
    total = sum(current.values())
    ranked = sorted(current.items(), key=lambda item: (-item[1], item[0]))[:TOP_CODES]
    return [
        FailureCode(code=code, count=count, share=count / total, previous=before.get(code, 0))
        for code, count in ranked
    ]


def breakdown(period: Period, dimension: str) -> list[BreakdownRow]:
    """The period by ``dimension`` (one of ``DIMENSIONS``), most receipts first."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"no breakdown by {dimension!r}")
    current = _grouped(period.start, period.end, period.accounts, dimension)
    before = _grouped(period.previous_start, period.previous_end, period.accounts, dimension)
    rows = []
    for key, groups in current.items():
        earlier = before.get(key)
        rows.append(
            BreakdownRow(
                key=key,
                receipts=sum(count for _, _, count in groups),
                delivered=sum(count for success, _, count in groups if success),
                previous_rate=_rate(earlier) if earlier else None,
                top_failure=_top_failure(groups),
            )
        )
    return sorted(rows, key=lambda row: (-row.receipts, row.key))


def _tallies(start: date, end: date, accounts: Sequence[str]):
    return ReceiptTally.objects.filter(day__gte=start, day__lte=end, account__in=accounts)


def _failures(start: date, end: date, accounts: Sequence[str]) -> dict[str, int]:
    found = (
        _tallies(start, end, accounts)
        .filter(success=False)
        .values_list("err_code")
        .annotate(total=Sum("count"))
        .order_by()
    )
    return {code: total for code, total in found}


def _grouped(
    start: date, end: date, accounts: Sequence[str], dimension: str
) -> dict[str, list[tuple[bool, str, int]]]:
    """(success, error code, count) per value of ``dimension``."""
    found = (
        _tallies(start, end, accounts)
        .values_list(dimension, "success", "err_code")
        .annotate(total=Sum("count"))
        .order_by()
    )
    groups: dict[str, list[tuple[bool, str, int]]] = defaultdict(list)
    for key, success, err_code, total in found:
        groups[key].append((success, err_code, total))
    return groups


def _rate(groups: list[tuple[bool, str, int]]) -> float | None:
    receipts = sum(count for _, _, count in groups)
    return ratio(sum(count for success, _, count in groups if success), receipts)


def _top_failure(groups: list[tuple[bool, str, int]]) -> str:
    failures = [(-count, code) for success, code, count in groups if not success]
    return min(failures)[1] if failures else ""
