"""Billed parts at the boundaries: Chinese, English and mixed texts, at home and abroad."""

from __future__ import annotations

import pytest

from dysms.billing import billed_parts

SIGN = "【云雀科技】"  # six characters, counted like any others


@pytest.mark.parametrize(
    ("length", "parts"),
    [(6, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)],
)
def test_a_domestic_message_is_one_part_up_to_70_characters_then_parts_of_67(length, parts):
    chinese = SIGN + "验" * (length - len(SIGN))

    assert len(chinese) == length
    assert billed_parts(chinese) == parts


@pytest.mark.parametrize("filler", ["a", " ", "7", "验"])
def test_at_home_every_character_counts_one_whatever_its_script(filler):
    assert billed_parts(SIGN + filler * 64) == 1  # 70
    assert billed_parts(SIGN + filler * 65) == 2  # 71


def test_a_mixed_domestic_text_counts_its_characters():
    text = SIGN + "Your code is 123456，5分钟内有效。" * 3

    assert len(text) == 87
    assert billed_parts(text) == 2


@pytest.mark.parametrize(
    ("length", "parts"), [(160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)]
)
def test_an_english_message_abroad_follows_the_gsm_rule_160_then_153(length, parts):
    assert billed_parts("a" * length, international=True) == parts


def test_one_chinese_character_makes_the_whole_message_ucs2_70_then_67():
    english = "Your verification code is 123456. " * 2  # 68 GSM characters

    assert billed_parts(english, international=True) == 1
    assert billed_parts(english + "验证", international=True) == 1  # 70 in UCS-2
    assert billed_parts(english + "验证码", international=True) == 2  # 71
    assert billed_parts("验" * 134, international=True) == 2
    assert billed_parts("验" * 135, international=True) == 3


def test_gsm_extension_characters_count_two():
    assert billed_parts("€" * 80, international=True) == 1  # 160 septets
    assert billed_parts("a" + "€" * 80, international=True) == 2  # 161
    assert billed_parts("[" * 77 + "a" * 7, international=True) == 2  # 161


def test_an_emoji_abroad_takes_two_ucs2_units():
    assert billed_parts("a" * 68 + "😀", international=True) == 1  # 70 units
    assert billed_parts("a" * 69 + "😀", international=True) == 2  # 71


def test_an_empty_text_has_nothing_to_bill():
    assert billed_parts("") == 0
    assert billed_parts("", international=True) == 0
