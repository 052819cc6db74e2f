"""/metrics: the Prometheus text format for the configured scraper only, off when unconfigured."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from django.test import Client
from support import ROOT
from support.metrics import METRICS_TOKEN, Scraped

pytestmark = pytest.mark.django_db

BEARER = {"Authorization": f"Bearer {METRICS_TOKEN}"}


@pytest.fixture
def scraper() -> Client:
    return Client()


def test_the_token_gets_the_metrics_in_the_prometheus_text_format(scraper, metrics_token):
    response = scraper.get("/metrics", headers=BEARER)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    scraped = Scraped(response.content.decode())
    assert "# TYPE smsadmin_upstream_requests_total counter" in scraped.text
    assert "# TYPE smsadmin_upstream_request_seconds histogram" in scraped.text
    assert "# TYPE smsadmin_fetch_lock_wait_seconds histogram" in scraped.text
    assert "# TYPE smsadmin_receipts_received_total counter" in scraped.text
    assert "# TYPE smsadmin_http_request_seconds histogram" in scraped.text
    assert scraped.find("smsadmin_circuit_open", account="default") == 0
    assert METRICS_TOKEN not in scraped.text


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": METRICS_TOKEN}],
    ids=["no-token", "wrong-token", "not-bearer"],
)
def test_without_the_token_the_answer_is_403_and_says_nothing(
    scraper, metrics_token, headers, caplog
):
    caplog.set_level(logging.DEBUG)

    response = scraper.get("/metrics", headers=headers)

    assert response.status_code == 403
    assert b"smsadmin_" not in response.content
    assert METRICS_TOKEN not in caplog.text


def test_unconfigured_the_endpoint_does_not_exist(scraper, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = []

    assert scraper.get("/metrics").status_code == 404
    assert scraper.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_an_allowed_address_scrapes_without_a_token(scraper, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8", "192.0.2.7"]

    assert scraper.get("/metrics", REMOTE_ADDR="10.20.30.40").status_code == 200
    assert scraper.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 200
    # An IPv4 scraper reaching a server that listens on [::].
    assert scraper.get("/metrics", REMOTE_ADDR="::ffff:10.1.1.1").status_code == 200
    assert scraper.get("/metrics", REMOTE_ADDR="192.0.2.8").status_code == 403


def test_a_forwarded_header_does_not_make_an_address_allowed(scraper, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    settings.TRUSTED_PROXIES = 1

    response = scraper.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", headers={"X-Forwarded-For": "10.1.1.1"}
    )

    assert response.status_code == 403


def test_with_token_and_addresses_both_are_needed(scraper, settings, metrics_token):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]

    assert scraper.get("/metrics", REMOTE_ADDR="10.1.1.1").status_code == 403
    assert scraper.get("/metrics", REMOTE_ADDR="203.0.113.9", headers=BEARER).status_code == 403
    assert scraper.get("/metrics", REMOTE_ADDR="10.1.1.1", headers=BEARER).status_code == 200


def test_plain_http_is_not_redirected_in_production(scraper, settings, metrics_token):
    # Prometheus scrapes each instance's own address, where there is no TLS.
    settings.SECURE_SSL_REDIRECT = True

    assert scraper.get("/metrics", headers=BEARER).status_code == 200


def test_a_mistyped_allowed_address_is_a_start_up_error_naming_the_variable():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "smsadmin.settings_for_tests",
            "METRICS_ALLOWED_IPS": "10.0.0.0/8,10.0.0.300",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "METRICS_ALLOWED_IPS: '10.0.0.300' is not an IP address or network." in result.stderr
