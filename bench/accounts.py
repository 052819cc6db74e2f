"""A search across three Alibaba Cloud accounts against the same search in one account.

The standalone sandbox answers every call in ``--latency-ms`` (80 ms); the product is configured
with three accounts on it (``DYSMS_ACCOUNTS=demo,shop,global``, the sandbox's three public demo
pairs, so each account has its own traffic, quota, client and circuit breaker). For an ordinary
number of the sandbox (one page a day in every account), it times, with nothing stored
(a first search) and with ``force=True`` over what is stored (Refresh):

- ``records_refresh_range`` for one day and for 7 days, in one account (``accounts=("demo",)``)
  and in all three;
- the search page itself (``/?phone=..&date=..``, in-process through the whole middleware
  stack, a logged-in Support user): one account (``account=demo``) against all three.

The ratio asked for is three accounts ÷ one account (≤ 1.3: the accounts are asked at once, not
one after the other, which would be about 3).

    .venv/bin/python bench/accounts.py [--latency-ms 80] [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import sandbox_process, use_throwaway_embedded_profile  # noqa: E402

ACCOUNTS = ("demo", "shop", "global")
PHONE = "13800000010"  # reserved.ONE_PAGE: 20 sends a day in every account, one page


def configure(endpoint: str) -> None:
    from dysms_sandbox import DEMO_ACCOUNT_CREDENTIALS

    pairs = dict(zip(ACCOUNTS, DEMO_ACCOUNT_CREDENTIALS.values(), strict=True))
    os.environ["DYSMS_ACCOUNTS"] = ",".join(ACCOUNTS)
    for name, pair in pairs.items():
        prefix = f"DYSMS_{name.upper()}_"
        os.environ[prefix + "ENDPOINT"] = endpoint
        os.environ[prefix + "ACCESS_KEY_ID"] = pair.access_key_id
        os.environ[prefix + "ACCESS_KEY_SECRET"] = pair.access_key_secret


def timed(function, repeat: int, before=None) -> float:
    """Median wall time of ``repeat`` runs (``before`` runs untimed before each)."""
    walls = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        function()
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def refresh(accounts: tuple[str, ...], first, last, *, force: bool) -> None:
    from deliveries.services import RecordSearch, records_refresh_range

    search = RecordSearch(phone=PHONE, first=first, last=last, accounts=accounts)
    result = records_refresh_range(search=search, force=force)
    assert not result.troubled, (result.failure, result.late_days)
    assert len(result.fetches) == len(accounts) * ((last - first).days + 1)


def forget() -> None:
    from deliveries.models import Fetch

    Fetch.objects.filter(phone=PHONE).delete()


def measure(repeat: int) -> list[tuple[str, float, float]]:
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from access.roles import SUPPORT, ensure_roles

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    ensure_roles()
    agent = User.objects.create_user("bench-agent")
    agent.groups.add(Group.objects.get(name=SUPPORT))
    browser = Client()
    browser.force_login(agent)
    yesterday = timezone.localdate() - timedelta(days=1)
    week = yesterday - timedelta(days=6)
    refresh(ACCOUNTS, yesterday, yesterday, force=True)  # warm up: pools, imports, database

    def page(**params) -> None:
        query = {"phone": PHONE, "date": yesterday.isoformat(), **params}
        response = browser.get("/", query)
        assert response.status_code == 200 and 'role="alert"' not in response.content.decode()

    def both(run, before) -> tuple[float, float]:
        """(one account, three accounts) for ``run(accounts)``."""
        return tuple(timed(lambda a=a: run(a), repeat, before) for a in (ACCOUNTS[:1], ACCOUNTS))

    rows = []
    for label, first in (("1 day", yesterday), ("7 days", week)):
        for force, kind in ((False, "first search"), (True, "Refresh")):

            def run(accounts, first=first, force=force):
                refresh(accounts, first, yesterday, force=force)

            rows.append(
                (f"records_refresh_range, {label}, {kind}", *both(run, None if force else forget))
            )
    page()  # warm up the page (templates, translations)
    for label, first in (("1 day", yesterday), ("7 days", week)):

        def search(accounts, first=first):
            chosen = {"account": accounts[0]} if len(accounts) == 1 else {}
            page(date=first.isoformat(), date_to=yesterday.isoformat(), **chosen)

        rows.append((f"search page, {label}, first search", *both(search, forget)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=int, default=80)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    use_throwaway_embedded_profile(dropped=("DYSMS_SANDBOX_LATENCY_MS", "DYSMS_ENDPOINT"))
    with sandbox_process(args.latency_ms) as endpoint:
        configure(endpoint)
        import django

        django.setup()
        rows = measure(args.repeat)
    print(
        f"Three accounts against one, sandbox latency {args.latency_ms} ms, median of {args.repeat}"
    )
    print(f"  {'measure':<48} {'1 account':>10} {'3 accounts':>11} {'ratio':>6}")
    for label, one, three in rows:
        print(f"  {label:<48} {one * 1000:>8.0f} ms {three * 1000:>8.0f} ms {three / one:>5.2f}x")
    worst = max(three / one for _, one, three in rows)
    print(f"  worst ratio: {worst:.2f}x (target: at most 1.3x; one account after another: ~3x)")


if __name__ == "__main__":
    main()
