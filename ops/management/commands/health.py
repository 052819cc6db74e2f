"""``manage.py health``: the detailed /healthz report on the command line.

Exit status 1 when anything is down, the cache included (which /healthz calls "degraded"
and answers 200): `make test-production` relies on it to see whether Redis is there.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from core.health import health_report


class Command(BaseCommand):
    help = "Check the database and the cache this configuration uses (no call upstream)."
    requires_system_checks = []

    def handle(self, *args, **options):
        report = health_report()
        self.stdout.write(json.dumps(report, indent=2))
        if report["down"]:
            raise CommandError(f"Down: {', '.join(report['down'])}")
