"""Failed records explained next to them in the table; waiting records say how long they waited."""

from __future__ import annotations

import pytest
from django.utils.html import escape
from support.sandbox import sent

from deliveries.explanations import explain
from dysms.values import SendStatus
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db


def test_every_failed_record_has_its_meaning_and_what_to_tell_the_customer(
    agent, upstream, past_day
):
    phone = reserved.ONE_PAGE  # 4 failed sends every day, with four different codes
    failed = [m for m in sent(phone, past_day) if m.final_status == SendStatus.FAILED]

    html = agent.get("/", {"phone": phone, "date": past_day.isoformat()}).content.decode()

    for message in failed:
        explanation = explain(message.err_code)
        assert escape(str(explanation.meaning)) in html
        assert escape(str(explanation.tell_customer)) in html
    assert len(failed) == 4
    assert html.count('<p class="meaning">') == len(failed)


def test_delivered_records_carry_no_explanation(agent, upstream, past_day):
    phone = reserved.ALL_DELIVERED

    html = agent.get("/", {"phone": phone, "date": past_day.isoformat()}).content.decode()

    assert html.count('<span class="badge status-delivered">') == 5
    assert '<p class="meaning">' not in html


def test_a_waiting_record_says_how_long_it_has_waited(agent, upstream):
    html = agent.get("/", {"phone": reserved.STILL_WAITING}).content.decode()

    assert '<p class="waited" data-poll=' in html
    assert "receipt" in html
