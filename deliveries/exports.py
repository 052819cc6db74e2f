"""The search page's exports: the table's columns, over the rows query's plain values.

The table (``tables.RecordTable``) still says which columns an export has, their headers and
the order of the rows (the page's ``sort``); the rows themselves are read as tuples of the
stored fields, in chunks, never as model instances or bound cells, and each cell is the text
the table's ``value_*`` methods give: times in China time, the status as its word, the content
as ``access.display.record_content`` shows it (from the stored masked column while masking is
on), what a failure means or how long a record has waited, and empty fields as empty cells.
``tests/deliveries/test_export_cells.py`` holds the two to the same cells.

A file travels without the page around it, so it carries what the page says elsewhere (the
table's export-only columns): the number as this user may see it, the sign, the BizId of
the search, when the row was fetched and the RequestId of its page (the fetches are read
once, ``selectors.records_fetches``, not joined to every row). The sign and the template's
name are the page's (``deliveries.catalogue``): the content's sign, else the template's, and
the name from the account's stored template list, read once for the file like the fetches.

The file itself (streamed CSV with a byte order mark, write-only Excel with date-time cells,
every cell neutralised as a formula, the name in ASCII and UTF-8) is ``access.export_files``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext, gettext_noop

from access.display import phone_text, record_content
from access.export_files import export_file_name, export_response
from core.accounts import account_labels, configured_accounts
from deliveries.catalogue import EMPTY_CATALOGUE, Catalogue
from deliveries.escalation import page_request_id
from deliveries.explanations import explain, explain_waiting
from deliveries.models import SmsRecord, Status
from deliveries.record_search import RecordFilters, RecordSearch
from deliveries.selectors import FetchFacts, records_fetches
from deliveries.tables import RecordTable

# What the cells are made of: the fields the table's columns show, content in both forms,
# and what finds the record's fetch and its page there.
FIELDS = (
    *("account", "phone", "send_time", "receive_time", "status", "err_code"),
    *("template_code", "content", "content_masked", "out_id", "biz_id", "fetch_id", "position"),
)
# Rows read from the database at a time (a server-side cursor on PostgreSQL).
CHUNK_ROWS = 2000
# Excel's column widths in characters, fixed (tablib measured every cell for them): a time
# in full, a mainland number with its prefix, a RequestId (a UUID), a BizId.
WIDTHS = {
    "send_time": 20,
    "receive_time": 20,
    "phone": 16,
    "account": 16,
    "status": 10,
    "err_code": 24,
    "sign": 14,
    "template_code": 16,
    "template_name": 24,
    "content": 60,
    "out_id": 20,
    "biz_id": 24,
    "explanation": 60,
    "fetched_at": 20,
    "request_id": 38,
}
SHEET_TITLE = gettext_noop("SMS records")
FILE_PHONES = 3  # a file of more numbers names the first two and how many more


class RecordCells:
    """The cells of one export's rows; what every row shares is worked out once.

    Times are naive datetimes in China time (``zone``): Excel has no time zones, and the page
    shows China time; the CSV writes them as the page does.
    """

    def __init__(
        self,
        *,
        now: datetime,
        zone: tzinfo,
        user,
        fetches: dict[int, FetchFacts],
        catalogue: Catalogue = EMPTY_CATALOGUE,
    ):
        self.now = now
        self.catalogue = catalogue
        self.zone = zone
        self.user = user
        self.fetches = fetches
        self.statuses = {member.value: str(member.label) for member in Status}
        self.accounts = account_labels()
        self.meanings: dict[str, str] = {}
        self.phones: dict[str, str] = {}

    def time(self, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(self.zone).replace(tzinfo=None, microsecond=0)

    def phone(self, phone: str) -> str:
        """``access.display.phone_text``, as the page shows the number to this user."""
        if phone not in self.phones:
            self.phones[phone] = phone_text(self.user, phone)
        return self.phones[phone]

    def fetched_at(self, row: Any) -> datetime | None:
        fetch = self.fetches.get(row.fetch_id)
        return self.time(fetch.fetched_at) if fetch else None

    def request_id(self, row: Any) -> str | None:
        fetch = self.fetches.get(row.fetch_id)
        return (page_request_id(fetch.request_ids, row.position) or None) if fetch else None

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
    "phone": lambda cells, row: cells.phone(row.phone),
    "account": lambda cells, row: cells.accounts.get(row.account, row.account),
    "status": lambda cells, row: cells.statuses.get(row.status, row.status),
    "err_code": lambda cells, row: row.err_code or None,
    "sign": lambda cells, row: (
        cells.catalogue.sign(row.account, row.template_code, row.content) or None
    ),
    "template_code": lambda cells, row: row.template_code or None,
    "template_name": lambda cells, row: (
        cells.catalogue.template_name(row.account, row.template_code) or None
    ),
    "content": lambda cells, row: record_content(row) if row.content else None,
    "out_id": lambda cells, row: row.out_id or None,
    "biz_id": lambda cells, row: row.biz_id or None,
    "explanation": lambda cells, row: cells.explanation(row),
    "fetched_at": lambda cells, row: cells.fetched_at(row),
    "request_id": lambda cells, row: cells.request_id(row),
}


def records_export(
    *, table: RecordTable, search: RecordSearch, export_format: str, filename: str, user
) -> HttpResponse:
    """The table's whole result (every page, in the table's order) as a CSV or Excel file."""
    columns = [
        column for column in table.columns.iterall() if not column.column.exclude_from_export
    ]
    header = [force_str(column.header) for column in columns]
    ordered: QuerySet[SmsRecord] = table.data.data  # the rows query, sorted as the page asks
    cells = RecordCells(
        now=timezone.now(),
        zone=timezone.get_current_timezone(),
        user=user,
        fetches=records_fetches(search=search),
        catalogue=table.catalogue,
    )
    rows = record_rows(ordered, cells, [column.name for column in columns])
    return export_response(
        export_format,
        filename=filename,
        title=gettext(SHEET_TITLE),
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


def export_filename(
    *, user, search: RecordSearch, filters: RecordFilters, export_format: str
) -> str:
    """``sms-13800000999-20261101-20261130-failed.csv``: the number(s), the days, then what
    narrows the file (the one account chosen among several, the BizId, the status, the
    template, the text), so two exports of one number do not look alike in a ticket.

    The number is masked as the rows mask it for roles that see numbers masked (a file
    travels further than the page), with ``x`` for ``*``, which file systems refuse. Each part
    keeps letters, digits, ``.``, ``-`` and ``_`` only (a text filter may be Chinese: the
    response names the file in UTF-8 too, ``access.export_files.attachment``).
    """
    parts = [*_file_phones(user, search.phones), f"{search.first:%Y%m%d}"]
    if search.is_range:
        parts[-1] += f"-{search.last:%Y%m%d}"
    if len(search.accounts) < len(configured_accounts()):
        parts += search.accounts
    parts.append(search.biz_id)
    parts.append(filters.status.name.lower() if filters.status is not None else "")
    parts += [filters.template, filters.sign, filters.text]
    return export_file_name("sms", parts, export_format)


def _file_phones(user, phones: tuple[str, ...]) -> list[str]:
    """The numbers in a file name: all of up to ``FILE_PHONES``, else the first two and how
    many more (``13800138000-13900139000-and5more``), so that the name stays short."""
    shown = [phone_text(user, phone).replace("*", "x") for phone in phones]
    if len(shown) <= FILE_PHONES:
        return shown
    return [*shown[:2], f"and{len(shown) - 2}more"]
