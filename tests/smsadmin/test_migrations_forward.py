"""A database migrated by an earlier release migrates forward with every row intact.

The schema below is the one of the release before the record store's changes (its leaf
migrations in ``EARLIER_RELEASE``). Rows written through that schema's historical models
must still be there, with the same ids and values, after ``migrate`` to the newest state.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dysms.values import CHINA_TZ, SendStatus
from dysms.values import SmsRecord as UpstreamRecord

EARLIER_RELEASE = [
    ("access", "0003_audit_entry_verbose_names"),
    ("deliveries", "0001_initial"),
    ("rates", "0001_initial"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def newest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def earlier_schema():
    """The database at the earlier release; migrated back to the newest state afterwards."""
    apps = migrate(EARLIER_RELEASE)
    yield apps
    migrate(newest())


@pytest.mark.django_db(transaction=True)
def test_records_fetches_receipts_and_audit_entries_survive_the_migrations(earlier_schema):
    apps = earlier_schema
    sent = datetime(2026, 11, 20, 9, 30, tzinfo=CHINA_TZ)
    fetch = apps.get_model("deliveries", "Fetch").objects.create(
        phone="13800000010",
        day=sent.date(),
        biz_id="",
        fetched_at=sent + timedelta(hours=1),
        total_count=1,
        stored_count=1,
        request_ids=["REQ-1"],
    )
    record = apps.get_model("deliveries", "SmsRecord").objects.create(
        fetch=fetch,
        phone="13800000010",
        send_day=sent.date(),
        position=0,
        status=3,
        err_code="MOBILE_NOT_ON_SERVICE",
        template_code="SMS_271935402",
        content="【云雀科技】验证码482913，您正在登录云雀账号，5分钟内有效。",
        out_id="order-7",
        send_time=sent,
        receive_time=sent + timedelta(seconds=8),
    )
    # Two identical sends of one second (written in the other order than upstream listed them)
    # and the record above: the migration gives them ordinals by position.
    twice = {
        "fetch": fetch,
        "phone": "13800000010",
        "send_day": sent.date(),
        "status": 1,
        "template_code": "SMS_271935402",
        "content": "【云雀科技】验证码120034，5分钟内有效。",
        "out_id": "",
        "send_time": sent + timedelta(minutes=5),
    }
    old_records = apps.get_model("deliveries", "SmsRecord").objects
    later_twin = old_records.create(position=2, **twice)
    earlier_twin = old_records.create(position=1, **twice)
    receipt = apps.get_model("rates", "SmsReceipt").objects.create(
        phone_number="13800000010",
        send_time=sent,
        report_time=sent + timedelta(seconds=8),
        success=False,
        err_code="MOBILE_NOT_ON_SERVICE",
        err_msg="停机",
        sms_size=1,
        biz_id="900619746936498440^0",
        received_at=sent + timedelta(seconds=9),
    )
    statistics = apps.get_model("rates", "DailyStatistics").objects.create(
        day=sent.date(),
        globe=1,
        template_type=0,
        total_count=100,
        responded_success_count=95,
        responded_fail_count=4,
        no_responded_count=1,
        fetched_at=sent + timedelta(days=5),
    )
    entry = apps.get_model("access", "AuditEntry").objects.create(
        username="agent",
        action="record_view",
        phone="13800000010",
        date_from=sent.date(),
        filters={"record": record.pk},
        result_count=1,
    )

    migrate(newest())

    from access.models import AuditEntry
    from deliveries.models import Fetch, SmsRecord
    from deliveries.record_keys import record_send_key
    from rates.models import DailyStatistics, SmsReceipt

    kept = SmsRecord.objects.get(pk=record.pk)
    assert (kept.fetch_id, kept.content, kept.err_code, kept.out_id) == (
        fetch.pk,
        record.content,
        "MOBILE_NOT_ON_SERVICE",
        "order-7",
    )
    assert kept.send_time == sent and kept.receive_time == sent + timedelta(seconds=8)
    assert "482913" not in kept.content_masked and "验证码" in kept.content_masked
    ordinals = dict(SmsRecord.objects.values_list("pk", "ordinal"))
    assert ordinals == {record.pk: 0, earlier_twin.pk: 0, later_twin.pk: 1}
    assert kept.send_key == record_send_key(kept)
    assert Fetch.objects.get(pk=fetch.pk).request_ids == ["REQ-1"]
    assert SmsReceipt.objects.get(pk=receipt.pk).biz_id == "900619746936498440^0"
    assert DailyStatistics.objects.get(pk=statistics.pk).total_count == 100
    stored_entry = AuditEntry.objects.get(pk=entry.pk)
    assert stored_entry.filters == {"record": record.pk}
    assert stored_entry.action == "record_view"


@pytest.mark.django_db(transaction=True)
def test_records_stored_before_their_keys_keep_their_ids_on_the_next_refetch(earlier_schema):
    """The keys the migration computes are those ``store_day`` computes from upstream."""
    apps = earlier_schema
    sent = datetime(2026, 11, 20, 9, 30, tzinfo=CHINA_TZ)
    sends = [
        UpstreamRecord(
            phone="13800000010",
            status=SendStatus.WAITING,
            err_code="",
            template_code="SMS_271935402",
            content="【云雀科技】验证码120034，5分钟内有效。",
            out_id=out_id,
            send_time=sent,
            receive_time=None,
        )
        for out_id in ("", "", "order-8")
    ]
    fetch = apps.get_model("deliveries", "Fetch").objects.create(
        phone="13800000010",
        day=sent.date(),
        biz_id="",
        fetched_at=sent + timedelta(minutes=1),
        total_count=3,
        stored_count=3,
        waiting_count=3,
    )
    old_records = apps.get_model("deliveries", "SmsRecord").objects
    ids = [
        old_records.create(
            fetch=fetch,
            phone=fetch.phone,
            send_day=fetch.day,
            position=position,
            status=1,
            template_code=send.template_code,
            content=send.content,
            out_id=send.out_id,
            send_time=send.send_time,
        ).pk
        for position, send in enumerate(sends)
    ]

    migrate(newest())

    from deliveries.fetching import FetchedDay
    from deliveries.models import SmsRecord
    from deliveries.record_store import store_day

    delivered = [
        dataclasses.replace(
            send,
            status=SendStatus.DELIVERED,
            err_code="DELIVERED",
            receive_time=sent + timedelta(seconds=5),
        )
        for send in sends
    ]
    key = {"phone": "13800000010", "day": sent.date(), "biz_id": ""}
    day = FetchedDay(total_count=3, records=delivered, request_ids=["REQ-2"], capped=False)
    store_day(key, day, fetched_at=sent + timedelta(minutes=2))

    rows = SmsRecord.objects.order_by("position").values_list("pk", "ordinal", "status")
    assert list(rows) == [(ids[0], 0, 3), (ids[1], 1, 3), (ids[2], 0, 3)]
