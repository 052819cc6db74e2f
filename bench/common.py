"""Shared by the benchmarks: free ports, the standalone sandbox in its own process, percentiles."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


@contextmanager
def sandbox_process(latency_ms: int = 0):
    """``manage.py dysms_sandbox`` on a free port, in its own process; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            PYTHON,
            "manage.py",
            "dysms_sandbox",
            "--port",
            str(port),
            "--latency-ms",
            str(latency_ms),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # A development tool: DEBUG on (and so the development secret key) unless this
        # process's environment already chose.
        env={"DJANGO_DEBUG": "1", **os.environ, "DJANGO_SETTINGS_MODULE": "smsadmin.settings"},
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def use_throwaway_embedded_profile(*, dropped: tuple[str, ...] = ()) -> str:
    """Point this process's settings at a fresh SQLite file and the local-memory cache.

    For in-process benchmarks (before ``django.setup()``): production-like settings (DEBUG off)
    over plain HTTP, a temporary directory for the database and static files, and ``dropped``
    variables removed besides ``DATABASE_URL`` and ``REDIS_URL``. Returns the directory.
    """
    import tempfile

    workdir = tempfile.mkdtemp(prefix="smsadmin-bench-")
    for name in ("DATABASE_URL", "REDIS_URL", *dropped):
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="smsadmin.settings",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",  # plain HTTP through the test client
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-use",
        DJANGO_STATIC_ROOT=workdir,
        DJANGO_LOG_LEVEL="WARNING",
        SQLITE_PATH=str(Path(workdir) / "bench.sqlite3"),
    )
    return workdir


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production-profile instance (DEBUG off) on this machine."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "DYSMS_", "ALIBABA_CLOUD_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="smsadmin.settings",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",  # plain HTTP on loopback
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-use",
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.update(overrides)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def prepare_instance(env: dict[str, str], username: str, password: str) -> None:
    """Migrate, collect static files, and make sure the agent account exists in Support."""
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User\n"
        "from access.roles import SUPPORT, ensure_roles\n"
        f"user, _ = User.objects.get_or_create(username={username!r})\n"
        f"user.set_password({password!r}); user.save()\n"
        "ensure_roles(); user.groups.add(Group.objects.get(name=SUPPORT))",
    )


@contextmanager
def gunicorn_instance(
    env: dict[str, str], workers: int = 2, threads: int = 4, log=None, launcher=(PYTHON,)
):
    """``gunicorn`` with gunicorn.conf.py on a free port; yields its base URL.

    ``launcher`` is the command that runs ``-m gunicorn`` (the tests pass one that sets
    the instance's clock to theirs).
    """
    port = free_port()
    process = subprocess.Popen(
        [*launcher, "-m", "gunicorn", "--config", "gunicorn.conf.py", "smsadmin.wsgi"],
        cwd=ROOT,
        env={
            **env,
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            "WEB_THREADS": str(threads),
        },
        stdout=log or subprocess.DEVNULL,
        stderr=log or subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def servers_reachable(*addresses: tuple[str, int]) -> bool:
    for host, port in addresses:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                pass
        except OSError:
            return False
    return True


def timed(client, url: str, count: int, before=None) -> list[float]:
    """``count`` GETs of ``url`` through a Django test client, each a 200: their seconds.

    ``before`` runs ahead of each request, outside the timing (e.g. to empty the cache)."""
    times = []
    for _ in range(count):
        if before is not None:
            before()
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return times


def timed_line(label: str, times: list[float], target_ms: float) -> str:
    """A view's figures as the /stats/ benchmarks print them: median, p90, ratio to target."""
    ms, p90 = median(times) * 1000, percentile(times, 0.9) * 1000
    return (
        f"  {label + ':':14} median {ms:7.1f} ms  p90 {p90:7.1f} ms of {len(times)}"
        f"   ratio to target {ms / target_ms:.2f}"
    )
