"""Every known shape of a QuerySendDetails answer becomes the same typed page."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dysms.errors import ServiceUnavailableError
from dysms.parsing import (
    MAX_STATISTICS_COUNT,
    MAX_TOTAL_COUNT,
    clean_text,
    parse_china_time,
    parse_send_details,
    parse_send_statistics,
    parse_status,
)
from dysms.values import CHINA_TZ, DailyStatistics, SendStatus, StatisticsPage

DELIVERED = {
    "PhoneNum": "13800138000",
    "SendStatus": 3,
    "ErrCode": "DELIVERED",
    "TemplateCode": "SMS_12345",
    "Content": "【阿里云】验证码为：123",
    "SendDate": "2025-06-01 16:44:10",
    "ReceiveDate": "2025-06-01 16:44:13",
    "OutId": "order-7",
}
WAITING = {
    "PhoneNum": "13800138000",
    "SendStatus": 1,
    "TemplateCode": "SMS_12345",
    "Content": "hello",
    "SendDate": "2025-06-01 17:00:00",
}


def body(**fields):
    return {"Code": "OK", "Message": "OK", "RequestId": "REQ-1", **fields}


def test_documented_shape_becomes_typed_records():
    page = parse_send_details(
        body(TotalCount="1", SmsSendDetailDTOs={"SmsSendDetailDTO": [DELIVERED]})
    )
    assert page.total_count == 1
    assert page.request_id == "REQ-1"
    (record,) = page.records
    assert record.phone == "13800138000"
    assert record.status is SendStatus.DELIVERED
    assert record.err_code == "DELIVERED"
    assert record.template_code == "SMS_12345"
    assert record.content == "【阿里云】验证码为：123"
    assert record.out_id == "order-7"
    assert record.send_time == datetime(2025, 6, 1, 16, 44, 10, tzinfo=CHINA_TZ)
    assert record.receive_time == datetime(2025, 6, 1, 16, 44, 13, tzinfo=CHINA_TZ)
    assert record.send_time.utcoffset().total_seconds() == 8 * 3600


@pytest.mark.parametrize(("total", "expected"), [("12", 12), (12, 12), (12.0, 12), ("0", 0)])
def test_total_count_as_string_or_number(total, expected):
    assert parse_send_details(body(TotalCount=total)).total_count == expected


def test_missing_total_count_reads_as_zero():
    assert parse_send_details(body()).total_count == 0
    assert parse_send_details(body(TotalCount=None)).total_count == 0


@pytest.mark.parametrize("total", ["many", "-1", -3, "1.5"])
def test_unreadable_total_count_is_a_malformed_answer(total):
    with pytest.raises(ServiceUnavailableError) as caught:
        parse_send_details(body(TotalCount=total))
    assert caught.value.request_id == "REQ-1"


def test_single_object_instead_of_a_list():
    page = parse_send_details(body(TotalCount=1, SmsSendDetailDTOs={"SmsSendDetailDTO": DELIVERED}))
    assert [r.status for r in page.records] == [SendStatus.DELIVERED]


def test_bare_list_without_the_inner_wrapper():
    page = parse_send_details(body(TotalCount=2, SmsSendDetailDTOs=[DELIVERED, WAITING]))
    assert len(page.records) == 2


@pytest.mark.parametrize(
    "wrapper",
    [
        {},
        {"SmsSendDetailDTO": []},
        {"SmsSendDetailDTO": None},
        {"SmsSendDetailDTO": {}},
        None,
        "",
        [],
    ],
)
def test_missing_or_empty_wrapper_gives_no_records(wrapper):
    assert parse_send_details(body(TotalCount=0, SmsSendDetailDTOs=wrapper)).records == ()


def test_wrapper_key_absent_gives_no_records():
    assert parse_send_details(body(TotalCount="0")).records == ()


def test_empty_list_with_non_zero_total_is_kept_as_reported():
    page = parse_send_details(body(TotalCount="2", SmsSendDetailDTOs={"SmsSendDetailDTO": []}))
    assert page.total_count == 2
    assert page.records == ()


def test_waiting_record_without_receive_date_or_err_code():
    (record,) = parse_send_details(body(SmsSendDetailDTOs={"SmsSendDetailDTO": [WAITING]})).records
    assert record.status is SendStatus.WAITING
    assert record.err_code == ""
    assert record.receive_time is None
    assert record.out_id == ""


def test_empty_strings_for_dates_give_none():
    item = {**WAITING, "ReceiveDate": "", "ErrCode": ""}
    (record,) = parse_send_details(body(SmsSendDetailDTOs={"SmsSendDetailDTO": [item]})).records
    assert record.receive_time is None


@pytest.mark.parametrize("status", [3, "3", " 3 ", 3.0])
def test_send_status_as_number_or_string(status):
    assert parse_status(status, "DELIVERED") is SendStatus.DELIVERED


@pytest.mark.parametrize(
    ("status", "expected"), [(1, "WAITING"), ("2", "FAILED"), (3, "DELIVERED")]
)
def test_known_status_wins_over_err_code(status, expected):
    assert parse_status(status, "DELIVRD").name == expected


def test_delivrd_carrier_code_counts_as_success():
    item = {**DELIVERED, "SendStatus": "", "ErrCode": "DELIVRD"}
    (record,) = parse_send_details(body(SmsSendDetailDTOs={"SmsSendDetailDTO": [item]})).records
    assert record.status is SendStatus.DELIVERED
    assert record.err_code == "DELIVRD"


@pytest.mark.parametrize(
    ("status", "err_code", "expected"),
    [
        (0, "DELIVERED", SendStatus.DELIVERED),
        (9, "delivrd", SendStatus.DELIVERED),
        ("unknown", "MOBILE_NOT_ON_SERVICE", SendStatus.FAILED),
        (None, "MK:0001", SendStatus.FAILED),
        (4, "", SendStatus.WAITING),
        (None, "", SendStatus.WAITING),
    ],
)
def test_unknown_status_decided_from_err_code(status, err_code, expected):
    assert parse_status(status, err_code) is expected


def test_numeric_phone_and_null_fields_become_text():
    item = {**DELIVERED, "PhoneNum": 13800138000, "Content": None, "OutId": 42}
    (record,) = parse_send_details(body(SmsSendDetailDTOs={"SmsSendDetailDTO": item})).records
    assert record.phone == "13800138000"
    assert record.content == ""
    assert record.out_id == "42"


def test_content_whitespace_is_kept_verbatim():
    item = {**DELIVERED, "Content": " hi\u00a0there "}
    (record,) = parse_send_details(body(SmsSendDetailDTOs={"SmsSendDetailDTO": item})).records
    assert record.content == " hi\u00a0there "


@pytest.mark.parametrize("value", ["2025-06-01T16:44:10Z", "yesterday", "2025-13-01 00:00:00", 5])
def test_unreadable_times_give_none(value):
    assert parse_china_time(value) is None


def test_record_that_is_not_an_object_is_a_malformed_answer():
    with pytest.raises(ServiceUnavailableError):
        parse_send_details(body(SmsSendDetailDTOs={"SmsSendDetailDTO": ["oops"]}))


def test_wrapper_of_unexpected_type_is_a_malformed_answer():
    with pytest.raises(ServiceUnavailableError):
        parse_send_details(body(SmsSendDetailDTOs={"SmsSendDetailDTO": "oops"}))


def test_missing_request_id_reads_as_empty():
    assert parse_send_details({"Code": "OK"}).request_id == ""


# --- QuerySendStatistics -----------------------------------------------------

DAY = {
    "SendDate": "20250601",
    "TotalCount": 20,
    "RespondedSuccessCount": 17,
    "RespondedFailCount": 2,
    "NoRespondedCount": 1,
}


def statistics_body(data):
    return {"Code": "OK", "Message": "OK", "RequestId": "REQ-S", "Data": data}


@pytest.mark.parametrize(
    "target_list",
    [[DAY], {"SmsStatisticsDTO": [DAY]}, {"SmsStatisticsDTO": DAY}],
    ids=["plain-list", "wrapped-list", "wrapped-object"],
)
def test_statistics_target_list_in_every_shape(target_list):
    page = parse_send_statistics(statistics_body({"TotalSize": 1, "TargetList": target_list}))
    assert page == StatisticsPage(
        total_size=1,
        request_id="REQ-S",
        rows=(DailyStatistics(date(2025, 6, 1), 20, 17, 2, 1),),
    )


def test_statistics_counts_as_strings_and_missing_counts_as_zero():
    row = {"SendDate": "20250602", "TotalCount": "5", "RespondedSuccessCount": "4"}
    page = parse_send_statistics(statistics_body({"TotalSize": "1", "TargetList": [row]}))
    assert page.total_size == 1
    assert page.rows == (DailyStatistics(date(2025, 6, 2), 5, 4, 0, 0),)


@pytest.mark.parametrize(
    "data",
    [None, {}, {"TotalSize": 0}, {"TotalSize": 0, "TargetList": []}, {"TargetList": {}}],
)
def test_statistics_without_rows(data):
    body = statistics_body(data) if data is not None else {"Code": "OK", "RequestId": "R"}
    page = parse_send_statistics(body)
    assert page.rows == ()
    assert page.total_size == 0


@pytest.mark.parametrize(
    "data",
    [
        "oops",
        {"TargetList": [{"SendDate": "2025-06-01"}]},
        {"TargetList": [{"TotalCount": 1}]},
        {"TargetList": ["row"]},
        {"TargetList": [{**DAY, "TotalCount": "lots"}]},
        {"TotalSize": "many", "TargetList": []},
    ],
)
def test_statistics_unreadable_answer_is_malformed(data):
    with pytest.raises(ServiceUnavailableError) as caught:
        parse_send_statistics(statistics_body(data))
    assert caught.value.request_id == "REQ-S"


# --- hostile answers: text no page or database can hold, counts no column can --------------


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("lone \ud800 high", "lone \ufffd high"),
        ("lone \udfff low", "lone \ufffd low"),
        ("nul \x00 inside", "nul \ufffd inside"),
        ("pair \U0001f600 and 中文 kept", "pair \U0001f600 and 中文 kept"),
        ("tab\tand newline\n kept", "tab\tand newline\n kept"),
    ],
)
def test_clean_text_replaces_only_what_cannot_be_stored(raw, cleaned):
    assert clean_text(raw) == cleaned


def test_unstorable_characters_in_any_record_field_are_replaced():
    odd = "a\ud800b\x00c"
    hostile = {name: odd for name in ("PhoneNum", "ErrCode", "TemplateCode", "Content", "OutId")}

    page = parse_send_details(
        body(RequestId=odd, TotalCount=1, SmsSendDetailDTOs=[{**DELIVERED, **hostile}])
    )

    (record,) = page.records
    fields = (record.phone, record.err_code, record.template_code, record.content, record.out_id)
    assert set(fields) == {"a\ufffdb\ufffdc"}
    assert page.request_id == "a\ufffdb\ufffdc"
    for text in (*fields, page.request_id):
        text.encode("utf-8")  # storable and renderable


@pytest.mark.parametrize("total", [MAX_TOTAL_COUNT + 1, 2**31, 2**64, "1" + "0" * 30])
def test_an_unbelievable_total_count_is_clamped(total):
    assert parse_send_details(body(TotalCount=total)).total_count == MAX_TOTAL_COUNT


def test_a_believable_total_count_is_kept():
    assert parse_send_details(body(TotalCount=MAX_TOTAL_COUNT)).total_count == MAX_TOTAL_COUNT


def test_unbelievable_statistics_counts_are_clamped():
    row = {"SendDate": "20250602", "TotalCount": 2**64, "RespondedSuccessCount": "9" * 25}

    (day,) = parse_send_statistics({"Data": {"TargetList": [row]}}).rows

    assert (day.total_count, day.responded_success_count) == (MAX_STATISTICS_COUNT,) * 2
