"""/stats/ against the previous period of the same length: is delivery getting worse?"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from support.statistics import install_statistics, steady_days

from core import failures
from core.circuit import CircuitOpenError
from dysms.errors import ThrottledError
from rates.comparison import (
    PREVIOUS_EMPTY,
    PREVIOUS_FAILED,
    PREVIOUS_TOO_OLD,
    period_label,
)
from rates.models import DailyStatistics, Globe, TemplateType

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods(today):
    """A settled week (two weeks ago up to a week ago) and the week before it."""
    start = today - timedelta(days=13)
    week = [start + timedelta(days=n) for n in range(7)]
    before = [start - timedelta(days=7 - n) for n in range(7)]
    return week, before


def weeks(periods, week_counts, before_counts) -> dict:
    week, before = periods
    return {d: week_counts for d in week} | {d: before_counts for d in before}


def params(days: list[date], **extra) -> dict:
    return {"date": days[0].isoformat(), "date_to": days[-1].isoformat(), **extra}


def text_of(html: str, element_id: str) -> str:
    """The visible text of the element with this id (tags removed, spaces collapsed)."""
    found = re.search(rf'<(\w+)[^>]* id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert found, f"no #{element_id}"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(2)).split())


def classes_of(html: str, element_id: str) -> list[str]:
    found = re.search(rf'<\w+ class="([^"]*)" id="{element_id}"', html)
    assert found, f"no #{element_id}"
    return found.group(1).split()


def show(client, query) -> str:
    response = client.get("/stats/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_period_labels_are_short_and_name_the_month():
    assert period_label(date(2026, 11, 14), date(2026, 11, 20)) == "14–20 Nov"
    assert period_label(date(2026, 10, 28), date(2026, 11, 3)) == "28 Oct – 3 Nov"
    assert period_label(date(2026, 11, 20), date(2026, 11, 20)) == "20 Nov"


@pytest.mark.chinese
def test_period_labels_in_chinese():
    assert period_label(date(2026, 11, 14), date(2026, 11, 20)) == "11月14日–20日"
    assert period_label(date(2026, 10, 28), date(2026, 11, 3)) == "10月28日–11月3日"
    assert period_label(date(2026, 11, 20), date(2026, 11, 20)) == "11月20日"


def test_a_worse_rate_reads_lower_with_a_down_arrow_and_the_previous_rate(
    manager, monkeypatch, periods
):
    install_statistics(monkeypatch, weeks(periods, (100, 95, 3, 2), (100, 97, 2, 1)))
    label = period_label(periods[1][0], periods[1][-1])

    html = show(manager, params(periods[0]))

    assert text_of(html, "delivery-change") == f"▼ 2.0 points lower than {label} (97.0%)"
    assert "change-worse" in classes_of(html, "delivery-change")
    # Receipts only: 95 / 98 = 96.9% against 97 / 99 = 98.0%.
    assert text_of(html, "receipted-change") == f"▼ 1.0 points lower than {label} (98.0%)"
    assert f"Changes are against the previous 7 days ({label})" in text_of(html, "comparison")


def test_a_better_rate_reads_higher_with_an_up_arrow(manager, monkeypatch, periods):
    install_statistics(monkeypatch, weeks(periods, (100, 97, 2, 1), (100, 95, 3, 2)))
    label = period_label(periods[1][0], periods[1][-1])

    html = show(manager, params(periods[0]))

    assert text_of(html, "delivery-change") == f"▲ 2.0 points higher than {label} (95.0%)"
    assert "change-better" in classes_of(html, "delivery-change")
    assert text_of(html, "receipted-change") == f"▲ 1.0 points higher than {label} (96.9%)"


@pytest.mark.parametrize(
    ("week", "before"),
    [
        ((1000, 970, 20, 10), (1000, 970, 20, 10)),
        ((10000, 9700, 200, 100), (10000, 9704, 196, 100)),  # 0.04 points: unchanged
    ],
    ids=["same", "less-than-a-tenth-of-a-point"],
)
def test_the_same_rate_reads_unchanged(manager, monkeypatch, periods, week, before):
    install_statistics(monkeypatch, weeks(periods, week, before))
    label = period_label(periods[1][0], periods[1][-1])

    html = show(manager, params(periods[0]))

    assert text_of(html, "delivery-change") == f"= unchanged from {label} (97.0%)"
    assert "change-same" in classes_of(html, "delivery-change")
    assert text_of(html, "receipted-change") == f"= unchanged from {label} (98.0%)"


@pytest.mark.parametrize(
    ("sent", "change"), [(112, "+12%"), (95, "−5%"), (100, "±0%")], ids=["up", "down", "same"]
)
def test_the_change_in_messages_sent_is_in_percent(manager, monkeypatch, periods, sent, change):
    install_statistics(monkeypatch, weeks(periods, (sent, 90, 5, 0), (100, 90, 5, 5)))
    label = period_label(periods[1][0], periods[1][-1])

    html = show(manager, params(periods[0]))

    assert text_of(html, "volume-change") == f"{change} messages vs. {label} (700)"


def test_a_period_without_messages_shows_the_previous_rate_without_a_change(
    manager, monkeypatch, periods
):
    install_statistics(monkeypatch, weeks(periods, (0, 0, 0, 0), (100, 97, 2, 1)))
    label = period_label(periods[1][0], periods[1][-1])

    html = show(manager, params(periods[0]))

    assert text_of(html, "delivery-change") == f"{label}: 97.0%"
    assert text_of(html, "volume-change") == f"−100% messages vs. {label} (700)"


def test_a_period_ending_today_compares_its_complete_days_and_says_so(manager, monkeypatch, today):
    # Every whole day 100 sent, 90 delivered; today, at its start, 10 sent and 9 delivered.
    days = steady_days((100, 90, 6, 4), days=14)
    days[today] = (10, 9, 1, 0)
    install_statistics(monkeypatch, days)

    html = show(manager, {})

    assert text_of(html, "volume-change").startswith("±0% messages vs.")  # 600 against 600
    assert "unchanged" in text_of(html, "delivery-change")
    assert "Today is not over" in text_of(html, "partial-day")
    assert "compare complete days only, without today" in text_of(html, "partial-day")
    assert "previous 6 days" in text_of(html, "comparison")


def test_including_today_so_far_compares_the_whole_period(manager, monkeypatch, today):
    days = steady_days((100, 90, 6, 4), days=14)
    days[today] = (10, 9, 1, 0)
    install_statistics(monkeypatch, days)

    html = show(manager, {"compare": "with-today"})

    assert text_of(html, "volume-change").startswith("−13% messages vs.")  # 610 against 700
    assert "without today" not in text_of(html, "partial-day")


def test_today_alone_on_complete_days_is_not_compared_and_says_why(manager, monkeypatch, today):
    fake = install_statistics(monkeypatch, steady_days((100, 90, 6, 4), days=3))

    html = show(manager, {"date": today.isoformat(), "date_to": today.isoformat()})

    assert fake.asked() == [(today, today)]  # no previous day fetched for nothing
    assert "today is not over" in text_of(html, "comparison")


def test_a_period_of_past_days_says_nothing_of_today(manager, monkeypatch, today):
    install_statistics(monkeypatch, steady_days((100, 90, 6, 4), days=20))
    last = today - timedelta(days=1)

    html = show(manager, {"date": (last - timedelta(days=6)).isoformat(), "date_to": last})

    assert 'id="partial-day"' not in html
    assert "previous 7 days" in text_of(html, "comparison")


def test_the_previous_period_is_fetched_once_then_served_from_the_store(
    manager, monkeypatch, settings, today
):
    fake = install_statistics(monkeypatch, steady_days((100, 90, 6, 4), days=14))
    settings.STATS_FRESH_SECONDS = 300

    show(manager, {})
    html = show(manager, {})

    # Today is not over: its six complete days are compared with the six days before them.
    assert fake.asked() == [
        (today - timedelta(days=6), today),
        (today - timedelta(days=12), today - timedelta(days=7)),
    ]
    assert 'id="delivery-change"' in html

    settings.STATS_FRESH_SECONDS = 0
    html = show(manager, {})

    # Only the period's settling days are asked again: the previous days were kept.
    assert fake.asked()[2:] == [(today - timedelta(days=2), today)]
    assert 'id="delivery-change"' in html


def test_the_filters_apply_to_the_previous_period(manager, monkeypatch, periods):
    week, before = periods
    fake = install_statistics(monkeypatch, weeks(periods, (100, 95, 3, 2), (100, 97, 2, 1)))
    # Stored statistics of all signs and types must not stand in for the filtered ones.
    DailyStatistics.objects.bulk_create(
        DailyStatistics(
            day=d,
            globe=Globe.INTERNATIONAL,
            template_type=TemplateType.ALL,
            sign_name="",
            total_count=100,
            responded_success_count=50,
            fetched_at=timezone.now(),
        )
        for d in before
    )

    html = show(manager, params(week, globe="international", template_type="1", sign_name="Acme"))

    assert fake.asked() == [(week[0], week[-1]), (before[0], before[-1])]
    for call in fake.calls:
        assert (call["is_globe"], call["template_type"], call["sign_name"]) == (2, 1, "Acme")
    assert text_of(html, "delivery-change").endswith("(97.0%)")
    stored = DailyStatistics.objects.filter(
        day__in=before, template_type=TemplateType.NOTIFICATION, sign_name="Acme"
    )
    assert stored.count() == 7


def test_a_previous_period_older_than_the_page_can_show_is_said_plainly(
    manager, monkeypatch, settings, today
):
    settings.STATS_MAX_DAYS = 30
    fake = install_statistics(monkeypatch, steady_days((100, 90, 6, 4), days=40))
    start, end = today - timedelta(days=29), today - timedelta(days=20)

    html = show(manager, {"date": start.isoformat(), "date_to": end.isoformat()})

    label = period_label(today - timedelta(days=39), today - timedelta(days=30))
    assert text_of(html, "comparison") == PREVIOUS_TOO_OLD.format(period=label, days=30)
    assert 'id="delivery-change"' not in html
    assert fake.asked() == [(start, end)]
    assert text_of(html, "totals").startswith("Sent 1,000 ")


def test_a_previous_period_starting_on_the_oldest_day_is_compared(
    manager, monkeypatch, settings, today
):
    settings.STATS_MAX_DAYS = 30
    fake = install_statistics(monkeypatch, steady_days((100, 90, 6, 4), days=40))

    period = {"date": (today - timedelta(days=14)).isoformat(), "compare": "with-today"}
    html = show(manager, period)

    assert fake.asked()[1] == (today - timedelta(days=29), today - timedelta(days=15))
    assert "unchanged" in text_of(html, "delivery-change")


@pytest.mark.parametrize(
    "error",
    [ThrottledError("Throttling", code="Throttling"), CircuitOpenError(retry_in=5)],
    ids=["throttled", "circuit-open"],
)
def test_a_failed_previous_period_leaves_the_period_shown_with_a_short_note(
    manager, monkeypatch, periods, error
):
    week, before = periods
    fake = install_statistics(
        monkeypatch,
        weeks(periods, (100, 95, 3, 2), (100, 97, 2, 1)),
        error=error,
        error_before=week[0],
    )
    label = period_label(before[0], before[-1])

    html = show(manager, params(week))

    assert text_of(html, "totals").startswith("Sent 700 Delivered 665 ")
    assert text_of(html, "comparison") == PREVIOUS_FAILED.format(period=label)
    assert 'id="delivery-change"' not in html
    assert 'role="alert"' not in html  # the period itself was fetched: no error banner

    fake.error = None
    html = show(manager, params(week))

    assert fake.asked()[-1] == (before[0], before[-1])
    assert text_of(html, "delivery-change").startswith("▼ 2.0 points lower")


def test_after_the_period_itself_fails_the_previous_one_comes_from_the_store(
    manager, monkeypatch, settings, today
):
    yesterday = today - timedelta(days=1)
    fake = install_statistics(monkeypatch, {today: (100, 90, 5, 5), yesterday: (100, 95, 5, 0)})
    one_day = {"date": today.isoformat(), "date_to": today.isoformat(), "compare": "with-today"}
    show(manager, one_day)
    settings.STATS_FRESH_SECONDS = 0  # both days are settling: both would be asked again
    fake.error = ThrottledError("Throttling", code="Throttling")

    html = show(manager, one_day)

    assert fake.asked() == [(today, today), (yesterday, yesterday), (today, today)]
    assert failures.THROTTLED in html
    label = period_label(yesterday, yesterday)
    assert text_of(html, "delivery-change") == f"▼ 5.0 points lower than {label} (95.0%)"


def test_no_comparison_while_the_period_itself_is_missing(manager, monkeypatch, periods):
    install_statistics(monkeypatch, error=ThrottledError("Throttling", code="Throttling"))

    html = show(manager, params(periods[0]))

    assert failures.THROTTLED in html
    assert 'id="comparison"' not in html


def test_an_empty_previous_period_is_said_plainly(manager, monkeypatch, periods):
    week, before = periods
    install_statistics(monkeypatch, {d: (100, 95, 3, 2) for d in week})

    html = show(manager, params(week))

    label = period_label(before[0], before[-1])
    assert text_of(html, "comparison") == PREVIOUS_EMPTY.format(period=label)
    assert 'id="delivery-change"' not in html
    assert 'id="volume-change"' not in html


def test_settling_days_are_pointed_out_next_to_the_comparison(manager, monkeypatch, today):
    install_statistics(monkeypatch, steady_days((100, 90, 6, 4), days=40))
    settled = {"date": (today - timedelta(days=9)).isoformat()}
    settled["date_to"] = (today - timedelta(days=3)).isoformat()

    assert "still settling" in text_of(show(manager, {}), "comparison")
    assert "still settling" not in text_of(show(manager, settled), "comparison")


def test_exports_ask_nothing_for_the_previous_period(manager, monkeypatch, periods):
    week, _ = periods
    fake = install_statistics(monkeypatch, weeks(periods, (100, 95, 3, 2), (100, 97, 2, 1)))

    response = manager.get("/stats/", params(week, _export="csv"))

    assert response.status_code == 200
    assert fake.asked() == [(week[0], week[-1])]
