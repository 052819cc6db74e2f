"""A search answers by its deadline with what it has, even when Alibaba Cloud is slow; upstream
failure banners offer "Try again now" (the countdown of an open circuit: tests/browser/).

The slow reserved number (13800000408) makes the sandbox wait 30 s through its ``sleep``.
Here that sleep is a gate: the first calls pass at once, the next one moves the deadline's
clock past the deadline and then blocks until the test ends. Days are fetched one after
another (``RECORDS_DAYS_CONCURRENCY = 1``, newest first), so which days answered in time is
fixed, and nothing really waits: the deadline is noticed within one step (0.1 s).
"""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from support.clocks import MonotonicClock
from support.sandbox import CountingAdapter, no_sleep, sandbox_client, sent

from core import failures as problems
from core.circuit import GuardedClient
from deliveries.models import Fetch
from deliveries.services import Deadline, RecordSearch, records_refresh, records_refresh_range
from dysms import DysmsClient
from dysms_sandbox import DEMO_CREDENTIALS, SANDBOX_ENDPOINT, Sandbox, reserved

pytestmark = pytest.mark.django_db

SLOW = reserved.SLOW_ANSWER


class Gate:
    """The sandbox's sleep: ``passing`` calls return at once; later ones pass the deadline
    on ``clock`` and block until ``release`` (at most 5 s, so a broken test ends)."""

    def __init__(self, monotonic_clock: MonotonicClock, passing: int):
        self.clock = monotonic_clock
        self.passing = passing
        self.calls = 0
        self.blocked = 0
        self.release = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, seconds: float) -> None:
        with self._lock:
            self.calls += 1
            if self.calls <= self.passing:
                return
            self.blocked += 1
        self.clock.jump(3600)
        self.release.wait(timeout=5)
        with self._lock:
            self.blocked -= 1


def slow_client(sleep):
    """The sandbox with ``sleep`` for its 30-s answer, and a read timeout longer than that."""
    client = DysmsClient(
        DEMO_CREDENTIALS, endpoint=SANDBOX_ENDPOINT, sleep=no_sleep, read_timeout=60
    )
    adapter = CountingAdapter(Sandbox(sleep=sleep))
    client.session.mount(SANDBOX_ENDPOINT, adapter)
    return GuardedClient(client), adapter


@pytest.fixture
def gate(monotonic_clock, install_client, settings):
    """Installed: the first three calls answer, the fourth is still waiting at the deadline."""
    settings.RECORDS_DAYS_CONCURRENCY = 1
    gate = Gate(monotonic_clock, passing=3)
    install_client(slow_client(gate)[0])
    yield gate
    gate.release.set()


def test_days_answered_by_the_deadline_are_stored_the_others_are_late(
    gate, monotonic_clock, past_day
):
    days = [past_day - timedelta(days=n) for n in range(6)]  # newest first
    records_refresh(phone=SLOW, day=days[-1], client=slow_client(no_sleep)[0])  # stored before

    search = RecordSearch(phone=SLOW, first=days[-1], last=days[0])
    result = records_refresh_range(search=search, deadline=Deadline(15, clock=monotonic_clock))

    assert gate.blocked == 1  # the answer did not wait for the slow call
    assert result.late_days == [days[3], days[4]]  # one under way, one never started
    assert [day for day, one in result.days if one.fetched] == days[:3]
    stored = set(Fetch.objects.filter(phone=SLOW).values_list("day", flat=True))
    assert stored == {*days[:3], days[-1]}
    assert result.fetch.stored_count == sum(len(sent(SLOW, day)) for day in stored)
    assert result.failure is None  # late is not a failure: the banner names the days
    said = problems.late_days(result.late_days)
    assert said == problems.late_days([days[4], days[3]])
    assert f"{days[4]:%Y-%m-%d} to {days[3]:%Y-%m-%d}" in said


def test_a_late_day_keeps_what_was_stored_before(gate, monotonic_clock, today):
    records_refresh(phone=SLOW, day=today, client=slow_client(no_sleep)[0])
    gate.passing = 0  # the next call is the slow one
    before = Fetch.objects.get(phone=SLOW, day=today)

    result = records_refresh(
        phone=SLOW, day=today, force=True, deadline=Deadline(15, clock=monotonic_clock)
    )

    assert result.late and not result.fetched
    assert result.fetch == before
    assert result.fetch.records.count() == len(sent(SLOW, today))
    assert result.failure is None


