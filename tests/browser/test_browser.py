"""The search page in a real browser: log in, search, coloured badges, page 2 and back.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright against pytest-django's
live server. Without Chromium the test is skipped, unless CI is set: there it must run.
The pictures in docs/ come from ``make screenshots`` (docs/screenshots.py), not from here.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from support.sandbox import sandbox_client, sent

from access.roles import SUPPORT, ensure_roles
from dysms.values import CHINA_TZ, SendStatus
from dysms_sandbox import reserved

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
USERNAME, PASSWORD = "browser-agent", "browser-agent-password-1"
# The badge colours of static/css/app.css, as the browser computes them.
GREEN, RED, AMBER = "rgb(30, 126, 52)", "rgb(198, 40, 40)", "rgb(240, 173, 0)"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not os.path.exists(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip(
        f"Chromium is not installed at {CHROMIUM} (apt-get install chromium); "
        "set CI=1 to make this a failure instead of a skip",
        allow_module_level=True,
    )

from playwright.sync_api import expect, sync_playwright  # noqa: E402


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls
    # from such a thread unless told that this is fine (the ORM calls here are synchronous).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        yield page
        browser.close()


@pytest.fixture
def agent_account(django_user_model):
    ensure_roles()  # live_server's flush after the previous test removed the migration's groups
    user = django_user_model.objects.create_user(username=USERNAME, password=PASSWORD)
    user.groups.set(Group.objects.filter(name=SUPPORT))


FAILED = SendStatus.FAILED


def now() -> datetime:
    return datetime.now(CHINA_TZ)


def badge_colour(page, status: str) -> str:
    badge = page.locator(f"#records .badge.status-{status}").first
    return badge.evaluate("element => getComputedStyle(element).backgroundColor")


def log_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.click(".login button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def test_log_in_search_see_coloured_badges_page_two_and_back(
    live_server, browser_page, agent_account, install_client, yesterday
):
    install_client(sandbox_client()[0])
    # 75 sends yesterday, eight pages of 10; the newest ten hold one failure.
    phone = reserved.TWO_PAGES
    page = browser_page
    log_in(page, live_server.url)
    expect(page.locator("#backend")).to_have_text("Sandbox")

    page.fill("#id_phone", f"{phone[:3]} {phone[3:7]} {phone[7:]}")  # as agents type it
    page.fill("#id_date", yesterday.isoformat())
    page.press("#id_phone", "Enter")
    page.wait_for_url(re.compile(r"phone=1"))
    page.select_option("#id_per_page", "10")  # applies with the Search button (WCAG 3.2.2)
    page.click("#search-form button[type=submit]")
    page.wait_for_url(re.compile(r"per_page=10"))

    rows = page.locator("#records tbody tr")
    expect(rows).to_have_count(10)
    expect(page.locator(".page-of")).to_contain_text("Page 1 of 8")
    first_row_page_1 = rows.first.inner_text()
    assert badge_colour(page, "delivered") == GREEN
    assert badge_colour(page, "failed") == RED
    expect(page.locator("#records .badge.status-delivered").first).to_have_text("Delivered")

    page.click(".pagination a >> text='2'")
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.locator(".page-of")).to_contain_text("Page 2 of")
    expect(rows).to_have_count(10)
    assert rows.first.inner_text() != first_row_page_1

    page.click(".pagination li.previous a")
    page.wait_for_url(re.compile(r"page=1"))
    expect(page.locator(".page-of")).to_contain_text("Page 1 of")
    assert rows.first.inner_text() == first_row_page_1


def test_failed_and_waiting_badges_are_red_and_amber(
    live_server, browser_page, agent_account, install_client, yesterday
):
    install_client(sandbox_client()[0])
    page = browser_page
    log_in(page, live_server.url)

    page.goto(f"{live_server.url}/?phone={reserved.DEAD_NUMBER}&date={yesterday}")
    expect(page.locator("#records tbody tr")).to_have_count(6)
    assert badge_colour(page, "failed") == RED
    expect(page.locator("#records .badge.status-failed").first).to_have_text("Failed")

    page.goto(f"{live_server.url}/?phone={reserved.STILL_WAITING}")  # today's latest waits
    assert badge_colour(page, "waiting") == AMBER
    expect(page.locator("#records .badge.status-waiting").first).to_have_text("Waiting")


def test_a_seven_day_range_filtered_to_failed_opens_a_record_with_its_explanation(
    live_server, browser_page, agent_account, install_client, today
):
    install_client(sandbox_client()[0])
    phone = reserved.ONE_PAGE  # 4 failed sends on every day
    page = browser_page
    log_in(page, live_server.url)

    page.fill("#id_phone", phone)
    page.fill("#id_date", (today - timedelta(days=6)).isoformat())
    page.fill("#id_date_to", today.isoformat())
    page.select_option("#id_status", "failed")
    page.press("#id_phone", "Enter")
    page.wait_for_url(re.compile(r"status=failed"))

    expect(page.locator("#summary-title")).to_contain_text(
        f"{today - timedelta(days=6)} to {today}"
    )
    badges = page.locator("#records tbody .badge")
    week = [today - timedelta(days=n) for n in range(7)]
    failed = [m for day in week for m in sent(phone, day) if m.status_at(now()) == FAILED]
    assert len(failed) >= 6 * 4  # four on each of the six whole days, and today's so far
    expect(page.locator("#count-failed")).to_have_text(str(len(failed)))
    assert set(badges.all_inner_texts()) == {"Failed"}
    expect(page.locator("#records tbody td.explanation a.meaning-link").first).to_be_visible()
    expect(page.locator("#legend .meaning").first).to_be_visible()

    page.locator("#records tbody td.time a").first.click()
    page.wait_for_url(re.compile(r"/records/\d+/$"))
    expect(page.locator("#explanation .meaning")).not_to_be_empty()
    expect(page.locator("#explanation .next-step")).not_to_be_empty()
    expect(page.locator("#escalation-summary")).to_contain_text(f"Phone number: {phone}")


def test_an_open_circuit_counts_down_and_tries_again_by_itself(
    live_server, browser_page, agent_account, install_client, settings, pinned_clock, yesterday
):
    settings.CIRCUIT_FAILURES = 1
    settings.CIRCUIT_COOLDOWN_SECONDS = 2  # a short cool-down keeps the test short
    guarded = install_client(sandbox_client()[0])
    page = browser_page
    log_in(page, live_server.url)
    guarded.breaker.record_failure()  # one outage too many: the circuit is open for 2 s

    page.goto(f"{live_server.url}/?phone={reserved.ONE_PAGE}&date={yesterday}")
    countdown = page.locator("#problem [data-countdown]")
    expect(countdown).to_have_text("2")
    expect(page.locator("#records")).to_have_count(0)
    expect(countdown).to_have_text("1")  # live, without a reload
    pinned_clock.shift(2)  # the server's clock (frozen for the test) lives the same two seconds

    expect(page.locator("#records tbody tr")).to_have_count(20)  # it tried again by itself
    expect(page.locator("#problem")).to_have_count(0)


def test_try_again_now_works_from_the_keyboard(
    live_server, browser_page, agent_account, install_client, yesterday
):
    install_client(sandbox_client(accounts={"LTAI5tSomebodyElse0000000": "x" * 30})[0])
    page = browser_page
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/?phone={reserved.ONE_PAGE}&date={yesterday}")
    expect(page.locator("#problem")).to_contain_text("The AccessKey is not valid")
    install_client(sandbox_client()[0])  # an administrator fixed the configuration

    page.focus("#try-again")
    page.keyboard.press("Enter")

    expect(page.locator("#records tbody tr")).to_have_count(20)
    expect(page.locator("#problem")).to_have_count(0)
    assert f"date={yesterday}" in page.url
