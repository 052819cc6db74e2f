"""Privacy helpers: masked phone numbers, and one-time codes hidden in message texts."""

from __future__ import annotations

import random
import re
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from access.masking import MASK, mask_codes, mask_phone
from dysms_sandbox.templates import TEMPLATES, render


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812341234", "138****1234"),
        ("138 1234 1234", "138****1234"),
        ("138-1234-1234", "138****1234"),
        ("+8613812341234", "+86 138****1234"),
        ("+86 138 1234 1234", "+86 138****1234"),
        ("008613812341234", "0086 138****1234"),
        ("8613812341234", "86 138****1234"),
        ("+447911123456", "+44******3456"),
        ("+1 (415) 555-0123", "+14*****0123"),
        ("02112345678", "021****5678"),
        ("12345678", "12****78"),
        ("10086", "1***6"),
        ("1234", "****"),
        ("12", "**"),
        ("", ""),
    ],
)
def test_phone_keeps_only_its_ends(phone, masked):
    assert mask_phone(phone) == masked


def test_masked_mainland_mobile_hides_four_middle_digits():
    masked = mask_phone("13912345678")
    assert masked == "139****5678"
    assert "1234" not in masked


# A message with its one-time code(s) between « and »: the marked part must be masked.
MASKED = [
    "【阿里云】验证码为：«123456»，您正在登录，若非本人操作，请勿泄露。",
    "您的验证码是 «8842»，5分钟内有效",
    "验证码«123456»（5分钟内有效），如非本人操作请忽略",
    "【某银行】校验码：«907715»，您正在进行转账操作。",
    "您的动态码为 «556677»，10分钟内有效。",
    "您的确认码：«48291»，订单号 1234567890",
    "账号激活码 «20248812»，请在24小时内完成激活。",
    "短信码 «6612»，请勿转发",
    "您的登录码是«7731»",
    "本次口令：«8812»，切勿告诉他人",
    "【某银行】动态密码 «339911»，用于转账 5000元，切勿泄露。",
    "«123456»是您的验证码，请勿泄露",
    "«123456»（动态验证码），请勿泄露",
    "【招商银行】您账户尾号5678的动态码为 «123456»。",
    "«123456»是您尾号5678账户的动态码",
    "您的订单12345678已发货，验证码 «1234»",
    "验证码：«654321»，有效期10分钟。订单号：88421234",
    "您本次消费 2500 元，校验码 «772211»",
    "您的账号 13812341234 登录验证码：«998877»",
    "【顺丰速运】取件码 «12345678»，请于18:00前取件",
    "【12306】验证码 «4829»，订单E123456789，2024年5月1日 08:30",
    "您的验证码为 «1234 5678»",
    "Your code is «482913»",
    "Your code is «482913».",
    "«482913» is your verification code",
    "G-«482913» is your Google verification code.",
    "Your WhatsApp code: «123-456»",
    "Use «482913» as your Acme login code",
    "Your PIN: «0420»",
    "YOUR OTP IS «883421»",
    "Your one-time passcode is «55123»",
    "Your temporary password is «7741» - change it after login.",
    "Verification: «662301»",
    "Your OTP for transaction of INR 12500 is «883421».",
    "Your verification code is «482913», valid for 10 minutes. Order 55512345 confirmed.",
    "Your code is «4829». Contact 138 1234 5678 for help.",
    "Your code for login to account 12345678 is «4829»",
    "Code: «4829»\nYour order 20241101 ships today.",
    "验证码：«１２３４５６»",
]


@pytest.mark.parametrize("marked", MASKED)
def test_one_time_codes_are_masked(marked):
    content = marked.replace("«", "").replace("»", "")
    assert mask_codes(content) == re.sub("«.*?»", MASK, marked)


