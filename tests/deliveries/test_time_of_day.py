"""A time of day within a search's days (time_from, time_to): "the code I asked for at 14:05"."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from support.sandbox import sent

from access.models import AuditEntry
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

PHONE = reserved.ONE_PAGE  # 20 sends a day, 08:00 to 17:30, every half hour


def search(client, day, **params):
    return client.get("/", {"phone": PHONE, "date": day.isoformat(), **params})


def shown_times(response) -> list[str]:
    return re.findall(
        r'<td class="time" data-label="Sent"><a href="/records/\d+/">'
        r'<span class="day">[\d-]+</span> <span class="clock">([\d:]+)</span></a>',
        response.content.decode(),
    )


def test_only_the_sends_within_the_times_are_listed(agent, upstream, yesterday):
    response = search(agent, yesterday, time_from="14:00", time_to="15:30")

    expected = [
        f"{timezone.localtime(m.send_time):%H:%M:%S}"
        for m in sent(PHONE, yesterday)
        if "14:00:00" <= f"{timezone.localtime(m.send_time):%H:%M:%S}" <= "15:30:59"
    ]
    assert expected and shown_times(response) == expected
    assert response.context["summary"].sent == len(expected)


def test_the_send_nearest_the_time_asked_for_is_marked_for_the_page_to_scroll_to(
    agent, upstream, yesterday
):
    response = search(agent, yesterday, time_from="14:05")

    page = response.content.decode()
    assert page.count('id="nearest"') == 1
    nearest_row = page.split('id="nearest"', 1)[1].split("</tr>", 1)[0]
    # Sends are on the hour and half hour: from 14:05 on, 14:30 is the first.
    shown = f'<span class="day">{yesterday}</span> <span class="clock">14:30:00</span>'
    assert shown in nearest_row


def test_an_end_before_the_start_is_a_form_error_and_asks_nobody(agent, upstream, yesterday):
    response = search(agent, yesterday, time_from="15:00", time_to="14:00")

    assert response.status_code == 400
    assert "The end time is before the start time." in response.content.decode()
    assert upstream.calls == []


def test_a_time_that_is_not_one_is_a_form_error(agent, upstream, yesterday):
    response = search(agent, yesterday, time_from="25:99")

    assert response.status_code == 400
    assert "Enter a time of day such as 14:05." in response.content.decode()
    assert upstream.calls == []


def test_the_audit_entry_records_the_times(agent, upstream, yesterday):
    search(agent, yesterday, time_from="14:05", time_to="14:30")

    entry = AuditEntry.objects.get()
    assert (entry.filters["time_from"], entry.filters["time_to"]) == ("14:05", "14:30")
