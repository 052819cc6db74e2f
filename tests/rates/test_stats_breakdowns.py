"""The rates page says where and why delivery fails and how fast receipts come, from the pushed
receipts of the period, and each failure code leads to those receipts on the All sends page."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from html import unescape

import pytest
from support.statistics import push_receipts, receipt
from support.tables import table_rows
from support.translations import visible_text

from deliveries.selectors import code_meaning
from dysms.values import CHINA_TZ

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_token")]


def sent(n, day, phone="13800138000", *, after=5, failed=""):
    at = datetime.combine(day, time(9), tzinfo=CHINA_TZ)
    return receipt(
        biz_id=f"{n:09d}^0",
        phone_number=phone,
        send_time=f"{at:%Y-%m-%d %H:%M:%S}",
        report_time=f"{at + timedelta(seconds=after):%Y-%m-%d %H:%M:%S}",
        success=not failed,
        err_code=failed or "DELIVERED",
    )


@pytest.fixture
def receipts_of_the_week(yesterday):
    """Yesterday: 8 China Mobile (2 failed MOBILE_IN_BLACK), 2 China Telecom in Jiangsu; all
    within 5 s but two at 90 s."""
    push_receipts(
        *[sent(n, yesterday) for n in range(6)],
        *[sent(10 + n, yesterday, failed="MOBILE_IN_BLACK") for n in range(2)],
        *[sent(20 + n, yesterday, "18912345678", after=90) for n in range(2)],
    )


def test_the_top_failure_codes_say_what_they_mean_and_link_to_their_receipts(
    manager, statistics_upstream, receipts_of_the_week, today
):
    html = manager.get("/stats/").content.decode()

    meaning = code_meaning("MOBILE_IN_BLACK")
    assert meaning
    assert table_rows(html, "failure-codes") == [f"MOBILE_IN_BLACK {meaning} 2 100.0% 0 +2"]
    found = re.search(r'<td class="err-code"><a href="([^"]+)">MOBILE_IN_BLACK', html).group(1)
    link = unescape(found)
    first = today - timedelta(days=6)
    assert link.startswith(f"/sends/?since={first}T00%3A00&until=")
    assert "status=failed&error_code=MOBILE_IN_BLACK" in link


def test_carriers_and_provinces_side_by_side(manager, statistics_upstream, receipts_of_the_week):
    html = manager.get("/stats/").content.decode()

    assert table_rows(html, "carriers") == [
        "China Mobile 8 6 2 75.0% — MOBILE_IN_BLACK",
        "China Telecom 2 2 0 100.0% — —",
    ]
    assert table_rows(html, "regions") == [
        "Beijing 8 6 2 75.0% — MOBILE_IN_BLACK",
        "Jiangsu 2 2 0 100.0% — —",
    ]


def test_a_carrier_or_a_province_opens_its_receipts(
    manager, statistics_upstream, receipts_of_the_week
):
    html = manager.get("/stats/").content.decode()

    telecom = re.search(r'<td><a href="([^"]+)">China Telecom</a>', html).group(1)
    beijing = re.search(r'<td><a href="([^"]+)">Beijing</a>', html).group(1)
    by_carrier = manager.get(unescape(telecom)).content.decode()
    by_province = manager.get(unescape(beijing)).content.decode()

    assert 'id="count-sent">2<' in by_carrier and 'id="count-failed">0<' in by_carrier
    assert 'id="count-sent">8<' in by_province and 'id="count-failed">2<' in by_province


def test_latency_per_day_gives_percentiles_and_bands(
    manager, statistics_upstream, receipts_of_the_week, yesterday
):
    html = manager.get("/stats/").content.decode()

    # 8 at 5 s and 2 at 90 s, nearest rank: p50 the 5th (5 s), p90 the 9th and p99 the 10th
    # (90 s each); a p90 over a minute is marked slow.
    rows = table_rows(html, "latency-days")
    waiting = 4 + 1  # the statistics' NoRespondedCount of yesterday (statistics_upstream)
    assert rows == [f"{yesterday} 10 5 s 1 min 30 s slow 1 min 30 s 8 0 2 0 {waiting}"]


def test_the_latency_chart_draws_each_day_s_p50_and_p90_with_the_minute_marked(
    manager, statistics_upstream, receipts_of_the_week, yesterday
):
    html = manager.get("/stats/").content.decode()

    chart = html.split('id="latency-chart"')[1].split("</figure>")[0]
    day = f"{yesterday:%m-%d}"
    # Yesterday's p50 of 5 s (solid) and p90 of 90 s (dashed); the other days have no receipt,
    # so no dot.
    assert re.findall(r"<title>(\d\d-\d\d: [^<]*)</title>", chart) == [
        f"{day}: 5 s",
        f"{day}: 90 s",
    ]
    assert 'class="minute-rule"' in chart  # the axis reaches one minute
    assert "<script" not in chart


def test_a_day_slower_than_a_minute_at_p90_is_marked(manager, statistics_upstream, yesterday):
    push_receipts(*[sent(n, yesterday, after=75) for n in range(10)])

    html = manager.get("/stats/").content.decode()

    assert 'class="even slow"' in html
    assert "slow" in table_rows(html, "latency-days")[0]


def test_a_picked_day_narrows_the_breakdowns_to_that_day(
    manager, statistics_upstream, receipts_of_the_week, yesterday
):
    before = yesterday - timedelta(days=1)
    push_receipts(sent(90, before, failed="MK:0001"), sent(91, before, failed="MK:0001"))

    week = manager.get("/stats/").content.decode()
    day = manager.get("/stats/", {"day": before.isoformat()}).content.decode()

    assert [row.split()[0] for row in table_rows(week, "failure-codes")] == [
        "MK:0001",
        "MOBILE_IN_BLACK",
    ]
    assert [row.split()[0] for row in table_rows(day, "failure-codes")] == ["MK:0001"]
    assert table_rows(day, "carriers") == ["China Mobile 2 0 2 0.0% — MK:0001"]
    assert f"are of {before} only" in visible_text(day)
    assert 'href="#day-breakdown"' in day
    assert 'id="day-breakdown"' not in week


def test_a_verification_template_whose_codes_come_after_a_minute_is_flagged(
    manager, statistics_upstream, yesterday
):
    from deliveries.catalogue_models import AccountTemplate
    from rates.models import ReceiptLatency

    AccountTemplate.objects.create(code="SMS_100", name="登录验证码", kind=0)
    AccountTemplate.objects.create(code="SMS_200", name="发货通知", kind=1)
    for code in ("SMS_100", "SMS_200"):
        ReceiptLatency.objects.create(day=yesterday, template_code=code, seconds=90, count=10)
    ReceiptLatency.objects.create(day=yesterday, template_code="SMS_300", seconds=5, count=4)

    html = manager.get("/stats/").content.decode()

    rows = table_rows(html, "latency-templates")
    assert rows[0].startswith("登录验证码 (SMS_100) verification code Codes arrive after a minute")
    assert rows[1].startswith("发货通知 (SMS_200) 10 1 min 30 s")
    assert rows[2].startswith("SMS_300 4 5 s")
    assert html.count('class="late-codes"') == 1


def test_a_breakdown_exports_its_figures_as_numbers(
    manager, statistics_upstream, receipts_of_the_week, today
):
    from access.models import Action, AuditEntry

    html = manager.get("/stats/").content.decode()
    assert "table=carriers&amp;_export=csv" in html

    response = manager.get("/stats/", {"table": "carriers", "_export": "csv"})

    assert response.status_code == 200
    first = today - timedelta(days=6)
    assert f"delivery-carriers-{first:%Y%m%d}-{today:%Y%m%d}.csv" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "Carrier,Receipts,Delivered,Failed,Delivery rate,Change (points),Top failure code",
        "China Mobile,8,6,2,0.75,,MOBILE_IN_BLACK",
        "China Telecom,2,2,0,1.0,,",
    ]
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.filters["table"] == "carriers"


def test_the_latency_and_failure_code_tables_export_too(
    manager, statistics_upstream, receipts_of_the_week
):
    codes = manager.get("/stats/", {"table": "failure-codes", "_export": "csv"})
    days = manager.get("/stats/", {"table": "latency-days", "_export": "xlsx"})

    lines = codes.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Error code,What it means,Receipts,Share of failures,Before,Change"
    assert lines[1].startswith("MOBILE_IN_BLACK,") and lines[1].endswith(",2,1.0,0,2")
    assert days.status_code == 200
    assert days["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_picked_day_leads_to_its_own_receipts(
    manager, statistics_upstream, receipts_of_the_week, yesterday
):
    html = manager.get("/stats/", {"day": yesterday.isoformat()}).content.decode()

    day = unescape(re.search(r'<a href="([^"]+)" id="day-receipts"', html).group(1))
    assert day == f"/sends/?since={yesterday}T00%3A00&until={yesterday}T23%3A59"
    code = unescape(re.search(r'<td class="err-code"><a href="([^"]+)">MOBILE_IN_BLACK', html)[1])
    assert code.startswith(f"/sends/?since={yesterday}T00%3A00&until={yesterday}T23%3A59")
