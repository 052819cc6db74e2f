"""Where and why delivery fails, from the receipts' tallies (``rates.tallies``): the top failure
codes of a period with their trend, and the period side by side by template, carrier and region.

Read-only, one grouped query per table over a few rows a day, whatever the number of receipts.
Every figure counts pushed receipts (the carriers' final word on each send), so "sent" here is
"answered by a receipt": messages still without one are in the daily statistics, not here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
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
    # The tallies of each span asked, grouped once (``_rows``): the tables of a page share them.
    read: dict = field(default_factory=dict, compare=False, repr=False)


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
    current = _failures(_rows(period, period.start, period.end))
    before = _failures(_rows(period, period.previous_start, period.previous_end))
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
    column = ROW_COLUMNS.index(dimension)
    current = _grouped(_rows(period, period.start, period.end), column)
    before = _grouped(_rows(period, period.previous_start, period.previous_end), column)
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


ROW_COLUMNS = ("account", "template_code", "carrier", "region", "success", "err_code")
# (account, template, carrier, region, success, error code, receipts, parts)
Rows = list[tuple[str, str, str, str, bool, str, int, int]]


def period_rows(period: Period) -> Rows:
    """The period's tallies by account, template, carrier, region and outcome, with receipts
    and parts: what the breakdowns, the per-template table and the costs per template share."""
    return _rows(period, period.start, period.end)


def period_given(period: Period, *, current: Rows, previous: Rows) -> Period:
    """``period`` whose breakdowns read the rows given rather than the tallies (rows built
    elsewhere, such as ``rates.record_figures``' from stored records)."""
    given = Period(
        start=period.start,
        end=period.end,
        accounts=period.accounts,
        previous_start=period.previous_start,
        previous_end=period.previous_end,
    )
    given.read[(period.start, period.end)] = current
    given.read[(period.previous_start, period.previous_end)] = previous
    return given


def _rows(period: Period, start: date, end: date) -> Rows:
    """One query per span, kept in ``period``."""
    if (start, end) not in period.read:
        found = (
            ReceiptTally.objects.filter(day__gte=start, day__lte=end, account__in=period.accounts)
            .values_list(*ROW_COLUMNS)
            .annotate(total=Sum("count"), billed=Sum("parts"))
            .order_by()
        )
        period.read[(start, end)] = list(found)
    return period.read[(start, end)]


def _failures(rows: Rows) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for *_, success, err_code, total, _parts in rows:
        if not success:
            counts[err_code] += total
    return dict(counts)


def _grouped(rows: Rows, column: int) -> dict[str, list[tuple[bool, str, int]]]:
    """(success, error code, count) per value of the ``column``'th of ``ROW_COLUMNS``."""
    groups: dict[str, dict[tuple[bool, str], int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        *_, success, err_code, total, _parts = row
        groups[row[column]][(success, err_code)] += total
    return {
        key: [(success, code, count) for (success, code), count in outcomes.items()]
        for key, outcomes in groups.items()
    }


def _rate(groups: list[tuple[bool, str, int]]) -> float | None:
    receipts = sum(count for _, _, count in groups)
    return ratio(sum(count for success, _, count in groups if success), receipts)


def _top_failure(groups: list[tuple[bool, str, int]]) -> str:
    failures = [(-count, code) for success, code, count in groups if not success]
    return min(failures)[1] if failures else ""
