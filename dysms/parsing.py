"""Turn a QuerySendDetails JSON body into typed records, whatever shape it came in.

The variations Alibaba Cloud documents, and those seen in real answers:

* ``TotalCount`` is a string in the SDK models but a number in real answers,
  and may be missing (read as 0);
* the list sits in ``SmsSendDetailDTOs.SmsSendDetailDTO``; the wrapper may be
  missing or empty, hold a single object instead of a list, or be a bare list;
* the list may be empty while ``TotalCount`` is not;
* ``ReceiveDate`` and ``ErrCode`` are empty or absent while a message waits;
* ``SendStatus`` comes as a number or a string.

A body that cannot be read at all (records that are not objects, a
``TotalCount`` that is not a number) raises ``ServiceUnavailableError``, the
same as any other answer that is not the service's JSON.

What can be read but not kept is made safe instead, so that one odd record
does not make the whole day unreadable: text loses the characters no page or
database can hold (``clean_text``), and counts are clamped to a believable
maximum (``MAX_TOTAL_COUNT``, ``MAX_STATISTICS_COUNT``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from dysms.errors import ServiceUnavailableError
from dysms.values import (
    CHINA_TZ,
    DailyStatistics,
    SendDetailsPage,
    SendStatus,
    SmsRecord,
    StatisticsPage,
    sms_record,
)

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# The API page says DELIVRD (the raw carrier code); the SDK docs and answers say DELIVERED.
SUCCESS_ERR_CODES = frozenset({"DELIVERED", "DELIVRD"})
MALFORMED_BODY = "The service answered with records that could not be read."
# More messages than one number can get in a day (one every tenth of a second, all day). A
# larger TotalCount is not believable; clamped, it still fits a 32-bit column.
MAX_TOTAL_COUNT = 1_000_000
# More than a whole account can send in a day; clamped, sums over years still fit 64 bits.
MAX_STATISTICS_COUNT = 10**12
# JSON escapes can produce NUL and lone surrogates: UTF-8 cannot encode a lone surrogate (so
# no page or database can hold it) and PostgreSQL refuses NUL in text.
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
# ``SendStatus(n)`` goes through the enum's lookup machinery; the three known values, as the
# service sends them (numbers, or digits as text), are a dictionary lookup instead.
_KNOWN_STATUSES: dict[object, SendStatus] = {
    **{status.value: status for status in SendStatus},
    **{str(status.value): status for status in SendStatus},
}
_from_iso = datetime.fromisoformat
_combine = datetime.combine


def parse_send_details(body: Mapping[str, object]) -> SendDetailsPage:
    request_id = _text(body.get("RequestId"))
    records = tuple([_record(item, request_id) for item in _detail_items(body, request_id)])
    return SendDetailsPage(
        total_count=min(_count(body.get("TotalCount"), request_id), MAX_TOTAL_COUNT),
        request_id=request_id,
        records=records,
    )


def clean_text(text: str) -> str:
    """``text`` with NUL and lone surrogates replaced by U+FFFD, the replacement character.

    Replaced rather than dropped, so that a reader sees something was there. ASCII text (codes,
    ids, times: most fields) can hold a NUL but no surrogate, so it skips the expression; so
    does printable text (a message without line breaks), as neither character is printable.
    """
    if text.isascii():
        return text.replace("\x00", "\ufffd") if "\x00" in text else text
    if text.isprintable():  # a third of the expression's cost on a message's Chinese text
        return text
    return _UNSTORABLE.sub("\ufffd", text)


def parse_china_time(value: object) -> datetime | None:
    """``"yyyy-MM-dd HH:mm:ss"`` in China time -> aware datetime; ``None`` when empty or unreadable.

    An unreadable time is dropped rather than failing the whole page: the rest
    of the record is still worth showing.
    """
    # A string skips ``clean_text``: a NUL or a lone surrogate (cleaned or not) fails the parse
    # below either way, so the answer is the same.
    text = value.strip() if type(value) is str else _text(value).strip()
    # The exact shape first, then the C parser: ``fromisoformat`` is several times faster than
    # ``strptime`` (two times per record, on every page), but alone it accepts other shapes.
    if len(text) != 19 or text[10] != " " or text[4] != "-" or text[13] != ":":
        return None
    try:
        naive = _from_iso(text)
    except ValueError:
        return None
    # Equal to ``naive.replace(tzinfo=CHINA_TZ)`` (date, time, microseconds and fold), at a
    # quarter of the cost: CPython 3.11's ``replace`` is slower than parsing the text.
    return _combine(naive, naive.time(), CHINA_TZ)


def parse_status(send_status: object, err_code: str) -> SendStatus:
    """Map ``SendStatus`` to the enum; decide from ``ErrCode`` when it is missing or unknown.

    A known status (1, 2, 3) always wins. For anything else a success code
    means delivered, any other non-empty code means failed, and no code at all
    means still waiting: the honest "no receipt yet", which also makes the
    dashboard fetch the day again later instead of freezing a guess.
    """
    kind = type(send_status)
    if kind is int or kind is str:  # not bool: True would find 1
        known = _KNOWN_STATUSES.get(send_status)
        if known is not None:
            return known
    try:
        return SendStatus(int(_text(send_status).strip()))
    except ValueError:
        pass
    if err_code.upper() in SUCCESS_ERR_CODES:
        return SendStatus.DELIVERED
    if err_code:
        return SendStatus.FAILED
    return SendStatus.WAITING


def parse_send_statistics(body: Mapping[str, object]) -> StatisticsPage:
    """``Data.TotalSize`` and ``Data.TargetList``, the list given plainly or wrapped.

    ``TargetList`` is a JSON array in the SDK models, but the API page (and one
    Go struct) wrap it as ``{"SmsStatisticsDTO": [...]}``, possibly holding a
    single object. Counts may be strings or numbers; a missing count is 0. A
    row without a readable ``SendDate`` makes the answer malformed: the day is
    what the row is about.
    """
    request_id = _text(body.get("RequestId"))
    data = body.get("Data")
    if data is None or data == "":
        data = {}
    if not isinstance(data, Mapping):
        raise ServiceUnavailableError(MALFORMED_BODY, request_id=request_id, http_status=200)
    items = _unwrap(data.get("TargetList"), "SmsStatisticsDTO", request_id)
    return StatisticsPage(
        total_size=_count(data.get("TotalSize"), request_id),
        request_id=request_id,
        rows=tuple(_statistics_row(item, request_id) for item in items),
    )


def _statistics_row(item: object, request_id: str) -> DailyStatistics:
    if not isinstance(item, Mapping):
        raise ServiceUnavailableError(MALFORMED_BODY, request_id=request_id, http_status=200)
    try:
        day = datetime.strptime(_text(item.get("SendDate")).strip(), "%Y%m%d").date()
    except ValueError:
        raise ServiceUnavailableError(
            MALFORMED_BODY, request_id=request_id, http_status=200
        ) from None

    def count(name: str) -> int:
        return min(_count(item.get(name), request_id), MAX_STATISTICS_COUNT)

    return DailyStatistics(
        send_date=day,
        total_count=count("TotalCount"),
        responded_success_count=count("RespondedSuccessCount"),
        responded_fail_count=count("RespondedFailCount"),
        no_responded_count=count("NoRespondedCount"),
    )


def _detail_items(body: Mapping[str, object], request_id: str) -> list[object]:
    return _unwrap(body.get("SmsSendDetailDTOs"), "SmsSendDetailDTO", request_id)


def _unwrap(wrapper: object, inner: str, request_id: str) -> list[object]:
    """A list, a ``{inner: list}`` or ``{inner: object}`` wrapper, or nothing -> a list."""
    if isinstance(wrapper, Mapping):
        wrapper = wrapper.get(inner)
    if wrapper is None or wrapper == "" or wrapper == {}:
        return []
    if isinstance(wrapper, Mapping):
        return [wrapper]
    if isinstance(wrapper, list):
        return wrapper
    raise ServiceUnavailableError(MALFORMED_BODY, request_id=request_id, http_status=200)


def _record(item: object, request_id: str) -> SmsRecord:
    if type(item) is not dict and not isinstance(item, Mapping):
        raise ServiceUnavailableError(MALFORMED_BODY, request_id=request_id, http_status=200)
    get = item.get
    err_code = _text(get("ErrCode")).strip()
    return sms_record(  # positional, in SmsRecord's field order
        _text(get("PhoneNum")),
        parse_status(get("SendStatus"), err_code),
        err_code,
        _text(get("TemplateCode")),
        _text(get("Content")),
        _text(get("OutId")),
        parse_china_time(get("SendDate")),
        parse_china_time(get("ReceiveDate")),
    )


def _count(value: object, request_id: str) -> int:
    if value is None or value == "":
        return 0
    try:
        count = int(_text(value))
    except ValueError:
        raise ServiceUnavailableError(
            MALFORMED_BODY, request_id=request_id, http_status=200
        ) from None
    if count < 0:
        raise ServiceUnavailableError(MALFORMED_BODY, request_id=request_id, http_status=200)
    return count


def _text(value: object) -> str:
    """Upstream scalars as text: ``None`` -> ``""``, numbers via ``str``, floats like 3.0 -> "3"."""
    if type(value) is str:  # nearly every field: ``clean_text`` inlined, the rest below
        if value.isascii():
            return value.replace("\x00", "\ufffd") if "\x00" in value else value
        if value.isprintable():
            return value
        return _UNSTORABLE.sub("\ufffd", value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (Mapping, list)):
        return ""
    return clean_text(str(value))
