"""The account's templates and signatures: QuerySmsTemplateList, GetSmsTemplate, QuerySmsSignList.

The templates are the seven that the records are sent with (dysms_sandbox.templates), all
approved, and two that never sent anything: one rejected (a promotion without its opt-out
tail), one still in review. The signatures are the five brands of those templates, approved,
and two more, one rejected and one in review. Lists are newest first by creation time.

Both lists take the documented optional ``PageIndex`` (from 1, default 1) and ``PageSize``
(1 to 50, default 10); a page past the end is empty and keeps ``TotalCount``. A value out of
range is ``isv.INVALID_PARAMETERS`` in an HTTP 200 body, like the other APIs' parameters.
That is the demo account's catalogue; the other accounts hold their own (dysms_sandbox.profiles:
the shop's 橙子优选 templates, the international brand's English ones).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from dysms_sandbox.accounts import DEMO_ACCOUNT
from dysms_sandbox.answers import SandboxResponse, ServiceError, json_response, ok_body
from dysms_sandbox.catalogue_data import Sign
from dysms_sandbox.profiles import profile_for
from dysms_sandbox.templates import Template
from dysms_sandbox.traffic import seed

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
BAD_PAGE_INDEX = "参数错误：PageIndex 须为大于等于 1 的整数。"
BAD_PAGE_SIZE = "参数错误：PageSize 须为 1 到 50 之间的整数。"
UNKNOWN_TEMPLATE = "模板不存在，或不属于本账号。"
NO_REMARKS = "无审核备注"
# QuerySmsTemplateList's OuterTemplateType (and GetSmsTemplate's TemplateType), and its own
# TemplateType, which numbers the kinds differently.
OUTER_TYPES = {"verification": 0, "notification": 1, "promotion": 2, "international": 3}
LIST_TYPES = {"verification": 2, "notification": 0, "promotion": 1, "international": 6}
AUDIT_STATES = {"approved": "AUDIT_STATE_PASS", "rejected": "AUDIT_STATE_NOT_PASS"}
AUDIT_STATES_DEFAULT = "AUDIT_STATE_INIT"
TEMPLATE_STATUSES = {"approved": "1", "rejected": "2"}
TEMPLATE_STATUS_DEFAULT = "0"

_DIGITS = re.compile(r"[0-9]+")


def templates(account: str = DEMO_ACCOUNT) -> list[Template]:
    """The account's templates, those it sends and those it never sent, newest first."""
    profile = profile_for(account)
    every = [*profile.templates, *profile.unsent]
    return sorted(every, key=lambda template: template.created, reverse=True)


def template_list(
    params: Mapping[str, str], *, now: datetime, request_id: str, account: str = DEMO_ACCOUNT
) -> SandboxResponse:
    page, size, start = _page(params)
    every = templates(account)
    items = [_listed_template(template) for template in every[start : start + size]]
    body = ok_body(
        request_id, SmsTemplateList=items, TotalCount=len(every), CurrentPage=page, PageSize=size
    )
    return json_response(200, body, request_id=request_id)


def sign_list(
    params: Mapping[str, str], *, now: datetime, request_id: str, account: str = DEMO_ACCOUNT
) -> SandboxResponse:
    page, size, start = _page(params)
    every = sorted(profile_for(account).signs, key=lambda sign: sign.created, reverse=True)
    items = [_listed_sign(sign) for sign in every[start : start + size]]
    body = ok_body(
        request_id, SmsSignList=items, TotalCount=len(every), CurrentPage=page, PageSize=size
    )
    return json_response(200, body, request_id=request_id)


def get_template(
    params: Mapping[str, str], *, now: datetime, request_id: str, account: str = DEMO_ACCOUNT
) -> SandboxResponse:
    code = params.get("TemplateCode")
    if not code:
        raise ServiceError("MissingTemplateCode", "TemplateCode is mandatory for this action.")
    template = next((one for one in templates(account) if one.code == code), None)
    if template is None:
        raise ServiceError("isv.SMS_TEMPLATE_ILLEGAL", UNKNOWN_TEMPLATE, status=200)
    return json_response(200, ok_body(request_id, **_detail(template)), request_id=request_id)


def _listed_template(template: Template) -> dict[str, object]:
    return {
        "TemplateCode": template.code,
        "TemplateName": template.name,
        "OuterTemplateType": OUTER_TYPES[template.kind],
        "TemplateType": LIST_TYPES[template.kind],
        "AuditStatus": AUDIT_STATES.get(template.review, AUDIT_STATES_DEFAULT),
        "TemplateContent": template.content,
        "CreateDate": template.created,
        "Reason": _reason(template),
        "OrderId": _order_id(template.code),
        "SignatureName": template.sign_name,
    }


def _detail(template: Template) -> dict[str, object]:
    reason = _reason(template)
    detail: dict[str, object] = {
        "TemplateCode": template.code,
        "TemplateName": template.name,
        "TemplateContent": template.content,
        "TemplateType": str(OUTER_TYPES[template.kind]),
        "TemplateStatus": TEMPLATE_STATUSES.get(template.review, TEMPLATE_STATUS_DEFAULT),
        "RelatedSignName": template.sign_name,
        "TemplateTag": 2,  # created by the account's user (not a gift or test template)
        "OrderId": _order_id(template.code),
        "Remark": f"{template.name}，用于{template.sign_name}的业务通知。",
        "CreateDate": template.created,
        "AuditInfo": {
            "RejectInfo": reason["RejectInfo"],
            "AuditDate": reason.get("RejectDate", ""),
        },
    }
    if template.kind == "verification":
        detail["VariableAttribute"] = '{"code":"characterWithNumber"}'
    return detail


def _listed_sign(sign: Sign) -> dict[str, object]:
    return {
        "SignName": sign.name,
        "AuditStatus": AUDIT_STATES.get(sign.review, AUDIT_STATES_DEFAULT),
        "CreateDate": sign.created,
        "Reason": _reason(sign),
        "BusinessType": sign.business_type,
        "OrderId": _order_id(sign.name),
    }


def _reason(item: Template | Sign) -> dict[str, str]:
    """What the review said: the rejection, or the service's "no remarks" placeholder."""
    if item.rejection is None:
        return {"RejectInfo": NO_REMARKS}
    info, detail, when = item.rejection
    return {"RejectDate": when, "RejectInfo": info, "RejectSubInfo": detail}


def _order_id(name: str) -> str:
    return str(seed("order", name) % 10**11)


def _page(params: Mapping[str, str]) -> tuple[int, int, int]:
    """``(PageIndex, PageSize, first item)``, both optional with their documented defaults."""
    page = _number(params.get("PageIndex"), 1, BAD_PAGE_INDEX)
    size = _number(params.get("PageSize"), DEFAULT_PAGE_SIZE, BAD_PAGE_SIZE)
    if page < 1:
        raise ServiceError("isv.INVALID_PARAMETERS", BAD_PAGE_INDEX, status=200)
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise ServiceError("isv.INVALID_PARAMETERS", BAD_PAGE_SIZE, status=200)
    return page, size, (page - 1) * size


def _number(value: str | None, default: int, message: str) -> int:
    if value is None or value == "":
        return default
    if not _DIGITS.fullmatch(value.strip()):
        raise ServiceError("isv.INVALID_PARAMETERS", message, status=200)
    return int(value)
