"""The All sends page's export: every send of the window and filters, not just the page.

The file is ``access.export_files``' (CSV with a byte order mark, streamed; Excel write-only
with real date-time cells in China time; every cell neutralised as a formula, since error codes
and messages come from pushes; the name in ASCII and UTF-8), named as the records' exports are
(``export_file_name``): ``sends-202612011405-202612021405-failed-shop.csv``. Its cells say
what the page says, and what a file needs without the page around it: the status as its word,
what a code means, the number as this user may see it, BizId, OutId and the receipt's own
message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from access.display import phone_text
from access.export_files import export_file_name, export_response
from core.accounts import account_labels, configured_accounts
from deliveries.selectors import code_meaning, receipt_status_word
from dysms.signs import content_sign
from rates.models import SmsReceipt
from rates.sends_form import SendsQuery

SHEET_TITLE = gettext_noop("SMS sends")
CHUNK_ROWS = 2000
FIELDS = (
    *("send_time", "report_time", "phone_number", "account", "success", "err_code", "err_msg"),
    *("template_code", "content", "biz_id", "out_id", "sms_size"),
)
Cell = Callable[[Any, Any], object]


class SendCells:
    def __init__(self, user):
        self.user = user
        self.zone = timezone.get_current_timezone()
        self.accounts = account_labels()
        self.meanings: dict[str, str] = {}

    def time(self, value: datetime | None) -> datetime | None:
        """Naive China time: Excel has no time zones, and the page shows China time."""
        return value.astimezone(self.zone).replace(tzinfo=None, microsecond=0) if value else None

    def meaning(self, row) -> str:
        if row.success or not row.err_code:
            return ""
        if row.err_code not in self.meanings:
            self.meanings[row.err_code] = code_meaning(row.err_code)
        return self.meanings[row.err_code]


# (header, width in characters, cell)
COLUMNS: tuple[tuple[Any, int, Cell], ...] = (
    (gettext_lazy("Sent"), 20, lambda cells, row: cells.time(row.send_time)),
    (gettext_lazy("Received"), 20, lambda cells, row: cells.time(row.report_time)),
    (gettext_lazy("Phone number"), 16, lambda cells, row: phone_text(cells.user, row.phone_number)),
    (gettext_lazy("Account"), 16, lambda cells, row: cells.accounts.get(row.account, row.account)),
    (gettext_lazy("Status"), 10, lambda cells, row: receipt_status_word(row.success)),
    (gettext_lazy("Error code"), 24, lambda cells, row: row.err_code or None),
    (gettext_lazy("What it means"), 60, lambda cells, row: cells.meaning(row) or None),
    (gettext_lazy("Message of the receipt"), 30, lambda cells, row: row.err_msg or None),
    (gettext_lazy("Template"), 16, lambda cells, row: row.template_code or None),
    (gettext_lazy("Sign"), 14, lambda cells, row: content_sign(row.content) or None),
    (gettext_lazy("BizId"), 24, lambda cells, row: row.biz_id or None),
    (gettext_lazy("OutId"), 20, lambda cells, row: row.out_id or None),
    (gettext_lazy("Parts"), 8, lambda cells, row: row.sms_size),
)


def sends_export(
    *, receipts: QuerySet[SmsReceipt], query: SendsQuery, export_format: str, user
) -> HttpResponse:
    """``receipts`` (the page's query, every page) as a CSV or Excel file."""
    return export_response(
        export_format,
        filename=sends_filename(query=query, export_format=export_format),
        title=gettext(SHEET_TITLE),
        header=[str(header) for header, _, _ in COLUMNS],
        rows=send_rows(receipts, SendCells(user)),
        widths=[width for _, width, _ in COLUMNS],
    )


def send_rows(receipts: QuerySet[SmsReceipt], cells: SendCells) -> Iterator[list]:
    values = receipts.values_list(*FIELDS, named=True).iterator(chunk_size=CHUNK_ROWS)
    for row in values:
        yield [cell(cells, row) for _, _, cell in COLUMNS]


def sends_filename(*, query: SendsQuery, export_format: str) -> str:
    """The window (China time, to the minute), then what narrows the file."""
    local = timezone.get_current_timezone()
    parts = [
        f"{query.since.astimezone(local):%Y%m%d%H%M}",
        f"{query.until.astimezone(local):%Y%m%d%H%M}",
    ]
    parts.append({None: "", True: "delivered", False: "failed"}[query.success])
    if len(query.accounts) < len(configured_accounts()):
        parts += query.accounts
    parts += [query.error_code, query.template, query.sign, query.carrier, query.region]
    return export_file_name("sends", parts, export_format)
