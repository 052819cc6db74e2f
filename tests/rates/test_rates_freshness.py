"""statistics_refresh: which days are fetched again, and what is stored."""

from datetime import timedelta

import pytest
from support.statistics import NOW, TODAY, FakeStatisticsClient, day

from dysms.errors import ThrottledError
from rates.models import DailyStatistics, Globe, TemplateType
from rates.services import statistics_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_seconds(settings):
    settings.STATS_FRESH_SECONDS = 300


def refresh(client, *, start, end, now=NOW, **filters):
    filters.setdefault("globe", Globe.DOMESTIC)
    return statistics_refresh(start=start, end=end, client=client, now=now, **filters)


def test_first_view_fetches_the_period_and_stores_one_row_per_day():
    client = FakeStatisticsClient({day(-3): (20, 17, 2, 1)})

    rows = refresh(client, start=day(-6), end=TODAY)

    assert client.asked() == [(day(-6), TODAY)]
    assert [row.day for row in rows] == [day(n) for n in range(-6, 1)]
    counts = {row.day: row.total_count for row in rows}
    assert counts[day(-3)] == 20
    assert counts[day(-4)] == 0  # a day upstream left out had no traffic, and is stored


def test_second_view_within_the_fresh_window_makes_no_call():
    client = FakeStatisticsClient({day(-1): (5, 5, 0, 0)})
    refresh(client, start=day(-6), end=TODAY)

    rows = refresh(client, start=day(-6), end=TODAY, now=NOW + timedelta(seconds=299))

    assert len(client.calls) == 1
    assert len(rows) == 7


def test_after_the_fresh_window_only_settling_days_are_fetched_again():
    client = FakeStatisticsClient({day(-1): (5, 5, 0, 0)})
    refresh(client, start=day(-6), end=TODAY)

    refresh(client, start=day(-6), end=TODAY, now=NOW + timedelta(seconds=300))

    assert client.asked() == [(day(-6), TODAY), (day(-2), TODAY)]


def test_settled_days_fetched_after_settling_are_kept_whatever_their_age():
    client = FakeStatisticsClient({day(-10): (9, 8, 1, 0)})
    refresh(client, start=day(-10), end=day(-3))

    rows = refresh(client, start=day(-10), end=day(-3), now=NOW + timedelta(days=1))

    assert len(client.calls) == 1
    assert rows[0].total_count == 9


def test_day_fetched_while_settling_is_fetched_again_once_settled():
    client = FakeStatisticsClient({day(-1): (10, 6, 1, 3)})
    refresh(client, start=day(-5), end=day(-1), now=NOW)
    client.by_day[day(-1)] = (10, 8, 2, 0)

    rows = refresh(client, start=day(-5), end=day(-1), now=NOW + timedelta(days=7))

    assert client.asked() == [(day(-5), day(-1)), (day(-2), day(-1))]
    assert rows[-1].no_responded_count == 0
    assert rows[-1].is_final()


def test_only_the_span_of_stale_days_is_asked_for():
    client = FakeStatisticsClient()
    refresh(client, start=day(-20), end=day(-10))
    client.calls.clear()

    refresh(client, start=day(-25), end=day(-10))

    assert client.asked() == [(day(-25), day(-21))]


def test_force_fetches_the_whole_period_again():
    client = FakeStatisticsClient()
    refresh(client, start=day(-20), end=day(-10))

    refresh(client, start=day(-20), end=day(-10), force=True)

    assert client.asked() == [(day(-20), day(-10))] * 2


def test_days_after_today_are_neither_asked_nor_stored():
    client = FakeStatisticsClient()

    rows = refresh(client, start=day(-2), end=day(3))

    assert client.asked() == [(day(-2), TODAY)]
    assert rows[-1].day == TODAY


def test_filters_are_passed_upstream_and_stored_apart():
    client = FakeStatisticsClient({day(-5): (4, 4, 0, 0)})
    refresh(client, start=day(-5), end=day(-5))
    refresh(
        client,
        start=day(-5),
        end=day(-5),
        globe=Globe.INTERNATIONAL,
        template_type=TemplateType.VERIFICATION,
        sign_name=" Acme ",
    )

    assert client.calls[0]["is_globe"] == 1
    assert client.calls[0]["template_type"] is None
    assert client.calls[0]["sign_name"] is None
    assert client.calls[1]["is_globe"] == 2
    assert client.calls[1]["template_type"] == 0
    assert client.calls[1]["sign_name"] == "Acme"
    assert DailyStatistics.objects.count() == 2


def test_refetch_updates_the_stored_row_in_place():
    client = FakeStatisticsClient({TODAY: (3, 1, 0, 2)})
    refresh(client, start=TODAY, end=TODAY)
    client.by_day[TODAY] = (7, 6, 1, 0)

    rows = refresh(client, start=TODAY, end=TODAY, now=NOW + timedelta(minutes=10))

    assert DailyStatistics.objects.count() == 1
    assert (rows[0].total_count, rows[0].responded_success_count) == (7, 6)
    assert rows[0].fetched_at == NOW + timedelta(minutes=10)


def test_upstream_failure_raises_and_keeps_what_is_stored():
    client = FakeStatisticsClient({TODAY: (3, 1, 0, 2)})
    refresh(client, start=TODAY, end=TODAY)
    client.error = ThrottledError("slow down", code="Throttling")

    with pytest.raises(ThrottledError):
        refresh(client, start=TODAY, end=TODAY, now=NOW + timedelta(hours=1))

    assert DailyStatistics.objects.get().total_count == 3


def test_rates_leave_out_days_without_traffic():
    row = DailyStatistics(total_count=0, responded_success_count=0, no_responded_count=0)
    assert row.delivery_rate is None
    assert row.receipted_rate is None
    row = DailyStatistics(total_count=20, responded_success_count=17, no_responded_count=1)
    assert row.delivery_rate == pytest.approx(0.85)
    assert row.receipted_rate == pytest.approx(17 / 19)
