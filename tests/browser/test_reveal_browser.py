"""Reveal in place, in a real browser (issue 15, point 5): the one-time code appears in its row,
and the search (its days, its filters) stays where it was."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from support.sandbox import sandbox_client
from support.stored import CODE, PHONE, stored_day

from access.models import Action, AuditEntry
from tests.browser.test_browser import agent_account, browser_page, log_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("agent_account")
def test_reveal_shows_the_code_in_its_row_and_keeps_the_search(
    live_server,
    browser_page,  # noqa: F811 (the fixture of test_browser, imported above)
    install_client,
):
    install_client(sandbox_client()[0])
    records = stored_day()
    day = records[0].send_day
    page = browser_page
    log_in(page, live_server.url)
    search = f"{live_server.url}/?phone={PHONE}&date={day}&q=%E9%AA%8C%E8%AF%81%E7%A0%81"
    page.goto(search)
    row = page.locator("#records tbody tr", has=page.locator("form.reveal"))
    expect(row).to_have_count(1)
    assert CODE not in row.inner_text()

    row.locator("form.reveal button").click()

    expect(page.locator("#records tbody td.content.revealed")).to_contain_text(CODE)
    assert page.url == search  # still the search, with its filter
    assert re.search(r"q=", page.url)
    assert AuditEntry.objects.filter(action=Action.REVEAL).count() == 1
