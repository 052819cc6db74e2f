"""A database migrated by an earlier release migrates forward with every row intact.

The schema below is the one of the release before the record store's changes (its leaf
migrations in ``EARLIER_RELEASE``). Rows written through that schema's historical models
must still be there, with the same ids and values, after ``migrate`` to the newest state.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dysms.values import CHINA_TZ

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
    assert Fetch.objects.get(pk=fetch.pk).request_ids == ["REQ-1"]
    assert SmsReceipt.objects.get(pk=receipt.pk).biz_id == "900619746936498440^0"
    assert DailyStatistics.objects.get(pk=statistics.pk).total_count == 100
    stored_entry = AuditEntry.objects.get(pk=entry.pk)
    assert stored_entry.filters == {"record": record.pk}
    assert stored_entry.action == "record_view"
