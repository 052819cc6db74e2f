"""Form errors speak the page's language: every error of every field of the search form and of
the delivery-rates form, on the Chinese pages, with no English left and the quick date links
still offered next to the form."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from support.statistics import install_statistics
from support.translations import english_phrases, untranslated

pytestmark = [pytest.mark.django_db, pytest.mark.chinese]

PHONE = "13800000999"


def errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="error" id="id_(\w+)-error">([^<]*)</p>', html))


def day(today, offset: int = 0) -> str:
    return (today + timedelta(days=offset)).isoformat()


# name: (the query, given today; the field in error; words of its Chinese message).
SEARCH_CASES = {
    "phone required": (lambda today: {"phone": ""}, "phone", "请输入手机号码。"),
    "phone invalid": (lambda today: {"phone": "12345"}, "phone", "这不是有效的手机号码"),
    "phone a landline": (lambda today: {"phone": "010 1234 5678"}, "phone", "这是固定电话号码"),
    "date unreadable": (
        lambda today: {"phone": PHONE, "date": "next week"},
        "date",
        "格式输入日期",
    ),
    "date in the future": (
        lambda today: {"phone": PHONE, "date": day(today, 1)},
        "date",
        "发送日期不能晚于今天。",
    ),
    "date too old": (
        lambda today: {"phone": PHONE, "date": day(today, -30)},
        "date",
        "记录只保留 30 天",
    ),
    "date_to unreadable": (
        lambda today: {"phone": PHONE, "date_to": "soon"},
        "date_to",
        "格式输入日期",
    ),
    "date_to before date": (
        lambda today: {"phone": PHONE, "date": day(today), "date_to": day(today, -1)},
        "date_to",
        "结束日期",
    ),
    "date_to in the future": (
        lambda today: {"phone": PHONE, "date_to": day(today, 1)},
        "date_to",
        "发送日期不能晚于今天。",
    ),
    "date_to too old": (
        lambda today: {"phone": PHONE, "date": day(today, -30), "date_to": day(today, -30)},
        "date_to",
        "记录只保留 30 天",
    ),
    "biz_id characters": (
        lambda today: {"phone": PHONE, "biz_id": "abc-1"},
        "biz_id",
        "只能包含数字和 ^",
    ),
    "biz_id too long": (
        lambda today: {"phone": PHONE, "biz_id": "9" * 65},
        "biz_id",
        "最长 64 个字符",
    ),
    "status unknown": (
        lambda today: {"phone": PHONE, "status": "lost"},
        "status",
        "请从列表中选择状态。",
    ),
    # Template, text and rows per page have no error of their own (an unknown page size is the
    # default one): here they are filled in beside a phone error.
    "with every field": (
        lambda today: {"phone": "x", "template": "SMS_1", "q": "验证码", "per_page": "7"},
        "phone",
        "这不是有效的手机号码",
    ),
}


@pytest.mark.parametrize("case", SEARCH_CASES)
def test_each_search_form_error_is_in_chinese_beside_the_quick_ranges(agent, upstream, today, case):
    query, field, words = SEARCH_CASES[case]

    response = agent.get("/", query(today))

    html = response.content.decode()
    assert response.status_code == 400
    assert words in errors(html)[field]
    assert english_phrases(html) == []
    assert untranslated(html) == []
    ranges = re.search(r'<nav class="quick-ranges".*?</nav>', html, re.S)
    assert ranges and re.findall(r">([^<>]+)</a>", ranges.group(0)) == [
        "今天",
        "昨天",
        "最近 7 天",
        "最近 30 天",
    ]
    assert upstream.calls == []


STATS_CASES = {
    "date unreadable": (lambda today: {"date": "yesterday"}, "date", "格式输入日期"),
    "date in the future": (lambda today: {"date": "2999-01-01"}, "date", "不能选择未来的日期。"),
    "date too old": (lambda today: {"date": day(today, -200)}, "date", "最近 90 天内"),
    "date_to unreadable": (lambda today: {"date_to": "soon"}, "date_to", "格式输入日期"),
    "date_to in the future": (
        lambda today: {"date_to": "2999-01-01"},
        "date_to",
        "不能选择未来的日期。",
    ),
    "date_to too old": (lambda today: {"date_to": day(today, -200)}, "date_to", "最近 90 天内"),
    "date_to before date": (
        lambda today: {"date": day(today), "date_to": day(today, -1)},
        "date_to",
        "结束日期不能早于开始日期。",
    ),
    "globe unknown": (lambda today: {"globe": "mars"}, "globe", "请从列表中选择地区。"),
    "template type unknown": (
        lambda today: {"template_type": "9"},
        "template_type",
        "请从列表中选择模板类型。",
    ),
    "sign name not plain text": (lambda today: {"sign_name": "Acme\x07"}, "sign_name", "签名"),
    "sign name too long": (lambda today: {"sign_name": "A" * 101}, "sign_name", "签名"),
}


@pytest.mark.parametrize("case", STATS_CASES)
def test_each_rates_form_error_is_in_chinese_beside_the_quick_periods(
    manager, monkeypatch, today, case
):
    statistics = install_statistics(monkeypatch)
    query, field, words = STATS_CASES[case]

    response = manager.get("/stats/", query(today))

    html = response.content.decode()
    assert response.status_code == 400
    assert words in errors(html)[field]
    assert english_phrases(html) == []
    assert untranslated(html) == []
    periods = re.search(r'<p class="quick-periods">.*?</p>', html, re.S)
    assert periods and re.findall(r">([^<>]+)</a>", periods.group(0)) == ["最近 7 天", "最近 30 天"]
    assert statistics.calls == []
