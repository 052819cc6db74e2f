"""The delivery-rates page in Chinese: form, totals, definitions, charts, tables, banners and
exports leave no interface string in English; in English it still reads English."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from support.statistics import install_statistics
from support.translations import english_dates, english_phrases, untranslated, visible_text

from core.circuit import CircuitOpenError
from dysms.errors import ThrottledError
from dysms.receipts import Receipt
from rates.comparison import period_label
from rates.models import SmsReceipt
from rates.tallies import tallies_add

pytestmark = pytest.mark.django_db


def failed_receipts(today, *codes: str) -> None:
    """Pushed failure receipts that match no stored record: their template is "Unknown"."""
    sent = timezone.now() - timedelta(hours=1)
    receipts = [
        Receipt(f"1380013{index:04d}", sent, sent, False, code, "", 1, f"biz-{index}", "")
        for index, code in enumerate(codes)
    ]
    for receipt in receipts:
        SmsReceipt.objects.create(**vars(receipt), received_at=sent)
    tallies_add(receipts=receipts, account="default")  # as a push counts them


def page(client, **params) -> str:
    response = client.get("/stats/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.chinese
def test_the_chinese_stats_page_has_no_english_interface_strings(
    manager, statistics_upstream, today
):
    failed_receipts(today, "MOBILE_NOT_ON_SERVICE", "")
    settling_day = today - timedelta(days=1)

    html = page(
        manager,
        template_type="0",
        sign_name="阿里云短信测试",
        day=settling_day.isoformat(),
        compare="with-today",
    )

    assert '<html lang="zh-hans">' in html
    assert "<title>送达率 · " in html
    for text in (
        "发送量",  # the summary, the day and the table's column
        "等待回执",
        "送达率（仅计已回执）",
        "统计口径",
        "国内（中国内地），验证码，签名“阿里云短信测试”",
        '<span class="tag tag-settling">统计中</span>',
        "每日短信量",  # the counts chart's title
        "每日送达率（%）",  # the rate chart's title
        "送达率（实线）",  # a chart legend
        "已确定",  # the table's state column
        "未知（没有匹配的已保存记录）",  # the per-template table
        "（无错误码） (1)",
        "最近 30 天",
        "分钟前从阿里云获取",
    ):
        assert text in html, text
    # Against the previous 7 days: 630 of 721 delivered (87.4%) against 630 of 770 (81.8%);
    # receipts only, 630 of 672 in both.
    label = period_label(today - timedelta(days=13), today - timedelta(days=7))
    assert "月" in label and "日" in label
    shown = visible_text(html)
    for text in (
        f"发送量 721 较{label}（770 条）−6%",
        f"送达率 87.4% ▲ 比{label}（81.8%）高 5.6 个百分点",
        f"送达率（仅计已回执） 93.8% = 与{label}（93.8%）持平",
        f"以上变化是与前 7 天（{label}）相比，地区和筛选条件相同。",
        "本时间段内有仍在统计中的日期",
        "今天还没有结束：数据截至",
        "包括今天（截至目前）",
    ):
        assert text in shown, text
    assert untranslated(html) == []
    assert english_phrases(html) == []
    assert english_dates(html) == []


@pytest.mark.chinese
def test_the_chinese_stats_page_without_data_speaks_chinese(manager, monkeypatch):
    install_statistics(monkeypatch)

    html = page(manager, globe="international")

    assert "国际/港澳台" in html
    assert "阿里云没有推送该时间段所发短信的送达回执。" in html
    assert untranslated(html) == []
    assert english_phrases(html) == []


@pytest.mark.chinese
def test_chinese_form_errors(manager, statistics_upstream):
    response = manager.get(
        "/stats/", {"date": "2999-01-01", "date_to": "2000-01-01", "globe": "mars"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "不能选择未来的日期。" in html
    assert "请选择最近 90 天内的日期。" in html
    assert "开始日期" in html and "结束日期" in html and "签名名称" in html
    assert untranslated(html) == []
    assert english_phrases(html) == []


@pytest.mark.chinese
def test_chinese_last_day_before_first_day(manager, statistics_upstream, today):
    params = {"date": today.isoformat(), "date_to": (today - timedelta(days=1)).isoformat()}

    html = manager.get("/stats/", params).content.decode()

    assert "结束日期不能早于开始日期。" in html
    assert english_phrases(html) == []


@pytest.mark.chinese
@pytest.mark.parametrize(
    ("error", "banner"),
    [
        (ThrottledError("Throttling", code="Throttling"), "阿里云正在限流，请几秒后重试。"),
        (CircuitOpenError(retry_in=42), "阿里云暂时不可用，42 秒后重试。"),
    ],
)
def test_upstream_failures_are_explained_in_chinese(
    manager, statistics_upstream, settings, error, banner
):
    page(manager)  # stored days, shown under the banner
    settings.STATS_FRESH_SECONDS = 0
    statistics_upstream.error = error

    html = page(manager)

    assert banner in re.sub(r"<[^>]+>", "", html)  # an open circuit's number is in a timer span
    assert "以下是最近一次获取的数据。" in html
    assert untranslated(html) == []
    assert english_phrases(html, allowed=(error.message,)) == []


@pytest.mark.chinese
def test_the_chinese_export_names_its_columns_in_chinese(manager, statistics_upstream, today):
    response = manager.get("/stats/", {"_export": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "日期",
        "发送量",
        "已送达",
        "失败",
        "等待回执",
        "送达率",
        "送达率（仅计已回执）",
        "数据状态",
    ]
    assert rows[-1][-1] == "统计中"


def week_and_before(today, week_counts, before_counts) -> dict:
    """A settled week (13 to 7 days ago) and the week before it."""
    week = {today - timedelta(days=n): week_counts for n in range(7, 14)}
    return week | {today - timedelta(days=n): before_counts for n in range(14, 21)}


@pytest.mark.chinese
def test_a_worse_rate_in_chinese(manager, monkeypatch, today):
    install_statistics(monkeypatch, week_and_before(today, (100, 95, 3, 2), (100, 97, 2, 1)))
    start, end = today - timedelta(days=13), today - timedelta(days=7)

    html = page(manager, date=start.isoformat(), date_to=end.isoformat())

    label = period_label(today - timedelta(days=20), today - timedelta(days=14))
    assert f"▼ 比{label}（97.0%）低 2.0 个百分点" in visible_text(html)
    assert "仍在统计中" not in html
    assert untranslated(html) == []
    assert english_phrases(html) == []
    assert english_dates(html) == []


@pytest.mark.chinese
@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("too old", "比较：它的起始日期早于最近 30 天，超出了本页可显示的范围。"),
        ("failed", "比较：阿里云无法返回它的统计数据，请稍后重试。"),
        ("empty", "比较：该时间段内没有发送短信。"),
    ],
)
def test_no_comparison_is_explained_in_chinese(manager, monkeypatch, settings, today, case, words):
    settings.STATS_MAX_DAYS = 30
    counts = week_and_before(
        today, (100, 95, 3, 2), (0, 0, 0, 0) if case == "empty" else (9, 9, 0, 0)
    )
    start, end = today - timedelta(days=13), today - timedelta(days=7)
    if case == "too old":
        start = today - timedelta(days=29)
    error = ThrottledError("Throttling", code="Throttling") if case == "failed" else None
    install_statistics(monkeypatch, counts, error=error, error_before=start)

    html = page(manager, date=start.isoformat(), date_to=end.isoformat())

    previous = start - (end - start) - timedelta(days=1), start - timedelta(days=1)
    assert f"无法与上一时间段（{period_label(*previous)}）{words}" in html
    assert "阿里云正在限流" not in html  # the period itself was fetched: no banner
    assert untranslated(html) == []
    assert english_phrases(html) == []
    assert english_dates(html) == []


def test_the_english_stats_page_still_reads_english(manager, statistics_upstream, today):
    html = page(manager, day=(today - timedelta(days=1)).isoformat())

    assert '<html lang="en">' in html
    for text in (
        "<h1>Delivery rates</h1>",
        "<dt>Sent</dt>",
        "<dt>Waiting</dt>",
        "How these are counted",
        "Messages per day",
        '<span class="tag tag-settling">settling</span>',
        "Last 7 days",
        "Domestic (mainland China)",
        "points higher than",
        "Changes are against the previous 6 days",
        "Today is not over",
    ):
        assert text in html, text
    assert english_dates(html)  # the period label names its month in English
    assert "发送量" not in html and "统计口径" not in html
    assert "Delivery rates" in untranslated(html)  # the check sees English when it is there
