"""Keyboard and accessibility in Chromium: the skip link, selects that wait for their button
(WCAG 3.2.2), the same without JavaScript, and no accessibility violation on our pages (search
with results, of one number and of several, record, stats, login, audit trail) at 1280 and
390 px wide, in Chinese and English.

The rules are checked by ``a11y_checks.js`` (the axe-core rules our pages can break, written
small: axe-core itself is not vendored). With ``AXE_CORE_JS`` naming a copy of axe.min.js,
axe-core runs on every page as well and must find no violation either.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from support.sandbox import sandbox_client
from support.statistics import RECEIPT_TOKEN, receipt
from support.users import user_with_role

from access.roles import AUDITOR, MANAGER, SUPPORT
from deliveries.models import SmsRecord, Status
from dysms_sandbox import reserved

CHROMIUM = "/usr/bin/chromium"
CHECKS = (Path(__file__).parent / "a11y_checks.js").read_text()
AXE = os.environ.get("AXE_CORE_JS", "")
WIDTHS = (1280, 390)
LANGUAGES = ("zh-hans", "en")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not shutil.which(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip(f"Chromium is not installed at {CHROMIUM}", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def session(django_user_model, install_client, yesterday, settings) -> str:
    """A logged-in lead who may open every page, after one search (records, audit entries) and
    a push of receipts (the stats page's breakdowns, latency and costs, sortable)."""
    install_client(sandbox_client()[0])
    settings.SMS_REPORT_TOKEN = RECEIPT_TOKEN
    pushed = [
        receipt(
            biz_id=f"{n}^0",
            phone_number=phone,
            send_time=f"{yesterday} 09:00:00",
            report_time=f"{yesterday} 09:00:{n:02d}",
            success=n % 3 > 0,
            err_code="DELIVERED" if n % 3 else "MOBILE_IN_BLACK",
        )
        for n, phone in enumerate(["13800138000", "18912345678", "15612345678"] * 3)
    ]
    Client().post(
        f"/receipts/{RECEIPT_TOKEN}/", data=json.dumps(pushed), content_type="application/json"
    )
    client = Client()
    roles = (SUPPORT, MANAGER, AUDITOR)
    client.force_login(user_with_role(django_user_model, "lead", *roles))
    client.get("/", {"phone": reserved.ONE_PAGE, "date": yesterday.isoformat()})
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are fine.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def open_tab(browser, base: str, *, session: str = "", language="en", width=1280, script=True):
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 700 else 900},
        java_script_enabled=script,
    )
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
    if session:
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base})
    context.add_cookies(cookies)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    return tab


def violations(tab) -> list[str]:
    found = [f"{v['rule']} {v['where']} {v['detail']}".strip() for v in tab.evaluate(CHECKS)]
    if AXE:
        tab.add_script_tag(path=AXE)
        answer = tab.evaluate("async () => (await axe.run(document)).violations")
        found += [f"axe {v['id']} {[n['target'] for n in v['nodes']]}" for v in answer]
    return found


def test_no_accessibility_violation_on_our_pages(live_server, browser, session, yesterday):
    record = SmsRecord.objects.filter(status=Status.FAILED).first()
    pages = {
        "search": f"/?phone={reserved.ONE_PAGE}&date={yesterday}",
        "several numbers": f"/?phone={reserved.ONE_PAGE},{reserved.ALL_DELIVERED}&date={yesterday}",
        "record": f"/records/{record.pk}/",
        "stats": "/stats/",
        "audit trail": "/audit/",
        "login": "/accounts/login/",
    }
    found = []
    for language in LANGUAGES:
        for width in WIDTHS:
            tab = open_tab(
                browser, live_server.url, session=session, language=language, width=width
            )
            for name, path in pages.items():
                if name == "login":
                    tab.context.clear_cookies()
                response = tab.goto(live_server.url + path)
                assert response.status == 200, (name, response.status)
                found += [f"{name} {language} {width}px: {v}" for v in violations(tab)]
            tab.context.close()
    assert found == []


