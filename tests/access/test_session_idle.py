"""An idle tab is logged out on time: a waiting row's status poll is not the user's activity."""

from __future__ import annotations

import pytest
from django.conf import settings
from support.users import AGENT_PASSWORD

from deliveries.models import SmsRecord, Status
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

POLL_SECONDS = 15  # static/js/app.js


@pytest.fixture
def short_session_agent(client, agent_user, settings):
    """A Support agent who logged in through the login page (a real, saved session)."""
    settings.SESSION_COOKIE_AGE = 300  # SESSION_IDLE_SECONDS, short: fewer polls to make
    client.post("/accounts/login/", {"username": "agent", "password": AGENT_PASSWORD})
    return client


def waiting_row(client) -> str:
    client.get("/", {"phone": reserved.STILL_WAITING})
    record = SmsRecord.objects.filter(status=Status.WAITING).first()
    return f"/records/{record.pk}/status/"


def logged_out(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_polling_alone_does_not_keep_an_idle_session_alive(
    short_session_agent, upstream, pinned_clock
):
    poll = waiting_row(short_session_agent)  # the last thing the user did
    answers = []
    for _ in range(settings.SESSION_COOKIE_AGE // POLL_SECONDS - 1):
        pinned_clock.shift(POLL_SECONDS)
        answers.append(short_session_agent.get(poll, HTTP_ACCEPT="application/json"))
        poll = f"/records/{answers[-1].json()['id']}/status/"  # the id the answer names
    pinned_clock.shift(2 * POLL_SECONDS)  # now past SESSION_IDLE_SECONDS since the search

    after = short_session_agent.get(poll, HTTP_ACCEPT="application/json")

    assert all(answer.status_code == 200 for answer in answers)  # polls work while logged in
    assert logged_out(after)
    assert logged_out(short_session_agent.get("/"))


def test_what_the_user_does_still_keeps_the_session_alive(
    short_session_agent, upstream, pinned_clock
):
    for _ in range(3):
        pinned_clock.shift(settings.SESSION_COOKIE_AGE - 60)
        response = short_session_agent.get("/")

        assert response.status_code == 200


def test_a_poll_leaves_the_session_cookie_alone(short_session_agent, upstream):
    poll = waiting_row(short_session_agent)

    response = short_session_agent.get(poll)

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "Cookie" in response["Vary"]
