"""One failure, one sentence: the search page, a record's status check and the delivery rates
say the same words for the same upstream failure, in English and in Chinese (core.failures).

Each case makes the one process-wide client fail one way (through the transport, the settings
or the circuit breaker), then asks the three pages. A record waiting for its receipt is stored
first, with the sandbox, so that its status check goes upstream too.
"""

from __future__ import annotations

import re

import pytest
import requests
from django.conf import settings as django_settings
from requests.adapters import BaseAdapter
from support.sandbox import sandbox_client, stub_client

from core import failures
from core.circuit import GuardedClient
from core.failures import Failure, Kind
from deliveries.models import SmsRecord, Status
from dysms import DysmsClient
from dysms_sandbox import DEMO_CREDENTIALS, SANDBOX_ENDPOINT, reserved

pytestmark = pytest.mark.django_db

OTHER_KEY = {"LTAI5tSomebodyElse0000000": "x" * 30}


class TimingOut(BaseAdapter):
    """Every request times out, as a silent upstream does."""

    def send(self, request, **kwargs):
        raise requests.ReadTimeout("read timed out")

    def close(self) -> None:
        """Nothing to release."""


def timing_out_client() -> GuardedClient:
    client = DysmsClient(DEMO_CREDENTIALS, endpoint=SANDBOX_ENDPOINT, sleep=lambda _: None)
    client.session.mount(SANDBOX_ENDPOINT, TimingOut())
    return GuardedClient(client)


def no_access_key(settings, install_client):
    settings.DYSMS_ENDPOINT = "https://dysmsapi.aliyuncs.com"
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = ""
    settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = ""


def bad_access_key(settings, install_client):
    install_client(sandbox_client(accounts=OTHER_KEY)[0])


def throttled(settings, install_client):
    body = {"Code": "Throttling.User", "Message": "Request was denied", "RequestId": "R-T"}
    install_client(stub_client(body, status=400)[0])


def timed_out(settings, install_client):
    install_client(timing_out_client())


def server_error(settings, install_client):
    install_client(stub_client({"Message": "busy"}, status=503)[0])


def circuit_open(settings, install_client):
    guarded = install_client(sandbox_client()[0])
    for _ in range(guarded.breaker.threshold):
        guarded.breaker.record_failure()


CASES = {
    "no AccessKey for a real endpoint": (
        no_access_key,
        Failure(Kind.NOT_CONFIGURED, detail="dysmsapi.aliyuncs.com"),
        "No AccessKey is configured for dysmsapi.aliyuncs.com: set ALIBABA_CLOUD_ACCESS_KEY_ID",
    ),
    "bad AccessKey": (
        bad_access_key,
        Failure(Kind.ACCESS_KEY_INVALID),
        failures.ACCESS_KEY_INVALID,
    ),
    "throttled": (throttled, Failure(Kind.THROTTLED), failures.THROTTLED),
    "timed out": (timed_out, Failure(Kind.TIMED_OUT), failures.TIMED_OUT),
    "HTTP 503": (
        server_error,
        Failure(Kind.UNAVAILABLE, http_status=503),
        "Alibaba Cloud is having trouble (HTTP 503)",
    ),
    "circuit open": (
        circuit_open,
        Failure(Kind.CIRCUIT_OPEN, retry_in=django_settings.CIRCUIT_COOLDOWN_SECONDS),
        "Alibaba Cloud is unavailable, retrying in",
    ),
}


@pytest.fixture
def waiting_record(staff, upstream, pinned_clock, settings) -> SmsRecord:
    """A stored record still waiting for its receipt, whose day is no longer fresh."""
    settings.CIRCUIT_FAILURES = 100  # three failing pages must not open the circuit themselves
    staff.get("/", {"phone": reserved.STILL_WAITING})
    pinned_clock.shift(settings.RECORDS_FRESH_SECONDS + 1)
    return SmsRecord.objects.filter(status=Status.WAITING).first()


def banner_sentence(html: str) -> str:
    """The first line of the failure banner as a reader sees it, without its RequestId."""
    banner = re.search(r'<div class="banner banner-error" role="alert" id="problem"[^>]*>(.*?)</p>',
                       html, re.S)  # fmt: skip
    assert banner, "no failure banner"
    text = " ".join(re.sub(r"<[^>]+>", "", banner.group(1)).split())
    return re.sub(r" ?[(（]RequestId [^)）]*[)）]$", "", text)


def words_on_every_page(staff, record: SmsRecord, past_day) -> list[str]:
    search = staff.get("/", {"phone": reserved.ONE_PAGE, "date": past_day.isoformat()})
    status = staff.get(f"/records/{record.pk}/status/").json()
    stats = staff.get("/stats/")
    assert search.status_code == stats.status_code == 200
    return [
        banner_sentence(search.content.decode()),
        status["problem"],
        banner_sentence(stats.content.decode()),
    ]


@pytest.mark.parametrize(("arrange", "failure", "in_english"), CASES.values(), ids=CASES.keys())
def test_one_failure_reads_the_same_on_every_page(
    staff, waiting_record, settings, install_client, past_day, arrange, failure, in_english
):
    arrange(settings, install_client)

    said = words_on_every_page(staff, waiting_record, past_day)

    assert said == [failures.words(failure)] * 3
    assert said[0].startswith(in_english)


@pytest.mark.chinese
@pytest.mark.parametrize(("arrange", "failure", "in_english"), CASES.values(), ids=CASES.keys())
def test_one_failure_reads_the_same_on_every_page_in_chinese(
    staff, waiting_record, settings, install_client, past_day, arrange, failure, in_english
):
    arrange(settings, install_client)

    said = words_on_every_page(staff, waiting_record, past_day)

    assert said == [failures.words(failure)] * 3
    assert "阿里云" in said[0] or "AccessKey" in said[0]
    assert not said[0].startswith(in_english)
