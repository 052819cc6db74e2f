"""The account's SMS signatures (the 【sign】 of every message): ``QuerySmsSignList``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from dysms.listing import ListPage, mapping, parse_list_page, text
from dysms.parsing import parse_china_time
from dysms.templates import AUDIT_STATES, AuditStatus, rejection_text

# A sign as the service puts it before the text: 【云雀科技】. At most 100 characters, as
# ``validation.MAX_SIGN_NAME_LENGTH``; no 】 inside.
_CONTENT_SIGN = re.compile(r"【([^】\n]{1,100})】")


def content_sign(content: str) -> str:
    """The sign of a sent message: the 【...】 its content starts with ("" for none).

    ``QuerySendDetails`` gives no ``SignName``: the service puts the sign in front of the text
    it sends and lists, so the content is the one source of the sign of a send.
    """
    match = _CONTENT_SIGN.match(content or "")
    return match.group(1) if match else ""


@dataclass(frozen=True)
class SmsSign:
    """One signature. ``business_type`` is the service's words ("验证码类型", "通用类型")."""

    name: str
    audit_status: AuditStatus
    business_type: str
    created_at: datetime | None
    order_id: str = ""
    reason: str = ""
    reason_detail: str = ""


def parse_sign_list(body: Mapping[str, object]) -> ListPage[SmsSign]:
    """One page of ``QuerySmsSignList`` (``SmsSignList``, a plain array)."""
    request_id = text(body.get("RequestId"))
    return parse_list_page(body, "SmsSignList", lambda item: _sign(item, request_id))


def _sign(item: Mapping[str, object], request_id: str) -> SmsSign:
    reason = mapping(item.get("Reason"), request_id)
    return SmsSign(
        name=text(item.get("SignName")),
        audit_status=AUDIT_STATES.get(text(item.get("AuditStatus")), AuditStatus.UNKNOWN),
        business_type=text(item.get("BusinessType")),
        created_at=parse_china_time(item.get("CreateDate")),
        order_id=text(item.get("OrderId")),
        reason=rejection_text(reason.get("RejectInfo")),
        reason_detail=rejection_text(reason.get("RejectSubInfo")),
    )
