"""``manage.py dysms_sandbox_traffic``: the sandbox's receipts and replies, pushed into the store.

Alibaba Cloud pushes an account's delivery receipts (SmsReport) and its customers' replies
(SmsUp) to the dashboard; the sandbox has no one to push them. This command does it for every
configured account on the in-process sandbox (``DYSMS_ENDPOINT=sandbox``), through the same
functions the push endpoints store with (``receipts_store``, ``replies_store``), with what the
sandbox account behind it says came (dysms_sandbox.pushes): the receipts of the last
``--backfill-hours`` first, then, every ``--every`` seconds, what came since the last push,
until interrupted. Pushing a receipt or a reply twice stores it once, so a restart or an
overlap loses and doubles nothing. ``make run`` runs it beside the development server.

Each push reads the sandbox's incidents (``dysms_sandbox_incident``: a degraded template, a
pumped prefix, receipts that stop) from ``SANDBOX_STATE_DIR`` and pushes what they change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from time import sleep

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from core.accounts import configured_accounts
from core.clients import sandbox_account
from deliveries.services import replies_store
from dysms_sandbox.incidents import incidents_read
from dysms_sandbox.pushes import receipts_between, replies_between
from rates.services import receipts_store

NOT_SANDBOX = '{name}: not on the in-process sandbox (endpoint "sandbox"); nothing to push.'
UNKNOWN_PAIR = "{name}: the sandbox does not know its AccessKey pair; nothing to push."
NOTHING = "No account is on the sandbox: no receipts or replies to push."
PUSHED = "{name} ({sandbox}): {receipts} new receipts, {replies} new replies"
EVERY = "Pushing what comes every {every:g} s; stop with Ctrl-C."
STORE_FAILED = "The store failed ({error}); the next push brings the same again."


@dataclass(frozen=True)
class Feed:
    """A dashboard account and the sandbox account whose traffic it is."""

    name: str
    sandbox: str


class Command(BaseCommand):
    help = "Push the sandbox's delivery receipts and replies into the store, as Alibaba Cloud does."

    def add_arguments(self, parser):
        parser.add_argument(
            "--backfill-hours",
            type=float,
            default=24.0,
            help="first push what came in this many hours before now (default 24)",
        )
        parser.add_argument(
            "--every",
            type=float,
            default=0.0,
            metavar="SECONDS",
            help="then push what came since, every SECONDS, until stopped (default: once)",
        )

    def handle(self, *args, backfill_hours: float, every: float, **options) -> None:
        if backfill_hours < 0 or every < 0:
            raise CommandError("--backfill-hours and --every cannot be negative")
        feeds = self._feeds()
        if not feeds:
            self.stdout.write(NOTHING)
            return
        since = timezone.now() - timedelta(hours=backfill_hours)
        since = self._push(feeds, since, verbose=True)
        if not every:
            return
        self.stdout.write(EVERY.format(every=every))
        verbose, parent = options["verbosity"] >= 2, os.getppid()
        try:
            # Until Ctrl-C, or until whoever started it is gone (make run's shell, killed).
            while os.getppid() == parent:
                sleep(every)
                since = self._push(feeds, since, verbose=verbose)
        except KeyboardInterrupt:
            pass

    def _feeds(self) -> list[Feed]:
        feeds = []
        for account in configured_accounts():
            sandbox = sandbox_account(account)
            if sandbox is not None:
                feeds.append(Feed(account.name, sandbox))
            elif account.is_sandbox:
                self.stdout.write(UNKNOWN_PAIR.format(name=account.name))
            else:
                self.stdout.write(NOT_SANDBOX.format(name=account.name))
        return feeds

    def _push(self, feeds: list[Feed], since: datetime, *, verbose: bool) -> datetime:
        """Push what came in ``[since, now)`` to each feed; returns where the next push starts:
        that ``now``, or ``since`` again when the store failed (the next push brings it all)."""
        now = timezone.now()
        incidents = incidents_read(settings.SANDBOX_STATE_DIR)
        try:
            for feed in feeds:
                ours = tuple(one for one in incidents if one.account in ("", feed.name))
                self._push_feed(feed, since, now, ours, verbose=verbose)
        except DatabaseError as error:
            self.stderr.write(STORE_FAILED.format(error=type(error).__name__))
            return since
        return now

    def _push_feed(
        self, feed: Feed, since: datetime, now: datetime, incidents: tuple, *, verbose: bool
    ) -> None:
        receipts = receipts_store(
            receipts_between(feed.sandbox, since, now, incidents), account=feed.name, now=now
        )
        replies = replies_store(
            replies_between(feed.sandbox, since, now), account=feed.name, now=now
        )
        if verbose:
            counts = {"receipts": receipts, "replies": replies}
            self.stdout.write(PUSHED.format(name=feed.name, sandbox=feed.sandbox, **counts))
