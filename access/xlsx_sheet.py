"""An Excel workbook of one sheet written straight as its XML, row after row, into a zip.

openpyxl's write-only mode builds a cell object and an XML element for every cell: about 30 µs a
cell on a slow machine, 5 of the 6 seconds of a 12,600-row export of 14 columns (lxml or not;
XlsxWriter was no faster). A sheet of plain values needs none of that: each row here is one
string of ``<c>`` elements, about 1 µs a cell. What it writes is the subset of SpreadsheetML
(ECMA-376) the exports use, and what openpyxl wrote for them:

- strings inline (``t="inlineStr"``, no shared-string table to hold in memory), escaped, a
  carriage return kept as ``&#13;``; numbers and booleans as values; a date-time as Excel's
  serial number (``openpyxl.utils.datetime.to_excel``) in the style ``yyyy-mm-dd hh:mm:ss``;
- the header row bold, text with a line break wrapped, the first row frozen, the given column
  widths.

The callers give values already made safe (``export_files._xlsx_value``: formulas neutralised,
characters XML refuses replaced). The tests read the files back with openpyxl.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import IO
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

ROWS_PER_WRITE = 500
HEADER, TIME, WRAP = 1, 2, 3  # the styles (cellXfs) below, after the default 0
TEXT_ESCAPES = {"\r": "&#13;"}
NAME_ESCAPES = {'"': "&quot;"}

OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{OFFICE}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = OFFICE
STYLES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def xlsx_sheet_file(
    title: str, header: Sequence[object], rows: Iterable[Sequence[object]], widths: Sequence[float]
) -> IO[bytes]:
    """The workbook in a temporary file, at its start. ``title`` is a valid sheet name."""
    file = tempfile.TemporaryFile()
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        book.writestr("_rels/.rels", RELS_XML)
        book.writestr("xl/workbook.xml", _workbook_xml(title))
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS_XML)
        book.writestr("xl/styles.xml", STYLES_XML)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_sheet_start(widths).encode())
            sheet.write(_row(1, header, HEADER).encode())
            batch: list[str] = []
            for number, row in enumerate(rows, start=2):
                batch.append(_row(number, row))
                if len(batch) == ROWS_PER_WRITE:
                    sheet.write("".join(batch).encode())
                    batch.clear()
            sheet.write(("".join(batch) + "</sheetData></worksheet>").encode())
    file.seek(0)
    return file


def _workbook_xml(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
        f'<sheet name="{escape(title, NAME_ESCAPES)}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )


def _sheet_start(widths: Sequence[float]) -> str:
    columns = "".join(
        f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
        for n, width in enumerate(widths, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        "</sheetView></sheetViews>" + (f"<cols>{columns}</cols>" if columns else "") + "<sheetData>"
    )


COLUMNS = [get_column_letter(n) for n in range(1, 101)]  # the exports have fewer than 100


def _row(number: int, values: Sequence[object], style: int = 0) -> str:
    cells = "".join(
        _cell(f"{COLUMNS[index]}{number}", value, style) for index, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def _cell(ref: str, value: object, style: int) -> str:
    styled = f' s="{style}"' if style else ""
    if value is None:
        return f'<c r="{ref}"{styled}/>' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{styled} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        return f'<c r="{ref}" s="{TIME}"><v>{to_excel(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{styled}><v>{value!r}</v></c>'
    text = str(value)
    if "\n" in text and not style:
        styled = f' s="{WRAP}"'
    return (
        f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">'
        f"{escape(text, TEXT_ESCAPES)}</t></is></c>"
    )
