"""Fixtures of the records tests."""

from __future__ import annotations

import pytest

from dysms_sandbox import reserved


@pytest.fixture
def busy_search(past_day) -> dict[str, str]:
    """The search form's data for the busy number two days ago: nine pages, every receipt in."""
    return {"phone": reserved.HUNDREDS, "date": past_day.isoformat()}
