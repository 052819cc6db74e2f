"""Load test of a support floor: agents who think between searches, then the server saturated.

Starts the standalone sandbox (its own process, ``--latency-ms`` 80 per call), a fresh
production-profile instance (PostgreSQL and Redis when both answer, a database and a Redis
database of the bench's own, emptied first; SQLite and the local-memory cache otherwise;
DEBUG off, collected static files) and gunicorn with the README's production defaults
(``WEB_CONCURRENCY`` 2, ``WEB_THREADS`` 4). Everything is searched as a Support agent over
HTTP, so the script runs against any checkout that has ``bench/common.py`` (c7d0c2c on).

The searches, in the share a support floor makes them (``MIX``): a customer's day (one page,
1 to 20 rows), a busy number's day (a full page of 50 rows: ``13800000075``,
``13800000999``, or an ordinary number's busy day of 51-160 sends) and the last 30 days of a
number (a range: 30 days fetched). A *cached* search was searched once before the clock
started (``prime``), so the store answers it without calling upstream; a *first* search is
a number and day never searched before: the page waits for upstream. Today's day of a range
stays fresh for the whole run (``RECORDS_FRESH_SECONDS``), or every cached range would fetch
today again once a minute. All choices come from seeded generators, so two runs make the
same searches and the same pauses.

* **floor** (``--agents`` 50 for ``--seconds`` 120): each agent thinks for an exponential
  time (mean ``--think`` 5 s) before every search; ``--new-share`` 20 % of searches are first
  searches. Median and 95th percentile for cached and first searches apart, per kind.
  120 s because think time makes the floor slow: 50 agents make under 10 searches a
  second, so 120 s give about 900 cached searches (their p95 is the ~45th slowest, a stable
  rank) and some 35 first searches of the rarest kind (30-day); 30 s give a quarter of that,
  every agent only ~6 pauses, and a p95 that moves between runs.
* **saturation** (``--clients``, twice gunicorn's threads, for ``--saturation-seconds`` 30):
  closed loop, no think time, cached searches in the same mix: requests per second,
  latency, and the CPU of gunicorn's own processes (master and workers, from
  ``/proc/<pid>/stat``) per request, so the agents' CPU on the same machine does not count.

Only a 200 showing the results (their summary) without an error banner counts as
success; a 403, a redirect, a 5xx, a timeout or a banner is an error. Exits 1 on any error
(priming included).

    .venv/bin/python bench/load.py [--mode floor|saturation|both] [--seconds 120]
        [--agents 50] [--think 5] [--new-share 0.2] [--clients 16] [--saturation-seconds 30]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    gunicorn_instance,
    median,
    percentile,
    prepare_instance,
    production_env,
    sandbox_process,
    servers_reachable,
)
from dysms.values import CHINA_TZ  # noqa: E402
from dysms_sandbox import (  # noqa: E402
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    RESERVED_NUMBERS,
)
from dysms_sandbox.generator import day_messages  # noqa: E402

USERNAME, PASSWORD = "loadtest", "load-test-password-1"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE = "smsadmin_bench_load"  # the bench's own, dropped and made again on every run
REDIS = "redis://127.0.0.1:6379/13"  # not 15: the test suite flushes that one
# A support floor: mostly one customer's day, often a busy sender's full page, now and then
# the last 30 days of a number.
MIX = {"one-page": 0.60, "50-row": 0.25, "30-day": 0.15}
WINDOW_DAYS = 30  # the search window: today and the 29 days before (China time)
TIMEOUT = 30.0
# Reserved numbers with a fixed, final shape every day (docs/sandbox.md): 20, 5 and 6 sends;
# 75 sends (two pages) and 420 (nine pages).
RESERVED_FEW = ("13800000010", "13800000011", "13800000002")
RESERVED_BUSY = ("13800000075", "13800000999")
RESERVED_MONTHS = ("13800000010", "13800000075")  # 600 and 2250 records in 30 days


@dataclass(frozen=True)
class Search:
    kind: str
    phone: str
    first: date
    last: date

    def params(self) -> dict[str, str]:
        given = {"phone": self.phone, "date": self.first.isoformat()}
        if self.last != self.first:
            given["date_to"] = self.last.isoformat()
        return given


class Catalogue:
    """The cached searches of each kind and, on demand, first searches never made before.

    Drawn from seeded generators: the same searches on every run of one day, on any machine
    (the sandbox makes a number's day the same everywhere, so its row count is known here;
    days count back from today, so another day draws other numbers of the same shape).
    """

    def __init__(self, seed: int, today: date) -> None:
        self.today = today
        self.past_days = [today - timedelta(days=n) for n in range(1, WINDOW_DAYS)]
        self.lock = threading.Lock()
        self.rng = {kind: random.Random(f"{seed}:first:{kind}") for kind in MIX}
        self.used: set[tuple[str, date, date]] = set()
        self.cached = self._cached(random.Random(f"{seed}:cached"))
        for searches in self.cached.values():
            self.used.update((s.phone, s.first, s.last) for s in searches)

    def _cached(self, rng: random.Random) -> dict[str, list[Search]]:
        """65 searches: 43 customers' days, 10 busy days, 12 months (two of reserved numbers)."""
        today, month = self.today, self.today - timedelta(days=WINDOW_DAYS - 1)
        yesterday, before = self.past_days[0], self.past_days[1]
        busy = [Search("50-row", p, day, day) for p in RESERVED_BUSY for day in (yesterday, before)]
        return {
            "one-page": [self._one_page(rng) for _ in range(40)]
            + [Search("one-page", phone, yesterday, yesterday) for phone in RESERVED_FEW],
            "50-row": [self._busy_day(rng) for _ in range(6)] + busy,
            "30-day": [self._month(rng) for _ in range(10)]
            + [Search("30-day", phone, month, today) for phone in RESERVED_MONTHS],
        }

    def first_search(self, kind: str) -> Search:
        """A search of ``kind`` nobody made before in this run (so nothing of it is stored)."""
        make = {"one-page": self._one_page, "50-row": self._busy_day, "30-day": self._month}[kind]
        with self.lock:
            while True:
                search = make(self.rng[kind])
                key = (search.phone, search.first, search.last)
                if key not in self.used:
                    self.used.add(key)
                    return search

    def _one_page(self, rng: random.Random) -> Search:
        while True:
            phone, day = ordinary_number(rng), rng.choice(self.past_days)
            if 1 <= len(day_messages(phone, day)) <= 20:
                return Search("one-page", phone, day, day)

    def _busy_day(self, rng: random.Random) -> Search:
        while True:  # about one number-day in 25 has more than 50 sends
            phone, day = ordinary_number(rng), rng.choice(self.past_days)
            if len(day_messages(phone, day)) > 50:
                return Search("50-row", phone, day, day)

    def _month(self, rng: random.Random) -> Search:
        first = self.today - timedelta(days=WINDOW_DAYS - 1)
        return Search("30-day", ordinary_number(rng), first, self.today)


