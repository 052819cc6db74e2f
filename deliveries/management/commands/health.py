"""``manage.py health``: the /healthz report on the command line; exit status 1 when down."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from deliveries.health import health_report


class Command(BaseCommand):
    help = "Check the database and the cache this configuration uses (no call upstream)."
    requires_system_checks = []

    def handle(self, *args, **options):
        report = health_report()
        self.stdout.write(json.dumps(report, indent=2))
        if report["down"]:
            raise CommandError(f"Down: {', '.join(report['down'])}")
