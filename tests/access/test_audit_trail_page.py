"""The audit trail page (/audit/): the Auditor's home, searched by any way of typing a number,
in words and China time, telling a failed search from an empty one, exported as CSV (audited)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from support.sandbox import sandbox_client
from support.stored import PHONE, stored_day
from support.translations import english_phrases, untranslated
from support.users import user_with_role

from access.audit import audit_record
from access.models import Action, AuditEntry, Outcome
from access.roles import AUDITOR, SUPPORT
from access.trail import phone_query
from deliveries.phones import normalise_phone
from dysms.values import CHINA_TZ, Credentials
from dysms_sandbox import reserved
from dysms_sandbox.accounts import INACTIVE_ACCESS_KEY_ID, INACTIVE_ACCESS_KEY_SECRET

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_hashing")]

MAINLAND = "13800138000"


@pytest.fixture
def auditor(client, django_user_model):
    client.force_login(user_with_role(django_user_model, "inspector", AUDITOR))
    return client


def entry(action=Action.SEARCH, *, at: datetime | None = None, **fields) -> AuditEntry:
    made = audit_record(None, action, username=fields.pop("username", "alice"), **fields)
    if at is not None:  # the trail is append-only: the time is set past save()
        AuditEntry.objects.filter(pk=made.pk).update(at=at)
    return made


def shown_ids(response) -> set[int]:
    return {shown.pk for shown in response.context["entries"]}


def test_an_auditor_logging_in_lands_on_the_audit_trail(client, django_user_model):
    user = user_with_role(django_user_model, "inspector", AUDITOR)
    user.set_password("correct-horse-9")
    user.save()

    response = client.post(
        "/accounts/login/", {"username": "inspector", "password": "correct-horse-9"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/audit/"
    assert response.status_code == 200
    assert "<h1>Audit trail</h1>" in response.content.decode()


def test_an_auditor_on_a_record_link_is_pointed_to_the_trail(auditor):
    record = stored_day()[0]

    response = auditor.get(f"/records/{record.pk}/")

    assert response.status_code == 403
    assert 'href="/audit/" id="to-audit-trail"' in response.content.decode()


def test_the_header_links_only_to_the_pages_of_the_role(auditor):
    html = auditor.get("/audit/").content.decode()

    assert 'id="nav-audit-trail"' in html
    assert 'href="/stats/"' not in html


def test_support_may_not_read_the_trail(client, django_user_model):
    client.force_login(user_with_role(django_user_model, "agent", SUPPORT))

    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/", {"_export": "csv"}).status_code == 403


@pytest.mark.parametrize(
    "typed", ["+86 138 0013 8000", "138 0013 8000", "8613800138000", "0086-138-0013-8000"]
)
def test_the_search_finds_a_number_however_it_is_typed(auditor, typed):
    wanted = entry(phone=MAINLAND)
    entry(phone="13900139000")

    response = auditor.get("/audit/", {"phone": typed})

    assert shown_ids(response) == {wanted.pk}


def test_part_of_a_number_finds_every_number_containing_it(auditor):
    both = {entry(phone=MAINLAND).pk, entry(phone="13812341234").pk}
    entry(phone="13900139000")

    assert shown_ids(auditor.get("/audit/", {"phone": "+86 138"})) == both


@pytest.mark.parametrize(
    "typed", ["+86 138 0013 8000", "8613800138000", "+852 9123 4567", "85291234567"]
)
def test_a_whole_number_is_looked_for_as_the_search_stored_it(typed):
    assert phone_query(typed) == normalise_phone(typed)


def test_an_entry_is_titled_in_china_time_with_the_action_in_words(auditor):
    entry(Action.RECORD_VIEW, at=datetime(2026, 3, 4, 2, 5, 6, tzinfo=UTC))

    html = auditor.get("/audit/").content.decode()

    assert "2026-03-04 10:05:06 · alice · Record view" in html


@pytest.mark.chinese
def test_the_trail_reads_chinese_with_the_filters_in_words(auditor):
    at = datetime(2026, 3, 4, 23, 30, tzinfo=CHINA_TZ)  # 15:30 UTC: still the 4th in China
    entry(
        at=at,
        phone=MAINLAND,
        filters={"status": "Failed", "template": "SMS_1", "format": "csv"},
        result_count=0,
        outcome=Outcome.ANSWERED,
    )

    entry(Action.LOGIN_FAILURE, username="mallory", filters={"username": "mallory"})
    entry(Action.PURGE, username="purge", filters={"records": 3, "audit_retention_days": 180})
    entry(Action.EXPORT, filters={"page": "/stats/", "format": "xlsx"}, result_count=7)

    html = auditor.get("/audit/").content.decode()

    assert "2026-03-04 23:30:00 · alice · 查询" in html
    assert "删除的短信记录：3；审计记录保留天数：180" in html
    assert "mallory · 登录失败" in html
    assert "状态：失败；模板：SMS_1；格式：csv" in html
    assert "0 条记录" in html
    assert untranslated(html) == [] and english_phrases(html) == []


def test_the_filters_read_as_words_in_english(auditor):
    entry(filters={"status": "Failed", "q": "验证码"})

    html = auditor.get("/audit/").content.decode()

    assert "Status: Failed; Text: 验证码" in html


def test_a_search_alibaba_cloud_did_not_answer_is_not_an_empty_one(
    agent, django_user_model, install_client, past_day
):
    guarded, _ = sandbox_client()
    guarded.client.credentials = Credentials(INACTIVE_ACCESS_KEY_ID, INACTIVE_ACCESS_KEY_SECRET)
    install_client(guarded)
    agent.get("/", {"phone": MAINLAND, "date": past_day.isoformat()})
    failed = AuditEntry.objects.get()
    install_client(sandbox_client()[0])
    agent.get("/", {"phone": reserved.NO_TRAFFIC, "date": past_day.isoformat()})  # answered, none
    answered = AuditEntry.objects.exclude(pk=failed.pk).get()
    agent.force_login(user_with_role(django_user_model, "inspector", AUDITOR))

    html = agent.get("/audit/").content.decode()

    assert (failed.outcome, failed.result_count) == (Outcome.UPSTREAM_FAILED, 0)
    assert (answered.outcome, answered.result_count) == (Outcome.ANSWERED, 0)
    assert "Alibaba Cloud did not answer; 0 stored records shown" in html
    assert html.count("trail-failed") == 1
    assert ">0 records<" in html


def test_the_trail_filters_by_action_user_and_china_day(auditor):
    late = entry(at=datetime(2026, 3, 4, 23, 30, tzinfo=CHINA_TZ), username="bob")
    entry(Action.LOGIN_SUCCESS, at=datetime(2026, 3, 4, 12, 0, tzinfo=CHINA_TZ), username="bob")
    entry(at=datetime(2026, 3, 5, 0, 30, tzinfo=CHINA_TZ), username="bob")
    entry(at=datetime(2026, 3, 4, 12, 0, tzinfo=CHINA_TZ), username="carol")

    query = {"action": "search", "user": "bo", "date_from": "2026-03-04", "date_to": "2026-03-04"}
    response = auditor.get("/audit/", query)

    assert shown_ids(response) == {late.pk}


def test_the_csv_export_is_streamed_neutralised_and_audited(auditor):
    entry(phone=MAINLAND, filters={"q": "=HYPERLINK(1)"}, result_count=3)
    entry(phone="13900139000")

    response = auditor.get("/audit/", {"phone": "138 0013 8000", "_export": "csv"})

    assert response.streaming
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())  # Excel on Chinese Windows reads it as UTF-8
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Time (China)", "User", "Action"]
    assert len(rows) == 2 and rows[1][3] == MAINLAND
    assert rows[1][5] == "Text: =HYPERLINK(1)"
    exported = AuditEntry.objects.get(action=Action.EXPORT)
    assert exported.username == "inspector" and exported.result_count == 1
    assert exported.filters == {"page": "/audit/", "phone": "138 0013 8000", "format": "csv"}


def test_a_cell_that_would_be_a_formula_is_quoted(auditor):
    entry(username="=cmd|' /C calc'!A0")

    response = auditor.get("/audit/", {"_export": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][1] == "'=cmd|' /C calc'!A0"


def test_a_search_of_the_records_is_still_audited_with_its_number(agent, upstream):
    records = stored_day()

    agent.get("/", {"phone": PHONE, "date": records[0].send_day.isoformat()})

    assert AuditEntry.objects.get().outcome == Outcome.ANSWERED
