"""QuerySendStatistics: daily totals of the whole account, deterministic per day and filter.

One row per day of the range, newest first, days without traffic included as
zeros. The mix follows the records of QuerySendDetails: mostly delivered, a
few percent failed, a trace of sends that never got a receipt, more of those
yesterday, and today's last few minutes still without a receipt. Each account has its own
volumes (dysms_sandbox.profiles: the international brand's are mostly ``IsGlobe=2``); the
demo account's figures are the original ones.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from dysms.values import CHINA_TZ
from dysms_sandbox.accounts import DEMO_ACCOUNT
from dysms_sandbox.answers import SandboxResponse, ServiceError, json_response, ok_body
from dysms_sandbox.profiles import DEMO_PROFILE, profile_for, seed_parts
from dysms_sandbox.templates import Template
from dysms_sandbox.traffic import HOUR_WEIGHTS, seed

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
    templates = profile_for(account).templates
    share = _template_share(params.get("TemplateType"), globe, templates)
    share *= sign_share(params.get("SignName"), templates)
    days = [end - timedelta(days=n) for n in range((end - start).days + 1)]
    rows = [day_row(day, globe, share, now, account=account) for day in days]
    first = (page - 1) * page_size
    data = {"TotalSize": len(rows), "TargetList": rows[first : first + page_size]}
    return json_response(200, ok_body(request_id, Data=data), request_id=request_id)


def day_row(
    day: date, globe: int, share: float, now: datetime, *, account: str = DEMO_ACCOUNT
) -> dict[str, object]:
    """One day's totals. The random draws ignore the filters, which only scale the volume."""
    rng = random.Random(seed(*seed_parts(account, "statistics", str(globe), f"{day:%Y%m%d}")))
    profile = profile_for(account)
    quiet = rng.random() < profile.quiet[globe - 1]
    volume = rng.randint(*profile.volume[globe - 1]) * (
        0.55 if globe == 1 and day.weekday() >= 5 else 1.0
    )
    failure_rate = rng.uniform(0.015, 0.06)
    lost_rate = rng.uniform(0.0, 0.003)
    today = now.astimezone(CHINA_TZ)
    days_ago = (today.date() - day).days
    if days_ago == 1:
        lost_rate += rng.uniform(0.002, 0.01)
    sent_share, waiting_share = (1.0, 0.0) if days_ago else _today_shares(today)
    total = 0 if quiet else round(volume * share * sent_share)
    waiting = round(volume * share * waiting_share) + round(total * lost_rate)
    failed = round(total * failure_rate)
    waiting = min(waiting, total - failed)
    return {
        "TotalCount": total,
        "RespondedSuccessCount": total - failed - waiting,
        "RespondedFailCount": failed,
        "NoRespondedCount": waiting,
        "SendDate": day.strftime("%Y%m%d"),
    }


def sign_share(
    sign_name: str | None, templates: tuple[Template, ...] = DEMO_PROFILE.templates
) -> float:
    """The share of traffic sent under ``sign_name`` (all of it when not given)."""
    if not sign_name:
        return 1.0
    total = sum(template.weight for template in templates)
    mine = sum(t.weight for t in templates if t.text.startswith(f"【{sign_name}】"))
    return mine / total


def _template_share(value: str | None, globe: int, templates: tuple[Template, ...]) -> float:
    if not value:
        return 1.0
    number = _number(value, BAD_TEMPLATE_TYPE)
    if number not in TEMPLATE_TYPES:
        raise ServiceError("isv.INVALID_PARAMETERS", BAD_TEMPLATE_TYPE, status=200)
    kind = TEMPLATE_TYPES[number]
    if globe == 2:
        return 1.0 if kind == "international" else 0.0
    total = sum(template.weight for template in templates)
    return sum(t.weight for t in templates if t.kind == kind) / total


def _today_shares(now: datetime) -> tuple[float, float]:
    """Share of the day's volume sent by ``now``, and of it sent in the last five minutes."""
    hours = now.hour + now.minute / 60 + now.second / 3600
    whole = sum(HOUR_WEIGHTS)
    done = sum(HOUR_WEIGHTS[: int(hours)]) + HOUR_WEIGHTS[int(hours)] * (hours % 1)
    recent = HOUR_WEIGHTS[int(hours)] * min(hours, 5 / 60)
    return done / whole, recent / whole


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
