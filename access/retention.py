"""Retention: stored SMS data and the audit trail are kept only so long.

Run daily by ``manage.py purge`` (cron). Audit entries are append-only for everyone
else; this bulk delete of expired rows is the one way they leave the database.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from access.audit import audit_record
from access.models import Action, AuditEntry
from deliveries.models import Fetch, SmsRecord
from rates.models import SmsReceipt

TOO_SHORT = "{name} must be at least 1 (days); it is {days}. Nothing was deleted."
PURGE_USER = "purge"  # the audit entry's username: the retention job, not a person


class RetentionTooShort(ValueError):
    """A retention period below one day: a purge would erase everything, so none runs."""


@dataclass(frozen=True)
class Purged:
    fetches: int
    records: int
    receipts: int
    audit_entries: int


def retention_purge(*, now: datetime | None = None) -> Purged:
    """Delete SMS records, fetches and receipts older than RECORDS_RETENTION_DAYS and audit
    entries older than AUDIT_RETENTION_DAYS (both counted back from ``now``).

    The settings refuse periods below one day at start-up; this checks again, since a
    purge is the one irreversible bulk delete. Each purge leaves an audit entry saying what
    it deleted and how many, written in the same transaction (so it survives its own purge).
    """
    for name in ("RECORDS_RETENTION_DAYS", "AUDIT_RETENTION_DAYS"):
        days = getattr(settings, name)
        if not isinstance(days, int) or days < 1:
            raise RetentionTooShort(TOO_SHORT.format(name=name, days=days))
    now = now or timezone.now()
    records_cutoff = now - timedelta(days=settings.RECORDS_RETENTION_DAYS)
    first_kept_day = timezone.localtime(records_cutoff).date()
    audit_cutoff = now - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic():
        records, _ = SmsRecord.objects.filter(send_day__lt=first_kept_day).delete()
        fetches, _ = Fetch.objects.filter(day__lt=first_kept_day).delete()
        receipts, _ = SmsReceipt.objects.filter(send_time__lt=records_cutoff).delete()
        # QuerySet.delete does not call AuditEntry.delete(), which refuses on purpose.
        entries, _ = AuditEntry.objects.filter(at__lt=audit_cutoff).delete()
        purged = Purged(fetches=fetches, records=records, receipts=receipts, audit_entries=entries)
        audit_record(
            None,
            Action.PURGE,
            username=PURGE_USER,
            filters={
                **asdict(purged),
                "records_retention_days": settings.RECORDS_RETENTION_DAYS,
                "audit_retention_days": settings.AUDIT_RETENTION_DAYS,
            },
        )
    return purged
