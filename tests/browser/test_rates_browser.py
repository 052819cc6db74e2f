"""The delivery-rates page in Chromium: change the period, the chart and the table follow."""

import os
import shutil
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from support.statistics import install_statistics
from support.users import user_with_role

from access.roles import MANAGER

CHROMIUM = "/usr/bin/chromium"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not shutil.which(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip(f"Chromium is not installed at {CHROMIUM}", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def sixty_days_statistics(monkeypatch):
    """The fake statistics client for 60 days, every day's counts different (the chart moves)."""
    today = timezone.localdate()
    return install_statistics(
        monkeypatch, {today - timedelta(days=n): (200 + n, 180 - n, 10, 10 + n) for n in range(60)}
    )


@pytest.fixture
def page(live_server, django_user_model, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are fine.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    client = Client()
    client.force_login(user_with_role(django_user_model, "manager", MANAGER))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context()
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        yield tab
        browser.close()


def chart_labels(tab) -> list[str]:
    return tab.locator("#counts-chart .axis.x text").all_text_contents()


def test_changing_the_period_changes_chart_and_table(live_server, sixty_days_statistics, page):
    today = timezone.localdate()
    page.goto(f"{live_server.url}/stats/")

    rows = page.locator("table.rates-daily tbody tr")
    assert rows.count() == 7
    assert len(chart_labels(page)) == 7
    first_total = page.locator("#totals dd").first.inner_text()

    start = today - timedelta(days=13)
    page.fill("#id_date", start.isoformat())
    page.click("#rates-form button[type=submit]")
    page.wait_for_url(f"**date={start.isoformat()}**")

    assert rows.count() == 14
    assert len(chart_labels(page)) == 14
    assert chart_labels(page)[0] == start.strftime("%m-%d")
    assert rows.first.locator("td").first.inner_text() == start.isoformat()
    assert page.locator("#totals dd").first.inner_text() != first_total


def test_clicking_a_bar_shows_that_day(live_server, sixty_days_statistics, page):
    page.goto(f"{live_server.url}/stats/")

    page.locator("#counts-chart a").first.click()

    page.wait_for_selector("#selected-day")
    first_day = (timezone.localdate() - timedelta(days=6)).isoformat()
    assert first_day in page.locator("#selected-day h2").inner_text()
    assert page.locator(f"#day-{first_day}.selected").count() == 1


def test_a_breakdown_sorts_by_a_column_with_the_mouse_or_the_keyboard(
    live_server, sixty_days_statistics, page, settings
):
    import json

    from support.statistics import RECEIPT_TOKEN, receipt

    settings.SMS_REPORT_TOKEN = RECEIPT_TOKEN
    yesterday = timezone.localdate() - timedelta(days=1)
    # China Mobile: 3 receipts, all delivered; China Telecom: 1, failed.
    pushed = [
        receipt(
            biz_id=f"{n}^0",
            phone_number=phone,
            send_time=f"{yesterday} 09:00:00",
            report_time=f"{yesterday} 09:00:05",
            success=phone[1] == "3",
            err_code="DELIVERED" if phone[1] == "3" else "MOBILE_IN_BLACK",
        )
        for n, phone in enumerate(["13800138000", "13800138001", "13800138002", "18912345678"])
    ]
    Client().post(
        f"/receipts/{RECEIPT_TOKEN}/", data=json.dumps(pushed), content_type="application/json"
    )
    page.goto(f"{live_server.url}/stats/")
    carriers = page.locator("#carriers tbody tr td:first-child")
    assert carriers.all_text_contents() == ["China Mobile", "China Telecom"]  # most first

    rate = page.locator("#carriers thead th", has_text="Delivery rate")
    rate.locator("button").click()  # a first press sorts highest first
    assert rate.get_attribute("aria-sort") == "descending"
    assert carriers.all_text_contents() == ["China Mobile", "China Telecom"]
    rate.locator("button").focus()
    page.keyboard.press("Enter")
    assert rate.get_attribute("aria-sort") == "ascending"
    assert carriers.all_text_contents() == ["China Telecom", "China Mobile"]
