"""A stored record keeps its id, so its page and the audit entries naming it outlive refetches.

Refetches (the Refresh button, the automatic refetch of a stale day, a status poll) update the
stored rows in place: the same send keeps its id while its status moves on; a send upstream no
longer returns is removed, a new one gets a new id; identical sends of one second stay apart.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime, time, timedelta

import pytest
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone
from support.sandbox import stub_client

from access.models import Action, AuditEntry
from core.clients import get_client
from deliveries import record_store
from deliveries.fetching import fetch_day
from deliveries.models import Fetch, SmsRecord, Status
from deliveries.record_keys import record_send_key
from deliveries.record_store import store_day
from dysms.values import CHINA_TZ, SendStatus
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

TOKEN = "identity-token"
# The fields of a record's page that upstream fixes once the message is sent.
FIXED_FIELDS = {
    "content": r'<dd class="content">(.*?)(?: <form|</dd>)',  # the text, not Reveal's token
    "sent": r"<dt>Sent</dt><dd>(.*?)</dd>",
    "template": r"<dt>Template</dt><dd>(.*?)</dd>",
    "out_id": r"<dt>OutId</dt><dd>(.*?)</dd>",
    "phone": r'<dd id="record-phone">(.*?)</dd>',
}


def record_page(agent, pk: int) -> dict[str, str]:
    """The record's page (which must answer 200): its fixed fields and its status badge."""
    response = agent.get(f"/records/{pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    fields = {
        name: re.search(pattern, html, re.S).group(1) for name, pattern in FIXED_FIELDS.items()
    }
    fields["status"] = re.search(r'<dd id="record-status">(.*?)</dd>', html, re.S).group(1)
    assert fields["content"].strip() and fields["sent"] != "—"
    return fields


def fixed(page: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in page.items() if name != "status"}


def stored_ids() -> set[int]:
    return set(SmsRecord.objects.values_list("pk", flat=True))


def test_a_record_keeps_its_id_and_page_through_refresh_and_the_refetch_of_today(
    agent, upstream, pinned_clock, today, settings, django_user_model
):
    # The test lives an hour of today: it starts at noon, whatever the run's clock says, so
    # that hour never crosses midnight (after which "today" would be a finished day).
    pinned_clock.move_to(datetime.combine(today, time(12, 5), tzinfo=CHINA_TZ), tick=False)
    agent.force_login(django_user_model.objects.get(username="agent"))  # a session of noon
    search = {"phone": reserved.STILL_WAITING, "date": today.isoformat()}
    agent.get("/", search)
    record = SmsRecord.objects.get(position=0)  # today's latest send: waiting at any hour
    assert record.status == Status.WAITING
    first_ids = stored_ids()
    before = record_page(agent, record.pk)
    entry = AuditEntry.objects.get(action=Action.RECORD_VIEW, filters__record=record.pk)

    assert agent.post("/", search).status_code == 302  # Refresh
    assert len(upstream.calls) == 2
    assert stored_ids() == first_ids
    assert record_page(agent, record.pk) == before

    # An hour on (receipts of this number take 35 to 55 minutes), searching every 20 minutes
    # (the session ends after 30 idle ones): each search is past RECORDS_FRESH_SECONDS, so it
    # fetches the day again by itself; by the last one the waiting send has been delivered.
    for _ in range(3):
        pinned_clock.shift(20 * 60)
        assert agent.get("/", search).status_code == 200
    assert settings.RECORDS_FRESH_SECONDS < 20 * 60

    assert len(upstream.calls) == 5
    assert first_ids <= stored_ids()  # a newer send may have come on top, with its own id
    record.refresh_from_db()
    assert record.status == Status.DELIVERED
    after = record_page(agent, record.pk)
    assert fixed(after) == fixed(before)
    assert "status-waiting" in before["status"] and "status-delivered" in after["status"]
    # The audit entry written when the record was opened still leads to it.
    assert record_page(agent, entry.filters["record"]) == after


def test_a_pushed_receipt_and_the_id_survive_the_next_refetch(
    agent, upstream, pinned_clock, yesterday, settings
):
    """A never-receipted send (upstream keeps saying waiting) that a push said was delivered."""
    settings.SMS_REPORT_TOKEN = TOKEN
    search = {"phone": reserved.EVERY_STATUS, "date": yesterday.isoformat()}
    agent.get("/", search)
    record = SmsRecord.objects.filter(status=Status.WAITING).first()
    first_ids = stored_ids()
    sent = timezone.localtime(record.send_time)
    receipt = {
        "phone_number": record.phone,
        "send_time": f"{sent:%Y-%m-%d %H:%M:%S}",
        "report_time": f"{sent + timedelta(seconds=9):%Y-%m-%d %H:%M:%S}",
        "success": True,
        "err_code": "DELIVERED",
        "err_msg": "用户接收成功",
        "sms_size": "1",
        "biz_id": "900101234567890^0",
        "out_id": record.out_id,
    }
    pushed = Client().post(
        f"/receipts/{TOKEN}/", data=json.dumps([receipt]), content_type="application/json"
    )
    assert pushed.status_code == 200
    record.refresh_from_db()
    assert record.status == Status.DELIVERED

    pinned_clock.shift(settings.RECORDS_FRESH_SECONDS + 1)
    agent.get("/", search)

    assert len(upstream.calls) == 2  # refetched: the day still has a waiting send
    assert stored_ids() == first_ids
    record.refresh_from_db()
    assert (record.status, record.err_code) == (Status.DELIVERED, "DELIVERED")
    assert record.receive_time == sent + timedelta(seconds=9)
    assert Fetch.objects.get().waiting_count == 1  # the other never-receipted send
    assert "status-delivered" in record_page(agent, record.pk)["status"]


