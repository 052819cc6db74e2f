"""Fixtures of the simulator's tests: the sandbox object itself, on a clock the test sets."""

from __future__ import annotations

import pytest
from support.signed_requests import Clock

from dysms_sandbox import Sandbox


@pytest.fixture
def sandbox_clock() -> Clock:
    """The sandbox's settable wall clock (a datetime at ``NOW``): ``sandbox_clock.advance(...)``."""
    return Clock()


@pytest.fixture
def sandbox_service(sandbox_clock) -> Sandbox:
    """The simulator in process, called directly with signed requests (no HTTP, no client)."""
    return Sandbox(clock=sandbox_clock)
