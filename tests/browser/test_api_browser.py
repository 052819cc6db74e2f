"""The API tokens page and the API docs in a real browser: a phone's width, the keyboard, the
site's CSP (Swagger UI from our static files must run under it)."""

from __future__ import annotations

import os
import shutil

import pytest
from support.browser import logged_in_tab
from support.users import user_with_role

from access.roles import SUPPORT

CHROMIUM = "/usr/bin/chromium"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not shutil.which(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip(f"Chromium is not installed at {CHROMIUM}", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def phone(live_server, django_user_model, monkeypatch):
    """A logged-in agent's tab, 390 pixels wide."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    user = user_with_role(django_user_model, "agent", SUPPORT)
    size = {"width": 390, "height": 844}
    with logged_in_tab(sync_api, live_server.url, user, **size, locale="en") as tab:
        yield tab


def page_width(tab) -> int:
    return tab.evaluate("document.documentElement.scrollWidth")


def test_a_token_is_made_from_the_keyboard_on_a_phone(live_server, phone):
    phone.goto(f"{live_server.url}/api-tokens/")
    phone.focus("#id_name")
    phone.keyboard.type("ticket system")
    phone.keyboard.press("Tab")
    phone.keyboard.type("30")
    phone.keyboard.press("Enter")

    secret = phone.locator("#token-secret")
    sync_api.expect(secret).to_be_visible()
    assert secret.input_value().startswith("smsadmin_")
    sync_api.expect(phone.locator("#tokens tbody tr")).to_have_count(1)
    assert page_width(phone) <= 390  # no sideways scrolling: the table scrolls in its box


def test_the_docs_page_runs_swagger_ui_under_the_sites_csp(live_server, phone):
    errors = []
    phone.on("console", lambda message: message.type == "error" and errors.append(message.text))

    phone.goto(f"{live_server.url}/api/v1/docs")

    sync_api.expect(phone.locator(".swagger-ui .opblock").first).to_be_visible()
    assert phone.locator(".swagger-ui .opblock").count() == 3
    assert not [
        error for error in errors if "Content Security Policy" in error and "script" in error
    ]
