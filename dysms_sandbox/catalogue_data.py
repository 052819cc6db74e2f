"""The account's templates that never sent anything, and its signatures: invented, fixed."""

from __future__ import annotations

from dataclasses import dataclass

from dysms_sandbox.templates import Template


@dataclass(frozen=True)
class Sign:
    """A signature; ``review`` and ``rejection`` as a template's (dysms_sandbox.templates)."""

    name: str
    business_type: str  # the service's words: "验证码类型" or "通用类型"
    created: str  # China time
    review: str = "approved"
    rejection: tuple[str, str, str] | None = None


# Weight 0: the records never use them (dysms_sandbox.generator draws from TEMPLATES only).
UNSENT_TEMPLATES = (
    Template(
        "SMS_301245873",
        "promotion",
        "【橙子优选】周末限时秒杀，全场五折起，点击链接立即抢购！",
        0,
        name="周末秒杀推广",
        created="2024-05-10 14:02:36",
        review="rejected",
        rejection=(
            "推广短信缺少退订方式",
            "推广类短信须在结尾附上退订方式，例如“拒收请回复R”。",
            "2024-05-10 16:40:12",
        ),
    ),
    Template(
        "SMS_302778190",
        "notification",
        "【鹿鸣快递】您的快递{waybill}正在派送中，快递员电话{courier}，请保持电话畅通。",
        0,
        name="派件通知",
        created="2024-06-03 10:15:58",
        review="reviewing",
    ),
)

SIGNS = (
    Sign("云雀科技", "验证码类型", "2023-03-10 09:30:11"),
    Sign("橙子优选", "通用类型", "2022-09-28 13:45:20"),
    Sign("鹿鸣快递", "通用类型", "2023-08-15 16:08:44"),
    Sign("青禾健康", "通用类型", "2023-11-20 10:52:03"),
    Sign("星河银行", "通用类型", "2022-11-30 11:17:39"),
    Sign(
        "小满生活",
        "通用类型",
        "2024-04-22 15:26:09",
        review="rejected",
        rejection=(
            "签名来源材料不能证明归属",
            "请上传能证明签名归属于本企业的营业执照或商标注册证。",
            "2024-04-23 10:03:47",
        ),
    ),
    Sign("青禾体检", "通用类型", "2024-06-05 09:41:27", review="reviewing"),
)
