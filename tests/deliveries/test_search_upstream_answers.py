"""What the service answers besides records, as the search page and /stats/ say it: flow
control, disabled and RAM-denied keys, an XML answer, a count without records.

Each is said in the words of core.failures, the same sentence as any other failure of its kind.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from support.sandbox import sandbox_client, sent

from core import failures as problems
from deliveries.models import Fetch
from dysms.values import Credentials
from dysms_sandbox import reserved
from dysms_sandbox.accounts import (
    INACTIVE_ACCESS_KEY_ID,
    INACTIVE_ACCESS_KEY_SECRET,
    NO_PERMISSION_ACCESS_KEY_ID,
    NO_PERMISSION_ACCESS_KEY_SECRET,
)

pytestmark = pytest.mark.django_db


def banner(response) -> str:
    html = response.content.decode()
    found = re.search(
        r'<div class="banner banner-error" role="alert" id="problem">(.*?)</div>', html, re.S
    )
    return found.group(1) if found else ""


def keyed_client(key_id: str, secret: str):
    """The sandbox client signing with one of the sandbox's reserved keys."""
    guarded, adapter = sandbox_client()
    guarded.client.credentials = Credentials(key_id, secret)
    return guarded, adapter


def test_a_day_refused_by_flow_control_says_what_throttling_says(agent, upstream, past_day):
    upstream.sandbox.flow_control.limits["QuerySendDetails"] = 1  # page 1 of 2 only

    response = agent.get("/", {"phone": reserved.TWO_PAGES, "date": past_day.isoformat()})

    said = banner(response)
    assert problems.THROTTLED in said and "RequestId" in said
    # Page 2 was asked three times (two retries), refused each time.
    assert [call["page"] for call in upstream.calls] == [1, 2, 2, 2]


@pytest.mark.parametrize(
    "key_id, secret, sentence",
    [
        (INACTIVE_ACCESS_KEY_ID, INACTIVE_ACCESS_KEY_SECRET, problems.ACCESS_KEY_INVALID),
        (
            NO_PERMISSION_ACCESS_KEY_ID,
            NO_PERMISSION_ACCESS_KEY_SECRET,
            problems.NO_PERMISSION.format(code="isp.RAM_PERMISSION_DENY"),
        ),
    ],
)
def test_the_reserved_keys_are_said_as_key_and_permission_problems(
    agent, install_client, past_day, key_id, secret, sentence
):
    guarded, adapter = keyed_client(key_id, secret)
    install_client(guarded)

    response = agent.get("/", {"phone": reserved.ONE_PAGE, "date": past_day.isoformat()})

    said = banner(response)
    assert sentence in said and "RequestId" in said
    assert len(adapter.calls) == 1  # neither is retried


def test_an_xml_answer_is_an_answer_that_could_not_be_read(agent, upstream, past_day, monkeypatch):
    from dysms_sandbox import xml_answers

    # A proxy that rewrote the request: whatever the client asks, XML comes back.
    monkeypatch.setattr(xml_answers, "xml_root", lambda *request: "QuerySendDetailsResponse")
    monkeypatch.setattr("dysms_sandbox.service.xml_root", xml_answers.xml_root)

    response = agent.get("/", {"phone": reserved.ONE_PAGE, "date": past_day.isoformat()})

    assert problems.UNREADABLE in banner(response)
    assert len(upstream.calls) == 1  # not retried: the same request gets the same XML


def test_a_count_without_records_shows_what_was_listed_and_says_the_rest(agent, upstream, past_day):
    search = {"phone": reserved.COUNT_WITHOUT_RECORDS, "date": past_day.isoformat()}

    response = agent.get("/", search)

    html = response.content.decode()
    assert banner(response) == ""
    notice = re.search(r'<p class="notice" id="incomplete" role="status">(.*?)</p>', html, re.S)
    assert notice and "counts 12 messages" in notice.group(1)
    assert "listed only 0 of them" in notice.group(1)
    assert response.context["summary"].sent == 0
    fetch = Fetch.objects.get()
    assert fetch.is_incomplete() and not fetch.is_final()


@pytest.mark.chinese
def test_the_count_without_records_notice_in_chinese(agent, upstream, past_day):
    search = {"phone": reserved.COUNT_WITHOUT_RECORDS, "date": past_day.isoformat()}

    html = agent.get("/", search).content.decode()

    assert "阿里云统计该号码共有 12 条短信，但只列出了其中 0 条" in html


def test_a_count_without_records_is_asked_again_on_the_next_search(
    agent, upstream, past_day, settings, pinned_clock
):
    settings.RECORDS_FRESH_SECONDS = 60
    search = {"phone": reserved.COUNT_WITHOUT_RECORDS, "date": past_day.isoformat()}
    agent.get("/", search)
    pinned_clock.shift(61)

    agent.get("/", search)

    assert len(upstream.calls) == 2
    assert Fetch.objects.get().fetched_at == timezone.now()


def test_statistics_refused_by_flow_control_say_what_throttling_says(manager, upstream):
    upstream.sandbox.flow_control.limits["QuerySendStatistics"] = 0

    response = manager.get("/stats/")

    assert problems.THROTTLED in response.content.decode()


def test_the_longest_statistics_page_keeps_within_the_statistics_quota(
    manager, upstream, today, settings
):
    start = today - timedelta(days=settings.STATS_MAX_DAYS - 1)

    response = manager.get("/stats/", {"date": start.isoformat(), "date_to": today.isoformat()})

    assert problems.THROTTLED not in response.content.decode()
    # The period's two pages of 50 days (the period before it is older than STATS_MAX_DAYS and
    # not compared): well within 20 a second, even at one instant.
    assert len(upstream.calls) == 2


def test_the_widest_search_keeps_within_the_send_details_quota(agent, upstream, today):
    """Thirty days of a two-page number: sixty calls, fetched concurrently, none refused."""
    first = today - timedelta(days=29)

    response = agent.get(
        "/", {"phone": reserved.TWO_PAGES, "date": first.isoformat(), "date_to": today.isoformat()}
    )

    assert banner(response) == ""
    # Today holds only what was sent so far: one page, or none before 07:00.
    pages_today = -(-len(sent(reserved.TWO_PAGES, today)) // 50) or 1
    assert len(upstream.calls) == 29 * 2 + pages_today
