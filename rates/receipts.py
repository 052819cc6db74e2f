"""Parse the body Alibaba Cloud pushes with delivery receipts (SmsReport, HTTP batch mode).

The body is a JSON array of objects whose fields are all required (research
section 5.2). Parsing is all or nothing: one bad receipt rejects the batch, so
that nothing half-stored is acknowledged. Times carry no zone; they are China
Standard Time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from deliveries.dysms.records import CHINA_TZ

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
MAX_RECEIPTS = 10_000

NOT_AN_ARRAY = "The body must be a JSON array of receipts."
TOO_MANY = "A push may carry at most {limit} receipts."
NOT_AN_OBJECT = "Receipt {index} is not a JSON object."
MISSING_FIELD = "Receipt {index} has no {field}."
BAD_FIELD = "Receipt {index} has an invalid {field}."

# Field name -> longest accepted text. Longer identifiers are not Alibaba's.
_TEXT_LIMITS = {"phone_number": 32, "err_code": 64, "biz_id": 64, "out_id": 256}
# Free text is shortened rather than refused, so a long message cannot block a batch.
ERR_MSG_LIMIT = 512


class MalformedReceipts(ValueError):
    """The pushed body is not a well-formed receipt array; nothing may be stored."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Receipt:
    phone_number: str
    send_time: datetime
    report_time: datetime
    success: bool
    err_code: str
    err_msg: str
    sms_size: int
    biz_id: str
    out_id: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.biz_id, self.phone_number)


def parse_receipts(payload: object) -> list[Receipt]:
    """Validate a decoded push body; raises ``MalformedReceipts`` naming the first problem."""
    if not isinstance(payload, list):
        raise MalformedReceipts(NOT_AN_ARRAY)
    if len(payload) > MAX_RECEIPTS:
        raise MalformedReceipts(TOO_MANY.format(limit=MAX_RECEIPTS))
    return [_receipt(item, index) for index, item in enumerate(payload, start=1)]


def _receipt(item: object, index: int) -> Receipt:
    if not isinstance(item, dict):
        raise MalformedReceipts(NOT_AN_OBJECT.format(index=index))

    def field(name: str) -> object:
        if name not in item or item[name] is None:
            raise MalformedReceipts(MISSING_FIELD.format(index=index, field=name))
        return item[name]

    def bad(name: str) -> MalformedReceipts:
        return MalformedReceipts(BAD_FIELD.format(index=index, field=name))

    texts = {}
    for name, limit in _TEXT_LIMITS.items():
        value = field(name)
        if not isinstance(value, str) or len(value) > limit or not value.isprintable():
            raise bad(name)
        texts[name] = value.strip()
    if not texts["phone_number"]:
        raise bad("phone_number")
    if not texts["biz_id"]:
        raise bad("biz_id")

    err_msg = field("err_msg")
    if not isinstance(err_msg, str):
        raise bad("err_msg")

    success = field("success")
    if not isinstance(success, bool):
        raise bad("success")

    return Receipt(
        phone_number=texts["phone_number"],
        send_time=_time(field("send_time"), bad("send_time")),
        report_time=_time(field("report_time"), bad("report_time")),
        success=success,
        err_code=texts["err_code"],
        err_msg=err_msg.strip()[:ERR_MSG_LIMIT],
        sms_size=_segments(field("sms_size"), bad("sms_size")),
        biz_id=texts["biz_id"],
        out_id=texts["out_id"],
    )


def _time(value: object, error: MalformedReceipts) -> datetime:
    if not isinstance(value, str):
        raise error
    try:
        return datetime.strptime(value.strip(), TIME_FORMAT).replace(tzinfo=CHINA_TZ)
    except ValueError:
        raise error from None


def _segments(value: object, error: MalformedReceipts) -> int:
    # The documentation types sms_size as a string ("1"); a bare number is accepted too.
    if isinstance(value, bool):
        raise error
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    else:
        raise error
    if not 0 <= number <= 1000:
        raise error
    return number
