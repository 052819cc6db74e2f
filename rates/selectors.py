"""Read-only queries of the delivery-rates page (period totals, the per-template breakdown) and
the figures the alerts read (a window of receipts, a day's report)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, Q, QuerySet, Sum

from deliveries.selectors import receipt_template_code
from rates.latency import latency_by
from rates.models import DailyStatistics, ReceiptTally, SmsReceipt, ratio

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


def with_template_code(receipts: QuerySet[SmsReceipt]) -> QuerySet[SmsReceipt]:
    """Annotate receipts with ``template_code``, from the stored record each one matches."""
    return receipts.annotate(
        template_code=receipt_template_code(
            account="account",
            biz_id="biz_id",
            phone="phone_number",
            send_time="send_time",
            out_id="out_id",
        )
    )


# The figures of the alert rules (alerts.readings): a window of receipts, counted in one query.


@dataclass(frozen=True)
class WindowCount:
    receipts: int
    delivered: int

    @property
    def failed(self) -> int:
        return self.receipts - self.delivered


def _window(since: datetime, until: datetime, accounts: tuple[str, ...] | None):
    receipts = SmsReceipt.objects.filter(send_time__gte=since, send_time__lt=until)
    return receipts.filter(account__in=accounts) if accounts is not None else receipts


def receipts_window_count(
    *, since: datetime, until: datetime, accounts: tuple[str, ...] | None = None
) -> WindowCount:
    """Receipts of the sends in ``[since, until)``, and how many of them were delivered."""
    counts = _window(since, until, accounts).aggregate(
        receipts=Count("id"), delivered=Count("id", filter=Q(success=True))
    )
    return WindowCount(counts["receipts"], counts["delivered"])


def receipts_window_by_template(
    *, since: datetime, until: datetime, accounts: tuple[str, ...] | None = None
) -> dict[str, WindowCount]:
    """The same per template code (of the stored record each receipt matches; "" for none)."""
    groups = (
        with_template_code(_window(since, until, accounts))
        .values("template_code")
        .annotate(receipts=Count("id"), delivered=Count("id", filter=Q(success=True)))
        .order_by()
    )
    return {
        group["template_code"] or "": WindowCount(group["receipts"], group["delivered"])
        for group in groups
    }


def tallies_by_template(
    *, start: date, end: date, accounts: tuple[str, ...] | None = None
) -> dict[str, WindowCount]:
    """Receipts per template code of the days ``start`` to ``end``, from the tallies."""
    tallies = ReceiptTally.objects.filter(day__gte=start, day__lte=end)
    if accounts is not None:
        tallies = tallies.filter(account__in=accounts)
    groups = (
        tallies.values("template_code")
        .annotate(receipts=Sum("count"), delivered=Sum("count", filter=Q(success=True)))
        .order_by()
    )
    return {
        group["template_code"]: WindowCount(group["receipts"] or 0, group["delivered"] or 0)
        for group in groups
    }


def receipts_to_prefix_count(
    *, since: datetime, until: datetime, prefix: str, accounts: tuple[str, ...] | None = None
) -> int:
    """Receipts of sends in ``[since, until)`` to numbers starting with ``prefix``."""
    return _window(since, until, accounts).filter(phone_number__startswith=prefix).count()


def receipts_to_region_count(
    *, since: datetime, until: datetime, region: str, accounts: tuple[str, ...] | None = None
) -> int:
    """Receipts of sends in ``[since, until)`` to a province or country (``rates.places``
    keys, as each receipt keeps its own)."""
    return _window(since, until, accounts).filter(region=region).count()


def tallies_to_region_count(
    *, start: date, end: date, region: str, accounts: tuple[str, ...] | None = None
) -> int:
    tallies = ReceiptTally.objects.filter(day__gte=start, day__lte=end, region=region)
    if accounts is not None:
        tallies = tallies.filter(account__in=accounts)
    return tallies.aggregate(total=Sum("count"))["total"] or 0


def receipts_last_received(*, accounts: tuple[str, ...] | None = None) -> datetime | None:
    """When the latest stored receipt arrived (None: never)."""
    receipts = SmsReceipt.objects.all()
    if accounts is not None:
        receipts = receipts.filter(account__in=accounts)
    return receipts.aggregate(last=Max("received_at"))["last"]


@dataclass(frozen=True)
class DayReport:
    """One day's receipts (from the tallies): delivered, the top failure codes and the template
    whose p90 latency was the longest (code, seconds), for the alerts' daily report."""

    receipts: int
    delivered: int
    failures: tuple[tuple[str, int], ...]
    slowest: tuple[str, int] | None


def receipts_day_report(*, day: date, accounts: tuple[str, ...]) -> DayReport:
    tallies = ReceiptTally.objects.filter(day=day, account__in=accounts)
    grouped = tallies.values_list("success", "err_code").annotate(total=Sum("count")).order_by()
    delivered = sum(total for success, _, total in grouped if success)
    failed = Counter({code: total for success, code, total in grouped if not success})
    latencies = latency_by(start=day, end=day, accounts=accounts, by="template_code")
    timed = [(value.p90, str(code)) for code, value in latencies.items() if code and value.p90]
    slowest = max(timed, default=None)
    return DayReport(
        receipts=sum(total for _, _, total in grouped),
        delivered=delivered,
        failures=tuple(failed.most_common(TOP_FAILURE_CODES)),
        slowest=(slowest[1], slowest[0]) if slowest else None,
    )
