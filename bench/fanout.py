"""How well upstream calls overlap: a 30-day range against one single-day search, 80 ms a call.

The dashboard's search covers one day; a range is many single-day fetches.
This measures, with the standalone sandbox answering in ``--latency-ms``:

- one single-day fetch (one page): the unit;
- a busy day of several pages (page 1, then the rest concurrently, as
  ``records_refresh`` fetches them): wall time against the unit;
- 30 days of one number, fetched one day after the other, and fetched
  ``RECORDS_FETCH_CONCURRENCY`` days at a time: wall time against the unit.

Only upstream time is measured (``services.fetch_day``), not the store writes.

    .venv/bin/python bench/fanout.py [--latency-ms 80]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(function, repeat: int = 1) -> float:
    """The median wall time of ``repeat`` runs."""
    from bench.common import median

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=int, default=80)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smsadmin.settings")
    import django

    django.setup()
    from django.conf import settings

    from bench.common import sandbox_process
    from deliveries.dysms.client import DysmsClient
    from deliveries.dysms.records import CHINA_TZ
    from deliveries.dysms.sandbox import DEMO_CREDENTIALS, RESERVED_NUMBERS
    from deliveries.dysms.sandbox.generator import day_messages
    from deliveries.services import PAGE_SIZE, fetch_day

    today = datetime.now(CHINA_TZ).date()
    yesterday = today - timedelta(days=1)
    days = [today - timedelta(days=n) for n in range(30)]
    numbers = (f"1350000{n:04d}" for n in range(10_000))
    candidates = [phone for phone in numbers if phone not in RESERVED_NUMBERS]
    quiet = next(p for p in candidates if 1 <= len(day_messages(p, yesterday)) <= PAGE_SIZE)
    busy = max(candidates[:3000], key=lambda p: len(day_messages(p, yesterday)))
    busy_pages = -(-len(day_messages(busy, yesterday)) // PAGE_SIZE)
    workers = settings.RECORDS_FETCH_CONCURRENCY

    with sandbox_process(args.latency_ms) as endpoint:
        client = DysmsClient(DEMO_CREDENTIALS, endpoint=endpoint)
        client.query_send_details(quiet, yesterday)  # warm the connection pool

        one = timed(lambda: fetch_day(client, phone=quiet, day=yesterday), repeat=5)
        busy_day = timed(lambda: fetch_day(client, phone=busy, day=yesterday), repeat=3)
        in_turn = timed(lambda: [fetch_day(client, phone=quiet, day=d) for d in days])

        def together():
            with ThreadPoolExecutor(max_workers=workers) as pool:
                list(pool.map(lambda d: fetch_day(client, phone=quiet, day=d), days))

        concurrent = timed(together)

    print(f"Upstream fan-out, sandbox {args.latency_ms} ms per call, loopback")
    print(f"  one day, 1 page:                {one * 1000:7.0f} ms  (the unit)")
    print(
        f"  one busy day, {busy_pages} pages:         {busy_day * 1000:7.0f} ms  "
        f"ratio {busy_day / one:.2f} (sequential would be {busy_pages:.0f})"
    )
    print(f"  30 days, one after the other:   {in_turn * 1000:7.0f} ms  ratio {in_turn / one:.1f}")
    print(
        f"  30 days, {workers} at a time:          {concurrent * 1000:7.0f} ms  "
        f"ratio {concurrent / one:.1f} (ideal {30 / workers:.1f})"
    )


if __name__ == "__main__":
    main()
