"""The detail page of one record: every field, the explanation, the fetch and a copyable summary."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django.utils.html import escape

from deliveries.explanations import explain
from deliveries.models import SmsRecord, Status
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db


def failed_record(agent, past_day) -> SmsRecord:
    """A stored failed record of the number whose every day has delivered and failed sends."""
    agent.get("/", {"phone": reserved.ONE_PAGE, "date": past_day.isoformat()})
    return SmsRecord.objects.filter(status=Status.FAILED).first()


def test_the_search_table_links_each_send_time_to_its_record(agent, upstream, past_day):
    record = failed_record(agent, past_day)

    html = agent.get("/", {"phone": record.phone, "date": past_day.isoformat()}).content.decode()

    assert f'href="/records/{record.pk}/"' in html


def test_a_failed_record_shows_every_field_and_its_explanation(agent, upstream, past_day):
    record = failed_record(agent, past_day)
    explanation = explain(record.err_code)

    response = agent.get(f"/records/{record.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    for value in (record.phone, record.err_code, record.template_code, record.out_id):
        assert escape(value) in html
    assert timezone.localtime(record.send_time).strftime("%Y-%m-%d %H:%M:%S") in html
    for text in (explanation.meaning, explanation.tell_customer, explanation.next_step):
        assert escape(str(text)) in html
    assert escape(record.fetch.request_ids[0]) in html
    assert timezone.localtime(record.fetch.fetched_at).strftime("%Y-%m-%d %H:%M:%S") in html


def test_the_escalation_summary_is_a_labelled_readonly_text_with_a_copy_button(
    agent, upstream, past_day
):
    record = failed_record(agent, past_day)

    html = agent.get(f"/records/{record.pk}/").content.decode()

    summary = re.search(
        r'<textarea id="escalation-summary" aria-labelledby="escalation-title" readonly[^>]*>'
        r"(.*?)</textarea>",
        html,
        re.S,
    )
    assert summary is not None
    assert '<h2 id="escalation-title">Escalation summary</h2>' in html  # its label
    text = summary.group(1)
    assert f"Phone number: {record.phone}" in text
    assert f"Error code: {record.err_code}" in text
    assert f"Template: {record.template_code}" in text
    assert f"RequestId: {record.fetch.request_ids[0]}" in text
    assert "BizId: not known" in text
    assert 'data-copy="escalation-summary"' in html
    assert "onclick" not in html


def test_a_waiting_record_says_how_long_it_waited(agent, upstream):
    agent.get("/", {"phone": reserved.STILL_WAITING})
    record = SmsRecord.objects.filter(status=Status.WAITING).first()

    html = agent.get(f"/records/{record.pk}/").content.decode()

    assert '<p class="waited">' in html


def test_the_explanation_is_coloured_by_what_happened(agent, upstream, past_day):
    failed = failed_record(agent, past_day)
    delivered = SmsRecord.objects.filter(status=Status.DELIVERED).first()
    agent.get("/", {"phone": reserved.STILL_WAITING})
    waiting = SmsRecord.objects.filter(status=Status.WAITING).first()

    def box(record):
        html = agent.get(f"/records/{record.pk}/").content.decode()
        return re.search(r'<section class="explained ([^"]+)" id="explanation"', html).group(1)

    assert box(delivered) == "explained-delivered"
    assert box(failed) == f"explained-{explain(failed.err_code).category.value}"
    assert box(failed) != "explained-delivered"
    assert box(waiting) == "explained-waiting"


def test_an_unknown_record_is_404(agent, upstream):
    assert agent.get("/records/999999/").status_code == 404


def test_the_detail_page_needs_a_login(client, upstream):
    response = client.get("/records/1/")

    assert response.status_code == 302
