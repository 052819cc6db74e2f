"""The cached 30-day search of a busy number against its cached one-day page, on a big store.

    .venv/bin/python bench/range_page.py --database-url postgres://postgres@127.0.0.1:5432/NAME \
        [--requests 40] [--redis-url redis://127.0.0.1:6379/N] [--explain]

The store is the one ``bench/store_build.py`` builds (millions of rows, and ``13800000999``'s
420 sends a day for the 30 days before its build day). Both pages go through Django's whole
request stack in-process (the test client), as a Support agent, DEBUG off, the production
settings over that database, and Redis or the local-memory cache: the search page of the newest
day (50 rows of 420) and of the 30 days (the same first 50 rows, of 12,600). Neither calls
upstream: every day is a final fetch (checked: no fetch changes during the run).

The 30 days end the day before the build, and the service's window is today and the 29 days
before, so the pages are asked with the clock on that last day (time-machine, ticking), as
the store's oldest day was fetched. Prints the median server time of each, the ratio, and
each page's number of queries and time in SQL; ``--explain`` the plans of their record queries
(the 30 days also sorted by send time, and its last page).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import timed  # noqa: E402
from bench.store_build import BUSY_DAYS, BUSY_NUMBER, use_store_profile  # noqa: E402


def queries_of(client, url: str) -> tuple[int, float]:
    """How many queries one request of ``url`` makes, and their time in milliseconds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured), sum(float(q["time"]) for q in captured.captured_queries) * 1000


def explain(client, url: str) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every query of one request of ``url`` that reads records."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    print(f"EXPLAIN of {url}")
    for query in captured.captured_queries:
        if "deliveries_smsrecord" not in query["sql"]:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            plan = [row[0] for row in cursor.fetchall()]
        print(f"  {query['sql'][:160]} ...")
        print("\n".join(f"    {line}" for line in plan))


def busy_days():
    """The busy number's stored days (newest last), checked: 30 days in a row, all final."""
    from deliveries.models import Fetch
    from dysms.values import CHINA_TZ

    # Days before today only: bench/export.py stores today's day, which is never final yet.
    today = datetime.now(CHINA_TZ).date()
    fetches = list(
        Fetch.objects.filter(phone=BUSY_NUMBER, biz_id="", day__lt=today).order_by("day")
    )
    days = [fetch.day for fetch in fetches][-BUSY_DAYS:]
    if len(days) < BUSY_DAYS or (days[-1] - days[0]).days != BUSY_DAYS - 1:
        raise SystemExit(f"range_page: {BUSY_NUMBER} has no 30 days stored: run store_build.py")
    if not all(fetch.is_final() for fetch in fetches[-BUSY_DAYS:]):
        raise SystemExit(f"range_page: some day of {BUSY_NUMBER} is not final: rebuild the store")
    return days[0], days[-1], {fetch.pk: fetch.fetched_at for fetch in fetches}


def agent_client():
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from access.roles import SUPPORT, ensure_roles

    ensure_roles()
    agent, _ = User.objects.get_or_create(username="bench-range")
    agent.groups.add(Group.objects.get(name=SUPPORT))  # searching is the Support role's
    client = Client()
    client.force_login(agent)
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="", help="the local-memory cache without it")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument(
        "--explain", action="store_true", help="print the record queries' plans of both pages"
    )
    args = parser.parse_args()
    use_store_profile(args.database_url, redis_url=args.redis_url)
    import django

    django.setup()
    import time_machine
    from django.core.management import call_command

    from bench.common import median
    from deliveries.models import Fetch
    from dysms.values import CHINA_TZ

    call_command("collectstatic", "--noinput", verbosity=0)
    first, last, fetched = busy_days()
    one_day = f"/?phone={BUSY_NUMBER}&date={last.isoformat()}"
    days30 = f"/?phone={BUSY_NUMBER}&date={first.isoformat()}&date_to={last.isoformat()}"
    with time_machine.travel(datetime.combine(last, clock(12), tzinfo=CHINA_TZ), tick=True):
        client = agent_client()
        timed(client, one_day, 5)
        timed(client, days30, 5)
        ones, ranges = [], []
        for _ in range(max(1, args.requests // 5)):  # interleaved, so drift hits both alike
            ones += timed(client, one_day, 5)
            ranges += timed(client, days30, 5)
        one_queries, range_queries = queries_of(client, one_day), queries_of(client, days30)
        if args.explain:
            for url in (one_day, days30, f"{days30}&sort=send_time", f"{days30}&page=252"):
                explain(client, url)
    now = dict(Fetch.objects.filter(pk__in=fetched).values_list("pk", "fetched_at"))
    assert now == fetched, "a fetch of the busy number changed: the pages were not cached"
    cache = "Redis" if args.redis_url else "local-memory cache"
    print(f"Cached search page of {BUSY_NUMBER}, {len(ones)} requests each, in-process, {cache}")
    report("one day (420 rows), page 1", ones, one_queries)
    report(f"{BUSY_DAYS} days ({first:%m-%d} to {last:%m-%d}), page 1", ranges, range_queries)
    print(f"  ratio 30 days / one day: {median(ranges) / median(ones):.2f}")


def report(label: str, times: list[float], queries: tuple[int, float]) -> None:
    from bench.common import median

    count, sql_ms = queries
    spent = f"{count} queries, {sql_ms:.1f} ms in SQL"
    print(f"  {label:<34} median {median(times) * 1000:7.1f} ms  ({spent})")


if __name__ == "__main__":
    main()
