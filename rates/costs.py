"""What the period cost: billed parts (计费条数) and their price, per day and per template.

Alibaba Cloud bills per part, not per message (``dysms.billing``). Where it pushed a receipt,
the receipt's ``sms_size`` is the part count it billed, summed into ``ReceiptTally.parts``.
Messages the daily statistics count but no receipt answered (receipts not set up, or not come
yet) are *estimated*: their number times the parts a message of that account took on average,
from its receipts of the period, else from the contents of its stored records, else one part.
Such a figure is marked as an estimate, and so is every cost: the price is the configured list
price per part (``DYSMS_<NAME>_PRICE_PER_PART``, core.accounts), before packages and discounts.
Parts with a receipt are priced where they went (``Account.price_in`` their tally's region: the
mainland's price, or ``PRICES_ABROAD``'s for the country); estimated parts, whose destination
nobody knows, at the mainland's price.

Read-only: one grouped query over the tallies per table, a sample of stored contents only for an
account without receipts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from core.accounts import Account
from deliveries.selectors import records_parts_average
from rates.accounts_statistics import AccountStatistics
from rates.models import ReceiptTally


@dataclass(frozen=True)
class CostLine:
    """One day or template: its messages, the delivered ones, the parts billed (exact from
    receipts, plus the estimate for messages without one) and their cost per currency."""

    key: str
    messages: int
    delivered: int
    parts: int
    estimated_parts: int
    costs: tuple[tuple[str, Decimal], ...]

    @property
    def estimated(self) -> bool:
        return self.estimated_parts > 0

    def cost_per_delivered(self) -> tuple[tuple[str, Decimal], ...]:
        if not self.delivered:
            return ()
        return tuple((currency, amount / self.delivered) for currency, amount in self.costs)


@dataclass(frozen=True)
class Costs:
    days: tuple[CostLine, ...]
    templates: tuple[CostLine, ...]
    total: CostLine
    priced: bool  # at least one account has a price per part
    template_names: Mapping[str, str]  # code -> name, from the stored template lists


# (account, messages, delivered, parts, estimated parts, what the receipts' parts cost)
Lines = list[tuple[str, int, int, int, int, Decimal]]
# (account, key) -> (receipts, delivered, parts, what those parts cost)
Tallied = dict[tuple[str, str], tuple[int, int, int, Decimal]]


def costs_read(
    *,
    start: date,
    end: date,
    accounts: Sequence[Account],
    statistics: Iterable[AccountStatistics],
    tallied: Iterable[tuple],
    template_names: Mapping[str, str],
) -> Costs:
    """The period's parts and costs of ``accounts``, with their statistics for the estimate.
    ``tallied``: the period's tallies as ``rates.breakdowns.period_rows`` gives them (the costs
    per template come from them); ``template_names``: code -> name, from the template lists."""
    names = [account.name for account in accounts]
    priced = {account.name: account for account in accounts if account.price_per_part is not None}
    receipts = _tallied_days(start, end, names, priced)
    averages = _averages(receipts, start=start, end=end, names=names)
    sent = {(one.account, row.day.isoformat()): row for one in statistics for row in one.rows}
    days = []
    for key in sorted({day for _, day in sent} | {day for _, day in receipts}, reverse=True):
        lines: Lines = []
        for name in names:
            messages, delivered, parts, cost = receipts.get((name, key), (0, 0, 0, Decimal(0)))
            row = sent.get((name, key))
            unanswered = max((row.total_count if row else 0) - messages, 0)
            delivered = max(delivered, row.responded_success_count if row else 0)
            estimate = round(unanswered * averages[name])
            lines.append((name, messages + unanswered, delivered, parts, estimate, cost))
        days.append(_line(key, lines, priced))
    return Costs(
        days=tuple(day for day in days if day.messages),
        templates=_template_lines(_by_template(tallied, priced), priced),
        total=_total(days),
        priced=bool(priced),
        template_names=template_names,
    )


def _tallied_days(
    start: date, end: date, names: Sequence[str], priced: Mapping[str, Account]
) -> Tallied:
    """(account, ISO day) -> (receipts, delivered, parts, cost) of the pushed receipts."""
    found = (
        ReceiptTally.objects.filter(day__gte=start, day__lte=end, account__in=names)
        .values_list("account", "day", "region")
        .annotate(
            messages=Sum("count"),
            delivered=Sum("count", filter=Q(success=True), default=0),
            parts=Sum("parts"),
        )
        .order_by()
    )
    return _summed(
        ((name, str(day), region, m, d, p) for name, day, region, m, d, p in found), priced
    )


def _by_template(tallied: Iterable[tuple], priced: Mapping[str, Account]) -> Tallied:
    """(account, template) -> (receipts, delivered, parts, cost) from the period's tallies."""
    return _summed(
        (
            (account, template, region, receipts, receipts if success else 0, parts)
            for account, template, _, region, success, _, receipts, parts in tallied
        ),
        priced,
    )


