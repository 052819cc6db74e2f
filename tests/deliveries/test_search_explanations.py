"""Failed records explained above the table, once per code, each failed row linking to its code's
entry; waiting records say how long they waited."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils.html import escape
from support.sandbox import sent
from support.translations import visible_text

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


def test_a_code_repeated_on_the_page_is_explained_once_and_its_rows_link_to_it(
    agent, upstream, past_day
):
    phone = reserved.DEAD_NUMBER  # 6 failed a day: 4 MOBILE_NOT_ON_SERVICE, 1 MK:0001, 1 UNDELIV
    week = {"date": (past_day - timedelta(days=2)).isoformat(), "date_to": past_day.isoformat()}

    html = agent.get("/", {"phone": phone, **week}).content.decode()

    legend = html[
        html.index('<section class="legend"') : html.index(
            "</section>", html.index('<section class="legend"')
        )
    ]
    rows = html[html.index('<tbody id="record-rows"') : html.index("</tbody>")]
    dead = explain("MOBILE_NOT_ON_SERVICE")
    assert html.count(escape(str(dead.meaning))) == 1
    assert legend.count('<p class="meaning">') == 3  # one entry per distinct code
    assert "12 rows on this page" in visible_text(legend)  # 4 a day for three days
    anchor = re.search(
        r'<div id="(meaning-\d)">\s*<dt><code class="err-code">MOBILE_NOT_ON_SERVICE', legend
    )
    link = f'<a class="meaning-link" href="#{anchor.group(1)}">{dead.category_label}</a>'
    assert rows.count(link) == 12
    assert '<p class="meaning">' not in rows


def test_delivered_records_carry_no_explanation(agent, upstream, past_day):
    phone = reserved.ALL_DELIVERED

    html = agent.get("/", {"phone": phone, "date": past_day.isoformat()}).content.decode()

    assert html.count('<span class="badge status-delivered">') == 5
    assert '<p class="meaning">' not in html
    assert 'class="legend"' not in html


def test_a_waiting_record_says_how_long_it_has_waited(agent, upstream):
    html = agent.get("/", {"phone": reserved.STILL_WAITING}).content.decode()

    assert '<p class="waited" data-poll=' in html
    assert "receipt" in html
