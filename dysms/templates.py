"""The account's SMS templates: ``QuerySmsTemplateList`` (pages) and ``GetSmsTemplate`` (one).

What a page needs to show a template instead of its bare code: name, content (with its
``${variables}``), kind, review status. The two APIs number things differently, and both
are read here into one ``SmsTemplate``:

* the kind: the list's ``OuterTemplateType`` and ``GetSmsTemplate``'s ``TemplateType`` (a
  string) count 0 verification code, 1 notification, 2 promotion, 3 international, 7 digital
  (as QuerySendStatistics does), while the list's own ``TemplateType`` counts 0 notification,
  1 promotion, 2 verification code, 6 international, 7 digital; ``TemplateKind`` is the first;
* the review: the list says ``AuditStatus`` (``AUDIT_STATE_PASS``, ...; the cancelled state is
  also spelt ``AUDIT_SATE_CANCEL``), ``GetSmsTemplate`` ``TemplateStatus`` "0", "1", "2", "10".
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from dysms.listing import ListPage, mapping, parse_list_page, text
from dysms.parsing import parse_china_time


class TemplateKind(enum.IntEnum):
    """What a template is for, numbered as QuerySendStatistics' ``TemplateType``."""

    VERIFICATION = 0
    NOTIFICATION = 1
    PROMOTION = 2
    INTERNATIONAL = 3
    DIGITAL = 7


class AuditStatus(enum.Enum):
    """Where a template's or signature's review stands."""

    REVIEWING = "reviewing"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"  # a status this client does not know: shown, never guessed


AUDIT_STATES = {
    "AUDIT_STATE_INIT": AuditStatus.REVIEWING,
    "AUDIT_STATE_PASS": AuditStatus.APPROVED,
    "AUDIT_STATE_NOT_PASS": AuditStatus.REJECTED,
    "AUDIT_STATE_CANCEL": AuditStatus.CANCELLED,
    "AUDIT_SATE_CANCEL": AuditStatus.CANCELLED,  # sic, as the API documents it
}
TEMPLATE_STATUSES = {
    "0": AuditStatus.REVIEWING,
    "1": AuditStatus.APPROVED,
    "2": AuditStatus.REJECTED,
    "10": AuditStatus.CANCELLED,
}
# The list's own TemplateType -> TemplateKind.
LIST_TEMPLATE_TYPES = {
    "0": TemplateKind.NOTIFICATION,
    "1": TemplateKind.PROMOTION,
    "2": TemplateKind.VERIFICATION,
    "6": TemplateKind.INTERNATIONAL,
    "7": TemplateKind.DIGITAL,
}


@dataclass(frozen=True)
class SmsTemplate:
    """One template of the account. ``reason``: why it was rejected ("" otherwise)."""

    code: str
    name: str
    content: str
    kind: TemplateKind | None
    audit_status: AuditStatus
    created_at: datetime | None
    sign_name: str = ""
    order_id: str = ""
    reason: str = ""
    reason_detail: str = ""


@dataclass(frozen=True)
class TemplateDetail:
    """``GetSmsTemplate``: the template, the applicant's ``remark``, and the request id."""

    template: SmsTemplate
    remark: str
    request_id: str


def parse_template_list(body: Mapping[str, object]) -> ListPage[SmsTemplate]:
    """One page of ``QuerySmsTemplateList`` (``SmsTemplateList``, a plain array)."""
    request_id = text(body.get("RequestId"))
    return parse_list_page(body, "SmsTemplateList", lambda item: _listed(item, request_id))


def parse_template_detail(body: Mapping[str, object]) -> TemplateDetail:
    """The answer of ``GetSmsTemplate`` (the template's fields at the top level)."""
    request_id = text(body.get("RequestId"))
    audit = mapping(body.get("AuditInfo"), request_id)
    template = SmsTemplate(
        code=text(body.get("TemplateCode")),
        name=text(body.get("TemplateName")),
        content=text(body.get("TemplateContent")),
        kind=_kind(body.get("TemplateType")),
        audit_status=TEMPLATE_STATUSES.get(text(body.get("TemplateStatus")), AuditStatus.UNKNOWN),
        created_at=parse_china_time(body.get("CreateDate")),
        sign_name=text(body.get("RelatedSignName")),
        order_id=text(body.get("OrderId")),
        reason=rejection_text(audit.get("RejectInfo")),
    )
    return TemplateDetail(template=template, remark=text(body.get("Remark")), request_id=request_id)


def _listed(item: Mapping[str, object], request_id: str) -> SmsTemplate:
    reason = mapping(item.get("Reason"), request_id)
    kind = _kind(item.get("OuterTemplateType"))
    if kind is None:
        kind = LIST_TEMPLATE_TYPES.get(text(item.get("TemplateType")))
    return SmsTemplate(
        code=text(item.get("TemplateCode")),
        name=text(item.get("TemplateName")),
        content=text(item.get("TemplateContent")),
        kind=kind,
        audit_status=AUDIT_STATES.get(text(item.get("AuditStatus")), AuditStatus.UNKNOWN),
        created_at=parse_china_time(item.get("CreateDate")),
        sign_name=text(item.get("SignatureName")),
        order_id=text(item.get("OrderId")),
        reason=rejection_text(reason.get("RejectInfo")),
        reason_detail=rejection_text(reason.get("RejectSubInfo")),
    )


def _kind(value: object) -> TemplateKind | None:
    try:
        return TemplateKind(int(text(value).strip()))
    except ValueError:
        return None


def rejection_text(value: object) -> str:
    """A rejection's text; the service's "no remarks" placeholder of an accepted review is ""."""
    said = text(value).strip()
    return "" if said in NO_REMARKS else said


# What the service writes in ``Reason`` when there is nothing to say (approved, in review).
NO_REMARKS = frozenset({"无审核备注", "无审批备注"})
