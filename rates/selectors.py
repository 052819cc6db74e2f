"""Read-only queries of the delivery-rates page: period totals and the per-template breakdown."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Sum

from rates.models import DailyStatistics, ReceiptTally, ratio

TOP_FAILURE_CODES = 3


@dataclass(frozen=True)
class PeriodTotals:
    sent: int
    delivered: int
    failed: int
    no_receipt: int

    @property
    def delivery_rate(self) -> float | None:
        return ratio(self.delivered, self.sent)

    @property
    def receipted_rate(self) -> float | None:
        return ratio(self.delivered, self.sent - self.no_receipt)


@dataclass(frozen=True)
class TemplateBreakdown:
    """Pushed receipts of one template code over a period. "" is "no stored record matched",
    and an error code "" in ``top_failures`` is a failure receipt without a code."""

    template_code: str
    receipts: int
    delivered: int
    failed: int
    top_failures: tuple[tuple[str, int], ...]

    @property
    def delivery_rate(self) -> float | None:
        return ratio(self.delivered, self.receipts)


def period_totals(rows: Iterable[DailyStatistics]) -> PeriodTotals:
    rows = list(rows)
    return PeriodTotals(
        sent=sum(row.total_count for row in rows),
        delivered=sum(row.responded_success_count for row in rows),
        failed=sum(row.responded_fail_count for row in rows),
        no_receipt=sum(row.no_responded_count for row in rows),
    )


def template_breakdown(
    *, start: date, end: date, accounts: tuple[str, ...] | None = None
) -> list[TemplateBreakdown]:
    """Delivery rate and top failure codes per template code, from receipts sent in the period
    (to the receipt URLs of ``accounts``; every account's without). Most receipts first.

    Receipts carry no template code: it is the one of the stored record each receipt matched
    when it arrived, counted into the tallies then (``rates.tallies``), so this reads a few rows
    a day instead of matching millions of receipts against the records on every view.
    """
    tallies = ReceiptTally.objects.filter(day__gte=start, day__lte=end)
    if accounts is not None:
        tallies = tallies.filter(account__in=accounts)
    groups = (
        tallies.values_list("template_code", "success", "err_code")
        .annotate(count=Sum("count"))
        .order_by()
    )
    return template_breakdown_of(groups)


def template_breakdown_of(
    groups: Iterable[tuple[str, bool, str, int]],
) -> list[TemplateBreakdown]:
    """The per-template rows of (template code, success, error code, receipts) tallies."""
    delivered: dict[str, int] = {}
    failures: dict[str, list[tuple[str, int]]] = {}
    for code, success, err_code, count in groups:
        delivered.setdefault(code, 0)
        failures.setdefault(code, [])
        if success:
            delivered[code] += count
        else:
            failures[code].append((err_code, count))
    breakdown = [_template_row(code, delivered[code], failures[code]) for code in delivered]
    return sorted(breakdown, key=lambda item: (-item.receipts, item.template_code))


def _template_row(code: str, delivered: int, failures: list[tuple[str, int]]) -> TemplateBreakdown:
    """One template's numbers; its most frequent failure codes first (ties by code)."""
    by_code: dict[str, int] = defaultdict(int)
    for err_code, count in failures:
        by_code[err_code] += count
    failed = sum(by_code.values())
    top = sorted(by_code.items(), key=lambda item: (-item[1], item[0]))[:TOP_FAILURE_CODES]
    return TemplateBreakdown(
        template_code=code,
        receipts=delivered + failed,
        delivered=delivered,
        failed=failed,
        top_failures=tuple(top),
    )