def ordinary_number(rng: random.Random) -> str:
    while True:
        number = f"13{rng.randrange(10**9):09d}"
        if number not in RESERVED_NUMBERS:
            return number


@dataclass(frozen=True)
class Outcome:
    kind: str
    first: bool
    seconds: float
    error: str | None
    rows: int


@dataclass
class Results:
    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)

    def errors(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.error]


def logged_in(base: str, *, keep_alive: bool = True) -> requests.Session:
    """A Support agent's session. Without keep-alive every search opens its own connection:
    an agent who thinks for seconds would otherwise race gunicorn closing the idle one."""
    session = requests.Session()
    if not keep_alive:
        session.headers["Connection"] = "close"
    session.get(f"{base}/accounts/login/", timeout=TIMEOUT)
    answer = session.post(
        f"{base}/accounts/login/",
        data={
            "username": USERNAME,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=TIMEOUT,
    )
    if "sessionid" not in session.cookies:
        raise RuntimeError(f"login failed (HTTP {answer.status_code})")
    return session


def sessions(base: str, count: int, *, keep_alive: bool) -> list[requests.Session]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda _: logged_in(base, keep_alive=keep_alive), range(count)))


def timed_search(session: requests.Session, base: str, search: Search, first: bool) -> Outcome:
    start = time.perf_counter()
    error, rows = None, 0
    try:
        answer = session.get(
            f"{base}/",
            params=search.params(),
            timeout=TIMEOUT,
            allow_redirects=False,  # a redirect to the login page is no answer
        )
        if answer.status_code != 200:
            error = f"HTTP {answer.status_code}"  # 403 (no role), 302 (logged out), 5xx
        elif 'role="alert"' in answer.text:
            error = "error banner"
        elif 'id="summary"' not in answer.text:
            error = "no results on the page"
        else:
            rows = answer.text.count("<tr") - 1  # the header row
    except requests.RequestException as exc:
        error = type(exc).__name__
    return Outcome(search.kind, first, time.perf_counter() - start, error, rows)


