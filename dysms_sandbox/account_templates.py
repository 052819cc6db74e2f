"""The shop's and the international brand's own templates and signatures (invented, fixed).

The demo account's are in dysms_sandbox.templates and dysms_sandbox.catalogue_data; these
belong to ``SHOP_ACCOUNT`` and ``GLOBAL_ACCOUNT`` (dysms_sandbox.profiles), with codes of their
own, since a template code belongs to one account. They use only the variables
``templates.render`` fills.
"""

from __future__ import annotations

from dysms_sandbox.catalogue_data import Sign
from dysms_sandbox.templates import Template

SHOP_TEMPLATES = (
    Template(
        "SMS_312640581",
        "verification",
        "【橙子优选】验证码{code}，您正在登录橙子优选，10分钟内有效，请勿告诉他人。",
        35,
        name="商城登录验证码",
        created="2024-01-08 10:02:44",
    ),
    Template(
        "SMS_312657093",
        "notification",
        "【橙子优选】您的订单{order}已发货，鹿鸣快递单号{waybill}，请留意查收。",
        30,
        name="商城发货通知",
        created="2024-01-08 10:09:12",
    ),
    Template(
        "SMS_313080426",
        "notification",
        "【橙子优选】您的订单{order}已退款{amount}元，预计1至3个工作日原路退回。",
        12,
        name="商城退款通知",
        created="2024-02-19 14:31:05",
    ),
    Template(
        "SMS_313295570",
        "promotion",
        "【橙子优选】年货节满299减50，今晚24点截止，打开App即可领取。拒收请回复R",
        23,
        name="年货节促销",
        created="2024-02-26 18:47:39",
    ),
)
SHOP_UNSENT_TEMPLATES = (
    Template(
        "SMS_318804217",
        "notification",
        "【橙子优选】您关注的商品已降价，订单{order}可申请价保，请在App内查看。",
        0,
        name="降价提醒",
        created="2024-06-11 09:20:33",
        review="reviewing",
    ),
)
SHOP_SIGNS = (
    Sign("橙子优选", "通用类型", "2024-01-05 11:40:18"),
    Sign("橙子生鲜", "通用类型", "2024-06-10 16:12:50", review="reviewing"),
)

GLOBAL_TEMPLATES = (
    Template(
        "SMS_320114658",
        "international",
        "【Skylark】Your Skylark verification code is {code}. It expires in 5 minutes.",
        55,
        name="International login code",
        created="2024-03-04 08:15:27",
    ),
    Template(
        "SMS_320139902",
        "international",
        "【Skylark】Your order {order} has shipped. Tracking number: {waybill}.",
        30,
        name="International shipping notice",
        created="2024-03-04 08:22:51",
    ),
    Template(
        "SMS_320486375",
        "international",
        "【Skylark】We received your payment of {amount} USD. Thank you for choosing Skylark.",
        15,
        name="International payment receipt",
        created="2024-04-16 13:05:09",
    ),
)
GLOBAL_SIGNS = (Sign("Skylark", "通用类型", "2024-03-01 10:30:00"),)
