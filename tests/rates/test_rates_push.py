"""The receipt push endpoint /receipts/<token>/ (Alibaba Cloud SmsReport, HTTP batch mode)."""

import json
import logging

import pytest
from django.db import DatabaseError
from django.test import Client
from support.statistics import RECEIPT_TOKEN, receipt

from core.redaction import RedactReceiptToken
from rates.models import SmsReceipt

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_token")]

TOKEN = RECEIPT_TOKEN
URL = f"/receipts/{TOKEN}/"


@pytest.fixture
def client():
    # Alibaba Cloud is neither logged in nor sending a CSRF token.
    return Client(enforce_csrf_checks=True)


def push(client, body, url=URL):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json")


def test_receipts_are_stored_and_acknowledged_as_alibaba_expects(client):
    response = push(client, [receipt(), receipt(phone_number="13900139000", success=False)])

    assert response.status_code == 200
    assert response.json() == {"code": 0, "msg": "接收成功"}
    assert "接收成功" in response.content.decode()
    stored = SmsReceipt.objects.get(phone_number="13800138000")
    assert stored.biz_id == "900101234567890^0"
    assert stored.err_code == "DELIVERED"
    assert stored.sms_size == 1
    assert stored.send_time.isoformat() == "2026-05-20T01:00:00+00:00"  # 09:00 in Shanghai
    assert SmsReceipt.objects.count() == 2


def test_a_re_push_changes_nothing(client):
    push(client, [receipt()])
    first = SmsReceipt.objects.get()

    response = push(client, [receipt(err_msg="changed", err_code="OTHER")])

    assert response.json()["code"] == 0
    again = SmsReceipt.objects.get()
    assert (again.pk, again.err_code, again.err_msg) == (first.pk, "DELIVERED", "用户接收成功")
    assert again.received_at == first.received_at


def test_duplicates_within_one_push_are_stored_once(client):
    push(client, [receipt(), receipt(), receipt(biz_id="other")])

    assert SmsReceipt.objects.count() == 2


def test_an_empty_array_is_accepted(client):
    response = push(client, [])

    assert response.json() == {"code": 0, "msg": "接收成功"}
    assert not SmsReceipt.objects.exists()


def test_a_numeric_sms_size_is_accepted(client):
    push(client, [receipt(sms_size=2)])

    assert SmsReceipt.objects.get().sms_size == 2


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        b"\xff\xfe",
        "",
        {"phone_number": "13800138000"},
        "[" * 1000 + "]" * 1000,
        '[{"err_msg": ' + "[" * 1000 + "]" * 1000 + "}]",
    ],
    ids=["not-json", "not-utf8", "empty", "object-not-array", "nested-1000-deep", "deep-inside"],
)
def test_malformed_bodies_are_rejected_with_400_and_nothing_stored(client, body):
    response = push(client, body)

    assert response.status_code == 400
    assert response.json()["code"] != 0
    assert not SmsReceipt.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        "a string",
        ["a", "list"],
        {k: v for k, v in receipt(biz_id="b2").items() if k != "biz_id"},
        receipt(biz_id="b2", success="true"),
        receipt(biz_id="b2", send_time="yesterday"),
        receipt(biz_id="b2", send_time="0001-01-01 00:00:00"),
        receipt(biz_id="b2", report_time="0001-01-01 07:59:59"),
        receipt(biz_id="b2", send_time="9999-12-31 23:59:59"),
        receipt(biz_id="b2", sms_size="one"),
        receipt(biz_id="b2", phone_number=None),
        receipt(biz_id="b2", biz_id_extra=1, out_id=42),
        receipt(biz_id="x" * 65),
        receipt(biz_id="b2", phone_number="138\n00"),
        receipt(biz_id="b2\x00"),
        receipt(biz_id="b2", out_id="order\ud800"),
        receipt(biz_id="b2", err_msg={"nested": True}),
    ],
    ids=[
        "item-not-object",
        "item-a-list",
        "missing-field",
        "success-not-boolean",
        "bad-time",
        "year-one",
        "year-one-report",
        "year-9999",
        "bad-sms-size",
        "null-field",
        "number-for-text",
        "overlong-biz-id",
        "control-character",
        "nul-in-biz-id",
        "surrogate-in-out-id",
        "object-for-err-msg",
    ],
)
def test_an_unusable_receipt_is_rejected_alone_and_the_rest_stored(client, caplog, bad):
    caplog.set_level(logging.INFO, logger="rates")
    good = receipt(phone_number="13900139000")

    response = push(client, [receipt(), bad, good])

    # Code 0: pushing the same unusable receipt again could not make it usable.
    assert response.status_code == 200
    assert response.json() == {"code": 0, "msg": "接收成功"}
    stored = set(SmsReceipt.objects.values_list("biz_id", "phone_number"))
    assert stored == {("900101234567890^0", "13800138000"), ("900101234567890^0", "13900139000")}
    assert "1 of 3 pushed receipts rejected" in caplog.text
    assert "receipt 2 " in caplog.text.lower()


def test_a_push_of_only_unusable_receipts_is_acknowledged_and_stores_nothing(client, caplog):
    caplog.set_level(logging.INFO, logger="rates")

    response = push(client, [receipt(success="yes"), "junk"])

    assert response.json() == {"code": 0, "msg": "接收成功"}
    assert not SmsReceipt.objects.exists()
    assert "2 of 2 pushed receipts rejected" in caplog.text


def raw_push(client, err_msg_json: str):
    """A push whose second receipt's err_msg is raw JSON text, escapes kept as written."""
    body = json.dumps([receipt(err_msg="ok"), receipt(biz_id="b2", err_msg="PLACEHOLDER")])
    return push(client, body.replace('"PLACEHOLDER"', err_msg_json))


