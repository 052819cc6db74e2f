"""The final outcomes of the stored records of a period, counted, for the rates page's
breakdowns where no delivery receipt was pushed (receipts not set up, or none for those days).

Stored records are only the numbers somebody searched, so these figures describe those numbers
and the page says so. A send searched twice (a whole day, then by BizId) is stored twice; it
counts once: each group counts distinct sends by their natural key (``send_key``, which hashes
the phone among the rest, and ``ordinal``: ``record_keys``). Both counts are one grouped query
(records are kept ``RECORDS_RETENTION_DAYS``, 30 by default): a mainland number is grouped by
its first seven digits, which decide its carrier and province, another by the whole number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Concat, Length, Substr

from deliveries.models import SmsRecord, Status

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
        .annotate(sends=_distinct_sends())
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
    waited = ExpressionWrapper(F("receive_time") - F("send_time"), output_field=DurationField())
    found = (
        _final(start, end, accounts)
        .filter(status=Status.DELIVERED, send_time__isnull=False, receive_time__isnull=False)
        .annotate(waited=waited)
        .values_list("send_day", "template_code", "waited")
        .annotate(sends=_distinct_sends())
        .order_by()
    )
    return tuple(
        LatencyCount(day=day, template_code=template, seconds=_seconds(waited), sends=sends)
        for day, template, waited, sends in found
    )


def _final(start: date, end: date, accounts: Sequence[str]) -> QuerySet[SmsRecord]:
    return SmsRecord.objects.filter(
        send_day__gte=start, send_day__lte=end, account__in=accounts
    ).exclude(status=Status.WAITING)


def _distinct_sends() -> Count:
    key = Concat("send_key", Value(":"), "ordinal", output_field=CharField())
    return Count(key, distinct=True)


def _seconds(waited: timedelta | int) -> int:
    """SQLite hands a duration back as microseconds, PostgreSQL as a ``timedelta``."""
    if isinstance(waited, timedelta):
        return int(waited.total_seconds())
    return int(waited) // 1_000_000
