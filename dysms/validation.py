"""Local checks of QuerySendDetails parameters, so a bad query never costs a request.

Each failure raises ``InvalidQuery(field, message)``; the messages are module
constants so callers and tests can compare against them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from dysms.errors import InvalidQuery
from dysms.values import Credentials

# The service keeps records for 30 days. We count today (China time) as the
# first of them, so the oldest accepted day is ``today - 29``.
SEND_DATE_WINDOW_DAYS = 30
MAX_PAGE_SIZE = 50
MAX_BIZ_ID_LENGTH = 64

PHONE_REQUIRED = "Enter a phone number."
PHONE_ONE_ONLY = "Enter exactly one phone number."
PHONE_NO_PLUS = "Write the number without '+': country code followed by the number, digits only."
PHONE_DIGITS_ONLY = "The phone number may contain digits only (no spaces, dashes or brackets)."
PHONE_LEADING_ZERO = "The phone number must start with the country code, not with 0."
PHONE_LENGTH = "The phone number must have 7 to 15 digits (mainland China: 11 digits)."
DATE_FORMAT = "Enter the send date as YYYYMMDD or YYYY-MM-DD."
DATE_NOT_A_DAY = "Pass the send date as a date, not a date and time."
DATE_IN_FUTURE = "The send date cannot be in the future."
DATE_TOO_OLD = "Records are kept for 30 days only: choose a date from {oldest} to {today}."
PAGE_INVALID = "The page number must be a whole number of 1 or more."
PAGE_SIZE_INVALID = "The page size must be a whole number from 1 to 50."
BIZ_ID_INVALID = "A BizId holds digits and ^ only, like 900619746936498440^0."
BIZ_ID_TOO_LONG = "The BizId is at most 64 characters long."

# SendSms takes comma-separated lists; QuerySendDetails takes exactly one number.
_LIST_SEPARATORS = re.compile("[,;\uff0c\uff1b\u3001]")
_DASHED_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COMPACT_DATE = re.compile(r"\d{8}")
# Every BizId seen in Alibaba Cloud's documentation, SDK samples and logged SendSms answers is
# digits, a caret and digits ("900619746936498440^0", "134523^4351232"); no letters, no - or _.
_BIZ_ID = re.compile(r"[0-9^]+")


def validate_send_details_query(
    phone: str,
    send_date: date | str,
    page: int,
    page_size: int,
    biz_id: str | None,
    *,
    today: date,
) -> dict[str, str]:
    """Return the QuerySendDetails API parameters, or raise ``InvalidQuery``.

    ``today`` is the current day in China time. The accepted window is
    ``today - 29`` to ``today`` inclusive: 30 calendar days counting today.
    The service's own boundary is undocumented, so we stay on the safe side of
    it instead of offering a day the service may reject. An empty ``biz_id``
    counts as not given.
    """
    params = {
        "PhoneNumber": validate_phone(phone),
        "SendDate": validate_send_date(send_date, today=today).strftime("%Y%m%d"),
        "CurrentPage": str(_positive_int(page, "page", PAGE_INVALID)),
        "PageSize": str(_page_size(page_size)),
    }
    if biz_id:
        params["BizId"] = validate_biz_id(biz_id)
    return params


def validate_phone(phone: object) -> str:
    """One number, digits only: mainland (11 digits, starting 1) or country code + number."""
    if not isinstance(phone, str) or not phone.strip():
        raise InvalidQuery("phone", PHONE_REQUIRED)
    if _LIST_SEPARATORS.search(phone) or phone.count("+") > 1:
        raise InvalidQuery("phone", PHONE_ONE_ONLY)
    if phone.startswith("+"):
        raise InvalidQuery("phone", PHONE_NO_PLUS)
    if not (phone.isascii() and phone.isdigit()):
        raise InvalidQuery("phone", PHONE_DIGITS_ONLY)
    if phone.startswith("0"):
        raise InvalidQuery("phone", PHONE_LEADING_ZERO)
    if not 7 <= len(phone) <= 15:
        raise InvalidQuery("phone", PHONE_LENGTH)
    return phone


def validate_send_date(send_date: object, *, today: date) -> date:
    """A ``date``, ``"yyyyMMdd"`` or ``"YYYY-MM-DD"`` within the last 30 days, not in the future."""
    if isinstance(send_date, datetime):
        raise InvalidQuery("date", DATE_NOT_A_DAY)
    if isinstance(send_date, str):
        day = _parse_day(send_date.strip())
    elif isinstance(send_date, date):
        day = send_date
    else:
        raise InvalidQuery("date", DATE_FORMAT)
    oldest = today - timedelta(days=SEND_DATE_WINDOW_DAYS - 1)
    if day > today:
        raise InvalidQuery("date", DATE_IN_FUTURE)
    if day < oldest:
        raise InvalidQuery("date", DATE_TOO_OLD.format(oldest=oldest, today=today))
    return day


def validate_biz_id(biz_id: object) -> str:
    """The characters real BizIds have, so that nothing else (markup, spaces) goes upstream."""
    if not isinstance(biz_id, str) or not _BIZ_ID.fullmatch(biz_id):
        raise InvalidQuery("biz_id", BIZ_ID_INVALID)
    if len(biz_id) > MAX_BIZ_ID_LENGTH:
        raise InvalidQuery("biz_id", BIZ_ID_TOO_LONG)
    return biz_id


def _parse_day(text: str) -> date:
    if _COMPACT_DATE.fullmatch(text):
        pattern = "%Y%m%d"
    elif _DASHED_DATE.fullmatch(text):
        pattern = "%Y-%m-%d"
    else:
        raise InvalidQuery("date", DATE_FORMAT)
    try:
        return datetime.strptime(text, pattern).date()
    except ValueError:
        raise InvalidQuery("date", DATE_FORMAT) from None


def _positive_int(value: object, field: str, message: str) -> int:
    # bool is an int subclass; True must not pass as page 1.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidQuery(field, message)
    return value


def _page_size(value: object) -> int:
    size = _positive_int(value, "page_size", PAGE_SIZE_INVALID)
    if size > MAX_PAGE_SIZE:
        raise InvalidQuery("page_size", PAGE_SIZE_INVALID)
    return size


# --- QuerySendStatistics -----------------------------------------------------

IS_GLOBE_VALUES = {1: "domestic (mainland China)", 2: "international, Hong Kong, Macao, Taiwan"}
TEMPLATE_TYPES = {0: "verification code", 1: "notification", 2: "promotional", 3: "international"}
TEMPLATE_TYPES |= {7: "digital"}
MAX_SIGN_NAME_LENGTH = 100

IS_GLOBE_INVALID = "Choose 1 (domestic) or 2 (international, Hong Kong, Macao, Taiwan)."
START_AFTER_END = "The start date must not be after the end date."
TEMPLATE_TYPE_INVALID = "The template type must be one of 0, 1, 2, 3 or 7."
SIGN_NAME_INVALID = "The signature name must be plain text of at most 100 characters."


def validate_send_statistics_query(
    *,
    is_globe: int,
    start_date: date | str,
    end_date: date | str,
    page_index: int = 1,
    page_size: int = MAX_PAGE_SIZE,
    template_type: int | None = None,
    sign_name: str | None = None,
) -> dict[str, str]:
    """Return the QuerySendStatistics API parameters, or raise ``InvalidQuery``.

    Dates are ``date`` objects, ``"yyyyMMdd"`` or ``"YYYY-MM-DD"``, sent as
    ``yyyyMMdd``. No window is enforced: the service's retention for
    statistics is not documented, so it decides. An empty ``sign_name``
    counts as not given.
    """
    if not _is_one_of(is_globe, IS_GLOBE_VALUES):
        raise InvalidQuery("is_globe", IS_GLOBE_INVALID)
    start = _statistics_day(start_date, "start_date")
    end = _statistics_day(end_date, "end_date")
    if start > end:
        raise InvalidQuery("start_date", START_AFTER_END)
    params = {
        "IsGlobe": str(is_globe),
        "StartDate": start.strftime("%Y%m%d"),
        "EndDate": end.strftime("%Y%m%d"),
        "PageIndex": str(_positive_int(page_index, "page", PAGE_INVALID)),
        "PageSize": str(_page_size(page_size)),
    }
    if template_type is not None:
        if not _is_one_of(template_type, TEMPLATE_TYPES):
            raise InvalidQuery("template_type", TEMPLATE_TYPE_INVALID)
        params["TemplateType"] = str(template_type)
    if sign_name:
        params["SignName"] = _sign_name(sign_name)
    return params


def _sign_name(value: object) -> str:
    if not isinstance(value, str) or len(value) > MAX_SIGN_NAME_LENGTH or not value.isprintable():
        raise InvalidQuery("sign_name", SIGN_NAME_INVALID)
    return value


def _statistics_day(value: object, field: str) -> date:
    if isinstance(value, datetime):
        raise InvalidQuery(field, DATE_NOT_A_DAY)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return _parse_day(value.strip())
        except InvalidQuery:
            pass
    raise InvalidQuery(field, DATE_FORMAT)


def _is_one_of(value: object, allowed: Mapping[int, str]) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in allowed


def check_client_settings(
    credentials: Credentials, signature_version: str, max_retries: int
) -> None:
    """The client's own settings, refused at construction (a programming error, not a query)."""
    if not credentials.access_key_id or not credentials.access_key_secret:
        raise ValueError("credentials need both an AccessKey id and a secret")
    if signature_version not in ("v1", "v3"):
        raise ValueError('signature_version must be "v1" or "v3"')
    if max_retries < 0:
        raise ValueError("max_retries cannot be negative")
