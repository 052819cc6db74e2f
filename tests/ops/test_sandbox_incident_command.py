"""``manage.py dysms_sandbox_incident``: an incident the traffic loop picks up, so an alert
fires while it lasts and recovers once it ends (the demo a manager watches under make run)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError
from support.incidents import at_ten, command_output
from support.webhooks import Receiver

from alerts.models import AlertEvent, Channel, Kind, Rule, RuleState
from dysms_sandbox.incidents import incidents_read
from rates.models import SmsReceipt

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_the_sandbox(settings, tmp_path):
    settings.DYSMS_ENDPOINT = "sandbox"
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = ""
    settings.DYSMS_ACCOUNTS = ()
    settings.SANDBOX_STATE_DIR = str(tmp_path)


@pytest.fixture
def webhook():
    with Receiver() as receiver:
        yield receiver


def test_an_incident_is_written_listed_and_ended(settings):
    text = command_output("dysms_sandbox_incident", kind="pump", minutes=10, prefix="1700")

    assert "pump from" in text and "to 1700…" in text
    (incident,) = incidents_read(settings.SANDBOX_STATE_DIR)
    assert incident.prefix == "1700" and (incident.end - incident.start).seconds == 600
    assert "pump" in command_output("dysms_sandbox_incident", list=True)
    command_output("dysms_sandbox_incident", end=True)
    assert "(over)" in command_output("dysms_sandbox_incident", list=True)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"kind": "pump", "prefix": "17x"},
        {"kind": "silence", "minutes": 0},
        {"kind": "degrade", "account": "nobody"},
    ],
)
def test_bad_options_are_refused(options):
    with pytest.raises(CommandError):
        command_output("dysms_sandbox_incident", **options)


def test_a_degraded_sandbox_fires_the_rate_alert_and_its_end_recovers_it(
    webhook, pinned_clock, today
):
    channel = Channel.objects.create(name="hook", url=webhook.url)
    rule = Rule.objects.create(
        name="rate", kind=Kind.DELIVERY_RATE, threshold=50, window_minutes=30, minimum=1
    )
    rule.channels.add(channel)
    RuleState.objects.create(rule=rule)
    at_ten(pinned_clock, today)  # a busy hour of the sandbox's day, whatever the real time
    command_output("dysms_sandbox_incident", kind="degrade", minutes=30)
    pinned_clock.shift(30 * 60)
    command_output("dysms_sandbox_traffic", backfill_hours=0.6)

    assert SmsReceipt.objects.filter(err_code="UNDELIV").exists()
    assert "firing" in command_output("alerts_check")
    assert len(webhook.bodies) == 1

    command_output("dysms_sandbox_incident", end=True)
    pinned_clock.shift(35 * 60)
    command_output("dysms_sandbox_traffic", backfill_hours=0.75)
    assert "resolved" in command_output("alerts_check")
    assert len(webhook.bodies) == 2
    assert AlertEvent.objects.filter(kind="resolved").count() == 1
