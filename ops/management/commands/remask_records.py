"""``manage.py remask_records``: recompute the stored masked contents (after a rules change)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from deliveries.stored_masking import records_remask

DONE = "{count} stored contents re-masked."


class Command(BaseCommand):
    help = (
        "Recompute every stored record's masked content with the current masking rules; "
        "run it after changing access/masking.py (a data migration does the same)."
    )

    def handle(self, *args, **options):
        self.stdout.write(DONE.format(count=records_remask()))
