"""The text filter searches what the page shows: a masked code cannot be found by counting."""

from __future__ import annotations

import re

import pytest
import tablib
from django.core.management import call_command
from support.migrations import migrated_to
from support.stored import CODE, PHONE, stored_day

from access.masking import MASK, mask_codes
from access.models import Action, AuditEntry
from deliveries.models import SmsRecord
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db


def sent_count(client, day, q: str) -> int:
    """The "Sent" number of the summary for a text search, as the page prints it."""
    html = client.get("/", {"phone": PHONE, "date": day.isoformat(), "q": q}).content.decode()
    return int(re.search(r'id="count-sent">(\d+)<', html).group(1))


@pytest.mark.parametrize("role", ["manager", "agent"])
def test_extending_a_search_digit_by_digit_tells_nothing_about_the_code(role, request, upstream):
    client = request.getfixturevalue(role)
    day = stored_day()[0].send_day

    counts = [sent_count(client, day, "验证码" + CODE[:size]) for size in range(1, len(CODE) + 1)]

    assert counts == [0] * len(CODE)
    assert sent_count(client, day, "验证码") == 1  # the visible text is still found
    assert not AuditEntry.objects.filter(action=Action.REVEAL).exists()
    searches = AuditEntry.objects.filter(action=Action.SEARCH, filters__q__startswith="验证码4")
    assert {entry.result_count for entry in searches} == {0}


def test_the_masked_text_as_shown_is_what_a_search_finds(agent, upstream):
    day = stored_day()[0].send_day

    assert sent_count(agent, day, f"验证码{MASK}") == 1


def test_an_export_of_a_search_for_part_of_a_code_holds_no_row(manager, upstream):
    day = stored_day()[0].send_day
    search = {"phone": PHONE, "date": day.isoformat(), "_export": "csv"}

    response = manager.get("/", {**search, "q": CODE[:3]})
    everything = manager.get("/", search)

    assert len(tablib.Dataset().load(response.content.decode(), format="csv")) == 0
    assert len(tablib.Dataset().load(everything.content.decode(), format="csv")) == 2


def test_with_masking_off_the_plain_content_is_searched(agent, upstream, settings):
    settings.MASK_VERIFICATION_CODES = False
    day = stored_day()[0].send_day

    assert sent_count(agent, day, "验证码" + CODE[:4]) == 1


def test_records_fetched_from_upstream_are_stored_with_their_masked_content(
    agent, upstream, past_day
):
    agent.get("/", {"phone": reserved.HUNDREDS, "date": past_day.isoformat()})

    records = list(SmsRecord.objects.filter(phone=reserved.HUNDREDS))
    assert len(records) == 420
    assert all(r.content_masked == mask_codes(r.content) for r in records)
    assert sum(r.content_masked != r.content for r in records) > 100


def test_the_page_shows_the_stored_masked_column(agent, upstream):
    record = stored_day()[0]
    SmsRecord.objects.filter(pk=record.pk).update(content_masked="【云雀科技】验证码******（已存）")

    html = agent.get("/", {"phone": PHONE, "date": record.send_day.isoformat()}).content.decode()

    assert "验证码******（已存）" in html
    assert CODE not in html


def test_remask_records_recomputes_the_stored_column(capsys):
    record = stored_day()[0]
    SmsRecord.objects.filter(pk=record.pk).update(content_masked=record.content)

    call_command("remask_records")
    call_command("remask_records")

    record.refresh_from_db()
    assert record.content_masked == mask_codes(record.content) != record.content
    assert capsys.readouterr().out.splitlines() == [
        "1 stored contents re-masked.",
        "0 stored contents re-masked.",
    ]


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_column_for_records_stored_before_it(newest_afterwards):
    before, after = (
        [("deliveries", "0001_initial")],
        [("deliveries", "0002_smsrecord_content_masked")],
    )
    old = migrated_to(before)
    fetch = old.get_model("deliveries", "Fetch").objects.create(
        phone=PHONE,
        day="2026-12-01",
        fetched_at="2026-12-01T12:00:00Z",
        total_count=1,
        stored_count=1,
    )
    text = "【鹿鸣快递】取件码11-1-9932，请在当日20:00前领取。"
    old.get_model("deliveries", "SmsRecord").objects.create(
        fetch=fetch, phone=PHONE, send_day="2026-12-01", position=0, status=3, content=text
    )

    # The model as of that migration: later ones add columns the database has not got yet.
    stored = migrated_to(after).get_model("deliveries", "SmsRecord")
    assert stored.objects.get().content_masked == f"【鹿鸣快递】取件码{MASK}，请在当日20:00前领取。"
