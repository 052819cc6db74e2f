"""The record page leads to the number's messages just before and after it, gives its own link
to copy, and reveals its code in place for Support."""

from __future__ import annotations

import pytest
from support.stored import stored_day

from deliveries.models import SmsRecord

pytestmark = pytest.mark.django_db


def test_previous_and_next_are_the_numbers_sends_around_this_one(agent, upstream, yesterday):
    agent.get("/", {"phone": "13800000010", "date": yesterday.isoformat()})
    sends = list(SmsRecord.objects.order_by("send_time"))
    middle = sends[5]

    page = agent.get(f"/records/{middle.pk}/").content.decode()

    assert f'href="/records/{sends[4].pk}/" id="previous-record"' in page
    assert f'href="/records/{sends[6].pk}/" id="next-record"' in page


def test_the_first_and_last_sends_have_one_way_only(agent, upstream, yesterday):
    agent.get("/", {"phone": "13800000010", "date": yesterday.isoformat()})
    sends = list(SmsRecord.objects.order_by("send_time"))

    first = agent.get(f"/records/{sends[0].pk}/").content.decode()
    last = agent.get(f"/records/{sends[-1].pk}/").content.decode()

    assert 'id="previous-record"' not in first and 'id="next-record"' in first
    assert 'id="next-record"' not in last and 'id="previous-record"' in last


def test_the_page_gives_its_own_link_to_copy(agent, upstream):
    record = stored_day()[0]

    page = agent.get(f"/records/{record.pk}/").content.decode()

    assert f'<input id="permalink" readonly value="http://testserver/records/{record.pk}/">' in page
    assert 'data-copy="permalink"' in page


def test_support_can_reveal_a_masked_code_on_the_record_page(agent, upstream):
    coded = next(r for r in stored_day() if r.content != r.content_masked)

    page = agent.get(f"/records/{coded.pk}/").content.decode()

    assert f'action="/records/{coded.pk}/reveal/" class="reveal"' in page


def test_managers_get_no_reveal_on_the_record_page(manager, upstream):
    coded = next(r for r in stored_day() if r.content != r.content_masked)

    page = manager.get(f"/records/{coded.pk}/").content.decode()

    assert 'class="reveal"' not in page
