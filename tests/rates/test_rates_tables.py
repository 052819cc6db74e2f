"""The page's tables, rendered from cells prepared in Python, say what django-tables2 said.

``PreparedRows`` replaced django-tables2's per-cell path for speed (issue 13); for a fixed set
of records, hostile upstream strings among them, its HTML is django-tables2's own rendering of
the same table, up to whitespace.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from dysms.values import CHINA_TZ
from rates.models import DailyStatistics, Globe, TemplateType
from rates.selectors import TemplateBreakdown
from rates.tables import DailyStatisticsTable, TemplateBreakdownTable

TODAY = date(2026, 5, 20)
HOSTILE = "<img src=x onerror=alert(1)>\"'&"


def statistics(offset: int, counts: tuple[int, int, int, int]) -> DailyStatistics:
    sent, delivered, failed, waiting = counts
    return DailyStatistics(
        day=TODAY - timedelta(days=offset),
        globe=Globe.DOMESTIC,
        template_type=TemplateType.ALL,
        sign_name="",
        total_count=sent,
        responded_success_count=delivered,
        responded_fail_count=failed,
        no_responded_count=waiting,
        fetched_at=datetime(2026, 5, 20, 9, 0, tzinfo=CHINA_TZ),
    )


def daily_table(records) -> DailyStatisticsTable:
    return DailyStatisticsTable(
        records,
        today=TODAY,
        day_url=lambda day: f"?sign_name=%3Cb%3E&x={HOSTILE}&day={day.isoformat()}",
        selected=TODAY - timedelta(days=1),
    )


BREAKDOWN = [
    TemplateBreakdown(HOSTILE, 10, 7, 3, ((HOSTILE, 2), ("", 1))),
    TemplateBreakdown("SMS_1", 5, 5, 0, ()),
    TemplateBreakdown("", 2, 0, 2, (("=HYPERLINK(1)", 2),)),
]


def rendered(template: str, table) -> str:
    """The table's HTML from ``template``, whitespace next to tags and before ``>`` dropped."""
    request = RequestFactory().get("/stats/")
    html = engines["django"].from_string(template).render({"table": table}, request)
    html = re.sub(r"\s+>", ">", html)
    return re.sub(r"\s+<", "<", re.sub(r">\s+", ">", html)).strip()


def django_tables2_html(table) -> str:
    return rendered("{% load django_tables2 %}{% render_table table %}", table)


def prepared_html(table) -> str:
    return rendered('{% include "rates/_table.html" %}', table)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_daily_table_is_what_django_tables2_rendered(language):
    records = [
        statistics(5, (100, 90, 6, 4)),
        statistics(2, (0, 0, 0, 0)),  # nothing sent: no rate; settling
        statistics(1, (80, 70, 0, 10)),  # selected
        statistics(0, (12345, 12000, 300, 45)),
    ]
    with translation.override(language):
        ours = prepared_html(daily_table(records))
        theirs = django_tables2_html(daily_table(records))

    assert ours == theirs
    assert '<tr id="day-2026-05-19" class="settling selected even">' in ours
    assert "<td>—</td>" in ours


def test_an_empty_daily_table_is_what_django_tables2_rendered():
    assert prepared_html(daily_table([])) == django_tables2_html(daily_table([]))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_template_table_is_what_django_tables2_rendered(language):
    with translation.override(language):
        ours = prepared_html(TemplateBreakdownTable(BREAKDOWN))
        theirs = django_tables2_html(TemplateBreakdownTable(BREAKDOWN))

    assert ours == theirs
    assert "<img" not in ours
    assert "&lt;img src=x onerror=alert(1)&gt;&quot;&#x27;&amp;" in ours


def test_an_empty_template_table_is_what_django_tables2_rendered():
    empty = TemplateBreakdownTable([])

    assert prepared_html(empty) == django_tables2_html(TemplateBreakdownTable([]))
