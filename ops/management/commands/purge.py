"""``manage.py purge``: apply the retention periods (run it daily from cron)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from access.retention import RetentionTooShort, retention_purge

DONE = (
    "Purged {fetches} fetches and {records} SMS records older than {record_days} days, "
    "{receipts} receipts, and {audit_entries} audit entries older than {audit_days} days."
)


class Command(BaseCommand):
    help = (
        "Delete stored SMS records and receipts older than RECORDS_RETENTION_DAYS (30) "
        "and audit entries older than AUDIT_RETENTION_DAYS (180)."
    )

    def handle(self, *args, **options) -> None:
        try:
            purged = retention_purge()
        except RetentionTooShort as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            DONE.format(
                fetches=purged.fetches,
                records=purged.records,
                receipts=purged.receipts,
                audit_entries=purged.audit_entries,
                record_days=settings.RECORDS_RETENTION_DAYS,
                audit_days=settings.AUDIT_RETENTION_DAYS,
            )
        )
