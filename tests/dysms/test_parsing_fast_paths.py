"""The parser's fast paths give exactly what the plain code they stand in for gives.

Each fast path (a record built without the frozen ``__init__``, times without
``datetime.replace``, known statuses by lookup, printable text past the expression) is
compared with the straightforward version over ordinary and odd inputs.
"""

from __future__ import annotations

import dataclasses
import inspect
from datetime import datetime

import pytest

from dysms.parsing import _UNSTORABLE, _text, clean_text, parse_china_time, parse_status
from dysms.values import CHINA_TZ, SendStatus, SmsRecord, sms_record

WHEN = datetime(2025, 6, 1, 16, 44, 10, tzinfo=CHINA_TZ)


def plain_china_time(value: object) -> datetime | None:
    """The parser as it was before the fast paths (the reference)."""
    text = clean_text(value if isinstance(value, str) else "" if value is None else str(value))
    text = text.strip()
    if len(text) != 19 or text[10] != " " or text[4] != "-" or text[13] != ":":
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=CHINA_TZ)
    except ValueError:
        return None


@pytest.mark.parametrize(
    "value",
    [
        "2025-06-01 16:44:10",
        " 2025-06-01 16:44:10 ",
        "2024-02-29 23:59:59",
        "2025-02-29 00:00:00",
        "2025-06-01 24:00:00",
        "2025-06-01T16:44:10",
        "2025-06-01 16:44+08",
        "2025-W23-1 16:44:10",
        "2025-06-01 16:44:1 ",
        "2025-06-01 16:44:1\x00",
        "2025-06-01 16:44:1\ud800",
        "２０２５-06-01 16:44:10",
        "",
        None,
        5,
    ],
)
def test_times_are_parsed_as_the_plain_code_parses_them(value):
    got = parse_china_time(value)
    expected = plain_china_time(value)
    assert got == expected
    if expected is not None:
        assert got.tzinfo is CHINA_TZ
        assert (got.microsecond, got.fold) == (expected.microsecond, expected.fold)


@pytest.mark.parametrize(
    "status", [1, 2, 3, "1", "2", "3", " 3 ", "03", 3.0, True, False, 0, 4, "", None, "x"]
)
@pytest.mark.parametrize("err_code", ["", "DELIVERED", "MK:0001"])
def test_known_statuses_by_lookup_match_the_enum(status, err_code):
    try:
        expected = SendStatus(int(_text(status).strip()))
    except ValueError:
        expected = parse_status(None, err_code)  # decided from the code alone
    assert parse_status(status, err_code) is expected


@pytest.mark.parametrize(
    "text",
    [
        "【云雀科技】验证码122043，5分钟内有效。",
        "中文\n第二行",
        "中文\ud800",
        "中文\x00",
        "中文\t\u00a0\u200b",
        "emoji \U0001f600",
    ],
)
def test_non_ascii_text_is_cleaned_as_the_expression_cleans_it(text):
    assert clean_text(text) == _UNSTORABLE.sub("\ufffd", text)


def test_a_record_built_by_the_parser_is_the_record_init_builds():
    values = ("13800138000", SendStatus.DELIVERED, "DELIVERED", "SMS_1", "hi", "", WHEN, None)

    fast, plain = sms_record(*values), SmsRecord(*values)

    assert type(fast) is SmsRecord
    assert fast == plain
    assert hash(fast) == hash(plain)
    assert repr(fast) == repr(plain)
    assert dataclasses.astuple(fast) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.phone = "other"  # type: ignore[misc]


def test_the_fast_builder_names_every_field_of_the_record_in_order():
    names = [field.name for field in dataclasses.fields(SmsRecord)]
    assert list(inspect.signature(sms_record).parameters) == names
    record = sms_record(*range(len(names)))  # type: ignore[arg-type]
    assert list(vars(record)) == names
