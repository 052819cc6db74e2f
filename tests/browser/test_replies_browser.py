"""A customer's reply, pushed as Alibaba Cloud pushes it, in the number's timeline in Chromium
(issue 15, point 12)."""

from __future__ import annotations

import json
import re
from datetime import datetime, time

import pytest
from django.test import Client
from playwright.sync_api import expect
from support.sandbox import sandbox_client
from support.statistics import RECEIPT_TOKEN, reply

from deliveries.models import SmsRecord
from dysms.values import CHINA_TZ
from dysms_sandbox import reserved
from tests.browser.test_browser import agent_account, browser_page, log_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("agent_account")
def test_a_pushed_unsubscribe_shows_on_the_search_and_record_pages(
    live_server,
    browser_page,  # noqa: F811 (the fixture of test_browser, imported above)
    install_client,
    settings,
    yesterday,
):
    install_client(sandbox_client()[0])
    settings.SMS_REPORT_TOKEN = RECEIPT_TOKEN
    phone = reserved.ONE_PAGE  # sends every 30 minutes from 08:00 to 17:30
    body = [reply(phone_number=phone, send_time=f"{yesterday} 14:07:00", content="退订")]
    answer = Client().post(
        f"/replies/{RECEIPT_TOKEN}/", json.dumps(body), content_type="application/json"
    )
    assert answer.json() == {"code": 0, "msg": "接收成功"}
    page = browser_page
    log_in(page, live_server.url)

    page.fill("#id_phone", phone)
    page.fill("#id_date", yesterday.isoformat())
    page.press("#id_phone", "Enter")
    page.wait_for_url(re.compile(r"phone=1"))

    line = page.locator("#replies .reply-unsubscribe")
    expect(line).to_contain_text("The customer replied “退订” (unsubscribe) at 14:07")
    expect(page.locator("#records tbody tr").first).to_be_visible()

    # The record of the 14:00 send, in Chinese: the reply seven minutes later is on it.
    sent = datetime.combine(yesterday, time(14, 0), tzinfo=CHINA_TZ)
    record = SmsRecord.objects.get(phone=phone, send_time=sent)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "zh-hans", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/records/{record.pk}/")

    expect(page.locator("#replies h2")).to_have_text("客户回复")
    expect(page.locator("#replies")).to_contain_text(f"客户于 {yesterday} 14:07 回复“退订”（退订）")
