"""Fixtures of the dashboard tests: one pinned clock, the upstream they talk to, who is logged in.

Each fixture name means one thing in the whole suite; a package's own fixtures are in its
tests/<package>/conftest.py, plain helpers in tests/support/.

**One clock for the whole run.** Every test runs with time frozen (time-machine) at one
instant, which the app (``timezone.now``), the Dysmsapi client (signature timestamps), the
sandbox (what "today" and "waiting" mean) and every stub read alike. The instant is the
run's start plus the real time elapsed since, so a long run moves on as a real one would
(and a run started just before midnight crosses it), but no test sees the clock move
unless it says so (``pinned_clock.shift(seconds)``). The start is the real time, or
``--clock 2027-02-28T23:30:00+08:00`` (or ``SMSADMIN_TEST_CLOCK``); a time without an
offset is China time. Dates are computed in fixtures (``today``, ``yesterday``,
``past_day``), never at import.
"""

from __future__ import annotations

import os
import time
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from support.clocks import MonotonicClock
from support.migrations import migrated_to_the_newest
from support.outage import break_database
from support.sandbox import sandbox_client
from support.statistics import install_statistics, steady_days
from support.users import user_with_role

from access.roles import MANAGER, SUPPORT
from core import clients
from dysms.values import CHINA_TZ

CLOCK_VARIABLE = "SMSADMIN_TEST_CLOCK"


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get(CLOCK_VARIABLE, ""),
        help=(
            "run the whole suite as if it started at this instant, e.g. "
            f"2027-02-28T23:30:00+08:00 (default: now; also ${CLOCK_VARIABLE})"
        ),
    )


def parse_instant(text: str) -> datetime:
    instant = datetime.fromisoformat(text)
    return instant if instant.tzinfo else instant.replace(tzinfo=CHINA_TZ)


class RunClock:
    """The run's start instant, moving on with the real (monotonic) time elapsed since."""

    def __init__(self, start: datetime):
        self.start = start
        self._started = time.monotonic()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self._started)


_RUN_CLOCK: RunClock | None = None


def run_clock(config) -> RunClock:
    global _RUN_CLOCK
    if _RUN_CLOCK is None:
        option = config.getoption("--clock")
        _RUN_CLOCK = RunClock(parse_instant(option) if option else datetime.now(CHINA_TZ))
    return _RUN_CLOCK


def pytest_report_header(config):
    clock = run_clock(config)
    return f"clock: the run starts at {clock.start.astimezone(CHINA_TZ).isoformat()} (China time)"


@pytest.fixture(scope="session")
def test_run_clock(request) -> RunClock:
    """The run's clock, for what starts before a test's clock is pinned (servers, subprocesses)."""
    return run_clock(request.config)


@pytest.fixture(autouse=True)
def pinned_clock(request):
    """Time stands still for the test at the run clock's current instant; returns the traveller."""
    with time_machine.travel(run_clock(request.config).now(), tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def template_lists_read_afresh():
    """Each test's search pages read the template lists of its own store, not the lists an
    earlier test's pages read (``deliveries.catalogue_page`` keeps them for the process)."""
    from deliveries.catalogue_page import forget_read_catalogues

    forget_read_catalogues()
    yield
    forget_read_catalogues()


@pytest.fixture
def today(pinned_clock) -> date:
    """Today in China (the service's day), on the pinned clock."""
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def yesterday(today) -> date:
    """A whole day that is over: every send of a fixed-shape number is in it."""
    return today - timedelta(days=1)


@pytest.fixture
def past_day(today) -> date:
    """Two days ago: over, and every receipt that will come has come."""
    return today - timedelta(days=2)


@pytest.fixture(autouse=True)
def english(request, settings):
    """Tests read English unless marked ``@pytest.mark.chinese`` (a new install speaks Chinese)."""
    from django.utils import translation

    language = "zh-hans" if request.node.get_closest_marker("chinese") else "en"
    settings.LANGUAGE_CODE = language
    with translation.override(language):
        yield language


@pytest.fixture
def install_client():
    """Make a client the process-wide one for this test; the cache (locks, circuit) starts empty."""
    cache.clear()

    def install(guarded):
        clients.set_client(guarded)
        return guarded

    yield install
    clients.set_client(None)
    cache.clear()


@pytest.fixture
def upstream(install_client):
    """The sandbox behind a counting transport; ``upstream.calls`` lists every call."""
    guarded, adapter = sandbox_client()
    install_client(guarded)
    return adapter


@pytest.fixture
def agent(client, django_user_model):
    """A logged-in Support agent: searches records and reads their contents."""
    client.force_login(user_with_role(django_user_model, "agent", SUPPORT))
    return client


@pytest.fixture
def agent_no_raise(django_user_model):
    """A logged-in Support agent whose client gets the 500/503 pages instead of the exception."""
    client = Client(raise_request_exception=False)
    client.force_login(user_with_role(django_user_model, "agent", SUPPORT))
    return client


@pytest.fixture
def manager(client, django_user_model):
    """A logged-in Manager: sees the delivery rates, searches records with their codes masked."""
    client.force_login(user_with_role(django_user_model, "manager", MANAGER))
    return client


@pytest.fixture
def staff(client, django_user_model):
    """A logged-in user with both roles: searches records and sees the delivery rates."""
    client.force_login(user_with_role(django_user_model, "lead", SUPPORT, MANAGER))
    return client


@pytest.fixture
def database_down(transactional_db, monkeypatch):
    """Every query fails as with the database server gone, until the test ends."""
    yield from break_database(monkeypatch)


@pytest.fixture
def monotonic_clock() -> MonotonicClock:
    """A monotonic clock (seconds) the test moves: ``monotonic_clock.now += 30``."""
    return MonotonicClock()


@pytest.fixture
def steady_statistics(monkeypatch):
    """The statistics upstream replaced by a fake: 10 sent, 9 delivered, 1 failed every day."""
    return install_statistics(monkeypatch, steady_days((10, 9, 1, 0)))


@pytest.fixture
def newest_afterwards():
    """A test that migrates the database back and forth ends at the newest state again."""
    yield
    migrated_to_the_newest()