def prime(base: str, catalogue: Catalogue) -> Results:
    """Search every cached search once, four at a time, so the store holds them all."""
    primed = Results()
    everything = [search for searches in catalogue.cached.values() for search in searches]
    agents = sessions(base, 4, keep_alive=True)

    def work(lane: int) -> None:
        for search in everything[lane::4]:
            primed.add(timed_search(agents[lane], base, search, first=True))

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(work, range(4)))
    return primed


def floor_agent(session, base, catalogue, rng, args, deadline, results) -> None:
    """Think, search, and again, until the next search would start after the deadline."""
    kinds, weights = list(MIX), list(MIX.values())
    while True:
        pause = rng.expovariate(1 / args.think)
        if time.monotonic() + pause >= deadline:
            return
        time.sleep(pause)
        kind = rng.choices(kinds, weights)[0]
        first = rng.random() < args.new_share
        search = catalogue.first_search(kind) if first else rng.choice(catalogue.cached[kind])
        results.add(timed_search(session, base, search, first))


def saturating_client(session, base, catalogue, rng, args, deadline, results) -> None:
    """No pause: the next cached search as soon as the last one is answered."""
    kinds, weights = list(MIX), list(MIX.values())
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        results.add(timed_search(session, base, rng.choice(catalogue.cached[kind]), False))


@dataclass(frozen=True)
class Window:
    """What one timed phase cost: wall time, gunicorn's CPU, the machine's, the agents' own."""

    seconds: float
    server_cpu: float | None
    machine_busy: float | None
    agents_cpu: float


def run_phase(agent, agents: list[requests.Session], base, catalogue, args, seconds, tag):
    results = Results()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=agent,
            args=(session, base, catalogue, random.Random(f"{args.seed}:{tag}:{n}"), args),
            kwargs={"deadline": deadline, "results": results},
        )
        for n, session in enumerate(agents)
    ]
    with measured() as window:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 2 * TIMEOUT)
    return results, window[0]


# --- CPU, from /proc (Linux) -------------------------------------------------------------


def proc_stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state first), or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        fields = proc_stat(int(entry)) if entry.isdigit() else None
        if fields and int(fields[1]) == pid:
            found.append(int(entry))
    return found


