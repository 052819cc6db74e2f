"""The All sends page's exports (CSV, Excel) and the notice that says how to receive receipts."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from support.sends import FAILED_CODE, FAILED_MEANING, receipt_row, record_for
from support.translations import english_phrases, untranslated

from access.models import Action, AuditEntry
from core.accounts import Account
from dysms.values import CHINA_TZ

pytestmark = pytest.mark.django_db

PHONE = "13800138000"


@pytest.fixture(autouse=True)
def report_token(settings):
    settings.SMS_REPORT_TOKEN = "push-token-1"


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel on a Chinese Windows reads it as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_holds_every_matching_send_in_the_pages_words(manager):
    sent = timezone.now().replace(microsecond=0) - timedelta(minutes=5)
    failed = receipt_row(phone=PHONE, sent=sent, success=False)
    record_for(failed, template_code="SMS_271935402", content="【云雀科技】您好")
    receipt_row(phone="13900139000", sent=sent, success=True)

    response = manager.get("/sends/", {"status": "failed", "_export": "csv"})

    header, *rows = csv_rows(response)
    assert header[:7] == [
        *("Sent", "Received", "Phone number", "Account", "Status", "Error code"),
        "What it means",
    ]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Sent"] == sent.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")
    assert row["Phone number"] == "138****8000"  # a Manager's file, masked as the page
    assert row["Status"] == "Failed"
    assert row["Error code"] == FAILED_CODE
    assert row["What it means"] == FAILED_MEANING
    assert row["Template"] == "SMS_271935402"
    assert row["Sign"] == "云雀科技"
    assert row["BizId"] == failed.biz_id


def test_the_file_is_named_after_the_window_and_filters(manager):
    since = timezone.now().astimezone(CHINA_TZ) - timedelta(hours=1)
    params = {"since": since.strftime("%Y-%m-%dT%H:%M"), "status": "failed", "_export": "xlsx"}
    params["error_code"] = FAILED_CODE

    response = manager.get("/sends/", params)

    until = timezone.now().astimezone(CHINA_TZ)
    name = f"sends-{since:%Y%m%d%H%M}-{until:%Y%m%d%H%M}-failed-{FAILED_CODE}.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_excel_has_real_times_and_no_formula_from_a_push(manager):
    sent = timezone.now().replace(microsecond=0)
    receipt_row(phone=PHONE, sent=sent, success=False, err_code="=HYPERLINK(1)")

    response = manager.get("/sends/", {"_export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "SMS sends"
    cells = [cell.value for cell in sheet[2]]
    assert cells[0] == sent.astimezone(CHINA_TZ).replace(tzinfo=None)
    assert isinstance(cells[0], datetime)
    assert cells[5] == "'=HYPERLINK(1)"


def test_an_export_is_an_export_in_the_audit_trail(manager):
    receipt_row(phone=PHONE, sent=timezone.now())

    manager.get("/sends/", {"_export": "csv"})

    entry = AuditEntry.objects.get()
    assert entry.action == Action.EXPORT
    assert entry.filters["format"] == "csv"
    assert entry.filters["page"] == "/sends/"
    assert entry.result_count == 1


def test_support_may_read_the_page_but_not_export_it(agent):
    response = agent.get("/sends/", {"_export": "csv"})

    assert response.status_code == 403
    assert "Export every matching send" not in agent.get("/sends/").content.decode()


def test_an_unoffered_format_is_a_400_and_no_export(manager):
    response = manager.get("/sends/", {"_export": "ods"})

    assert response.status_code == 400
    assert "This export format is not offered" in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_without_a_report_token_the_page_says_which_url_to_paste(agent, settings):
    settings.SMS_REPORT_TOKEN = ""

    page = agent.get("/sends/").content.decode()

    assert 'id="push-setup"' in page
    assert "http://testserver/receipts/&lt;the value of SMS_REPORT_TOKEN&gt;/" in page


def test_with_several_accounts_each_gets_its_own_url_and_the_token_is_never_shown(agent, settings):
    settings.DYSMS_ACCOUNTS = (
        Account(name="shop", label="商城", endpoint="sandbox", report_token="Secret-Shop-Token"),
        Account(name="global", label="Global", endpoint="sandbox"),
    )

    page = agent.get("/sends/").content.decode()  # tokens set, but no receipt ever came

    assert "No delivery receipt has arrived yet" in page
    shop = "http://testserver/receipts/shop/&lt;the value of DYSMS_SHOP_REPORT_TOKEN&gt;/"
    assert shop in page
    assert "/receipts/global/&lt;the value of DYSMS_GLOBAL_REPORT_TOKEN&gt;/" in page
    assert "Secret-Shop-Token" not in page


def test_once_receipts_arrive_the_setup_notice_goes(agent):
    receipt_row(phone=PHONE, sent=timezone.now() - timedelta(days=3))

    page = agent.get("/sends/").content.decode()  # nothing in this window, but receipts came

    assert 'id="push-setup"' not in page
    assert "No sends match" in page


@pytest.mark.chinese
def test_the_page_speaks_chinese(agent):
    receipt_row(phone=PHONE, sent=timezone.now(), success=False)

    page = agent.get("/sends/").content.decode()

    assert "<title>全部发送" in page
    assert '<span class="badge status-failed">失败</span>' in page


@pytest.mark.chinese
def test_the_chinese_page_leaves_no_interface_string_in_english(manager, settings):
    settings.SMS_REPORT_TOKEN = ""  # the setup notice too
    receipt_row(phone=PHONE, sent=timezone.now(), success=False)

    html = manager.get("/sends/").content.decode()
    errors = manager.get("/sends/", {"since": "x", "status": "waiting"}).content.decode()

    command = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'
    for page in (html, errors):
        assert untranslated(page) == []
        assert english_phrases(page, allowed=(command, "import secrets")) == []
    assert "请输入日期和时间" in errors
