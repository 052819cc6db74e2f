"""/api/v1/records and /api/v1/records/{id}: the search page and the record page as JSON."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.stored import CODE, PHONE, stored_day

from access.masking import MASK
from access.models import Action, AuditEntry
from core import failures
from deliveries.filters import DATE_IN_FUTURE
from deliveries.phones import PHONE_REQUIRED
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db


def test_a_search_answers_the_records_their_counts_and_when_each_day_was_fetched(
    agent_api, upstream, past_day
):
    search = {"phone": reserved.HUNDREDS, "date": past_day.isoformat(), "per_page": "20"}

    answer = agent_api.get("/api/v1/records", search).json()

    assert answer["summary"]["sent"] == 420
    assert answer["summary"]["sent"] == sum(
        answer["summary"][name] for name in ("delivered", "failed", "waiting")
    )
    assert (answer["pages"], answer["per_page"], len(answer["records"])) == (21, 20, 20)
    assert [day["day"] for day in answer["days"]] == [past_day.isoformat()]
    assert answer["days"][0]["fetched_at"] is not None
    assert answer["problems"] == []
    assert answer["phone"] == reserved.HUNDREDS


def test_the_second_page_costs_no_call_upstream(agent_api, upstream, past_day):
    search = {"phone": reserved.HUNDREDS, "date": past_day.isoformat()}
    first = agent_api.get("/api/v1/records", search).json()
    calls = len(upstream.calls)

    second = agent_api.get("/api/v1/records", {**search, "page": "2"}).json()

    assert len(upstream.calls) == calls
    assert {r["id"] for r in first["records"]}.isdisjoint(r["id"] for r in second["records"])


def test_the_filters_narrow_the_counts_as_on_the_page(agent_api, upstream, past_day):
    search = {"phone": reserved.HUNDREDS, "date": past_day.isoformat(), "status": "failed"}

    answer = agent_api.get("/api/v1/records", search).json()

    assert answer["summary"]["sent"] == answer["summary"]["failed"] > 0
    assert {r["status"] for r in answer["records"]} == {"failed"}
    assert answer["filters"] == {"status": "failed"}


def test_a_manager_gets_masked_numbers_and_nobody_gets_a_one_time_code(
    manager_api, agent_api, upstream
):
    record = stored_day()[0]
    search = {"phone": PHONE, "date": record.send_day.isoformat()}

    for_manager = manager_api.get("/api/v1/records", search).json()
    for_agent = agent_api.get("/api/v1/records", search).json()
    detail = manager_api.get(f"/api/v1/records/{record.pk}").json()

    assert for_manager["phone"] == "138****1234" and for_agent["phone"] == PHONE
    assert detail["phone"] == "138****1234"
    assert PHONE not in str(for_manager) and PHONE not in str(detail)
    assert all(CODE not in str(answer) for answer in (for_manager, for_agent, detail))
    assert MASK in for_agent["records"][0]["content"] and MASK in detail["content"]


def test_every_search_is_in_the_audit_trail_as_the_pages_are(agent_api, upstream, past_day):
    search = {"phone": reserved.HUNDREDS, "date": past_day.isoformat(), "status": "failed"}

    answer = agent_api.get("/api/v1/records", search).json()
    agent_api.get(answer["records"][0]["url"])

    searched, viewed = AuditEntry.objects.order_by("id")
    assert (searched.action, searched.username, searched.phone) == (
        Action.SEARCH,
        "agent",
        reserved.HUNDREDS,
    )
    assert searched.result_count == answer["summary"]["sent"]
    assert searched.filters == {"status": "failed", "via": "api"}
    assert (viewed.action, viewed.filters) == (
        Action.RECORD_VIEW,
        {"record": answer["records"][0]["id"], "page": "api"},
    )


def test_bad_parameters_get_the_forms_words_and_cost_no_call(agent_api, upstream, today):
    tomorrow = today + timedelta(days=1)

    response = agent_api.get("/api/v1/records", {"date": tomorrow.isoformat(), "page": "x"})

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["phone"] == [PHONE_REQUIRED]
    assert errors["date"] == [DATE_IN_FUTURE]
    assert set(errors) == {"phone", "date", "page"}
    assert upstream.calls == []
    assert not AuditEntry.objects.exists()


@pytest.mark.chinese
def test_the_forms_words_come_in_the_callers_language(agent_api, upstream):
    response = agent_api.get("/api/v1/records", {}, headers={"Accept-Language": "zh-hans"})

    assert response.status_code == 422
    assert response.json()["errors"]["phone"] != [PHONE_REQUIRED]


def test_an_upstream_failure_is_said_as_the_banner_says_it(agent_api, upstream, past_day):
    upstream.sandbox.flow_control.limits["QuerySendDetails"] = 1  # page 1 of 2 only
    search = {"phone": reserved.TWO_PAGES, "date": past_day.isoformat()}

    problems = agent_api.get("/api/v1/records", search).json()["problems"]

    assert [p["code"] for p in problems] == ["throttled"]
    assert problems[0]["message"] == failures.THROTTLED
    assert problems[0]["request_id"]


def test_a_record_answers_as_its_page(agent_api, upstream, past_day):
    search = {"phone": reserved.HUNDREDS, "date": past_day.isoformat(), "status": "failed"}
    row = agent_api.get("/api/v1/records", search).json()["records"][0]

    detail = agent_api.get(row["url"]).json()

    assert detail["id"] == row["id"] and detail["err_code"] == row["err_code"]
    assert detail["explanation"]["meaning"] and detail["explanation"]["tell_customer"]
    assert f"Error code: {row['err_code']}" in detail["escalation_summary"]


def test_an_unknown_record_is_404_and_a_bad_id_422(agent_api, db):
    assert agent_api.get("/api/v1/records/999999").status_code == 404
    assert agent_api.get("/api/v1/records/abc").status_code in (404, 422)
