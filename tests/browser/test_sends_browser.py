"""The All sends page in Chromium: at 1280 and 390 px wide, in Chinese and English, no
accessibility violation (``a11y_checks.js``, and axe-core with ``AXE_CORE_JS``); on a phone each
send is a card and nothing scrolls sideways; a number leads to its search of that day."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from support.browser import logged_in_tab
from support.sandbox import sandbox_client
from support.sends import FAILED_CODE, receipt_row, record_for
from support.users import user_with_role

from access.roles import MANAGER, SUPPORT
from dysms.values import CHINA_TZ

CHROMIUM = "/usr/bin/chromium"
CHECKS = (Path(__file__).parent / "a11y_checks.js").read_text()
AXE = os.environ.get("AXE_CORE_JS", "")
PHONE = "13800138000"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not shutil.which(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip(f"Chromium is not installed at {CHROMIUM}", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def sends(settings, monkeypatch):
    """Receipts of the last hours, one failed and matched to a searched record."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.SMS_REPORT_TOKEN = "push-token-1"
    now = timezone.now()
    failed = receipt_row(phone=PHONE, sent=now - timedelta(minutes=3), success=False)
    record_for(failed, template_code="SMS_271935402", content="【云雀科技】您的订单已发货")
    for minute in range(1, 12):
        receipt_row(phone=f"139{minute:08d}", sent=now - timedelta(minutes=10 * minute))
    return failed


def violations(tab) -> list[str]:
    found = [f"{v['rule']} {v['where']} {v['detail']}".strip() for v in tab.evaluate(CHECKS)]
    if AXE:
        tab.add_script_tag(path=AXE)
        answer = tab.evaluate("async () => (await axe.run(document)).violations")
        found += [f"axe {v['id']} {[n['target'] for n in v['nodes']]}" for v in answer]
    return found


@pytest.mark.parametrize("width", [1280, 390])
def test_the_sends_page_reads_well_at_both_widths_in_both_languages(
    live_server, django_user_model, sends, width
):
    user = user_with_role(django_user_model, "lead", SUPPORT, MANAGER)
    found = []
    for locale in ("zh-CN", "en"):
        with logged_in_tab(
            sync_api, live_server.url, user, width=width, height=844, locale=locale
        ) as tab:
            tab.goto(f"{live_server.url}/sends/")
            sync_api.expect(tab.locator("#sends tbody tr").first).to_be_visible()
            found += [f"{locale} {width}px: {v}" for v in violations(tab)]
            assert tab.evaluate("document.documentElement.scrollWidth") <= width
            if locale == "zh-CN":
                assert tab.title().startswith("全部发送")
    assert found == []


def test_on_a_phone_each_send_is_a_card_and_its_number_opens_that_days_search(
    live_server, django_user_model, sends, install_client
):
    install_client(sandbox_client()[0])  # the search the link opens asks the sandbox
    user = user_with_role(django_user_model, "agent", SUPPORT)
    with logged_in_tab(
        sync_api, live_server.url, user, width=390, height=844, locale="zh-CN"
    ) as tab:
        tab.goto(f"{live_server.url}/sends/?status=failed")

        card = tab.locator("#sends tbody tr").first
        assert card.evaluate("row => getComputedStyle(row).display") == "block"
        badge = card.locator(".badge").bounding_box()
        assert badge["x"] >= 0 and badge["x"] + badge["width"] <= 390
        assert FAILED_CODE in card.inner_text()
        assert "SMS_271935402" in card.inner_text()

        card.locator("a", has_text=PHONE).click()
        day = sends.send_time.astimezone(CHINA_TZ).date().isoformat()
        tab.wait_for_url(f"**/?phone={PHONE}&date={day}")
        assert tab.locator("#id_phone").input_value() == PHONE
