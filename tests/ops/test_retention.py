"""manage.py purge: old SMS records, fetches, receipts and audit entries go; recent ones stay.

Each app deletes its own rows (deliveries, rates, access); the command orchestrates them.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from support.stored import stored_day

from access.audit import audit_record
from access.models import Action, AuditEntry
from deliveries.models import Fetch, SmsRecord, SmsReply
from ops.management.commands.purge import retention_purge
from rates.models import SmsReceipt

pytestmark = pytest.mark.django_db


def receipt(days_ago: int, biz_id: str) -> SmsReceipt:
    sent = timezone.now() - timedelta(days=days_ago)
    return SmsReceipt.objects.create(
        phone_number="13812341234",
        send_time=sent,
        report_time=sent,
        success=True,
        sms_size=1,
        biz_id=biz_id,
        received_at=sent,
    )


def entry(days_ago: int) -> AuditEntry:
    created = audit_record(None, Action.SEARCH, username="agent")
    # The model refuses updates; the test moves the entry back in time behind its back.
    AuditEntry.objects.filter(pk=created.pk).update(at=timezone.now() - timedelta(days=days_ago))
    return created


def test_records_and_receipts_past_the_retention_period_are_deleted(settings):
    settings.RECORDS_RETENTION_DAYS = 30
    old = stored_day(days_ago=31)
    kept = stored_day(days_ago=29)
    receipt(31, "old")
    receipt(29, "kept")

    purged = retention_purge()

    assert (purged.fetches, purged.records, purged.receipts) == (1, 2, 1)
    assert not SmsRecord.objects.filter(pk__in=[r.pk for r in old]).exists()
    assert SmsRecord.objects.filter(pk__in=[r.pk for r in kept]).count() == 2
    assert list(Fetch.objects.values_list("day", flat=True)) == [kept[0].send_day]
    assert list(SmsReceipt.objects.values_list("biz_id", flat=True)) == ["kept"]


def reply(days_ago: int, content: str) -> SmsReply:
    sent = timezone.now() - timedelta(days=days_ago)
    return SmsReply.objects.create(
        phone="13812341234", send_time=sent, content=content, sequence_id=days_ago, received_at=sent
    )


def test_customer_replies_are_kept_as_long_as_the_receipts(settings):
    settings.RECORDS_RETENTION_DAYS = 30
    reply(31, "old TD")
    reply(29, "kept TD")

    purged = retention_purge()

    assert purged.replies == 1
    assert list(SmsReply.objects.values_list("content", flat=True)) == ["kept TD"]
    purge = AuditEntry.objects.get(action=Action.PURGE)
    assert purge.filters["replies"] == 1


def test_audit_entries_are_kept_for_their_own_longer_period(settings):
    settings.RECORDS_RETENTION_DAYS = 30
    settings.AUDIT_RETENTION_DAYS = 180
    old, kept = entry(181), entry(179)
    recent = entry(31)

    purged = retention_purge()

    assert purged.audit_entries == 1
    left = AuditEntry.objects.exclude(action=Action.PURGE)  # the purge's own entry aside
    assert set(left.values_list("pk", flat=True)) == {kept.pk, recent.pk}
    assert old.pk not in AuditEntry.objects.values_list("pk", flat=True)


def test_the_periods_are_configurable(settings):
    settings.RECORDS_RETENTION_DAYS = 7
    settings.AUDIT_RETENTION_DAYS = 10
    stored_day(days_ago=8)
    entry(11)

    purged = retention_purge()

    assert (purged.fetches, purged.audit_entries) == (1, 1)


def test_the_command_says_what_it_deleted(settings):
    settings.RECORDS_RETENTION_DAYS = 30
    stored_day(days_ago=40)
    out = io.StringIO()

    call_command("purge", stdout=out)

    assert "Purged 1 fetches and 2 SMS records older than 30 days" in out.getvalue()
    assert "0 audit entries older than 180 days" in out.getvalue()


@pytest.mark.parametrize("name", ["RECORDS_RETENTION_DAYS", "AUDIT_RETENTION_DAYS"])
@pytest.mark.parametrize("days", [0, -1])
def test_a_period_below_one_day_is_refused_and_nothing_deleted(settings, name, days):
    setattr(settings, name, days)
    records = stored_day(days_ago=2)
    entries = [entry(1), entry(200)]

    with pytest.raises(CommandError, match=f"{name} must be at least 1"):
        call_command("purge", stdout=io.StringIO())

    assert SmsRecord.objects.filter(pk__in=[r.pk for r in records]).count() == 2
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in entries]).count() == 2
    assert not AuditEntry.objects.filter(action=Action.PURGE).exists()


@pytest.mark.parametrize("name", ["RECORDS_RETENTION_DAYS", "AUDIT_RETENTION_DAYS"])
def test_the_settings_refuse_a_period_below_one_day_at_start_up(name):
    environment = {**os.environ, name: "0", "DJANGO_DEBUG": "1"}
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**environment, "DJANGO_SETTINGS_MODULE": "smsadmin.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert started.returncode != 0
    assert f"{name} must be at least 1 (days); it is 0." in started.stderr


def test_each_purge_is_in_the_audit_trail_with_what_it_deleted(settings):
    settings.RECORDS_RETENTION_DAYS = 30
    settings.AUDIT_RETENTION_DAYS = 180
    stored_day(days_ago=40)
    entry(181)

    call_command("purge", stdout=io.StringIO())

    purge = AuditEntry.objects.get(action=Action.PURGE)
    assert purge.username == "purge"
    assert purge.filters == {
        "fetches": 1,
        "records": 2,
        "receipts": 0,
        "replies": 0,
        "audit_entries": 1,
        "records_retention_days": 30,
        "audit_retention_days": 180,
    }


def test_each_app_purges_only_its_own_rows(settings):
    from access.retention import audit_purge
    from deliveries.retention import records_purge
    from rates.services import receipts_purge

    records = stored_day(days_ago=40)
    receipt(40, "old")
    old_entry = entry(200)
    far_future = timezone.now() + timedelta(days=1)

    assert records_purge(first_kept_day=records[0].send_day + timedelta(days=1)).records == 2
    assert SmsReceipt.objects.count() == 1
    assert AuditEntry.objects.filter(pk=old_entry.pk).exists()

    assert receipts_purge(before=far_future) == 1
    assert AuditEntry.objects.filter(pk=old_entry.pk).exists()

    assert audit_purge(before=far_future) == 1
    assert not AuditEntry.objects.exists()


def test_a_purge_that_fails_half_way_deletes_nothing(settings, monkeypatch):
    settings.RECORDS_RETENTION_DAYS = 30
    records = stored_day(days_ago=40)
    receipt(40, "old")

    def broken(**kwargs):
        raise RuntimeError("the audit purge failed")

    monkeypatch.setattr("ops.management.commands.purge.audit_purge", broken)
    with pytest.raises(RuntimeError):
        retention_purge()

    assert SmsRecord.objects.filter(pk__in=[r.pk for r in records]).count() == 2
    assert SmsReceipt.objects.filter(biz_id="old").exists()
    assert not AuditEntry.objects.filter(action=Action.PURGE).exists()
