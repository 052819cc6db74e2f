"""The final outcomes of the stored records of a period, counted, for the rates page's
breakdowns where no delivery receipt was pushed (receipts not set up, or none for those days).

Stored records are only the numbers somebody searched, so these figures describe those numbers
and the page says so. A send searched twice (its whole day, then by its BizId) is stored twice;
it counts once: a BizId search's records count only where their number's whole day was not
searched (a BizId's sends are some of that day's, and two BizIds share none). Those searches
are found in the fetches (a row per number and day searched) and their records left out by
fetch, so the grouped count is one plain scan: counting distinct natural keys instead, or
asking the fetches row by row, took two to five times as long on a million records.
Both counts are one grouped query: a mainland number is grouped by its first seven digits,
which decide its carrier and province, another by the whole number. Days before the records'
retention (``RECORDS_RETENTION_DAYS``) hold none, and are not read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    When,
)
from django.db.models.functions import Length, Substr
from django.utils import timezone

from deliveries.models import Fetch, SmsRecord, Status

MAINLAND = Q(phone__startswith="1") & Q(phone_length=11)


@dataclass(frozen=True)
class OutcomeCount:
    """Sends of one account, template, number range (``number``: the first seven digits of a
    mainland number, else the whole number) and outcome."""

    account: str
    template_code: str
    number: str
    delivered: bool
    err_code: str
    sends: int


@dataclass(frozen=True)
class LatencyCount:
    """Delivered sends of one day and template whose receipt came ``seconds`` after the send."""

    day: date
    template_code: str
    seconds: int
    sends: int


def records_outcome_counts(
    *, start: date, end: date, accounts: Sequence[str]
) -> tuple[OutcomeCount, ...]:
    """The stored sends with a final word (still waiting ones are left out), counted."""
    found = (
        _final(start, end, accounts)
        .annotate(phone_length=Length("phone"))
        .annotate(
            number=Case(When(MAINLAND, then=Substr("phone", 1, 7)), default=F("phone")),
        )
        .values_list("account", "template_code", "number", "status", "err_code")
        .annotate(sends=Count("id"))
        .order_by()
    )
    return tuple(
        OutcomeCount(
            account=account,
            template_code=template,
            number=number,
            delivered=status == Status.DELIVERED,
            err_code="" if status == Status.DELIVERED else err_code,
            sends=sends,
        )
        for account, template, number, status, err_code, sends in found
    )


def records_latency_counts(
    *, start: date, end: date, accounts: Sequence[str]
) -> tuple[LatencyCount, ...]:
    """The delivered stored sends with both times, by day, template and seconds to receipt."""
    found = (
        _final(start, end, accounts)
        .filter(status=Status.DELIVERED, send_time__isnull=False, receive_time__isnull=False)
        .annotate(waited=SecondsBetween("send_time", "receive_time"))
        .values_list("send_day", "template_code", "waited")
        .annotate(sends=Count("id"))
        .order_by()
    )
    return tuple(
        LatencyCount(day=day, template_code=template, seconds=waited, sends=sends)
        for day, template, waited, sends in found
    )


def _final(start: date, end: date, accounts: Sequence[str]) -> QuerySet[SmsRecord]:
    """The period's records with a final word, each send once (see above)."""
    kept = timezone.localdate() - timedelta(days=settings.RECORDS_RETENTION_DAYS)
    if end < kept:
        return SmsRecord.objects.none()
    records = SmsRecord.objects.filter(
        send_day__gte=start, send_day__lte=end, account__in=accounts
    ).exclude(status=Status.WAITING)
    twice = _searched_twice(start, end, accounts)
    return records.exclude(fetch_id__in=twice) if twice else records


def _searched_twice(start: date, end: date, accounts: Sequence[str]) -> list[int]:
    """The BizId searches of the period whose number's whole day was searched too."""
    whole_day = Fetch.objects.filter(
        account=OuterRef("account"), phone=OuterRef("phone"), day=OuterRef("day"), biz_id=""
    )
    return list(
        Fetch.objects.filter(day__gte=start, day__lte=end, account__in=accounts)
        .exclude(biz_id="")
        .filter(Exists(whole_day))
        .values_list("id", flat=True)
    )


class SecondsBetween(Func):
    """Whole seconds from the first time to the second, computed by the database (SQLite or
    PostgreSQL): grouping by it reads the records once, where grouping by the difference as an
    interval took twice as long on PostgreSQL. Stored times are whole seconds: rounding is exact."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        (earlier, earlier_params), (later, later_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        if connection.vendor == "sqlite":
            difference = f"(julianday({later}) - julianday({earlier})) * 86400"
        else:
            difference = f"EXTRACT(EPOCH FROM ({later} - {earlier}))"
        return f"CAST(ROUND({difference}) AS integer)", [*later_params, *earlier_params]
