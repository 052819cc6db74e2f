"""Receipts pushed to one account's URL /receipts/<account>/<token>/: its own token, stored as
that account's, and only that account's stored records are updated."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

import pytest
from django.test import Client
from support.statistics import RECEIPT_TOKEN, receipt

from core.accounts import Account
from core.redaction import RedactReceiptToken
from deliveries.models import Fetch, SmsRecord, Status
from dysms.values import CHINA_TZ
from rates.models import SmsReceipt

pytestmark = pytest.mark.django_db

SHOP_TOKEN = "shop-Token_1"
GLOBAL_TOKEN = "global-Token_2"
PHONE = "13800138000"
BIZ_ID = "900101234567890^0"
SENT = datetime(2026, 5, 20, 9, 0, tzinfo=CHINA_TZ)  # receipt()'s send_time


@pytest.fixture(autouse=True)
def two_accounts(settings):
    """商城 (shop, the default account: listed first) and Global, each with its report token."""
    settings.SMS_REPORT_TOKEN = RECEIPT_TOKEN  # the one-account setting: no longer used
    settings.DYSMS_ACCOUNTS = (
        Account(name="shop", label="商城", endpoint="sandbox", report_token=SHOP_TOKEN),
        Account(name="global", label="Global", endpoint="sandbox", report_token=GLOBAL_TOKEN),
    )


@pytest.fixture
def client():
    # Alibaba Cloud is neither logged in nor sending a CSRF token.
    return Client(enforce_csrf_checks=True)


def push(client, url: str, *receipts):
    body = json.dumps(list(receipts or [receipt()]))
    return client.post(url, data=body, content_type="application/json")


def stored_record(account: str) -> SmsRecord:
    """A waiting record of the account, which receipt() settles (same BizId and phone)."""
    fetch = Fetch.objects.create(
        account=account,
        phone=PHONE,
        day=SENT.date(),
        biz_id=BIZ_ID,
        fetched_at=SENT + timedelta(minutes=1),
        total_count=1,
        stored_count=1,
        waiting_count=1,
    )
    return SmsRecord.objects.create(
        fetch=fetch,
        phone=PHONE,
        send_day=SENT.date(),
        position=0,
        status=Status.WAITING,
        template_code="SMS_100",
        out_id="order-1",
        send_time=SENT,
    )


def status_of(record: SmsRecord) -> tuple[int, int]:
    record.refresh_from_db()
    return record.status, Fetch.objects.get(pk=record.fetch_id).waiting_count


def test_a_push_to_an_accounts_url_is_stored_as_that_accounts(client):
    response = push(client, f"/receipts/global/{GLOBAL_TOKEN}/")

    assert response.status_code == 200
    assert response.json() == {"code": 0, "msg": "接收成功"}
    assert list(SmsReceipt.objects.values_list("account", "biz_id")) == [("global", BIZ_ID)]


def test_a_receipt_updates_only_its_accounts_records(client):
    shop, world = stored_record("shop"), stored_record("global")

    push(client, f"/receipts/global/{GLOBAL_TOKEN}/", receipt(success=False, err_code="MK:0001"))

    assert status_of(world) == (Status.FAILED, 0)
    assert status_of(shop) == (Status.WAITING, 1)


def test_the_same_receipt_pushed_to_two_accounts_is_stored_for_each(client):
    push(client, f"/receipts/shop/{SHOP_TOKEN}/")
    push(client, f"/receipts/global/{GLOBAL_TOKEN}/")
    push(client, f"/receipts/global/{GLOBAL_TOKEN}/")  # a re-push changes nothing

    assert sorted(SmsReceipt.objects.values_list("account", flat=True)) == ["global", "shop"]


@pytest.mark.parametrize(
    "url",
    [
        f"/receipts/shop/{GLOBAL_TOKEN}/",  # another account's token
        f"/receipts/global/{SHOP_TOKEN}/",
        f"/receipts/payments/{SHOP_TOKEN}/",  # no such account
        f"/receipts/{GLOBAL_TOKEN}/",  # the old URL is the default account's
        f"/receipts/{RECEIPT_TOKEN}/",  # SMS_REPORT_TOKEN is not an account's token
    ],
)
def test_a_wrong_token_or_account_is_refused_like_a_wrong_token(client, url):
    stored_record("shop")

    response = push(client, url)

    assert response.status_code == 404
    assert response.content == b""
    assert not SmsReceipt.objects.exists()
    assert not SmsRecord.objects.exclude(status=Status.WAITING).exists()


def test_an_account_without_a_report_token_takes_no_push(client, settings):
    settings.DYSMS_ACCOUNTS = (
        *settings.DYSMS_ACCOUNTS,
        Account(name="quiet", label="Quiet", endpoint="sandbox"),
    )

    assert push(client, "/receipts/quiet/-/").status_code == 404
    assert push(client, "/receipts/quiet//").status_code == 404
    assert not SmsReceipt.objects.exists()


def test_the_old_url_is_the_default_accounts(client):
    shop, world = stored_record("shop"), stored_record("global")

    response = push(client, f"/receipts/{SHOP_TOKEN}/")

    assert response.status_code == 200
    assert list(SmsReceipt.objects.values_list("account", flat=True)) == ["shop"]
    assert status_of(shop) == (Status.DELIVERED, 0)
    assert status_of(world) == (Status.WAITING, 1)


def test_without_several_accounts_the_old_url_keeps_the_report_token(client, settings):
    settings.DYSMS_ACCOUNTS = ()
    record = stored_record("default")

    assert push(client, f"/receipts/{RECEIPT_TOKEN}/").status_code == 200
    assert push(client, f"/receipts/default/{RECEIPT_TOKEN}/").status_code == 200

    assert list(SmsReceipt.objects.values_list("account", flat=True)) == ["default"]
    assert status_of(record) == (Status.DELIVERED, 0)


def test_the_accounts_token_is_redacted_from_logged_paths():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"POST /receipts/global/%s/ HTTP/1.1" 200 34',
        (GLOBAL_TOKEN,),
        None,
    )

    RedactReceiptToken().filter(record)

    assert GLOBAL_TOKEN not in record.getMessage()
    assert "/receipts/[redacted]/" in record.getMessage()


def test_the_template_breakdown_counts_the_chosen_accounts_receipts_by_their_own_records(client):
    from rates.selectors import template_breakdown

    stored_record("global")  # SMS_100, global's
    push(client, f"/receipts/shop/{SHOP_TOKEN}/")
    push(client, f"/receipts/global/{GLOBAL_TOKEN}/")

    def codes(accounts):
        rows = template_breakdown(start=SENT.date(), end=SENT.date(), accounts=accounts)
        return [(row.template_code, row.receipts) for row in rows]

    assert codes(("global",)) == [("SMS_100", 1)]
    # Shop's receipt matches no record of shop's: its template is unknown, not global's.
    assert codes(("shop",)) == [("", 1)]
    assert sorted(codes(None)) == [("", 1), ("SMS_100", 1)]
