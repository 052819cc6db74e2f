"""``manage.py dysms_sandbox_incident``: an incident in the sandbox's traffic, so a manager can
watch an alert fire and recover while ``make run`` runs (its ``dysms_sandbox_traffic`` reads
the incidents on every tick; dysms_sandbox.incidents says what each kind does)::

    manage.py dysms_sandbox_incident --kind degrade --minutes 20 --template SMS_271935402
    manage.py dysms_sandbox_incident --kind pump --minutes 15 --prefix 1700
    manage.py dysms_sandbox_incident --kind silence --minutes 30
    manage.py dysms_sandbox_incident --list
    manage.py dysms_sandbox_incident --end

The incidents are a JSON file in ``SANDBOX_STATE_DIR`` (default ``.sandbox/``).
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.accounts import configured_accounts
from dysms_sandbox.incidents import (
    KINDS,
    PUMP,
    Incident,
    incidents_ended,
    incidents_read,
    incidents_write,
)

ADDED = "{kind} from {start:%H:%M} to {end:%H:%M}{what}{where}."
NO_INCIDENT = "No incident."
ENDED = "Every incident ended."


class Command(BaseCommand):
    help = "Degrade a template, pump a prefix or stop receipts in the sandbox's traffic."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=KINDS)
        parser.add_argument("--minutes", type=float, default=15.0)
        parser.add_argument("--template", default="", help="degrade: this template only")
        parser.add_argument("--prefix", default="1700", help="pump: the numbers' prefix")
        parser.add_argument("--account", default="", help="one account (default: every one)")
        parser.add_argument("--list", action="store_true", help="list the incidents")
        parser.add_argument("--end", action="store_true", help="end every incident now")

    def handle(self, *args, **options) -> None:
        directory, now = settings.SANDBOX_STATE_DIR, timezone.now()
        incidents = incidents_read(directory)
        if options["end"]:
            incidents_write(directory, incidents_ended(incidents, now))
            self.stdout.write(ENDED)
        elif options["list"]:
            for one in incidents:
                self.stdout.write(self._described(one, now))
            if not incidents:
                self.stdout.write(NO_INCIDENT)
        else:
            incident = self._incident(options, now)
            incidents_write(directory, (*incidents, incident))
            self.stdout.write(self._described(incident, now))

    def _incident(self, options: dict, now) -> Incident:
        if not options["kind"]:
            raise CommandError("Say --kind degrade|pump|silence (or --list, --end).")
        if not 0 < options["minutes"] <= 24 * 60:
            raise CommandError("--minutes is more than 0 and at most a day (1440).")
        if options["kind"] == PUMP and not re.fullmatch(r"\d{1,10}", options["prefix"]):
            raise CommandError("--prefix is digits, such as 1700.")
        names = {account.name for account in configured_accounts()}
        if options["account"] and options["account"] not in names:
            raise CommandError(f"No account {options['account']!r}: {', '.join(sorted(names))}.")
        return Incident(
            kind=options["kind"],
            start=now,
            end=now + timedelta(minutes=options["minutes"]),
            account=options["account"],
            template=options["template"] if options["kind"] == "degrade" else "",
            prefix=options["prefix"] if options["kind"] == PUMP else "",
        )

    def _described(self, incident: Incident, now) -> str:
        local = timezone.get_current_timezone()
        what = f" of {incident.template or 'every template'}" if incident.kind == "degrade" else ""
        what = f" to {incident.prefix}…" if incident.kind == PUMP else what
        where = f" on {incident.account}" if incident.account else ""
        state = "" if incident.end > now else " (over)"
        text = ADDED.format(
            kind=incident.kind,
            start=incident.start.astimezone(local),
            end=incident.end.astimezone(local),
            what=what,
            where=where,
        )
        return text[:-1] + state + "."