@pytest.mark.parametrize(
    ("escaped", "kept"),
    [
        ('"bad \\ud800 text"', "bad \ufffd text"),
        ('"bad \\udfff"', "bad \ufffd"),
        ('"nul \\u0000 inside"', "nul \ufffd inside"),
        ('"pair \\ud83d\\ude00 kept"', "pair \U0001f600 kept"),
    ],
    ids=["lone-high-surrogate", "lone-low-surrogate", "nul", "real-pair"],
)
def test_unstorable_characters_in_err_msg_are_replaced_and_the_whole_batch_stored(
    client, escaped, kept
):
    response = raw_push(client, escaped)

    assert response.status_code == 200
    assert response.json()["code"] == 0
    assert SmsReceipt.objects.get(biz_id="900101234567890^0").err_msg == "ok"
    assert SmsReceipt.objects.get(biz_id="b2").err_msg == kept


def test_invalid_utf8_inside_one_err_msg_is_replaced_not_fatal(client):
    body = json.dumps([receipt(), receipt(biz_id="b2", err_msg="XX")], ensure_ascii=False)
    raw = body.encode().replace(b"XX", b"bad \xff\xed\xa0\x80 bytes")

    response = push(client, raw)

    assert response.json()["code"] == 0
    assert SmsReceipt.objects.get(biz_id="b2").err_msg.startswith("bad \ufffd")
    assert "\ud800" not in SmsReceipt.objects.get(biz_id="b2").err_msg


def realistic_batch(count: int) -> bytes:
    """``count`` receipts, pretty-printed with Chinese text, as a large real push looks."""
    batch = [
        receipt(
            phone_number=f"138{n:08d}",
            biz_id=f"{900619746936498440 + n}^0",
            success=n % 10 != 0,
            err_code="DELIVERED" if n % 10 else "MK:0001",
            err_msg="用户接收成功" if n % 10 else "终端用户无法接收短信，请稍后重试",
            out_id=f"order-{n:012d}",
        )
        for n in range(count)
    ]
    return json.dumps(batch, indent=4, ensure_ascii=False).encode()


def test_a_realistic_batch_of_ten_thousand_receipts_is_stored(client):
    body = realistic_batch(10_000)
    assert len(body) > 2_621_440  # above Django's default upload limit

    response = push(client, body)

    assert response.status_code == 200
    assert response.json()["code"] == 0
    assert SmsReceipt.objects.count() == 10_000
    assert SmsReceipt.objects.filter(success=False).count() == 1_000


def test_a_body_over_sixteen_megabytes_is_refused_with_413(client):
    body = b"[" + b" " * (16 * 1024 * 1024) + b"]"

    response = push(client, body)

    assert response.status_code == 413
    assert response.json()["code"] != 0
    assert not SmsReceipt.objects.exists()


def test_a_storage_failure_answers_5xx_so_alibaba_pushes_again(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SmsReceipt.objects, "bulk_create", broken)

    response = push(client, [receipt()])

    assert response.status_code == 503
    assert response.json()["code"] != 0
    monkeypatch.undo()
    assert not SmsReceipt.objects.exists()


def test_a_failure_half_way_stores_nothing(client, monkeypatch):
    def broken(*, receipts, account):
        raise DatabaseError("lock timeout")

    monkeypatch.setattr("rates.services.records_apply_receipts", broken)

    response = push(client, [receipt()])

    assert response.status_code == 503
    assert not SmsReceipt.objects.exists()


@pytest.mark.parametrize("url", ["/receipts/wrong/", f"/receipts/{TOKEN}x/", "/receipts/s3cret/"])
def test_a_wrong_token_answers_404_and_stores_nothing(client, url):
    response = push(client, [receipt()], url=url)

    assert response.status_code == 404
    assert not SmsReceipt.objects.exists()


def test_the_endpoint_is_off_when_no_token_is_set(client, settings):
    settings.SMS_REPORT_TOKEN = ""

    assert push(client, [receipt()]).status_code == 404
    assert push(client, [receipt()], url="/receipts/x/").status_code == 404
    assert not SmsReceipt.objects.exists()


def test_only_post_is_accepted(client):
    assert client.get(URL).status_code == 405
    assert client.get("/receipts/wrong/").status_code == 404  # no hint the endpoint exists


def test_the_url_without_trailing_slash_works_too(client):
    response = push(client, [receipt()], url=URL.rstrip("/"))

    assert response.status_code == 200


def test_the_token_never_reaches_the_logs(client, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    push(client, [receipt()])
    push(client, "not json")
    push(client, [receipt()], url=f"/receipts/{TOKEN}-wrong/")
    monkeypatch.setattr(
        SmsReceipt.objects, "bulk_create", lambda *a, **k: (_ for _ in ()).throw(DatabaseError())
    )
    push(client, [receipt(biz_id="new")])

    assert caplog.records  # the failures were logged...
    assert TOKEN not in caplog.text  # ...without the token


def test_access_log_lines_have_the_token_redacted():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"POST {URL} HTTP/1.1", 200, 2),
        None,
    )

    RedactReceiptToken().filter(record)

    assert TOKEN not in record.getMessage()
    assert "/receipts/[redacted]/" in record.getMessage()


def test_gunicorn_access_log_has_the_token_redacted():
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    from core.gunicorn_logger import TokenRedactingLogger

    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": URL,
        "PATH_INFO": URL,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": "",
    }
    response = SimpleNamespace(status="200 OK", sent=22, headers=[])
    request = SimpleNamespace(headers=[])

    atoms = TokenRedactingLogger(Config()).atoms(response, request, environ, timedelta(0))

    assert TOKEN not in atoms["r"]
    assert atoms["U"] == "/receipts/[redacted]/"
