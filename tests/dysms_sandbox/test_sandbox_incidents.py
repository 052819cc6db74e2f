"""The sandbox's incidents change what it pushes: a degraded template fails, a pumped prefix
gets a burst, a silence holds the receipts until it ends; no incident changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from dysms.values import CHINA_TZ
from dysms_sandbox import DEMO_ACCOUNT
from dysms_sandbox.incidents import (
    PUMP_EVERY,
    Incident,
    incidents_ended,
    incidents_read,
    incidents_write,
)
from dysms_sandbox.pushes import receipts_between

# A busy morning hour, two days before any test clock could matter: the sandbox is pure.
START = datetime(2026, 11, 10, 10, 0, tzinfo=CHINA_TZ)
END = START + timedelta(hours=1)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CHINA_TZ)


@pytest.fixture(scope="module")
def usual() -> list[dict]:
    return receipts_between(DEMO_ACCOUNT, START, END)


def test_without_incidents_the_pushes_are_the_usual_ones(usual):
    assert receipts_between(DEMO_ACCOUNT, START, END, ()) == usual
    assert len(usual) > 5


def test_a_degraded_template_fails_during_the_incident_only(usual):
    degrade = Incident("degrade", START + timedelta(minutes=20), END, template="")

    changed = receipts_between(DEMO_ACCOUNT, START, END, (degrade,))

    assert [item["biz_id"] for item in changed] == [item["biz_id"] for item in usual]
    during = [item for item in changed if at(str(item["send_time"])) >= degrade.start]
    before = [
        item
        for item in changed
        if at(str(item["send_time"])) < degrade.start - timedelta(minutes=6)
    ]
    assert during and all(not item["success"] and item["err_code"] == "UNDELIV" for item in during)
    assert any(item["success"] for item in before)
    assert Incident("degrade", START, END, template="SMS_1").degrades(START, "SMS_1")
    assert not Incident("degrade", START, END, template="SMS_1").degrades(START, "SMS_2")


def test_a_pumped_prefix_gets_a_burst_of_sends(usual):
    pump = Incident("pump", START, START + timedelta(minutes=10), prefix="1700")

    changed = receipts_between(DEMO_ACCOUNT, START, END, (pump,))

    pumped = [item for item in changed if str(item["phone_number"]).startswith("1700")]
    assert len(pumped) == 10 * 60 // PUMP_EVERY
    assert all(len(str(item["phone_number"])) == 11 for item in pumped)
    assert len(changed) == len(usual) + len(pumped)


def test_a_silence_holds_the_receipts_until_it_ends(usual):
    silence = Incident("silence", START, START + timedelta(minutes=30))

    during = receipts_between(DEMO_ACCOUNT, START, silence.end, (silence,))
    after = receipts_between(DEMO_ACCOUNT, silence.end, END, (silence,))

    assert during == []
    assert sorted(item["biz_id"] for item in after) == sorted(item["biz_id"] for item in usual)


def test_the_incidents_file_round_trips_and_ends(tmp_path):
    incident = Incident("pump", START, END, account="shop", prefix="1700")
    incidents_write(tmp_path, [incident])

    assert incidents_read(tmp_path) == (incident,)
    (ended,) = incidents_ended(incidents_read(tmp_path), START + timedelta(minutes=5))
    assert ended.end == START + timedelta(minutes=5)


def test_a_missing_or_garbled_file_is_no_incident(tmp_path):
    assert incidents_read(tmp_path) == ()
    (tmp_path / "incidents.json").write_text("{not json")
    assert incidents_read(tmp_path) == ()
