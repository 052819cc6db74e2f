"""The invented senders' templates: codes, 【sign】 prefixes and the text the service renders."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple


@dataclass(frozen=True)
class Template:
    """A template as sent (``text``: 【sign】 and body, ``{name}`` for each variable).

    ``weight`` is its share of the traffic; ``name``, ``created`` (China time), ``review``
    ("approved", "rejected" or "reviewing") and a rejection's ``(info, detail, when)`` are
    what the template lists show (dysms_sandbox.catalogue).
    """

    code: str
    kind: str  # "verification", "notification" or "promotion"
    text: str
    weight: int
    name: str = ""
    created: str = ""
    review: str = "approved"
    rejection: tuple[str, str, str] | None = None

    @property
    def sign_name(self) -> str:
        return self.text[1 : self.text.index("】")]

    @property
    def content(self) -> str:
        """The body as the template lists write it: no 【sign】, ``${name}`` variables."""
        body = self.text[self.text.index("】") + 1 :]
        return body.replace("{", "${")

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(part.split("}", 1)[0] for part in self.text.split("{")[1:])


# All brands are invented. Promotional texts carry the opt-out tail carriers require.
TEMPLATES = (
    Template(
        "SMS_271935402",
        "verification",
        "【云雀科技】验证码{code}，您正在登录云雀账号，5分钟内有效。如非本人操作，请忽略本短信。",
        30,
        name="登录验证码",
        created="2023-03-14 10:21:07",
    ),
    Template(
        "SMS_268410577",
        "verification",
        "【橙子优选】您的验证码为{code}，用于绑定手机号，10分钟内有效，请勿告诉他人。",
        15,
        name="绑定手机验证码",
        created="2023-02-02 15:48:33",
    ),
    Template(
        "SMS_285016239",
        "notification",
        "【鹿鸣快递】您的包裹已到{station}，取件码{pickup}，请在当日20:00前领取。",
        18,
        name="包裹到站取件通知",
        created="2023-08-21 09:12:45",
    ),
    Template(
        "SMS_279553168",
        "notification",
        "【橙子优选】您的订单{order}已发货，鹿鸣快递单号{waybill}，请留意查收。",
        12,
        name="订单发货通知",
        created="2023-06-09 17:03:19",
    ),
    Template(
        "SMS_290847731",
        "notification",
        "【青禾健康】您已预约{visit}的{dept}门诊，请携带身份证件提前15分钟到院签到。",
        8,
        name="门诊预约提醒",
        created="2023-11-27 11:36:52",
    ),
    Template(
        "SMS_263172054",
        "notification",
        "【星河银行】您尾号{tail}的储蓄卡于{clock}消费{amount}元，如非本人操作请致电客服。",
        9,
        name="储蓄卡消费提醒",
        created="2022-12-05 14:27:10",
    ),
    Template(
        "SMS_258830946",
        "promotion",
        "【橙子优选】会员日全场满199减30，仅限今日，打开App即可领取。拒收请回复R",
        8,
        name="会员日促销",
        created="2022-10-18 16:55:41",
    ),
)

STATIONS = ("青年路便民驿站", "学府小区3号快递柜", "科技园东门驿站", "滨江花园北门驿站")
VISIT_TIMES = ("09:30", "10:00", "14:00", "15:30")
DEPARTMENTS = ("口腔科", "皮肤科", "儿科", "眼科", "骨科")


class Drawn(NamedTuple):
    """The random parts of one send's variables, in the order they are drawn."""

    order: int
    digits: int
    visit_days: int
    code: int
    station: str
    pickup: tuple[int, int, int]
    waybill: int
    visit_time: str
    dept: str
    tail: int
    clock_back: int
    amount: tuple[int, int]


def render(template: Template, sent: datetime, rng: random.Random) -> tuple[str, str]:
    """``(content, out_id)`` of one send of ``template`` at ``sent`` (China time)."""
    drawn = _draw(rng)
    day = sent.date()
    order = f"{day:%y%m%d}{drawn.order}"
    visit_day = day + timedelta(days=drawn.visit_days)
    values = {
        "code": str(drawn.code),
        "station": drawn.station,
        "pickup": "-".join(str(part) for part in drawn.pickup),
        "order": order,
        "waybill": f"LM{drawn.waybill}",
        "visit": f"{visit_day.month}月{visit_day.day}日 {drawn.visit_time}",
        "dept": drawn.dept,
        "tail": f"{drawn.tail:04d}",
        "clock": f"{sent - timedelta(seconds=drawn.clock_back):%H:%M}",
        "amount": f"{drawn.amount[0]}.{drawn.amount[1]:02d}",
    }
    return template.text.format(**values), _out_id(template, order, rng)


def skip_render(template: Template, rng: random.Random) -> None:
    """Draw from ``rng`` what ``render`` would, without writing the text (the statistics
    count sends and need only what comes after: outcome, BizId, receipt delay)."""
    _draw(rng)
    _out_id(template, "", rng)


def _draw(rng: random.Random) -> Drawn:
    order = rng.randrange(10**6, 10**7)
    digits = 6 if rng.random() < 0.7 else 4
    return Drawn(
        order,
        digits,
        rng.randint(1, 7),
        rng.randrange(10 ** (digits - 1), 10**digits),
        rng.choice(STATIONS),
        (rng.randint(1, 30), rng.randint(1, 6), rng.randint(1000, 9999)),
        rng.randrange(10**11, 10**12),
        rng.choice(VISIT_TIMES),
        rng.choice(DEPARTMENTS),
        rng.randrange(10**4),
        rng.randint(3, 40),
        (rng.randint(5, 3000), rng.randint(0, 99)),
    )


def _out_id(template: Template, order: str, rng: random.Random) -> str:
    if template.kind == "verification":
        return "" if rng.random() < 0.5 else f"login-{rng.randrange(10**7, 10**8)}"
    if "{order}" in template.text:
        return f"ORD{order}"
    return str(rng.randrange(10**9, 10**10))
