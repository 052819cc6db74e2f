"""Two ``alerts_check`` runs at once notify exactly once per transition: each reads the rule,
then both try to decide its step on the same state row (threads against the same database;
on PostgreSQL with ``DATABASE_URL=postgres://…/smsadmin_alerts`` the row lock is
``FOR UPDATE SKIP LOCKED``, on SQLite the IMMEDIATE transactions queue the second run)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from support.sends import receipt_row

from alerts import engine
from alerts.models import AlertEvent, Kind

ROOT = Path(__file__).resolve().parents[2]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads cannot share SQLite's in-memory test database; the processes test covers it",
)


@pytest.fixture
def both_read_first(monkeypatch):
    """Every run's reading is taken before any run decides: the worst overlap."""
    barrier = threading.Barrier(2, timeout=20)
    reader = engine.rule_read

    def read(**kwargs):
        reading = reader(**kwargs)
        barrier.wait()
        return reading

    monkeypatch.setattr(engine, "rule_read", read)


def in_threads(target, count: int = 2) -> list:
    results, errors = [], []

    def run():
        try:
            results.append(target())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return results


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_fire_and_recover_exactly_once(make_rule, webhook, both_read_first):
    make_rule(Kind.DELIVERY_RATE, threshold=90, window_minutes=30, minimum=5)
    sent = timezone.now() - timedelta(minutes=3)
    failed = [receipt_row(phone=f"1395555{n:04d}", sent=sent, success=False) for n in range(10)]

    in_threads(engine.rules_check)

    assert len(webhook.bodies) == 1
    assert list(AlertEvent.objects.values_list("kind", flat=True)) == ["sent", "firing"]

    for receipt in failed:
        receipt.delete()
    for n in range(10):
        receipt_row(phone=f"1396666{n:04d}", sent=sent)
    in_threads(engine.rules_check)

    assert len(webhook.bodies) == 2
    assert "Recovered" in webhook.bodies[1]["title"]
    assert AlertEvent.objects.filter(kind="resolved").count() == 1


SETUP = """
from datetime import timedelta
from django.utils import timezone
from alerts.models import Channel, Rule, RuleState
from rates.models import SmsReceipt
channel = Channel.objects.create(name="hook", url={url!r})
rule = Rule.objects.create(name="rate", kind="delivery_rate", threshold=90, window_minutes=30,
                           minimum=5)
rule.channels.add(channel)
RuleState.objects.create(rule=rule)
now = timezone.now()
SmsReceipt.objects.bulk_create(
    SmsReceipt(phone_number=f"1397777{{n:04d}}", send_time=now - timedelta(minutes=2),
               report_time=now, success=False, err_code="UNDELIV", sms_size=1,
               biz_id=f"{{n}}^0", received_at=now)
    for n in range(10)
)
"""


def test_two_alerts_check_processes_on_one_sqlite_file_notify_once(webhook):
    """Two processes, as two cron runs that overlap, on the embedded SQLite (a file)."""
    with tempfile.TemporaryDirectory() as workdir:
        env = {
            **os.environ,
            "DJANGO_DEBUG": "1",
            "SQLITE_PATH": str(Path(workdir) / "db.sqlite3"),
            "DATABASE_URL": "",
            "LANGUAGE_CODE": "en",
        }
        env.pop("DATABASE_URL")
        manage = [sys.executable, str(ROOT / "manage.py")]
        run = {"env": env, "cwd": ROOT, "check": True, "capture_output": True, "timeout": 120}
        subprocess.run([*manage, "migrate", "-v0"], **run)
        subprocess.run([*manage, "shell", "-c", SETUP.format(url=webhook.url)], **run)
        checks = [
            subprocess.Popen([*manage, "alerts_check"], env=env, cwd=ROOT, stdout=subprocess.PIPE)
            for _ in range(2)
        ]
        outputs = [check.communicate(timeout=120)[0].decode() for check in checks]
    assert [check.returncode for check in checks] == [0, 0]
    assert len(webhook.bodies) == 1, outputs
    assert sum("firing" in output for output in outputs) == 1
