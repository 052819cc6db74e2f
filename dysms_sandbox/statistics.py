"""QuerySendStatistics: daily totals of the account, counted over its customers' sends.

One row per day of the range, newest first, days without traffic included as zeros. The
counts are exact: the sends of the account's population (dysms_sandbox.population) made by
"now", each counted as delivered or failed once its receipt has come by then and as without a
receipt until it does, exactly as QuerySendDetails shows those sends and as the receipt pushes
bring them (dysms_sandbox.pushes). So today grows as the day goes on, its last few minutes are
still without a receipt, and a past day no longer changes. Numbers outside the population
(typed by hand, the reserved ones) are not counted.

``IsGlobe=1`` counts the sends to mainland numbers, ``IsGlobe=2`` the others. ``TemplateType``
counts the sends of templates of that kind; abroad every send is international traffic, so
there ``TemplateType=3`` counts them all and the other types none. ``SignName`` counts the
sends of that signature's templates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dysms.values import CHINA_TZ, SendStatus
from dysms_sandbox.accounts import DEMO_ACCOUNT
from dysms_sandbox.answers import SandboxResponse, ServiceError, json_response, ok_body
from dysms_sandbox.generator import Outline
from dysms_sandbox.population import account_day, midnight

REQUIRED = ("IsGlobe", "StartDate", "EndDate", "PageIndex", "PageSize")
MAX_PAGE_SIZE = 50
OLDEST_DAYS = 365
TEMPLATE_TYPES = {
    0: "verification",
    1: "notification",
    2: "promotion",
    3: "international",
    7: "digital",
}
INTERNATIONAL = 3

BAD_IS_GLOBE = "参数错误：IsGlobe 取值为 1（国内）或 2（国际/港澳台）。"
BAD_DATE = "参数格式错误：{name} 须为 yyyyMMdd 格式的日期。"
BAD_RANGE = "参数错误：StartDate 不能晚于 EndDate。"
DATE_OUT_OF_RANGE = "参数错误：只支持查询 {oldest} 至 {today} 的统计。"
BAD_PAGE_SIZE = "参数错误：PageSize 须为 1 到 50 之间的整数。"
BAD_PAGE_INDEX = "参数错误：PageIndex 须为大于等于 1 的整数。"
BAD_TEMPLATE_TYPE = "参数错误：TemplateType 取值为 0、1、2、3 或 7。"

_DIGITS = re.compile(r"[0-9]+")


def answer(
    params: Mapping[str, str], *, now: datetime, request_id: str, account: str = DEMO_ACCOUNT
) -> SandboxResponse:
    for name in REQUIRED:
        if not params.get(name):
            raise ServiceError(f"Missing{name}", f"{name} is mandatory for this action.")
    globe = _number(params["IsGlobe"], BAD_IS_GLOBE)
    if globe not in (1, 2):
        raise ServiceError("isv.INVALID_PARAMETERS", BAD_IS_GLOBE, status=200)
    today = now.astimezone(CHINA_TZ).date()
    start, end = _date_range(params["StartDate"], params["EndDate"], today)
    page_size = _number(params["PageSize"], BAD_PAGE_SIZE)
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ServiceError("isv.INVALID_PARAMETERS", BAD_PAGE_SIZE, status=200)
    page = _number(params["PageIndex"], BAD_PAGE_INDEX)
    if page < 1:
        raise ServiceError("isv.INVALID_PARAMETERS", BAD_PAGE_INDEX, status=200)
    filters = Filters(globe, _template_type(params.get("TemplateType")), params.get("SignName"))
    days = [end - timedelta(days=n) for n in range((end - start).days + 1)]
    first = (page - 1) * page_size
    rows = [day_row(day, filters, now, account=account) for day in days[first : first + page_size]]
    data = {"TotalSize": len(days), "TargetList": rows}
    return json_response(200, ok_body(request_id, Data=data), request_id=request_id)


@dataclass(frozen=True)
class Filters:
    """What a query counts: ``IsGlobe``, and the optional ``TemplateType`` and ``SignName``."""

    globe: int
    template_type: int | None = None
    sign_name: str | None = None

    def counts(self, send: Outline) -> bool:
        if (1 if send.phone.startswith("1") else 2) != self.globe:
            return False
        if self.sign_name and send.template.sign_name != self.sign_name:
            return False
        if self.template_type is None:
            return True
        if self.globe == 2:
            return self.template_type == INTERNATIONAL
        return TEMPLATE_TYPES[self.template_type] == send.template.kind


def day_row(
    day: date, filters: Filters, now: datetime, *, account: str = DEMO_ACCOUNT
) -> dict[str, object]:
    """One day's totals at ``now``: the sends made by then, and their receipts come by then."""
    by_now = (now - midnight(day)).total_seconds()
    total = delivered = failed = 0
    for send in account_day(account, day):
        if send.sent > by_now or not filters.counts(send):
            continue
        total += 1
        if send.final_status is SendStatus.WAITING or send.sent + send.delay > by_now:
            continue
        if send.final_status is SendStatus.DELIVERED:
            delivered += 1
        else:
            failed += 1
    return {
        "TotalCount": total,
        "RespondedSuccessCount": delivered,
        "RespondedFailCount": failed,
        "NoRespondedCount": total - delivered - failed,
        "SendDate": day.strftime("%Y%m%d"),
    }


def _template_type(value: str | None) -> int | None:
    if not value:
        return None
    number = _number(value, BAD_TEMPLATE_TYPE)
    if number not in TEMPLATE_TYPES:
        raise ServiceError("isv.INVALID_PARAMETERS", BAD_TEMPLATE_TYPE, status=200)
    return number


def _date_range(start_text: str, end_text: str, today: date) -> tuple[date, date]:
    start = _day(start_text, "StartDate")
    end = _day(end_text, "EndDate")
    if start > end:
        raise ServiceError("isv.INVALID_PARAMETERS", BAD_RANGE, status=200)
    oldest = today - timedelta(days=OLDEST_DAYS - 1)
    if start < oldest or end > today:
        message = DATE_OUT_OF_RANGE.format(oldest=f"{oldest:%Y%m%d}", today=f"{today:%Y%m%d}")
        raise ServiceError("isv.INVALID_PARAMETERS", message, status=200)
    return start, end


def _day(text: str, name: str) -> date:
    try:
        if not (len(text) == 8 and _DIGITS.fullmatch(text)):
            raise ValueError(text)
        return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise ServiceError(
            "isv.INVALID_PARAMETERS", BAD_DATE.format(name=name), status=200
        ) from None


def _number(text: str, message: str) -> int:
    if not _DIGITS.fullmatch(text.strip()):
        raise ServiceError("isv.INVALID_PARAMETERS", message, status=200)
    return int(text)
