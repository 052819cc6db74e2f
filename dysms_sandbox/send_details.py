"""QuerySendDetails: the parameter rules of the real API, then a page of generated records."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from dysms.values import CHINA_TZ
from dysms_sandbox import generator, reserved
from dysms_sandbox.accounts import DEMO_ACCOUNT
from dysms_sandbox.answers import SandboxResponse, ServiceError, json_response, ok_body

SEND_DATE_WINDOW_DAYS = 30
MAX_PAGE_SIZE = 50
REQUIRED = ("PhoneNumber", "SendDate", "PageSize", "CurrentPage")

BAD_SEND_DATE = "参数格式错误：SendDate 须为 yyyyMMdd 格式的日期。"
SEND_DATE_OUT_OF_RANGE = "参数错误：SendDate 只支持查询最近30天（{oldest} 至 {today}）的记录。"
BAD_PAGE_SIZE = "参数错误：PageSize 须为 1 到 50 之间的整数。"
BAD_CURRENT_PAGE = "参数错误：CurrentPage 须为大于等于 1 的整数。"
BAD_PHONE = "手机号码格式错误"

_DIGITS = re.compile(r"[0-9]+")
_MAINLAND_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def answer(
    params: Mapping[str, str], *, now: datetime, request_id: str, account: str = DEMO_ACCOUNT
) -> SandboxResponse:
    """A page of ``account``'s records of one number and day (reserved numbers: their case)."""
    for name in REQUIRED:
        if not params.get(name):
            raise ServiceError(f"Missing{name}", f"{name} is mandatory for this action.")
    phone = check_phone(params["PhoneNumber"])
    day = check_send_date(params["SendDate"], today=now.astimezone(CHINA_TZ).date())
    page_size = _whole_number(params["PageSize"], BAD_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    page = _whole_number(params["CurrentPage"], BAD_CURRENT_PAGE, 1, None)
    special = reserved.reserved_answer(phone, request_id)
    if special is not None:
        return special
    messages = generator.messages_until(phone, day, now, account=account)
    biz_id = params.get("BizId")
    if biz_id:
        messages = [message for message in messages if message.biz_id == biz_id]
    start = (page - 1) * page_size
    details = [message.as_detail(now) for message in messages[start : start + page_size]]
    total = len(messages)
    if phone == reserved.COUNT_WITHOUT_RECORDS:
        total, details = reserved.COUNT_WITHOUT_RECORDS_TOTAL, []
    body = ok_body(
        request_id,
        # A number, as the API page's examples and real answers have it (the SDK models type
        # it as a string; the client reads both).
        TotalCount=total,
        SmsSendDetailDTOs={"SmsSendDetailDTO": details},
    )
    return json_response(200, body, request_id=request_id)


def check_phone(value: str) -> str:
    """One number, digits only: mainland mobile (11 digits) or country code + number.

    A leading 1 is read as a mainland number, as the domestic API does.
    """
    ok = bool(_DIGITS.fullmatch(value)) and not value.startswith("0") and 7 <= len(value) <= 15
    if ok and value.startswith("1"):
        ok = _MAINLAND_MOBILE.fullmatch(value) is not None
    if not ok:
        raise ServiceError("isv.MOBILE_NUMBER_ILLEGAL", BAD_PHONE, status=200)
    return value


def check_send_date(value: str, *, today: date) -> date:
    """``yyyyMMdd`` from ``today - 29`` to ``today`` (China time): 30 days counting today."""
    try:
        if not (len(value) == 8 and _DIGITS.fullmatch(value)):
            raise ValueError(value)
        day = datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise ServiceError("isv.INVALID_PARAMETERS", BAD_SEND_DATE, status=200) from None
    oldest = today - timedelta(days=SEND_DATE_WINDOW_DAYS - 1)
    if not oldest <= day <= today:
        message = SEND_DATE_OUT_OF_RANGE.format(oldest=f"{oldest:%Y%m%d}", today=f"{today:%Y%m%d}")
        raise ServiceError("isv.INVALID_PARAMETERS", message, status=200)
    return day


def _whole_number(value: str, message: str, low: int, high: int | None) -> int:
    number = int(value) if _DIGITS.fullmatch(value.strip()) else -1
    if number < low or (high is not None and number > high):
        raise ServiceError("isv.INVALID_PARAMETERS", message, status=200)
    return number
