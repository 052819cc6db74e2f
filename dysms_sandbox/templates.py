"""The invented senders' templates: codes, 【sign】 prefixes and the text the service renders."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta


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


def render(template: Template, sent: datetime, rng: random.Random) -> tuple[str, str]:
    """``(content, out_id)`` of one send of ``template`` at ``sent`` (China time)."""
    day = sent.date()
    order = f"{day:%y%m%d}{rng.randrange(10**6, 10**7)}"
    digits = 6 if rng.random() < 0.7 else 4
    visit_day = day + timedelta(days=rng.randint(1, 7))
    values = {
        "code": str(rng.randrange(10 ** (digits - 1), 10**digits)),
        "station": rng.choice(STATIONS),
        "pickup": f"{rng.randint(1, 30)}-{rng.randint(1, 6)}-{rng.randint(1000, 9999)}",
        "order": order,
        "waybill": f"LM{rng.randrange(10**11, 10**12)}",
        "visit": f"{visit_day.month}月{visit_day.day}日 {rng.choice(VISIT_TIMES)}",
        "dept": rng.choice(DEPARTMENTS),
        "tail": f"{rng.randrange(10**4):04d}",
        "clock": f"{sent - timedelta(seconds=rng.randint(3, 40)):%H:%M}",
        "amount": f"{rng.randint(5, 3000)}.{rng.randint(0, 99):02d}",
    }
    if template.kind == "verification":
        out_id = "" if rng.random() < 0.5 else f"login-{rng.randrange(10**7, 10**8)}"
    elif "{order}" in template.text:
        out_id = f"ORD{order}"
    else:
        out_id = str(rng.randrange(10**9, 10**10))
    return template.text.format(**values), out_id
