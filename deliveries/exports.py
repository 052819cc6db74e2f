"""The search page's exports: the table's columns, over the rows query's plain values.

The table (``tables.RecordTable``) still says which columns an export has, their headers and
the order of the rows (the page's ``sort``); the rows themselves are read as tuples of the
stored fields, in chunks, never as model instances or bound cells, and each cell is the text
the table's ``value_*`` methods give: times in China time, the status as its word, the content
as ``access.display.record_content`` shows it (from the stored masked column while masking is
on), what a failure means or how long a record has waited, and empty fields as empty cells.
``tests/deliveries/test_export_cells.py`` holds the two to the same cells.

The file itself (streamed CSV, write-only Excel, every cell neutralised as a formula) is
``access.export_files``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str

from access.display import record_content
from access.export_files import export_response
from deliveries.explanations import explain, explain_waiting
from deliveries.models import SmsRecord, Status
from deliveries.tables import RecordTable, account_labels

# What the cells are made of: the fields the table's columns show, content in both forms.
FIELDS = (
    "account",
    "send_time",
    "receive_time",
    "status",
    "err_code",
    "template_code",
    "content",
    "content_masked",
    "out_id",
)
# Rows read from the database at a time (a server-side cursor on PostgreSQL).
CHUNK_ROWS = 2000
# ``tables.TIME_FORMAT`` ("Y-m-d H:i:s") as strftime says it.
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# Excel's column widths in characters, fixed (tablib measured every cell for them).
WIDTHS = {
    "send_time": 19,
    "receive_time": 19,
    "account": 16,
    "status": 10,
    "err_code": 24,
    "template_code": 16,
    "content": 60,
    "out_id": 20,
    "explanation": 60,
}
SHEET_TITLE = "Sms Records"  # tablib's title for the table's rows, kept


class RecordCells:
    """The cells of one export's rows; what every row shares is worked out once."""

    def __init__(self, *, now: datetime, zone: tzinfo):
        self.now = now
        self.zone = zone
        self.statuses = {member.value: str(member.label) for member in Status}
        self.accounts = account_labels()
        self.meanings: dict[str, str] = {}

    def time(self, value: datetime | None) -> str | None:
        return value.astimezone(self.zone).strftime(TIME_FORMAT) if value is not None else None

    def explanation(self, row: Any) -> str:
        """``RecordTable.value_explanation``: how long it has waited, or what a failure means."""
        if row.status == Status.WAITING:
            return explain_waiting(row.send_time, self.now) if row.send_time is not None else ""
        if row.status != Status.FAILED:
            return ""
        if row.err_code not in self.meanings:
            explanation = explain(row.err_code)
            self.meanings[row.err_code] = str(explanation.meaning) if explanation else ""
        return self.meanings[row.err_code]


# Column name -> its cell. A field the record leaves empty is an empty cell, as in the table.
CELLS: dict[str, Callable[[RecordCells, Any], object]] = {
    "send_time": lambda cells, row: cells.time(row.send_time),
    "receive_time": lambda cells, row: cells.time(row.receive_time),
    "account": lambda cells, row: cells.accounts.get(row.account, row.account),
    "status": lambda cells, row: cells.statuses.get(row.status, row.status),
    "err_code": lambda cells, row: row.err_code or None,
    "template_code": lambda cells, row: row.template_code or None,
    "content": lambda cells, row: record_content(row) if row.content else None,
    "out_id": lambda cells, row: row.out_id or None,
    "explanation": lambda cells, row: cells.explanation(row),
}


def records_export(*, table: RecordTable, export_format: str, filename: str) -> HttpResponse:
    """The table's whole result (every page, in the table's order) as a CSV or Excel file."""
    columns = [
        column for column in table.columns.iterall() if not column.column.exclude_from_export
    ]
    header = [force_str(column.header) for column in columns]
    ordered: QuerySet[SmsRecord] = table.data.data  # the rows query, sorted as the page asks
    cells = RecordCells(now=timezone.now(), zone=timezone.get_current_timezone())
    rows = record_rows(ordered, cells, [column.name for column in columns])
    return export_response(
        export_format,
        filename=filename,
        title=SHEET_TITLE,
        header=header,
        rows=rows,
        widths=[WIDTHS.get(column.name, 16) for column in columns],
    )


def record_rows(
    records: QuerySet[SmsRecord], cells: RecordCells, names: list[str]
) -> Iterator[list]:
    """Each record's cells for the columns ``names``, read a chunk of plain values at a time."""
    makers = [CELLS[name] for name in names]
    values = records.values_list(*FIELDS, named=True).iterator(chunk_size=CHUNK_ROWS)
    for row in values:
        yield [make(cells, row) for make in makers]
