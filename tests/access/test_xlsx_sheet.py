"""The Excel writer of the exports (access.xlsx_sheet), read back by openpyxl as Excel would."""

from __future__ import annotations

from datetime import datetime

import openpyxl

from access.export_files import xlsx_file


def written(header, rows, widths=(12, 30)):
    return openpyxl.load_workbook(xlsx_file("记录 2026-12-01", header, rows, widths))


def test_values_keep_their_type_and_dates_are_real_date_times():
    book = written(
        ["Sent", "Count", "Rate", "Final", "Text"],
        [
            [datetime(2026, 12, 1, 9, 5, 7), 12600, 0.9375, True, "已送达 <b>&</b>"],
            [None] * 5,
            ["", 1, None, False, ""],
        ],
    )

    sheet = book.active
    assert sheet.title == "记录 2026-12-01"
    sent, count, rate, final, text = sheet[2]
    assert sent.value == datetime(2026, 12, 1, 9, 5, 7)
    assert sent.number_format == "yyyy-mm-dd hh:mm:ss"
    assert (count.value, rate.value, final.value, text.value) == (
        12600,
        0.9375,
        True,
        "已送达 <b>&</b>",
    )
    assert sheet.max_row == 4  # an empty row keeps its place
    assert [cell.value for cell in sheet[4]] == [None, 1, None, False, None]


def test_the_header_is_bold_frozen_and_the_columns_have_their_widths():
    sheet = written(["Phone number", "Content"], [["138****0011", "a\nb"]]).active

    assert [cell.font.b for cell in sheet[1]] == [True, True]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 12
    assert sheet.column_dimensions["B"].width == 30
    assert sheet["B2"].alignment.wrap_text
    assert not sheet["A2"].alignment.wrap_text


def test_formulas_never_become_formulas_and_refused_characters_are_replaced():
    sheet = written(["Text"], [['=HYPERLINK("http://e.x")'], ["a\x00b\x1fc"], ["\r=1+1"]]).active

    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row)
    assert sheet["A2"].value == '\'=HYPERLINK("http://e.x")'
    assert sheet["A3"].value == "a\ufffdb\ufffdc"
    assert sheet["A4"].value == "'\r=1+1"  # the carriage return kept
