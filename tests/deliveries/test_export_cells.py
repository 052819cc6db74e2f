"""The streamed exports hold the table's own export cells (``RecordTable.as_values``).

``deliveries.exports`` makes the cells from plain values instead of bound rows; these tests keep
the two in step over sandbox days with every status, whatever either side changes.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from access.spreadsheets import spreadsheet_cell
from deliveries.models import SmsRecord
from deliveries.tables import RecordTable
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db


def table_cells(phone: str, order: tuple[str, ...]) -> list[list]:
    """What ``TableExport`` wrote: the table's values, each through the spreadsheet rule."""
    records = SmsRecord.objects.filter(phone=phone).order_by(*order)
    return [
        [spreadsheet_cell(cell) for cell in row]
        for row in RecordTable.for_accounts(records).as_values()
    ]


def csv_cells(response) -> list[list]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("phone", "days_back"),
    [(reserved.HUNDREDS, 2), (reserved.EVERY_STATUS, 2), (reserved.STILL_WAITING, 0)],
)
@pytest.mark.parametrize(
    ("sort", "order"),
    [("", ("-send_day", "position")), ("-receive_time", ("-receive_time", "-position"))],
)
def test_the_csv_cells_are_the_tables_export_cells(staff, upstream, phone, days_back, sort, order):
    day = timezone.localdate() - timedelta(days=days_back)
    search = {"phone": phone, "date": day.isoformat(), "sort": sort}
    staff.get("/", search)  # the store is filled, as before any export

    response = staff.get("/", {**search, "_export": "csv"})

    assert response.streaming
    expected = [["" if cell is None else cell for cell in row] for row in table_cells(phone, order)]
    assert csv_cells(response) == expected
    assert len(expected) > 1


def test_the_excel_cells_are_the_tables_export_cells(staff, upstream):
    day = timezone.localdate() - timedelta(days=2)
    search = {"phone": reserved.EVERY_STATUS, "date": day.isoformat(), "sort": "status"}

    response = staff.get("/", {**search, "_export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    expected = table_cells(reserved.EVERY_STATUS, ("status", "position"))
    assert values == [[cell if cell != "" else None for cell in row] for row in expected]
