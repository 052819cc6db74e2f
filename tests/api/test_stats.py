"""/api/v1/stats: the delivery-rates page as JSON, from the same form and the same answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.statistics import install_statistics, steady_days

from access.models import AuditEntry
from core import failures
from dysms.errors import ThrottledError
from rates.forms import FUTURE_DAY, GLOBE_INVALID

pytestmark = pytest.mark.django_db


def test_the_last_seven_days_by_default_with_totals_and_the_previous_period(
    manager_api, steady_statistics, today
):
    answer = manager_api.get("/api/v1/stats").json()

    assert [day["day"] for day in answer["days"]] == [
        (today - timedelta(days=n)).isoformat() for n in range(6, -1, -1)
    ]
    assert answer["totals"]["sent"] == 70 and answer["totals"]["delivered"] == 63
    assert answer["totals"]["delivery_rate"] == pytest.approx(0.9)
    # Today is not over: the six complete days are compared with the six days before.
    assert answer["comparison"]["previous"]["sent"] == 60
    assert answer["comparison"]["delivery_points"] == 0.0
    assert answer["comparison"]["today_left_out"] is True
    assert answer["problems"] == []
    assert (answer["globe"], answer["template_type"]) == ("domestic", -1)
    assert not AuditEntry.objects.exists()  # as the page: statistics name nobody


def test_the_pages_parameters_narrow_the_period(manager_api, steady_statistics, today):
    first = today - timedelta(days=2)

    answer = manager_api.get(
        "/api/v1/stats", {"date": first.isoformat(), "date_to": today.isoformat()}
    ).json()

    assert len(answer["days"]) == 3 and answer["totals"]["sent"] == 30


def test_bad_parameters_get_the_forms_words_and_cost_no_call(manager_api, steady_statistics, today):
    tomorrow = (today + timedelta(days=1)).isoformat()

    response = manager_api.get("/api/v1/stats", {"date_to": tomorrow, "globe": "mars"})

    assert response.status_code == 422
    assert response.json()["errors"] == {"date_to": [FUTURE_DAY], "globe": [GLOBE_INVALID]}
    assert steady_statistics.calls == []


def test_an_upstream_failure_is_said_as_the_stats_page_says_it(manager_api, monkeypatch):
    install_statistics(monkeypatch, steady_days((10, 9, 1, 0)), error=ThrottledError("x"))

    answer = manager_api.get("/api/v1/stats").json()

    assert [p["code"] for p in answer["problems"]] == ["throttled"]
    assert answer["problems"][0]["message"] == failures.THROTTLED
    assert answer["days"] == []
