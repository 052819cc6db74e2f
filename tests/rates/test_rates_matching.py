"""Pushed receipts update the stored SMS records they match, and give receipts their template."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from support.statistics import RECEIPT_TOKEN, push_receipts, receipt

from deliveries.models import Fetch, SmsRecord, Status
from dysms.values import CHINA_TZ
from rates.selectors import template_breakdown

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_token")]

TOKEN = RECEIPT_TOKEN
PHONE = "13800138000"
BIZ_ID = "900101234567890^0"
SENT = datetime(2026, 5, 20, 9, 0, tzinfo=CHINA_TZ)  # receipt()'s send_time
DAY = SENT.date()


def stored(*records, phone=PHONE, day=DAY, biz_id="", fetched_at=None) -> Fetch:
    """A stored search with its records; each record is a dict of SmsRecord fields."""
    fetch = Fetch.objects.create(
        phone=phone,
        day=day,
        biz_id=biz_id,
        fetched_at=fetched_at or SENT + timedelta(minutes=1),
        total_count=len(records),
        stored_count=len(records),
        waiting_count=sum(r.get("status", Status.WAITING) == Status.WAITING for r in records),
    )
    for position, fields in enumerate(records):
        SmsRecord.objects.create(
            fetch=fetch,
            phone=phone,
            send_day=day,
            position=position,
            **{
                "status": Status.WAITING,
                "template_code": "SMS_100",
                "out_id": "order-1",
                "send_time": SENT,
                **fields,
            },
        )
    return fetch


def test_a_receipt_marks_the_record_of_its_biz_id_search_delivered():
    fetch = stored({"out_id": "something else"}, biz_id=BIZ_ID)

    push_receipts(receipt())

    record = SmsRecord.objects.get()
    assert record.status == Status.DELIVERED
    assert record.err_code == "DELIVERED"
    assert record.receive_time == datetime(2026, 5, 20, 9, 0, 5, tzinfo=CHINA_TZ)
    fetch.refresh_from_db()
    assert fetch.waiting_count == 0


def test_without_the_biz_id_phone_send_second_and_out_id_match():
    fetch = stored(
        {"send_time": SENT + timedelta(microseconds=400_000)},
        {"out_id": "order-2"},
        {"send_time": SENT + timedelta(seconds=1)},
    )

    push_receipts(receipt(success=False, err_code="MOBILE_NOT_ON_SERVICE"))

    statuses = list(fetch.records.order_by("position").values_list("status", "err_code"))
    assert statuses == [
        (Status.FAILED, "MOBILE_NOT_ON_SERVICE"),
        (Status.WAITING, ""),
        (Status.WAITING, ""),
    ]
    fetch.refresh_from_db()
    assert fetch.waiting_count == 2


def test_a_receipt_matching_no_record_changes_nothing():
    other_phone = stored({}, phone="13900139000")
    other_biz_id = stored({}, biz_id="900109999999999^0")
    other_out_id = stored({"out_id": "order-9"}, phone="13700137000")
    before = list(SmsRecord.objects.order_by("pk").values())

    push_receipts(receipt(), receipt(phone_number="13700137000"))

    assert list(SmsRecord.objects.order_by("pk").values()) == before
    for fetch in (other_phone, other_biz_id, other_out_id):
        fetch.refresh_from_db()
        assert fetch.waiting_count == 1


def test_two_records_fitting_the_fallback_key_are_left_alone():
    fetch = stored({}, {})

    push_receipts(receipt())

    assert set(fetch.records.values_list("status", flat=True)) == {Status.WAITING}


def test_a_re_push_changes_nothing():
    fetch = stored({})
    push_receipts(receipt())
    record = SmsRecord.objects.get()
    # Someone refreshes the search meanwhile and upstream tells a later receive time.
    later = record.receive_time + timedelta(seconds=30)
    SmsRecord.objects.filter(pk=record.pk).update(receive_time=later)

    push_receipts(receipt(success=False, err_code="OTHER", report_time="2026-05-20 10:00:00"))

    record.refresh_from_db()
    assert (record.status, record.err_code, record.receive_time) == (
        Status.DELIVERED,
        "DELIVERED",
        later,
    )
    fetch.refresh_from_db()
    assert fetch.waiting_count == 0


def badges(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<span class="badge (status-\w+)">(\w+)</span>', html)


def test_the_search_page_shows_the_pushed_status(agent, upstream):
    today = timezone.localdate()
    sent = datetime.combine(today, datetime.min.time(), tzinfo=CHINA_TZ) + timedelta(hours=9)
    stored({"send_time": sent}, day=today, fetched_at=timezone.now())
    search = {"phone": PHONE, "date": today.isoformat()}

    before = badges(agent.get("/", search).content.decode())
    push_receipts(
        receipt(send_time=f"{sent:%Y-%m-%d %H:%M:%S}", report_time=f"{sent:%Y-%m-%d} 09:00:05")
    )
    after = badges(agent.get("/", search).content.decode())

    assert before == [("status-waiting", "Waiting")]
    assert after == [("status-delivered", "Delivered")]
    assert upstream.calls == []  # both pages came from the store


def test_the_breakdown_groups_receipts_by_the_matched_template():
    stored({"template_code": "SMS_A"}, biz_id=BIZ_ID)
    stored({"template_code": "SMS_B", "out_id": "order-2"}, phone="13900139000")
    stored({"template_code": "SMS_B", "out_id": "order-3"}, phone="13700137000")
    push_receipts(
        receipt(),
        receipt(phone_number="13900139000", biz_id="b-2", out_id="order-2"),
        receipt(
            phone_number="13700137000",
            biz_id="b-3",
            out_id="order-3",
            success=False,
            err_code="MOBILE_IN_BLACK",
        ),
        receipt(phone_number="13600136000", biz_id="b-4", success=False, err_code="UNKNOWN"),
    )

    rows = {row.template_code: row for row in template_breakdown(start=DAY, end=DAY)}

    assert set(rows) == {"SMS_A", "SMS_B", ""}
    assert (rows["SMS_A"].receipts, rows["SMS_A"].delivered) == (1, 1)
    assert (rows["SMS_B"].receipts, rows["SMS_B"].delivered, rows["SMS_B"].failed) == (2, 1, 1)
    assert rows["SMS_B"].delivery_rate == pytest.approx(0.5)
    assert rows["SMS_B"].top_failures == (("MOBILE_IN_BLACK", 1),)
    assert rows[""].receipts == 1
    assert rows[""].top_failures == (("UNKNOWN", 1),)


def test_the_breakdown_matches_the_send_second_in_china_time():
    stored({"template_code": "SMS_A", "send_time": SENT + timedelta(milliseconds=900)})
    stored({"template_code": "SMS_B"}, phone="13900139000", day=date(2026, 5, 20))
    push_receipts(
        receipt(),
        receipt(phone_number="13900139000", biz_id="b-2", send_time="2026-05-20 09:00:01"),
    )

    rows = {row.template_code: row.receipts for row in template_breakdown(start=DAY, end=DAY)}

    assert rows == {"SMS_A": 1, "": 1}


def test_the_same_message_in_a_day_search_and_a_biz_id_search_is_updated_in_both():
    by_day = stored({})
    by_biz_id = stored({}, biz_id=BIZ_ID)

    push_receipts(receipt())

    for fetch in (by_day, by_biz_id):
        assert fetch.records.get().status == Status.DELIVERED
        fetch.refresh_from_db()
        assert fetch.waiting_count == 0


def test_a_large_push_reads_candidates_in_a_few_queries(django_assert_max_num_queries):
    phones = [f"139{n:08d}" for n in range(300)]
    for phone in phones:
        stored({}, phone=phone)
    receipts = [receipt(phone_number=phone, biz_id=f"b-{phone}") for phone in phones]

    with django_assert_max_num_queries(20):
        push_receipts(*receipts)

    assert not SmsRecord.objects.filter(status=Status.WAITING).exists()
    assert not Fetch.objects.filter(waiting_count__gt=0).exists()


def test_the_record_store_applies_parsed_receipts_through_its_service():
    """deliveries owns its rows: rates hands it the push's values, never its receipt rows."""
    from deliveries.services import records_apply_receipts
    from dysms.receipts import parse_receipts

    fetch = stored({}, biz_id=BIZ_ID)
    parsed = parse_receipts([receipt(success=False, err_code="MOBILE_IN_BLACK")])

    assert records_apply_receipts(receipts=parsed.receipts, account="default") == 1
    assert (
        records_apply_receipts(receipts=parsed.receipts, account="default") == 0
    )  # twice: no change

    assert list(fetch.records.values_list("status", "err_code")) == [
        (Status.FAILED, "MOBILE_IN_BLACK")
    ]
    with pytest.raises(TypeError):
        records_apply_receipts(parsed.receipts)  # keyword-only
