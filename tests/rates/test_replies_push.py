"""The reply push endpoints /replies/<token>/ and /replies/<account>/<token>/ (Alibaba Cloud
SmsUp, HTTP batch mode): the receipts' answers and protections, stored idempotently."""

from __future__ import annotations

import json
import logging

import pytest
from django.db import DatabaseError
from django.test import Client
from support.metrics import Scraped
from support.statistics import RECEIPT_TOKEN, reply

from core.accounts import Account
from core.redaction import RedactReceiptToken
from deliveries.models import SmsReply

pytestmark = pytest.mark.django_db

SHOP_TOKEN = "shop-Token_1"
GLOBAL_TOKEN = "global-Token_2"
URL = f"/replies/{SHOP_TOKEN}/"


@pytest.fixture(autouse=True)
def two_accounts(settings):
    """shop (the default account: listed first) and global, each with its report token."""
    settings.DYSMS_ACCOUNTS = (
        Account(name="shop", label="商城", endpoint="sandbox", report_token=SHOP_TOKEN),
        Account(name="global", label="Global", endpoint="sandbox", report_token=GLOBAL_TOKEN),
    )


@pytest.fixture
def client():
    # Alibaba Cloud is neither logged in nor sending a CSRF token.
    return Client(enforce_csrf_checks=True)


def push(client, body, url=URL):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json")


def test_replies_are_stored_for_the_default_account_and_acknowledged(client):
    response = push(client, [reply(), reply(phone_number="+86 139 0013 9000", sequence_id=2)])

    assert response.status_code == 200
    assert response.json() == {"code": 0, "msg": "接收成功"}
    stored = SmsReply.objects.get(phone="13800138000")
    assert (stored.account, stored.content, stored.sign_name) == ("shop", "退订", "阿里云")
    assert stored.send_time.isoformat() == "2026-05-20T06:07:00+00:00"  # 14:07 in Shanghai
    # The number as searches write it, whatever form the push gave it in.
    assert SmsReply.objects.filter(phone="13900139000").exists()


def test_an_accounts_url_stores_its_replies_as_that_accounts(client):
    response = push(client, [reply()], url=f"/replies/global/{GLOBAL_TOKEN}/")

    assert response.json()["code"] == 0
    assert SmsReply.objects.get().account == "global"


def test_a_re_push_changes_nothing(client):
    push(client, [reply(), reply()])
    first = SmsReply.objects.get()

    response = push(client, [reply(content="changed")])

    assert response.json()["code"] == 0
    again = SmsReply.objects.get()
    assert (again.pk, again.content, again.received_at) == (first.pk, "退订", first.received_at)


@pytest.mark.parametrize(
    "url",
    [
        "/replies/wrong/",
        f"/replies/{SHOP_TOKEN}x/",
        f"/replies/global/{SHOP_TOKEN}/",  # another account's token
        f"/replies/nobody/{SHOP_TOKEN}/",  # an unknown account
    ],
)
def test_a_wrong_token_or_unknown_account_answers_404_and_stores_nothing(client, url):
    response = push(client, [reply()], url=url)

    assert response.status_code == 404
    assert not SmsReply.objects.exists()


def test_only_post_is_accepted(client):
    assert client.get(URL).status_code == 405
    assert client.get("/replies/wrong/").status_code == 404


@pytest.mark.parametrize("body", ["not json", {"content": "TD"}, ""])
def test_a_body_that_is_not_an_array_is_refused_with_400(client, body):
    response = push(client, body)

    assert response.status_code == 400
    assert response.json()["code"] != 0
    assert not SmsReply.objects.exists()


def test_unusable_replies_are_left_out_and_the_batch_acknowledged(client, caplog):
    caplog.set_level(logging.INFO)

    response = push(client, [reply(content="<secret>"), reply(sequence_id="x", content="TD")])

    assert response.json() == {"code": 0, "msg": "接收成功"}
    assert SmsReply.objects.count() == 1
    assert "1 pushed replies rejected" in caplog.text
    assert "<secret>" not in caplog.text  # contents are never logged


def test_a_body_over_sixteen_megabytes_is_refused_with_413(client):
    response = push(client, b"[" + b" " * (16 * 1024 * 1024) + b"]")

    assert response.status_code == 413
    assert not SmsReply.objects.exists()


def test_a_storage_failure_answers_503_so_alibaba_pushes_again(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SmsReply.objects, "bulk_create", broken)

    response = push(client, [reply()])

    assert response.status_code == 503
    assert response.json()["code"] == 503


def test_the_token_never_reaches_the_logs(client, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    push(client, [reply()])
    push(client, "not json")
    push(client, [reply()], url=f"/replies/global/{SHOP_TOKEN}/")
    monkeypatch.setattr(
        SmsReply.objects, "bulk_create", lambda *a, **k: (_ for _ in ()).throw(DatabaseError())
    )
    push(client, [reply(sequence_id=9)], url=f"/replies/global/{GLOBAL_TOKEN}/")

    assert caplog.records
    assert SHOP_TOKEN not in caplog.text and GLOBAL_TOKEN not in caplog.text


@pytest.mark.parametrize(
    "path",
    [f"/replies/{SHOP_TOKEN}/", f"/replies/global/{GLOBAL_TOKEN}/", f"/receipts/{SHOP_TOKEN}/"],
)
def test_access_log_lines_have_the_reply_token_redacted(path):
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"POST {path} HTTP/1.1", 200, 2),
        None,
    )

    RedactReceiptToken().filter(record)

    assert SHOP_TOKEN not in record.getMessage() and GLOBAL_TOKEN not in record.getMessage()
    assert "/[redacted]/ HTTP/1.1" in record.getMessage()


def test_pushed_replies_are_counted_in_the_metrics(client, settings):
    settings.METRICS_TOKEN = "m" * 32
    scrape = lambda: Scraped(  # noqa: E731
        Client().get("/metrics", headers={"authorization": "Bearer " + "m" * 32}).content.decode()
    )
    name = "smsadmin_replies_received_total"
    before = {o: scrape().value(name, account="shop", outcome=o) for o in ("stored", "duplicate")}

    push(client, [reply(), reply(), reply(sequence_id=None)])

    after = scrape()
    assert after.value(name, account="shop", outcome="stored") - before["stored"] == 1
    assert after.value(name, account="shop", outcome="duplicate") - before["duplicate"] == 1
    assert after.value(name, account="shop", outcome="rejected") >= 1
    assert SHOP_TOKEN not in after.text and RECEIPT_TOKEN not in after.text