UNTOUCHED = [
    "您的订单12345678已发货，预计2024-05-01送达，金额128.50元。",
    "【某银行】您尾号1234的储蓄卡于11月26日 10:30 消费 2,500.00 元，余额 8888。",
    "您好，您的快递单号 75312345678 已签收",
    "会议改至2024年12月3日下午3点，地点：3号楼1205室。",
    "您的套餐本月剩余流量 2048MB，通话 300 分钟。",
    "尊敬的客户，您已成功充值 1000 元。",
    "请拨打客服热线 400-820-8820 咨询。",
    "您的手机号 13812341234 已绑定成功",
    "活动时间 20241101 至 20241130，详情见官网。",
    "验证码5分钟内有效，请尽快使用。",
    "Your order 12345678 has shipped.",
    "Order #12345 shipped, code sent separately.",
    "If you didn't request this code, call 400 820 8820.",
    "Amount due: $1250 by 2024-12-01.",
    "Your invoice No. 88412 for RMB 3000 is ready.",
    "The barcode 123456 is on the box",
    "Template SMS_71390007 approved; your code will follow.",
    "Meeting at 1530 in room 4021",
    "您的验证码为 6 位数字，请查收下一条短信。",
    "Your code expires in 1440 minutes.",
    "",
]


@pytest.mark.parametrize("content", UNTOUCHED)
def test_other_numbers_are_left_alone(content):
    assert mask_codes(content) == content


def test_several_codes_in_one_message_are_all_masked():
    content = "登录验证码 1234；支付校验码 567890。"
    assert mask_codes(content) == f"登录验证码 {MASK}；支付校验码 {MASK}。"


def test_mask_hides_the_length_of_the_code():
    assert mask_codes("验证码 1234") == mask_codes("验证码 12345678") == "验证码 ******"


def test_masking_twice_changes_nothing_more():
    content = "【阿里云】验证码为：123456，您正在登录。"
    assert mask_codes(mask_codes(content)) == mask_codes(content)


def test_keyword_inside_a_longer_english_word_does_not_count():
    content = "Postcode 2000 area, spinning 4500 rpm"
    assert mask_codes(content) == content


@given(st.text(alphabet="0123456789 .,:-，。元分钟年订单号abcxyz¥\n"))
def test_text_without_a_keyword_is_never_changed(content):
    assert mask_codes(content) == content