def gunicorn_cpu() -> float | None:
    """CPU seconds of this process's gunicorn master and its workers so far (reaped ones too)."""
    ticks = 0
    masters = [
        pid
        for pid in children(os.getpid())
        if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
    for master in masters:
        fields = proc_stat(master) or []
        ticks += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
        for worker in children(master):
            ticks += sum(int(value) for value in (proc_stat(worker) or [])[11:13])  # utime stime
    return ticks / os.sysconf("SC_CLK_TCK") if masters else None


def machine_ticks() -> tuple[int, int] | None:
    """(busy, total) clock ticks of the whole machine so far, from /proc/stat."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


@contextmanager
def measured():
    """Yields a one-element list that holds the phase's ``Window`` once the block ends."""
    window: list[Window] = []
    started, server, machine, own = (
        time.monotonic(),
        gunicorn_cpu(),
        machine_ticks(),
        time.process_time(),
    )
    yield window
    server_after, machine_after = gunicorn_cpu(), machine_ticks()
    busy = None
    if machine and machine_after:
        busy = (machine_after[0] - machine[0]) / max(1, machine_after[1] - machine[1])
    window.append(
        Window(
            seconds=time.monotonic() - started,
            server_cpu=server_after - server
            if server is not None and server_after is not None
            else None,
            machine_busy=busy,
            agents_cpu=time.process_time() - own,
        )
    )


# --- Report ------------------------------------------------------------------------------


def latency_line(label: str, outcomes: list[Outcome]) -> str:
    good = [outcome.seconds * 1000 for outcome in outcomes if not outcome.error]
    errors = sum(1 for outcome in outcomes if outcome.error)
    if not good:
        return f"  {label:<18}{len(outcomes):>6}{'-':>9}{'-':>9}{'-':>9}{errors:>8}"
    return (
        f"  {label:<18}{len(outcomes):>6}{median(good):>6.0f} ms{percentile(good, 0.95):>6.0f} ms"
        f"{max(good):>6.0f} ms{errors:>8}"
    )


def latency_table(results: Results, groups: list[tuple[str, bool | None]]) -> None:
    print(f"  {'':<18}{'count':>6}{'median':>9}{'p95':>9}{'max':>9}{'errors':>8}")
    for label, first in groups:
        chosen = [o for o in results.outcomes if first is None or o.first == first]
        for kind in MIX:
            print(latency_line(f"{label} {kind}", [o for o in chosen if o.kind == kind]))
        print(latency_line(f"{label} all", chosen))


def cpu_lines(window: Window, requests_made: int) -> None:
    count = max(1, requests_made)
    if window.server_cpu is not None:
        print(
            f"  gunicorn CPU: {window.server_cpu / count * 1000:.1f} ms per request, "
            f"{window.server_cpu / window.seconds:.2f} of {os.cpu_count()} cores "
            "(master and workers, /proc/<pid>/stat)"
        )
    else:
        print("  gunicorn CPU: not measured (no /proc)")
    machine = (
        f"{window.machine_busy:.0%} busy" if window.machine_busy is not None else "not measured"
    )
    print(
        f"  machine: {machine} (every process, other users' too); "
        f"the agents' own CPU {window.agents_cpu / count * 1000:.1f} ms per request"
    )


def error_lines(results: Results) -> None:
    errors = results.errors()
    print(f"  errors: {len(errors)}")
    seen: dict[str, int] = {}
    for outcome in errors:
        label = f"{'first' if outcome.first else 'cached'} {outcome.kind}: {outcome.error}"
        seen[label] = seen.get(label, 0) + 1
    for label, count in sorted(seen.items(), key=lambda item: -item[1])[:8]:
        print(f"    {count} x {label}")


def report_prime(primed: Results, window: Window) -> None:
    print(f"Priming: {len(primed.outcomes)} cached searches made once, in {window.seconds:.0f} s")
    for kind in MIX:
        rows = sorted(o.rows for o in primed.outcomes if o.kind == kind and not o.error)
        if rows:
            print(f"  {kind}: rows on the page {rows[0]}-{rows[-1]} (median {median(rows):.0f})")
    if primed.errors():
        error_lines(primed)


def report_floor(results: Results, window: Window, args) -> None:
    print(
        f"Floor: {args.agents} agents for {args.seconds:.0f} s, think time exponential "
        f"mean {args.think:g} s, {args.new_share:.0%} first searches, seed {args.seed}"
    )
    latency_table(results, [("cached", False), ("first", True)])
    print(f"  throughput: {len(results.outcomes) / window.seconds:.1f} req/s")
    cpu_lines(window, len(results.outcomes))
    error_lines(results)
    cached = [o.seconds for o in results.outcomes if not o.first and not o.error]
    if cached:
        p95 = percentile(cached, 0.95) * 1000
        met = p95 < 300 and not results.errors()
        print(
            f"  target (issue 13): p95 of cached pages < 300 ms with 0 errors: "
            f"{p95:.0f} ms, {len(results.errors())} errors: {'met' if met else 'NOT met'}"
        )


def report_saturation(results: Results, window: Window, args) -> None:
    print(
        f"Saturation: {args.clients} clients, closed loop (no think time), cached searches "
        f"in the floor's mix, {args.saturation_seconds:.0f} s"
    )
    print(f"  throughput: {len(results.outcomes) / window.seconds:.1f} req/s")
    latency_table(results, [("cached", None)])
    cpu_lines(window, len(results.outcomes))
    error_lines(results)


# --- The instance ------------------------------------------------------------------------


def fresh_shared_stores() -> dict[str, str]:
    """The bench's PostgreSQL database made anew and its Redis database emptied."""
    import psycopg
    import redis

    with psycopg.connect(POSTGRES_SERVER, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    redis.Redis.from_url(REDIS).flushdb()
    return {"DATABASE_URL": POSTGRES_SERVER.rsplit("/", 1)[0] + f"/{DATABASE}", "REDIS_URL": REDIS}


def parsed_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("floor", "saturation", "both"), default="both")
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120, help="floor duration")
    parser.add_argument("--think", type=float, default=5.0, help="mean think time, seconds")
    parser.add_argument("--new-share", type=float, default=0.2)
    parser.add_argument("--clients", type=int, help="saturation clients (2 x workers x threads)")
    parser.add_argument("--saturation-seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--latency-ms", type=int, default=80)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.clients = args.clients or 2 * args.workers * args.threads
    return args


