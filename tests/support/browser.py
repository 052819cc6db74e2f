"""A Chromium tab already logged in as a user, for the browser tests (Debian's /usr/bin/chromium
driven by Playwright): the session comes from Django's test client, so no test logs in by hand."""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.test import Client

CHROMIUM = "/usr/bin/chromium"


@contextmanager
def logged_in_tab(sync_api, base_url: str, user, *, width: int, height: int, locale: str):
    """A new tab of ``width`` x ``height`` in ``locale``, with ``user``'s session cookie."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
        )
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        try:
            yield tab
        finally:
            browser.close()