# Realistic texts and exactly what a user is shown of them: codes in every shape the rule knows,
# and, next to the same keywords, the numbers that must stay readable.
SHOWN = [
    # The sandbox's own templates.
    (
        "【云雀科技】验证码482913，您正在登录云雀账号，5分钟内有效。如非本人操作，请忽略本短信。",
        "【云雀科技】验证码******，您正在登录云雀账号，5分钟内有效。如非本人操作，请忽略本短信。",
    ),
    (
        "【橙子优选】您的验证码为4829，用于绑定手机号，10分钟内有效，请勿告诉他人。",
        "【橙子优选】您的验证码为******，用于绑定手机号，10分钟内有效，请勿告诉他人。",
    ),
    (
        "【鹿鸣快递】您的包裹已到学府小区3号快递柜，取件码11-1-9932，请在当日20:00前领取。",
        "【鹿鸣快递】您的包裹已到学府小区3号快递柜，取件码******，请在当日20:00前领取。",
    ),
    (
        "【鹿鸣快递】您的包裹已到青年路便民驿站，取件码3-6-1024，请在当日20:00前领取。",
        "【鹿鸣快递】您的包裹已到青年路便民驿站，取件码******，请在当日20:00前领取。",
    ),
    # Letters and digits, spaced digits, grouped digits.
    (
        "【菜鸟驿站】取件码：A8K3P2，请凭码到驿站取件。",
        "【菜鸟驿站】取件码：******，请凭码到驿站取件。",
    ),
    ("您的提取码为 K7P2，请勿泄露", "您的提取码为 ******，请勿泄露"),
    ("Your verification code is AB12CD.", "Your verification code is ******."),
    ("AB12CD 是您的登录验证码，请勿泄露", "****** 是您的登录验证码，请勿泄露"),
    ("Your temporary password is K8X2PQ9A", "Your temporary password is ******"),
    ("【某银行】验证码 1 2 3 4 5 6，5分钟内有效。", "【某银行】验证码 ******，5分钟内有效。"),
    ("Your code: 4 8 2 9", "Your code: ******"),
    ("您的验证码是 12-34-56，请勿泄露。", "您的验证码是 ******，请勿泄露。"),
    (
        "【某超市】提货码为 8823 1190 7，请到服务台提货。",
        "【某超市】提货码为 ******，请到服务台提货。",
    ),
    ("Your Acme code is 4829 5617", "Your Acme code is ******"),
    ("Your WhatsApp code: 123-456", "Your WhatsApp code: ******"),
    # No keyword next to the code, but an unmistakable frame.
    ("请输入 483920 完成验证，请勿告诉他人。", "请输入 ****** 完成验证，请勿告诉他人。"),
    ("请在页面输入482913以完成注册", "请在页面输入******以完成注册"),
    ("Use 483920 to verify your Acme account.", "Use ****** to verify your Acme account."),
    ("Enter 771204 to sign in to Acme.", "Enter ****** to sign in to Acme."),
    # Codes beside other numbers, which stay.
    ("您的验证码 123456 2026-12-01 前有效", "您的验证码 ****** 2026-12-01 前有效"),
    ("验证码 1234 5分钟内有效", "验证码 ****** 5分钟内有效"),
    (
        "Your OTP for INR 1250 on 2026-12-01 is 883421.",
        "Your OTP for INR 1250 on 2026-12-01 is ******.",
    ),
    (
        "取件码 5-2-3306，快递单号 JT5012345678901，请于2026-12-01 20:00前领取",
        "取件码 ******，快递单号 JT5012345678901，请于2026-12-01 20:00前领取",
    ),
    ("验证码 ****** 已失效", "验证码 ****** 已失效"),
    # Not codes, though a keyword stands near: amounts, dates, times, order, phone, tracking.
    ("您的验证码服务本月消费128.50元", None),
    ("验证码将于2026-12-01起停用", None),
    ("取件码请在20:00前到驿站查看", None),
    ("验证码相关问题请致电 400-820-8820", None),
    ("请拨打客服热线 95588 获取验证码", None),
    ("验证码订单号 202612010001 已处理", None),
    ("取件码已发至您的手机 13812341234", None),
    ("Your code was sent to 138 1234 5678", None),
    ("Your code expires on 2026-12-01 at 20:00", None),
    ("Your verification code will arrive in 5 minutes.", None),
    ("Use promo code SAVE20 for 20% off today", None),
    ("Error code 4015 means the number is blocked", None),
    ("Your code for iPhone15 is ready", None),
    ("您的快递单号 SF1234567890 取件码请咨询驿站", None),
    ("验证码 12-01 起更新", None),
    ("请输入收货地址完成验证", None),
    ("Use 2 coupons to save 30%", None),
    ("Tracking number 7531234567 for your order code", None),
    # The sandbox's texts without a code.
    ("【橙子优选】您的订单2612011234567已发货，鹿鸣快递单号LM123456789012，请留意查收。", None),
    ("【星河银行】您尾号0420的储蓄卡于10:31消费128.50元，如非本人操作请致电客服。", None),
    ("【青禾健康】您已预约12月3日 09:30的口腔科门诊，请携带身份证件提前15分钟到院签到。", None),
    ("【橙子优选】会员日全场满199减30，仅限今日，打开App即可领取。拒收请回复R", None),
]


@pytest.mark.parametrize(("content", "shown"), SHOWN)
def test_what_a_user_sees_of_a_message(content, shown):
    assert mask_codes(content) == (content if shown is None else shown)


def test_the_table_has_forty_texts_of_both_kinds():
    assert len(SHOWN) >= 40
    assert sum(shown is None for _, shown in SHOWN) >= 15


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda template: template.code)
def test_every_code_the_sandbox_sends_is_masked_and_nothing_else(template):
    # The template's text as a pattern: the code is the one part that must disappear.
    pattern = re.escape(template.text)
    for name in ("code", "pickup"):
        pattern = pattern.replace(re.escape("{" + name + "}"), "(?P<code>.+?)")
    pattern = re.sub(r"\\\{\w+\\\}", ".+?", pattern)
    rng = random.Random(template.code)
    for minute in range(300):
        content, _ = render(template, datetime(2026, 12, 1, 8, minute // 60, minute % 60), rng)
        found = re.fullmatch(pattern, content)
        expected = (
            content[: found.start("code")] + MASK + content[found.end("code") :]
            if "code" in found.groupdict()
            else content
        )
        assert mask_codes(content) == expected
