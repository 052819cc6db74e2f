"""Fixtures of the delivery-rates tests: a fake statistics upstream, the receipt push token."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.statistics import RECEIPT_TOKEN, install_statistics


@pytest.fixture
def statistics_upstream(monkeypatch, today):
    """The fake statistics client for 40 days (100+n sent, 90 delivered, 6 failed, 4+n waiting).

    ``statistics_upstream.asked()`` lists what the rates service asked for.
    """
    return install_statistics(
        monkeypatch, {today - timedelta(days=n): (100 + n, 90, 6, 4 + n) for n in range(40)}
    )


@pytest.fixture
def receipt_token(settings) -> str:
    """Receipt pushes are accepted at /receipts/<RECEIPT_TOKEN>/."""
    settings.SMS_REPORT_TOKEN = RECEIPT_TOKEN
    return RECEIPT_TOKEN
