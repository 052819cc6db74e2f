"""Retention of the record store: the days older than ``RECORDS_RETENTION_DAYS`` leave.

``manage.py purge`` (ops) runs this with the other apps' purges, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from deliveries.models import Fetch, SmsRecord
from deliveries.replies import replies_purge as replies_purge


@dataclass(frozen=True)
class RecordsPurged:
    records: int
    fetches: int


def records_purge(*, first_kept_day: date) -> RecordsPurged:
    """Delete the records sent, and the fetches of days, before ``first_kept_day`` (China time).

    Whole days go: a search's day is kept or dropped with all its records, so no stored day
    is ever half there.
    """
    records, _ = SmsRecord.objects.filter(send_day__lt=first_kept_day).delete()
    fetches, _ = Fetch.objects.filter(day__lt=first_kept_day).delete()
    return RecordsPurged(records=records, fetches=fetches)
