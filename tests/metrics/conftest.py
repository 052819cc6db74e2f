"""Fixtures of the metrics tests: a configured scraper, and scraping /metrics as it does."""

from __future__ import annotations

import pytest
from django.test import Client
from support.metrics import METRICS_TOKEN, Scraped


@pytest.fixture
def metrics_token(settings) -> str:
    """/metrics answers a caller sending ``Authorization: Bearer <metrics_token>``."""
    settings.METRICS_TOKEN = METRICS_TOKEN
    settings.METRICS_ALLOWED_IPS = []
    return METRICS_TOKEN


@pytest.fixture
def scrape(metrics_token):
    """GET /metrics as Prometheus does (its own client, no login); returns a ``Scraped``.

    Counters are per process and the suite shares one, so tests compare two scrapes.
    """
    scraper = Client()

    def scrape() -> Scraped:
        response = scraper.get("/metrics", headers={"Authorization": f"Bearer {metrics_token}"})
        assert response.status_code == 200
        return Scraped(response.content.decode())

    return scrape
