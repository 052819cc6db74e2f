"""The sandbox's records are realistic, the same every time, and paged like the service's."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from support import ROOT
from support.signed_requests import NOW, TODAY, Clock, query, v3_request

from dysms.parsing import parse_send_details
from dysms.values import CHINA_TZ, SendStatus
from dysms_sandbox import Sandbox
from dysms_sandbox.generator import (
    DEAD_NUMBER_CODES,
    FAILURE_CODES,
    day_messages,
    messages_until,
)

SAMPLE_PHONES = [f"139{n:08d}" for n in range(0, 40_000_000, 331_777)][:120]
DAYS = [date(2025, 6, 15) - timedelta(days=n) for n in range(29)]


def fetch(sandbox, **params):
    response = sandbox.handle(*v3_request(query(**params), when=sandbox.now()))
    body = response.json()
    assert body["Code"] == "OK", body
    return body


def details(body):
    return body["SmsSendDetailDTOs"]["SmsSendDetailDTO"]


def past_day_messages(phone, day):
    return messages_until(phone, day, NOW)


# --- determinism ----------------------------------------------------------------


def test_two_sandboxes_answer_the_same_records():
    first = fetch(Sandbox(clock=Clock()), phone="13800000999", day="20250614", size=50)
    second = fetch(Sandbox(clock=Clock()), phone="13800000999", day="20250614", size=50)
    assert details(first) == details(second)
    assert first["RequestId"] != second["RequestId"]


def test_records_do_not_depend_on_the_process_hash_seed():
    script = (
        "import json; from datetime import date;"
        "from dysms_sandbox.generator import day_messages;"
        "print(json.dumps([(m.biz_id, m.content, m.err_code) "
        "for m in day_messages('13912345678', date(2025, 6, 10))]))"
    )
    runs = []
    for hash_seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
        output = subprocess.run(
            [sys.executable, "-c", script], env=environment, capture_output=True, check=True
        ).stdout
        runs.append(json.loads(output))
    assert runs[0] == runs[1]
    assert runs[0] == [
        [m.biz_id, m.content, m.err_code] for m in day_messages("13912345678", date(2025, 6, 10))
    ]


def test_different_phones_and_days_get_different_records():
    one = [m.biz_id for m in day_messages("13800000999", date(2025, 6, 10))]
    assert one != [m.biz_id for m in day_messages("13800000999", date(2025, 6, 11))]
    assert one != [m.biz_id for m in day_messages("13800009999", date(2025, 6, 10))]


# --- realism ----------------------------------------------------------------------


def test_daily_counts_are_mostly_small_with_some_empty_and_some_multi_page_days():
    counts = [len(past_day_messages(phone, day)) for phone in SAMPLE_PHONES[:60] for day in DAYS]
    share = Counter(
        "none" if n == 0 else "few" if n <= 5 else "many" if n <= 50 else "pages" for n in counts
    )
    assert 0.15 < share["none"] / len(counts) < 0.5
    assert share["few"] > share["many"] > share["pages"] > 0


def test_most_sends_are_delivered_and_a_few_fail_with_receipt_codes():
    messages = [m for phone in SAMPLE_PHONES for day in DAYS[1:4] for m in day_messages(phone, day)]
    statuses = Counter(m.status_at(NOW) for m in messages)
    failed = statuses[SendStatus.FAILED] / len(messages)
    assert statuses[SendStatus.DELIVERED] / len(messages) > 0.85
    assert 0.01 < failed < 0.15
    codes = Counter(m.err_code for m in messages if m.final_status is SendStatus.FAILED)
    assert set(codes) <= set(FAILURE_CODES) | set(DEAD_NUMBER_CODES)
    assert len(codes) >= 5
    assert {"MK:0001", "UNDELIV"} & set(codes), "a raw carrier code now and then"
    assert {m.err_code for m in messages if m.final_status is SendStatus.DELIVERED} == {"DELIVERED"}


def test_records_look_like_the_service_s():
    body = fetch(Sandbox(clock=Clock()), phone="13800000999", day="20250614", size=50)
    templates = set()
    for detail in details(body):
        assert list(detail) == [
            "SendDate",
            "OutId",
            "SendStatus",
            "ReceiveDate",
            "ErrCode",
            "TemplateCode",
            "Content",
            "PhoneNum",
        ]
        assert detail["PhoneNum"] == "13800000999"
        assert re.fullmatch(r"SMS_\d{9}", detail["TemplateCode"])
        assert re.match(r"【[^】]+】", detail["Content"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", detail["SendDate"])
        assert detail["SendStatus"] in (2, 3)
        templates.add(detail["TemplateCode"])
    assert len(templates) >= 4
    assert any(detail["OutId"] for detail in details(body))


def test_biz_ids_look_like_the_service_s():
    for message in day_messages("13800000999", date(2025, 6, 14)):
        assert re.fullmatch(r"\d{18}\^0", message.biz_id)


def test_receipts_come_seconds_to_minutes_after_the_send_on_the_asked_day():
    for phone in SAMPLE_PHONES[:40]:
        for message in day_messages(phone, date(2025, 6, 12)):
            assert message.send_time.astimezone(CHINA_TZ).date() == date(2025, 6, 12)
            assert timedelta(seconds=2) <= message.receipt_delay <= timedelta(minutes=5)


def test_records_of_a_day_are_newest_first():
    sent = [m.send_time for m in day_messages("13800000999", date(2025, 6, 14))]
    assert sent == sorted(sent, reverse=True)


def test_today_shows_only_what_was_sent_up_to_now():
    clock = Clock()
    sandbox = Sandbox(clock=clock)
    morning = len(messages_until("13800000001", date(2025, 6, 15), NOW))
    assert int(fetch(sandbox, phone="13800000001", size=1)["TotalCount"]) == morning
    clock.advance(hours=3)  # one send every 30 minutes
    assert (
        int(fetch(sandbox, phone="13800000001", size=1)["TotalCount"]) == morning + 6
    )  # one send every 30 minutes
    for detail in details(fetch(sandbox, phone="13800000001")):
        sent = datetime.strptime(detail["SendDate"], "%Y-%m-%d %H:%M:%S")
        assert sent.replace(tzinfo=CHINA_TZ) <= clock.now


def test_a_send_waits_for_its_receipt_and_then_turns_final():
    message = day_messages("13800000999", date(2025, 6, 14))[0]
    just_sent = message.send_time + timedelta(seconds=1)
    waiting = message.as_detail(just_sent)
    assert waiting["SendStatus"] == 1
    assert "ReceiveDate" not in waiting and "ErrCode" not in waiting
    final = message.as_detail(message.receive_time)
    assert final["SendStatus"] in (2, 3)
    assert final["ReceiveDate"] == message.receive_time.strftime("%Y-%m-%d %H:%M:%S")


def test_only_sends_of_the_last_few_minutes_are_still_waiting():
    now = NOW + timedelta(hours=6)
    for phone in SAMPLE_PHONES:
        for message in messages_until(phone, date(2025, 6, 15), now):
            if message.status_at(now) is SendStatus.WAITING:
                assert now - message.send_time <= timedelta(minutes=5)


def test_the_client_parser_reads_the_sandbox_records():
    page = parse_send_details(fetch(Sandbox(clock=Clock()), phone="13800000001", size=5))
    assert page.total_count > 5 and len(page.records) == 5
    assert {record.status for record in page.records} >= {SendStatus.WAITING}


# --- paging and BizId -----------------------------------------------------------


def test_pages_cover_the_day_once_in_order():
    sandbox = Sandbox(clock=Clock())
    pages = [fetch(sandbox, phone="13800000999", day="20250614", page=n, size=50) for n in (1, 9)]
    assert all(page["TotalCount"] == 420 for page in pages)
    everything = []
    for number in range(1, 10):
        everything += details(fetch(sandbox, phone="13800000999", day="20250614", page=number))
    expected = [m.as_detail(NOW) for m in day_messages("13800000999", date(2025, 6, 14))]
    assert everything == expected
    assert len(details(pages[1])) == 20


def test_a_page_past_the_end_is_empty_but_keeps_the_total():
    body = fetch(Sandbox(clock=Clock()), phone="13800000999", day="20250614", page=99, size=50)
    assert body["TotalCount"] == 420 and details(body) == []


def test_a_day_without_traffic_is_an_empty_list():
    body = fetch(Sandbox(clock=Clock()), phone="13800000000")
    assert body["TotalCount"] == 0 and details(body) == []


@pytest.mark.parametrize("position", [0, 137, 419])
def test_a_biz_id_narrows_the_day_to_that_send(position):
    message = day_messages("13800000999", date(2025, 6, 14))[position]
    body = fetch(Sandbox(clock=Clock()), phone="13800000999", day="20250614", biz_id=message.biz_id)
    assert body["TotalCount"] == 1
    assert details(body) == [message.as_detail(NOW)]


def test_an_unknown_biz_id_finds_nothing():
    body = fetch(Sandbox(clock=Clock()), phone="13800000999", day=TODAY, biz_id="123456^0")
    assert body["TotalCount"] == 0 and details(body) == []