def test_the_deadline_comes_from_the_settings(settings, monotonic_clock):
    settings.RECORDS_SEARCH_DEADLINE_SECONDS = 7.5

    deadline = Deadline(clock=monotonic_clock)

    assert deadline.remaining() == 7.5
    monotonic_clock.jump(7.5)
    assert deadline.passed()


# --- The page ---------------------------------------------------------------------------------


@pytest.fixture
def page_clock(monkeypatch, monotonic_clock):
    """The search page's deadline reads ``clock``."""
    monkeypatch.setattr(Deadline, "clock", staticmethod(monotonic_clock))
    return monotonic_clock


def thirty_days(today):
    return {"phone": SLOW, "date": (today - timedelta(days=29)).isoformat(), "date_to": today}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_thirty_day_search_of_a_slow_number_answers_with_what_it_has(
    agent, gate, page_clock, today
):
    response = agent.get("/", thirty_days(today))

    assert response.status_code == 200
    assert gate.blocked == 1
    html = response.content.decode()
    banner = re.search(
        r'<div class="banner banner-error" role="alert" id="problem".*?</div>', html, re.S
    )
    assert banner, "no banner"
    oldest, newest_late = today - timedelta(days=29), today - timedelta(days=3)
    assert (
        f"Alibaba Cloud did not answer in time for {oldest:%Y-%m-%d} to {newest_late:%Y-%m-%d}. "
        "For those days the page shows only what was fetched earlier, if anything."
    ) in text_of(banner.group(0))
    shown = response.context["table"].paginator.count
    assert shown == sum(len(sent(SLOW, today - timedelta(days=n))) for n in range(3))
    assert 'id="try-again"' in banner.group(0)


@pytest.mark.chinese
def test_the_late_days_banner_in_chinese(agent, gate, page_clock, today):
    response = agent.get("/", thirty_days(today))

    oldest, newest_late = today - timedelta(days=29), today - timedelta(days=3)
    assert (
        f"阿里云没有及时返回 {oldest:%Y-%m-%d} 至 {newest_late:%Y-%m-%d} 的记录。"
        "这些日期只显示之前获取的记录（如有）。"
    ) in response.content.decode()
    assert "立即重试" in response.content.decode()


# --- Try again now --------------------------------------------------------------------------


def hidden_fields(form_html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form_html))


def test_an_upstream_failure_banner_offers_the_same_search_again(agent, install_client, past_day):
    install_client(sandbox_client(accounts={"LTAI5tSomebodyElse0000000": "x" * 30})[0])
    search = {"phone": reserved.ONE_PAGE, "date": past_day.isoformat(), "per_page": "20"}

    html = agent.get("/", search).content.decode()

    banner = re.search(r'<div [^>]*id="problem".*?</div>', html, re.S).group(0)
    form = re.search(r'<form method="get" action="/" class="try-again".*?</form>', banner, re.S)
    assert form and 'id="try-again"' in form.group(0) and "Try again now" in form.group(0)
    assert hidden_fields(form.group(0)) == search


def test_a_failed_refresh_offers_the_refresh_again(agent, upstream, install_client, past_day):
    search = {"phone": reserved.ONE_PAGE, "date": past_day.isoformat()}
    agent.get("/", search)  # stored: a past day, final
    install_client(sandbox_client(accounts={"LTAI5tSomebodyElse0000000": "x" * 30})[0])

    html = agent.post("/", search, follow=True).content.decode()

    form = re.search(r'<form method="post" action="/" class="try-again">.*?</form>', html, re.S)
    assert form and 'id="try-refresh-again"' in form.group(0)
    assert hidden_fields(form.group(0)).items() >= search.items()
    install_client(sandbox_client()[0])
    again = agent.post("/", hidden_fields(form.group(0)), follow=True)
    assert "Fetched again from Alibaba Cloud." in again.content.decode()
