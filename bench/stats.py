"""The delivery-rates page (/stats/) for 90 days stored, against the 120 ms target.

In-process through Django's whole request stack (every middleware, the session, the
role check, the audit entry) with the test client, logged in as a Manager, a throwaway
SQLite database and the local-memory cache, so the figure is server time without the
network. The 90 days are stored once, before any timing, by the app's own
``statistics_refresh`` from the in-process sandbox; ``STATS_FRESH_SECONDS`` is set to a
day, so no request fetches the settling days again while the benchmark runs.

Two figures, the median of each:

- **the page as a manager opens it again**: the period's statistics stored, the page
  asked for as before (whatever the page keeps between requests kept);
- **the first view after a fetch**: the same request with Django's cache emptied before
  each one, so anything the page keeps in the cache (the drawn charts) is made again. On
  code that keeps nothing there (before issue 13), both figures measure the same thing.

    .venv/bin/python bench/stats.py [--requests 100] [--first-views 20] [--profile]
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import timed  # noqa: E402

DAYS = 90
TARGET_MS = 120.0


def setup_site():
    """Settings for a throwaway instance, Django set up, tables made; returns a Manager's client."""
    from bench.common import use_throwaway_embedded_profile

    use_throwaway_embedded_profile(dropped=("ALIBABA_CLOUD_ACCESS_KEY_ID",))
    os.environ.update(DYSMS_ENDPOINT="sandbox", STATS_FRESH_SECONDS="86400")
    os.environ["STATS_MAX_DAYS"] = str(DAYS)
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client

    from access.roles import MANAGER, ensure_roles

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    ensure_roles()
    manager = User.objects.create(username="bench-manager")
    manager.groups.add(Group.objects.get(name=MANAGER))
    client = Client()
    client.force_login(manager)
    return client


def store_days() -> str:
    """Store the last 90 days through the app's refresh; returns the page's URL for them."""
    from django.utils import timezone

    from rates.models import DailyStatistics, Globe
    from rates.services import statistics_refresh

    today = timezone.localdate()
    start = today - timedelta(days=DAYS - 1)
    rows = statistics_refresh(start=start, end=today, globe=Globe.DOMESTIC)
    assert len(rows) == DAYS, len(rows)
    assert DailyStatistics.objects.count() == DAYS
    return f"/stats/?date={start.isoformat()}&date_to={today.isoformat()}"


def profile(client, url: str, count: int) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    timed(client, url, count)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--first-views", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="cProfile the page instead")
    args = parser.parse_args()

    client = setup_site()
    from django.core.cache import cache

    from bench.common import median

    url = store_days()
    timed(client, url, 10)  # warm: templates loaded, translations read, the cache filled
    if args.profile:
        profile(client, url, args.requests)
        return
    again = timed(client, url, args.requests)
    first = timed(client, url, args.first_views, before=cache.clear)

    print(f"/stats/ for {DAYS} days stored, Manager, in-process, target {TARGET_MS:.0f} ms")
    for label, times in (("opened again", again), ("first view after a fetch", first)):
        ms = median(times) * 1000
        print(
            f"  {label + ':':26} median {ms:7.2f} ms of {len(times):3d}"
            f"   ratio to target {ms / TARGET_MS:.2f}"
        )


if __name__ == "__main__":
    main()
