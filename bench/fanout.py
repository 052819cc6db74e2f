"""How well upstream calls overlap: a 30-day range search against one single-day search.

The standalone sandbox answers every call in ``--latency-ms`` (80 ms). Every
figure goes through the product's own path, with a throwaway SQLite database
and the client the settings build (``DYSMS_ENDPOINT`` = the sandbox, the demo
AccessKey, the circuit breaker):

- ``records_refresh_range`` with ``force=True`` (what Refresh does): one day of
  one page, the unit; one busy day of several pages (page 1, then the rest at
  once); 30 days one day at a time (``RECORDS_DAYS_CONCURRENCY=1``); 30 days
  ``RECORDS_DAYS_CONCURRENCY`` at a time (the setting's value). Upstream calls,
  parsing and storing the rows included.
- The search page itself (``/?phone=..&date=..&date_to=..``, in-process through
  the whole middleware stack, a logged-in Support user), for a number with
  nothing stored: what an agent waits for on a first search of one day and of
  30 days, rendering included.

The number searched receives at most 50 messages on each of the 30 days, so every day
is one call.

    .venv/bin/python bench/fanout.py [--latency-ms 80] [--repeat 5]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import median, sandbox_process, use_throwaway_embedded_profile  # noqa: E402

RANGE_DAYS = 30


def timed(function, repeat: int, before=None) -> float:
    """The median wall time of ``repeat`` runs of ``function`` (``before`` runs untimed)."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return median(times)


def one_page_every_day(days, page_size: int) -> str:
    """A number with at most ``page_size`` messages on each of ``days`` (one call a day)."""
    from dysms_sandbox import RESERVED_NUMBERS
    from dysms_sandbox.generator import day_messages

    for n in range(10_000):
        phone = f"1350000{n:04d}"
        if phone not in RESERVED_NUMBERS and all(
            len(day_messages(phone, day)) <= page_size for day in days
        ):
            return phone
    raise RuntimeError(f"no number with one page on each of {len(days)} days")


def busiest(day) -> str:
    from dysms_sandbox import RESERVED_NUMBERS
    from dysms_sandbox.generator import day_messages

    candidates = (f"1350000{n:04d}" for n in range(3000))
    return max(
        (phone for phone in candidates if phone not in RESERVED_NUMBERS),
        key=lambda phone: len(day_messages(phone, day)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=int, default=80)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    use_throwaway_embedded_profile(dropped=("DYSMS_SANDBOX_LATENCY_MS",))

    with sandbox_process(args.latency_ms) as endpoint:
        from dysms_sandbox import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

        os.environ.update(
            DYSMS_ENDPOINT=endpoint,
            ALIBABA_CLOUD_ACCESS_KEY_ID=DEMO_ACCESS_KEY_ID,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET=DEMO_ACCESS_KEY_SECRET,
        )
        import django

        django.setup()
        figures = measure(args.repeat)

    unit, busy_pages, busy, in_turn, together, page_one, page_range = figures
    from django.conf import settings

    lanes = settings.RECORDS_DAYS_CONCURRENCY
    ideal = RANGE_DAYS / lanes
    busy_ideal = 1 + math.ceil((busy_pages - 1) / settings.RECORDS_FETCH_CONCURRENCY)

    def line(label: str, seconds: float, note: str) -> None:
        print(f"    {label:<26}{seconds * 1000:6.0f} ms  {note}")

    print(f"Range fan-out, sandbox {args.latency_ms} ms per call, loopback, SQLite store")
    print("  records_refresh_range(force=True), the search's own path:")
    line("one day, 1 page:", unit, "(the unit)")
    line(
        f"one busy day, {busy_pages} pages:",
        busy,
        f"ratio {busy / unit:.2f} (ideal {busy_ideal}, sequential {busy_pages})",
    )
    line(f"{RANGE_DAYS} days, 1 at a time:", in_turn, f"ratio {in_turn / unit:.1f}")
    line(
        f"{RANGE_DAYS} days, {lanes} at a time:",
        together,
        f"ratio {together / unit:.1f} (ideal {ideal:.1f})",
    )
    print("  search page, a first search (nothing stored), Support user, rendering included:")
    line("one day:", page_one, "(the unit)")
    line(
        f"{RANGE_DAYS} days:",
        page_range,
        f"ratio {page_range / page_one:.1f} (ideal {ideal:.1f})",
    )
    print(
        f"  ideal {ideal:.1f} = {RANGE_DAYS} days / {lanes} in flight "
        f"(RECORDS_DAYS_CONCURRENCY), no lane ever idle; whole calls make it "
        f"{math.ceil(ideal)} rounds"
    )


def measure(repeat: int) -> tuple:
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.utils import timezone

    from access.roles import SUPPORT, ensure_roles
    from deliveries.fetching import PAGE_SIZE
    from deliveries.models import Fetch
    from deliveries.services import RecordSearch, records_refresh_range

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)

    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    first = today - timedelta(days=RANGE_DAYS - 1)
    days = [today - timedelta(days=n) for n in range(RANGE_DAYS)]
    quiet = one_page_every_day(days, PAGE_SIZE)
    busy_phone = busiest(yesterday)
    from dysms_sandbox.generator import day_messages

    busy_pages = math.ceil(len(day_messages(busy_phone, yesterday)) / PAGE_SIZE)

    def refresh(phone, first_day, last_day, calls: int) -> None:
        search = RecordSearch(phone=phone, first=first_day, last=last_day)
        result = records_refresh_range(search=search, force=True)
        assert not result.troubled, (result.failure, result.late_days)
        fetches = result.fetches
        assert len(fetches) == (last_day - first_day).days + 1, len(fetches)
        made = sum(len(f.request_ids) for f in fetches)
        assert made == calls, (made, calls)  # one call a page, no retries

    refresh(quiet, yesterday, yesterday, 1)  # warm up: connection pool, imports, SQLite
    unit = timed(lambda: refresh(quiet, yesterday, yesterday, 1), repeat)
    busy = timed(lambda: refresh(busy_phone, yesterday, yesterday, busy_pages), repeat)
    with override_settings(RECORDS_DAYS_CONCURRENCY=1):
        in_turn = timed(lambda: refresh(quiet, first, today, RANGE_DAYS), 1)
    together = timed(lambda: refresh(quiet, first, today, RANGE_DAYS), repeat)

    ensure_roles()
    agent = User.objects.create(username="bench-support")
    agent.groups.add(Group.objects.get(name=SUPPORT))
    client = Client()
    client.force_login(agent)

    def forget() -> None:  # a first search: nothing of this number in the store
        Fetch.objects.filter(phone=quiet).delete()

    def page(query: str, stored_days: int) -> None:
        response = client.get(f"/?phone={quiet}&{query}")
        assert response.status_code == 200, response.status_code
        text = response.content.decode()
        assert 'id="summary"' in text and 'role="alert"' not in text, "no results, or a banner"
        assert Fetch.objects.filter(phone=quiet).count() == stored_days

    one_day = f"date={yesterday.isoformat()}"
    thirty = f"date={first.isoformat()}&date_to={today.isoformat()}"
    forget()
    page(one_day, 1)  # warm up: templates, session
    page_one = timed(lambda: page(one_day, 1), repeat, before=forget)
    page_range = timed(lambda: page(thirty, RANGE_DAYS), repeat, before=forget)
    return unit, busy_pages, busy, in_turn, together, page_one, page_range


if __name__ == "__main__":
    main()
