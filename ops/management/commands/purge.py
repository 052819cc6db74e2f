"""``manage.py purge``: apply the retention periods (run it daily from cron).

Each app deletes its own rows (``deliveries.retention``, ``rates.services``,
``access.retention``); this command decides the cut-offs, runs the three in one transaction and
writes the purge's audit entry in it, so a purge is all or nothing and always accounted for.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from access.audit import audit_record
from access.models import Action
from access.retention import audit_purge
from deliveries.retention import records_purge, replies_purge
from rates.services import receipts_purge

TOO_SHORT = "{name} must be at least 1 (days); it is {days}. Nothing was deleted."
PURGE_USER = "purge"  # the audit entry's username: the retention job, not a person
DONE = (
    "Purged {fetches} fetches and {records} SMS records older than {record_days} days, "
    "{receipts} receipts, {replies} replies, "
    "and {audit_entries} audit entries older than {audit_days} days."
)


class RetentionTooShort(ValueError):
    """A retention period below one day: a purge would erase everything, so none runs."""


@dataclass(frozen=True)
class Purged:
    fetches: int
    records: int
    receipts: int
    replies: int
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
    audit_cutoff = now - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic():
        store = records_purge(first_kept_day=timezone.localtime(records_cutoff).date())
        purged = Purged(
            fetches=store.fetches,
            records=store.records,
            receipts=receipts_purge(before=records_cutoff),
            replies=replies_purge(before=records_cutoff),
            audit_entries=audit_purge(before=audit_cutoff),
        )
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


class Command(BaseCommand):
    help = (
        "Delete stored SMS records, receipts and replies older than RECORDS_RETENTION_DAYS (30) "
        "and audit entries older than AUDIT_RETENTION_DAYS (180)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            purged = retention_purge()
        except RetentionTooShort as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            DONE.format(
                **asdict(purged),
                record_days=settings.RECORDS_RETENTION_DAYS,
                audit_days=settings.AUDIT_RETENTION_DAYS,
            )
        )
