"""The final outcomes of the stored records of a period, for the rates page's breakdowns where
no delivery receipt was pushed (receipts not set up, or none for those days).

Stored records are only the numbers somebody searched, so these figures describe those numbers
and the page says so. A send searched twice (a whole day, then by BizId) is stored twice; it
counts once, by its natural key (``record_keys``), with the row that has its final word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from deliveries.models import SmsRecord, Status

FIELDS = (
    "account",
    "phone",
    "send_key",
    "ordinal",
    "send_day",
    "template_code",
    "status",
    "err_code",
    "send_time",
    "receive_time",
)


@dataclass(frozen=True)
class RecordOutcome:
    """One send's final word: delivered or failed (with its code), and for a delivered one the
    seconds from send to receipt where both times are known."""

    account: str
    phone: str
    day: date
    template_code: str
    delivered: bool
    err_code: str
    seconds: int | None


def records_outcomes(
    *, start: date, end: date, accounts: Sequence[str]
) -> tuple[RecordOutcome, ...]:
    """The stored sends of ``accounts`` from ``start`` to ``end`` that have a final word (still
    waiting ones are left out), each once."""
    found = (
        SmsRecord.objects.filter(send_day__gte=start, send_day__lte=end, account__in=accounts)
        .exclude(status=Status.WAITING)
        .values_list(*FIELDS, named=True)
        .order_by()
        .iterator(chunk_size=2000)
    )
    sends = {}
    for row in found:
        sends.setdefault((row.account, row.phone, row.send_key, row.ordinal), row)
    return tuple(_outcome(row) for row in sends.values())


def _outcome(row) -> RecordOutcome:
    delivered = row.status == Status.DELIVERED
    seconds = None
    if delivered and row.send_time and row.receive_time:
        seconds = int((row.receive_time - row.send_time).total_seconds())
    return RecordOutcome(
        account=row.account,
        phone=row.phone,
        day=row.send_day,
        template_code=row.template_code,
        delivered=delivered,
        err_code="" if delivered else row.err_code,
        seconds=seconds,
    )
