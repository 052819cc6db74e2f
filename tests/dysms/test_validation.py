"""QuerySendDetails parameters are checked locally, with clear messages per field."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from dysms import validation as v
from dysms.errors import InvalidQuery

TODAY = date(2025, 6, 30)


def query(**overrides):
    args = {
        "phone": "13800138000",
        "send_date": TODAY,
        "page": 1,
        "page_size": 50,
        "biz_id": None,
    }
    args.update(overrides)
    return v.validate_send_details_query(**args, today=TODAY)


def rejected(field, **overrides) -> InvalidQuery:
    with pytest.raises(InvalidQuery) as caught:
        query(**overrides)
    assert caught.value.field == field
    return caught.value


def test_valid_query_becomes_api_parameters():
    assert query(send_date="2025-06-01", page=2, page_size=10, biz_id="134523^4351232") == {
        "PhoneNumber": "13800138000",
        "SendDate": "20250601",
        "CurrentPage": "2",
        "PageSize": "10",
        "BizId": "134523^4351232",
    }


def test_biz_id_left_out_when_absent_or_empty():
    assert "BizId" not in query(biz_id=None)
    assert "BizId" not in query(biz_id="")


@pytest.mark.parametrize(
    "phone",
    ["13800138000", "19912345678", "85261234567", "12025550123", "6591234567", "4915123456789"],
)
def test_accepts_mainland_and_international_numbers(phone):
    assert query(phone=phone)["PhoneNumber"] == phone


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("", v.PHONE_REQUIRED),
        ("   ", v.PHONE_REQUIRED),
        (None, v.PHONE_REQUIRED),
        (13800138000, v.PHONE_REQUIRED),
        ("13800138000,13900139000", v.PHONE_ONE_ONLY),
        ("13800138000;13900139000", v.PHONE_ONE_ONLY),
        ("13800138000，13900139000", v.PHONE_ONE_ONLY),
        ("+8613800138000", v.PHONE_NO_PLUS),
        ("138 0013 8000", v.PHONE_DIGITS_ONLY),
        ("138-0013-8000", v.PHONE_DIGITS_ONLY),
        ("(852)61234567", v.PHONE_DIGITS_ONLY),
        ("１３８００１３８０００", v.PHONE_DIGITS_ONLY),  # full-width digits
        ("138001380a0", v.PHONE_DIGITS_ONLY),
        ("013800138000", v.PHONE_LEADING_ZERO),
        ("123456", v.PHONE_LENGTH),
        ("1234567890123456", v.PHONE_LENGTH),
    ],
)
def test_rejects_bad_phone_numbers(phone, message):
    assert rejected("phone", phone=phone).message == message


@pytest.mark.parametrize(
    "send_date",
    [TODAY, "20250630", "2025-06-30", TODAY - timedelta(days=29), "20250601", " 2025-06-01 "],
)
def test_accepts_dates_in_the_thirty_day_window(send_date):
    assert query(send_date=send_date)["SendDate"] in {"20250630", "20250601"}


def test_oldest_accepted_day_is_twenty_nine_days_back():
    assert query(send_date=TODAY - timedelta(days=29))["SendDate"] == "20250601"
    error = rejected("date", send_date=TODAY - timedelta(days=30))
    assert error.message == v.DATE_TOO_OLD.format(oldest=date(2025, 6, 1), today=TODAY)
    assert "2025-06-01" in error.message


def test_rejects_future_dates():
    assert rejected("date", send_date=TODAY + timedelta(days=1)).message == v.DATE_IN_FUTURE
    assert rejected("date", send_date="20250701").message == v.DATE_IN_FUTURE


@pytest.mark.parametrize(
    "send_date", ["2025/06/30", "30-06-2025", "20251345", "2025-02-30", "", "yesterday", 20250630]
)
def test_rejects_unreadable_dates(send_date):
    assert rejected("date", send_date=send_date).message == v.DATE_FORMAT


def test_rejects_datetime_as_date():
    moment = datetime(2025, 6, 30, 12, 0)
    assert rejected("date", send_date=moment).message == v.DATE_NOT_A_DAY


@pytest.mark.parametrize("page", [0, -1, True, "1", 1.0, None])
def test_rejects_bad_page_numbers(page):
    assert rejected("page", page=page).message == v.PAGE_INVALID


@pytest.mark.parametrize("page_size", [0, 51, -5, "10", False, None])
def test_rejects_page_sizes_outside_one_to_fifty(page_size):
    assert rejected("page_size", page_size=page_size).message == v.PAGE_SIZE_INVALID


@pytest.mark.parametrize("page_size", [1, 50])
def test_accepts_page_size_bounds(page_size):
    assert query(page_size=page_size)["PageSize"] == str(page_size)


@pytest.mark.parametrize(
    ("biz_id", "message"),
    [
        ("1345 23", v.BIZ_ID_INVALID),
        ("流水号", v.BIZ_ID_INVALID),
        ("123456\n", v.BIZ_ID_INVALID),
        ("123456\x00", v.BIZ_ID_INVALID),
        ("<script>alert(1)</script>", v.BIZ_ID_INVALID),
        ("A^~!", v.BIZ_ID_INVALID),
        ("900619746936498440^0&PageSize=1", v.BIZ_ID_INVALID),
        ("biz-1", v.BIZ_ID_INVALID),
        ("biz_1", v.BIZ_ID_INVALID),
        ("１２３４５６", v.BIZ_ID_INVALID),  # full-width digits are digits to str.isdigit
        (12345, v.BIZ_ID_INVALID),
        ("9" * 65, v.BIZ_ID_TOO_LONG),
    ],
)
def test_rejects_bad_biz_ids(biz_id, message):
    assert rejected("biz_id", biz_id=biz_id).message == message


@pytest.mark.parametrize(
    "biz_id", ["900619746936498440^0", "134523^4351232", "108711042472^1111710451471", "12345"]
)
def test_accepts_biz_ids_as_the_service_gives_them(biz_id):
    assert query(biz_id=biz_id)["BizId"] == biz_id


def test_accepts_biz_id_of_sixty_four_characters():
    biz_id = "9" * 62 + "^0"
    assert query(biz_id=biz_id)["BizId"] == biz_id


def test_invalid_query_is_a_value_error_with_the_message_as_text():
    error = rejected("page", page=0)
    assert isinstance(error, ValueError)
    assert str(error) == v.PAGE_INVALID


# --- QuerySendStatistics -----------------------------------------------------


def statistics(**overrides):
    args = {"is_globe": 1, "start_date": "20250601", "end_date": "20250630"}
    args.update(overrides)
    return v.validate_send_statistics_query(**args)


def statistics_rejected(field, **overrides) -> InvalidQuery:
    with pytest.raises(InvalidQuery) as caught:
        statistics(**overrides)
    assert caught.value.field == field
    return caught.value


def test_statistics_query_becomes_api_parameters():
    assert statistics(
        is_globe=2,
        start_date=date(2025, 6, 1),
        end_date="2025-06-30",
        page_index=3,
        page_size=20,
        template_type=0,
        sign_name="阿里云短信测试",
    ) == {
        "IsGlobe": "2",
        "StartDate": "20250601",
        "EndDate": "20250630",
        "PageIndex": "3",
        "PageSize": "20",
        "TemplateType": "0",
        "SignName": "阿里云短信测试",
    }


def test_statistics_defaults_and_optional_parameters_left_out():
    assert statistics(sign_name="") == {
        "IsGlobe": "1",
        "StartDate": "20250601",
        "EndDate": "20250630",
        "PageIndex": "1",
        "PageSize": "50",
    }


@pytest.mark.parametrize("is_globe", [0, 3, "1", True, None, 1.0])
def test_statistics_is_globe_is_one_or_two(is_globe):
    assert statistics_rejected("is_globe", is_globe=is_globe).message == v.IS_GLOBE_INVALID


@pytest.mark.parametrize("template_type", [0, 1, 2, 3, 7])
def test_statistics_accepts_known_template_types(template_type):
    assert statistics(template_type=template_type)["TemplateType"] == str(template_type)


@pytest.mark.parametrize("template_type", [4, 5, 6, -1, "1", True])
def test_statistics_rejects_unknown_template_types(template_type):
    error = statistics_rejected("template_type", template_type=template_type)
    assert error.message == v.TEMPLATE_TYPE_INVALID


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("start_date", {"start_date": "2025/06/01"}, v.DATE_FORMAT),
        ("end_date", {"end_date": "20250631"}, v.DATE_FORMAT),
        ("end_date", {"end_date": 20250630}, v.DATE_FORMAT),
        ("start_date", {"start_date": datetime(2025, 6, 1)}, v.DATE_NOT_A_DAY),
        ("start_date", {"start_date": "20250701"}, v.START_AFTER_END),
        ("page", {"page_index": 0}, v.PAGE_INVALID),
        ("page_size", {"page_size": 51}, v.PAGE_SIZE_INVALID),
        ("page_size", {"page_size": 0}, v.PAGE_SIZE_INVALID),
        ("sign_name", {"sign_name": "x" * 101}, v.SIGN_NAME_INVALID),
        ("sign_name", {"sign_name": "bad\nname"}, v.SIGN_NAME_INVALID),
    ],
)
def test_statistics_rejects_bad_parameters(field, overrides, message):
    assert statistics_rejected(field, **overrides).message == message


def test_statistics_single_day_range_is_fine():
    assert statistics(start_date="20250630")["StartDate"] == "20250630"
