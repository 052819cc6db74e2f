"""The streamed exports hold the table's own export cells (``RecordTable.as_values``).

``deliveries.exports`` makes the cells from plain values instead of bound rows; these tests keep
the two in step over sandbox days with every status, whatever either side changes: the export
columns the page does not show (number, template name, BizId, fetch time, RequestId) included, the
number as the exporting user sees it. Excel holds date-times where the table says them as text.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from types import SimpleNamespace

import openpyxl
import pytest
from django.utils import timezone

from access.spreadsheets import spreadsheet_cell
from deliveries.models import SmsRecord
from deliveries.selectors import catalogue_read
from deliveries.tables import RecordTable
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db


def table_cells(phone: str, order: tuple[str, ...], user) -> list[list]:
    """What ``TableExport`` wrote: the table's values, each through the spreadsheet rule."""
    records = SmsRecord.objects.filter(phone=phone).order_by(*order)
    table = RecordTable.for_accounts(records)
    table.request = SimpleNamespace(user=user)
    table.catalogue = catalogue_read(accounts=["default"])  # as the search page reads it
    return [[spreadsheet_cell(cell) for cell in row] for row in table.as_values()]


def csv_cells(response) -> list[list]:
    whole = b"".join(response.streaming_content)
    assert whole.startswith(b"\xef\xbb\xbf")  # the UTF-8 byte order mark, for Excel
    return list(csv.reader(io.StringIO(whole.decode("utf-8-sig"), newline="")))


def as_text(value):
    """An Excel date-time cell as the table writes it."""
    return value.strftime("%Y-%m-%d %H:%M:%S") if isinstance(value, datetime) else value


@pytest.mark.parametrize(
    ("phone", "days_back"),
    [(reserved.HUNDREDS, 2), (reserved.EVERY_STATUS, 2), (reserved.STILL_WAITING, 0)],
)
@pytest.mark.parametrize(
    ("sort", "order"),
    [("", ("-send_day", "position")), ("-receive_time", ("-receive_time", "-position"))],
)
def test_the_csv_cells_are_the_tables_export_cells(
    staff, upstream, phone, days_back, sort, order, django_user_model
):
    day = timezone.localdate() - timedelta(days=days_back)
    search = {"phone": phone, "date": day.isoformat(), "sort": sort}
    staff.get("/", search)  # the store is filled, as before any export

    response = staff.get("/", {**search, "_export": "csv"})

    assert response.streaming
    lead = django_user_model.objects.get(username="lead")
    table = table_cells(phone, order, lead)
    expected = [["" if cell is None else cell for cell in row] for row in table]
    assert csv_cells(response) == expected
    assert len(expected) > 1
    assert {row[2] for row in expected[1:]} == {phone}  # the number in full for Support


@pytest.mark.parametrize("user", ["staff", "manager"])
def test_the_excel_cells_are_the_tables_export_cells(user, upstream, request, django_user_model):
    client = request.getfixturevalue(user)
    day = timezone.localdate() - timedelta(days=2)
    search = {"phone": reserved.EVERY_STATUS, "date": day.isoformat(), "sort": "status"}

    response = client.get("/", {**search, "_export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[as_text(cell.value) for cell in row] for row in sheet.iter_rows()]
    exporter = django_user_model.objects.get(username={"staff": "lead"}.get(user, user))
    expected = table_cells(reserved.EVERY_STATUS, ("status", "position"), exporter)
    assert values == [[cell if cell != "" else None for cell in row] for row in expected]
