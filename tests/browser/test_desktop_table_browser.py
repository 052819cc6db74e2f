"""The results table on a desktop, 1280 x 800 (issue 15, point 3): at least 12 records on one
screen with every column readable, error codes never broken across lines, failures explained
once in the legend above the table, and Refresh styled as the secondary action it is."""

from __future__ import annotations

import os
import shutil

import pytest
from support.browser import logged_in_tab
from support.sandbox import sandbox_client
from support.users import user_with_role

from access.roles import SUPPORT
from dysms_sandbox import reserved

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not shutil.which(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip(f"Chromium is not installed at {CHROMIUM}", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

# How many rows end above the bottom of the window once the table's header is at its top.
ROWS_ON_SCREEN = """() => {
  document.querySelector('#records thead').scrollIntoView();
  const rows = [...document.querySelectorAll('#record-rows tr')];
  return rows.filter(row => row.getBoundingClientRect().bottom <= innerHeight).length;
}"""
# The cells whose text runs over more than one line.
WRAPPED = """cells => cells.filter(cell => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
  return tops.size > 1;
}).map(cell => cell.textContent)"""


@pytest.fixture(params=["en", "zh-CN"])
def desktop(request, live_server, django_user_model, monkeypatch):
    """A logged-in Support tab 1280 x 800, in English and in Chinese."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    user = user_with_role(django_user_model, "agent", SUPPORT)
    size = {"width": 1280, "height": 800}
    with logged_in_tab(sync_api, live_server.url, user, **size, locale=request.param) as tab:
        yield tab


def test_a_screen_shows_twelve_records_with_codes_whole(
    live_server, desktop, install_client, yesterday
):
    install_client(sandbox_client()[0])

    # The busy number: 420 sends a day, a few failed with long codes among them.
    desktop.goto(f"{live_server.url}/?phone={reserved.HUNDREDS}&date={yesterday}")

    sync_api.expect(desktop.locator("#record-rows tr").first).to_be_visible()
    assert desktop.evaluate(ROWS_ON_SCREEN) >= 12
    assert desktop.evaluate("document.documentElement.scrollWidth") <= 1280
    codes = desktop.locator("#record-rows td.err-code")  # the template cell has its name below
    assert codes.count() >= 50
    assert codes.evaluate_all(WRAPPED) == []


def test_a_failing_day_explains_each_code_once_above_the_rows(
    live_server, desktop, install_client, yesterday
):
    install_client(sandbox_client()[0])

    # Six failures a day with three codes: three legend entries, six rows linking to them.
    desktop.goto(f"{live_server.url}/?phone={reserved.DEAD_NUMBER}&date={yesterday}")

    entries = desktop.locator("#legend dl > div")
    sync_api.expect(entries).to_have_count(3)
    links = desktop.locator("#record-rows td.explanation a.meaning-link")
    sync_api.expect(links).to_have_count(6)
    legend_box = desktop.locator("#legend").bounding_box()
    table_box = desktop.locator("#records").bounding_box()
    assert legend_box["y"] + legend_box["height"] <= table_box["y"]
    links.first.press("Enter")  # the keyboard follows a row's link to its code's entry
    target = links.first.get_attribute("href")
    assert desktop.evaluate("location.hash") == target
    sync_api.expect(desktop.locator(f"{target} .meaning")).to_be_in_viewport()


def test_refresh_is_a_secondary_action_beside_the_filled_search_button(
    live_server, desktop, install_client, yesterday
):
    install_client(sandbox_client()[0])

    desktop.goto(f"{live_server.url}/?phone={reserved.ONE_PAGE}&date={yesterday}")

    background = "button => getComputedStyle(button).backgroundColor"
    search = desktop.locator("form.search-form button[type=submit]").first.evaluate(background)
    refresh = desktop.locator("#refresh").evaluate(background)
    assert refresh == "rgb(255, 255, 255)"
    assert search != refresh
