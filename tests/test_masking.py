"""Privacy helpers: masked phone numbers, and one-time codes hidden in message texts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deliveries.masking import MASK, has_codes, mask_codes, mask_phone


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
    assert has_codes(content)


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
    assert not has_codes(content)


def test_several_codes_in_one_message_are_all_masked():
    content = "登录验证码 1234；支付校验码 567890。"
    assert mask_codes(content) == f"登录验证码 {MASK}；支付校验码 {MASK}。"


def test_mask_hides_the_length_of_the_code():
    assert mask_codes("验证码 1234") == mask_codes("验证码 12345678") == "验证码 ******"


def test_masking_twice_changes_nothing_more():
    content = "【阿里云】验证码为：123456，您正在登录。"
    assert mask_codes(mask_codes(content)) == mask_codes(content)


def test_keyword_inside_a_longer_english_word_does_not_count():
    assert not has_codes("Postcode 2000 area, spinning 4500 rpm")


@given(st.text(alphabet="0123456789 .,:-，。元分钟年订单号abcxyz¥\n"))
def test_text_without_a_keyword_is_never_changed(content):
    assert mask_codes(content) == content
    assert not has_codes(content)


@given(st.text(alphabet="0123456789 .,:-，。验证码是为code is：\n"))
def test_has_codes_agrees_with_mask_codes(content):
    assert has_codes(content) == (mask_codes(content) != content)
