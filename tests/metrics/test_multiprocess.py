"""Several gunicorn workers, one instance's metrics: prometheus-client's multiprocess mode.

With PROMETHEUS_MULTIPROC_DIR set each process writes what it records to files there, and
/metrics adds up every process's; the gauges computed at scrape time appear once. The
gunicorn hooks empty the directory at start (a previous run's counts must not come back),
give each instance its own when none is set, and forget a dead worker's live gauges.
"""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from types import SimpleNamespace

import pytest
from support import ROOT

pytestmark = pytest.mark.django_db

NAME = "PROMETHEUS_MULTIPROC_DIR"
# A worker's share of the work: two upstream queries, one of them throttled.
WORKER = """
import django
django.setup()
from core.metrics import upstream_observed
upstream_observed(account="default", api="QuerySendDetails", outcome="ok", seconds=0.2)
upstream_observed(account="default", api="QuerySendDetails", outcome="throttled", seconds=1.5)
"""


def run_worker(directory) -> None:
    subprocess.run(
        [sys.executable, "-c", WORKER],
        env={**os.environ, NAME: str(directory), "DJANGO_SETTINGS_MODULE": "smsadmin.settings"},
        cwd=ROOT,
        check=True,
        timeout=60,
    )


def test_a_scrape_adds_up_what_every_worker_recorded(tmp_path, settings, scrape):
    run_worker(tmp_path)
    run_worker(tmp_path)
    settings.PROMETHEUS_MULTIPROC_DIR = str(tmp_path)

    scraped = scrape()

    labels = {"account": "default", "api": "QuerySendDetails"}
    total = "smsadmin_upstream_requests_total"
    assert scraped.value(total, **labels, outcome="ok") == 2
    assert scraped.value(total, **labels, outcome="throttled") == 2
    assert scraped.value("smsadmin_upstream_request_seconds_count", **labels) == 4
    assert scraped.value("smsadmin_upstream_request_seconds_sum", **labels) == pytest.approx(3.4)
    assert scraped.count("smsadmin_circuit_open") == 1  # computed once, not per worker
    assert len(list(tmp_path.glob("*.db"))) == 4  # a counter and a histogram file per process


@pytest.fixture
def gunicorn_hooks(monkeypatch):
    """gunicorn.conf.py's hooks, with PROMETHEUS_MULTIPROC_DIR put back as it was after."""
    monkeypatch.setenv(NAME, "")
    monkeypatch.delenv(NAME)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_start_empties_the_directory(gunicorn_hooks, tmp_path, monkeypatch):
    monkeypatch.setenv(NAME, str(tmp_path))
    (tmp_path / "counter_4242.db").write_bytes(b"a previous run")
    (tmp_path / "notes.txt").write_text("not ours")

    gunicorn_hooks["on_starting"](None)

    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]


def test_without_a_directory_each_instance_gets_its_own_removed_at_exit(
    gunicorn_hooks, monkeypatch
):
    gunicorn_hooks["on_starting"](None)
    first = os.environ[NAME]
    monkeypatch.delenv(NAME)  # another instance: another master process, its own environment
    second_hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    second_hooks["on_starting"](None)
    second = os.environ[NAME]

    assert os.path.isdir(first) and os.path.isdir(second) and second != first
    gunicorn_hooks["on_exit"](None)
    assert not os.path.exists(first) and os.path.isdir(second)
    second_hooks["on_exit"](None)
    assert not os.path.exists(second)


def test_a_dead_workers_live_gauges_are_forgotten(gunicorn_hooks, tmp_path, monkeypatch):
    monkeypatch.setenv(NAME, str(tmp_path))
    for name in ("gauge_livesum_4242.db", "gauge_liveall_4242.db", "counter_4242.db"):
        (tmp_path / name).write_bytes(b"")

    gunicorn_hooks["child_exit"](None, SimpleNamespace(pid=4242))

    assert [path.name for path in tmp_path.iterdir()] == ["counter_4242.db"]  # still counts
