"""Several numbers in the browser (issue 15, point 10): lines pasted into the one-line phone
field stay apart, and the page of several numbers fits a phone and works from the keyboard."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from support.browser import logged_in_tab
from support.sandbox import sandbox_client
from support.users import user_with_role

from access.roles import MANAGER, SUPPORT
from dysms_sandbox import reserved

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not shutil.which(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip(f"Chromium is not installed at {CHROMIUM}", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

NUMBERS = (reserved.EVERY_STATUS, reserved.ALL_DELIVERED)


def tab_of(live_server, django_user_model, width: int, *roles):
    user = user_with_role(django_user_model, "agent", *roles)
    size = {"width": width, "height": 844 if width < 700 else 900}
    return logged_in_tab(sync_api, live_server.url, user, **size, locale="en-US")


def paste(tab, selector: str, text: str) -> None:
    """A paste as the browser delivers it: a ``paste`` event carrying the clipboard's text."""
    tab.focus(selector)
    tab.evaluate(
        """([selector, text]) => {
          const data = new DataTransfer();
          data.setData("text/plain", text);
          const options = { clipboardData: data, bubbles: true, cancelable: true };
          const event = new ClipboardEvent("paste", options);
          document.querySelector(selector).dispatchEvent(event);
        }""",
        [selector, text],
    )


def test_numbers_pasted_as_lines_are_searched_together(
    live_server, django_user_model, install_client, monkeypatch, yesterday
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    install_client(sandbox_client()[0])
    with tab_of(live_server, django_user_model, 1280, SUPPORT) as tab:
        tab.goto(f"{live_server.url}/")
        paste(tab, "#id_phone", "\n".join(NUMBERS) + "\n")

        assert tab.input_value("#id_phone") == ", ".join(NUMBERS)
        tab.fill("#id_date", yesterday.isoformat())
        tab.press("#id_phone", "Enter")  # the field is still one line: Enter searches
        tab.wait_for_url(re.compile(r"phone="))

        rows = tab.locator("#by-number tbody tr")
        sync_api.expect(rows).to_have_count(2)
        assert rows.first.locator("th").inner_text().startswith(reserved.EVERY_STATUS)
        assert tab.locator("#count-sent").inner_text() == "25"
        assert tab.locator("#records td.phone").count() > 0


def test_the_page_of_several_numbers_fits_a_phone_and_its_links_take_the_keyboard(
    live_server, django_user_model, install_client, monkeypatch, yesterday
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    install_client(sandbox_client()[0])
    with tab_of(live_server, django_user_model, 390, MANAGER) as tab:
        tab.goto(f"{live_server.url}/?phone={','.join(NUMBERS)}&date={yesterday}")

        sync_api.expect(tab.locator("#by-number")).to_be_visible()
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        assert (
            tab.locator("#by-number th[scope=row] a").first.inner_text().startswith("138****0020")
        )
        tab.focus("#by-number th[scope=row] a >> nth=1")
        tab.keyboard.press("Enter")
        tab.wait_for_url(re.compile(rf"phone={reserved.ALL_DELIVERED}(&|$)"))
        sync_api.expect(tab.locator("#by-number")).to_have_count(0)
        assert tab.locator("#count-sent").inner_text() == "5"


def test_each_bad_number_is_said_under_the_field_it_describes(
    live_server, django_user_model, install_client, monkeypatch, yesterday
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    install_client(sandbox_client()[0])
    with tab_of(live_server, django_user_model, 390, SUPPORT) as tab:
        tab.goto(f"{live_server.url}/?phone={reserved.EVERY_STATUS},1234,5678&date={yesterday}")

        described = tab.get_attribute("#id_phone", "aria-describedby").split()
        said = " ".join(tab.locator(f"#{one}").inner_text() for one in described)
        assert "Several? Separate them with commas" in said
        assert "Number 2, 1234, is not a valid phone number." in said
        assert "Number 3, 5678, is not a valid phone number." in said
        ids = tab.evaluate("[...document.querySelectorAll('[id]')].map((e) => e.id)")
        assert len(ids) == len(set(ids))
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
