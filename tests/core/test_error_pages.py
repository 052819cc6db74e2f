"""A failing view: the plain 500 page in production; no password on Django's DEBUG page either."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("support.error_urls")]

TRACEBACK_WORDS = ("Traceback", "RuntimeError", "could not reach", "error_urls.py")


@pytest.fixture
def failing(client):
    client.raise_request_exception = False  # answer as a server would, not raise in the test
    return client


@pytest.mark.chinese
def test_the_plain_500_page_speaks_chinese_by_default(failing, settings):
    assert settings.DEBUG is False

    response = failing.get("/broken/")

    assert response.status_code == 500
    assert response["Content-Language"] == "zh-hans"
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "出错了" in html and "请稍后再试" in html
    assert "Something went wrong" not in html
    assert not any(word in html for word in TRACEBACK_WORDS)


@pytest.mark.chinese
def test_the_plain_500_page_in_english_when_the_browser_asks(failing):
    response = failing.get("/broken/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 500
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert "Something went wrong" in html and "Please try again in a moment" in html
    assert not any(word in html for word in TRACEBACK_WORDS)
    assert response["Cache-Control"] == "no-store"
    assert "script" not in html  # a page with nothing to load but itself


def test_the_plain_500_page_passes_the_content_security_policy(failing):
    response = failing.get("/broken/")

    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">' in response.content.decode()


def test_debugs_technical_page_shows_no_password(failing, settings):
    settings.DEBUG = True
    # Connection URLs in settings (under names, and inside values) and, as under runserver,
    # in the environment that request.META carries.
    settings.DATABASE_URL = "postgres://app:pw-in-a-setting@db.internal/smsadmin"
    settings.SENTRY_DSN = "https://key:pw-in-a-dsn@sentry.internal/1"
    settings.QUEUES = {"default": {"LOCATION": "redis://:pw-in-a-value@cache.internal:6379/1"}}

    response = failing.get(
        "/broken/",
        DATABASE_URL="postgres://app:pw-in-meta@db.internal/smsadmin",
        REDIS_URL="redis://:pw-in-meta-too@cache.internal:6379/0",
    )

    assert response.status_code == 500
    html = response.content.decode()
    assert "Traceback" in html and "could not reach redis://:" in html  # the technical page
    assert "cache.internal:6379/1" in html  # the value is shown, its password is not
    for password in (
        "pw-in-a-setting",
        "pw-in-a-dsn",
        "pw-in-a-value",
        "pw-in-meta",
        "pw-in-meta-too",
        "pw-in-a-local",
        "pw-in-a-message",
    ):
        assert password not in html, password
