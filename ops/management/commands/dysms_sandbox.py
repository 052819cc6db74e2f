"""``manage.py dysms_sandbox``: run the Dysmsapi sandbox on an HTTP port until Ctrl-C."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dysms.values import CHINA_TZ
from dysms_sandbox import (
    DEMO_ACCOUNT,
    DEMO_ACCOUNT_CREDENTIALS,
    RESERVED_NUMBERS,
    Sandbox,
    serve,
)
from dysms_sandbox.accounts import RESERVED_KEY_PAIRS
from dysms_sandbox.generator import messages_until


class Command(BaseCommand):
    help = "Run the Dysmsapi sandbox (send records, statistics, templates, signatures) over HTTP."
    # The sandbox needs neither the database nor the dashboard's URLs and models.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--latency-ms",
            type=int,
            default=settings.DYSMS_SANDBOX_LATENCY_MS,
            help="simulated answer time of every call, in milliseconds",
        )
        parser.add_argument(
            "--show",
            nargs=2,
            metavar=("PHONE", "YYYYMMDD"),
            help="print that day's records with their BizIds instead of serving",
        )
        parser.add_argument(
            "--account",
            default=DEMO_ACCOUNT,
            choices=sorted(DEMO_ACCOUNT_CREDENTIALS),
            help="whose records --show prints (default: the demo account)",
        )

    def handle(self, *args, port, host, latency_ms, show, account, **options):
        if latency_ms < 0:
            raise CommandError("--latency-ms cannot be negative")
        sandbox = Sandbox(latency=latency_ms / 1000)
        if show:
            self._show(sandbox, *show, account=account)
            return
        try:
            server = serve(host, port, sandbox)
        except OSError as error:
            raise CommandError(f"Cannot listen on {host}:{port}: {error.strerror}") from None
        bound_host, bound_port = server.server_address[:2]
        # The demo pairs only open the sandbox and are published in docs/sandbox.md,
        # so printing their secrets here is safe and saves a trip to the docs.
        self.stdout.write(f"Dysmsapi sandbox on http://{bound_host}:{bound_port}/")
        self.stdout.write("  accounts and their public demo pairs (AccessKeyId / AccessKeySecret):")
        for name, pair in DEMO_ACCOUNT_CREDENTIALS.items():
            self.stdout.write(f"    {name:<15} {pair.access_key_id} / {pair.access_key_secret}")
        self.stdout.write(f"  latency: {latency_ms} ms; reserved numbers:")
        for number, description in RESERVED_NUMBERS.items():
            self.stdout.write(f"    {number}  {description}")
        self.stdout.write("  reserved AccessKeyIds (secrets in docs/sandbox.md):")
        for key_id, description in RESERVED_KEY_PAIRS.items():
            self.stdout.write(f"    {key_id}  {description}")
        self.stdout.write("Quit with Ctrl-C.")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            self.stdout.write("Stopping the sandbox.")
        finally:
            server.server_close()

    def _show(self, sandbox: Sandbox, phone: str, day_text: str, *, account: str) -> None:
        try:
            day = datetime.strptime(day_text, "%Y%m%d").date()
        except ValueError:
            raise CommandError("the day must be written YYYYMMDD") from None
        now = sandbox.now()
        messages = messages_until(phone, day, now, account=account)
        self.stdout.write(
            f"{len(messages)} records for {phone} on {day} (China time) from {account}, "
            "newest first"
        )
        for message in messages:
            status = message.status_at(now).label
            sent = message.send_time.astimezone(CHINA_TZ).strftime("%H:%M:%S")
            self.stdout.write(f"  {message.biz_id:<22} {sent} {status:<9} {message.content}")
