"""A long first search says how far it has come, in a real browser (issue 15, point 14)."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from support.sandbox import CountingAdapter, sandbox_client

from tests.browser.test_browser import agent_account, browser_page, log_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every button text the page shows, as the page's own script changes it.
WATCH_BUTTON = """document.addEventListener('DOMContentLoaded', () => {
  const button = document.querySelector('#search-form button[type=submit]');
  if (!button) return;
  new MutationObserver(() => console.log('button: ' + button.textContent))
    .observe(button, {childList: true, characterData: true, subtree: true});
});"""


def slow(sandbox):
    """Every call answered after a quarter of a second, as a distant endpoint would."""
    return CountingAdapter(sandbox, lambda call: time.sleep(0.25))


@pytest.mark.usefixtures("agent_account")
def test_a_months_first_search_counts_its_days(
    live_server,
    browser_page,  # noqa: F811 (the fixture of test_browser, imported above)
    install_client,
    settings,
    today,
):
    """A month searched for the first time: the button counts the days as they come in."""
    settings.RECORDS_DAYS_CONCURRENCY = 3  # 30 days in ten rounds of calls: a few seconds
    install_client(sandbox_client(adapter_factory=slow)[0])
    page = browser_page
    said: list[str] = []
    page.on("console", lambda message: said.append(message.text))
    page.add_init_script(WATCH_BUTTON)
    log_in(page, live_server.url)

    page.fill("#id_phone", "13700001111")
    page.fill("#id_date", (today - timedelta(days=29)).isoformat())
    page.fill("#id_date_to", today.isoformat())
    page.click("#search-form button[type=submit]")
    page.wait_for_url(re.compile(r"date_to="))

    counted = [
        int(found.group(1))
        for text in said
        if (found := re.fullmatch(r"button: Fetched (\d+) of 30 days from Alibaba Cloud…", text))
    ]
    assert [done for done in counted if 0 < done < 30], said  # seen on the way, not only at the end
    assert counted == sorted(counted)
