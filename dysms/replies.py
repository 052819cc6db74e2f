"""Parse the body Alibaba Cloud pushes with the customers' replies (SmsUp, HTTP batch mode).

The body is a JSON array of objects, like the receipts' (``dysms.receipts``): ``phone_number``,
``send_time`` ("yyyy-MM-dd HH:mm:ss", China time, when the customer sent it), ``content``,
``sign_name``, ``dest_code`` (the extension the reply was sent to) and ``sequence_id`` (a
number). Each reply is judged on its own, for the same reason as a receipt: a batch is pushed
again whole, so refusing it for one bad reply would lose the good ones too. Only a body that is
not an array is malformed (``MalformedReplies``, a kind of ``MalformedReceipts``, so the push
endpoint answers both the same way).

``content`` is what a stranger typed into a phone: it is cleaned (NULs dropped, lone surrogates
replaced, line breaks kept), cut to ``CONTENT_LIMIT`` and never logged; the pages escape it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from dysms.parsing import clean_text
from dysms.receipts import MalformedReceipts, judged, push_time

MAX_REPLIES = 10_000
# A reply is one or a few SMS; anything longer is cut, so a huge one cannot block a batch.
CONTENT_LIMIT = 500

NOT_AN_ARRAY = "The body must be a JSON array of replies."
TOO_MANY = "A push may carry at most {limit} replies."
NOT_AN_OBJECT = "Reply {index} is not a JSON object."
MISSING_FIELD = "Reply {index} has no {field}."
BAD_FIELD = "Reply {index} has an invalid {field}."

# Field name -> longest accepted text; the sign and the extension may be empty.
_TEXT_LIMITS = {"phone_number": 32, "sign_name": 64, "dest_code": 32}


class MalformedReplies(MalformedReceipts):
    """The pushed body is not an array of replies; nothing of it is stored."""


@dataclass(frozen=True)
class Reply:
    phone_number: str
    send_time: datetime
    content: str
    sign_name: str
    dest_code: str
    sequence_id: int

    @property
    def key(self) -> tuple[str, datetime, int]:
        return (self.phone_number, self.send_time, self.sequence_id)


@dataclass(frozen=True)
class ParsedReplies:
    """The usable replies of a push, and why each unusable one was rejected."""

    replies: list[Reply]
    rejected: list[str]


def parse_replies(payload: object) -> ParsedReplies:
    """Validate a decoded push body (``dysms.receipts.decode_push``) reply by reply."""
    replies, rejected = judged(
        payload,
        _reply,
        limit=MAX_REPLIES,
        not_an_array=NOT_AN_ARRAY,
        too_many=TOO_MANY,
        error=MalformedReplies,
    )
    return ParsedReplies(replies, rejected)


def _reply(item: object, index: int) -> Reply:
    if not isinstance(item, dict):
        raise MalformedReplies(NOT_AN_OBJECT.format(index=index))

    def field(name: str) -> object:
        if name not in item or item[name] is None:
            raise MalformedReplies(MISSING_FIELD.format(index=index, field=name))
        return item[name]

    def bad(name: str) -> MalformedReplies:
        return MalformedReplies(BAD_FIELD.format(index=index, field=name))

    texts = _texts(field, bad)
    content = field("content")
    if not isinstance(content, str):
        raise bad("content")
    return Reply(
        phone_number=texts["phone_number"],
        send_time=push_time(field("send_time"), bad("send_time")),
        content=clean_text(content.replace("\x00", "")).strip()[:CONTENT_LIMIT],
        sign_name=texts["sign_name"],
        dest_code=texts["dest_code"],
        sequence_id=_sequence(field("sequence_id"), bad("sequence_id")),
    )


def _texts(
    field: Callable[[str], object], bad: Callable[[str], MalformedReplies]
) -> dict[str, str]:
    """Printable text within its limits; an absent sign or extension is empty, the phone is not."""
    texts = {}
    for name, limit in _TEXT_LIMITS.items():
        value = field(name) if name == "phone_number" else _optional(field, name)
        if not isinstance(value, str) or len(value) > limit or not value.isprintable():
            raise bad(name)
        texts[name] = value.strip()
    if not texts["phone_number"]:
        raise bad("phone_number")
    return texts


def _optional(field: Callable[[str], object], name: str) -> object:
    try:
        return field(name)
    except MalformedReplies:
        return ""


def _sequence(value: object, error: MalformedReplies) -> int:
    # Documented as a number; a string of digits is accepted too, as for a receipt's sms_size.
    if isinstance(value, bool):
        raise error
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not 0 <= value < 2**63:
        raise error
    return value
