"""/stats/ for 90 days with 2 million stored receipts, on PostgreSQL: target under 300 ms.

Issue 16's breakdowns (failure codes, carriers, provinces, latency, costs, today by the hour)
read the receipts' tallies (``rates.tallies``: a few hundred rows a day) rather than the
receipts; this measures that the page stays fast when the receipts table is big.

**The store** (``--database-url``, PostgreSQL, made with ``createdb``; built once, kept for the
next run): migrated, then
``--receipts`` receipts (2,000,000) spread over the 90 days up to now, made inside the database
by ``INSERT ... SELECT generate_series`` from a pool of 5,000 numbers of every carrier (their
carrier and province worked out once by ``rates.places`` and kept on each receipt, as a push
would), one in 20 failed,
one in 7 of two parts, receipt delays of 1 to 600 s, stored in the order of their send as pushes
would store them; the tallies and latencies are then
counted from them by ``GROUP BY`` exactly as ``rates.tallies`` would have counted them push by
push (latencies in ``latency_bucket``'s steps), so the page reads what a live install would
hold. The 90 days of statistics come from the in-process sandbox through the app's own
``statistics_refresh``; ``STATS_FRESH_SECONDS`` is a day, so no timed request calls upstream.

**The measure**: the page for the 90 days through Django's whole stack (the test client,
in-process, a Manager, production settings: DEBUG off), the local-memory cache emptied before
each request so that nothing drawn is reused: the median and p90 of ``--requests`` (30) views,
and the same with ``day=`` (a day picked, its breakdowns narrowed).

    .venv/bin/python bench/stats_receipts.py \\
        --database-url postgres://postgres@127.0.0.1:5432/smsadmin_bench_stats \\
        [--requests 30] [--rebuild]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import timed, timed_line  # noqa: E402
from bench.export import configure  # noqa: E402

DAYS = 90
TARGET_MS = 300.0
POOL = 5000
# Mobile, Unicom, Telecom and virtual operators' prefixes: every carrier in the breakdowns.
PREFIXES = ("134", "138", "139", "150", "182", "130", "156", "186", "133", "153", "189", "170")


def build(receipts: int, *, rebuild: bool) -> None:
    from django.db import connection

    from rates.models import SmsReceipt

    if SmsReceipt.objects.count() >= receipts and not rebuild:
        print(f"store: {SmsReceipt.objects.count():,} receipts already there")
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in ("rates_smsreceipt", "rates_receipttally", "rates_receiptlatency"):
            cursor.execute(f"TRUNCATE {table}")
        cursor.execute("DROP TABLE IF EXISTS bench_phone")
        cursor.execute("CREATE TABLE bench_phone (n int, phone text, carrier text, region text)")
        cursor.executemany("INSERT INTO bench_phone VALUES (%s, %s, %s, %s)", _pool())
        cursor.execute(_RECEIPTS, [receipts, POOL, DAYS * 86400])
        cursor.execute(_TALLIES)
        cursor.execute(_LATENCIES)
        cursor.execute("DROP TABLE bench_phone")
        cursor.execute("ANALYZE rates_smsreceipt; ANALYZE rates_receipttally")
    print(
        f"store: {receipts:,} receipts and their tallies in {time.perf_counter() - started:.0f} s"
    )


def _pool():
    from rates.places import receipt_place

    chosen = random.Random(16)
    for n in range(POOL):
        phone = f"{chosen.choice(PREFIXES)}{chosen.randrange(10**8):08d}"
        yield (n, phone, *receipt_place(phone))


_RECEIPTS = """
INSERT INTO rates_smsreceipt (account, phone_number, send_time, report_time, success, err_code,
                              err_msg, sms_size, biz_id, out_id, received_at, carrier, region)
SELECT 'default', p.phone, s.sent, s.sent + make_interval(secs => 1 + (g * 37) %% 600),
       g %% 20 <> 0,
       CASE WHEN g %% 20 <> 0 THEN 'DELIVERED' WHEN g %% 3 = 0 THEN 'MOBILE_NOT_ON_SERVICE'
            WHEN g %% 3 = 1 THEN 'UNDELIV' ELSE 'MK:0001' END,
       '', CASE WHEN g %% 7 = 0 THEN 2 ELSE 1 END, g::text || '^0', '', s.sent, p.carrier, p.region
FROM generate_series(1::bigint, %s) AS g
JOIN bench_phone p ON p.n = g %% %s
CROSS JOIN LATERAL (SELECT now() - make_interval(secs => (g * 7919) %% %s) AS sent) s
ORDER BY s.sent
"""
_DAY = "(r.send_time AT TIME ZONE 'Asia/Shanghai')::date"
_TALLIES = f"""
INSERT INTO rates_receipttally (account, day, template_code, carrier, region, success, err_code,
                                count, parts)
SELECT r.account, {_DAY}, '', p.carrier, p.region, r.success,
       CASE WHEN r.success THEN '' ELSE r.err_code END, count(*), sum(r.sms_size)
FROM rates_smsreceipt r JOIN bench_phone p ON p.phone = r.phone_number
GROUP BY 1, 2, 4, 5, 6, 7
"""
_LATENCIES = f"""
INSERT INTO rates_receiptlatency (account, day, template_code, seconds, count)
SELECT account, day, '', CASE WHEN s < 60 THEN s WHEN s < 300 THEN s - s % 5 ELSE s - s % 60 END,
       count(*)
FROM (SELECT r.account, {_DAY} AS day,
             least(greatest(extract(epoch FROM r.report_time - r.send_time)::int, 0), 3600) AS s
      FROM rates_smsreceipt r) AS latencies
GROUP BY 1, 2, 4
"""


def prepare():
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from access.roles import MANAGER, ensure_roles
    from rates.models import Globe
    from rates.services import statistics_refresh

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    ensure_roles()
    manager, _ = User.objects.get_or_create(username="bench-stats-receipts")
    manager.groups.set(Group.objects.filter(name=MANAGER))
    today = timezone.localdate()
    start = today - timedelta(days=DAYS - 1)
    statistics_refresh(start=start, end=today, globe=Globe.DOMESTIC)
    client = Client()
    client.force_login(manager)
    return client, f"/stats/?date={start}&date_to={today}", today - timedelta(days=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--receipts", type=int, default=2_000_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="make the store again")
    args = parser.parse_args()
    import os

    os.environ.update(STATS_FRESH_SECONDS="86400", STATS_MAX_DAYS=str(DAYS))
    configure(args.database_url)
    client, url, yesterday = prepare()
    build(args.receipts, rebuild=args.rebuild)
    from django.core.cache import cache

    timed(client, url, 3)  # warm
    print(f"/stats/ for {DAYS} days, {args.receipts:,} receipts, PostgreSQL,", end=" ")
    print(f"target {TARGET_MS:.0f} ms")
    for label, page in (("the period", url), ("a day picked", f"{url}&day={yesterday}")):
        print(timed_line(label, timed(client, page, args.requests, before=cache.clear), TARGET_MS))


if __name__ == "__main__":
    main()
