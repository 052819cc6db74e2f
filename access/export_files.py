"""Export files written as their rows are read: CSV streamed, Excel as its sheet's XML.

django-tables2's ``TableExport`` built every row of the table as model instances and bound
cells, then a tablib ``Dataset`` of them, then the whole file in memory, then the response:
9-10 s and +58 MiB for 30 days of a busy number (12,600 rows). Here the rows come in as plain
tuples (a caller hands an iterator over the rows query, read in chunks) and go out at once:

- **CSV** is a generator of encoded batches (``csv.writer``, Excel's dialect) after a UTF-8 byte
  order mark: without one, Excel on a Chinese Windows reads the file as GBK and shows mojibake
  for every Chinese character; with it, Excel, LibreOffice and Python's ``utf-8-sig`` read it
  right. Date-times are written as the page writes them (``TIME_FORMAT``). The server sends
  each batch as it is made; memory holds one batch and one chunk of the query.
- **Excel** is written row by row as the sheet's XML into a zip in a temporary file
  (``access.xlsx_sheet``: openpyxl's write-only workbook spent 30 µs a cell), then streamed. A zip
  needs its directory at the end, so the file is complete before the first byte goes out. The
  sheet has a title in the page's language (made a valid sheet name, ``sheet_title``), the
  header in bold, frozen below the header, line breaks wrapped, date-times as real date-time
  cells (``yyyy-mm-dd hh:mm:ss``: the caller gives them naive, in the time they are to show,
  as Excel has no time zones); the column widths are given by the caller instead of measured
  over every cell.

The file is named in the ``Content-Disposition`` both ways RFC 6266 gives (``attachment``):
``filename`` in ASCII for every client, ``filename*`` in UTF-8 when the name is not ASCII.

Every cell, headers too, passes ``spreadsheets.spreadsheet_cell``, the one rule the page's exports
used before: nothing from upstream becomes a formula.

The response is an ``ExportResponse``: streamed, with ``content`` still reading it whole as the
``HttpResponse`` it replaces did, for callers written against that (the tests among them).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import IO
from urllib.parse import quote

from django.http import FileResponse
from django.utils import translation
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from access.spreadsheets import spreadsheet_cell
from access.xlsx_sheet import xlsx_sheet_file

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Rows per CSV piece sent: large enough that the pieces cost nothing, small enough to stay flat.
CSV_BATCH_ROWS = 500
# XML 1.0 has no place for most control characters; openpyxl refuses them (tablib's export
# answered a 500). Excel gets the replacement character where upstream sent one.
REPLACEMENT = "\ufffd"
BOM = "\ufeff"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # the page's (``deliveries.tables.TIME_FORMAT``)
# Excel refuses a sheet name longer than 31 characters or holding any of []:*?/\
SHEET_NAME_LENGTH = 31
SHEET_NAME_REFUSED = re.compile(r"[\[\]:*?/\\]")
NOT_PLAIN_ASCII = re.compile(r'[^\x20-\x7e]+|["\\]')
# What a file name keeps of a filter: letters, digits, . - _
FILE_PART = re.compile(r"[^\w.-]+")
FILE_PART_LENGTH = 40

Row = Sequence[object]


class ExportResponse(FileResponse):
    """A streamed export file (``Cache-Control`` and the rest as any response).

    ``content`` reads what is left of the stream whole, as ``HttpResponse.content`` did before the
    exports were streamed, and keeps it as the stream's one piece, so it can be read again.
    """

    block_size = 64 * 1024

    @property
    def content(self) -> bytes:  # type: ignore[override]
        whole = b"".join(self.streaming_content)
        self.streaming_content = [whole]
        return whole


def export_response(
    export_format: str,
    *,
    filename: str,
    title: str,
    header: Row,
    rows: Iterable[Row],
    widths: Sequence[float] = (),
) -> ExportResponse:
    """The file of ``header`` and ``rows`` in ``export_format`` ("csv" or "xlsx"), as an
    attachment named ``filename``; Excel's sheet is called ``title``."""
    content_type = CONTENT_TYPES[export_format]
    if export_format == "xlsx":
        content = xlsx_file(sheet_title(title), header, rows, widths)
    else:
        content = csv_chunks(header, rows)
    response = ExportResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment(filename)
    return response


def attachment(filename: str) -> str:
    """``Content-Disposition`` of a download (RFC 6266): ``filename`` in plain ASCII (anything
    else as ``_``), and ``filename*`` (RFC 5987, UTF-8) when that is not the whole name."""
    fallback = NOT_PLAIN_ASCII.sub("_", filename)
    header = f'attachment; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def export_file_name(prefix: str, parts: Iterable[str], export_format: str) -> str:
    """``prefix-part-part.csv``: each part (a number, days, a filter) keeps letters, digits,
    ``.``, ``-`` and ``_`` only, up to 40 characters; empty parts are left out. A part may be
    Chinese (a text filter): ``attachment`` names the file in UTF-8 too."""
    kept = [FILE_PART.sub("_", part).strip("_")[:FILE_PART_LENGTH] for part in parts]
    return "-".join([prefix, *(part for part in kept if part)]) + f".{export_format}"


def sheet_title(title: str) -> str:
    """``title`` as Excel takes a sheet's name: what it refuses as ``_``, 31 characters."""
    return SHEET_NAME_REFUSED.sub("_", title)[:SHEET_NAME_LENGTH].strip() or "Sheet1"


def csv_chunks(header: Row, rows: Iterable[Row]) -> Iterator[bytes]:
    """The CSV file in UTF-8 pieces, made as the server sends them.

    They are made after the view has returned, so the language active now is kept for them:
    a cell put into words (a status, an explanation) reads as the page does.
    """
    return _csv_chunks(header, rows, translation.get_language())


def _csv_chunks(header: Row, rows: Iterable[Row], language: str | None) -> Iterator[bytes]:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    with translation.override(language):
        writer.writerow([spreadsheet_cell(cell) for cell in header])
        for count, row in enumerate(rows, start=1):
            writer.writerow([_csv_value(cell) for cell in row])
            if count % CSV_BATCH_ROWS == 0:
                yield _taken(buffer)
        yield _taken(buffer)


def _csv_value(value):
    if isinstance(value, datetime):
        return value.strftime(TIME_FORMAT)
    return spreadsheet_cell(value)


def _taken(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")


def xlsx_file(title: str, header: Row, rows: Iterable[Row], widths: Sequence[float]) -> IO[bytes]:
    """The workbook written row by row into a temporary file (``access.xlsx_sheet``), returned
    at its start; every value made safe first."""
    safe_header = [_xlsx_value(value) for value in header]
    safe_rows = ([_xlsx_cell(value) for value in row] for row in rows)
    return xlsx_sheet_file(title, safe_header, safe_rows, widths)


def _xlsx_cell(value):
    """A date-time as it is (written as Excel's serial number in the date-time style); anything
    else neutralised and cleaned."""
    return value if isinstance(value, datetime) else _xlsx_value(value)


def _xlsx_value(value):
    value = spreadsheet_cell(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value) or None
    return value
