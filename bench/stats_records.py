"""/stats/ without receipts, its breakdowns from 1 million stored records: target under 300 ms.

Where no receipt was pushed for the period, the rates page counts its failure codes, carriers,
provinces and latency from the stored records (``rates.record_figures``: two grouped queries
over the period's records, each send counted once). Records are kept 30 days, so this measures
the page for those 30 days over the store of ``bench/export.py`` (``--background-rows
1000000``: about a million records of 80 numbers, no receipts), on PostgreSQL.

**The measure**: the page for the 30 days through Django's whole stack (the test client,
in-process, a Manager, production settings), the local-memory cache emptied before each
request: the median and p90 of ``--requests`` (20) views, and the same with ``day=``. The
statistics come from the in-process sandbox through ``statistics_refresh`` first;
``STATS_FRESH_SECONDS`` is a day, so no timed request calls upstream.

    .venv/bin/python bench/export.py \\
        --database-url postgres://postgres@127.0.0.1:5432/smsadmin_export \\
        --background-rows 1000000 --repeat 1      # builds the store once
    .venv/bin/python bench/stats_records.py \\
        --database-url postgres://postgres@127.0.0.1:5432/smsadmin_export [--requests 20]
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import timed, timed_line  # noqa: E402
from bench.export import configure  # noqa: E402

DAYS = 30
TARGET_MS = 300.0


def prepare():
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from access.roles import MANAGER, ensure_roles
    from deliveries.models import SmsRecord
    from rates.models import Globe, SmsReceipt
    from rates.services import statistics_refresh

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    if SmsReceipt.objects.exists():
        raise SystemExit("the store holds receipts: the page would not read the records")
    ensure_roles()
    manager, _ = User.objects.get_or_create(username="bench-stats-records")
    manager.groups.set(Group.objects.filter(name=MANAGER))
    today = timezone.localdate()
    start = today - timedelta(days=DAYS - 1)
    statistics_refresh(start=start, end=today, globe=Globe.DOMESTIC)
    records = SmsRecord.objects.filter(send_day__gte=start).count()
    client = Client()
    client.force_login(manager)
    return client, f"/stats/?date={start}&date_to={today}", today - timedelta(days=1), records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    os.environ.update(STATS_FRESH_SECONDS="86400")
    configure(args.database_url)
    client, url, yesterday, records = prepare()
    from django.core.cache import cache

    page = client.get(url).content.decode()
    if 'id="from-records"' not in page:
        raise SystemExit("the page did not count the stored records")
    timed(client, url, 3)  # warm
    print(f"/stats/ for {DAYS} days from {records:,} stored records, no receipts, PostgreSQL,")
    print(f"  target {TARGET_MS:.0f} ms")
    for label, address in (("the period", url), ("a day picked", f"{url}&day={yesterday}")):
        times = timed(client, address, args.requests, before=cache.clear)
        print(timed_line(label, times, TARGET_MS))


if __name__ == "__main__":
    main()
