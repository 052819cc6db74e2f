"""A record keeps its search's BizId on its row: the page lists and counts a range without joins.

Every way a record is stored sets it (``store_day``, ``SmsRecord.save``, the migration for
records stored before), and a cached range reads the fetch table once, not once a day.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from support.migrations import migrated_to
from support.sandbox import sent

from deliveries.fetching import FetchedDay
from deliveries.models import Fetch, SmsRecord, Status
from deliveries.record_search import RecordFilters, RecordSearch
from deliveries.record_store import store_day
from deliveries.selectors import records_list, records_summary
from dysms.values import SendStatus
from dysms.values import SmsRecord as UpstreamRecord
from dysms_sandbox import reserved

PHONE = reserved.ONE_PAGE  # 20 sends every day: 16 delivered, 4 failed
BIZ_ID = "900101234567890^0"


def fetch_of(day, biz_id: str = "") -> Fetch:
    return Fetch.objects.create(
        phone=PHONE,
        day=day,
        biz_id=biz_id,
        fetched_at=timezone.now(),
        total_count=1,
        stored_count=1,
    )


@pytest.mark.django_db
def test_a_stored_day_of_a_biz_id_search_keeps_the_biz_id_on_every_row(past_day):
    send = UpstreamRecord(
        phone=PHONE,
        status=SendStatus.DELIVERED,
        err_code="DELIVERED",
        template_code="SMS_271935402",
        content="【云雀科技】验证码120034，5分钟内有效。",
        out_id="",
        send_time=None,
        receive_time=None,
    )
    fetched = FetchedDay(total_count=2, records=[send, send], request_ids=["R"], capped=False)

    key = {"phone": PHONE, "day": past_day, "biz_id": BIZ_ID}
    store_day(key, fetched, fetched_at=timezone.now())

    assert list(SmsRecord.objects.values_list("biz_id", flat=True)) == [BIZ_ID, BIZ_ID]


@pytest.mark.django_db
def test_a_record_saved_alone_takes_its_fetch_s_biz_id(past_day):
    record = SmsRecord.objects.create(
        fetch=fetch_of(past_day, BIZ_ID), phone=PHONE, send_day=past_day, position=0, status=3
    )

    assert SmsRecord.objects.get(pk=record.pk).biz_id == BIZ_ID


@pytest.mark.django_db
def test_the_rows_and_the_summary_of_a_search_join_no_other_table(past_day):
    for biz_id in ("", BIZ_ID):
        SmsRecord.objects.create(
            fetch=fetch_of(past_day, biz_id),
            phone=PHONE,
            send_day=past_day,
            position=0,
            status=Status.FAILED if biz_id else Status.DELIVERED,
        )
    search = RecordSearch(phone=PHONE, first=past_day - timedelta(days=3), last=past_day)
    records = records_list(search=search, filters=RecordFilters())

    assert "JOIN" not in str(records.query)
    summary = records_summary(records)
    assert (summary.sent, summary.delivered, summary.failed) == (1, 1, 0)
    by_biz_id = records_list(
        search=RecordSearch(phone=PHONE, first=past_day, last=past_day, biz_id=BIZ_ID),
        filters=RecordFilters(),
    )
    assert [record.status for record in by_biz_id] == [Status.FAILED]


@pytest.mark.django_db
def test_a_cached_range_reads_the_fetches_once(agent, upstream, today):
    first, last = today - timedelta(days=7), today - timedelta(days=1)
    query = {"phone": PHONE, "date": first.isoformat(), "date_to": last.isoformat()}
    agent.get("/", query)  # the first search fetches the seven days; they are over: final
    calls = len(upstream.calls)

    with CaptureQueriesContext(connection) as captured:
        response = agent.get("/", query)

    assert response.status_code == 200 and len(upstream.calls) == calls
    assert response.context["summary"].sent == sum(
        len(sent(PHONE, first + timedelta(days=n))) for n in range(7)
    )
    reading_fetches = [q["sql"] for q in captured if 'FROM "deliveries_fetch"' in q["sql"]]
    assert len(reading_fetches) == 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_records_stored_before_it_their_search_s_biz_id(newest_afterwards):
    before = [("deliveries", "0004_smsrecord_one_record_per_send")]
    after = [("deliveries", "0006_smsrecord_record_page")]
    old = migrated_to(before)
    ids = {}
    for biz_id in ("", BIZ_ID):
        fetch = old.get_model("deliveries", "Fetch").objects.create(
            phone=PHONE,
            day="2026-12-01",
            biz_id=biz_id,
            fetched_at="2026-12-01T12:00:00Z",
            total_count=1,
            stored_count=1,
        )
        record = old.get_model("deliveries", "SmsRecord").objects.create(
            fetch=fetch, phone=PHONE, send_day="2026-12-01", position=0, status=3, ordinal=0
        )
        ids[record.pk] = biz_id

    stored = migrated_to(after).get_model("deliveries", "SmsRecord")
    assert dict(stored.objects.values_list("pk", "biz_id")) == ids
