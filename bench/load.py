"""Bounded load test: 50 agents searching for 60 s against gunicorn, sandbox at ~80 ms a call.

Starts the standalone sandbox (its own process, 80 ms per call), prepares a
production-profile instance (PostgreSQL and Redis when reachable, DEBUG off,
collected static files), runs gunicorn, and lets each simulated agent log in
and search in a loop: mostly numbers already searched (answered from the
store), some never seen (a fetch upstream). Only a 200 showing the results
(their summary) without an error banner counts as success; a 403, a redirect or
a 5xx is an error. Prints throughput, median and 95th-percentile latency, how
busy the machine's CPUs were (and how much of that the agents themselves
cost), and the error count; exits 1 on any error.

    .venv/bin/python bench/load.py [--agents 50] [--seconds 60] [--new-share 0.2]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
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

USERNAME, PASSWORD = "loadtest", "load-test-password-1"
POSTGRES = "postgres://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/13"


@dataclass
class Results:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)


def cpu_ticks() -> tuple[int, int] | None:
    """(busy, total) clock ticks of the whole machine so far, from /proc/stat (Linux)."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def new_number(rng: random.Random) -> str:
    while True:
        number = f"13{rng.randrange(10**9):09d}"
        if number not in RESERVED_NUMBERS:
            return number


def logged_in(base: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=30)
    answer = session.post(
        f"{base}/accounts/login/",
        data={
            "username": USERNAME,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
    )
    if "sessionid" not in session.cookies:
        raise RuntimeError(f"login failed (HTTP {answer.status_code})")
    return session


def search(session: requests.Session, base: str, phone: str, day: str, results: Results) -> None:
    start = time.perf_counter()
    error = None
    try:
        answer = session.get(
            f"{base}/",
            params={"phone": phone, "date": day},
            timeout=30,
            allow_redirects=False,  # a redirect to the login page is no answer
        )
        if answer.status_code != 200:
            error = f"HTTP {answer.status_code}"  # 403 (no role), 302 (logged out), 5xx
        elif 'role="alert"' in answer.text:
            error = "error banner"
        elif 'id="summary"' not in answer.text:
            error = "no results on the page"
    except requests.RequestException as exc:
        error = type(exc).__name__
    results.add(time.perf_counter() - start, error)


def agent(base, deadline, warm, day, new_share, seed, results) -> None:
    rng = random.Random(seed)
    session = logged_in(base)
    while time.monotonic() < deadline:
        phone = new_number(rng) if rng.random() < new_share else rng.choice(warm)
        search(session, base, phone, day, results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--new-share", type=float, default=0.2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--latency-ms", type=int, default=80)
    args = parser.parse_args()

    shared = servers_reachable(("127.0.0.1", 5432), ("127.0.0.1", 6379))
    day = (datetime.now(CHINA_TZ).date() - timedelta(days=1)).isoformat()
    rng = random.Random(1)
    warm = [new_number(rng) for _ in range(20)]
    with tempfile.TemporaryDirectory() as static_root, sandbox_process(args.latency_ms) as sandbox:
        env = production_env(
            DJANGO_STATIC_ROOT=static_root,
            DYSMS_ENDPOINT=sandbox,
            ALIBABA_CLOUD_ACCESS_KEY_ID=DEMO_ACCESS_KEY_ID,
            ALIBABA_CLOUD_ACCESS_KEY_SECRET=DEMO_ACCESS_KEY_SECRET,
            SQLITE_PATH=str(Path(static_root) / "load.sqlite3"),
        )
        if shared:
            env.update(DATABASE_URL=POSTGRES, REDIS_URL=REDIS)
        prepare_instance(env, USERNAME, PASSWORD)
        with gunicorn_instance(env, workers=args.workers, threads=args.threads) as base:
            warmup = Results()
            session = logged_in(base)
            for phone in warm:  # the "cached" numbers: in the store before the clock starts
                search(session, base, phone, day, warmup)
            results = Results()
            deadline = time.monotonic() + args.seconds
            started = time.monotonic()
            ticks_before, own_before = cpu_ticks(), time.process_time()
            threads = [
                threading.Thread(
                    target=agent,
                    args=(base, deadline, warm, day, args.new_share, n, results),
                )
                for n in range(args.agents)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=args.seconds + 60)
            elapsed = time.monotonic() - started
            ticks_after, own_cpu = cpu_ticks(), time.process_time() - own_before

    times = results.latencies or [0.0]
    profile = "PostgreSQL + Redis" if shared else "SQLite + local memory"
    print(
        f"{args.agents} agents for {args.seconds:.0f} s, {args.new_share:.0%} new numbers, "
        f"sandbox {args.latency_ms} ms/call, gunicorn {args.workers} workers x "
        f"{args.threads} threads, {profile}"
    )
    print(f"requests: {len(results.latencies)}  throughput: {len(times) / elapsed:.1f} req/s")
    print(
        f"latency: median {median(times) * 1000:.0f} ms, "
        f"p95 {percentile(times, 0.95) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    )
    if ticks_before and ticks_after and results.latencies:
        busy = ticks_after[0] - ticks_before[0]
        share = busy / max(1, ticks_after[1] - ticks_before[1])
        per_request = busy / os.sysconf("SC_CLK_TCK") / len(results.latencies)
        print(
            f"machine CPU: {share:.0%} busy on {os.cpu_count()} cores, "
            f"{per_request * 1000:.0f} ms per request (every process), "
            f"{own_cpu / len(results.latencies) * 1000:.0f} ms of it the agents' own"
        )
    print(f"errors: {len(results.errors)}  warm-up errors: {len(warmup.errors)}")
    for error in sorted(set(results.errors + warmup.errors))[:5]:
        print(f"  {error}")
    sys.exit(1 if results.errors or warmup.errors else 0)


if __name__ == "__main__":
    main()
