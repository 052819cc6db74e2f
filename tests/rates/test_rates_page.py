"""The delivery-rates page /stats/ through Django's test client."""

import csv
import io
import re
from datetime import timedelta

import openpyxl
import pytest
import tablib
from django.utils import timezone

from core import failures
from core.circuit import CircuitOpenError
from dysms import DysmsClient
from dysms.errors import AuthError, ThrottledError
from dysms_sandbox import DEMO_CREDENTIALS, SANDBOX_ENDPOINT, Sandbox, SandboxAdapter
from rates import page
from rates.forms import END_BEFORE_START, FUTURE_DAY, TOO_OLD
from rates.models import DailyStatistics, Globe, SmsReceipt

pytestmark = pytest.mark.django_db


def test_login_is_required(client, statistics_upstream):
    response = client.get("/stats/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert statistics_upstream.calls == []


def test_default_is_the_last_seven_days_domestic(manager, statistics_upstream, today):
    response = manager.get("/stats/")

    assert response.status_code == 200
    # The period, then for the comparison of its six complete days the six days before them.
    assert statistics_upstream.asked() == [
        (today - timedelta(days=6), today),
        (today - timedelta(days=12), today - timedelta(days=7)),
    ]
    assert statistics_upstream.calls[0]["is_globe"] == 1
    table = response.context["table"]
    assert [row.record.day for row in table.rows] == [
        today - timedelta(days=n) for n in range(6, -1, -1)
    ]
    totals = response.context["totals"]
    assert totals.sent == sum(100 + n for n in range(7))
    assert totals.delivered == 90 * 7


def test_the_page_shows_totals_definitions_chart_and_table(manager, statistics_upstream, today):
    html = manager.get("/stats/").content.decode()

    assert "Delivery rate" in html
    assert "delivered ÷ sent" in html
    assert "delivered ÷ (sent − no receipt)" in html
    assert html.count("<svg") == 3  # messages, rates, latency
    assert "<script" not in html.split('id="counts-chart"')[1].split("</figure>")[0]
    assert f'id="day-{today.isoformat()}"' in html


def test_charts_reference_no_outside_script(manager, statistics_upstream):
    context = manager.get("/stats/").context

    for chart in (context["counts_chart"], context["rate_chart"], context["latency_chart"]):
        assert "<script" not in chart
        assert "kozea.github.io" not in chart
        assert "googleapis" not in chart


def test_the_period_comes_from_date_and_date_to(manager, statistics_upstream, today):
    start, end = today - timedelta(days=29), today - timedelta(days=20)

    response = manager.get(
        "/stats/", {"date": start.isoformat(), "date_to": end.strftime("%Y%m%d")}
    )

    assert statistics_upstream.asked() == [
        (start, end),
        (start - timedelta(days=10), start - timedelta(days=1)),
    ]
    assert len(response.context["table"].rows) == 10


def test_international_and_filters_reach_upstream(manager, statistics_upstream):
    manager.get("/stats/", {"globe": "international", "template_type": "1", "sign_name": "Acme"})

    assert statistics_upstream.calls[0]["is_globe"] == 2
    assert statistics_upstream.calls[0]["template_type"] == 1
    assert statistics_upstream.calls[0]["sign_name"] == "Acme"


def test_opening_the_page_again_costs_no_upstream_call(manager, statistics_upstream):
    manager.get("/stats/")
    manager.get("/stats/")

    assert len(statistics_upstream.calls) == 2  # the period and the previous one, once


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date": "2999-01-01"}, "date", FUTURE_DAY),
        ({"date_to": "2999-01-01"}, "date_to", FUTURE_DAY),
        ({"date": "2000-01-01"}, "date", TOO_OLD.format(days=90)),
        ({"globe": "mars"}, "globe", None),
        ({"template_type": "9"}, "template_type", None),
        ({"date": "yesterday"}, "date", None),
    ],
)
def test_form_errors_show_next_to_the_field_and_call_nothing(
    manager, statistics_upstream, params, field, message
):
    response = manager.get("/stats/", params)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in errors[field]
        assert message in response.content.decode()
    assert statistics_upstream.calls == []


