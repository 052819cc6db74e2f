"""/api/v1/records takes several numbers as the search page does (issue 15, point 10)."""

from __future__ import annotations

import pytest

from access.models import Action, AuditEntry
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

MIXED, GOOD = reserved.EVERY_STATUS, reserved.ALL_DELIVERED


def test_several_numbers_answer_one_list_and_each_numbers_counts(agent_api, upstream, yesterday):
    search = {"phone": f"{MIXED}\n{GOOD}", "date": yesterday.isoformat()}

    answer = agent_api.get("/api/v1/records", search).json()

    assert (answer["phone"], answer["phones"]) == (f"{MIXED},{GOOD}", [MIXED, GOOD])
    assert answer["summary"]["sent"] == 25
    assert [(one["phone"], one["sent"], one["delivered"]) for one in answer["by_phone"]] == [
        (MIXED, 20, 14),
        (GOOD, 5, 5),
    ]
    assert {row["phone"] for row in answer["records"]} == {MIXED, GOOD}
    assert sorted(day["phone"] for day in answer["days"]) == sorted([MIXED, GOOD])
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.phone, entry.filters) == (
        Action.SEARCH,
        f"{MIXED},{GOOD}",
        {"via": "api"},
    )


def test_one_number_answers_as_before_with_no_counts_per_number(agent_api, upstream, yesterday):
    answer = agent_api.get("/api/v1/records", {"phone": MIXED, "date": yesterday}).json()

    assert (answer["phone"], answer["phones"], answer["by_phone"]) == (MIXED, [MIXED], [])
    assert {row["phone"] for row in answer["records"]} == {MIXED}


def test_a_manager_gets_every_number_masked(manager_api, upstream, yesterday):
    search = {"phone": f"{MIXED},{GOOD}", "date": yesterday.isoformat()}

    answer = manager_api.get("/api/v1/records", search).json()

    assert answer["phones"] == ["138****0020", "138****0011"]
    assert MIXED not in str(answer) and GOOD not in str(answer)


def test_a_bad_number_among_several_is_a_422_naming_it(agent_api, upstream, yesterday):
    search = {"phone": f"{MIXED},12345", "date": yesterday.isoformat()}

    response = agent_api.get("/api/v1/records", search)

    assert response.status_code == 422
    assert response.json()["errors"]["phone"] == ["Number 2, 12345, is not a valid phone number."]
    assert upstream.calls == []
