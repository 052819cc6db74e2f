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
