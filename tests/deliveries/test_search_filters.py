"""Status, template and text filters narrow the whole result, before paging and the summary."""

from __future__ import annotations

import pytest
from support.sandbox import sent

from dysms.values import SendStatus
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

BUSY = reserved.HUNDREDS  # 420 records a day: nine pages


def all_rows(agent, params) -> list:
    """Every row of the search, page by page."""
    first = agent.get("/", params)
    table = first.context["table"]
    shown = []
    for number in range(1, table.paginator.num_pages + 1):
        page = agent.get("/", {**params, "page": number}).context["table"].page
        shown += [row.record for row in page.object_list]
    return shown


def test_failed_filter_applies_across_pages_and_to_the_summary(
    agent, upstream, past_day, busy_search
):
    failed = [m for m in sent(BUSY, past_day) if m.final_status == SendStatus.FAILED]
    assert len(failed) == 14  # one in 30 of the 420, on every day
    assert 0 < len(failed) < 420

    response = agent.get("/", {**busy_search, "status": "failed", "per_page": "10"})
    shown = all_rows(agent, {**busy_search, "status": "failed", "per_page": "10"})

    assert [r.content for r in shown] == [m.content for m in failed]
    summary = response.context["summary"]
    assert (summary.sent, summary.failed, summary.delivered) == (len(failed), len(failed), 0)
    assert len(upstream.calls) == 9  # filters narrow the store, not the fetch


def test_delivered_filter(agent, upstream, past_day, busy_search):
    delivered = [m for m in sent(BUSY, past_day) if m.final_status == SendStatus.DELIVERED]

    response = agent.get("/", {**busy_search, "status": "delivered"})

    assert response.context["summary"].sent == len(delivered)


def test_template_filter(agent, upstream, past_day, busy_search):
    messages = sent(BUSY, past_day)
    wanted = messages[0].template_code

    response = agent.get("/", {**busy_search, "template": wanted.lower()})

    expected = sum(m.template_code == wanted for m in messages)
    assert 0 < expected < len(messages)
    assert response.context["summary"].sent == expected


def test_text_filter_matches_inside_the_content(agent, upstream, past_day, busy_search):
    messages = sent(BUSY, past_day)
    words = messages[0].content[:4]

    response = agent.get("/", {**busy_search, "q": words})

    assert response.context["summary"].sent == sum(words in m.content for m in messages)


def test_an_unknown_status_is_a_form_error_and_no_call(agent, upstream, busy_search):
    response = agent.get("/", {**busy_search, "status": "lost"})

    assert response.status_code == 400
    assert "status" in response.context["form"].errors
    assert upstream.calls == []


def test_filters_are_kept_in_the_page_links(agent, upstream, busy_search):
    html = agent.get("/", {**busy_search, "status": "failed", "per_page": "10"}).content.decode()

    assert "status=failed" in html