def detail(day, clock: str, content: str, status: int = 1, received: str = "") -> dict:
    """One SmsSendDetailDTO of ``day`` at ``clock`` (HH:MM:SS); final ones with a receipt."""
    dto = {"SendDate": f"{day:%Y-%m-%d} {clock}", "OutId": "order-1", "SendStatus": status}
    if status != 1:
        dto["ReceiveDate"] = f"{day:%Y-%m-%d} {received or clock}"
        dto["ErrCode"] = "DELIVERED" if status == 3 else "MOBILE_NOT_ON_SERVICE"
    return {**dto, "TemplateCode": "SMS_100", "Content": content, "PhoneNum": "13900000000"}


def answer(*details) -> dict:
    return {
        "Code": "OK",
        "RequestId": "R1",
        "TotalCount": len(details),
        "SmsSendDetailDTOs": {"SmsSendDetailDTO": list(details)},
    }


def stored_in_order() -> list[tuple[int, int, str]]:
    """(id, status, content) of the stored records in upstream order."""
    return list(SmsRecord.objects.order_by("position").values_list("pk", "status", "content"))


@pytest.fixture
def stubbed(install_client, past_day):
    """Upstream answering ``past_day`` of 13900000000 with ``stubbed.body`` (change it)."""
    guarded, adapter = stub_client(answer())
    install_client(guarded)
    adapter.search = {"phone": "13900000000", "date": past_day.isoformat()}
    return adapter


def test_a_send_upstream_no_longer_returns_goes_and_a_new_one_comes_with_a_new_id(
    agent, stubbed, past_day
):
    stubbed.body = answer(
        detail(past_day, "10:00:05", "【云雀科技】您的订单已发货。", status=3),
        detail(past_day, "10:00:00", "【云雀科技】您的订单已支付。"),
    )
    agent.get("/", stubbed.search)
    (shipped, _, _), (paid, _, _) = stored_in_order()

    stubbed.body = answer(
        detail(past_day, "10:00:09", "【云雀科技】您的订单已签收。"),
        detail(past_day, "10:00:05", "【云雀科技】您的订单已发货。", status=3),
    )
    agent.post("/", stubbed.search)  # Refresh

    rows = stored_in_order()
    assert [row[1:] for row in rows] == [
        (Status.WAITING, "【云雀科技】您的订单已签收。"),
        (Status.DELIVERED, "【云雀科技】您的订单已发货。"),
    ]
    signed = rows[0][0]
    assert rows[1][0] == shipped
    assert signed not in {shipped, paid}
    assert agent.get(f"/records/{paid}/").status_code == 404
    assert "已签收" in record_page(agent, signed)["content"]
    assert Fetch.objects.get().stored_count == 2


def test_identical_sends_of_one_second_keep_their_own_ids_across_refetches(
    agent, stubbed, past_day
):
    twice = "【云雀科技】验证码482913，5分钟内有效。"
    stubbed.body = answer(detail(past_day, "10:00:00", twice), detail(past_day, "10:00:00", twice))
    agent.get("/", stubbed.search)
    (first, _, _), (second, _, _) = stored_in_order()
    assert first != second

    # A newer send on top; the two identical ones got their receipts, each its own.
    stubbed.body = answer(
        detail(past_day, "10:05:00", "【云雀科技】欢迎回来。", status=3),
        detail(past_day, "10:00:00", twice, status=3, received="10:00:04"),
        detail(past_day, "10:00:00", twice, status=2, received="10:00:07"),
    )
    agent.post("/", stubbed.search)
    agent.post("/", stubbed.search)  # and once more: nothing moves

    rows = stored_in_order()
    assert [(pk, status) for pk, status, _ in rows[1:]] == [
        (first, Status.DELIVERED),
        (second, Status.FAILED),
    ]
    assert rows[0][0] not in {first, second}
    assert list(SmsRecord.objects.filter(pk__in=[first, second]).values_list("ordinal")) == [
        (0,),
        (1,),
    ]
    assert "status-failed" in record_page(agent, second)["status"]


