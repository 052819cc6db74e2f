"""Each reserved phone number misbehaves in its one documented way."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
import requests
from support import ROOT
from support.signed_requests import NOW, Sleeps, query, v1_request, v3_request

from dysms.values import CHINA_TZ, SendStatus
from dysms_sandbox import (
    RESERVED_NUMBERS,
    SANDBOX_ENDPOINT,
    Sandbox,
    SandboxAdapter,
    reserved,
)
from dysms_sandbox.accounts import (
    INACTIVE_ACCESS_KEY_ID,
    INACTIVE_ACCESS_KEY_SECRET,
    NO_PERMISSION_ACCESS_KEY_ID,
    NO_PERMISSION_ACCESS_KEY_SECRET,
    RESERVED_KEY_PAIRS,
)
from dysms_sandbox.generator import day_messages, messages_until

DOCS = ROOT / "docs" / "sandbox.md"
PAST_DAYS = ["20250614", "20250601", "20250517"]


def ask(sandbox_service, phone, **params):
    return sandbox_service.handle(
        *v3_request(query(phone=phone, **params), when=sandbox_service.now())
    )


def test_every_reserved_number_is_described_and_documented():
    documented = DOCS.read_text(encoding="utf-8")
    numbers = {
        value for name, value in vars(reserved).items() if re.fullmatch(r"1380000\d{4}", str(value))
    }
    assert numbers == set(RESERVED_NUMBERS)
    for number, description in RESERVED_NUMBERS.items():
        assert description
        assert f"`{number}`" in documented, f"{number} is missing from docs/sandbox.md"


def test_throttled_number_is_refused_on_every_try(sandbox_service):
    for _ in range(3):
        response = ask(sandbox_service, reserved.THROTTLED)
        assert response.status == 400
        assert response.json()["Code"] == "Throttling.User"


def test_reserved_numbers_still_need_a_good_signature(sandbox_service):
    request = v3_request(query(phone=reserved.THROTTLED), secret="wrong")
    assert sandbox_service.handle(*request).json()["Code"] == "SignatureDoesNotMatch"


def test_bad_gateway_number_gets_an_html_502(sandbox_service):
    response = ask(sandbox_service, reserved.BAD_GATEWAY)
    assert response.status == 502
    assert response.headers["Content-Type"] == "text/html"
    assert response.body.startswith(b"<html>")


def test_not_json_number_gets_a_200_that_does_not_parse(sandbox_service):
    response = ask(sandbox_service, reserved.NOT_JSON)
    assert response.status == 200
    with pytest.raises(ValueError):
        response.json()


def test_account_problem_number_gets_account_abnormal_in_a_200_body(sandbox_service):
    response = ask(sandbox_service, reserved.ACCOUNT_PROBLEM)
    assert response.status == 200
    assert response.json()["Code"] == "isv.ACCOUNT_ABNORMAL"


@pytest.mark.parametrize(
    "phone, status, code",
    [
        (reserved.INTERNAL_ERROR, 500, "InternalError"),
        (reserved.SERVICE_UNAVAILABLE, 503, "ServiceUnavailable"),
    ],
)
def test_outage_numbers_get_the_services_json_5xx(sandbox_service, phone, status, code):
    response = ask(sandbox_service, phone)
    assert response.status == status
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["Code"] == code and body["Message"] and body["RequestId"]
    assert body["HostId"] == "dysmsapi.aliyuncs.com"


@pytest.mark.parametrize("page", [1, 2])
def test_count_without_records_number_counts_twelve_and_lists_none(sandbox_service, page):
    body = ask(sandbox_service, reserved.COUNT_WITHOUT_RECORDS, day="20250614", page=page).json()
    assert body["Code"] == "OK"
    assert body["TotalCount"] == reserved.COUNT_WITHOUT_RECORDS_TOTAL == 12
    assert body["SmsSendDetailDTOs"] == {"SmsSendDetailDTO": []}


@pytest.mark.parametrize(
    "key_id, secret, status, code",
    [
        (INACTIVE_ACCESS_KEY_ID, INACTIVE_ACCESS_KEY_SECRET, 400, "InvalidAccessKeyId.Inactive"),
        (
            NO_PERMISSION_ACCESS_KEY_ID,
            NO_PERMISSION_ACCESS_KEY_SECRET,
            200,
            "isp.RAM_PERMISSION_DENY",
        ),
    ],
)
@pytest.mark.parametrize("version", ["v3", "v1"])
def test_reserved_keys_get_their_answer_on_every_api(
    sandbox_service, key_id, secret, status, code, version
):
    for action, params in [
        ("QuerySendDetails", query()),
        ("QuerySmsTemplateList", {}),
        ("GetSmsTemplate", {"TemplateCode": "SMS_271935402"}),
    ]:
        signed = dict(when=sandbox_service.now(), key_id=key_id, secret=secret, action=action)
        if version == "v3":
            request = v3_request(params, **signed)
        else:
            request = v1_request(params, Format="JSON", **signed)
        response = sandbox_service.handle(*request)
        assert (response.status, response.json()["Code"]) == (status, code), action


def test_the_disabled_key_is_refused_before_its_signature_is_looked_at(sandbox_service):
    request = v3_request(key_id=INACTIVE_ACCESS_KEY_ID, secret="not-its-secret")
    assert sandbox_service.handle(*request).json()["Code"] == "InvalidAccessKeyId.Inactive"


def test_the_ram_denied_key_still_needs_a_good_signature(sandbox_service):
    request = v3_request(key_id=NO_PERMISSION_ACCESS_KEY_ID, secret="not-its-secret")
    assert sandbox_service.handle(*request).json()["Code"] == "SignatureDoesNotMatch"


def test_every_reserved_key_pair_is_documented():
    documented = DOCS.read_text(encoding="utf-8")
    pairs = {
        INACTIVE_ACCESS_KEY_ID: INACTIVE_ACCESS_KEY_SECRET,
        NO_PERMISSION_ACCESS_KEY_ID: NO_PERMISSION_ACCESS_KEY_SECRET,
    }
    assert set(pairs) == set(RESERVED_KEY_PAIRS)
    for key_id, secret in pairs.items():
        assert f"| `{key_id}` | `{secret}` |" in documented


def test_slow_number_stalls_its_otherwise_normal_answer_for_thirty_seconds(sandbox_service):
    response = ask(sandbox_service, reserved.SLOW_ANSWER)
    assert response.stall == 30.0
    assert response.json()["Code"] == "OK"


@pytest.mark.parametrize("timeout", [(3.05, 2.5), 2.5])
def test_slow_number_through_the_adapter_times_out_at_the_read_timeout(sandbox_clock, timeout):
    sleeps = Sleeps()
    session = requests.Session()
    session.mount(SANDBOX_ENDPOINT, SandboxAdapter(Sandbox(clock=sandbox_clock, sleep=sleeps)))
    method, url, headers, body = v3_request(query(phone=reserved.SLOW_ANSWER))
    with pytest.raises(requests.exceptions.ReadTimeout):
        session.request(method, url, headers=headers, data=body, timeout=timeout)
    assert sleeps.calls == [2.5]


def test_slow_number_without_a_timeout_answers_after_the_stall(sandbox_clock):
    sleeps = Sleeps()
    session = requests.Session()
    session.mount(SANDBOX_ENDPOINT, SandboxAdapter(Sandbox(clock=sandbox_clock, sleep=sleeps)))
    method, url, headers, body = v1_request(query(phone=reserved.SLOW_ANSWER))
    assert session.request(method, url, headers=headers).json()["Code"] == "OK"
    assert sleeps.calls == [30.0]


@pytest.mark.parametrize("day", PAST_DAYS)
def test_hundreds_number_has_420_records_every_day(sandbox_service, day):
    assert ask(sandbox_service, reserved.HUNDREDS, day=day).json()["TotalCount"] == 420


@pytest.mark.parametrize("day", PAST_DAYS)
def test_thousands_number_has_more_than_a_thousand_records_every_day(sandbox_service, day):
    assert int(ask(sandbox_service, reserved.THOUSANDS, day=day).json()["TotalCount"]) > 1000


def test_bulk_numbers_have_sent_everything_shortly_after_midnight():
    at_one = NOW.replace(hour=17) - timedelta(days=1)  # 01:00 on June 15th in China
    assert len(messages_until(reserved.THOUSANDS, date(2025, 6, 15), at_one)) == 1200


@pytest.mark.parametrize("day", PAST_DAYS)
def test_no_traffic_number_never_has_records(sandbox_service, day):
    assert ask(sandbox_service, reserved.NO_TRAFFIC, day=day).json()["TotalCount"] == 0


def test_dead_number_has_only_failed_sends():
    messages = [
        m for n in range(1, 8) for m in day_messages(reserved.DEAD_NUMBER, date(2025, 6, n))
    ]
    assert messages
    assert {m.status_at(NOW) for m in messages} == {SendStatus.FAILED}


def test_still_waiting_number_has_its_recent_sends_waiting_and_older_ones_final(
    sandbox_service, sandbox_clock
):
    records = ask(sandbox_service, reserved.STILL_WAITING, size=10).json()["SmsSendDetailDTOs"]
    statuses = [record["SendStatus"] for record in records["SmsSendDetailDTO"]]
    assert statuses[0] == 1
    assert statuses[-1] == 3
    assert statuses == sorted(statuses)  # newest (waiting) first
    sandbox_clock.advance(hours=1)
    older = ask(sandbox_service, reserved.STILL_WAITING, size=50).json()["SmsSendDetailDTOs"]
    first_batch = {record["SendDate"] for record in records["SmsSendDetailDTO"]}
    assert {r["SendStatus"] for r in older["SmsSendDetailDTO"] if r["SendDate"] in first_batch} == {
        3
    }


def test_still_waiting_number_has_no_waiting_records_on_past_days(sandbox_service):
    records = ask(sandbox_service, reserved.STILL_WAITING, day="20250614").json()[
        "SmsSendDetailDTOs"
    ]
    assert {record["SendStatus"] for record in records["SmsSendDetailDTO"]} == {3}


# The fixed shapes hold on every day: two whole years, leap day and year ends included.
EVERY_DAY = [date(2026, 1, 1) + timedelta(days=n) for n in range(365 + 366)]
FIXED_SHAPES = {
    # number: (sends, delivered, failed, never receipted, first send, last send)
    reserved.DEAD_NUMBER: (6, 0, 6, 0, "09:10", "20:25"),
    reserved.ONE_PAGE: (20, 16, 4, 0, "08:00", "17:30"),
    reserved.ALL_DELIVERED: (5, 5, 0, 0, "09:00", "17:00"),
    reserved.SLOW_ANSWER: (4, 4, 0, 0, "09:00", "18:00"),
    reserved.EVERY_STATUS: (20, 14, 4, 2, "08:15", "17:45"),
    reserved.TWO_PAGES: (75, 70, 5, 0, "07:00", "19:20"),
}
BULK_SHAPES = {reserved.HUNDREDS: (420, 406, 14), reserved.THOUSANDS: (1200, 1160, 40)}


@pytest.mark.parametrize("phone", sorted(BULK_SHAPES))
def test_bulk_numbers_have_the_same_counts_on_every_day(phone):
    sends, delivered, failed = BULK_SHAPES[phone]
    for day in EVERY_DAY[::7]:
        messages = day_messages(phone, day)
        statuses = Counter(m.final_status for m in messages)
        assert (len(messages), statuses[SendStatus.DELIVERED], statuses[SendStatus.FAILED]) == (
            sends,
            delivered,
            failed,
        )


@pytest.mark.parametrize("phone", sorted(FIXED_SHAPES))
def test_fixed_shape_numbers_have_the_same_shape_on_every_day(phone):
    sends, delivered, failed, waiting, first, last = FIXED_SHAPES[phone]
    for day in EVERY_DAY:
        messages = day_messages(phone, day)
        end_of_day = datetime.combine(day + timedelta(days=2), time(0), tzinfo=CHINA_TZ)
        statuses = Counter(m.status_at(end_of_day) for m in messages)
        assert len(messages) == sends, day
        assert statuses[SendStatus.DELIVERED] == delivered, day
        assert statuses[SendStatus.FAILED] == failed, day
        assert statuses[SendStatus.WAITING] == waiting, day
        assert f"{messages[-1].send_time:%H:%M}" == first
        assert f"{messages[0].send_time:%H:%M}" == last
        assert {m.send_time.astimezone(CHINA_TZ).date() for m in messages} == {day}


def test_the_two_page_number_fills_two_pages_of_fifty(sandbox_service):
    answer = ask(sandbox_service, reserved.TWO_PAGES, day="20250614", size=50, page=2).json()
    assert answer["TotalCount"] == 75
    assert len(answer["SmsSendDetailDTOs"]["SmsSendDetailDTO"]) == 25


@pytest.mark.parametrize("minutes", range(0, 24 * 60, 7))
def test_the_still_waiting_number_has_a_waiting_send_today_at_any_time(minutes):
    day = date(2026, 12, 31)
    now = datetime.combine(day, time(0), tzinfo=CHINA_TZ) + timedelta(minutes=minutes, seconds=1)
    shown = messages_until(reserved.STILL_WAITING, day, now)
    assert shown[0].status_at(now) is SendStatus.WAITING
    assert len(shown) <= 48  # one page, even at the end of the day