def test_the_first_tab_is_a_skip_link_to_the_first_record(live_server, browser, session, yesterday):
    tab = open_tab(browser, live_server.url, session=session)
    tab.goto(f"{live_server.url}/?phone={reserved.ONE_PAGE}&date={yesterday}")

    tab.keyboard.press("Tab")
    skip = tab.locator("#skip-link")
    assert tab.evaluate("document.activeElement.id") == "skip-link"
    assert skip.inner_text() == "Skip to the records"
    assert skip.bounding_box()["y"] >= 0  # shown while it has the focus
    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")

    first_record = tab.locator("#records tbody tr").first.locator("a").first
    assert first_record.evaluate("link => link === document.activeElement")


def test_every_page_starts_with_a_skip_link_to_its_content(live_server, browser, session):
    tab = open_tab(browser, live_server.url, session=session)
    # The empty search form and the login start in their first field (autofocus): their skip
    # link is one Shift+Tab back; the other pages' is the first Tab.
    for path, target in (("/stats/", "main"), ("/audit/", "trail")):
        tab.goto(live_server.url + path)
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.id") == "skip-link", path
        assert tab.locator("#skip-link").get_attribute("href") == f"#{target}"


def watch_submits(tab, form: str) -> None:
    """Record (and stop) any submit of ``form``: an arrow key must not cause one."""
    tab.evaluate(
        """(selector) => document.querySelector(selector).addEventListener("submit", (event) => {
          window.submitted = (window.submitted || 0) + 1; event.preventDefault(); })""",
        form,
    )


def test_arrow_keys_in_the_rows_per_page_select_change_nothing_until_search(
    live_server, browser, session, yesterday
):
    tab = open_tab(browser, live_server.url, session=session)
    tab.goto(f"{live_server.url}/?phone={reserved.ONE_PAGE}&date={yesterday}")
    watch_submits(tab, "#search-form")

    tab.focus("#id_per_page")
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("ArrowDown")

    assert tab.evaluate("window.submitted || 0") == 0
    chosen = tab.input_value("#id_per_page")
    tab.reload()  # the watcher goes; the Search button applies the choice
    tab.select_option("#id_per_page", chosen)
    tab.click("#search-form button[type=submit]")
    tab.wait_for_url(re.compile(rf"per_page={chosen}"))


def test_arrow_keys_in_the_language_select_change_nothing_until_switch(
    live_server, browser, session
):
    tab = open_tab(browser, live_server.url, session=session, language="zh-hans")
    tab.goto(f"{live_server.url}/")
    watch_submits(tab, "#language")

    tab.focus("#language-select")
    tab.keyboard.press("ArrowDown")

    assert tab.evaluate("window.submitted || 0") == 0
    assert tab.get_attribute("html", "lang") == "zh-hans"


@pytest.mark.parametrize("script", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_the_page_size_and_the_language_apply_with_their_buttons(
    live_server, browser, session, yesterday, script
):
    tab = open_tab(browser, live_server.url, session=session, language="zh-hans", script=script)
    tab.goto(f"{live_server.url}/?phone={reserved.ONE_PAGE}&date={yesterday}")

    tab.select_option("#id_per_page", "10")
    tab.click("#search-form button[type=submit]")
    tab.wait_for_url(re.compile(r"per_page=10"))
    assert tab.locator("#records tbody tr").count() == 10

    tab.select_option("#language-select", "en")
    tab.click("#language button[type=submit]")
    tab.wait_for_load_state()
    assert tab.get_attribute("html", "lang") == "en"
    assert "per_page=10" in tab.url  # back to the same search


def test_the_audit_trail_fits_a_phone(live_server, browser, session):
    tab = open_tab(browser, live_server.url, session=session, language="zh-hans", width=390)
    tab.goto(f"{live_server.url}/audit/")

    assert tab.locator(".trail-entry").count() >= 1
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
