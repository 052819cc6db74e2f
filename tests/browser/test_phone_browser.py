"""The pages on a phone, 390 x 844 (issue 15, point 4): below 700 px each record is a card, and
nothing on the search, record and stats pages needs sideways scrolling."""

from __future__ import annotations

import os
import shutil

import pytest
from support.browser import logged_in_tab
from support.sandbox import sandbox_client
from support.users import user_with_role

from access.roles import MANAGER, SUPPORT
from deliveries.models import SmsRecord
from dysms_sandbox import reserved

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not shutil.which(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip(f"Chromium is not installed at {CHROMIUM}", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def phone(live_server, django_user_model, monkeypatch):
    """A logged-in tab 390 pixels wide, of a user who is both Support and Manager."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    user = user_with_role(django_user_model, "agent", SUPPORT, MANAGER)
    size = {"width": 390, "height": 844}
    with logged_in_tab(sync_api, live_server.url, user, **size, locale="zh-CN") as tab:
        yield tab


def page_width(tab) -> int:
    return tab.evaluate("document.documentElement.scrollWidth")


def test_each_record_is_a_card_with_its_status_in_view(
    live_server, phone, install_client, yesterday
):
    install_client(sandbox_client()[0])

    phone.goto(f"{live_server.url}/?phone={reserved.EVERY_STATUS}&date={yesterday}")

    cards = phone.locator("#records tbody tr")
    sync_api.expect(cards.first).to_be_visible()
    assert page_width(phone) <= 390
    assert cards.first.evaluate("row => getComputedStyle(row).display") == "block"
    for badge in phone.locator("#records .badge").all()[:5]:
        box = badge.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    label = phone.locator("#records tbody td.content").first.evaluate(
        "cell => getComputedStyle(cell, '::before').content"
    )
    assert label.strip('"') == "内容"  # each cell says which column it is


def test_the_record_and_stats_pages_need_no_sideways_scrolling(
    live_server, phone, install_client, yesterday
):
    install_client(sandbox_client()[0])
    phone.goto(f"{live_server.url}/?phone={reserved.EVERY_STATUS}&date={yesterday}")
    record = SmsRecord.objects.filter(status=2).first()

    phone.goto(f"{live_server.url}/records/{record.pk}/")
    sync_api.expect(phone.locator("#record-fields")).to_be_visible()
    assert page_width(phone) <= 390

    phone.goto(f"{live_server.url}/stats/")
    sync_api.expect(phone.locator("h1")).to_be_visible()
    assert page_width(phone) <= 390