def _summed(rows: Iterable[tuple], priced: Mapping[str, Account]) -> Tallied:
    """Sum ``(account, key, region, receipts, delivered, parts)`` rows by account and key, each
    region's parts at their price."""
    sums: dict[tuple[str, str], list] = defaultdict(lambda: [0, 0, 0, Decimal(0)])
    for account, key, region, receipts, delivered, parts in rows:
        line = sums[(account, key)]
        line[0] += receipts
        line[1] += delivered
        line[2] += parts
        if account in priced:
            line[3] += parts * (priced[account].price_in(region) or Decimal(0))
    return {key: (m, d, p, cost) for key, (m, d, p, cost) in sums.items()}


def _template_lines(templates: Tallied, priced: Mapping[str, Account]) -> tuple[CostLine, ...]:
    by_template: dict[str, Lines] = defaultdict(list)
    for (name, code), (messages, delivered, parts, cost) in templates.items():
        by_template[code].append((name, messages, delivered, parts, 0, cost))
    lines = [_line(code, each, priced) for code, each in by_template.items()]
    return tuple(sorted(lines, key=lambda line: (-line.parts, line.key)))


def _averages(
    receipts: Tallied,
    *,
    start: date,
    end: date,
    names: Sequence[str],
) -> dict[str, float]:
    """Parts per message of each account: its receipts', its stored contents', or one."""
    counted: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (name, _), (messages, _, parts, _) in receipts.items():
        counted[name][0] += messages
        counted[name][1] += parts
    averages = {}
    for name in names:
        messages, parts = counted[name]
        if messages:
            averages[name] = parts / messages
        else:
            stored = records_parts_average(account=name, start=start, end=end)
            averages[name] = stored if stored is not None else 1.0
    return averages


def _line(key: str, lines: Lines, priced: Mapping[str, Account]) -> CostLine:
    """A day's or template's line; estimated parts at the mainland's price."""
    costs: dict[str, Decimal] = defaultdict(Decimal)
    for name, _, _, _, estimate, cost in lines:
        if name in priced:
            account = priced[name]
            costs[account.currency] += cost + estimate * (account.price_per_part or Decimal(0))
    return CostLine(
        key=key,
        messages=sum(line[1] for line in lines),
        delivered=sum(line[2] for line in lines),
        parts=sum(line[3] for line in lines),
        estimated_parts=sum(line[4] for line in lines),
        costs=tuple(sorted(costs.items())),
    )


def _total(lines: Sequence[CostLine]) -> CostLine:
    costs: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        for currency, amount in line.costs:
            costs[currency] += amount
    return CostLine(
        key="",
        messages=sum(line.messages for line in lines),
        delivered=sum(line.delivered for line in lines),
        parts=sum(line.parts for line in lines),
        estimated_parts=sum(line.estimated_parts for line in lines),
        costs=tuple(sorted(costs.items())),
    )
