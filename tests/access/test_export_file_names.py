"""What an export file is called, and what its sheet is called, whatever the words."""

from __future__ import annotations

import pytest

from access.export_files import attachment, sheet_title


def test_an_ascii_name_is_given_once():
    assert attachment("sms-13800000999-20261101.csv") == (
        'attachment; filename="sms-13800000999-20261101.csv"'
    )


def test_a_chinese_name_has_an_ascii_fallback_and_its_utf8_form():
    assert attachment("sms-验证码.csv") == (
        "attachment; filename=\"sms-_.csv\"; filename*=UTF-8''sms-%E9%AA%8C%E8%AF%81%E7%A0%81.csv"
    )


def test_a_quote_never_ends_the_file_name_early():
    assert attachment('a"b\\c.csv').startswith('attachment; filename="a_b_c.csv"; filename*=')


@pytest.mark.parametrize(
    ("title", "sheet"),
    [
        ("短信记录", "短信记录"),
        ("SMS records [shop]: a/b?", "SMS records _shop__ a_b_"),
        ("x" * 40, "x" * 31),
        ("", "Sheet1"),
    ],
)
def test_a_sheet_is_named_as_excel_allows(title, sheet):
    assert sheet_title(title) == sheet
