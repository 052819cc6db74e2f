"""Export of the whole filtered result (every page) to CSV and Excel, opened with tablib."""

from __future__ import annotations

import io

import openpyxl
import pytest
import tablib
from django.utils import timezone
from support.sandbox import days_ago, sent

from deliveries.models import SmsRecord
from dysms.values import SendStatus
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

BUSY = reserved.HUNDREDS  # 420 records a day: nine pages of 50


def test_csv_holds_every_filtered_row_not_just_the_page(manager, upstream, past_day, busy_search):
    delivered = [m for m in sent(BUSY, past_day) if m.final_status == SendStatus.DELIVERED]

    response = manager.get("/", {**busy_search, "status": "delivered", "_export": "csv", "page": 2})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert f'filename="sms-138xxxx0999-{past_day:%Y%m%d}-delivered.csv"' in disposition
    data = tablib.Dataset().load(response.content.decode("utf-8-sig"), format="csv")
    assert len(data) == len(delivered) > 50
    assert set(data["Status"]) == {"Delivered"}
    assert data["Template"] == [m.template_code for m in delivered]


def test_excel_holds_every_row_of_a_range(manager, upstream):
    days = [days_ago(1), days_ago(2)]
    expected = sum(len(sent(BUSY, day)) for day in days)

    response = manager.get(
        "/",
        {
            "phone": BUSY,
            "date": days[1].isoformat(),
            "date_to": days[0].isoformat(),
            "_export": "xlsx",
        },
    )

    assert response.status_code == 200
    assert (
        f"sms-138xxxx0999-{days[1]:%Y%m%d}-{days[0]:%Y%m%d}.xlsx" in response["Content-Disposition"]
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert {"Sent", "Status", "Error code", "Template", "Content"} <= set(header)
    assert sheet.max_row - 1 == expected


def test_the_page_offers_the_export_links(manager, upstream, busy_search):
    html = manager.get("/", busy_search).content.decode()

    assert "_export=csv" in html
    assert "_export=xlsx" in html


def test_exported_times_are_china_time_as_on_the_page(manager, upstream, busy_search):
    page = manager.get("/", {**busy_search, "sort": "send_time", "per_page": "10"}).content.decode()
    response = manager.get("/", {**busy_search, "sort": "send_time", "_export": "csv"})

    data = tablib.Dataset().load(response.content.decode("utf-8-sig"), format="csv")
    first = SmsRecord.objects.filter(phone=BUSY).order_by("send_time", "position").first()
    shown = timezone.localtime(first.send_time).strftime("%Y-%m-%d %H:%M:%S")
    assert data["Sent"][0] == shown
    day, clock = shown.split(" ")  # the page keeps each whole, on two lines in a narrow column
    assert f'<span class="day">{day}</span> <span class="clock">{clock}</span></a>' in page