def test_last_day_before_first_day_is_an_error(manager, statistics_upstream, today):
    params = {"date": today.isoformat(), "date_to": (today - timedelta(days=1)).isoformat()}

    response = manager.get("/stats/", params)

    assert END_BEFORE_START in response.context["form"].errors["date_to"]
    assert statistics_upstream.calls == []


def test_the_last_three_days_are_marked_settling(manager, statistics_upstream):
    response = manager.get("/stats/")

    states = [row.get_cell("state") for row in response.context["table"].rows]
    assert states == ["Final"] * 4 + ["Settling"] * 3
    assert response.content.decode().count('class="settling') == 3


def test_clicking_a_day_shows_its_numbers(manager, statistics_upstream, today):
    chosen = today - timedelta(days=3)
    html = manager.get("/stats/").content.decode()
    link = f"day={chosen.isoformat()}"
    assert link in html

    response = manager.get("/stats/", {"day": chosen.isoformat()})

    assert response.context["selected"].day == chosen
    body = response.content.decode()
    assert 'id="selected-day"' in body
    assert str(100 + 3) in body.split('id="selected-day"')[1].split("</section>")[0]


def test_csv_export_has_the_table_numbers(manager, statistics_upstream, today):
    response = manager.get("/stats/", {"_export": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Day", "Sent", "Delivered", "Failed", "Waiting"]
    assert rows[-1][0] == today.isoformat()
    assert rows[-1][1] == "100"
    dataset = tablib.Dataset().load(response.content.decode(), format="csv")
    assert len(dataset) == 7


def test_excel_export_opens_with_openpyxl(manager, statistics_upstream, today):
    response = manager.get("/stats/", {"_export": "xlsx"})

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    values = list(sheet.values)
    assert values[0][0] == "Day"
    assert len(values) == 8
    assert values[-1][0] == today.isoformat()
    assert values[-1][5] == pytest.approx(round(90 / 100, 4))


def test_upstream_failure_shows_a_banner_in_plain_words(manager, statistics_upstream):
    statistics_upstream.error = ThrottledError("Throttling", code="Throttling", request_id="REQ-9")

    response = manager.get("/stats/")

    assert response.status_code == 200
    html = response.content.decode()
    assert failures.THROTTLED in html
    assert "REQ-9" in html


def test_upstream_failure_still_shows_stored_days_marked_as_such(
    manager, statistics_upstream, settings
):
    manager.get("/stats/")
    settings.STATS_FRESH_SECONDS = 0
    statistics_upstream.error = AuthError("bad key", code="InvalidAccessKeyId.NotFound")

    response = manager.get("/stats/")

    html = response.content.decode()
    assert failures.ACCESS_KEY_INVALID in html
    assert page.SHOWING_STORED in html
    assert len(response.context["table"].rows) == 7


def test_hostile_text_is_escaped(manager, statistics_upstream, today):
    SmsReceipt.objects.create(
        phone_number="1",
        send_time=timezone.now(),
        report_time=timezone.now(),
        success=False,
        err_code="<img src=x onerror=alert(1)>",
        err_msg="",
        sms_size=1,
        biz_id="b",
        out_id="",
        received_at=timezone.now(),
    )

    html = manager.get("/stats/", {"sign_name": "<b>Acme</b>"}).content.decode()

    assert "<b>Acme</b>" not in html
    assert "&lt;b&gt;Acme&lt;/b&gt;" in html
    assert "<img src=x" not in html


def test_quick_choices_link_to_the_last_7_and_30_days(manager, statistics_upstream, today):
    html = manager.get("/stats/").content.decode()

    start_30 = (today - timedelta(days=29)).isoformat()
    assert f"date={start_30}" in html
    assert "Last 30 days" in html


@pytest.mark.parametrize("value", ["nonsense", "2000-01-01"])
def test_a_day_outside_the_period_or_unreadable_is_ignored(manager, statistics_upstream, value):
    response = manager.get("/stats/", {"day": value})

    assert response.status_code == 200
    assert response.context["selected"] is None


@pytest.fixture
def sandbox_statistics_client(monkeypatch):
    """The rates service asks the in-process sandbox, through the real client and signing."""
    client = DysmsClient(DEMO_CREDENTIALS, endpoint=SANDBOX_ENDPOINT, sleep=lambda _: None)
    client.session.mount(SANDBOX_ENDPOINT, SandboxAdapter(Sandbox()))
    monkeypatch.setattr("rates.statistics.get_client", lambda account=None: client)
    return client


def test_the_page_with_the_sandbox_shows_plausible_rates(manager, sandbox_statistics_client, today):
    start = today - timedelta(days=29)

    response = manager.get("/stats/", {"date": start.isoformat(), "date_to": today.isoformat()})

    assert response.status_code == 200
    assert response.context["failure"] is None
    rows = response.context["rows"]
    assert [row.day for row in rows] == [start + timedelta(days=n) for n in range(30)]
    totals = response.context["totals"]
    assert totals.sent > 0
    assert 0.5 < totals.delivery_rate <= 1
    assert totals.delivered + totals.failed + totals.no_receipt <= totals.sent
    assert response.content.decode().count('class="settling') == 3


def test_the_sandbox_international_statistics_are_stored_apart(manager, sandbox_statistics_client):
    manager.get("/stats/")
    manager.get("/stats/", {"globe": "international"})

    # Seven days and the six before their six complete days (the comparison), for each.
    assert DailyStatistics.objects.filter(globe=Globe.INTERNATIONAL).count() == 13
    assert DailyStatistics.objects.filter(globe=Globe.DOMESTIC).count() == 13


def test_an_open_circuit_says_when_the_next_try_is(manager, statistics_upstream):
    statistics_upstream.error = CircuitOpenError(retry_in=42)

    html = manager.get("/stats/", {"globe": "international"}).content.decode()

    text = re.sub(r"<[^>]+>", "", html)
    assert "retrying in 42 s" in text
    # The banner counts down and tries again by itself (static/js/app.js), as on the search page.
    assert re.search(
        r'<div class="banner banner-error" role="alert" id="problem" '
        r'data-retry-in="42">',
        html,
    )
    assert '<span class="countdown" role="timer" data-countdown>42</span>' in html
    form = re.search(
        r'<form method="get" action="/stats/" class="try-again" data-retry>(.*?)</form>', html, re.S
    )
    assert form and 'name="globe" value="international"' in form.group(1)
    assert 'id="try-again">Try again now</button>' in form.group(1)


def test_without_credentials_the_statistics_come_from_the_sandbox(manager, settings):
    settings.DYSMS_ENDPOINT = "sandbox"

    response = manager.get("/stats/")

    assert response.context["failure"] is None
    assert response.context["totals"].sent > 0


def test_unbelievable_counts_from_upstream_are_clamped_not_a_server_error(
    manager, install_client, today
):
    from support.sandbox import stub_client

    from dysms.parsing import MAX_STATISTICS_COUNT

    huge = 2**64  # more than any integer column holds
    row = {"SendDate": f"{today:%Y%m%d}", "TotalCount": huge, "RespondedSuccessCount": huge}
    answer = {"Code": "OK", "RequestId": "R", "Data": {"TotalSize": 1, "TargetList": [row]}}
    install_client(stub_client(answer)[0])

    response = manager.get("/stats/")

    assert response.status_code == 200
    stored = DailyStatistics.objects.get(day=today)
    assert (stored.total_count, stored.responded_success_count) == (MAX_STATISTICS_COUNT,) * 2
