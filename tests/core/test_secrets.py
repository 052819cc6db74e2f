"""Secrets stay secret: with a known AccessKey secret, receipt token, metrics token and Django
SECRET_KEY configured, every page and error path is driven and neither the responses nor the
log show one."""

from __future__ import annotations

import json
import logging

import pytest
from support.sandbox import days_ago, no_sleep
from support.statistics import install_statistics, receipt, steady_days
from support.stored import PHONE, stored_day
from support.users import user_with_role

from access.roles import MANAGER, SUPPORT
from core import clients
from core.circuit import GuardedClient
from dysms_sandbox import Sandbox, SandboxAdapter, reserved

pytestmark = pytest.mark.django_db

ENDPOINT = "http://dysms.secrets-test.invalid"
KEY_ID = "LTAI5tSecretsTestKeyId01"
ACCESS_SECRET = "AkS3cr3t-" + "Zq7Wm2" * 4
REPORT_TOKEN = "rPt0ken-" + "Hx4Kd9" * 4
DJANGO_SECRET = "dJ-s3cret-" + "Vb8Nc3" * 8
METRICS_SECRET = "mTr-s3cret-" + "Jd5Rw8" * 4
SECRETS = (ACCESS_SECRET, REPORT_TOKEN, DJANGO_SECRET, METRICS_SECRET)


@pytest.fixture
def configured(settings, install_client, monkeypatch):
    """The real client as settings build it, with our secret, talking to a sandbox that knows it."""
    settings.DYSMS_ENDPOINT = ENDPOINT
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = KEY_ID
    settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = ACCESS_SECRET
    settings.SMS_REPORT_TOKEN = REPORT_TOKEN
    settings.SECRET_KEY = DJANGO_SECRET
    settings.METRICS_TOKEN = METRICS_SECRET
    settings.DYSMS_MAX_RETRIES = 0
    client = clients.build_client()
    sandbox = Sandbox(sleep=no_sleep, accounts={KEY_ID: ACCESS_SECRET})
    client.session.mount(ENDPOINT, SandboxAdapter(sandbox))
    install_client(GuardedClient(client))
    install_statistics(monkeypatch, steady_days((10, 9, 1, 0)))


def test_no_secret_in_any_page_export_error_or_log_line(
    client, django_user_model, configured, caplog
):
    caplog.set_level(logging.DEBUG)
    answers = []
    day = days_ago(1).isoformat()

    answers.append(client.post("/accounts/login/", {"username": "x", "password": ACCESS_SECRET}))
    user = user_with_role(
        django_user_model, "everyone", SUPPORT, MANAGER, is_staff=True, is_superuser=True
    )
    client.force_login(user)
    for phone in [*reserved.RESERVED_NUMBERS, PHONE]:
        answers.append(client.get("/", {"phone": phone, "date": day}))
    answers.append(client.post("/", {"phone": reserved.HUNDREDS, "date": day}))  # Refresh
    records = stored_day(days_ago=3)
    answers += [
        client.get("/", {"phone": PHONE, "date": records[0].send_day.isoformat()}),
        client.get(f"/records/{records[0].pk}/"),
        client.post(f"/records/{records[0].pk}/reveal/"),
        client.get("/", {"phone": reserved.HUNDREDS, "date": day, "_export": "csv"}),
        client.get("/", {"phone": reserved.HUNDREDS, "date": day, "_export": "xlsx"}),
        client.get("/stats/"),
        client.get("/stats/", {"_export": "csv"}),
        client.get("/stats/", {"date": "not a day"}),
        # No receipt has come yet: the page says which URL to paste, for a superuser too.
        client.get("/sends/"),
        client.get("/sends/", {"_export": "csv"}),
        client.get("/sends/", {"since": "not a time"}),
        client.get("/healthz"),
        client.get("/no/such/page/"),
        client.get("/records/999999/"),
        client.get("/admin/access/auditentry/"),
        client.get("/admin/deliveries/fetch/"),
    ]
    client.logout()
    push = f"/receipts/{REPORT_TOKEN}/"
    answers += [
        client.post(push, json.dumps([receipt()]), content_type="application/json"),
        client.post(push, "not json", content_type="application/json"),
        client.post(push, json.dumps([{"phone_number": "x"}]), content_type="application/json"),
        client.get(push),
        client.post("/receipts/wrong-token/", "[]", content_type="application/json"),
        client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_SECRET}"}),
        client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_SECRET}x"}),
    ]

    statuses = {response.status_code for response in answers}
    assert {200, 400, 404, 405} <= statuses  # the error paths were really taken
    assert any(record.levelno >= logging.WARNING for record in caplog.records)
    for response in answers:
        body = response.content.decode("utf-8", "replace") + str(response.headers)
        for secret in SECRETS:
            assert secret not in body, (response.status_code, secret)
    log_text = "\n".join(
        f"{record.getMessage()} {record.exc_text or ''} {record.args!r}"
        for record in caplog.records
    )
    for secret in SECRETS:
        assert secret not in log_text
        assert secret not in caplog.text


def test_a_wrong_secret_fails_upstream_without_showing_either_secret(
    client, django_user_model, configured, settings, install_client, caplog
):
    caplog.set_level(logging.DEBUG)
    client.force_login(user_with_role(django_user_model, "agent", SUPPORT))
    wrong = clients.build_client()
    sandbox = Sandbox(sleep=no_sleep, accounts={KEY_ID: "AnotherSecret" * 3})
    wrong.session.mount(ENDPOINT, SandboxAdapter(sandbox))
    install_client(GuardedClient(wrong))

    response = client.get("/", {"phone": PHONE, "date": days_ago(1).isoformat()})

    html = response.content.decode()
    assert "AnotherSecret" not in html and ACCESS_SECRET not in html
    assert ACCESS_SECRET not in caplog.text and "AnotherSecret" not in caplog.text
