"""Small things that save time: focus, recent searches, waiting records that update themselves."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from support.sandbox import days_ago

from deliveries.models import Fetch, SmsRecord, Status
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db


def test_the_phone_field_has_focus_on_load(agent):
    html = agent.get("/").content.decode()

    assert re.search(r'<input[^>]*name="phone"[^>]*autofocus', html)


def test_the_last_searches_are_one_click_away_newest_first(agent, upstream):
    for n in range(7):
        agent.get("/", {"phone": f"1390000000{n}", "date": days_ago(n % 3).isoformat()})

    html = agent.get("/").content.decode()

    recent = re.findall(r'<a href="/\?phone=(\d+)&amp;date=', html)
    assert recent == [f"1390000000{n}" for n in (6, 5, 4, 3, 2)]


def test_a_repeated_search_is_remembered_once(agent, upstream):
    search = {"phone": "13900000001", "date": days_ago(1).isoformat()}
    agent.get("/", search)
    agent.get("/", {"phone": "13900000002"})
    agent.get("/", search)

    html = agent.get("/").content.decode()

    assert re.findall(r'<a href="/\?phone=(\d+)', html) == ["13900000001", "13900000002"]


@pytest.mark.chinese
def test_a_remembered_filter_reads_in_the_pages_language(agent, upstream):
    agent.get("/", {"phone": "13900000001", "status": "failed", "template": "SMS_1"})

    link = re.search(
        r'<a href="/\?phone=13900000001[^"]*">(.*?)</a>', agent.get("/").content.decode()
    )

    assert "失败" in link.group(1) and "SMS_1" in link.group(1)
    assert "failed" not in link.group(1)


def test_pages_carry_no_inline_script_or_handler(agent, upstream):
    html = agent.get("/", {"phone": reserved.STILL_WAITING}).content.decode()

    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert not re.search(r"\son[a-z]+=", html)


def test_a_waiting_row_names_the_url_it_polls(agent, upstream):
    html = agent.get("/", {"phone": reserved.STILL_WAITING}).content.decode()
    record = SmsRecord.objects.filter(status=Status.WAITING).first()

    assert f'data-poll="/records/{record.pk}/status/"' in html


def test_the_status_of_a_waiting_record_is_asked_again_once_stale(agent, upstream):
    agent.get("/", {"phone": reserved.STILL_WAITING})
    record = SmsRecord.objects.filter(status=Status.WAITING).first()

    fresh = agent.get(f"/records/{record.pk}/status/").json()
    calls = len(upstream.calls)
    Fetch.objects.update(fetched_at=record.fetch.fetched_at - timedelta(minutes=5))
    stale = agent.get(f"/records/{record.pk}/status/").json()

    assert fresh == {**fresh, "id": record.pk, "final": False, "status": "waiting"}
    assert fresh["next"] == f"/records/{record.pk}/status/"
    assert "status-waiting" in fresh["badge"] and "data-poll" in fresh["explanation"]
    assert calls == 1  # the search's own call; the fresh poll cost none
    assert len(upstream.calls) == 2
    assert stale["id"] == record.pk  # the refetch updated the record in place
    assert stale["next"] == f"/records/{record.pk}/status/" or stale["final"]


def test_a_final_record_says_so(agent, upstream):
    agent.get("/", {"phone": reserved.DEAD_NUMBER, "date": days_ago(2).isoformat()})
    record = SmsRecord.objects.filter(status=Status.FAILED).first()

    answer = agent.get(f"/records/{record.pk}/status/").json()

    assert answer["final"] is True
    assert answer["status"] == "failed"
    assert answer["next"] == ""
    assert '<p class="meaning">' in answer["explanation"]


def test_the_page_size_menu_shows_the_size_in_use(agent, upstream):
    html = agent.get("/", {"phone": reserved.HUNDREDS, "date": days_ago(1).isoformat()})
    html = html.content.decode()

    assert re.search(r'<option value="50" selected>', html)
    assert len(re.findall(r"<tr[ >]", html.split("<tbody")[1])) == 50


@pytest.mark.chinese
def test_the_busy_search_button_speaks_the_pages_language(agent):
    html = agent.get("/").content.decode()

    button = re.search(r'<button type="submit" data-busy="([^"]*)"[^>]*>([^<]*)</button>', html)
    assert button.groups() == ("正在查询…", "查询")