def test_a_refetch_that_fails_half_way_leaves_the_day_as_it_was(
    agent, stubbed, past_day, monkeypatch
):
    stubbed.body = answer(
        detail(past_day, "10:00:05", "【云雀科技】您的订单已发货。"),
        detail(past_day, "10:00:00", "【云雀科技】您的订单已支付。"),
    )
    agent.get("/", stubbed.search)
    before = stored_in_order()
    fetched_at = Fetch.objects.get().fetched_at
    stubbed.body = answer(
        detail(past_day, "10:00:09", "【云雀科技】您的订单已签收。"),
        detail(past_day, "10:00:05", "【云雀科技】您的订单已发货。", status=3),
    )

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    # The updates and the delete have run by then; the new row cannot be written.
    monkeypatch.setattr(record_store, "insert_rows", broken)
    with pytest.raises(DatabaseError):
        agent.post("/", stubbed.search)

    assert stored_in_order() == before
    assert Fetch.objects.get().fetched_at == fetched_at


def test_the_status_check_of_one_of_two_identical_sends_answers_for_that_send(
    agent, stubbed, past_day, pinned_clock, settings
):
    twice = "【云雀科技】验证码482913，5分钟内有效。"
    stubbed.body = answer(detail(past_day, "10:00:00", twice), detail(past_day, "10:00:00", twice))
    agent.get("/", stubbed.search)
    (first, _, _), (second, _, _) = stored_in_order()
    stubbed.body = answer(
        detail(past_day, "10:00:00", twice),
        detail(past_day, "10:00:00", twice, status=3, received="10:00:04"),
    )
    pinned_clock.shift(settings.RECORDS_FRESH_SECONDS + 1)

    polled = agent.get(f"/records/{second}/status/").json()

    assert stubbed.calls == 2
    assert (polled["id"], polled["status"], polled["final"]) == (second, "delivered", True)
    assert SmsRecord.objects.get(pk=first).status == Status.WAITING


def test_the_status_check_of_a_send_upstream_dropped_stops_asking(
    agent, stubbed, past_day, pinned_clock, settings
):
    stubbed.body = answer(detail(past_day, "10:00:00", "【云雀科技】您的订单已支付。"))
    agent.get("/", stubbed.search)
    (paid, _, _) = stored_in_order()[0]
    stubbed.body = answer(detail(past_day, "10:00:09", "【云雀科技】您的订单已签收。"))
    pinned_clock.shift(settings.RECORDS_FRESH_SECONDS + 1)

    polled = agent.get(f"/records/{paid}/status/").json()

    assert stubbed.calls == 2
    assert (polled["id"], polled["status"], polled["next"]) == (paid, "waiting", "")
    assert not SmsRecord.objects.filter(pk=paid).exists()


def test_refetching_a_busy_day_keeps_every_id_in_a_few_queries(
    upstream, yesterday, django_assert_max_num_queries
):
    """420 records: a new send on top moves all down, and all of them got their receipts."""
    key = {"phone": reserved.HUNDREDS, "day": yesterday, "biz_id": ""}
    fetched = fetch_day(get_client(), **key)
    assert len(fetched.records) == 420
    earlier = [
        dataclasses.replace(r, status=SendStatus.WAITING, err_code="", receive_time=None)
        for r in fetched.records[1:]
    ]
    store_day(key, dataclasses.replace(fetched, records=earlier), fetched_at=timezone.now())
    ids = dict(SmsRecord.objects.values_list("send_time", "pk"))  # one send a second or more
    assert len(ids) == 419

    with django_assert_max_num_queries(30):
        store_day(key, fetched, fetched_at=timezone.now())

    rows = list(SmsRecord.objects.order_by("position"))
    assert [row.position for row in rows] == list(range(420))
    assert [row.pk for row in rows[1:]] == [ids[r.send_time] for r in earlier]
    assert [(row.status, row.err_code) for row in rows] == [
        (r.status, r.err_code) for r in fetched.records
    ]
    assert [row.receive_time for row in rows] == [r.receive_time for r in fetched.records]
    assert Fetch.objects.get().waiting_count == 0


def test_records_created_one_by_one_get_their_key_and_the_next_ordinal(past_day):
    fetch = Fetch.objects.create(
        phone="13900000000",
        day=past_day,
        fetched_at=timezone.now(),
        total_count=2,
        stored_count=2,
    )
    same = {"fetch": fetch, "phone": "13900000000", "send_day": past_day, "status": 1}
    first = SmsRecord.objects.create(position=0, content="【云雀科技】验证码1234", **same)
    second = SmsRecord.objects.create(position=1, content="【云雀科技】验证码1234", **same)

    assert (first.ordinal, second.ordinal) == (0, 1)
    assert first.send_key == second.send_key == record_send_key(first)
    assert len(first.send_key) == 64
