"""``manage.py alerts_check``: evaluate every enabled alert rule once (alerts.engine), or with
``--every 60`` again every 60 seconds until stopped (for a container).

From cron, once a minute::

    * * * * * cd /srv/smsadmin && .venv/bin/python manage.py alerts_check

Each run also sends the daily reports whose hour has come (alerts.reports). Runs that overlap,
and several instances, notify once per transition and report once a day: each rule's state row is
locked while its step is decided (alerts.engine). Rules read the stored receipts and the
circuit breaker only, never Alibaba Cloud.
"""

from __future__ import annotations

from time import sleep

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from alerts.engine import rules_check
from alerts.reports import reports_send

CHECKED = "{rule}: {status}{event}{sent}"
FAILED = "The check failed ({error}); the next run reads the rules again."


class Command(BaseCommand):
    help = "Evaluate every enabled alert rule once (or every SECONDS with --every)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            default=0.0,
            metavar="SECONDS",
            help="check again every SECONDS until stopped (default: once)",
        )

    def handle(self, *args, every: float, **options) -> None:
        if every < 0:
            raise CommandError("--every cannot be negative")
        self._check(options["verbosity"])
        try:
            while every:
                sleep(every)
                self._check(options["verbosity"])
        except KeyboardInterrupt:
            pass

    def _check(self, verbosity: int) -> None:
        try:
            checked = rules_check()
            reported = reports_send(now=timezone.now())
        except DatabaseError as error:
            self.stderr.write(FAILED.format(error=type(error).__name__))
            return
        if reported:
            self.stdout.write(f"{reported} daily reports sent")
        for one in checked:
            if verbosity >= 2 or one.event:
                event = f", {one.event}" if one.event else ""
                sent = f", {one.sent} sent, {one.failed} failed" if one.sent or one.failed else ""
                self.stdout.write(
                    CHECKED.format(rule=one.rule, status=one.status, event=event, sent=sent)
                )