def main() -> None:
    args = parsed_arguments()
    shared = servers_reachable(("127.0.0.1", 5432), ("127.0.0.1", 6379))
    catalogue = Catalogue(args.seed, datetime.now(CHINA_TZ).date())
    profile = "PostgreSQL + Redis" if shared else "SQLite + local memory"
    print(
        f"{profile}, gunicorn {args.workers} workers x {args.threads} threads, "
        f"sandbox {args.latency_ms} ms/call, stored days fresh for the run"
    )
    failed = False
    with tempfile.TemporaryDirectory() as static_root, sandbox_process(args.latency_ms) as sandbox:
        env = production_env(
            DJANGO_STATIC_ROOT=static_root,
            DYSMS_ENDPOINT=sandbox,
            ALIBABA_CLOUD_ACCESS_KEY_ID=DEMO_ACCESS_KEY_ID,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET=DEMO_ACCESS_KEY_SECRET,
            SQLITE_PATH=str(Path(static_root) / "load.sqlite3"),
            RECORDS_FRESH_SECONDS="86400",  # today's day of a cached range stays cached
        )
        if shared:
            env.update(fresh_shared_stores())
        prepare_instance(env, USERNAME, PASSWORD)
        with gunicorn_instance(env, workers=args.workers, threads=args.threads) as base:
            with measured() as window:
                primed = prime(base, catalogue)
            report_prime(primed, window[0])
            failed = bool(primed.errors())
            if args.mode in ("floor", "both"):
                agents = sessions(base, args.agents, keep_alive=False)
                results, spent = run_phase(
                    floor_agent, agents, base, catalogue, args, args.seconds, "floor"
                )
                report_floor(results, spent, args)
                failed = failed or bool(results.errors())
            if args.mode in ("saturation", "both"):
                clients = sessions(base, args.clients, keep_alive=True)
                results, spent = run_phase(
                    saturating_client,
                    clients,
                    base,
                    catalogue,
                    args,
                    args.saturation_seconds,
                    "saturation",
                )
                report_saturation(results, spent, args)
                failed = failed or bool(results.errors())
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
