"""``manage.py refresh_templates``: ask every account for its template and signature lists now.

The search page asks by itself once the stored lists are ``TEMPLATE_LIST_FRESH_SECONDS`` old;
this is for a template approved a minute ago, or a first install that should not wait for the
first page view. A failed account keeps its stored lists, says why and makes the exit status 1.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from core.accounts import configured_accounts
from deliveries.selectors import catalogue_read
from deliveries.services import catalogue_refresh

STORED = "{account}: {templates} templates, {signs} signatures stored."
FAILED = "{account}: not fetched ({problem}); the stored lists are kept."


class Command(BaseCommand):
    help = "Fetch every account's SMS template and signature lists from Alibaba Cloud now."

    def add_arguments(self, parser):
        parser.add_argument("--account", help="Only this account (its name in DYSMS_ACCOUNTS).")

    def handle(self, *args, **options):
        names = [account.name for account in configured_accounts()]
        if options["account"]:
            if options["account"] not in names:
                raise CommandError(f"No account {options['account']!r} is configured.")
            names = [options["account"]]
        failures = catalogue_refresh(accounts=names, force=True)
        for name in names:
            if name in failures:
                problem = getattr(failures[name], "code", "") or type(failures[name]).__name__
                self.stderr.write(FAILED.format(account=name, problem=problem))
                continue
            stored = catalogue_read(accounts=[name])
            templates, signs = len(stored.templates), len(stored.signs)
            self.stdout.write(STORED.format(account=name, templates=templates, signs=signs))
        if failures:
            raise CommandError("Some accounts' lists could not be fetched.", returncode=1)
