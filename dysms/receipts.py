"""Parse the body Alibaba Cloud pushes with delivery receipts (SmsReport, HTTP batch mode).

The body is a JSON array of objects whose fields are all required, as Alibaba Cloud
documents the SmsReport message. Times carry no zone; they are China Standard Time.

Each receipt is judged on its own. One that cannot be used (a missing field, a
time that is no real send time, a control character in an identifier) is
rejected with the reason, and the others are kept: Alibaba Cloud pushes an
unacknowledged batch again a few times and then drops it, so refusing a whole
batch for one bad receipt would lose the good ones with it. Free text (``err_msg``)
is cleaned rather than refused: characters no database can store (NUL, lone
surrogates) become U+FFFD. Only a body that is not an array at all is malformed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from dysms.parsing import clean_text
from dysms.values import CHINA_TZ

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
T = TypeVar("T")
MAX_RECEIPTS = 10_000

NOT_JSON = "The body is not JSON."
NOT_AN_ARRAY = "The body must be a JSON array of receipts."
TOO_MANY = "A push may carry at most {limit} receipts."
NOT_AN_OBJECT = "Receipt {index} is not a JSON object."
MISSING_FIELD = "Receipt {index} has no {field}."
BAD_FIELD = "Receipt {index} has an invalid {field}."

# Times outside these are no real send or report time (the service dates from 2017). Year 1
# in China time is not even storable: in UTC it falls before the first day there is.
EARLIEST = datetime(2000, 1, 1, tzinfo=CHINA_TZ)
LATEST = datetime(2100, 1, 1, tzinfo=CHINA_TZ)

# Field name -> longest accepted text. Longer identifiers are not Alibaba's.
_TEXT_LIMITS = {"phone_number": 32, "err_code": 64, "biz_id": 64, "out_id": 256}
# Free text is shortened rather than refused, so a long message cannot block a batch.
ERR_MSG_LIMIT = 512


class MalformedReceipts(ValueError):
    """The pushed body (or one receipt in it) is not well formed; it is not stored."""

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


@dataclass(frozen=True)
class ParsedPush:
    """The usable receipts of a push, and why each unusable one was rejected."""

    receipts: list[Receipt]
    rejected: list[str]

    @property
    def pushed(self) -> int:
        return len(self.receipts) + len(self.rejected)


def decode_push(body: bytes) -> object:
    """The pushed bytes as JSON; raises ``MalformedReceipts`` when they are not JSON.

    Bytes that are not UTF-8 become U+FFFD instead of failing the batch: they sit
    in some receipt's text, and that receipt is then cleaned or rejected alone.
    A body nested too deep to decode is not JSON Alibaba Cloud sends.
    """
    try:
        return json.loads(body.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError):
        raise MalformedReceipts(NOT_JSON) from None


def parse_receipts(payload: object) -> ParsedPush:
    """Validate a decoded push body receipt by receipt.

    Raises ``MalformedReceipts`` only when the body as a whole is unusable (not
    an array, or more receipts than a push carries).
    """
    receipts, rejected = judged(
        payload, _receipt, limit=MAX_RECEIPTS, not_an_array=NOT_AN_ARRAY, too_many=TOO_MANY
    )
    return ParsedPush(receipts, rejected)


def judged(
    payload: object,
    read: Callable[[object, int], T],
    *,
    limit: int,
    not_an_array: str,
    too_many: str,
    error: type[MalformedReceipts] = MalformedReceipts,
) -> tuple[list[T], list[str]]:
    """Each item of a pushed array read by ``read(item, position)``: the usable ones, and the
    reasons for the others (``MalformedReceipts`` raised by ``read``). Receipts and replies
    (``dysms.replies``) are judged alike; only a body that is not an array of at most
    ``limit`` items is refused whole (``error``)."""
    if not isinstance(payload, list):
        raise error(not_an_array)
    if len(payload) > limit:
        raise error(too_many.format(limit=limit))
    kept: list[T] = []
    rejected: list[str] = []
    for index, item in enumerate(payload, start=1):
        try:
            kept.append(read(item, index))
        except MalformedReceipts as exc:
            rejected.append(exc.message)
    return kept, rejected


def _receipt(item: object, index: int) -> Receipt:
    if not isinstance(item, dict):
        raise MalformedReceipts(NOT_AN_OBJECT.format(index=index))

    def field(name: str) -> object:
        if name not in item or item[name] is None:
            raise MalformedReceipts(MISSING_FIELD.format(index=index, field=name))
        return item[name]

    def bad(name: str) -> MalformedReceipts:
        return MalformedReceipts(BAD_FIELD.format(index=index, field=name))

    texts = _texts(field, bad)
    err_msg, success = field("err_msg"), field("success")
    if not isinstance(err_msg, str):
        raise bad("err_msg")
    if not isinstance(success, bool):
        raise bad("success")
    return Receipt(
        phone_number=texts["phone_number"],
        send_time=push_time(field("send_time"), bad("send_time")),
        report_time=push_time(field("report_time"), bad("report_time")),
        success=success,
        err_code=texts["err_code"],
        err_msg=clean_text(err_msg).strip()[:ERR_MSG_LIMIT],
        sms_size=_segments(field("sms_size"), bad("sms_size")),
        biz_id=texts["biz_id"],
        out_id=texts["out_id"],
    )


def _texts(
    field: Callable[[str], object], bad: Callable[[str], MalformedReceipts]
) -> dict[str, str]:
    """The identifiers and codes: printable text within their limits; phone and BizId not empty."""
    texts = {}
    for name, limit in _TEXT_LIMITS.items():
        value = field(name)
        if not isinstance(value, str) or len(value) > limit or not value.isprintable():
            raise bad(name)
        texts[name] = value.strip()
    for required in ("phone_number", "biz_id"):
        if not texts[required]:
            raise bad(required)
    return texts


def push_time(value: object, error: MalformedReceipts) -> datetime:
    """A pushed "yyyy-MM-dd HH:mm:ss" in China time; ``error`` when it is no real time."""
    if not isinstance(value, str):
        raise error
    try:
        moment = datetime.strptime(value.strip(), TIME_FORMAT).replace(tzinfo=CHINA_TZ)
    except ValueError:
        raise error from None
    if not EARLIEST <= moment < LATEST:
        raise error
    return moment


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
