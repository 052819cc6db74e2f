"""How well upstream calls overlap: 30-day range searches against one single-day search.

The standalone sandbox answers every call in ``--latency-ms`` (80 ms). Every
figure goes through the product's own path, with a throwaway SQLite database
(or the PostgreSQL database of ``--database-url``) and the client the settings
build (``DYSMS_ENDPOINT`` = the sandbox, the demo AccessKey, the circuit breaker):

- ``records_refresh_range`` with ``force=True`` (what Refresh does): one day of
  one page, the unit; one busy day of several pages (page 1, then the rest at
  once); 30 days of an ordinary number (one page a day) one day at a time
  (``RECORDS_DAYS_CONCURRENCY=1``) and ``RECORDS_DAYS_CONCURRENCY`` at a time
  (the setting's value). Upstream calls, parsing and storing the rows included.
- The busy fan-out: 30 days of ``13800000999`` (420 sends a day, nine pages:
  270 calls), once refreshed over what is stored (Refresh) and once with nothing
  stored (every row inserted), at the configured concurrency and at 4 days x 4
  pages (the defaults before issue 13), each against its ideal: the rounds of
  calls the days and pages in flight allow, times the unit.
- The search page itself (``/?phone=..&date=..&date_to=..``, in-process through
  the whole middleware stack, a logged-in Support user), for a number with
  nothing stored: what an agent waits for on a first search of one day and of
  30 days, rendering included.

Each line also gives the CPU time of this process (every thread; the sandbox
is another process) and how many connections the client's pool discarded
("Connection pool is full"). With ``--profile`` the busy fan-out runs once more
under cProfile in every thread (thread CPU time, so waiting counts nothing).

It runs against older code too (it only calls what the release before issue 13
has): the lead's "before" figures.

    .venv/bin/python bench/fanout.py [--latency-ms 80] [--repeat 5]
        [--database-url postgres://postgres@127.0.0.1:5432/smsadmin_bench] [--profile]

``--database-url`` names a database the benchmark may fill: it migrates it and
deletes the stored fetches of the numbers it searches.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PYTHON,
    ROOT,
    free_port,
    use_throwaway_embedded_profile,
    wait_for_port,
)

RANGE_DAYS = 30
BUSY = "13800000999"  # the sandbox's reserved number of 420 sends a day
OLD_DEFAULTS = (4, 4)  # RECORDS_DAYS_CONCURRENCY, RECORDS_FETCH_CONCURRENCY before issue 13


# The standalone sandbox with a listen backlog of 1024. Its server listened with
# socketserver's 5 before issue 13: a client opening 30 connections at once had the rest of
# its SYNs dropped and sent again a second later, a stall of the harness and not of the
# client (Alibaba Cloud's endpoint has no such backlog), so the old code is measured with
# the same sandbox as the new.
SERVE = """
import sys
from dysms_sandbox import Sandbox, serve
server = serve("127.0.0.1", int(sys.argv[1]), Sandbox(latency=int(sys.argv[2]) / 1000))
server.socket.listen(1024)
server.serve_forever()
"""


@contextmanager
def sandbox_process(latency_ms: int):
    """The sandbox on a free port in its own process; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [PYTHON, "-c", SERVE, str(port), str(latency_ms)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@dataclass
class Figure:
    seconds: float  # median wall time
    cpu: float  # median CPU time of this process, every thread
    discarded: float  # connections the pool discarded, per run


class DiscardCounter(logging.Handler):
    """Counts urllib3's "Connection pool is full, discarding connection" warnings."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "pool is full" in record.getMessage():
            self.count += 1


DISCARDS = DiscardCounter()


def timed(function, repeat: int, before=None) -> Figure:
    """Median wall and CPU time of ``repeat`` runs of ``function`` (``before`` runs untimed)."""
    walls, cpus, discarded = [], [], 0
    for _ in range(repeat):
        if before is not None:
            before()
        counted = DISCARDS.count
        start, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        discarded += DISCARDS.count - counted
    return Figure(statistics.median(walls), statistics.median(cpus), discarded / repeat)


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


def pages_of(phone: str, day) -> int:
    """The calls a day of ``phone`` costs now: one per page of 50, at least one."""
    from django.utils import timezone

    from dysms_sandbox.generator import messages_until

    return max(1, math.ceil(len(messages_until(phone, day, timezone.now())) / 50))


def rounds(pages: list[int], days_at_once: int, pages_at_once: int) -> int:
    """Rounds of calls with ``days_at_once`` days in flight, each day page 1 and then its
    other pages ``pages_at_once`` at a time: the ideal, in units of one call."""
    per_day = sorted((1 + math.ceil((p - 1) / pages_at_once) for p in pages), reverse=True)
    return sum(per_day[start] for start in range(0, len(per_day), days_at_once))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=int, default=80)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", help="PostgreSQL to store in (default: SQLite)")
    parser.add_argument("--profile", action="store_true", help="cProfile the busy fan-out")
    args = parser.parse_args()

    use_throwaway_embedded_profile(dropped=("DYSMS_SANDBOX_LATENCY_MS",))
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    pool_log = logging.getLogger("urllib3.connectionpool")
    pool_log.addHandler(DISCARDS)
    pool_log.propagate = False  # counted, not printed

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
        report(figures, args)
        if args.profile:
            profile_busy(figures["days"])


def measure(repeat: int) -> dict:
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)

    from deliveries.fetching import PAGE_SIZE

    today = timezone.localdate()
    days = [today - timedelta(days=n) for n in range(RANGE_DAYS)]
    quiet = one_page_every_day(days, PAGE_SIZE)
    figures = {"days": days, "quiet": quiet}
    figures.update(measure_refreshes(repeat, days, quiet))
    figures.update(measure_busy(repeat, days))
    figures.update(measure_pages(repeat, days, quiet))
    return figures


def refresh(phone, first_day, last_day, calls: int) -> None:
    from deliveries.services import RecordSearch, records_refresh_range

    search = RecordSearch(phone=phone, first=first_day, last=last_day)
    result = records_refresh_range(search=search, force=True)
    assert not result.troubled, (result.failure, result.late_days)
    fetches = result.fetches
    assert len(fetches) == (last_day - first_day).days + 1, len(fetches)
    made = sum(len(f.request_ids) for f in fetches)
    assert made == calls, (made, calls)  # one call a page, no retries


def measure_refreshes(repeat: int, days, quiet: str) -> dict:

    from deliveries.models import Fetch

    today, yesterday, first = days[0], days[1], days[-1]
    busy_phone = busiest(yesterday)
    busy_pages = pages_of(busy_phone, yesterday)
    Fetch.objects.filter(phone__in=[quiet, busy_phone]).delete()
    refresh(quiet, yesterday, yesterday, 1)  # warm up: connection pool, imports, database
    return {
        "unit": timed(lambda: refresh(quiet, yesterday, yesterday, 1), repeat),
        "busy_pages": busy_pages,
        "busy": timed(lambda: refresh(busy_phone, yesterday, yesterday, busy_pages), repeat),
        "in_turn": _in_turn(quiet, first, today),
        "together": timed(lambda: refresh(quiet, first, today, RANGE_DAYS), repeat),
    }


def _in_turn(quiet, first, today) -> Figure:
    from django.test import override_settings

    with override_settings(RECORDS_DAYS_CONCURRENCY=1):
        return timed(lambda: refresh(quiet, first, today, RANGE_DAYS), 1)


def measure_busy(repeat: int, days) -> dict:
    """30 days of the busy number: refreshed over its stored rows, and with nothing stored."""
    from django.conf import settings
    from django.test import override_settings

    from deliveries.models import Fetch

    pages = [pages_of(BUSY, day) for day in days]
    calls = sum(pages)
    thirty = lambda: refresh(BUSY, days[-1], days[0], calls)  # noqa: E731
    forget = lambda: Fetch.objects.filter(phone=BUSY).delete()  # noqa: E731
    settings_now = (settings.RECORDS_DAYS_CONCURRENCY, settings.RECORDS_FETCH_CONCURRENCY)
    figures = {"busy_calls": calls, "busy_day_pages": pages, "busy_runs": []}
    for days_at_once, pages_at_once in dict.fromkeys([settings_now, OLD_DEFAULTS]):
        with override_settings(
            RECORDS_DAYS_CONCURRENCY=days_at_once, RECORDS_FETCH_CONCURRENCY=pages_at_once
        ):
            thirty()  # stored before: the Refresh case
            stored = timed(thirty, repeat)
            empty = timed(thirty, repeat, before=forget)
        figures["busy_runs"].append((days_at_once, pages_at_once, stored, empty))
    return figures


def measure_pages(repeat: int, days, quiet: str) -> dict:
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from access.roles import SUPPORT, ensure_roles
    from deliveries.models import Fetch

    today, yesterday, first = days[0], days[1], days[-1]
    ensure_roles()
    agent, _ = User.objects.get_or_create(username="bench-support")
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
    return {
        "page_one": timed(lambda: page(one_day, 1), repeat, before=forget),
        "page_range": timed(lambda: page(thirty, RANGE_DAYS), repeat, before=forget),
    }


def line(label: str, figure: Figure, note: str) -> None:
    print(
        f"    {label:<30}{figure.seconds * 1000:6.0f} ms  cpu {figure.cpu * 1000:5.0f} ms"
        f"  discarded {figure.discarded:4.0f}  {note}"
    )


def report(figures: dict, args) -> None:
    from django.conf import settings
    from django.db import connection

    lanes, pages_at_once = settings.RECORDS_DAYS_CONCURRENCY, settings.RECORDS_FETCH_CONCURRENCY
    unit = figures["unit"].seconds
    store = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    print(f"Range fan-out, sandbox {args.latency_ms} ms per call, loopback, {store} store")
    print(
        f"  settings: RECORDS_DAYS_CONCURRENCY={lanes}, RECORDS_FETCH_CONCURRENCY={pages_at_once}"
    )
    print("  records_refresh_range(force=True), the search's own path:")
    line("one day, 1 page:", figures["unit"], "(the unit)")
    busy_pages, busy = figures["busy_pages"], figures["busy"]
    busy_ideal = rounds([busy_pages], 1, pages_at_once)
    line(
        f"one busy day, {busy_pages} pages:",
        busy,
        f"ratio {busy.seconds / unit:.2f} (ideal {busy_ideal}, sequential {busy_pages})",
    )
    ones = [1] * RANGE_DAYS
    line(
        f"{RANGE_DAYS} days, 1 at a time:",
        figures["in_turn"],
        f"ratio {figures['in_turn'].seconds / unit:.1f}",
    )
    together = figures["together"]
    line(
        f"{RANGE_DAYS} days, {lanes} at a time:",
        together,
        f"ratio {together.seconds / unit:.1f} (ideal {rounds(ones, lanes, pages_at_once)})",
    )
    report_busy(figures, unit)
    print("  search page, a first search (nothing stored), Support user, rendering included:")
    page_one, page_range = figures["page_one"], figures["page_range"]
    line("one day:", page_one, "(the unit)")
    line(
        f"{RANGE_DAYS} days:",
        page_range,
        f"ratio {page_range.seconds / page_one.seconds:.2f}"
        f" (ideal {rounds(ones, lanes, pages_at_once)} round(s) of calls; target <= 2)",
    )


def report_busy(figures: dict, unit: float) -> None:
    pages = figures["busy_day_pages"]
    print(
        f"  the busy fan-out: {RANGE_DAYS} days of {BUSY} ({max(pages)} pages a day,"
        f" {figures['busy_calls']} calls); ideal = rounds x the unit:"
    )
    for days_at_once, pages_at_once, stored, empty in figures["busy_runs"]:
        ideal_rounds = rounds(pages, days_at_once, pages_at_once)
        ideal = ideal_rounds * unit
        in_flight = f"{days_at_once} days x {pages_at_once} pages"
        print(f"    {in_flight} in flight: ideal {ideal_rounds} rounds = {ideal * 1000:.0f} ms")
        for label, figure in (("refreshed over its rows:", stored), ("nothing stored:", empty)):
            line(
                f"  {label}",
                figure,
                f"÷ ideal {figure.seconds / ideal:.2f}, ÷ max(ideal, cpu)"
                f" {figure.seconds / max(ideal, figure.cpu):.2f} (target <= 1.3)",
            )


def profile_busy(days) -> None:
    """The busy fan-out (nothing stored) once under cProfile in every thread, thread CPU time."""
    import cProfile
    import pstats
    import threading

    from deliveries.models import Fetch

    calls = sum(pages_of(BUSY, day) for day in days)
    Fetch.objects.filter(phone=BUSY).delete()
    profiles = [cProfile.Profile(time.thread_time)]

    def start_in_thread(*_):
        sys.setprofile(None)
        profile = cProfile.Profile(time.thread_time)
        profiles.append(profile)
        profile.enable()

    threading.setprofile(start_in_thread)
    profiles[0].enable()
    try:
        refresh(BUSY, days[-1], days[0], calls)
    finally:
        profiles[0].disable()
        threading.setprofile(None)
    stats = pstats.Stats(profiles[0])
    for profile in profiles[1:]:
        stats.add(profile)
    print(f"\nProfile of the busy fan-out, {len(profiles)} threads, CPU time of each thread:")
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
